// The records file's schema, in one place: every field of records.json with its type, range and size limit,
// the limits of the zip around it, and the checks across records (duplicate ids, references, ownership). It is
// checked once, at the boundary (importAll, and saveProject for what the studio hands in); nothing behind it
// re-checks.
//
// To add a part to a client record (e.g. an intake form): give it a zod schema here, add it to `clientSchema`
// (optional, so that older files still read) or, for a list of its own, to `fileSchema` with a length limit; add
// the table in records.ts (a new Dexie version) and write it in exportAll/importAll. Ids it holds use `idSchema`,
// and `checkRecordsFile` is where an id that refers to another record is checked (see photos and reports below).
import { z } from '../zod.js';
import { describe, PlanError, validatePlan } from '../../src/plan.js';
import { MAX_PHOTO_BYTES, parseProject, PROJECT_FORMAT } from '../project.js';
import { CLINICAL_BLOB_KINDS } from './clinical-records.js';

/** The limits of a records file; a file beyond any of them is refused before anything is inflated or written. */
export const RECORDS_LIMITS = {
  /** Characters of an id (client, project, photo, report); ids are letters, digits, '.', '_' and '-'. */
  idChars: 100,
  /** Characters of a client's name, a project title, a file name, a MIME type. */
  nameChars: 200,
  fileNameChars: 255,
  mimeChars: 100,
  /** Characters of a client's notes. */
  notesChars: 20_000,
  /** Records of each kind in one file. */
  clients: 10_000,
  projects: 50_000,
  blobs: 200_000,
  reportsPerProject: 1_000,
  /** Characters of one project's plan and alignment (the studio document) as JSON. */
  projectChars: 8_000_000,
  /** Nesting depth of records.json (objects and arrays); the studio's documents use fewer than 16 levels. */
  depth: 32,
  /** Bytes of records.json, of one photo (the photo loader's limit), of one report PDF, and of everything inflated. */
  manifestBytes: 256_000_000,
  photoBytes: MAX_PHOTO_BYTES,
  reportBytes: 100_000_000,
  totalBytes: 2_000_000_000,
  /** Entries in the zip: records.json and one per file. */
  entries: 200_001,
} as const;

