// Client records on this device: clients, their projects (plan, photo alignment, photo, report history), in
// IndexedDB through Dexie. Nothing leaves the device except through exportAll(), a file the artist saves.
//
// Schema history (IndexedDB versions; each upgrade runs once, inside the browser's upgrade transaction):
//   1  clients(id, name, createdAt); projects(id, clientId, updatedAt) with the photo Blob inside its project.
//   2  photos and report PDFs move to their own table `blobs` (listing projects no longer loads images, and a
//      client's files are found and deleted by clientId); clients gain `nameKey` (folded name, for search),
//      `notes` and `updatedAt`; projects gain `reports`.
//   3  the clinical part (clinical-records.ts): table `clinical` (intake, signed records, visits); blobs gain the
//      kinds 'snapshot' and 'visit'. Export file version 2 adds its rows as `clinical`.
//
// The export file is a zip (fflate, already in the app through jsPDF): `records.json` (readable JSON, with a
// SHA-256 of every file) plus one binary entry per photo or report under `blobs/`. A zip keeps photos as
// bytes (base64 would grow them by a third and a studio's archive of photos could exceed a browser's largest
// string), stores them without recompressing JPEG, and a damaged entry is caught by its checksum.
// Every field of records.json, and the zip's limits, are in records-schema.ts (checked once, at import).
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { validatePlan } from '../../src/plan.js';
import { checkProjectDoc, checkRecordsFile, RECORDS_LIMITS, RecordsSchemaError, type RecordsFileData } from './records-schema.js';
import { readZipDirectory, readZipEntry, ZipLimitError } from './records-zip.js';
import { CLINICAL_STORES, exportClinical, mergeClinical, readClinical, rowBlobIds, type ClinicalBlobKind, type ClinicalRow } from './clinical-records.js';

/** IndexedDB schema version this build opens (migrations from every earlier version run on open). */
export const RECORDS_SCHEMA_VERSION = 3;
/** Export file version this build writes; a file with a higher number is refused. */
export const RECORDS_FILE_VERSION = 2;
/** Default IndexedDB database name. */
export const RECORDS_DB_NAME = 'smp-sim-records';

/** The export's download name for a day, e.g. "smp-sim records 2026-11-30.zip". */
export function recordsFileName(at: Date = new Date()): string {
  return `smp-sim records ${at.toISOString().slice(0, 10)}.zip`;
}

/** A client: the person, not the plan. Dates are ISO 8601 times. */
export interface Client {
  id: string;
  name: string;
  /** The name folded for search: lower case, accents and ligatures removed ("Żółć" → "zolc"). */
  nameKey: string;
  notes: string;
  createdAt: string;
  /** Last change to the client or any of their projects. */
  updatedAt: string;
}

/** One PDF made for a project; the file itself is in the blobs table under blobId. */
export interface ReportEntry {
  blobId: string;
  fileName: string;
  createdAt: string;
}

/** A project of a client: the plan document as the studio wrote it, the photo alignment and the photo's blob id. */
export interface Project {
  id: string;
  clientId: string;
  title: string;
  plan: unknown;
  alignment: unknown;
  photoId: string | null;
  reports: ReportEntry[];
  createdAt: string;
  updatedAt: string;
}

/** A photo or a report PDF, owned by a client (deleted with them). */
export interface StoredBlob {
  id: string;
  clientId: string;
  kind: 'photo' | 'report' | ClinicalBlobKind;
  blob: Blob;
  createdAt: string;
}

/** What an import did: clients, projects and files written, and what it kept of the device's. */
export interface ImportSummary {
  /** Clients, projects and files written (new or replacing the device's version). */
  clients: number;
  projects: number;
  files: number;
  /** Names of the clients that were new to this device. */
  added: string[];
  /** Of the projects written, how many replaced a version on this device, and which ("Ana: Design A"). */
  replaced: number;
  replacedNames: string[];
  /** What the device kept because its version is newer than the file's ("Ana: Design A", or a client's name). */
  keptNewer: string[];
  /** What the device kept because the user chose to keep this device's version of that client. */
  keptMine: string[];
  /** Projects and files whose id another client's record already used on this device: stored under new ids. */
  rekeyed: number;
  /** Clients and projects the device already had in the same version (not written again). */
  unchanged: number;
}

