// Pure edits of the plan document that the control panel makes (tested in node). Each takes the plan as the
// user wrote it and changes it in place; the store validates the result.
import { DEFAULT_SESSIONS, HAIRLINE_STYLES, type HairlineStyle, type PlanInput } from '../../src/plan.js';
import { hairlinePoints, suggestedShades } from '../../src/presets.js';

type Sessions = NonNullable<PlanInput['sessions']>;

/** Days between the first two sessions (the default spacing when there is only one). */
export function sessionSpacing(p: PlanInput): number {
  const s = p.sessions;
  return s && s.length > 1 ? s[1]!.day - s[0]!.day : DEFAULT_SESSIONS[1]!.day;
}

/**
 * n sessions `gap` days apart: the documented 30/70/100 % for three, an even ramp otherwise; shades suggested for
 * the skin and hair (lightest first); needles kept from the old sessions where they exist.
 */
export function sessionsFor(p: PlanInput, n: number, gap = sessionSpacing(p)): Sessions {
  const shades = suggestedShades(p.skin?.fitzpatrick ?? 3, p.hairColor ?? 'black', n);
  const cumulative = n === 3 ? DEFAULT_SESSIONS.map((s) => s.cumulative) : Array.from({ length: n }, (_, i) => (i + 1) / n);
  const old = p.sessions ?? [];
  return Array.from({ length: n }, (_, i) => ({
    day: i * gap,
    cumulative: cumulative[i]!,
    shade: shades[i]!,
    needleMm: old[i]?.needleMm ?? DEFAULT_SESSIONS[0]!.needleMm,
    needlePoints: old[i]?.needlePoints ?? DEFAULT_SESSIONS[0]!.needlePoints,
  }));
}

/** Sets the hairline style: a fresh template line for the style, or no hairline ('none'). Softness follows the style. */
export function setHairlineStyle(p: PlanInput, style: HairlineStyle | 'none'): void {
  if (style === 'none') {
    p.hairline = null;
    return;
  }
  if (!(HAIRLINE_STYLES as readonly string[]).includes(style)) throw new RangeError(`unknown hairline style ${JSON.stringify(style)}`);
  p.hairline = { style, points: hairlinePoints(style), needlePoints: p.hairline?.needlePoints ?? 1 };
}

/** Changes one field of one session; later sessions keep their own values (the store validates the order). */
export function setSessionField<K extends 'day' | 'cumulative' | 'shade' | 'needleMm' | 'needlePoints'>(
  p: PlanInput,
  index: number,
  key: K,
  value: number,
): void {
  const s = (p.sessions ??= structuredClone(DEFAULT_SESSIONS));
  const row = s[index];
  if (!row) throw new RangeError(`no session ${index + 1} (the plan has ${s.length})`);
  row[key] = value;
}

/** Adds a touch-up `gapYears` after the last one (or year 4, the clinics' median), or removes touch-up `index`. */
export function addTouchUp(p: PlanInput, gapYears = 4): void {
  const list = (p.touchUps ??= []);
  const last = list.length ? list[list.length - 1]!.year : 0;
  list.push({ year: Math.round((last + gapYears) * 10) / 10 });
}

/** Removes touch-up `index`. */
export function removeTouchUp(p: PlanInput, index: number): void {
  p.touchUps?.splice(index, 1);
}

/** Changes one field of one touch-up. */
export function setTouchUpField<K extends 'year' | 'redarkenShare' | 'addFraction' | 'shade'>(p: PlanInput, index: number, key: K, value: number): void {
  const row = p.touchUps?.[index];
  if (!row) throw new RangeError(`no touch-up ${index + 1}`);
  row[key] = value;
}

/**
 * Moves hairline point `index` to `mm`. With `mirror`, its partner across the midline (the point at the same
 * place from the other end, as the templates are symmetric) moves to (−x, y); a middle point stays on the midline.
 */
export function moveHairlinePoint(p: PlanInput, index: number, mm: readonly [number, number], mirror: boolean): void {
  const pts = p.hairline?.points;
  if (!pts?.[index]) throw new RangeError(`no hairline point ${index + 1}`);
  const partner = pts.length - 1 - index;
  if (mirror && partner === index) {
    pts[index] = [0, mm[1]];
    return;
  }
  pts[index] = [mm[0], mm[1]];
  if (mirror) pts[partner] = [-mm[0] || 0, mm[1]];
}
