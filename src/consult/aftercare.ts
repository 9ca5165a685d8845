// Aftercare milestones and the expected reactions, as dated timeline events. Rules trace to DOMAIN.md
// ("Consultation facts from the seed": aftercare; "Healing": reactions); each rule is editable data.
import { ArgumentError, list, obj, str } from '../errors.js';
import type { Schedule } from './schedule.js';
import { checkedSchedule } from './schedule-check.js';
import { addDays } from './zone.js';

/** When a rule applies: after every session, or after the final one only. */
export type AftercareScope = 'each' | 'final';

/** One aftercare rule or expected reaction, in days after a session (to exclusive; from = to − 1 for a one-day mark). */
export interface AftercareRule {
  id: string;
  /** avoid: something not to do; care: something to do; reaction: what to expect. */
  kind: 'avoid' | 'care' | 'reaction';
  scope: AftercareScope;
  /** First day (0 = the session day). */
  fromDay: number;
  /** Day it ends, exclusive; null for "from then on" (shown as a one-day mark on fromDay). */
  toDay: number | null;
  title: string;
  detail: string;
  /** The DOMAIN.md row. */
  source: string;
}

/** The default rules (DOMAIN "Consultation facts from the seed" and "Healing"). */
export const AFTERCARE_RULES: readonly AftercareRule[] = Object.freeze([
  { id: 'no-wetting', kind: 'avoid', scope: 'each', fromDay: 0, toDay: 4, title: 'No washing, wetting or heavy sweating', detail: 'Keep the scalp dry for 4 days after the session.', source: 'Consultation facts: aftercare (seed)' },
  { id: 'moisturise', kind: 'care', scope: 'each', fromDay: 4, toDay: null, title: 'Start moisturising', detail: 'Moisturise the scalp from day 4.', source: 'Consultation facts: aftercare (seed)' },
  { id: 'redness', kind: 'reaction', scope: 'each', fromDay: 0, toDay: 3, title: 'Redness expected', detail: 'The scalp is red for the first 2 days; slight bleeding, swelling and crusting are expected.', source: 'Healing: day 0–2 red; Consultation facts: expected reactions' },
  { id: 'scabs-shed', kind: 'reaction', scope: 'each', fromDay: 7, toDay: 11, title: 'Scabs shed', detail: 'The dots look darker and larger while scabbed; the scabs shed around days 7–10 and the colour then looks much lighter.', source: 'Healing: scabs shed at days 7–10' },
  { id: 'lightening', kind: 'reaction', scope: 'each', fromDay: 14, toDay: 28, title: 'Lightening (weeks 3–4)', detail: 'The dots can look alarmingly light in weeks 3–4; the colour comes back as the skin heals.', source: 'Healing: alarming lightening in weeks 3–4' },
  { id: 'healed', kind: 'reaction', scope: 'each', fromDay: 28, toDay: 42, title: 'Healed look', detail: 'Healed at 4–6 weeks; the colour keeps settling for 3–6 months.', source: 'Healing: healed at 4–6 weeks; settling to 3–6 months' },
  { id: 'no-exercise', kind: 'avoid', scope: 'final', fromDay: 0, toDay: 5, title: 'No heavy exercise', detail: 'No heavy exercise for 5 days after the final session.', source: 'Consultation facts: aftercare (seed)' },
  { id: 'no-swim-sauna-sun', kind: 'avoid', scope: 'final', fromDay: 0, toDay: 28, title: 'No swimming, sauna, steam room or sun', detail: 'No swimming, sauna or steam room, and no sun, for 28 days after the final session.', source: 'Consultation facts: aftercare (seed)' },
  { id: 'spf', kind: 'care', scope: 'final', fromDay: 28, toDay: null, title: 'Sun protection SPF 30–50', detail: 'Protect the scalp with SPF 30–50 from now on: sun is what fades the dots most.', source: 'Consultation facts: SPF 30–50 thereafter; Years: UV is the strongest accelerator' },
] satisfies AftercareRule[]);

/** A dated aftercare event: all-day dates in the schedule's zone, `endDate` exclusive (as iCalendar's DTEND). */
export interface AftercareEvent {
  ruleId: string;
  kind: AftercareRule['kind'];
  /** Session it follows, 0-based. */
  session: number;
  /** The session is the final one. */
  final: boolean;
  /** First day, 'YYYY-MM-DD'. */
  date: string;
  /** Day after the last day, 'YYYY-MM-DD'. */
  endDate: string;
  /** Days after that session: from (inclusive), to (exclusive). */
  fromDay: number;
  toDay: number;
  /** Days after session 1, for the timeline. */
  timelineDay: number;
  title: string;
  detail: string;
  source: string;
}

/**
 * Dates every rule for a schedule: `each` rules after every session, `final` rules after the last one;
 * sorted by date, then by session and rule order.
 */
export function aftercareEvents(schedule: Schedule, rules: readonly AftercareRule[] = AFTERCARE_RULES): AftercareEvent[] {
  schedule = checkedSchedule('schedule', schedule);
  list('rules', rules, 200);
  const out: AftercareEvent[] = [];
  const last = schedule.sessions.length - 1;
  rules.forEach((r, ri) => {
    obj(`rules[${ri}]`, r);
    for (const k of ['id', 'title', 'detail', 'source'] as const) str(`rules[${ri}].${k}`, r[k], 2_000);
    if (!['avoid', 'care', 'reaction'].includes(r.kind)) throw new ArgumentError(`rules[${ri}].kind`, r.kind, 'expected avoid, care or reaction');
    if (r.scope !== 'each' && r.scope !== 'final') throw new ArgumentError(`rules[${ri}].scope`, r.scope, 'expected each or final');
    if (!(Number.isInteger(r.fromDay) && r.fromDay >= 0 && r.fromDay <= 3_650)) throw new ArgumentError(`rules[${ri}].fromDay`, r.fromDay, 'expected whole days 0–3,650');
    if (r.toDay !== null && !(Number.isInteger(r.toDay) && r.toDay > r.fromDay && r.toDay <= 3_651))
      throw new ArgumentError(`rules[${ri}].toDay`, r.toDay, `expected whole days after fromDay ${r.fromDay} (at most 3,651), or null`);
  });
  for (const s of schedule.sessions) {
    rules.forEach((r) => {
      if (r.scope === 'final' && s.index !== last) return;
      const to = r.toDay ?? r.fromDay + 1;
      out.push({
        ruleId: r.id,
        kind: r.kind,
        session: s.index,
        final: s.index === last,
        date: addDays(s.date, r.fromDay),
        endDate: addDays(s.date, to),
        fromDay: r.fromDay,
        toDay: to,
        timelineDay: s.day + r.fromDay,
        title: r.title,
        detail: r.detail,
        source: r.source,
      });
    });
  }
  const order = new Map(rules.map((r, i) => [r.id, i]));
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.session - b.session || order.get(a.ruleId)! - order.get(b.ruleId)!));
}
