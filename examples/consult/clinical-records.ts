// The clinical part of a client's record (issue 21), kept apart from records.ts so that its schema is one piece:
// the intake (template and answers), the signed records (consent, hairline sign-off: sealed, append-only) and the
// follow-up visits (a photo, the areas marked, the darkness measured). One Dexie table `clinical`; the pictures
// (sign-off snapshots, visit photos) live in the records' `blobs` table under the client, so deleting a client
// deletes them and the export carries them with their checksums. records.ts calls the hooks at the bottom.
import type { RecordsDb } from './records.js';
import { z } from '../zod.js';
import {
  sealSigned,
  sha256Hex,
  validateIntakeAnswers,
  validateIntakeTemplate,
  verifySigned,
  type IntakeAnswers,
  type IntakeTemplate,
  type SignInput,
  type SignedFile,
  type SignedRecord,
} from '../../src/consult/index.js';
import type { VisitMark, VisitMeasure } from '../../src/consult/visits.js';

/** The Dexie store this part adds (records schema version 3). */
export const CLINICAL_STORES = { clinical: 'id, clientId, kind' } as const;

/** Blob kinds this part stores in the records' blobs table. */
export const CLINICAL_BLOB_KINDS = ['snapshot', 'visit'] as const;
export type ClinicalBlobKind = (typeof CLINICAL_BLOB_KINDS)[number];

/** A follow-up visit: the photo taken, the day of the plan it shows, the areas that need more, the darkness measured. */
export interface Visit {
  projectId: string | null;
  /** Local date of the visit, YYYY-MM-DD. */
  date: string;
  /** Days after session 1 the visit falls on (the simulated picture's day). */
  day: number;
  /** "Session 3", "Touch-up", … */
  label: string;
  photoId: string;
  /** Areas the consultant marked as needing more, in fractions of the photo (x, y of the centre, r of its width). */
  marks: VisitMark[];
  /** The darkness measured in the photo against the simulated picture (see src/consult/visits.ts), or null. */
  measured: VisitMeasure | null;
  note: string;
  createdAt: string;
}

/** A row of the clinical table. */
export type ClinicalRow =
  | { id: string; kind: 'intake'; clientId: string; updatedAt: string; template: IntakeTemplate; answers: IntakeAnswers }
  | { id: string; kind: 'signed'; clientId: string; updatedAt: string; record: SignedRecord }
  | { id: string; kind: 'visit'; clientId: string; updatedAt: string; visit: Visit };

/** The tables this part reads and writes (the records' database). */
export type ClinicalDb = RecordsDb;

const intakeId = (clientId: string) => `intake-${clientId}`;

