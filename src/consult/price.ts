// The price book: an editable JSON document with a schema, and the estimate it gives for a plan.
// Default figures: DOMAIN "Consultation facts from the seed" ("Cost per whole treatment (1–3 sessions,
// USD)" and the regional ranges). They are defaults of an editable book, not truths.
import { z } from '../schema.js';
import { describe, InputError, safeParse, text } from '../errors.js';
import { checkedPlan, type Plan, valueAt } from '../plan.js';
import { CONCERNS, concernDefaults, type ConcernId } from './concerns.js';
import { treatedAreaCm2 } from './stages.js';

/** Thrown for an invalid price book or a book that cannot price a case: `path` is the field, `value` what was found. */
export class PriceBookError extends InputError {
  constructor(path: string, value: unknown, problem: string) {
    super(`priceBook.${text(path ?? '') || '(root)'}: ${text(problem)} (got ${describe(value)})`, path, value);
    this.name = 'PriceBookError';
  }
}

const money = z.number().check(z.minimum(0), z.maximum(10_000_000));
const range = z
  .strictObject({ low: money, high: money })
  .check(z.refine((r) => r.high >= r.low, { message: 'high must not be below low', path: ['high'] }));

/** How a concern is priced: one range per whole treatment, by treated-area band, or per cm². */
const concernPrice = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('treatment'), low: money, high: money, label: z.optional(z.string().check(z.maxLength(200))) }),
  z.strictObject({
    by: z.literal('area-band'),
    /** Bands in order of growing area; the last one has no upper bound (upToCm2 null). */
    bands: z
      .array(
        z.strictObject({
          upToCm2: z.nullable(z.number().check(z.gt(0), z.maximum(5_000))),
          low: money,
          high: money,
          label: z.optional(z.string().check(z.maxLength(200))),
        }),
      )
      .check(z.minLength(1), z.maxLength(20)),
  }),
  z.strictObject({ by: z.literal('cm2'), low: money, high: money, minimum: z.optional(range) }),
]);

const priceBookSchema = z.strictObject({
  /** Book format version. */
  version: z.literal(1),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** ISO 4217 code, e.g. USD. */
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')),
  /** Where the figures come from, shown under the estimate. */
  source: z._default(z.string().check(z.maxLength(1_000)), ''),
  /** Sessions a whole-treatment price includes (DOMAIN: 1–3). */
  includedSessions: z._default(z.int().check(z.minimum(1), z.maximum(12)), 3),
  /** Per concern; a missing concern cannot be estimated. */
  concerns: z.partialRecord(z.enum(CONCERNS), concernPrice),
  /** Each session beyond includedSessions (DOMAIN: per treatment 400–1,000). */
  perSession: range,
  /** One touch-up (DOMAIN: 350–1,000). */
  touchUp: range,
});

/** A price book as written in JSON. */
export type PriceBookInput = z.input<typeof priceBookSchema>;
/** A validated price book. */
export type PriceBook = z.output<typeof priceBookSchema>;

function pathString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const key of path) s += typeof key === 'number' ? `[${key}]` : s ? `.${String(key)}` : String(key);
  return s;
}


/** Checks a price book and returns it typed with defaults; throws PriceBookError naming the field and value. */
export function validatePriceBook(input: unknown): PriceBook {
  // a concern named like a prototype property (`__proto__` in JSON) would be dropped silently by the record schema
  const concerns = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).concerns : undefined;
  if (concerns !== null && typeof concerns === 'object' && !Array.isArray(concerns))
    for (const k of Object.keys(concerns)) if (!(CONCERNS as readonly string[]).includes(k)) throw new PriceBookError(`concerns.${k}`, (concerns as Record<string, unknown>)[k], `unknown concern; expected one of ${CONCERNS.join(', ')}`);
  const r = safeParse(priceBookSchema, input, (path, value) => {
    throw new PriceBookError(pathString(path), value, 'expected JSON data (numbers, strings, lists, plain objects)');
  });
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    throw new PriceBookError(pathString(path), valueAt(input, path), issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message);
  }
  const book = r.data;
  for (const [id, p] of Object.entries(book.concerns)) {
    if (!p) continue;
    if (p.by !== 'area-band') {
      if (p.high < p.low) throw new PriceBookError(`concerns.${id}.high`, p.high, `must not be below low ${p.low}`);
      continue;
    }
    p.bands.forEach((b, i) => {
      if (b.high < b.low) throw new PriceBookError(`concerns.${id}.bands[${i}].high`, b.high, `must not be below low ${b.low}`);
      const last = i === p.bands.length - 1;
      if (last !== (b.upToCm2 === null)) throw new PriceBookError(`concerns.${id}.bands[${i}].upToCm2`, b.upToCm2, last ? 'the last band must be open (null)' : 'only the last band may be open (null)');
      const prev = i > 0 ? p.bands[i - 1]!.upToCm2 : 0;
      if (b.upToCm2 !== null && prev !== null && !(b.upToCm2 > prev)) throw new PriceBookError(`concerns.${id}.bands[${i}].upToCm2`, b.upToCm2, `must exceed the previous band's ${prev}`);
    });
  }
  return book;
}

