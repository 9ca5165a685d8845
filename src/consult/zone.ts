// Calendar dates and local times in an IANA time zone, with Intl as the only source of zone offsets.
// Dates are 'YYYY-MM-DD' strings, local times 'HH:MM'; day arithmetic is done on day numbers, so it never
// depends on the machine's own zone.

import { ArgumentError, int, num } from '../errors.js';

const DAY_MS = 86_400_000;
/** Instants a Date holds, ms either side of 1970 (ECMAScript's ±100,000,000 days). */
const MAX_UTC_MS = 8.64e15;
/** Day numbers of 0000-01-01 and 9999-12-31: the dates 'YYYY-MM-DD' writes. */
const MIN_DAY = -719_528;
const MAX_DAY = 2_932_896;
/** Longest span zoneTransitions scans (a day per step): 200 years. */
export const MAX_TRANSITION_SPAN_MS = 200 * 365.25 * DAY_MS;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new ArgumentError('timeZone', timeZone, 'not an IANA time zone this runtime knows');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError naming the zone unless Intl knows it. */
export function checkTimeZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || timeZone === '' || timeZone.length > 100) throw new ArgumentError('timeZone', timeZone, 'expected an IANA name such as "Europe/Berlin"');
  formatter(timeZone);
}

function parts(timeZone: string, utcMs: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year!, mo: out.month!, d: out.day!, h: out.hour! % 24, mi: out.minute!, s: out.second! };
}

/** The zone's offset from UTC in minutes at an instant (e.g. +60 for Berlin in winter, +120 in summer). */
export function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  checkTimeZone(timeZone);
  num('utcMs', utcMs, -MAX_UTC_MS, MAX_UTC_MS);
  return offsetAt(timeZone, utcMs);
}

/** zoneOffsetMinutes for arguments already checked (the scans below call it once per day or bisection step). */
function offsetAt(timeZone: string, utcMs: number): number {
  const t = Math.floor(utcMs / 1000) * 1000;
  const p = parts(timeZone, t);
  return Math.round((Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - t) / 60_000);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError naming `field` for a malformed or impossible date. */
export function dayNumber(date: string, field = 'date'): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new ArgumentError(field, date, 'expected a date as YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw new ArgumentError(field, date, 'no such date');
  return Math.round(ms / DAY_MS);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOf(day: number): string {
  int('day', day, MIN_DAY, MAX_DAY);
  const t = new Date(day * DAY_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** A date plus whole days. */
export function addDays(date: string, days: number): string {
  const d = dayNumber(date);
  int('days', days, MIN_DAY - d, MAX_DAY - d);
  return dateOf(d + days);
}

/** Weekday of a date: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Minutes after midnight of an 'HH:MM' time; throws RangeError naming `field`. */
export function minutesOf(time: string, field = 'time'): number {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (!m) throw new ArgumentError(field, time, 'expected a time as HH:MM, 00:00–23:59');
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The UTC instant of a local date and time in a zone. A time that does not exist (skipped by a DST change)
 * is read with the offset before the change, so it lands after the gap; a time that occurs twice gets the
 * earlier instant (as Temporal's 'compatible' disambiguation).
 */
export function localToUtcMs(date: string, minutes: number, timeZone: string): number {
  checkTimeZone(timeZone);
  num('minutes', minutes, -1440 * 366, 1440 * 366);
  const local = dayNumber(date) * DAY_MS + minutes * 60_000;
  const oBefore = offsetAt(timeZone, local - DAY_MS);
  const oAfter = offsetAt(timeZone, local + DAY_MS);
  const tA = local - oBefore * 60_000;
  const tB = local - oAfter * 60_000;
  const valid = (t: number): boolean => t + offsetAt(timeZone, t) * 60_000 === local;
  const a = valid(tA);
  const b = valid(tB);
  if (a && b) return Math.min(tA, tB);
  if (b) return tB;
  return tA; // valid, or inside a gap: the pre-change offset
}

/** The local date, 'HH:MM' time and offset of a UTC instant in a zone. */
export function utcToLocal(utcMs: number, timeZone: string): { date: string; time: string; offsetMinutes: number } {
  checkTimeZone(timeZone);
  num('utcMs', utcMs, -MAX_UTC_MS, MAX_UTC_MS);
  const p = parts(timeZone, utcMs);
  return { date: `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`, time: `${pad(p.h)}:${pad(p.mi)}`, offsetMinutes: offsetAt(timeZone, utcMs) };
}

/** Every instant in [fromMs, toMs) where the zone's offset changes, to the minute, with the offsets either side; at most MAX_TRANSITION_SPAN_MS (200 years) apart. */
export function zoneTransitions(timeZone: string, fromMs: number, toMs: number): { utcMs: number; from: number; to: number }[] {
  checkTimeZone(timeZone);
  num('fromMs', fromMs, -MAX_UTC_MS, MAX_UTC_MS);
  num('toMs', toMs, -MAX_UTC_MS, MAX_UTC_MS);
  if (toMs - fromMs > MAX_TRANSITION_SPAN_MS) throw new ArgumentError('toMs', toMs, `at most 200 years (${MAX_TRANSITION_SPAN_MS} ms) after fromMs ${fromMs}`);
  const out: { utcMs: number; from: number; to: number }[] = [];
  const step = DAY_MS;
  let t = fromMs;
  let o = offsetAt(timeZone, t);
  while (t < toMs) {
    const next = Math.min(t + step, toMs);
    const on = offsetAt(timeZone, next);
    if (on !== o) {
      let lo = t;
      let hi = next; // offset(lo) = o, offset(hi) = on
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
        if (mid <= lo) break;
        if (offsetAt(timeZone, mid) === o) lo = mid;
        else hi = mid;
      }
      out.push({ utcMs: hi, from: o, to: on });
      o = on;
    }
    t = next;
  }
  return out;
}
