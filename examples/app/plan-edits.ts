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
