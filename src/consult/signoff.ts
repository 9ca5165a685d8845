// Signed records: the client's consent (the intake answers and consent statements as signed) and the hairline
// sign-off (the design as approved, with a snapshot of the after picture and of the plan). A signed record is
// sealed once: its content, the checksums of its pictures and the drawn signature are hashed together (SHA-256 over
// canonical JSON), and nothing ever changes it. Signing again makes the next version; the earlier ones stay.
// Pure apart from WebCrypto's digest (in browsers, workers and Node ≥ 20 alike).
import { ArgumentError, describe, InputError, list, num, obj, oneOf, str, text } from '../errors.js';
import { answerText, intakeFlags, type IntakeAnswers, type IntakeTemplate, validateIntakeAnswers, validateIntakeTemplate } from './intake.js';

/** A signature as drawn: strokes of x, y pairs (flat) in a width × height box (the pad's CSS pixels). */
export interface Signature {
  width: number;
  height: number;
  strokes: number[][];
}

/** What a record signs. */
export type SignedKind = 'consent' | 'design';

/** A picture sealed with a record (its bytes are stored separately, under blobId). */
export interface SignedFile {
  role: 'after' | 'plan';
  blobId: string;
  type: string;
  sha256: string;
}

/** A sealed, signed record. */
export interface SignedRecord {
  id: string;
  kind: SignedKind;
  clientId: string;
  /** The project (design) signed off; null for a consent. */
  projectId: string | null;
  /** 1, 2, …: the next signature of the same kind for the same client (consent) or project (design). */
  version: number;
  /** ISO 8601 time. */
  signedAt: string;
  /** The signer's name as typed. */
  signer: string;
  content: ConsentContent | DesignContent;
  files: SignedFile[];
  signature: Signature;
  /** SHA-256 (hex) of the canonical JSON of everything above but the id. */
  digest: string;
}

/** A consent as signed: the form's answers in words, the flags they raised, and the statements agreed to. */
export interface ConsentContent {
  type: 'consent';
  template: string;
  answers: { question: string; answer: string }[];
  flags: { level: 'stop' | 'caution' | 'note'; consultant: string; report?: string }[];
  statements: string[];
}

/** A hairline sign-off: the design as approved. */
export interface DesignContent {
  type: 'design';
  designName: string;
  /** The plan as approved (PlanInput JSON). */
  plan: unknown;
  /** A few facts in words, for the record and the report. */
  summary: string[];
  /** Day after session 1 the after picture shows. */
  afterDay: number;
}

/** Thrown for a signature or record that cannot be sealed: a kind of InputError (`path`: the field the message starts with, `value`: what was found). */
export class SignOffError extends InputError {
  constructor(message: string, path?: string, value?: unknown) {
    super(message, path ?? text(message).split(':')[0]!, value);
    this.name = 'SignOffError';
  }
}

/** The least ink a signature needs, as a share of the pad's width (a dot or a tick is refused). */
export const MIN_SIGNATURE_INK = 0.6;

/** Most numbers all strokes of one signature hold (a minute of drawing at 60 points a second is 7,200). */
const MAX_SIGNATURE_NUMBERS = 200_000;

/** A signature's pad and strokes checked (finite points inside the pad), without the ink test: what drawSignature draws. */
function checkedStrokes(input: unknown): Signature {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || ArrayBuffer.isView(input)) throw new SignOffError(`signature: expected strokes drawn on the pad (got ${describe(input)})`, 'signature', input);
  const { width, height, strokes } = input as Partial<Signature>;
  if (!(typeof width === 'number' && width >= 50 && width <= 4000 && typeof height === 'number' && height >= 20 && height <= 4000))
    throw new SignOffError(`signature.width/height: expected a pad of 50–4000 × 20–4000 px (got ${describe(width)} × ${describe(height)})`, 'signature.width', width);
  if (!Array.isArray(strokes) || strokes.length === 0 || strokes.length > 500) throw new SignOffError(`signature.strokes: expected 1–500 strokes (got ${Array.isArray(strokes) ? strokes.length : describe(strokes)})`, 'signature.strokes', strokes);
  let total = 0;
  strokes.forEach((st: unknown, i) => {
    if (!Array.isArray(st) || st.length < 2 || st.length % 2 || st.length > 20_000) throw new SignOffError(`signature.strokes[${i}]: expected x, y pairs (got ${Array.isArray(st) ? `${st.length} numbers` : describe(st)})`, `signature.strokes[${i}]`, st);
    total += st.length;
  });
  if (total > MAX_SIGNATURE_NUMBERS) throw new SignOffError(`signature.strokes: expected at most ${MAX_SIGNATURE_NUMBERS} numbers in all (got ${total})`, 'signature.strokes', total);
  strokes.forEach((st, i) => {
    for (let j = 0; j < st.length; j += 2) {
      const x = st[j];
      const y = st[j + 1];
      if (!(typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) && x >= -1 && x <= width + 1 && y >= -1 && y <= height + 1))
        throw new SignOffError(`signature.strokes[${i}][${j}]: a point outside the pad (got ${describe(x)}, ${describe(y)})`, `signature.strokes[${i}][${j}]`, [x, y]);
    }
  });
  return { width, height, strokes };
}