/** A client both on this device and in the file, in versions of different dates: the user may choose. */
export interface ImportConflict {
  clientId: string;
  name: string;
  /** The client's last change on this device and in the file (ISO times). */
  mine: string;
  theirs: string;
}

/** Per conflicting client: the newer version of each record (default), this device's, or the file's. */
export type ImportChoice = 'newer' | 'mine' | 'theirs';
/** Asked once before an import that has conflicts; resolves the choices by client id, or null to cancel. */
export type ChooseImport = (conflicts: ImportConflict[]) => Promise<Record<string, ImportChoice> | null>;

/** Thrown when an import file is refused; nothing was changed. The message is for the artist. */
export class RecordsFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordsFileError';
  }
}

/** The Dexie database (exposed for tests and future migrations; the studio uses the Records methods). */
export type RecordsDb = Dexie & {
  clients: EntityTable<Client, 'id'>;
  projects: EntityTable<Project, 'id'>;
  blobs: EntityTable<StoredBlob, 'id'>;
  clinical: Table<ClinicalRow, string>;
};

/** Version 1's stores, kept so that a version-1 database on a device upgrades (see the history above). */
export const SCHEMA_V1 = { clients: 'id, name, createdAt', projects: 'id, clientId, updatedAt' } as const;
const SCHEMA_V2 = { clients: 'id, nameKey, createdAt, updatedAt', projects: 'id, clientId, updatedAt', blobs: 'id, clientId' } as const;

/** Folds a name for search: NFKD without marks, lower case, and the letters NFKD keeps whole (ł, ø, ß, æ …). */
export function foldName(name: string): string {
  const extra: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ı: 'i' };
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđħßæœþðı]/g, (c) => extra[c]!)
    .replace(/\s+/g, ' ')
    .trim();
}

async function upgradeToV2(tx: Transaction): Promise<void> {
  const now = new Date().toISOString();
  await tx.table('clients').toCollection().modify((c: Record<string, unknown>) => {
    c.nameKey = foldName(String(c.name ?? ''));
    c.notes ??= '';
    c.updatedAt ??= c.createdAt ?? now;
  });
  const projects = tx.table('projects');
  for (const p of (await projects.toArray()) as Record<string, unknown>[]) {
    const { photo, ...rest } = p;
    let photoId: string | null = null;
    if (photo instanceof Blob) {
      photoId = `${String(p.id)}-photo`;
      await tx.table('blobs').add({ id: photoId, clientId: p.clientId, kind: 'photo', blob: photo, createdAt: p.updatedAt ?? now });
    }
    await projects.put({ title: 'Project', alignment: null, reports: [], ...rest, photoId });
  }
}

/** Opens a database with every schema version and its migrations declared. */
export function openDb(name = RECORDS_DB_NAME): RecordsDb {
  // strict: a commit is on disk before it resolves, so a crash right after a save loses nothing
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as RecordsDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(3).stores({ ...SCHEMA_V2, ...CLINICAL_STORES });
  return db;
}

export interface OpenRecordsOptions {
  /** IndexedDB database name (tests use their own). */
  name?: string;
  /** Clock for createdAt/updatedAt (tests pin it). */
  now?: () => Date;
}

/** Opens the records on this device (upgrading an older schema) and asks the browser to keep them (persistent storage). */
export async function openRecords(options: OpenRecordsOptions = {}): Promise<Records> {
  const db = openDb(options.name);
  await db.open();
  let persisted = false;
  try {
    persisted = (await navigator.storage?.persist?.()) ?? false;
  } catch {
    // a browser may refuse outright; the records still work, they may just be evicted under storage pressure
  }
  return new Records(db, persisted, options.now ?? (() => new Date()));
}

const DATE_TOKEN = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function jsonValue(value: unknown, field: string): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (e) {
    throw new TypeError(`${field}: expected plain JSON data (${String(e)})`);
  }
}

/** The records: every change is one transaction, so a failed step leaves nothing half-written. */
export class Records {
  constructor(
    /** The underlying database (tests, migrations). */
    readonly db: RecordsDb,
    /** Whether the browser granted persistent storage (records are not evicted under storage pressure). */
    readonly persisted: boolean,
    private readonly now: () => Date,
  ) {}

