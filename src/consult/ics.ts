// iCalendar (RFC 5545) by hand: the `ics` package writes local times as UTC and no VTIMEZONE
// (shared/docs/LIBRARIES.md), and one VEVENT is a few dozen lines. Rules followed:
//   3.1   content lines end in CRLF; lines longer than 75 octets are folded (CRLF + one space), never
//         inside a UTF-8 sequence;
//   3.3.11 TEXT escapes backslash, semicolon, comma and newline (\\ \; \, \n);
//   3.3.5 DATE-TIME: local with TZID (form 3) or UTC with Z (DTSTAMP); 3.3.4 DATE for all-day events;
//   3.6.5 VTIMEZONE with STANDARD/DAYLIGHT observances (DTSTART local in the old offset, TZOFFSETFROM/TO);
//   3.8.4.7 UID and 3.8.7.2 DTSTAMP required in every VEVENT; VCALENDAR needs PRODID and VERSION.
import { ArgumentError, list, obj, str } from '../errors.js';
import { mix32 } from '../hash.js';
import type { AftercareEvent } from './aftercare.js';
import { fmtHours, type Schedule } from './schedule.js';
import { checkedSchedule } from './schedule-check.js';
import { checkTimeZone, dayNumber, minutesOf, utcToLocal, zoneOffsetMinutes, zoneTransitions } from './zone.js';

const CRLF = '\r\n';
/** Longest text the calendar functions take: 10 M characters (a calendar of a client's visits is a few kB). */
const MAX_TEXT = 10_000_000;
/** Most events one calendar holds. */
const MAX_EVENTS = 10_000;
/** Longest span of a calendar's timed events (its VTIMEZONE scans the zone day by day): 200 years. */
const MAX_SPAN_DAYS = 73_050;
const encoder = new TextEncoder();

/** A calendar event: timed (local `start`/`end` as 'YYYY-MM-DDTHH:MM' in the calendar's zone) or all-day (`date`, `endDate` exclusive). */
export type IcsEvent = {
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  categories?: string[];
} & ({ start: string; end: string } | { date: string; endDate: string });

/** Options for writeIcs. */
export interface IcsOptions {
  /** IANA zone of the timed events' local times. */
  timeZone: string;
  /** DTSTAMP: when the file is made (pass `new Date()`; a parameter so output is reproducible). */
  stamp: Date;
  /** PRODID. Default '-//smp-sim//consultation//EN'. */
  prodId?: string;
  /** X-WR-CALNAME shown by most calendar apps. */
  name?: string;
}

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newlines as \n; other control characters (not allowed in TEXT) are dropped. */
export function escapeText(s: string): string {
  return str('text', s, MAX_TEXT)
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, '')
    .replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Reverses escapeText (\N is read as a newline too). */