/** Checks a drawn signature: finite coordinates inside the box, and enough ink (strokes' length ≥ 0.6 × the pad's width) spanning ≥ 20 % of it. */
export function validateSignature(input: unknown): Signature {
  const { width, height, strokes } = checkedStrokes(input);
  let ink = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const st of strokes)
    for (let j = 0; j < st.length; j += 2) {
      const x = st[j]!;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      if (j >= 2) ink += Math.hypot(x - st[j - 2]!, st[j + 1]! - st[j - 1]!);
    }
  if (ink < MIN_SIGNATURE_INK * width || maxX - minX < 0.2 * width)
    throw new SignOffError(`signature: too little to be a signature (got ${Math.round(ink)} px of ink across ${Math.round(maxX - minX)} px; sign across the pad)`, 'signature', Math.round(ink));
  return { width, height, strokes: strokes.map((st) => st.map((v) => Math.round(v * 10) / 10)) };
}

const CONTEXT_METHODS = ['beginPath', 'moveTo', 'lineTo', 'stroke'] as const;

/** Draws a signature into any 2D context (canvas, offscreen canvas), scaled to `scale` × its pad size (also one still being drawn: no ink test). */
export function drawSignature(ctx: Pick<CanvasRenderingContext2D, 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'lineWidth' | 'lineCap' | 'lineJoin' | 'strokeStyle'>, sig: Signature, scale = 1): void {
  const c = obj('drawSignature: ctx', ctx);
  for (const m of CONTEXT_METHODS) if (typeof c[m] !== 'function') throw new ArgumentError(`drawSignature: ctx.${m}`, c[m], 'expected a 2D context (a function here)');
  sig = checkedStrokes(sig);
  num('drawSignature: scale', scale, 0.01, 64);
  ctx.lineWidth = 2.2 * scale;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#1a2a4a';
  for (const st of sig.strokes) {
    ctx.beginPath();
    ctx.moveTo(st[0]! * scale, st[1]! * scale);
    if (st.length === 2) ctx.lineTo(st[0]! * scale + 0.1, st[1]! * scale);
    for (let j = 2; j < st.length; j += 2) ctx.lineTo(st[j]! * scale, st[j + 1]! * scale);
    ctx.stroke();
  }
}

/** Most values (numbers, strings, lists, objects) and depth of content canonicalJson takes. */
const MAX_JSON_NODES = 1_000_000;
const MAX_JSON_DEPTH = 64;
/** Most characters of text or bytes sha256Hex hashes (64 MiB). */
const MAX_HASH_BYTES = 64 * 1024 * 1024;

/** JSON with object keys sorted at every level (undefined members dropped), so equal content hashes equal. */
export function canonicalJson(v: unknown): string {
  return canonical(v, 'content');
}

