// A studio project: the plan, the plan's placement on the photo, a little UI state, and — only when the user
// ticks "include photo" at save — the photo itself (it is health data: off by default). Saved as a JSON file
// or in the browser's own storage. Everything here is local: files go out through a Blob URL and
// <a download>, never over the network.
// Format history: 1 = plan + ui; 2 adds `align` (the plan's placement on the photo) and the optional `photo`.
import { PlanError, type PlanInput, validatePlan } from '../src/plan.js';
import type { ScalpView } from '../src/view.js';
import { validateConsult, type ConsultSettings } from './app/consult-state.js';
import type { HeadFit } from '../src/head/model.js';
import { designsProblem, headProblem, MAX_PROJECT_CHARS, photoProblem, shapeProblem, uiProblem } from './project-check.js';

/** The project file format this build writes; files with a higher number are refused. */
export const PROJECT_FORMAT = 2;
export { MAX_PHOTO_BYTES, MAX_UI_CHARS } from './project-check.js';

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

/** A photo embedded in a project file: its file name, MIME type and bytes as base64. */
export interface ProjectPhoto {
  name: string;
  type: string;
  base64: string;
}

/** A saved project: app and format identify the file; plan is the user's plan document as written. */
export interface Project {
  app: 'smp-sim';
  format: number;
  /** ISO 8601 time of saving, or null for a bare plan opened as a project. */
  savedAt: string | null;
  plan: PlanInput;
  /** The plan's placement on the client photo (scalp mm → photo px), or null (sample scalp, or not aligned yet). */
  align: ScalpView | null;
  ui: ProjectUi;
  /** The photo, only when the user chose to include it. */
  photo?: ProjectPhoto;
  /** The active design's name. */
  name?: string;
  /** Other designs kept to compare (at most 2). */
  designs?: { name: string; plan: PlanInput }[];
  /** Consultation settings (client, concern, booking, price book). */
  consult?: ConsultSettings;
  /** The head fitted to the photo (it places the plan instead of `align` when present). */
  head?: HeadFit | null;
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
export function makeProject(
  plan: PlanInput,
  ui: ProjectUi = {},
  savedAt: Date | null = new Date(),
  align: ScalpView | null = null,
  photo?: ProjectPhoto,
): Project {
  const p: Project = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: savedAt ? savedAt.toISOString() : null, plan, align, ui };
  if (photo) p.photo = photo;
  return p;
}

/** The project as pretty JSON (2-space indent, fixed key order); the photo only when the project carries one. */
export function serializeProject(p: Project): string {
  const out: Record<string, unknown> = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: p.savedAt, plan: p.plan, align: p.align ?? null, ui: p.ui };
  if (p.name) out.name = p.name;
  if (p.designs?.length) out.designs = p.designs;
  if (p.consult) out.consult = p.consult;
  if (p.head) out.head = p.head;
  if (p.photo) out.photo = { name: p.photo.name, type: p.photo.type, base64: p.photo.base64 };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Checks an alignment's numbers; returns a problem in words, or null when it is usable. */
export function alignProblem(a: unknown): { field: string; value: unknown; problem: string } | null {
  if (a === null) return null;
  if (!isObject(a)) return { field: 'align', value: a, problem: 'must be an object or null' };
  for (const k of ['pxPerMm', 'originX', 'originY', 'rotation']) {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 1e7) return { field: `align.${k}`, value: v, problem: 'must be a finite number' };
  }
  if (!((a.pxPerMm as number) > 0)) return { field: 'align.pxPerMm', value: a.pxPerMm, problem: 'must be > 0' };
  if (a.squash !== undefined && !(typeof a.squash === 'number' && a.squash > 0 && a.squash <= 4))
    return { field: 'align.squash', value: a.squash, problem: 'must be a number in (0, 4]' };
  const extra = Object.keys(a).find((k) => !['pxPerMm', 'originX', 'originY', 'rotation', 'squash'].includes(k));
  if (extra !== undefined) return { field: `align.${JSON.stringify(extra)}`, value: a[extra], problem: 'is not an alignment field' };
  return null;
}

