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
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from '../zod.js';
import { validatePlan } from '../../src/plan.js';
import { CLINICAL_BLOB_KINDS, CLINICAL_STORES, exportClinical, mergeClinical, readClinical, type ClinicalBlobKind, type ClinicalRow } from './clinical-records.js';

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

/** What an import did: clients, projects and files written, and what it left because the device's was newer. */
export interface ImportSummary {
  clients: number;
  projects: number;
  files: number;
  /** Of the projects written, how many replaced an older version on this device. */
  replaced: number;
  /** What the device kept because its version is newer than the file's ("Ana: Design A", or a client's name). */
  keptNewer: string[];
}

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
    const [c, p, b, k] = await this.db.transaction('r', clients, projects, blobs, clinical, () => Promise.all([clients.toArray(), projects.toArray(), blobs.toArray(), exportClinical(this.db)]));
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
   * Reads an export file and merges it in (records with the same id are replaced, others kept), all in one
   * transaction. A damaged, foreign or newer file throws RecordsFileError and changes nothing.
   */
  async importAll(file: Blob): Promise<ImportSummary> {
    const { manifest, blobs, clinical } = await readRecordsFile(file);
    const { clients, projects } = this.db;
    return this.db.transaction('rw', clients, projects, this.db.blobs, this.db.clinical, async () => {
      // newer wins: a client or project already on this device with a later updatedAt is kept, never reverted
      const keptNewer: string[] = [];
      const names = new Map(manifest.clients.map((c) => [c.id, c.name]));
      const newClients: Client[] = [];
      for (const c of manifest.clients) {
        const mine = await clients.get(c.id);
        if (mine && mine.updatedAt > c.updatedAt) keptNewer.push(mine.name);
        // the search key is recomputed here, so a hand-edited name or a change of folding rules cannot desynchronise it
        else newClients.push({ ...c, nameKey: foldName(c.name) });
      }
      const newProjects: typeof manifest.projects = [];
      const stale: string[] = [];
      let replaced = 0;
      for (const p of manifest.projects) {
        const mine = await projects.get(p.id);
        if (mine && mine.updatedAt > p.updatedAt) {
          keptNewer.push(`${names.get(p.clientId) ?? 'a client'}: ${mine.title}`);
          continue;
        }
        if (mine) {
          replaced++;
          const kept = new Set([p.photoId, ...p.reports.map((r) => r.blobId)]);
          stale.push(...[mine.photoId, ...mine.reports.map((r) => r.blobId)].filter((id): id is string => !!id && !kept.has(id)));
        }
        newProjects.push(p);
      }
      // the files of the projects kept are not written (they are the older versions' files)
      const skipped = new Set(manifest.projects.filter((p) => !newProjects.includes(p)).flatMap((p) => [p.photoId, ...p.reports.map((r) => r.blobId)]));
      const k = await mergeClinical(this.db, clinical, names);
      keptNewer.push(...k.keptNewer);
      const newBlobs = blobs.filter((b) => !skipped.has(b.id) && !k.skipBlobs.has(b.id));
      await clients.bulkPut(newClients);
      await projects.bulkPut(newProjects);
      await this.db.blobs.bulkDelete(stale);
      await this.db.blobs.bulkPut(newBlobs);
      return { clients: newClients.length, projects: newProjects.length, files: newBlobs.length, replaced, keptNewer };
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

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');
const id = z.string().min(1).max(200);
const fileSchema = z.object({
  app: z.literal('smp-sim'),
  kind: z.literal('records'),
  version: z.union([z.literal(1), z.literal(RECORDS_FILE_VERSION)]),
  exportedAt: iso,
  clients: z.array(
    z.object({ id, name: z.string().trim().min(1), nameKey: z.string(), notes: z.string(), createdAt: iso, updatedAt: iso }),
  ),
  projects: z.array(
    z.object({
      id,
      clientId: id,
      title: z.string(),
      plan: z.unknown(),
      alignment: z.unknown(),
      photoId: id.nullable(),
      reports: z.array(z.object({ blobId: id, fileName: z.string(), createdAt: iso })),
      createdAt: iso,
      updatedAt: iso,
    }),
  ),
  blobs: z.array(
    z.object({ id, clientId: id, kind: z.enum(['photo', 'report', ...CLINICAL_BLOB_KINDS]), type: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: iso }),
  ),
  /** Version 2: the clinical part, checked by clinical-records.ts. */
  clinical: z.unknown().optional(),
});
type RecordsFile = z.infer<typeof fileSchema>;

/** Reads and checks an export file completely, before anything is written. */
async function readRecordsFile(file: Blob): Promise<{ manifest: RecordsFile; blobs: StoredBlob[]; clinical: ClinicalRow[] }> {
  const name = file instanceof File ? file.name : 'the file';
  const refuse = (why: string, cause?: unknown): never => {
    throw new RecordsFileError(`${name} was not imported: ${why}. Nothing was changed.`, { cause });
  };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) refuse('it is not a records export (a .zip made by Export records)');
  let entries: Record<string, Uint8Array> = {};
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    refuse('it is damaged (the zip cannot be read)', e);
  }
  const json = entries['records.json'];
  if (!json) return refuse('it is not a records export (no records.json inside)');
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(json));
  } catch (e) {
    refuse('it is damaged (records.json is not valid JSON)', e);
  }
  const head = raw as { app?: unknown; kind?: unknown; version?: unknown } | null;
  if (head?.app !== 'smp-sim' || head.kind !== 'records') refuse('it is not a smp-sim records export');
  if (typeof head!.version === 'number' && head!.version > RECORDS_FILE_VERSION)
    refuse(`it was made by a newer version of the studio (records file version ${head!.version}; this one reads up to ${RECORDS_FILE_VERSION}): update the studio first`);
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(`it is damaged (${issue.path.join('.') || 'records.json'}: ${issue.message})`);
  }
  const manifest = parsed.data;
  const clientIds = new Set(manifest.clients.map((c) => c.id));
  const blobIds = new Set(manifest.blobs.map((b) => b.id));
  manifest.projects.forEach((p, i) => {
    if (!clientIds.has(p.clientId)) refuse(`it is damaged (projects.${i} belongs to a client that is not in the file)`);
    for (const ref of [p.photoId, ...p.reports.map((r) => r.blobId)])
      if (ref !== null && !blobIds.has(ref)) refuse(`it is damaged (projects.${i} refers to a file that is not in it)`);
    try {
      validatePlan(p.plan);
    } catch (e) {
      refuse(`it holds a plan this studio cannot read (projects.${i}: ${(e as Error).message})`, e);
    }
  });
  const blobs: StoredBlob[] = [];
  for (const [i, b] of manifest.blobs.entries()) {
    if (!clientIds.has(b.clientId)) refuse(`it is damaged (blobs.${i} belongs to a client that is not in the file)`);
    const data = entries[`blobs/${b.id}`];
    if (!data) return refuse(`it is damaged (the ${b.kind} blobs/${b.id} is missing)`);
    if (data.length !== b.size || (await sha256(data)) !== b.sha256) refuse(`it is damaged (the ${b.kind} blobs/${b.id} does not match its checksum)`);
    blobs.push({ id: b.id, clientId: b.clientId, kind: b.kind, blob: new Blob([data as BlobPart], { type: b.type }), createdAt: b.createdAt });
  }
  const clinical = await readClinical(manifest.clinical, clientIds, new Map(manifest.blobs.map((b) => [b.id, b])));
  if (typeof clinical === 'string') return refuse(clinical);
  return { manifest, blobs, clinical };
}
