// A studio project: the plan plus a little UI state, saved as a JSON file or in the browser's storage.
// The client's photo is never part of it (photos are health data and stay where the artist put them).
// Everything here is local: files go out through a Blob URL and <a download>, never over the network.
import { PlanError, type PlanInput, validatePlan } from '../src/plan.js';

/** The project file format this build writes; files with a higher number are refused. */
export const PROJECT_FORMAT = 1;
/** Storage key of the autosaved project (versioned with the format). */
export const STORAGE_KEY = 'smp-sim/project/v1';
/** Storage key where an unreadable stored project is kept instead of being overwritten. */
export const BACKUP_KEY = 'smp-sim/project/v1/unreadable-backup';

/** Small free-form UI state; the fields below are the ones the studio knows, others are kept as they are. */
export interface ProjectUi {
  /** Timeline position, days after the first session. */
  day?: number;
  /** How many sessions are shown (1…sessions). */
  sessionsShown?: number;
  /** Before/after split view on. */
  beforeAfter?: boolean;
  [key: string]: unknown;
}

/** A saved project: app and format identify the file; plan is the user's plan document as written. */
export interface Project {
  app: 'smp-sim';
  format: number;
  /** ISO 8601 time of saving, or null for a bare plan opened as a project. */
  savedAt: string | null;
  plan: PlanInput;
  ui: ProjectUi;
}

/** Thrown by parseProject: `field` is the project field (e.g. `format`, `plan.sessions[1].day`), `value` what was found. */
export class ProjectError extends Error {
  readonly field: string;
  readonly value: unknown;
  constructor(message: string, field: string, value: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProjectError';
    this.field = field;
    this.value = value;
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A new project around a plan, stamped now (or at `savedAt`). */
export function makeProject(plan: PlanInput, ui: ProjectUi = {}, savedAt: Date | null = new Date()): Project {
  return { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: savedAt ? savedAt.toISOString() : null, plan, ui };
}

/** The project as pretty JSON (2-space indent, fixed key order, no photo). */
export function serializeProject(p: Project): string {
  const out = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: p.savedAt, plan: p.plan, ui: p.ui };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Keeps the known UI fields only when they have the right type; unknown small fields pass through. */
function cleanUi(ui: Record<string, unknown>): ProjectUi {
  const out: ProjectUi = { ...ui };
  if ('day' in out && !(typeof out.day === 'number' && Number.isFinite(out.day) && out.day >= 0)) delete out.day;
  if ('sessionsShown' in out && !(Number.isInteger(out.sessionsShown) && (out.sessionsShown as number) >= 0)) delete out.sessionsShown;
  if ('beforeAfter' in out && typeof out.beforeAfter !== 'boolean') delete out.beforeAfter;
  return out;
}

/**
 * Reads a project file (or a bare plan with `version`), checking app, format and the plan (through
 * validatePlan, so older plan versions migrate); throws ProjectError whose message starts with `source`.
 * Unknown UI fields are kept; known UI fields of the wrong type are dropped (UI state never blocks opening).
 */
export function parseProject(text: string, source = 'project file'): Project {
  const fail = (field: string, value: unknown, problem: string): never => {
    throw new ProjectError(`${source}: ${field} ${problem} (got ${show(value)})`, field, value);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const start = text.trimStart().slice(0, 24);
    throw new ProjectError(
      `${source}: is not a project or plan (not JSON: ${(e as Error).message}; it starts with ${show(start)})`,
      '(file)',
      start,
      { cause: e },
    );
  }
  if (!isObject(doc)) return fail('(file)', doc, 'must be a JSON object');

  let planDoc: unknown;
  let project: Project;
  if (!('app' in doc) && 'version' in doc) {
    planDoc = doc; // a bare plan document
    project = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: null, plan: doc as PlanInput, ui: {} };
  } else {
    if (!('app' in doc)) fail('(file)', Object.keys(doc).slice(0, 6), 'is neither an smp-sim project nor a plan: it has no "app" or "version" field');
    if (doc.app !== 'smp-sim') fail('app', doc.app, 'must be "smp-sim": this is not an smp-sim project');
    const format = doc.format;
    if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) fail('format', format, 'must be a whole number ≥ 1');
    if ((format as number) > PROJECT_FORMAT)
      fail('format', format, `is from a newer smp-sim; this build reads project format ${PROJECT_FORMAT} or older`);
    const savedAt = doc.savedAt ?? null;
    if (savedAt !== null && (typeof savedAt !== 'string' || Number.isNaN(Date.parse(savedAt))))
      fail('savedAt', savedAt, 'must be an ISO date and time');
    if (!('plan' in doc)) fail('plan', undefined, 'is missing');
    const ui = doc.ui ?? {};
    if (!isObject(ui)) fail('ui', ui, 'must be an object');
    planDoc = doc.plan;
    project = { app: 'smp-sim', format: format as number, savedAt: savedAt as string | null, plan: doc.plan as PlanInput, ui: cleanUi(ui as Record<string, unknown>) };
  }
  try {
    validatePlan(planDoc);
  } catch (e) {
    if (e instanceof PlanError) {
      throw new ProjectError(`${source}: ${e.message}`, e.path ? `plan.${e.path}` : 'plan', e.value, { cause: e });
    }
    throw e;
  }
  return project;
}

