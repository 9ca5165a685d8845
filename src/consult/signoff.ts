// Signed records: the client's consent (the intake answers and consent statements as signed) and the hairline
// sign-off (the design as approved, with a snapshot of the after picture and of the plan). A signed record is
// sealed once: its content, the checksums of its pictures and the drawn signature are hashed together (SHA-256 over
// canonical JSON), and nothing ever changes it. Signing again makes the next version; the earlier ones stay.
// Pure apart from WebCrypto's digest (in browsers, workers and Node ≥ 20 alike).
import { answerText, intakeFlags, type IntakeAnswers, type IntakeTemplate } from './intake.js';

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
  /** The plan document as approved (PlanInput JSON). */
  plan: unknown;
  /** A few facts in words, for the record and the report. */
  summary: string[];
  /** Day after session 1 the after picture shows. */
  afterDay: number;
}

/** Thrown for a signature or record that cannot be sealed. */
export class SignOffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignOffError';
  }
}

/** The least ink a signature needs, as a share of the pad's width (a dot or a tick is refused). */
export const MIN_SIGNATURE_INK = 0.6;

/** Checks a drawn signature: finite coordinates inside the box, and enough ink (strokes' length ≥ 0.6 × the pad's width) spanning ≥ 20 % of it. */
export function validateSignature(input: unknown): Signature {
  const s = input as Partial<Signature> | null;
  if (!s || typeof s !== 'object') throw new SignOffError(`signature: expected strokes drawn on the pad (got ${JSON.stringify(input)})`);
  const { width, height, strokes } = s;
  if (!(typeof width === 'number' && width >= 50 && width <= 4000 && typeof height === 'number' && height >= 20 && height <= 4000))
    throw new SignOffError(`signature.width/height: expected a pad of 50–4000 × 20–4000 px (got ${width} × ${height})`);
  if (!Array.isArray(strokes) || strokes.length === 0 || strokes.length > 500) throw new SignOffError(`signature.strokes: expected 1–500 strokes (got ${Array.isArray(strokes) ? strokes.length : JSON.stringify(strokes)})`);
  let ink = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  strokes.forEach((st, i) => {
    if (!Array.isArray(st) || st.length < 2 || st.length % 2 || st.length > 20_000) throw new SignOffError(`signature.strokes[${i}]: expected x, y pairs (got ${Array.isArray(st) ? `${st.length} numbers` : JSON.stringify(st)})`);
    for (let j = 0; j < st.length; j += 2) {
      const x = st[j]!;
      const y = st[j + 1]!;
      if (!(Number.isFinite(x) && Number.isFinite(y) && x >= -1 && x <= width + 1 && y >= -1 && y <= height + 1)) throw new SignOffError(`signature.strokes[${i}][${j}]: a point outside the pad (got ${x}, ${y})`);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      if (j >= 2) ink += Math.hypot(x - st[j - 2]!, y - st[j - 1]!);
    }
  });
  if (ink < MIN_SIGNATURE_INK * width || maxX - minX < 0.2 * width)
    throw new SignOffError(`signature: too little to be a signature (${Math.round(ink)} px of ink across ${Math.round(maxX - minX)} px; sign across the pad)`);
  return { width, height, strokes: strokes.map((st) => st.map((v) => Math.round(v * 10) / 10)) };
}

/** Draws a signature into any 2D context (canvas, offscreen canvas), scaled to `scale` × its pad size. */
export function drawSignature(ctx: Pick<CanvasRenderingContext2D, 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'lineWidth' | 'lineCap' | 'lineJoin' | 'strokeStyle'>, sig: Signature, scale = 1): void {
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

/** JSON with object keys sorted at every level (undefined members dropped), so equal content hashes equal. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new SignOffError(`content: a number that JSON cannot hold (got ${v})`);
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** SHA-256 of bytes or a string (UTF-8), as hex. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
}

const sealed = (r: Omit<SignedRecord, 'id' | 'digest'>): string =>
  canonicalJson({ kind: r.kind, clientId: r.clientId, projectId: r.projectId, version: r.version, signedAt: r.signedAt, signer: r.signer, content: r.content, files: r.files, signature: r.signature });

/** The records of a kind that one new signature would follow: the client's consents, or the project's design sign-offs. */
export function sameScope(list: readonly SignedRecord[], kind: SignedKind, clientId: string, projectId: string | null): SignedRecord[] {
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
  const signer = String(input.signer ?? '').trim();
  if (!signer || signer.length > 120) throw new SignOffError(`signer: expected the signer's name, 1–120 characters (got ${JSON.stringify(input.signer)})`);
  if (Number.isNaN(Date.parse(input.signedAt))) throw new SignOffError(`signedAt: expected an ISO 8601 time (got ${JSON.stringify(input.signedAt)})`);
  if (input.kind === 'design' && !input.projectId) throw new SignOffError('projectId: a design sign-off belongs to a saved project (got null)');
  const signature = validateSignature(input.signature);
  const prior = sameScope(existing, input.kind, input.clientId, input.projectId);
  const version = (prior[prior.length - 1]?.version ?? 0) + 1;
  const body = { kind: input.kind, clientId: input.clientId, projectId: input.kind === 'consent' ? null : input.projectId, version, signedAt: input.signedAt, signer, content: input.content, files: input.files, signature };
  // round-trip through JSON first: what is sealed is exactly what storage and the export file will hold
  const plain = JSON.parse(JSON.stringify(body)) as Omit<SignedRecord, 'id' | 'digest'>;
  return { id: input.id, ...plain, digest: await sha256Hex(sealed(plain)) };
}

/** Whether a record is as it was signed (its digest matches its content). */
export async function verifySigned(r: SignedRecord): Promise<boolean> {
  return (await sha256Hex(sealed(r))) === r.digest;
}

/** The consent's content: the answers in words, the flags and the statements, from the template and answers as they are now. */
export function consentContent(template: IntakeTemplate, answers: IntakeAnswers): ConsentContent {
  return {
    type: 'consent',
    template: template.name,
    answers: template.questions.map((q) => ({ question: q.text, answer: answerText(q, answers[q.id]) })),
    flags: intakeFlags(template, answers).map((f) => ({ level: f.level, consultant: f.consultant, ...(f.report ? { report: f.report } : {}) })),
    statements: [...template.consent],
  };
}

/** Whether the design signed off is the plan now (the same plan document, compared canonically). */
export function sameDesign(r: SignedRecord, plan: unknown): boolean {
  return r.content.type === 'design' && canonicalJson(r.content.plan) === canonicalJson(JSON.parse(JSON.stringify(plan)));
}