/**
 * Treated area separating "mild" from "severe" balding in the default book, cm². Ours: between the
 * Norwood IV (≈ 140 cm²) and Norwood V (≈ 190 cm²) templates, as NW V–VII are the advanced stages (DOMAIN).
 */
export const SEVERE_BALDING_CM2 = 160;

const USD_SOURCE = 'DOMAIN.md "Consultation facts from the seed": cost per whole treatment (1–3 sessions, USD). Defaults of an editable book, not truths.';

/** The default book: DOMAIN's US table. Alopecia has no row of its own: priced like balding by area (ours; many treat the whole scalp). */
export const DEFAULT_PRICE_BOOK: PriceBookInput = {
  version: 1,
  name: 'United States (DOMAIN.md defaults)',
  currency: 'USD',
  source: USD_SOURCE,
  includedSessions: 3,
  concerns: {
    shaved: {
      by: 'area-band',
      bands: [
        { upToCm2: SEVERE_BALDING_CM2, low: 3_900, high: 4_300, label: 'mild balding' },
        { upToCm2: null, low: 4_500, high: 5_000, label: 'severe balding' },
      ],
    },
    hairline: { by: 'treatment', low: 2_500, high: 3_000, label: 'hairline' },
    density: { by: 'treatment', low: 2_500, high: 3_500, label: 'adding density' },
    'scar-fue': { by: 'treatment', low: 1_900, high: 2_500, label: 'scar cover-up' },
    'scar-fut': { by: 'treatment', low: 1_900, high: 2_500, label: 'scar cover-up' },
    alopecia: {
      by: 'area-band',
      bands: [
        { upToCm2: SEVERE_BALDING_CM2, low: 3_900, high: 4_300, label: 'as mild balding' },
        { upToCm2: null, low: 4_500, high: 5_000, label: 'as severe balding' },
      ],
    },
  },
  perSession: { low: 400, high: 1_000 },
  touchUp: { low: 350, high: 1_000 },
};

/** DOMAIN's ranges abroad (USD, whole treatment): [low, high]. */
export const REGIONAL_RANGES_USD: Readonly<Record<string, readonly [number, number]>> = Object.freeze({
  Canada: [2_000, 5_000],
  Mexico: [1_000, 4_000],
  Colombia: [750, 3_500],
  'United Kingdom': [1_000, 5_000],
  Australia: [1_000, 5_000],
  Japan: [1_000, 4_000],
  'United Arab Emirates': [500, 3_000],
});

/**
 * A regional book: DOMAIN gives one whole-treatment range per country, so every concern gets that range;
 * the per-session and touch-up prices are the US ones (no regional figure exists) and the source says so.
 */
export function regionalPriceBook(region: string): PriceBookInput {
  const r = typeof region === 'string' && Object.hasOwn(REGIONAL_RANGES_USD, region) ? REGIONAL_RANGES_USD[region] : undefined;
  if (!r) throw new PriceBookError('region', region, `no regional figures; expected one of ${Object.keys(REGIONAL_RANGES_USD).join(', ')}`);
  const concerns = Object.fromEntries(CONCERNS.map((c) => [c, { by: 'treatment' as const, low: r[0], high: r[1], label: `${region}, whole treatment` }]));
  return {
    version: 1,
    name: `${region} (DOMAIN.md ranges)`,
    currency: 'USD',
    source: `DOMAIN.md "Consultation facts from the seed": ${region} ${r[0]}–${r[1]} USD per whole treatment, one range for every concern; per-session and touch-up prices are the US figures (no regional figure).`,
    includedSessions: 3,
    concerns,
    perSession: { ...DEFAULT_PRICE_BOOK.perSession },
    touchUp: { ...DEFAULT_PRICE_BOOK.touchUp },
  };
}

/** What an estimate depends on: one line per factor, with the amount it adds where it adds one. */
export interface EstimateReason {
  factor: 'concern' | 'area' | 'sessions' | 'maintenance';
  text: string;
  low?: number;
  high?: number;
}