/** The part of the Web Storage API this module uses (localStorage fits; so does a Map-backed fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Result of loadLocal: a project, or null with the reason (null reason: nothing was saved). */
export interface LoadResult {
  project: Project | null;
  reason: string | null;
}

/** Result of saveLocal: ok, or not with the reason (storage full or disabled). */
export interface SaveResult {
  ok: boolean;
  reason: string | null;
}

/**
 * Reads the autosaved project; never throws and never deletes the stored text: a corrupt value is
 * copied to BACKUP_KEY (kept there until a different corrupt value replaces it) and reported in `reason`.
 */
export function loadLocal(storage: StorageLike, key = STORAGE_KEY): LoadResult {
  let text: string | null;
  try {
    text = storage.getItem(key);
  } catch (e) {
    return { project: null, reason: `browser storage cannot be read (${(e as Error).message ?? String(e)})` };
  }
  if (text === null) return { project: null, reason: null };
  try {
    return { project: parseProject(text, 'saved project'), reason: null };
  } catch (e) {
    const kept = backUp(storage, key, text);
    const why = e instanceof Error ? e.message : String(e);
    return { project: null, reason: kept ? `${why}; the stored text is kept under "${backupKeyOf(key)}"` : why };
  }
}

function backupKeyOf(key: string): string {
  return key === STORAGE_KEY ? BACKUP_KEY : `${key}/unreadable-backup`;
}

/** Copies text to the backup key unless it is already there; false when storage refused. */
function backUp(storage: StorageLike, key: string, text: string): boolean {
  try {
    const bk = backupKeyOf(key);
    if (storage.getItem(bk) !== text) storage.setItem(bk, text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores the project under the versioned key; never throws. If the key holds text that does not parse
 * as a project, that text is first copied to the backup key so that saving never silently destroys it.
 */
export function saveLocal(storage: StorageLike, p: Project, key = STORAGE_KEY): SaveResult {
  try {
    const old = storage.getItem(key);
    if (old !== null) {
      try {
        parseProject(old, 'saved project');
      } catch {
        if (!backUp(storage, key, old)) return { ok: false, reason: 'the stored project is unreadable and could not be backed up, so it was not overwritten' };
      }
    }
    storage.setItem(key, serializeProject(p));
    return { ok: true, reason: null };
  } catch (e) {
    const name = (e as { name?: string }).name;
    const full = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
    return { ok: false, reason: full ? 'browser storage is full' : `browser storage refused the project (${(e as Error).message ?? String(e)})` };
  }
}

/** A debounced autosaver: schedule() after each edit, flush() before leaving the page, cancel() to drop a pending save. */
export interface Autosave {
  schedule(p: Project | (() => Project)): void;
  flush(): SaveResult | null;
  cancel(): void;
  readonly pending: boolean;
}

/** Options for createAutosave. */
export interface AutosaveOptions {
  /** Quiet time after the last edit before saving, ms. Default 800. */
  delayMs?: number;
  key?: string;
  /** Called after every save attempt. */
  onSave?: (result: SaveResult) => void;
}

/** Saves the latest scheduled project to storage once edits pause for delayMs (default 800 ms). */
export function createAutosave(storage: StorageLike, opts: AutosaveOptions = {}): Autosave {
  const delay = Math.max(0, opts.delayMs ?? 800);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let next: Project | (() => Project) | null = null;
  const flush = (): SaveResult | null => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (next === null) return null;
    const p = typeof next === 'function' ? next() : next;
    next = null;
    const result = saveLocal(storage, p, opts.key);
    opts.onSave?.(result);
    return result;
  };
  return {
    schedule(p) {
      next = p;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, delay);
    },
    flush,
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      next = null;
    },
    get pending() {
      return next !== null;
    },
  };
}

/** A file name safe on every desktop OS, ending in .smp.json. */
export function projectFileName(name: string): string {
  const base = name
    .replace(/\.smp\.json$|\.json$/i, '')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120);
  return `${base || 'project'}.smp.json`;
}

/** What downloadProject needs from the page; defaults to the real document and URL. */
export interface DownloadEnv {
  document: Pick<Document, 'createElement' | 'body'>;
  URL: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
}

/** Offers the project as a file download (Blob + object URL + <a download>; nothing leaves the device). */
export function downloadProject(p: Project, filename: string, env: DownloadEnv = { document, URL }): string {
  const name = projectFileName(filename);
  const url = env.URL.createObjectURL(new Blob([serializeProject(p)], { type: 'application/json' }));
  const a = env.document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  env.document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking in the same task can cancel the download in some browsers.
    setTimeout(() => env.URL.revokeObjectURL(url), 1000);
  }
  return name;
}