  /** Clients whose name contains every word of the query (accents ignored) and whose dates match every YYYY, YYYY-MM or YYYY-MM-DD in it; newest first. */
  async listClients(query = ''): Promise<Client[]> {
    const tokens = foldName(query).split(' ').filter(Boolean);
    const dates = tokens.filter((t) => DATE_TOKEN.test(t));
    const words = tokens.filter((t) => !DATE_TOKEN.test(t));
    const all = await this.db.clients.orderBy('updatedAt').reverse().toArray();
    return all.filter(
      (c) => words.every((w) => c.nameKey.includes(w)) && dates.every((d) => c.createdAt.startsWith(d) || c.updatedAt.startsWith(d)),
    );
  }

  /** One client, or undefined. */
  getClient(id: string): Promise<Client | undefined> {
    return this.db.clients.get(id);
  }

  /** Creates a client (no id) or renames / edits one (with id); returns the stored client. */
  async saveClient(input: { id?: string; name: string; notes?: string }): Promise<Client> {
    const name = String(input.name ?? '').trim();
    if (!name) throw new TypeError(`client.name: expected a name (got ${JSON.stringify(input.name)})`);
    // the limits an export of these records will be read back with (records-schema.ts)
    if (name.length > RECORDS_LIMITS.nameChars) throw new RangeError(`client.name: at most ${RECORDS_LIMITS.nameChars} characters (got ${name.length})`);
    if (input.notes !== undefined && (typeof input.notes !== 'string' || input.notes.length > RECORDS_LIMITS.notesChars))
      throw new RangeError(`client.notes: text of at most ${RECORDS_LIMITS.notesChars} characters (got ${typeof input.notes === 'string' ? `${input.notes.length} characters` : typeof input.notes})`);
    const at = this.now().toISOString();
    return this.db.transaction('rw', this.db.clients, async () => {
      const old = input.id ? await this.db.clients.get(input.id) : undefined;
      if (input.id && !old) throw new RangeError(`client.id: no client ${JSON.stringify(input.id)} on this device`);
      const client: Client = {
        id: old?.id ?? crypto.randomUUID(),
        name,
        nameKey: foldName(name),
        notes: input.notes ?? old?.notes ?? '',
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
      };
      await this.db.clients.put(client);
      return client;
    });
  }

