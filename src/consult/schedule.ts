// The session calendar: dates from a chosen start date (closed days skipped), local start and end times in
// an IANA time zone, and hours per session from the dots to place.
import { regionAreasMm2 } from '../aging/index.js';
import { ArgumentError, list, num, obj } from '../errors.js';
import { checkedSchedule } from './schedule-check.js';
import { checkedPlan, type Plan, type PlanInput, validatePlan } from '../plan.js';
import { addDays, checkTimeZone, dayNumber, localToUtcMs, minutesOf, utcToLocal, weekday } from './zone.js';

/** Dots placed per hour of needling. DOMAIN "Density": ≈ 14,000 dots in a 2–4 h session → 14,000 / 3 h (the midpoint), rounded. */
export const DEFAULT_DOTS_PER_HOUR = 4_700;
/**
 * What a session is booked for besides the needling, minutes (ours, editable): set-up with topical numbing
 * (DOMAIN "Consultation facts": topical numbing), mapping (drawing and agreeing the hairline in session 1,
 * checking it in later sessions) and the aftercare talk at the end.
 */
export interface SessionTimes {
  setupMinutes: number;
  /** Mapping in the first session (the hairline drawn on the scalp and agreed with the client). */
  firstMappingMinutes: number;
  /** Mapping in each later session (the line checked and touched up). */
  mappingMinutes: number;
  aftercareMinutes: number;
}

/** Our defaults for the session's parts besides the needling. */
export const DEFAULT_SESSION_TIMES: Readonly<SessionTimes> = { setupMinutes: 30, firstMappingMinutes: 45, mappingMinutes: 15, aftercareMinutes: 15 };

/** The parts one booked session is made of, minutes; they add up to its durationMinutes. */
export interface SessionParts {
  setup: number;
  mapping: number;
  /** Needle time: dots ÷ rate, rounded up to a quarter hour. */
  needle: number;
  aftercare: number;
}
/** Session start time when none is chosen. Ours. */
export const DEFAULT_START_TIME = '10:00';
/** Weekdays closed by default: Sunday (0) and Saturday (6) (the issue: weekends skipped; editable). */
export const DEFAULT_CLOSED_WEEKDAYS: readonly number[] = [0, 6];
/** Spacing DOMAIN reports between sessions, days ("Sessions": 7–30). Outside it the schedule warns. */
export const SESSION_SPACING_DAYS = [7, 30] as const;
/** Session length DOMAIN reports, hours ("Sessions": 2–4 h [clinic], 4–5 h [seed]). A longer booking warns. */
export const SESSION_HOURS = [2, 5] as const;

/** Options for scheduleSessions. */
export interface ScheduleOptions {
  /** The earliest date for session 1, 'YYYY-MM-DD' in the zone. */
  start: string;
  /** IANA time zone of the studio, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** Local start time of every session, 'HH:MM'. Default 10:00. */
  startTime?: string;
  /** Closed weekdays, 0 Sunday … 6 Saturday. Default Saturday and Sunday. */
  closedWeekdays?: readonly number[];
  /** Closed dates, 'YYYY-MM-DD' (holidays, leave). */
  closedDates?: readonly string[];
  /** Days between sessions, one per gap (length sessions − 1) or one for all; default: the plan's session days. */
  spacingDays?: number | readonly number[];
  /** Dots placed per hour, editable. Default 4,700 (DOMAIN: ≈ 14,000 in a 2–4 h session). */
  dotsPerHour?: number;
  /** Minutes of set-up, mapping and aftercare talk per session; each defaults to DEFAULT_SESSION_TIMES. */
  times?: Partial<SessionTimes>;
  /** Dots placed in each session (e.g. dots.stats.perLayer); default estimated from the plan's areas and density. */
  dotsPerSession?: readonly number[];
}

/** One booked session. Local times are wall-clock times in the schedule's zone. */
export interface ScheduledSession {
  /** 0-based session index. */
  index: number;
  /** Local date, 'YYYY-MM-DD'. */
  date: string;
  /** Local start and end, 'HH:MM'. */
  startTime: string;
  endTime: string;
  /** UTC instants as ISO strings. */
  startUtc: string;
  endUtc: string;
  /** Offset from UTC at the start, minutes. */
  utcOffsetMinutes: number;
  /** Days after session 1 (what the plan's sessions[i].day should hold). */
  day: number;
  /** Dots to place in this session. */
  dots: number;
  /** Needling hours (dots ÷ rate, rounded up to a quarter hour). */
  hours: number;
  /** The booking's parts, minutes. */
  parts: SessionParts;
  /** Whole visit in minutes: the sum of the parts. */
  durationMinutes: number;
  /** The date was moved later because the nominal date was closed. */
  moved: boolean;
}