/** canonicalJson of `v`, refusing (naming `where` and the place) what JSON cannot hold and content beyond the bounds above. */
function canonical(v: unknown, where: string): string {
  let nodes = 0;
  const walk = (v: unknown, path: string, depth: number): string => {
    if (++nodes > MAX_JSON_NODES) throw new SignOffError(`${where}: expected at most ${MAX_JSON_NODES} values (got more)`, where, nodes);
    if (depth > MAX_JSON_DEPTH) throw new SignOffError(`${path}: expected at most ${MAX_JSON_DEPTH} levels of nesting (got deeper)`, path, depth);
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new SignOffError(`${path}: a number that JSON cannot hold (got ${describe(v)})`, path, v);
      if (typeof v === 'bigint') throw new SignOffError(`${path}: a number that JSON cannot hold (got ${describe(v)})`, path, v);
      if (typeof v === 'string' && v.length > MAX_HASH_BYTES) throw new SignOffError(`${path}: expected at most ${MAX_HASH_BYTES} characters (got ${v.length})`, path, v.length);
      return JSON.stringify(v) ?? 'null';
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_JSON_NODES) throw new SignOffError(`${path}: expected at most ${MAX_JSON_NODES} values (got ${v.length})`, path, v.length);
      return `[${v.map((x, i) => (x === undefined ? 'null' : walk(x, `${path}[${i}]`, depth + 1))).join(',')}]`;
    }
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${walk(o[k], `${path}.${k}`, depth + 1)}`)
      .join(',')}}`;
  };
  return walk(v, where, 0);
}

/** SHA-256 of bytes or a string (UTF-8), as hex. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  if (typeof data === 'string') str('sha256Hex: data', data, MAX_HASH_BYTES);
  else if (!(data instanceof Uint8Array)) throw new ArgumentError('sha256Hex: data', data, 'expected a string or a Uint8Array');
  else if (data.length > MAX_HASH_BYTES) throw new ArgumentError('sha256Hex: data.length', data.length, `expected at most ${MAX_HASH_BYTES} bytes`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
}

const sealed = (r: Omit<SignedRecord, 'id' | 'digest'>): string =>
  canonicalJson({ kind: r.kind, clientId: r.clientId, projectId: r.projectId, version: r.version, signedAt: r.signedAt, signer: r.signer, content: r.content, files: r.files, signature: r.signature });

/** The records of a kind that one new signature would follow: the client's consents, or the project's design sign-offs. */
export function sameScope(records: readonly SignedRecord[], kind: SignedKind, clientId: string, projectId: string | null): SignedRecord[] {
  return scopeOf(checkedRecords('records', records), kind, clientId, projectId);
}

const KINDS: readonly SignedKind[] = ['consent', 'design'];
/** Most signed records one scope is searched in. */
const MAX_RECORDS = 100_000;

/** An id: a non-empty string of at most 200 characters. */
function idOf(where: string, v: unknown): string {
  str(where, v, 200);
  if ((v as string).trim() === '') throw new ArgumentError(where, v, 'expected a non-empty id');
  return v as string;
}

/** Records checked: kind, clientId, projectId and version as finding their scope reads them, and the sealed rest JSON (finite numbers, within canonicalJson's bounds). */
function checkedRecords(where: string, v: unknown): SignedRecord[] {
  const a = list(where, v, MAX_RECORDS) as readonly unknown[];
  if (!Array.isArray(a)) throw new ArgumentError(where, v, 'expected a list of signed records');
  a.forEach((r, i) => checkedRecord(`${where}[${i}]`, r));
  return a as SignedRecord[];
}

function checkedRecord(where: string, v: unknown): SignedRecord {
  const r = obj(where, v);
  oneOf(`${where}.kind`, r.kind, KINDS);
  str(`${where}.clientId`, r.clientId, 200);
  if (r.projectId !== null) str(`${where}.projectId`, r.projectId, 200);
  if (!(typeof r.version === 'number' && Number.isInteger(r.version) && r.version >= 1)) throw new ArgumentError(`${where}.version`, r.version, 'expected a whole number ≥ 1');
  // what is sealed is JSON: a value JSON cannot hold (NaN, ±Infinity) is no signed record
  canonical({ signedAt: r.signedAt, signer: r.signer, content: r.content, files: r.files, signature: r.signature }, where);
  return r as unknown as SignedRecord;
}

function checkedScope(kind: unknown, clientId: unknown, projectId: unknown): void {
  oneOf('kind', kind, KINDS);
  idOf('clientId', clientId);
  if (projectId !== null) idOf('projectId', projectId);
}

function scopeOf(list: readonly SignedRecord[], kind: SignedKind, clientId: string, projectId: string | null): SignedRecord[] {
  checkedScope(kind, clientId, projectId);
  return list.filter((r) => r.kind === kind && r.clientId === clientId && (kind === 'consent' || r.projectId === projectId)).sort((a, b) => a.version - b.version);
}