export function unescapeText(s: string): string {
  return str('text', s, MAX_TEXT).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Folds one content line to ≤ 75 octets per physical line (continuations start with a space), splitting only between code points. */
export function foldLine(line: string): string {
  str('line', line, MAX_TEXT);
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
      limit = 74; // the leading space takes one octet
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join(`${CRLF} `);
}

/** A one-line string (an id), at most 1,000 characters. */
function oneLine(where: string, v: unknown): string {
  if (typeof v !== 'string' || v.length > 1_000 || /[\r\n]/.test(v)) throw new ArgumentError(where, v, 'expected a one-line string of at most 1,000 characters');
  return v;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const icsDate = (date: string): string => date.replace(/-/g, '');
const icsLocal = (date: string, minutes: number): string => `${icsDate(date)}T${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}00`;
const icsUtc = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const offset = (min: number): string => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}${pad(Math.abs(min) % 60)}`;

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
function splitLocal(v: string, field: string): { date: string; minutes: number } {
  const m = typeof v === 'string' ? LOCAL_RE.exec(v) : null;
  if (!m) throw new ArgumentError(field, v, 'expected a local date-time as YYYY-MM-DDTHH:MM');
  dayNumber(m[1]!, field);
  return { date: m[1]!, minutes: minutesOf(m[2]!, field) };
}

/**
 * The VTIMEZONE for a zone over [fromDay, toDay] (day numbers): one observance per offset change found
 * by Intl, the first one holding the offset in force at the start. Larger offsets are DAYLIGHT.
 */
function vtimezone(timeZone: string, fromDay: number, toDay: number): string[] {
  const DAY = 86_400_000;
  const t0 = (fromDay - 1) * DAY;
  const t1 = (toDay + 2) * DAY;
  const trans = zoneTransitions(timeZone, t0, t1);
  const o0 = zoneOffsetMinutes(timeZone, t0);
  const all = [o0, ...trans.map((t) => t.to)];
  const lo = Math.min(...all);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (utcMs: number, from: number, to: number): void => {
    const kind = to > lo ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the onset in local time of the offset in force before it (RFC 5545 3.6.5)
    const l = utcToLocalFixed(utcMs, from);
    lines.push(`BEGIN:${kind}`, `DTSTART:${l}`, `TZOFFSETFROM:${offset(from)}`, `TZOFFSETTO:${offset(to)}`, `END:${kind}`);
  };
  observance(t0, o0, o0);
  for (const t of trans) observance(t.utcMs, t.from, t.to);
  lines.push('END:VTIMEZONE');
  return lines;
}

function utcToLocalFixed(utcMs: number, offsetMin: number): string {
  const d = new Date(utcMs + offsetMin * 60_000);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Writes an RFC 5545 calendar: CRLF lines, folded at 75 octets, TEXT escaped, a VTIMEZONE for the timed events' zone. */
export function writeIcs(events: readonly IcsEvent[], opts: IcsOptions): string {
  list('events', events, MAX_EVENTS);
  obj('options', opts);
  checkTimeZone(opts.timeZone);
  if (!(opts.stamp instanceof Date) || Number.isNaN(opts.stamp.getTime())) throw new ArgumentError('stamp', opts.stamp, 'expected a valid Date');
  if (opts.prodId !== undefined) oneLine('prodId', opts.prodId);
  if (opts.name !== undefined) str('name', opts.name, 1_000);
  const stamp = icsUtc(opts.stamp);
  const uids = new Set<string>();
  let minDay = Infinity;
  let maxDay = -Infinity;
  let timed = false;
  const body: string[] = [];
  events.forEach((e, i) => {
    obj(`events[${i}]`, e);
    if (typeof e.uid !== 'string' || e.uid === '' || e.uid.length > 1_000 || /[\r\n]/.test(e.uid)) throw new ArgumentError(`events[${i}].uid`, e.uid, 'expected a one-line, non-empty string');
    if (uids.has(e.uid)) throw new ArgumentError(`events[${i}].uid`, e.uid, 'duplicate');
    str(`events[${i}].summary`, e.summary, MAX_TEXT);
    if (e.description !== undefined) str(`events[${i}].description`, e.description, MAX_TEXT);
    if (e.location !== undefined) str(`events[${i}].location`, e.location, MAX_TEXT);
    if (e.categories !== undefined) Array.from(list(`events[${i}].categories`, e.categories, 100)).forEach((c, j) => str(`events[${i}].categories[${j}]`, c, 1_000));
    uids.add(e.uid);
    const lines = ['BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${stamp}`];
    if ('start' in e) {
      const s = splitLocal(e.start, `events[${i}].start`);
      const f = splitLocal(e.end, `events[${i}].end`);
      if (dayNumber(f.date) * 1440 + f.minutes <= dayNumber(s.date) * 1440 + s.minutes) throw new ArgumentError(`events[${i}].end`, e.end, `must follow the start ${e.start}`);
      timed = true;
      minDay = Math.min(minDay, dayNumber(s.date));
      maxDay = Math.max(maxDay, dayNumber(f.date));
      if (maxDay - minDay > MAX_SPAN_DAYS) throw new ArgumentError(`events[${i}]`, e.start, `the timed events span more than 200 years (${MAX_SPAN_DAYS} days)`);
      lines.push(`DTSTART;TZID=${opts.timeZone}:${icsLocal(s.date, s.minutes)}`, `DTEND;TZID=${opts.timeZone}:${icsLocal(f.date, f.minutes)}`);
    } else {
      const a = dayNumber(e.date, `events[${i}].date`);
      const b = dayNumber(e.endDate, `events[${i}].endDate`);
      if (b <= a) throw new ArgumentError(`events[${i}].endDate`, e.endDate, `must follow the date ${e.date} (exclusive end)`);
      lines.push(`DTSTART;VALUE=DATE:${icsDate(e.date)}`, `DTEND;VALUE=DATE:${icsDate(e.endDate)}`, 'TRANSP:TRANSPARENT');
    }
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    lines.push('END:VEVENT');
    body.push(...lines);
  });
  const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${opts.prodId ?? '-//smp-sim//consultation//EN'}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (opts.name) head.push(`X-WR-CALNAME:${escapeText(opts.name)}`);
  if (timed) head.push(...vtimezone(opts.timeZone, minDay, maxDay));
  return [...head, ...body, 'END:VCALENDAR'].map(foldLine).join(CRLF) + CRLF;
}