/** Bytes → base64 (chunked: no call-stack limit on large photos). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** base64 → bytes; throws a ProjectError naming `photo.base64` on text that is not base64 (parseProject refuses it first). */
export function base64ToBytes(b64: string): Uint8Array {
  let s: string;
  try {
    s = atob(b64);
  } catch (e) {
    throw new ProjectError(`photo.base64 must be base64 (got ${show(b64.slice(0, 12))}, ${b64.length} characters)`, 'photo.base64', b64.slice(0, 12), { cause: e });
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The fields of a project file (format 2; format 1 has the first five). */
const PROJECT_FIELDS = ['app', 'format', 'savedAt', 'plan', 'align', 'ui', 'name', 'designs', 'consult', 'head', 'photo'];

/**
 * Reads a project file (or a bare plan with `version`), checking every field once: the file's size, nesting and
 * texts (project-check.ts), app, format, the plan (through validatePlan, so older plan versions migrate), the
 * alignment, the fitted head, the UI state, the designs, the consultation and the photo; throws ProjectError naming
 * the field and the value, its message starting with `source`. Unknown UI fields are kept (within the UI's size).
 */
export function parseProject(text: string, source = 'project file'): Project {
  const fail = (field: string, value: unknown, problem: string): never => {
    throw new ProjectError(`${source}: ${field} ${problem} (got ${show(value)})`, field, value);
  };
  if (typeof text !== 'string') fail('(file)', typeof text, 'must be text');
  if (text.length > MAX_PROJECT_CHARS)
    fail('(file)', `${text.length.toLocaleString('en')} characters`, `is too large for a project (at most ${MAX_PROJECT_CHARS.toLocaleString('en')} characters, the photo included)`);
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
  const shape = shapeProblem(doc);
  if (shape) fail(shape.field, shape.value, shape.problem);

  let planDoc: unknown;
  let project: Project;
  if (!('app' in doc) && 'version' in doc) {
    planDoc = doc; // a bare plan document
    project = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: null, plan: doc as PlanInput, align: null, ui: {} };
  } else {
    if (!('app' in doc)) fail('(file)', Object.keys(doc).slice(0, 6), 'is neither an smp-sim project nor a plan: it has no "app" or "version" field');
    if (doc.app !== 'smp-sim') fail('app', doc.app, 'must be "smp-sim": this is not an smp-sim project');
    const format = doc.format;
    if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) fail('format', format, 'must be a whole number ≥ 1');
    if ((format as number) > PROJECT_FORMAT)
      fail('format', format, `is from a newer smp-sim; this build reads project format ${PROJECT_FORMAT} or older`);
    const extra = Object.keys(doc).find((k) => !PROJECT_FIELDS.includes(k));
    if (extra !== undefined) fail(extra, doc[extra], `is not a field of a project (${PROJECT_FIELDS.join(', ')})`);
    const savedAt = doc.savedAt ?? null;
    if (savedAt !== null && (typeof savedAt !== 'string' || savedAt.length > 40 || Number.isNaN(Date.parse(savedAt))))
      fail('savedAt', savedAt, 'must be an ISO date and time');
    if (!('plan' in doc)) fail('plan', undefined, 'is missing');
    const ui = doc.ui ?? {};
    const badUi = uiProblem(ui);
    if (badUi) fail(badUi.field, badUi.value, badUi.problem);
    // format 1 → 2: no alignment was saved (the plan was re-placed by hand on each photo)
    const align = (format as number) >= 2 ? (doc.align ?? null) : null;
    const bad = alignProblem(align);
    if (bad) fail(bad.field, bad.value, bad.problem);
    planDoc = doc.plan;
    project = {
      app: 'smp-sim',
      format: PROJECT_FORMAT,
      savedAt: savedAt as string | null,
      plan: doc.plan as PlanInput,
      align: align as ScalpView | null,
      ui: { ...(ui as ProjectUi) },
    };
    if ((format as number) >= 2) {
      if (doc.name !== undefined) {
        if (typeof doc.name !== 'string' || doc.name.length > 60) fail('name', doc.name, 'must be a design name of up to 60 characters');
        project.name = doc.name as string;
      }
      if (doc.designs !== undefined) {
        const badDesigns = designsProblem(doc.designs);
        if (badDesigns) fail(badDesigns.field, badDesigns.value, badDesigns.problem);
        (doc.designs as { plan: unknown }[]).forEach((d, i) => {
          try {
            validatePlan(d.plan);
          } catch (e) {
            if (e instanceof PlanError) throw new ProjectError(`${source}: designs[${i}].${e.message}`, `designs[${i}].plan${e.path ? `.${e.path}` : ''}`, e.value, { cause: e });
            throw e;
          }
        });
        project.designs = doc.designs as { name: string; plan: PlanInput }[];
      }
      if (doc.head !== undefined && doc.head !== null) {
        const badHead = headProblem(doc.head);
        if (badHead) fail(badHead.field, badHead.value, badHead.problem);
        project.head = doc.head as unknown as HeadFit;
      }
      if (doc.consult !== undefined) {
        try {
          project.consult = validateConsult(doc.consult);
        } catch (e) {
          const field = /^(consult\.[^:]*): /.exec((e as Error).message)?.[1] ?? 'consult';
          throw new ProjectError(`${source}: ${(e as Error).message}`, field, doc.consult, { cause: e });
        }
      }
      if (doc.photo !== undefined && doc.photo !== null) {
        const badPhoto = photoProblem(doc.photo);
        if (badPhoto) fail(badPhoto.field, badPhoto.value, badPhoto.problem);
        const { name, type, base64 } = doc.photo as unknown as ProjectPhoto;
        project.photo = { name, type, base64 };
      }
    }
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
