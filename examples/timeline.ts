// The studio's timeline: a slider position 0–1 ↔ days after the first session, and what a client sees then.
// The first 35 % of the track covers the first 120 days (sessions and healing, where a day matters); the rest
// runs linearly to the horizon in years.
import type { AgingParams } from '../src/aging/index.js';
import { AFTERCARE_RULES, type AftercareRule } from '../src/consult/aftercare.js';
import type { Plan } from '../src/plan.js';

/** The timeline's horizon: ten years, days after the first session. */
export const HORIZON_DAYS = 3650;
/** Share of the slider given to the healing months. */
export const EARLY_SHARE = 0.35;
/** Days the early part of the slider covers. */
export const EARLY_DAYS = 120;

/** The day at slider position p (0–1) for a timeline ending at horizonDays. */
export function dayAt(p: number, horizonDays = 3650): number {
  const q = Math.min(1, Math.max(0, p));
  if (q <= EARLY_SHARE) return (q / EARLY_SHARE) * EARLY_DAYS;
  return EARLY_DAYS + ((q - EARLY_SHARE) / (1 - EARLY_SHARE)) * (horizonDays - EARLY_DAYS);
}

/** The slider position (0–1) of a day: the inverse of dayAt. */
export function positionOf(day: number, horizonDays = 3650): number {
  const d = Math.min(horizonDays, Math.max(0, day));
  if (d <= EARLY_DAYS) return (d / EARLY_DAYS) * EARLY_SHARE;
  return EARLY_SHARE + ((d - EARLY_DAYS) / (horizonDays - EARLY_DAYS)) * (1 - EARLY_SHARE);
}

/** A day as a client counts it: the coarsest unit that still reads right, and the number in it (years to 0.1). */
export function dayParts(day: number): { unit: 'day' | 'week' | 'month' | 'year'; value: string } {
  if (day < 21) return { unit: 'day', value: String(Math.round(day)) };
  if (day < 91) return { unit: 'week', value: String(Math.floor(day / 7) + 1) };
  if (day < 365) return { unit: 'month', value: String(Math.floor(day / 30.44) + 1) };
  return { unit: 'year', value: (day / 365).toFixed(1) };
}

/** "day 3", "week 4", "month 5", "year 6.5": the coarsest unit that still reads right. */
export function formatDay(day: number): string {
  const { unit, value } = dayParts(day);
  return `${unit} ${value}`;
}

/** The same day for a file name: "day3", "week4", "month5", "year5", "year6.5" (a whole year drops its ".0"). */
export function dayTag(day: number): string {
  const { unit, value } = dayParts(day);
  return `${unit}${value.replace(/\.0$/, '')}`;
}

/** What the client sees on `day`, in words for the studio (the latest deposit that is still healing sets the phase). */
export function phaseAt(plan: Plan, day: number, p: AgingParams): string {
  const visits = [
    ...plan.sessions.map((s, i) => ({ day: s.day, what: `session ${i + 1}` })),
    ...plan.touchUps.map((t, i) => ({ day: t.year * 365, what: `touch-up ${i + 1}` })),
  ].filter((v) => v.day <= day);
  if (!visits.length) return 'Before the first session.';
  const last = visits[visits.length - 1]!;
  const a = day - last.day;
  if (a < p.shedStartDays) return `${cap(last.what)}, ${daysOn(a)}: fresh dots look darker and larger (scabbing).`;
  if (a < p.shedEndDays) return `${cap(last.what)}: the scabs shed (days ${p.shedStartDays}–${p.shedEndDays}).`;
  if (a < p.ghostEndDays)
    return `${cap(last.what)}, week ${Math.floor(a / 7) + 1}: the dots look much lighter after the scabs shed — normal until about week ${Math.round(p.ghostEndDays / 7)}; the colour resurfaces.`;
  if (a < p.healedDays) return `${cap(last.what)}: settling; healed by week ${Math.round(p.healedDays / 7)}.`;
  return day < 365 ? `Healed (${last.what}).` : `${formatDay(day)}: faded since the last visit (${last.what}).`;
}

/** "the same day", "1 day on", "3 days on". */
function daysOn(a: number): string {
  const d = Math.round(a);
  return d === 0 ? 'the same day' : d === 1 ? '1 day on' : `${d} days on`;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/** An aftercare rule or expected reaction on the timeline: days after the first session (to exclusive). */
export interface AftercareBand {
  from: number;
  to: number;
  kind: AftercareRule['kind'];
  title: string;
  session: number;
}

/**
 * The aftercare and expected reactions of every session as bands on the timeline (DOMAIN "Consultation facts"
 * and "Healing"): `each` rules after every session, `final` ones after the last; an open-ended rule is a one-day mark.
 */
export function aftercareBands(plan: Pick<Plan, 'sessions'>, rules: readonly AftercareRule[] = AFTERCARE_RULES): AftercareBand[] {
  const out: AftercareBand[] = [];
  const last = plan.sessions.length - 1;
  plan.sessions.forEach((s, i) => {
    for (const r of rules) {
      if (r.scope === 'final' && i !== last) continue;
      out.push({ from: s.day + r.fromDay, to: s.day + (r.toDay ?? r.fromDay + 1), kind: r.kind, title: r.title, session: i });
    }
  });
  return out;
}

/** What to do, avoid or expect on `day` (the bands in force then), for the phase line. */
export function aftercareAt(plan: Pick<Plan, 'sessions'>, day: number): string[] {
  const seen = new Set<string>();
  for (const b of aftercareBands(plan)) if (day >= b.from && day < b.to && b.to - b.from > 1) seen.add(b.title);
  return [...seen];
}