/** Options for consultationIcs. */
export interface ConsultationIcsOptions {
  stamp: Date;
  /** Calendar name, e.g. the client's name and the studio. */
  name?: string;
  /** Studio address, on the session events. */
  location?: string;
  /** A stable id of the client (their record's id): with designId it makes every UID, so a re-export updates the same events and two clients never share one. */
  clientId: string;
  /** A stable id of the design within the client's project (e.g. its name). */
  designId: string;
  /** Session title; default 'SMP session {n} of {total}'. */
  sessionTitle?: (index: number, total: number) => string;
}

/** 64 bits of a string's hash as 16 hex digits (two lowbias32 lanes over its UTF-16 units); not cryptographic, only to keep ids out of the file. */
function hash64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = mix32(a ^ c);
    b = mix32((b + Math.imul(c, 0x9e3779b9)) ^ (b >>> 13));
  }
  a = mix32(a ^ s.length);
  b = mix32(b ^ a);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The UID stem of a client's design: `smp-{64-bit hash of the client id}-{32-bit hash of the design id}`.
 * The same client and design give the same stem on every export (a calendar updates its events); the ids
 * themselves (which may hold a name) never appear in the file.
 */
export function calendarUidStem(clientId: string, designId: string): string {
  for (const [field, v] of [['clientId', clientId], ['designId', designId]] as const) {
    str(field, v, 1_000);
    if (v.trim() === '') throw new ArgumentError(field, v, 'expected a non-empty id so that calendar events are unique per client and design');
  }
  return `smp-${hash64(clientId)}-${hash64(`design\u0000${designId}`).slice(0, 8)}`;
}

/** The consultation calendar: the sessions as timed events in the schedule's zone and the aftercare as all-day events. UIDs: calendarUidStem + the event. */
export function consultationIcs(schedule: Schedule, aftercare: readonly AftercareEvent[], opts: ConsultationIcsOptions): string {
  schedule = checkedSchedule('schedule', schedule);
  list('aftercare', aftercare, MAX_EVENTS);
  aftercare.forEach((a, i) => {
    obj(`aftercare[${i}]`, a);
    if (!(Number.isInteger(a.session) && a.session >= 0 && a.session < 12)) throw new ArgumentError(`aftercare[${i}].session`, a.session, 'expected a session index 0–11');
    oneLine(`aftercare[${i}].ruleId`, a.ruleId);
    str(`aftercare[${i}].title`, a.title, MAX_TEXT);
    str(`aftercare[${i}].detail`, a.detail, MAX_TEXT);
  });
  obj('options', opts);
  if (opts.location !== undefined) str('options.location', opts.location, 1_000);
  if (opts.name !== undefined) str('options.name', opts.name, 1_000);
  if (opts.sessionTitle !== undefined && typeof opts.sessionTitle !== 'function') throw new ArgumentError('options.sessionTitle', opts.sessionTitle, 'expected a function (index, total) → title');
  const n = schedule.sessions.length;
  const id = calendarUidStem(opts.clientId, opts.designId);
  const title = opts.sessionTitle ?? ((i: number, total: number) => `SMP session ${i + 1} of ${total}`);
  const events: IcsEvent[] = schedule.sessions.map((s) => {
    const end = utcToLocal(Date.parse(s.endUtc), schedule.timeZone);
    return {
      uid: `${id}-session-${s.index + 1}@smp-sim`,
      summary: str(`options.sessionTitle(${s.index}, ${n})`, title(s.index, n), 1_000),
      description: `Booked for ${fmtHours(s.durationMinutes)}: set-up and numbing ${fmtHours(s.parts.setup)}, mapping ${fmtHours(s.parts.mapping)}, needling about ${fmtHours(s.parts.needle)} (${s.dots.toLocaleString('en-US')} dots), aftercare talk ${fmtHours(s.parts.aftercare)}.`,
      start: `${s.date}T${s.startTime}`,
      end: `${end.date}T${end.time}`,
      ...(opts.location ? { location: opts.location } : {}),
      categories: ['SMP', 'Session'],
    };
  });
  for (const a of aftercare)
    events.push({
      uid: `${id}-s${a.session + 1}-${a.ruleId}@smp-sim`,
      summary: a.title,
      description: a.detail,
      date: a.date,
      endDate: a.endDate,
      categories: ['SMP', a.kind === 'reaction' ? 'Expected reaction' : 'Aftercare'],
    });
  return writeIcs(events, { timeZone: schedule.timeZone, stamp: opts.stamp, ...(opts.name ? { name: opts.name } : {}) });
}

