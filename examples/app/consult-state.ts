// The consultation's settings, kept in the project next to the plan: who the client is, the concern and stage
// chosen, how sessions are booked, and which price book prices them. Validated with zod where they enter
// (opening a project); the studio's edit path keeps them valid after that.
import { z } from '../zod.js';
import { CONCERNS, STAGES, REGIONAL_RANGES_USD, PriceBookError, scheduleSessions, validatePriceBook, type PriceBookInput, type Schedule } from '../../src/consult/index.js';
import type { Dots } from '../../src/dots.js';
import type { Plan } from '../../src/plan.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const settingsSchema = z.strictObject({
  /** The client's name, as it goes on the report and the calendar. */
  client: z.string().max(120).default(''),
  concern: z.enum(CONCERNS).default('shaved'),
  /** The stage preset last chosen (the plan may have been edited since). */
  stage: z.enum(STAGES).nullable().default(null),
  /** Earliest date for session 1 in the studio's zone. */
  start: date.default('2027-01-04'),
  /** IANA time zone of the studio. */
  timeZone: z.string().min(1).max(64).default('UTC'),
  startTime: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM').default('10:00'),
  /** 0 Sunday … 6 Saturday. */
  closedWeekdays: z.array(z.int().min(0).max(6)).max(6).default([0, 6]),
  closedDates: z.array(date).max(400).default([]),
  /** Dots placed per hour (our default 4,700: ≈ 14,000 in 3 h, DOMAIN "Density"). */
  dotsPerHour: z.number().min(100).max(100_000).default(4_700),
  /** 'default' (DOMAIN's USD tables), a region of REGIONAL_RANGES_USD, or 'custom' (customBook). */
  book: z.string().max(40).default('default'),
  customBook: z.unknown().optional(),
});

/** Consultation settings as stored. */
export type ConsultSettings = z.output<typeof settingsSchema>;

/** Checks consultation settings; throws an Error naming the field and the value. */
export function validateConsult(input: unknown): ConsultSettings {
  const r = settingsSchema.safeParse(input ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.join('.');
    let v: unknown = input;
    for (const k of i.path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
    throw new Error(`consult.${path || '(root)'}: ${i.message} (got ${JSON.stringify(v)?.slice(0, 60)})`);
  }
  const s = r.data;
  if (s.book !== 'default' && s.book !== 'custom' && !Object.hasOwn(REGIONAL_RANGES_USD, s.book))
    throw new Error(`consult.book: expected default, custom or one of ${Object.keys(REGIONAL_RANGES_USD).join(', ')} (got ${JSON.stringify(s.book)})`);
  // the custom book is checked whenever it is kept (also while another book is chosen): it is part of the project
  if (s.book === 'custom' || s.customBook !== undefined) {
    try {
      validatePriceBook(s.customBook);
    } catch (e) {
      if (e instanceof PriceBookError) throw new Error(`consult.customBook: ${e.message}`, { cause: e });
      throw e;
    }
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: s.timeZone });
  } catch {
    throw new Error(`consult.timeZone: not a time zone this browser knows (got ${JSON.stringify(s.timeZone)})`);
  }
  return s;
}

/** Default settings: the browser's own zone, the next Monday. */
export function defaultConsult(now = new Date()): ConsultSettings {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 1);
  return validateConsult({ timeZone: zone, start: d.toISOString().slice(0, 10) });
}

/** The sessions of `plan` booked with the settings (dots per session from `dots` when they are the plan's); throws on a date the zone cannot place. */
export function scheduleFor(plan: Plan, s: ConsultSettings, dots: Dots | null = null): Schedule {
  return scheduleSessions(plan, {
    start: s.start,
    timeZone: s.timeZone,
    startTime: s.startTime,
    closedWeekdays: s.closedWeekdays,
    closedDates: s.closedDates,
    dotsPerHour: s.dotsPerHour,
    ...(dots ? { dotsPerSession: dots.stats.perLayer.slice(0, plan.sessions.length) } : {}),
  });
}

/** The price book the settings choose (raw JSON for the core, which validates it). */
export async function chosenBook(s: ConsultSettings): Promise<PriceBookInput | undefined> {
  const { DEFAULT_PRICE_BOOK, regionalPriceBook } = await import('../../src/consult/index.js');
  if (s.book === 'default') return DEFAULT_PRICE_BOOK;
  if (s.book === 'custom') return s.customBook as PriceBookInput;
  return regionalPriceBook(s.book);
}