/** A client's intake, consent and sign-offs, and visits, on this device. */
export class ClinicalRecords {
  constructor(
    private readonly db: ClinicalDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async touch(clientId: string, at: string): Promise<void> {
    await this.db.clients.update(clientId, { updatedAt: at });
  }

  private async client(clientId: string): Promise<void> {
    if (!(await this.db.clients.get(clientId))) throw new RangeError(`clientId: no client ${JSON.stringify(clientId)} on this device`);
  }

  /** The client's intake (template and answers), or undefined. */
  async intake(clientId: string): Promise<{ template: IntakeTemplate; answers: IntakeAnswers; updatedAt: string } | undefined> {
    const r = await this.db.clinical.get(intakeId(clientId));
    return r?.kind === 'intake' ? { template: r.template, answers: r.answers, updatedAt: r.updatedAt } : undefined;
  }

  /** Saves the client's intake; the template and the answers are checked first (IntakeError names the field). */
  async saveIntake(clientId: string, template: unknown, answers: unknown): Promise<void> {
    const t = validateIntakeTemplate(template);
    const a = validateIntakeAnswers(t, answers);
    const at = this.now().toISOString();
    await this.db.transaction('rw', this.db.clinical, this.db.clients, async () => {
      await this.client(clientId);
      await this.db.clinical.put({ id: intakeId(clientId), kind: 'intake', clientId, updatedAt: at, template: t, answers: a });
      await this.touch(clientId, at);
    });
  }

  /** The client's signed records, oldest first. */
  async signed(clientId: string): Promise<SignedRecord[]> {
    const rows = await this.db.clinical.where('clientId').equals(clientId).toArray();
    return rows.flatMap((r) => (r.kind === 'signed' ? [r.record] : [])).sort((a, b) => a.signedAt.localeCompare(b.signedAt) || a.version - b.version);
  }

  /**
   * Signs: seals a new record as the next version (the earlier ones are never touched) with its pictures stored
   * beside it. Resolves to the record; throws SignOffError for an empty signature or signer.
   */
  async sign(input: Omit<SignInput, 'id' | 'signedAt' | 'files'> & { pictures?: { role: SignedFile['role']; blob: Blob }[] }): Promise<SignedRecord> {
    await this.client(input.clientId);
    const at = this.now().toISOString();
    const files: SignedFile[] = [];
    const stored: { id: string; blob: Blob }[] = [];
    for (const p of input.pictures ?? []) {
      const id = crypto.randomUUID();
      files.push({ role: p.role, blobId: id, type: p.blob.type, sha256: await sha256Hex(new Uint8Array(await p.blob.arrayBuffer())) });
      stored.push({ id, blob: p.blob });
    }
    const existing = await this.signed(input.clientId);
    // sealed before the transaction (WebCrypto is not IndexedDB: awaiting it inside would end the transaction)
    const record = await sealSigned({ ...input, id: crypto.randomUUID(), signedAt: at, files }, existing);
    await this.db.transaction('rw', this.db.clinical, this.db.blobs, this.db.clients, async () => {
      const now = (await this.db.clinical.where('clientId').equals(input.clientId).toArray()).filter((r) => r.kind === 'signed').length;
      if (now !== existing.length) throw new Error('Another tab signed for this client at the same moment: sign again.');
      for (const s of stored) await this.db.blobs.add({ id: s.id, clientId: input.clientId, kind: 'snapshot', blob: s.blob, createdAt: at });
      await this.db.clinical.add({ id: record.id, kind: 'signed', clientId: input.clientId, updatedAt: at, record });
      await this.touch(input.clientId, at);
    });
    return record;
  }

  /** Whether a signed record is as it was signed: its digest, and each of its pictures' bytes against the checksum sealed with it. */
  async verify(r: SignedRecord): Promise<boolean> {
    if (!(await verifySigned(r))) return false;
    for (const f of r.files) {
      const blob = await this.picture(f.blobId);
      if (!blob || (await sha256Hex(new Uint8Array(await blob.arrayBuffer()))) !== f.sha256) return false;
    }
    return true;
  }

  /** A stored picture (a sign-off snapshot or a visit photo), or undefined. */
  async picture(blobId: string): Promise<Blob | undefined> {
    return (await this.db.blobs.get(blobId))?.blob;
  }

  /** The client's visits, in date order, with their ids. */
  async visits(clientId: string): Promise<(Visit & { id: string })[]> {
    const rows = await this.db.clinical.where('clientId').equals(clientId).toArray();
    return rows.flatMap((r) => (r.kind === 'visit' ? [{ ...r.visit, id: r.id }] : [])).sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  }

  /** Adds a visit with its photo. */
  async addVisit(clientId: string, input: { projectId: string | null; date: string; day: number; label: string; photo: Blob; note?: string }): Promise<Visit & { id: string }> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw new RangeError(`visit.date: expected YYYY-MM-DD (got ${JSON.stringify(input.date)})`);
    if (!(Number.isInteger(input.day) && input.day >= 0 && input.day <= 3650)) throw new RangeError(`visit.day: expected whole days 0–3650 after session 1 (got ${input.day})`);
    if (!/^image\/(jpeg|png|webp)$/.test(input.photo.type)) throw new RangeError(`visit.photo: expected a JPEG, PNG or WebP photo (got ${JSON.stringify(input.photo.type)})`);
    const at = this.now().toISOString();
    const id = crypto.randomUUID();
    const photoId = crypto.randomUUID();
    const visit: Visit = { projectId: input.projectId, date: input.date, day: input.day, label: input.label.slice(0, 80) || 'Visit', photoId, marks: [], measured: null, note: input.note ?? '', createdAt: at };
    await this.db.transaction('rw', this.db.clinical, this.db.blobs, this.db.clients, async () => {
      await this.client(clientId);
      await this.db.blobs.add({ id: photoId, clientId, kind: 'visit', blob: input.photo, createdAt: at });
      await this.db.clinical.add({ id, kind: 'visit', clientId, updatedAt: at, visit });
      await this.touch(clientId, at);
    });
    return { ...visit, id };
  }

  /** Changes a visit's marks, measurement or note (the photo stays). */
  async updateVisit(id: string, patch: Partial<Pick<Visit, 'marks' | 'measured' | 'note' | 'day' | 'label'>>): Promise<void> {
    const at = this.now().toISOString();
    await this.db.transaction('rw', this.db.clinical, this.db.clients, async () => {
      const r = await this.db.clinical.get(id);
      if (r?.kind !== 'visit') throw new RangeError(`visit.id: no visit ${JSON.stringify(id)} on this device`);
      const visit = { ...r.visit, ...JSON.parse(JSON.stringify(patch)) };
      validateVisit(visit, `visit`);
      await this.db.clinical.put({ ...r, updatedAt: at, visit });
      await this.touch(r.clientId, at);
    });
  }
}