// ---- a small parser (used by the tests to round-trip; also reads what other calendars write) ----

/** A content line: name, parameters (names upper-cased), raw value (TEXT still escaped). */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** A component (VCALENDAR, VEVENT, VTIMEZONE, …) with its properties and sub-components. */
export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

/** Splits a content line at the first ':' outside a quoted parameter value. */
function parseLine(line: string, n: number): IcsProperty {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new ArgumentError(`text: line ${n}`, line.slice(0, 60), "no ':'");
  const head = line.slice(0, colon);
  const segs: string[] = [];
  let cur = '';
  quoted = false;
  for (const c of head) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      segs.push(cur);
      cur = '';
    } else cur += c;
  }
  segs.push(cur);
  const params: Record<string, string> = {};
  for (const p of segs.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new ArgumentError(`text: line ${n}`, p, 'bad parameter');
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  return { name: segs[0]!.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** Parses iCalendar text into components: unfolds (CRLF + space/tab), splits content lines, nests BEGIN/END. */
export function parseIcs(text: string): IcsComponent[] {
  str('text', text, MAX_TEXT);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const root: IcsComponent = { name: '', properties: [], components: [] };
  const stack: IcsComponent[] = [root];
  lines.forEach((line, i) => {
    if (line === '') return;
    const p = parseLine(line, i + 1);
    const top = stack[stack.length - 1]!;
    if (p.name === 'BEGIN') {
      const c: IcsComponent = { name: p.value.toUpperCase(), properties: [], components: [] };
      top.components.push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      if (top === root || top.name !== p.value.toUpperCase()) throw new ArgumentError(`text: line ${i + 1}`, `END:${p.value}`, `does not close ${top.name || 'anything'}`);
      stack.pop();
    } else top.properties.push(p);
  });
  if (stack.length !== 1) throw new ArgumentError('text', stack[stack.length - 1]!.name, 'not closed');
  return root.components;
}

/** An event as read back: TEXT unescaped; timed events as local 'YYYY-MM-DDTHH:MM' with their TZID, all-day as dates. */
export interface ParsedIcsEvent {
  uid: string;
  dtstamp: string;
  summary: string;
  description?: string;
  location?: string;
  categories?: string[];
  tzid?: string;
  start?: string;
  end?: string;
  date?: string;
  endDate?: string;
}

/** Splits a TEXT list at commas that are not escaped (a backslash pair is one escaped backslash). */
function splitList(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && i + 1 < v.length) {
      cur += c + v[i + 1]!;
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const fromIcsDate = (v: string): string => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;

/** The VEVENTs of a calendar, read back into the shape writeIcs takes. */
export function readIcsEvents(text: string): ParsedIcsEvent[] {
  const cal = parseIcs(text).find((c) => c.name === 'VCALENDAR');
  if (!cal) throw new ArgumentError('text', text.slice(0, 60), 'no VCALENDAR');
  return cal.components
    .filter((c) => c.name === 'VEVENT')
    .map((c) => {
      const get = (n: string): IcsProperty | undefined => c.properties.find((p) => p.name === n);
      const e: ParsedIcsEvent = { uid: unescapeText(get('UID')?.value ?? ''), dtstamp: get('DTSTAMP')?.value ?? '', summary: unescapeText(get('SUMMARY')?.value ?? '') };
      const d = get('DESCRIPTION');
      if (d) e.description = unescapeText(d.value);
      const l = get('LOCATION');
      if (l) e.location = unescapeText(l.value);
      const cat = get('CATEGORIES');
      if (cat) e.categories = splitList(cat.value).map(unescapeText);
      const s = get('DTSTART');
      const f = get('DTEND');
      if (s?.params.VALUE === 'DATE') {
        e.date = fromIcsDate(s.value);
        if (f) e.endDate = fromIcsDate(f.value);
      } else if (s) {
        if (s.params.TZID) e.tzid = s.params.TZID;
        const local = (v: string): string => `${fromIcsDate(v)}T${v.slice(9, 11)}:${v.slice(11, 13)}`;
        e.start = local(s.value);
        if (f) e.end = local(f.value);
      }
      return e;
    });
}
