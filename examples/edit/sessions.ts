// Session and touch-up list edits: pure functions PlanInput → PlanInput. Each result is checked with the
// engine's own validatePlan, so a refused edit throws the engine's PlanError naming the field and the value
// (e.g. `plan.sessions[1].day: must not precede the previous session's day 14 (got 3)`).
import { DEFAULT_SESSIONS, type PlanInput, validatePlan } from '../../src/plan.js';
import { EditError } from './regions.js';

/** A session as a plan document holds it. */
export type SessionInput = NonNullable<PlanInput['sessions']>[number];
/** A touch-up as a plan document holds it. */
export type TouchUpInput = NonNullable<PlanInput['touchUps']>[number];
/** The session fields an artist edits per session. */
export type SessionPatch = Partial<Pick<SessionInput, 'day' | 'shade' | 'needleMm' | 'needlePoints' | 'cumulative'>>;
/** The touch-up fields an artist edits per visit. */
export type TouchUpPatch = Partial<Pick<TouchUpInput, 'year' | 'redarkenShare' | 'shade' | 'addFraction' | 'needleMm' | 'needlePoints'>>;

/** The most sessions and touch-ups a plan holds (the schema's limits). */
export const MAX_SESSIONS = 12;
export const MAX_TOUCH_UPS = 12;
/** Days between a new session and the one before it (DOMAIN "Sessions": 7–30 days apart). */
export const NEW_SESSION_GAP_DAYS = 14;
/** Years between touch-ups when one is added (DOMAIN "Years": clinics quote 2–6; the default fade puts one due at ≈ 4). */
export const NEW_TOUCH_UP_GAP_YEARS = 4;

/** The checked result: validatePlan throws PlanError (field and value in its message) when the edit breaks a rule. */
function checked(plan: PlanInput): PlanInput {
  validatePlan(plan);
  return plan;
}

function sessionsOf(plan: PlanInput): SessionInput[] {
  return (plan.sessions ?? DEFAULT_SESSIONS).map((s) => ({ ...s }));
}

function touchUpsOf(plan: PlanInput): TouchUpInput[] {
  return (plan.touchUps ?? []).map((t) => ({ ...t }));
}

/** −0 would not survive JSON (a saved plan must reopen with the same bytes). */
function cleanPatch<T extends Record<string, unknown>>(patch: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = typeof v === 'number' ? v + 0 : v;
  return out as T;
}

/** Sets fields of session i (day, shade 0–1, needle mm, needle points, cumulative share). */
export function setSession(plan: PlanInput, i: number, patch: SessionPatch): PlanInput {
  const sessions = sessionsOf(plan);
  if (!sessions[i]) throw new EditError(`sessions[${i}]: no such session (the plan has ${sessions.length})`);
  sessions[i] = { ...sessions[i]!, ...cleanPatch(patch) };
  return checked({ ...plan, sessions });
}

/**
 * Adds a session after the last, NEW_SESSION_GAP_DAYS later, with the last one's needle and shade. The new
 * one reaches full density; the former last one now stops halfway between its predecessor's share and full,
 * so the earlier sessions keep their dots.
 */
export function addSession(plan: PlanInput): PlanInput {
  const sessions = sessionsOf(plan);
  if (sessions.length >= MAX_SESSIONS) throw new EditError(`sessions: a plan holds at most ${MAX_SESSIONS} sessions`);
  const last = sessions[sessions.length - 1]!;
  const before = sessions.length > 1 ? sessions[sessions.length - 2]!.cumulative : 0;
  const lastShare = last.cumulative < 1 ? last.cumulative : Math.round(((before + 1) / 2) * 1000) / 1000;
  sessions[sessions.length - 1] = { ...last, cumulative: lastShare };
  sessions.push({ ...last, day: last.day + NEW_SESSION_GAP_DAYS, cumulative: 1 });
  return checked({ ...plan, sessions });
}

/** Removes session i (a plan keeps at least one); the new last session reaches full density. */
export function removeSession(plan: PlanInput, i: number): PlanInput {
  const sessions = sessionsOf(plan);
  if (!sessions[i]) throw new EditError(`sessions[${i}]: no such session (the plan has ${sessions.length})`);
  if (sessions.length <= 1) throw new EditError('sessions: a plan needs at least one session');
  const wasLast = i === sessions.length - 1;
  sessions.splice(i, 1);
  if (wasLast) sessions[sessions.length - 1] = { ...sessions[sessions.length - 1]!, cumulative: 1 };
  return checked({ ...plan, sessions });
}

/** Sets fields of touch-up i (year, re-darkened share 0–1, shade 0–1, …); the list stays in year order. */
export function setTouchUp(plan: PlanInput, i: number, patch: TouchUpPatch): PlanInput {
  const touchUps = touchUpsOf(plan);
  if (!touchUps[i]) throw new EditError(`touchUps[${i}]: no such touch-up (the plan has ${touchUps.length})`);
  touchUps[i] = { ...touchUps[i]!, ...cleanPatch(patch) };
  return checked({ ...plan, touchUps: inYearOrder(touchUps) });
}

/** Sorts touch-ups by year (stable); a NaN year stays where it is for validatePlan to name. */
function inYearOrder(list: TouchUpInput[]): TouchUpInput[] {
  if (list.some((t) => !Number.isFinite(t.year))) return list;
  return list.map((t, k) => ({ t, k })).sort((a, b) => a.t.year - b.t.year || a.k - b.k).map((e) => e.t);
}

/**
 * Adds a touch-up (default: NEW_TOUCH_UP_GAP_YEARS after the last touch-up, or after the first session;
 * fields not given take the schema's defaults). Returns the plan and the new touch-up's index in year order.
 */
export function addTouchUp(plan: PlanInput, fields: TouchUpPatch = {}): { plan: PlanInput; touchUp: number } {
  const touchUps = touchUpsOf(plan);
  if (touchUps.length >= MAX_TOUCH_UPS) throw new EditError(`touchUps: a plan holds at most ${MAX_TOUCH_UPS} touch-ups`);
  const lastYear = touchUps.reduce((m, t) => Math.max(m, t.year), 0);
  const entry: TouchUpInput = { year: lastYear + NEW_TOUCH_UP_GAP_YEARS, ...cleanPatch(fields) };
  const ordered = inYearOrder([...touchUps, entry]);
  return { plan: checked({ ...plan, touchUps: ordered }), touchUp: ordered.indexOf(entry) };
}

/** Removes touch-up i. */
export function removeTouchUp(plan: PlanInput, i: number): PlanInput {
  const touchUps = touchUpsOf(plan);
  if (!touchUps[i]) throw new EditError(`touchUps[${i}]: no such touch-up (the plan has ${touchUps.length})`);
  touchUps.splice(i, 1);
  return checked({ ...plan, touchUps });
}