function validateVisit(v: Visit, where: string): void {
  const r = visitSchema.safeParse(v);
  if (!r.success) throw new RangeError(`${where}.${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
}

// ---------------------------------------------------------------- the export file's `clinical` part

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');
const rid = z.string().min(1).max(200);
const frac = z.number().min(0).max(1);
const visitSchema = z.strictObject({
  projectId: rid.nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  day: z.int().min(0).max(3650),
  label: z.string().max(80),
  photoId: rid,
  marks: z.array(z.strictObject({ x: frac, y: frac, r: z.number().min(0.005).max(0.5) })).max(200),
  measured: z.strictObject({ visit: frac, simulated: frac, before: frac }).nullable(),
  note: z.string().max(2000),
  createdAt: iso,
});
const signedSchema = z.object({
  id: rid,
  kind: z.enum(['consent', 'design']),
  clientId: rid,
  projectId: rid.nullable(),
  version: z.int().min(1),
  signedAt: iso,
  signer: z.string().min(1).max(120),
  content: z.object({ type: z.enum(['consent', 'design']) }).loose(),
  files: z.array(z.strictObject({ role: z.enum(['after', 'plan']), blobId: rid, type: z.string().max(100), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(10),
  signature: z.object({ width: z.number(), height: z.number(), strokes: z.array(z.array(z.number())) }),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
const rowSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: rid, kind: z.literal('intake'), clientId: rid, updatedAt: iso, template: z.unknown(), answers: z.unknown() }),
  z.strictObject({ id: rid, kind: z.literal('signed'), clientId: rid, updatedAt: iso, record: signedSchema }),
  z.strictObject({ id: rid, kind: z.literal('visit'), clientId: rid, updatedAt: iso, visit: visitSchema }),
]);

/** Every clinical row on the device, for the export file. */
export function exportClinical(db: ClinicalDb): Promise<ClinicalRow[]> {
  return db.clinical.toArray();
}

/** The blob ids a row refers to. */
export function rowBlobIds(r: ClinicalRow): string[] {
  return r.kind === 'signed' ? r.record.files.map((f) => f.blobId) : r.kind === 'visit' ? [r.visit.photoId] : [];
}

/**
 * Reads and checks the export file's `clinical` part (absent in files before version 2) before anything is
 * written: its shape, the intake templates and answers, that every signed record is as it was signed (its digest),
 * and that rows and pictures belong to clients in the file. Returns the problem in words, or the rows.
 */
export async function readClinical(raw: unknown, clientIds: ReadonlySet<string>, blobs: ReadonlyMap<string, { clientId: string; sha256: string }>): Promise<ClinicalRow[] | string> {
  if (raw === undefined) return [];
  const parsed = z.array(rowSchema).max(100_000).safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return `it is damaged (clinical.${i.path.join('.')}: ${i.message})`;
  }
  const rows = parsed.data as ClinicalRow[];
  for (const [i, r] of rows.entries()) {
    if (!clientIds.has(r.clientId)) return `it is damaged (clinical.${i} belongs to a client that is not in the file)`;
    for (const b of rowBlobIds(r)) if (blobs.get(b)?.clientId !== r.clientId) return `it is damaged (clinical.${i} refers to a picture that is not in it)`;
    if (r.kind === 'intake') {
      try {
        r.template = validateIntakeTemplate(r.template);
        r.answers = validateIntakeAnswers(r.template, r.answers);
      } catch (e) {
        return `it holds an intake this studio cannot read (clinical.${i}: ${(e as Error).message})`;
      }
    } else if (r.kind === 'signed') {
      if (r.record.clientId !== r.clientId || r.record.id !== r.id) return `it is damaged (clinical.${i}: the signed record's ids do not match its row)`;
      if (!(await verifySigned(r.record))) return `a signed record was changed after it was signed (clinical.${i}: ${r.record.kind} version ${r.record.version} of ${r.record.signedAt.slice(0, 10)})`;
      for (const f of r.record.files) if (blobs.get(f.blobId)!.sha256 !== f.sha256) return `a signed record's picture was changed after it was signed (clinical.${i}: ${f.role})`;
    }
  }
  return rows;
}

/**
 * Merges the file's clinical rows inside the import's transaction: a signed record is added when the device does
 * not have it and never replaced; an intake or visit replaces the device's when the file's is newer. Returns the
 * number written, what the device kept, and the file's pictures that were not needed (not to be written).
 */
export async function mergeClinical(db: ClinicalDb, rows: readonly ClinicalRow[], names: ReadonlyMap<string, string>): Promise<{ written: number; keptNewer: string[]; skipBlobs: Set<string> }> {
  const keptNewer: string[] = [];
  const skipBlobs = new Set<string>();
  const put: ClinicalRow[] = [];
  for (const r of rows) {
    const mine = await db.clinical.get(r.id);
    const keep = mine && (r.kind === 'signed' || mine.updatedAt > r.updatedAt);
    if (keep) {
      if (r.kind !== 'signed') keptNewer.push(`${names.get(r.clientId) ?? 'a client'}: ${r.kind === 'intake' ? 'intake' : `visit ${r.visit.date}`}`);
      for (const b of rowBlobIds(r)) if (!rowBlobIds(mine).includes(b)) skipBlobs.add(b);
    } else put.push(r);
  }
  await db.clinical.bulkPut(put);
  return { written: put.length, keptNewer, skipBlobs };
}