/** Names that must never be an id or a key: they are Object.prototype's, and a map keyed by them misbehaves. */
export function isPrototypeName(s: string): boolean {
  return s === '__proto__' || s === 'prototype' || s in Object.prototype;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An id of a record: 1–100 letters, digits, '.', '_' or '-', and not a prototype name. */
export const idSchema = z
  .string()
  .max(RECORDS_LIMITS.idChars)
  .regex(ID, 'must be an id of letters, digits, ".", "_" or "-"')
  .refine((s) => !isPrototypeName(s), 'must not be a prototype name');
const iso = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');
const text = (max: number) => z.string().max(max);

/** A client as stored. */
export const clientSchema = z.strictObject({
  id: idSchema,
  name: text(RECORDS_LIMITS.nameChars).trim().min(1),
  nameKey: text(RECORDS_LIMITS.nameChars * 4),
  notes: text(RECORDS_LIMITS.notesChars),
  createdAt: iso,
  updatedAt: iso,
});

export const reportEntrySchema = z.strictObject({ blobId: idSchema, fileName: text(RECORDS_LIMITS.fileNameChars), createdAt: iso });

/** A project as stored; `plan` and `alignment` are checked by checkProjectDoc (the studio's own validators). */
export const projectSchema = z.strictObject({
  id: idSchema,
  clientId: idSchema,
  title: text(RECORDS_LIMITS.nameChars),
  plan: z.unknown(),
  alignment: z.unknown(),
  photoId: idSchema.nullable(),
  reports: z.array(reportEntrySchema).max(RECORDS_LIMITS.reportsPerProject),
  createdAt: iso,
  updatedAt: iso,
});

/** A file's entry in records.json: the bytes are the zip entry `blobs/<id>`. */
export const blobMetaSchema = z
  .strictObject({
    id: idSchema,
    clientId: idSchema,
    kind: z.enum(['photo', 'report', ...CLINICAL_BLOB_KINDS]),
    type: text(RECORDS_LIMITS.mimeChars).regex(/^$|^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type'),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: iso,
  })
  .superRefine((b, ctx) => {
    const max = b.kind === 'report' ? RECORDS_LIMITS.reportBytes : RECORDS_LIMITS.photoBytes;
    if (b.size > max) ctx.addIssue({ code: 'custom', path: ['size'], message: `a ${b.kind} may be at most ${max} bytes` });
    if (b.kind === 'photo' && !/^image\//.test(b.type)) ctx.addIssue({ code: 'custom', path: ['type'], message: 'a photo must have an image type' });
  });

/** records.json. */
export const fileSchema = z.strictObject({
  app: z.literal('smp-sim'),
  kind: z.literal('records'),
  version: z.union([z.literal(1), z.literal(2)]),
  exportedAt: iso,
  clients: z.array(clientSchema).max(RECORDS_LIMITS.clients),
  projects: z.array(projectSchema).max(RECORDS_LIMITS.projects),
  blobs: z.array(blobMetaSchema).max(RECORDS_LIMITS.blobs),
  /** Version 2: the clinical part (intake, signed records, visits), checked in full by clinical-records.ts. */
  clinical: z.array(z.unknown()).max(RECORDS_LIMITS.blobs).optional(),
});
export type RecordsFileData = z.infer<typeof fileSchema>;
export type BlobMeta = z.infer<typeof blobMetaSchema>;

/** A records file (or a value handed to the records) is not acceptable: `field` and `value` say where and what. */
export class RecordsSchemaError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    problem: string,
  ) {
    super(`${field}: ${problem} (got ${describe(value)})`);
    this.name = 'RecordsSchemaError';
  }
}

const fieldName = (path: readonly PropertyKey[]) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');

/**
 * Walks parsed JSON without recursion: nesting deeper than the limit, or a key that is a prototype name, is
 * refused with its path. (Deep nesting would otherwise end in a raw stack error inside structuredClone or
 * IndexedDB's put.)
 */
export function checkJsonShape(value: unknown, where = 'records.json', maxDepth: number = RECORDS_LIMITS.depth): void {
  const stack: [unknown, string, number][] = [[value, where, 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) throw new RecordsSchemaError(at, `${depth + 1} levels`, `is nested deeper than ${maxDepth} levels`);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${at}[${i}]`, depth + 1]));
    else
      for (const k of Object.keys(v)) {
        if (isPrototypeName(k)) throw new RecordsSchemaError(`${at}.${k}`, k, 'is a prototype name, not allowed as a key');
        stack.push([(v as Record<string, unknown>)[k], `${at}.${k}`, depth + 1]);
      }
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  return v;
}

/** The studio document parts a record's `alignment` may hold (the rest of the studio document beside the plan). */
const ALIGNMENT_KEYS = ['align', 'name', 'designs', 'consult', 'head'] as const;

/**
 * Checks a project's plan and alignment (the studio document without its plan: align, name, designs, consult,
 * head) with the studio's own validators, as a project file would be; `field` names the project in messages.
 * Returns the alignment as it may be stored. Throws RecordsSchemaError naming the field and the value.
 */
export function checkProjectDoc(plan: unknown, alignment: unknown, field: string): unknown {
  checkJsonShape({ plan, alignment }, field);
  const chars = JSON.stringify({ plan, alignment }).length;
  if (chars > RECORDS_LIMITS.projectChars) throw new RecordsSchemaError(field, `${chars} characters`, `is larger than a project may be (${RECORDS_LIMITS.projectChars} characters)`);
  try {
    validatePlan(plan);
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    const path = e.path ? (e.path.startsWith('[') ? e.path : `.${e.path}`) : '';
    throw new RecordsSchemaError(`${field}.plan${path}`, e.value, e.message.replace(/^plan[^:]*: /, '').replace(/ \(got .*\)$/s, ''));
  }
  if (alignment === null || alignment === undefined) return null;
  if (typeof alignment !== 'object' || Array.isArray(alignment)) throw new RecordsSchemaError(`${field}.alignment`, alignment, 'must be an object or null');
  const a = alignment as Record<string, unknown>;
  const extra = Object.keys(a).find((k) => !(ALIGNMENT_KEYS as readonly string[]).includes(k));
  if (extra !== undefined) throw new RecordsSchemaError(`${field}.alignment.${extra}`, a[extra], `is not a part of a studio document (${ALIGNMENT_KEYS.join(', ')})`);
  const doc: Record<string, unknown> = { app: 'smp-sim', format: PROJECT_FORMAT, savedAt: null, plan, align: a.align ?? null, ui: {} };
  for (const k of ['name', 'designs', 'consult', 'head'] as const) if (a[k] !== undefined) doc[k] = a[k];
  try {
    parseProject(JSON.stringify(doc), `${field}.alignment`);
  } catch (e) {
    const err = e as Error & { field?: string; value?: unknown };
    const problem = err.message.replace(/^[^:]*: /, '').replace(/ \(got .*\)$/s, '');
    throw new RecordsSchemaError(`${field}.alignment.${err.field ?? ''}`.replace(/\.$/, ''), err.value, err.field && problem.startsWith(`${err.field} `) ? problem.slice(err.field.length + 1) : problem);
  }
  return alignment;
}

/**
 * Checks records.json as parsed: the shape and limits (fileSchema), every project's plan and alignment, and
 * across records: no id twice, every project of a client in the file, every photo and report of a project
 * present, belonging to the project's client, and used by that one project only; no file that nothing uses.
 * Throws RecordsSchemaError naming the field and the value.
 */
export function checkRecordsFile(raw: unknown): RecordsFileData {
  checkJsonShape(raw);
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const value = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : valueAt(raw, path);
    throw new RecordsSchemaError(fieldName(path) || 'records.json', value, issue.message);
  }
  const m = parsed.data;
  const unique = (list: { id: string }[], what: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) throw new RecordsSchemaError(`${what}[${i}].id`, x.id, `is used twice in the file (ids must be unique)`);
      seen.add(x.id);
    });
  };
  unique(m.clients, 'clients');
  unique(m.projects, 'projects');
  unique(m.blobs, 'blobs');
  const clientIds = new Set(m.clients.map((c) => c.id));
  const blobs = new Map(m.blobs.map((b) => [b.id, b]));
  const usedBy = new Map<string, string>();
  m.projects.forEach((p, i) => {
    const at = `projects[${i}]`;
    if (!clientIds.has(p.clientId)) throw new RecordsSchemaError(`${at}.clientId`, p.clientId, 'is not a client in the file');
    const refs: [string, string, 'photo' | 'report'][] = [
      ...(p.photoId === null ? [] : [[`${at}.photoId`, p.photoId, 'photo'] as [string, string, 'photo']]),
      ...p.reports.map((r, j) => [`${at}.reports[${j}].blobId`, r.blobId, 'report'] as [string, string, 'report']),
    ];
    for (const [field, ref, kind] of refs) {
      const b = blobs.get(ref);
      if (!b) throw new RecordsSchemaError(field, ref, 'refers to a file that is not in it');
      if (b.kind !== kind) throw new RecordsSchemaError(field, ref, `refers to a ${b.kind}, not a ${kind}`);
      if (b.clientId !== p.clientId) throw new RecordsSchemaError(field, ref, 'refers to a file of another client');
      const other = usedBy.get(ref);
      if (other !== undefined) throw new RecordsSchemaError(field, ref, `refers to a file that ${other} uses too (each file belongs to one project)`);
      usedBy.set(ref, `${at} (${p.id})`);
    }
    checkProjectDoc(p.plan, p.alignment, at);
  });
  // the clinical rows' pictures (signed records' snapshots, visit photos) are used by their rows
  for (const row of m.clinical ?? []) {
    const r = row as { record?: { files?: { blobId?: unknown }[] }; visit?: { photoId?: unknown } } | null;
    for (const f of Array.isArray(r?.record?.files) ? r.record.files : []) if (typeof f?.blobId === 'string') usedBy.set(f.blobId, 'clinical');
    if (typeof r?.visit?.photoId === 'string') usedBy.set(r.visit.photoId, 'clinical');
  }
  m.blobs.forEach((b, i) => {
    if (!usedBy.has(b.id)) throw new RecordsSchemaError(`blobs[${i}].id`, b.id, 'is a file that no project uses');
  });
  return m;
}
