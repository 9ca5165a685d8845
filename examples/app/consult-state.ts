// The consultation's settings, kept in the project next to the plan: who the client is, the concern and stage
// chosen, how sessions are booked, and which price book prices them. Validated with zod where they enter
// (opening a project); the studio's edit path keeps them valid after that.
import { z } from '../zod.js';
import { CONCERNS, DEFAULT_SESSION_TIMES, STAGES, REGIONAL_RANGES_USD, PriceBookError, scheduleSessions, validatePriceBook, type PriceBookInput, type Schedule } from '../../src/consult/index.js';
import type { Dots } from '../../src/dots.js';
import type { Plan } from '../../src/plan.js';

/** The device's IANA time zone (the studio's default), or UTC where the browser does not say. */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const minutes = z.int().min(0).max(240);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const settingsSchema = z.strictObject({
  /** The client's name, as it goes on the report and the calendar. */
  client: z.string().max(120).default(''),
  /** A random id given to the client when the consultation starts (kept when the name is corrected): the calendar's UIDs derive from it. */
  clientId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'expected an id of 8–64 letters, digits or dashes').optional(),
  concern: z.enum(CONCERNS).default('shaved'),
  /** The stage preset last chosen (the plan may have been edited since). */
  stage: z.enum(STAGES).nullable().default(null),
  /** Earliest date for session 1 in the studio's zone. */
  start: date.default('2027-01-04'),
  /** IANA time zone of the studio; by default the device's. */
  timeZone: z.string().min(1).max(64).default(deviceTimeZone),
  startTime: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM').default('10:00'),
  /** 0 Sunday … 6 Saturday. */
  closedWeekdays: z.array(z.int().min(0).max(6)).max(6).default([0, 6]),
  closedDates: z.array(date).max(400).default([]),
  /** Dots placed per hour (our default 4,700: ≈ 14,000 in 3 h, DOMAIN "Density"). */
  dotsPerHour: z.number().min(100).max(100_000).default(4_700),
  /** A session's parts besides the needling, minutes (editable; ours by default). */
  times: z
    .strictObject({ setupMinutes: minutes, firstMappingMinutes: minutes, mappingMinutes: minutes, aftercareMinutes: minutes })
    .default({ ...DEFAULT_SESSION_TIMES }),
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

/** Default settings: the device's own zone, the next Monday. */
export function defaultConsult(now = new Date()): ConsultSettings {
  const zone = deviceTimeZone();
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
    times: s.times,
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

/** A fresh client id (random; nothing about the client in it). */
export function newClientId(): string {
  return crypto.randomUUID();
}

/**
 * The ids the calendar's UIDs derive from: the client's id (settings.clientId, given when the consultation
 * started) and the design's name. Throws when the client has no id yet (the studio gives one first).
 */
export function calendarIds(s: ConsultSettings, designName: string | undefined): { clientId: string; designId: string } {
  if (!s.clientId) throw new Error('consult.clientId: the client has no id yet (got undefined)');
  return { clientId: s.clientId, designId: designName?.trim() || 'Design A' };
}

const EXTRA: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ı: 'i' };
/** A name folded for comparison: no marks, lower case, single spaces (as the records' search folds it). */
const fold = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[łøđħßæœþðı]/g, (c) => EXTRA[c]!).replace(/\s+/g, ' ').trim();

/**
 * The client id after the name field changed: kept when the name was empty or only its case, accents or spacing
 * changed; otherwise the name is another client's and gets a new id, so two clients never share calendar UIDs.
 */
export function clientIdAfterRename(oldName: string, newName: string, oldId: string | undefined, fresh: () => string = newClientId): string {
  if (oldId && (fold(oldName) === '' || fold(oldName) === fold(newName))) return oldId;
  return fresh();
}
