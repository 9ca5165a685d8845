// What the client's report says: a plain data object the studio fills (ReportData), checked once here.
// No jsPDF in this file, so the studio can import the types and defaults without loading the PDF code.
// Risks and reactions trace to shared/docs/DOMAIN.md "Consultation facts from the seed".
import { z } from '../zod.js';
import { describe } from '../../src/plan.js';

/** Thrown for invalid report data: `path` is the field (e.g. `images[2].caption`), `value` what was found. */
export class ReportDataError extends Error {
  readonly path: string;
  readonly value: unknown;
  constructor(path: string, value: unknown, problem: string) {
    super(`report.${path || '(root)'}: ${problem} (got ${show(value)})`);
    this.name = 'ReportDataError';
    this.path = path;
    this.value = value;
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Blob) return `a ${value.type || 'untyped'} Blob of ${value.size} bytes`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return describe(value);
}

/** Risks every report lists (DOMAIN.md "Consultation facts from the seed"). */
export const DEFAULT_RISKS: readonly string[] = [
  'Infection: every session uses new, sterile, single-use needles; keep the scalp clean and dry as advised below.',
  'Allergic reaction to the pigment: rare; a patch test before the first session shows whether your skin reacts.',
  'Granulomas or keloids: raised bumps or scar tissue can form where pigment is placed, more often on skin that forms keloids; tell us if you have had them.',
  'MRI: pigment in the skin can interfere with an MRI scan (warmth or image artefacts); tell the radiographer you have scalp micropigmentation.',
];

/** Reactions to expect after each session (DOMAIN.md, and the healing phases of the aging model). */
export const DEFAULT_REACTIONS: readonly string[] = [
  'Slight bleeding and redness during and just after the session.',
  'Swelling and tenderness for a day or two.',
  'Light crusting (small scabs) in the first week: do not pick them.',
  'The dots look lighter around weeks 3–4 as the skin heals; this is expected, and the next session builds the shade.',
];

/** The note every report carries, because the pictures are a model, not a promise. */
export const SIMULATION_NOTE =
  'The pictures in this report are a computer simulation of your plan on your photo. They show what the plan aims for; ' +
  'real results depend on your skin, healing, sun and aftercare, and will differ from them.';

const text = z.string().trim().min(1, 'expected text');
const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'expected a local date YYYY-MM-DD or date and time YYYY-MM-DDTHH:mm')
  .refine((s) => !Number.isNaN(Date.parse(`${s.length === 10 ? `${s}T00:00` : s}:00Z`)), 'not a calendar date');
const imageData = z.union([
  z.instanceof(Blob),
  z.instanceof(Uint8Array),
  z.string().regex(/^data:image\/(jpeg|png);base64,/, 'expected a JPEG or PNG data: URL'),
]);

const reportSchema = z.strictObject({
  client: z.strictObject({ name: text }),
  /** Day of the consultation, local. */
  date: isoDate,
  /** BCP 47 tag for dates and money, e.g. "en-GB"; default "en-GB". */
  locale: z.string().min(2).default('en-GB'),
  paper: z.enum(['a4', 'letter']).default('a4'),
  /** Name of the studio or artist, printed in the header. */
  studio: z.string().optional(),
  plan: z.strictObject({
    concern: z.string().optional(),
    stage: z.string().optional(),
    areaCm2: amount,
    dots: count,
    sessions: z.number().int().min(1),
    densityPerCm2: amount,
    pigment: text,
    skin: text,
  }),
  images: z
    .array(
      z.strictObject({
        image: imageData,
        caption: text,
        /** Heading the image is shown under, e.g. "With touch-ups" or "Designs compared". */
        group: z.string().default('Your plan on your photo'),
      }),
    )
    .default([]),
  schedule: z
    .array(z.strictObject({ date: isoDate, what: text, aftercare: z.array(text).default([]) }))
    .default([]),
  estimate: z
    .strictObject({
      low: amount,
      high: amount,
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
      reasons: z.array(text).default([]),
    })
    .refine((e) => e.high >= e.low, { message: 'high must not be below low', path: ['high'] }),
  forecast: z
    .array(
      z.strictObject({
        region: text,
        /** Year after the last session when coverage first falls below the threshold; null: not within 10 years. */
        firstTouchUpYear: z.number().nonnegative().nullable(),
        touchUps5y: count,
        touchUps10y: count,
        cost5y: z.tuple([amount, amount]),
        cost10y: z.tuple([amount, amount]),
      }),
    )
    .default([]),
  /** From the client's record: notes the intake raised for the client, and the signatures (consent, design sign-off). */
  record: z
    .strictObject({
      notes: z.array(text).default([]),
      signatures: z
        .array(z.strictObject({ title: text, signer: text, date: isoDate, version: z.number().int().min(1), image: imageData, note: z.string().optional() }))
        .default([]),
    })
    .optional(),
  risks: z.array(text).default([...DEFAULT_RISKS]),
  reactions: z.array(text).default([...DEFAULT_REACTIONS]),
  note: text.default(SIMULATION_NOTE),
});

/** Everything the report prints, as the studio passes it to makeReport (defaults filled in by validateReportData). */
export type ReportData = z.input<typeof reportSchema>;
/** ReportData after validation, with every default in place. */
export type CheckedReport = z.output<typeof reportSchema>;

/** Checks report data once at the boundary; throws ReportDataError naming the field and the bad value. */
export function validateReportData(input: unknown): CheckedReport {
  const result = reportSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  let value: unknown = input;
  for (const key of path) value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[key as PropertyKey];
  const where = path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
  throw new ReportDataError(where, value, issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message);
}

/** A local date or date-time ("2027-01-04" or "2027-01-04T10:00") as the client reads it, e.g. "Mon 4 Jan 2027, 10:00". */
export function formatLocalDate(iso: string, locale: string): string {
  const withTime = iso.length > 10;
  // the wall-clock value as given: read and printed in UTC so no time zone shifts it
  const at = new Date(`${withTime ? iso : `${iso}T00:00`}:00Z`);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: 'UTC',
  }).format(at);
}

/** A money range such as "US$3,900 – US$4,300" (or one figure when low equals high). */
export function formatMoneyRange(low: number, high: number, currency: string, locale: string): string {
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  return low === high ? f.format(low) : `${f.format(low)} – ${f.format(high)}`;
}

/** A download name safe on every desktop OS that keeps the client's letters: "Report Łukasz Żółć-Größe 2026-11-30.pdf". */
export function reportFileName(clientName: string, date: string): string {
  const name = clientName
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 80);
  return `Report ${name || 'client'} ${date.slice(0, 10)}.pdf`;
}