/** A price range and what it depends on. */
export interface Estimate {
  low: number;
  high: number;
  currency: string;
  /** Treated area used, cm². */
  areaCm2: number;
  sessions: number;
  reasons: EstimateReason[];
}

const fmt = (v: number, cur: string): string => `${Math.round(v).toLocaleString('en-US')} ${cur}`;
/** "4,500–5,000 USD". */
const fmtRange = (lo: number, hi: number, cur: string): string => `${Math.round(lo).toLocaleString('en-US')}–${fmt(hi, cur)}`;

/**
 * Prices a plan for a concern: the concern's range (by treatment, by area band, or per cm² of treated area),
 * plus each session beyond the book's included ones; touch-ups are named as maintenance, not added.
 * `book` may be raw JSON (validated here). Throws PriceBookError naming the field.
 */
export function estimate(plan: Plan, concern: ConcernId, book: PriceBook | PriceBookInput = DEFAULT_PRICE_BOOK): Estimate {
  plan = checkedPlan(plan);
  const b = validatePriceBook(book);
  if (!(CONCERNS as readonly string[]).includes(concern)) throw new PriceBookError('concern', concern, `unknown concern; expected one of ${CONCERNS.join(', ')}`);
  const p = b.concerns[concern];
  if (!p) throw new PriceBookError(`concerns.${concern}`, undefined, 'this book has no price for the concern');
  const cur = b.currency;
  const area = treatedAreaCm2(plan);
  const n = plan.sessions.length;
  const reasons: EstimateReason[] = [];
  // the reasons go on the client's report: the concern's name as a client reads it, no internal names
  const name = concernDefaults(concern).label;
  let low: number;
  let high: number;
  if (p.by === 'treatment') {
    low = p.low;
    high = p.high;
    reasons.push({ factor: 'concern', text: `${name}: ${fmtRange(low, high, cur)} for a whole treatment of up to ${b.includedSessions} sessions.`, low, high });
    reasons.push({ factor: 'area', text: `Treated area ${area.toFixed(0)} cm²: this treatment is priced as a whole, not by area.` });
  } else if (p.by === 'area-band') {
    const i = p.bands.findIndex((x) => x.upToCm2 === null || area <= x.upToCm2);
    const band = p.bands[i]!;
    low = band.low;
    high = band.high;
    const prev = i > 0 ? p.bands[i - 1]!.upToCm2! : 0;
    const span = band.upToCm2 === null ? `over ${prev} cm²` : `${prev}–${band.upToCm2} cm²`;
    reasons.push({ factor: 'concern', text: `${name}: priced by the size of the treated area.` });
    reasons.push({ factor: 'area', text: `Treated area ${area.toFixed(0)} cm² (the price for ${span}${band.label ? `, ${band.label}` : ''}): ${fmtRange(low, high, cur)} for up to ${b.includedSessions} sessions.`, low, high });
  } else {
    low = p.low * area;
    high = p.high * area;
    if (p.minimum) {
      low = Math.max(low, p.minimum.low);
      high = Math.max(high, p.minimum.high);
    }
    reasons.push({ factor: 'concern', text: `${name}: priced per cm² of treated area.` });
    reasons.push({ factor: 'area', text: `Treated area ${area.toFixed(0)} cm² × ${p.low}–${p.high} ${cur}/cm²${p.minimum ? `, at least ${fmtRange(p.minimum.low, p.minimum.high, cur)}` : ''}.`, low, high });
  }
  const extra = Math.max(0, n - b.includedSessions);
  if (extra > 0) {
    low += extra * b.perSession.low;
    high += extra * b.perSession.high;
    reasons.push({ factor: 'sessions', text: `${n} sessions: ${extra} beyond the ${b.includedSessions} included, ${fmtRange(b.perSession.low, b.perSession.high, cur)} each.`, low: extra * b.perSession.low, high: extra * b.perSession.high });
  } else reasons.push({ factor: 'sessions', text: `${n} session${n === 1 ? '' : 's'}: included in the treatment price (up to ${b.includedSessions}).` });
  reasons.push({ factor: 'maintenance', text: `Not included: touch-ups every few years (usually every 2–6 years, most often about every 4), ${fmtRange(b.touchUp.low, b.touchUp.high, cur)} each; see the touch-up forecast.` });
  return { low: Math.round(low), high: Math.round(high), currency: cur, areaCm2: area, sessions: n, reasons };
}