  /** A client's projects, newest first. */
  async listProjects(clientId: string): Promise<Project[]> {
    const list = await this.db.projects.where('clientId').equals(clientId).toArray();
    return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** One project, or undefined. */
  getProject(id: string): Promise<Project | undefined> {
    return this.db.projects.get(id);
  }

  /**
   * Creates (no id) or updates a project. The plan must be a valid plan (validatePlan); `photo`: a Blob replaces
   * the photo, null removes it, undefined keeps it.
   */
  async saveProject(input: { id?: string; clientId: string; title?: string; plan: unknown; alignment?: unknown; photo?: Blob | null }): Promise<Project> {
    validatePlan(input.plan);
    const plan = jsonValue(input.plan, 'project.plan');
    if (input.alignment !== undefined) checkProjectDoc(plan, jsonValue(input.alignment, 'project.alignment'), 'project');
    if (input.title !== undefined && (typeof input.title !== 'string' || input.title.length > RECORDS_LIMITS.nameChars))
      throw new RangeError(`project.title: text of at most ${RECORDS_LIMITS.nameChars} characters (got ${typeof input.title === 'string' ? `${input.title.length} characters` : typeof input.title})`);
    const at = this.now().toISOString();
    const { clients, projects, blobs } = this.db;
    return this.db.transaction('rw', clients, projects, blobs, async () => {
      const client = await clients.get(input.clientId);
      if (!client) throw new RangeError(`project.clientId: no client ${JSON.stringify(input.clientId)} on this device`);
      const old = input.id ? await projects.get(input.id) : undefined;
      if (input.id && !old) throw new RangeError(`project.id: no project ${JSON.stringify(input.id)} on this device`);
      if (old && old.clientId !== input.clientId) throw new RangeError(`project.clientId: project ${old.id} belongs to another client`);
      let photoId = old?.photoId ?? null;
      if (input.photo !== undefined) {
        if (photoId) await blobs.delete(photoId);
        photoId = null;
        if (input.photo) {
          photoId = crypto.randomUUID();
          await blobs.add({ id: photoId, clientId: client.id, kind: 'photo', blob: input.photo, createdAt: at });
        }
      }
      const project: Project = {
        id: old?.id ?? crypto.randomUUID(),
        clientId: client.id,
        title: input.title ?? old?.title ?? 'Project',
        plan,
        alignment: input.alignment === undefined ? (old?.alignment ?? null) : jsonValue(input.alignment, 'project.alignment'),
        photoId,
        reports: old?.reports ?? [],
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
      };
      await projects.put(project);
      await clients.update(client.id, { updatedAt: at });
      return project;
    });
  }

  /** The project's photo, or undefined when it has none. */
  async photo(project: Project): Promise<Blob | undefined> {
    return project.photoId ? (await this.db.blobs.get(project.photoId))?.blob : undefined;
  }

  /** Keeps a report PDF in the project's history; returns its entry. */
  async addReport(projectId: string, pdf: Blob, fileName: string): Promise<ReportEntry> {
    const at = this.now().toISOString();
    const { clients, projects, blobs } = this.db;
    return this.db.transaction('rw', clients, projects, blobs, async () => {
      const project = await projects.get(projectId);
      if (!project) throw new RangeError(`report.projectId: no project ${JSON.stringify(projectId)} on this device`);
      if (fileName.length > RECORDS_LIMITS.fileNameChars) throw new RangeError(`report.fileName: at most ${RECORDS_LIMITS.fileNameChars} characters (got ${fileName.length})`);
      const entry: ReportEntry = { blobId: crypto.randomUUID(), fileName, createdAt: at };
      await blobs.add({ id: entry.blobId, clientId: project.clientId, kind: 'report', blob: pdf, createdAt: at });
      await projects.update(projectId, { reports: [...project.reports, entry], updatedAt: at });
      await clients.update(project.clientId, { updatedAt: at });
      return entry;
    });
  }

  /** A stored report PDF, or undefined. */
  async report(entry: ReportEntry): Promise<Blob | undefined> {
    return (await this.db.blobs.get(entry.blobId))?.blob;
  }

  /** Deletes a project and its photo and reports. */
  async deleteProject(id: string): Promise<void> {
    const { projects, blobs } = this.db;
    await this.db.transaction('rw', projects, blobs, async () => {
      const p = await projects.get(id);
      if (!p) return;
      await blobs.bulkDelete([...(p.photoId ? [p.photoId] : []), ...p.reports.map((r) => r.blobId)]);
      await projects.delete(id);
    });
  }

  /** Every photo of a client (to find copies of them elsewhere on the device before the client is deleted). */
  async clientPhotos(id: string): Promise<Blob[]> {
    const files = await this.db.blobs.where('clientId').equals(id).toArray();
    return files.filter((f) => f.kind === 'photo' || f.kind === 'visit').map((f) => f.blob);
  }

  /** Deletes a client with every project, photo and report of theirs, in one transaction. */
  async deleteClient(id: string): Promise<void> {
    const { clients, projects, blobs, clinical } = this.db;
    await this.db.transaction('rw', clients, projects, blobs, clinical, async () => {
      await clinical.where('clientId').equals(id).delete();
      await blobs.where('clientId').equals(id).delete();
      await projects.where('clientId').equals(id).delete();
      await clients.delete(id);
    });
  }

  /** Every record and file on this device as one zip file (see the top of this file for its layout). */
  async exportAll(): Promise<Blob> {
    const { clients, projects, blobs, clinical } = this.db;
    const [c, p, all, k] = await this.db.transaction('r', clients, projects, blobs, clinical, () =>
      Promise.all([clients.toArray(), projects.toArray(), blobs.toArray(), exportClinical(this.db)]),
    );
    // a file no project or clinical record refers to cannot be reached (and an import refuses it): it is not exported
    const used = new Set([...p.flatMap((x) => [x.photoId, ...x.reports.map((r) => r.blobId)]), ...k.flatMap(rowBlobIds)]);
    const b = all.filter((f) => used.has(f.id));
    const files: Zippable = {};
    const meta = await Promise.all(
      b.map(async (f) => {
        const bytes = new Uint8Array(await f.blob.arrayBuffer());
        files[`blobs/${f.id}`] = [bytes, { level: 0 }];
        return { id: f.id, clientId: f.clientId, kind: f.kind, type: f.blob.type, size: bytes.length, sha256: await sha256(bytes), createdAt: f.createdAt };
      }),
    );
    const manifest: RecordsFile = { app: 'smp-sim', kind: 'records', version: RECORDS_FILE_VERSION, exportedAt: this.now().toISOString(), clients: c, projects: p, blobs: meta, clinical: k };
    files['records.json'] = [strToU8(JSON.stringify(manifest, null, 1)), { level: 6 }];
    return new Blob([zipSync(files) as BlobPart], { type: 'application/zip' });
  }

  /**
   * The clients of an export file that this device also has, in versions of other dates (for the user to choose
   * before importAll). Throws RecordsFileError for a file that would be refused.
   */
  async conflicts(file: Blob): Promise<ImportConflict[]> {
    return this.findConflicts((await readRecordsFile(file)).manifest);
  }

  private async findConflicts(m: RecordsFileData): Promise<ImportConflict[]> {
    const { clients, projects } = this.db;
    return this.db.transaction('r', clients, projects, async () => {
      const out: ImportConflict[] = [];
      for (const c of m.clients) {
        const mine = await clients.get(c.id);
        if (!mine) continue;
        let differs = mine.updatedAt !== c.updatedAt;
        for (const p of m.projects) {
          if (differs) break;
          if (p.clientId !== c.id) continue;
          const d = await projects.get(p.id);
          differs = !!d && d.clientId === c.id && d.updatedAt !== p.updatedAt;
        }
        if (differs) out.push({ clientId: c.id, name: mine.name, mine: mine.updatedAt, theirs: c.updatedAt });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /**
   * Reads an export file and merges it in, all in one transaction. Records with the same id are the same record:
   * the newer version wins unless `choose` (asked once when some client is on both sides in other versions) picks
   * this device's or the file's for that client. A project or file whose id belongs to another client's record on
   * this device is stored under a new id (it never takes or moves that record). A damaged, foreign, oversized or
   * newer file throws RecordsFileError and changes nothing; so does a cancelled choice.
   */
  async importAll(file: Blob, choose?: ChooseImport): Promise<ImportSummary> {
    const { manifest, blobs, clinical } = await readRecordsFile(file);
    let choices: Record<string, ImportChoice> = {};
    if (choose) {
      const conflicts = await this.findConflicts(manifest);
      if (conflicts.length) {
        const picked = await choose(conflicts);
        if (!picked) throw new RecordsFileError(`${file instanceof File ? file.name : 'The file'} was not imported: the import was cancelled. Nothing was changed.`);
        choices = picked;
      }
    }
    const { clients, projects } = this.db;
    const files = new Map(blobs.map((b) => [b.id, b]));
    return this.db.transaction('rw', clients, projects, this.db.blobs, this.db.clinical, async () => {
      // a clinical record or picture whose id another client's record has on this device is refused (it must never
      // replace or be deleted with that client's record)
      for (const r of clinical) {
        const there = await this.db.clinical.get(r.id);
        if (there && there.clientId !== r.clientId) throw new RecordsFileError(`${file instanceof File ? file.name : 'The file'} was not imported: its clinical record ${JSON.stringify(r.id)} has the id of another client's record on this device. Nothing was changed.`);
        for (const b of rowBlobIds(r)) {
          const f = await this.db.blobs.get(b);
          if (f && f.clientId !== r.clientId) throw new RecordsFileError(`${file instanceof File ? file.name : 'The file'} was not imported: its clinical picture ${JSON.stringify(b)} has the id of another client's file on this device. Nothing was changed.`);
        }
      }
      const s: ImportSummary = { clients: 0, projects: 0, files: 0, added: [], replaced: 0, replacedNames: [], keptNewer: [], keptMine: [], rekeyed: 0, unchanged: 0 };
      const choice = (clientId: string): ImportChoice => (Object.hasOwn(choices, clientId) ? choices[clientId]! : 'newer');
      /** Whether the file's version replaces the device's (`mine`), by the client's choice or, by default, the newer. */
      const takeTheirs = (clientId: string, mine: { updatedAt: string }, theirs: { updatedAt: string }, label: string): boolean => {
        const c = choice(clientId);
        if (c === 'theirs') return true;
        if (c === 'mine') {
          if (mine.updatedAt !== theirs.updatedAt) s.keptMine.push(label);
          else s.unchanged++;
          return false;
        }
        if (mine.updatedAt > theirs.updatedAt) s.keptNewer.push(label);
        else if (mine.updatedAt === theirs.updatedAt) s.unchanged++; // the same version: nothing to write
        return mine.updatedAt < theirs.updatedAt;
      };
      const names = new Map(manifest.clients.map((c) => [c.id, c.name]));
      const newClients: Client[] = [];
      for (const c of manifest.clients) {
        const mine = await clients.get(c.id);
        if (mine && !takeTheirs(c.id, mine, c, mine.name)) {
          names.set(c.id, mine.name);
          continue;
        }
        if (!mine) s.added.push(c.name);
        // the search key is recomputed here, so a hand-edited name or a change of folding rules cannot desynchronise it
        newClients.push({ ...c, nameKey: foldName(c.name) });
      }
      const newProjects: Project[] = [];
      const newBlobs: StoredBlob[] = [];
      const stale: string[] = [];
      for (const p of manifest.projects) {
        let mine = await projects.get(p.id);
        let id = p.id;
        if (mine && mine.clientId !== p.clientId) {
          // another client's project has this id: this one is a different project and gets its own id
          id = crypto.randomUUID();
          mine = undefined;
          s.rekeyed++;
        }
        const label = `${names.get(p.clientId) ?? 'a client'}: ${mine?.title ?? p.title}`;
        if (mine && !takeTheirs(p.clientId, mine, p, label)) continue;
        const owned = new Set(mine ? [mine.photoId, ...mine.reports.map((r) => r.blobId)] : []);
        /** The id a file of this project is stored under: its own, unless a record it does not own on this device has it. */
        const fileId = async (ref: string): Promise<string> => {
          const there = await this.db.blobs.get(ref);
          const keep = !there || (owned.has(ref) && there.clientId === p.clientId);
          const to = keep ? ref : crypto.randomUUID();
          if (!keep) s.rekeyed++;
          const f = files.get(ref)!;
          newBlobs.push({ ...f, id: to });
          return to;
        };
        const photoId = p.photoId === null ? null : await fileId(p.photoId);
        const reports: ReportEntry[] = [];
        for (const r of p.reports) reports.push({ ...r, blobId: await fileId(r.blobId) });
        if (mine) {
          s.replaced++;
          s.replacedNames.push(label);
          const kept = new Set([photoId, ...reports.map((r) => r.blobId)]);
          stale.push(...[...owned].filter((x): x is string => !!x && !kept.has(x)));
        }
        newProjects.push({ ...p, id, photoId, reports });
      }
      // the clinical part: signed records are added, never replaced; intakes and visits newer wins (clinical-records.ts)
      const k = await mergeClinical(this.db, clinical, names);
      s.keptNewer.push(...k.keptNewer);
      for (const id of new Set(clinical.flatMap(rowBlobIds))) if (!k.skipBlobs.has(id)) newBlobs.push(files.get(id)!);
      await clients.bulkPut(newClients);
      await projects.bulkPut(newProjects);
      await this.db.blobs.bulkDelete(stale);
      await this.db.blobs.bulkPut(newBlobs);
      Object.assign(s, { clients: newClients.length, projects: newProjects.length, files: newBlobs.length });
      return s;
    });
  }

  /** Closes the database connection. */
  close(): void {
    this.db.close();
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
}

type RecordsFile = RecordsFileData;
const BLOB_ENTRY = /^blobs\/(.+)$/;

/**
 * Reads and checks an export file completely, before anything is written: the zip's directory against the
 * limits (nothing inflated yet), records.json against the schema (records-schema.ts), then every file, inflated
 * within its declared size and checked against its SHA-256. An entry nothing refers to is refused.
 */
async function readRecordsFile(file: Blob): Promise<{ manifest: RecordsFile; blobs: StoredBlob[]; clinical: ClinicalRow[] }> {
  const name = file instanceof File ? file.name : 'the file';
  const refuse = (why: string, cause?: unknown): never => {
    throw new RecordsFileError(`${name} was not imported: ${why}. Nothing was changed.`, { cause });
  };
  const L = RECORDS_LIMITS;
  if (file.size > L.totalBytes) refuse(`it is ${file.size} bytes, more than a records export may be (${L.totalBytes})`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) refuse('it is not a records export (a .zip made by Export records)');
  try {
    const dir = readZipDirectory(bytes, L.entries);
    const json = dir.find((e) => e.name === 'records.json');
    if (!json) return refuse('it is not a records export (no records.json inside)');
    // every size as the directory declares it, before anything is inflated
    let total = 0;
    for (const e of dir) {
      const max = e === json ? L.manifestBytes : Math.max(L.photoBytes, L.reportBytes);
      if (e !== json && !BLOB_ENTRY.test(e.name)) refuse(`its entry ${JSON.stringify(e.name)} is not part of a records export`);
      if (e.size > max) refuse(`its entry ${JSON.stringify(e.name)} declares ${e.size} bytes, more than the limit of ${max}`);
      total += e.size;
    }
    if (total > L.totalBytes) refuse(`its entries declare ${total} bytes in all, more than the limit of ${L.totalBytes}`);
    let raw: unknown;
    try {
      raw = JSON.parse(strFromU8(readZipEntry(bytes, json)));
    } catch (e) {
      if (e instanceof ZipLimitError) throw e;
      refuse('it is damaged (records.json is not valid JSON)', e);
    }
    const head = raw as { app?: unknown; kind?: unknown; version?: unknown } | null;
    if (head?.app !== 'smp-sim' || head.kind !== 'records') refuse('it is not a smp-sim records export');
    if (typeof head!.version === 'number' && head!.version > RECORDS_FILE_VERSION)
      refuse(`it was made by a newer version of the studio (records file version ${head!.version}; this one reads up to ${RECORDS_FILE_VERSION}): update the studio first`);
    let manifest: RecordsFile;
    try {
      manifest = checkRecordsFile(raw);
    } catch (e) {
      if (e instanceof RecordsSchemaError) return refuse(`it is damaged or was changed by hand (${e.message})`, e);
      throw e;
    }
    const metas = new Map(manifest.blobs.map((b) => [b.id, b]));
    for (const e of dir) {
      const id = BLOB_ENTRY.exec(e.name)?.[1];
      if (id === undefined) continue;
      const b = metas.get(id);
      if (!b) refuse(`its entry ${JSON.stringify(e.name)} is not referred to by records.json`);
      else if (e.size !== b.size) refuse(`it is damaged (the ${b.kind} blobs/${b.id} declares ${e.size} bytes, records.json ${b.size})`);
    }
    const entries = new Map(dir.map((e) => [e.name, e]));
    const blobs: StoredBlob[] = [];
    for (const b of manifest.blobs) {
      const entry = entries.get(`blobs/${b.id}`);
      if (!entry) return refuse(`it is damaged (the ${b.kind} blobs/${b.id} is missing)`);
      const data = readZipEntry(bytes, entry);
      if ((await sha256(data)) !== b.sha256) refuse(`it is damaged (the ${b.kind} blobs/${b.id} does not match its checksum)`);
      blobs.push({ id: b.id, clientId: b.clientId, kind: b.kind, blob: new Blob([data as BlobPart], { type: b.type }), createdAt: b.createdAt });
    }
    const clinical = await readClinical(manifest.clinical, new Set(manifest.clients.map((c) => c.id)), metas);
    if (typeof clinical === 'string') return refuse(clinical);
    return { manifest, blobs, clinical };
  } catch (e) {
    if (e instanceof ZipLimitError) return refuse(e.message, e);
    throw e;
  }
}