/** A session calendar. */
export interface Schedule {
  timeZone: string;
  dotsPerHour: number;
  sessions: ScheduledSession[];
  /** The session parts besides the needling this schedule used. */
  times: SessionTimes;
  /** Things outside what clinics report (spacing outside 7–30 days, bookings over 5 h), in words. */
  warnings: string[];
}

/** Dots each session places, estimated from region areas × density target × the session's share (no simulation). */
export function estimateSessionDots(plan: Plan): number[] {
  plan = checkedPlan(plan);
  const areas = regionAreasMm2(plan);
  let full = 0;
  plan.regions.forEach((r, i) => {
    if (r.kind !== 'exclusion') full += (areas[i]! / 100) * plan.density.target * r.densityScale;
  });
  let prev = 0;
  return plan.sessions.map((s) => {
    const n = Math.round(full * (s.cumulative - prev));
    prev = s.cumulative;
    return n;
  });
}

/** Minutes as hours for people: "4 h", "4 h 15 min", "45 min". */
export function fmtHours(minutes: number): string {
  num('fmtHours: minutes', minutes, 0, 1e9);
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`;
}

function gaps(plan: Plan, spacing: ScheduleOptions['spacingDays']): number[] {
  const n = plan.sessions.length;
  const out: number[] = [];
  for (let i = 1; i < n; i++) {
    const g = spacing === undefined ? plan.sessions[i]!.day - plan.sessions[i - 1]!.day : typeof spacing === 'number' ? spacing : spacing[i - 1];
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 1 || g > 365)
      throw new ArgumentError(`spacingDays[${i - 1}]`, g, `expected whole days 1–365 between sessions ${i} and ${i + 1}`);
    out.push(g);
  }
  return out;
}

/**
 * Books the plan's sessions: session 1 on the first open date from `start`, each next one `spacing` days
 * after the previous actual date, moved to the next open date when closed; local times in `timeZone`.
 */
export function scheduleSessions(plan: Plan, opts: ScheduleOptions): Schedule {
  plan = checkedPlan(plan);
  obj('options', opts);
  checkTimeZone(opts.timeZone);
  if (opts.closedWeekdays !== undefined) list('closedWeekdays', opts.closedWeekdays, 7);
  if (opts.closedDates !== undefined) list('closedDates', opts.closedDates, 3_660);
  if (opts.dotsPerSession !== undefined) list('dotsPerSession', opts.dotsPerSession, 12);
  if (opts.spacingDays !== undefined && typeof opts.spacingDays !== 'number') list('spacingDays', opts.spacingDays, 11);
  dayNumber(opts.start, 'start');
  const startMin = minutesOf(opts.startTime ?? DEFAULT_START_TIME, 'startTime');
  const closedWeekdays = new Set(opts.closedWeekdays ?? DEFAULT_CLOSED_WEEKDAYS);
  for (const w of closedWeekdays)
    if (!Number.isInteger(w) || w < 0 || w > 6) throw new ArgumentError('closedWeekdays', w, 'expected 0 (Sunday) … 6 (Saturday)');
  if (closedWeekdays.size === 7) throw new ArgumentError('closedWeekdays', [0, 1, 2, 3, 4, 5, 6], 'every weekday is closed');
  const closedDates = new Set<number>();
  (opts.closedDates ?? []).forEach((d, i) => closedDates.add(dayNumber(d, `closedDates[${i}]`)));
  const rate = opts.dotsPerHour ?? DEFAULT_DOTS_PER_HOUR;
  if (!(rate >= 100 && rate <= 100_000)) throw new ArgumentError('dotsPerHour', rate, 'expected 100–100,000');
  const times: SessionTimes = { ...DEFAULT_SESSION_TIMES, ...opts.times };
  for (const k of Object.keys(DEFAULT_SESSION_TIMES) as (keyof SessionTimes)[])
    if (!(Number.isInteger(times[k]) && times[k] >= 0 && times[k] <= 240)) throw new ArgumentError(`times.${k}`, times[k], 'expected whole minutes 0–240');
  const dots = opts.dotsPerSession ? [...opts.dotsPerSession] : estimateSessionDots(plan);
  if (dots.length < plan.sessions.length) throw new ArgumentError('dotsPerSession', dots.length, `expected ${plan.sessions.length} entries, one per session`);
  dots.forEach((d, i) => {
    if (!(Number.isFinite(d) && d >= 0 && d <= 1e9)) throw new ArgumentError(`dotsPerSession[${i}]`, d, 'expected a count in [0, 1e9]');
  });
  const spacing = gaps(plan, opts.spacingDays);

  const isOpen = (day: number): boolean => !closedDates.has(day) && !closedWeekdays.has(weekday(addDays('1970-01-01', day)));
  const warnings: string[] = [];
  const sessions: ScheduledSession[] = [];
  let day = dayNumber(opts.start);
  let first = 0;
  for (let i = 0; i < plan.sessions.length; i++) {
    const nominal = i === 0 ? day : day + spacing[i - 1]!;
    let d = nominal;
    for (let guard = 0; !isOpen(d); guard++) {
      if (guard > 366) throw new ArgumentError('closedDates', `${closedDates.size} dates`, `no open date within a year after ${addDays('1970-01-01', nominal)}`);
      d++;
    }
    if (i === 0) first = d;
    else {
      const gap = d - day;
      if (gap < SESSION_SPACING_DAYS[0] || gap > SESSION_SPACING_DAYS[1])
        warnings.push(`Sessions ${i} and ${i + 1} are ${gap} days apart; clinics space them ${SESSION_SPACING_DAYS[0]}–${SESSION_SPACING_DAYS[1]} days.`);
    }
    day = d;
    const date = addDays('1970-01-01', d);
    const hours = Math.ceil((dots[i]! / rate) * 4) / 4;
    const parts: SessionParts = { setup: times.setupMinutes, mapping: i === 0 ? times.firstMappingMinutes : times.mappingMinutes, needle: Math.round(hours * 60), aftercare: times.aftercareMinutes };
    const durationMinutes = parts.setup + parts.mapping + parts.needle + parts.aftercare;
    if (durationMinutes > SESSION_HOURS[1] * 60)
      warnings.push(
        `Session ${i + 1} is booked for ${fmtHours(durationMinutes)} (${fmtHours(parts.needle)} of needling); clinics book ${SESSION_HOURS[0]}–${SESSION_HOURS[1]} h: consider another session or a faster rate.`,
      );
    const t0 = localToUtcMs(date, startMin, opts.timeZone);
    const t1 = t0 + durationMinutes * 60_000;
    const l0 = utcToLocal(t0, opts.timeZone);
    const l1 = utcToLocal(t1, opts.timeZone);
    sessions.push({
      index: i,
      date: l0.date,
      startTime: l0.time,
      endTime: l1.time,
      startUtc: new Date(t0).toISOString(),
      endUtc: new Date(t1).toISOString(),
      utcOffsetMinutes: l0.offsetMinutes,
      day: d - first,
      dots: Math.round(dots[i]!),
      hours,
      parts,
      durationMinutes,
      moved: d !== nominal,
    });
  }
  return { timeZone: opts.timeZone, dotsPerHour: rate, times, sessions, warnings };
}

/** The plan with each session's `day` set to the booked date (days after session 1), so the timeline matches the calendar. */
export function withScheduledDays(input: PlanInput, schedule: Schedule): PlanInput {
  validatePlan(obj('input', input)); // a plan document to edit: refused with a PlanError naming the field, never echoed with junk
  schedule = checkedSchedule('schedule', schedule);
  const sessions = input.sessions;
  if (!Array.isArray(sessions) || sessions.length !== schedule.sessions.length)
    throw new ArgumentError('input.sessions', sessions, `expected the schedule's ${schedule.sessions.length} sessions`);
  sessions.forEach((s, i) => obj(`input.sessions[${i}]`, s));
  return { ...input, sessions: sessions.map((s: NonNullable<PlanInput['sessions']>[number], i: number) => ({ ...s, day: schedule.sessions[i]!.day })) };
}

