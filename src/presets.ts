// Domain tables and the default plan. Each table cites its DOMAIN.md row or says "our assumption";
// all of them are editable through the plan (the tables only choose defaults).
import { ArgumentError, int, num, obj, oneOf, opt } from './errors.js';
import { DEFAULT_CLUSTERING, DEFAULT_DENSITY_TARGET, DEFAULT_SESSIONS, HAIRLINE_STYLES, type HairlineStyle, MAX_COORD_MM, type Plan, type PlanInput, PLAN_VERSION, validatePlan } from './plan.js';
export { SHADE_BY_HAIR, SHADE_BY_FITZPATRICK, SESSION_SHADE_RAMP, SKIN_LIGHTNESS, PIGMENT_LIGHTNESS, suggestedShades, skinContrast } from './dilution.js';

/**
 * Healed dot diameter ÷ needle diameter, by needle points per dot: the pigment's footprint as a photo sees it. Our
 * assumption, bounded by DOMAIN "Dots": dots under 1 mm, larger than nearby follicles, size set by pressure and depth
 * more than by the needle; a #8 (0.25 mm) single point ≈ 0.4 mm, 3-point ≈ 0.8 mm (the default sessions' #6/#8/#10
 * 3-point dots 0.64/0.80/0.96 mm). Multi-point spreads were 2.0–3.2 (3-point 0.55 mm) before the first healed-tone
 * calibration and 2.6–3.7 (3-point 3.0) before the second (docs/calibration.md, "What moved"): dots that small could
 * not give a scalp a stubble's tone.
 */
export const DOT_SPREAD: Record<number, number> = { 1: 1.6, 2: 2.8, 3: 3.2, 4: 3.4, 5: 3.5, 6: 3.6, 7: 3.7, 8: 3.8, 9: 3.9 };

/** Healed dot diameter in mm for a needle diameter and a number of points. */
export function dotDiameterMm(needleMm: number, needlePoints: number): number {
  return needleMm * (DOT_SPREAD[needlePoints] ?? 2.2);
}

/**
 * Hue of each pigment as seen through skin, degrees. DOMAIN "Pigment and colour": black under skin reads
 * slightly cool (blue); iron-oxide blacks sit warm. Our numbers.
 */
export const PIGMENT_HUE: Record<Plan['pigment']['kind'], number> = { 'smp-carbon': 215, 'iron-oxide': 25, 'tattoo-ink': 220 };

/** Options for a hairline drawn from a template, in mm on the scalp map (origin at the mid-frontal point). */
export interface HairlineShape {
  /** Temple to temple, mm. Default 130. */
  widthMm?: number;
  /** How far the temple points sit behind the mid-frontal point, mm (NW II ≤ ~20). Default by style. */
  recessionMm?: number;
  /** Widow's peak depth in front of the line, mm. Default 12 for 'widows-peak', else 0. */
  peakMm?: number;
  /** Points on the line. Default 13. */
  count?: number;
  /**
   * Temple points: the line turns forward at each frontotemporal corner and runs this far (mm, toward the face) down
   * the temple, so the recess stays open (DOMAIN "Hairline design", Shapiro: the temple point sits on the line up
   * from the outer eye corner; do not fill the recess). 0 ends the line at the corners. Default by style.
   */
  templeMm?: number;
}

/** Rounds to 0.01 mm; never −0, which JSON would not keep (a saved plan must reopen identical). */
const round2 = (v: number): number => Math.round(v * 100) / 100 || 0;

/**
 * Each style's template (ours, after the shapes DOMAIN "Hairline design" names): how far the corners recede (mm; NW II
 * recedes ≤ ~20), the profile's exponent (y = −recession·|t|^exponent: 2 rounded, 8 boxed/straight with squared
 * corners), a zig-zag of the points themselves (mm, the macro-irregularity of a broken/jagged line) and temple points.
 */
export const HAIRLINE_TEMPLATES: Record<HairlineStyle, { recessionMm: number; exponent: number; jagMm: number; templeMm: number }> = {
  soft: { recessionMm: 10, exponent: 2.4, jagMm: 0, templeMm: 0 },
  defined: { recessionMm: 12, exponent: 2.4, jagMm: 0, templeMm: 0 },
  mature: { recessionMm: 20, exponent: 1.8, jagMm: 0, templeMm: 0 },
  'widows-peak': { recessionMm: 16, exponent: 2.4, jagMm: 0, templeMm: 0 },
  rounded: { recessionMm: 16, exponent: 2, jagMm: 0, templeMm: 12 },
  boxed: { recessionMm: 14, exponent: 8, jagMm: 0, templeMm: 15 },
  broken: { recessionMm: 12, exponent: 2.4, jagMm: 2.5, templeMm: 10 },
};

/**
 * Hairline points for a style: a curve from the right temple to the left (left to right on the map),
 * through the mid-frontal point (0, 0), with the style's temple points at both ends; the scalp lies at y < 0.
 * Template shapes are ours (HAIRLINE_TEMPLATES).
 */
