// Follow-up visits against the plan: the areas the consultant marks as needing more, the darkness measured in the
// visit's photo against the simulated picture of that day, and the touch-up forecast re-based on it.
//
// Re-basing: the darkening seen on the scalp (skin before − scalp now, in luminance) over the darkening the
// simulation shows for that day is the ratio k. The model's darkness curve D(t) is searched for the day t′ at which
// it equals k·D(visit day): the scalp looks as the plan said it would on day t′. Every forecast date moves by
// (visit day − t′): earlier when the scalp is lighter than planned (k < 1), later when darker. Only after healing
// (the scabs of the first weeks make the darkness rise and fall) and only over the model's own range.

import { ArgumentError, list, num, obj } from '../errors.js';

/** Most points of a darkness curve, and the furthest day (after session 1) re-basing reads: 1,000 years. */
const MAX_CURVE = 100_000;
const MAX_DAY = 365_250;

/** An area marked as needing more: centre (x, y) and radius r, as fractions of the photo's width and height (r of its width). */
export interface VisitMark {
  x: number;
  y: number;
  r: number;
}

/** Mean luminance (0–1, linear light) in the measured area of the before photo, the simulated picture for the day and the visit's photo. */
export interface VisitMeasure {
  before: number;
  simulated: number;
  visit: number;
}

/** The model's darkness over time: days after session 1 (ascending) and the darkening at each (any unit, ≥ 0). */
export interface DarknessCurve {
  days: readonly number[];
  darkness: readonly number[];
}

/** The result of re-basing. */
export interface Rebased {
  /** Darkening seen ÷ darkening simulated on the visit's day. */
  ratio: number;
  /** The day whose simulated darkness matches what was seen. */
  equivalentDay: number;
  /** Days every forecast date moves (negative: earlier). */
  shiftDays: number;
  /** The touch-up years, moved (never before the visit). */
  dueYears: number[];
  /** One sentence for the consultant and the report. */
  text: string;
}

/** Darkening seen ÷ darkening simulated; throws RangeError naming the field when the simulated picture shows none. */
export function darknessRatio(m: VisitMeasure): number {
  obj('measured', m);
  for (const k of ['before', 'simulated', 'visit'] as const) num(`measured.${k}`, m[k], 0, 1);
  const sim = m.before - m.simulated;
  if (!(sim > 0.005)) throw new ArgumentError('measured.simulated', m.simulated, `the simulated picture is not darker than the before photo there (before ${m.before.toFixed(3)}): measure on treated scalp`);
  return Math.max(0, (m.before - m.visit) / sim);
}

function at(c: DarknessCurve, day: number): number {
  const { days, darkness } = c;
  if (day <= days[0]!) return darkness[0]!;
  for (let i = 1; i < days.length; i++)
    if (day <= days[i]!) {
      const f = (day - days[i - 1]!) / (days[i]! - days[i - 1]!);
      return darkness[i - 1]! + f * (darkness[i]! - darkness[i - 1]!);
    }
  return darkness[darkness.length - 1]!;
}

/**
 * Re-bases the touch-up years on a visit (see the top of this file). `healedDay`: the first day the curve is
 * trusted (after the last session's healing). Throws RangeError naming the field for a visit before it.
 */
export function rebaseForecast(curve: DarknessCurve, visitDay: number, measured: VisitMeasure, dueYears: readonly number[], healedDay: number): Rebased {
  obj('curve', curve);
  const days = list('curve.days', curve.days, MAX_CURVE) as readonly number[];
  const darkness = list('curve.darkness', curve.darkness, MAX_CURVE) as readonly number[];
  if (days.length < 2 || days.length !== darkness.length) throw new ArgumentError('curve', `${days.length} days and ${darkness.length} darkness values`, 'expected matching days and darkness, 2 or more');
  for (let i = 0; i < days.length; i++) {
    num(`curve.days[${i}]`, days[i], i ? days[i - 1]! : -MAX_DAY, MAX_DAY);
    num(`curve.darkness[${i}]`, darkness[i], 0);
  }
  num('healedDay', healedDay, -MAX_DAY, MAX_DAY);
  num('visit.day', visitDay, -MAX_DAY, MAX_DAY);
  list('dueYears', dueYears, 1_000);
  for (let i = 0; i < dueYears.length; i++) num(`dueYears[${i}]`, dueYears[i], -MAX_DAY / 365, MAX_DAY / 365);
  if (!(visitDay >= healedDay)) throw new ArgumentError('visit.day', visitDay, `the forecast is re-based on healed skin, from day ${healedDay} after session 1`);
  const ratio = darknessRatio(measured);
  const target = ratio * at(curve, visitDay);
  // the darkness fades after healing: the first day from healedDay on where the model is as dark as what was seen
  const from = days.findIndex((d) => d >= healedDay);
  let eq = visitDay;
  if (target >= at(curve, healedDay)) eq = healedDay;
  else {
    eq = days[days.length - 1]!;
    let prevDay = healedDay;
    let prev = at(curve, healedDay);
    for (let i = Math.max(from, 0); i < days.length; i++) {
      const d = days[i]!;
      const v = darkness[i]!;
      if (v <= target) {
        eq = v === prev ? d : prevDay + ((prev - target) / (prev - v)) * (d - prevDay);
        break;
      }
      prevDay = d;
      prev = v;
    }
  }
  // a darker scalp than planned: how far back the model was this dark bounds the shift (never before healing)
  const shiftDays = Math.round(visitDay - eq);
  const visitYear = visitDay / 365;
  const moved = dueYears.map((y) => Math.max(visitYear, Math.round((y + shiftDays / 365) * 10) / 10));
  const pct = Math.round(ratio * 100);
  const months = Math.abs(shiftDays) / 30.4;
  const when = Math.abs(shiftDays) < 15 ? 'as planned, so the touch-up forecast stands' : `as the plan expected ${months.toFixed(months < 10 ? 1 : 0)} months ${shiftDays < 0 ? 'later' : 'earlier'}, so the touch-up forecast moves ${shiftDays < 0 ? 'earlier' : 'later'} by as much`;
  return {
    ratio,
    equivalentDay: Math.round(eq),
    shiftDays,
    dueYears: moved,
    text: `At the visit on day ${visitDay} the treated scalp showed ${pct} % of the darkening the simulation shows for that day: it looks ${when}.`,
  };
}