/** What a new signature holds before it is sealed. */
export interface SignInput {
  id: string;
  kind: SignedKind;
  clientId: string;
  projectId: string | null;
  signedAt: string;
  signer: string;
  content: ConsentContent | DesignContent;
  files: SignedFile[];
  signature: unknown;
}

/** Seals a new signed record as the next version after `existing` (which it never changes). Throws SignOffError for an empty signer or signature. */
export async function sealSigned(input: SignInput, existing: readonly SignedRecord[]): Promise<SignedRecord> {
  obj('input', input);
  idOf('input.id', input.id);
  checkedScope(input.kind, input.clientId, input.projectId);
  if (typeof input.signer !== 'string') throw new SignOffError(`signer: expected the signer's name, 1–120 characters (got ${describe(input.signer)})`, 'signer', input.signer);
  str('input.signedAt', input.signedAt, 100);
  const content = obj('input.content', input.content);
  oneOf('input.content.type', content.type, KINDS);
  if (content.type !== input.kind) throw new ArgumentError('input.content.type', content.type, `expected the record's kind, ${input.kind}`);
  list('input.files', input.files, 100);
  if (!Array.isArray(input.files)) throw new ArgumentError('input.files', input.files, 'expected a list of files');
  input.files.forEach((f, i) => {
    obj(`input.files[${i}]`, f);
    oneOf(`input.files[${i}].role`, f.role, ['after', 'plan']);
    for (const k of ['blobId', 'type', 'sha256'] as const) str(`input.files[${i}].${k}`, f[k], 200);
  });
  canonical(input.content, 'input.content');
  const records = checkedRecords('existing', existing);
  const signer = String(input.signer ?? '').trim();
  if (!signer || signer.length > 120) throw new SignOffError(`signer: expected the signer's name, 1–120 characters (got ${describe(input.signer)})`, 'signer', input.signer);
  if (Number.isNaN(Date.parse(input.signedAt))) throw new SignOffError(`signedAt: expected an ISO 8601 time (got ${describe(input.signedAt)})`, 'signedAt', input.signedAt);
  if (input.kind === 'design' && !input.projectId) throw new SignOffError('projectId: a design sign-off belongs to a saved project (got null)', 'projectId', input.projectId);
  const signature = validateSignature(input.signature);
  const prior = scopeOf(records, input.kind, input.clientId, input.projectId);
  const version = (prior[prior.length - 1]?.version ?? 0) + 1;
  const body = { kind: input.kind, clientId: input.clientId, projectId: input.kind === 'consent' ? null : input.projectId, version, signedAt: input.signedAt, signer, content: input.content, files: input.files, signature };
  // round-trip through JSON first: what is sealed is exactly what storage and the export file will hold
  const plain = JSON.parse(JSON.stringify(body)) as Omit<SignedRecord, 'id' | 'digest'>;
  return { id: input.id, ...plain, digest: await sha256Hex(sealed(plain)) };
}

/** Whether a record is as it was signed (its digest matches its content). */
export async function verifySigned(r: SignedRecord): Promise<boolean> {
  checkedRecord('record', r);
  str('record.digest', r.digest, 200);
  return (await sha256Hex(sealed(r))) === r.digest;
}

/** The consent's content: the answers in words, the flags and the statements, from the template and answers as they are now. */
export function consentContent(template: IntakeTemplate, answers: IntakeAnswers): ConsentContent {
  template = validateIntakeTemplate(template);
  answers = validateIntakeAnswers(template, answers);
  return {
    type: 'consent',
    template: template.name,
    answers: template.questions.map((q) => ({ question: q.text, answer: answerText(q, answers[q.id]) })),
    flags: intakeFlags(template, answers).map((f) => ({ level: f.level, consultant: f.consultant, ...(f.report ? { report: f.report } : {}) })),
    statements: [...template.consent],
  };
}

/** Whether the design signed off is the plan now (the same plan JSON, compared canonically). */
export function sameDesign(r: SignedRecord, plan: unknown): boolean {
  obj('record.content', obj('record', r).content);
  if (plan === undefined || typeof plan === 'function' || typeof plan === 'symbol') throw new ArgumentError('plan', plan, 'expected a plan (PlanInput JSON)');
  canonical(r.content, 'record.content');
  canonical(plan, 'plan');
  return r.content.type === 'design' && canonicalJson(r.content.plan) === canonicalJson(JSON.parse(JSON.stringify(plan)));
}