export function hairlinePoints(style: HairlineStyle, shape: HairlineShape = {}): [number, number][] {
  const T = HAIRLINE_TEMPLATES[oneOf('hairlinePoints: style', style, HAIRLINE_STYLES)];
  const o = obj('hairlinePoints: shape', shape, true);
  // bounded so the line is a valid plan hairline (coordinates within ±MAX_COORD_MM, at most 2,000 points)
  const width = opt(o.widthMm, 130, (v) => num('hairlinePoints: shape.widthMm', v, 1, 2 * MAX_COORD_MM));
  const recession = opt(o.recessionMm, T.recessionMm, (v) => num('hairlinePoints: shape.recessionMm', v, 0, MAX_COORD_MM / 2));
  const peak = opt(o.peakMm, style === 'widows-peak' ? 12 : 0, (v) => num('hairlinePoints: shape.peakMm', v, 0, MAX_COORD_MM / 4));
  const count = Math.max(3, opt(o.count, 13, (v) => int('hairlinePoints: shape.count', v, 1, 1_998)));
  const temple = opt(o.templeMm, T.templeMm, (v) => num('hairlinePoints: shape.templeMm', v, 0, MAX_COORD_MM / 4));
  const pts: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const t = (i / (count - 1)) * 2 - 1; // −1 … 1
    const x = (t * width) / 2;
    const a = Math.abs(t);
    let y = -recession * a ** T.exponent;
    if (peak > 0) y += peak * Math.max(0, 1 - a / 0.22) ** 1.5;
    // a broken line: every other point forward, the others back, fading out at the corners
    if (T.jagMm > 0 && i > 0 && i < count - 1) y += T.jagMm * (i % 2 ? 1 : -0.6) * (1 - a);
    pts.push([round2(x), round2(y)]);
  }
  if (temple > 0) {
    // the temple points: from each corner the line turns forward, slightly outward, down the temple
    const [x0, y0] = pts[0]!;
    const [x1, y1] = pts[pts.length - 1]!;
    pts.unshift([round2(x0 - temple * 0.35), round2(y0 + temple)]);
    pts.push([round2(x1 + temple * 0.35), round2(y1 + temple)]);
  }
  return pts;
}

/**
 * The outline of the top of the head on the scalp map: front at y ≈ +margin, crown at y ≈ −lengthMm. Ours; the
 * front margin (24 mm) leaves room for a widow's peak (12 mm) and its transition zone, so no lead dot is cut off.
 */
export function topOfHeadRegion(widthMm = 150, lengthMm = 175, frontMarginMm = 24): [number, number][] {
  const pts: [number, number][] = [];
  const n = 24;
  const hw = widthMm / 2;
  // front edge (slightly in front of the hairline, so the transition zone has room), then around the crown
  pts.push([-hw, frontMarginMm - 30], [-hw * 0.5, frontMarginMm], [0, frontMarginMm], [hw * 0.5, frontMarginMm], [hw, frontMarginMm - 30]);
  for (let i = 1; i < n; i++) {
    const t = i / n; // sweep the back half of an ellipse from the right side to the left
    const ang = Math.PI * t;
    // cos/sin only build the template: the result is rounded to 0.01 mm, so engines cannot disagree on it
    const x = hw * Math.cos(ang);
    const y = frontMarginMm - 30 - (lengthMm - 30 + frontMarginMm) * Math.sin(ang) ** 0.9;
    pts.push([round2(x), round2(y)]);
  }
  return pts;
}

/** A complete, believable plan as raw input: a balding top with a soft mature hairline and three sessions. */
export function defaultPlanInput(seed = 'smp-sample'): PlanInput {
  if (typeof seed !== 'string' || seed.length < 1 || seed.length > 200) throw new ArgumentError('defaultPlanInput: seed', seed, 'expected a string of 1–200 characters');
  return {
    version: PLAN_VERSION,
    seed,
    regions: [{ name: 'Top and crown', kind: 'treated', points: topOfHeadRegion(), densityScale: 1 }],
    hairline: { style: 'mature', points: hairlinePoints('mature'), needlePoints: 1 },
    density: { target: DEFAULT_DENSITY_TARGET, noise: { amplitude: 0.2, scaleMm: 6 }, clustering: { ...DEFAULT_CLUSTERING } },
    // shades left out: the dilution table picks them from the skin type and hair colour (suggestedShades)
    sessions: DEFAULT_SESSIONS.map(({ shade: _shade, ...s }) => ({ ...s })),
    touchUps: [],
    skin: { fitzpatrick: 3, dryness: 'normal', sun: 'moderate' },
    pigment: { kind: 'smp-carbon', shadeVariation: 0.12, hueVariationDeg: 8, sizeVariation: 0.15 },
    hairColor: 'black',
  };
}

/** A complete, believable validated plan: a balding top with a soft mature hairline and three sessions. */
export function defaultPlan(seed = 'smp-sample'): Plan {
  return validatePlan(defaultPlanInput(seed));
}
