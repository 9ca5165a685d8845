// Domain tables and the default plan. Each table cites its DOMAIN.md row or says "our assumption";
// all of them are editable through the plan (the tables only choose defaults).
import { DEFAULT_SESSIONS, type HairlineStyle, type Plan, type PlanInput, PLAN_VERSION, validatePlan } from './plan.js';

/**
 * Healed dot diameter ÷ needle diameter, by needle points per dot. Our assumption, bounded by DOMAIN
 * "Dots": dots under 1 mm, larger than nearby follicles; a #8 (0.25 mm) single point ≈ 0.4 mm, 3-point ≈ 0.55 mm.
 */
export const DOT_SPREAD: Record<number, number> = { 1: 1.6, 2: 2.0, 3: 2.2, 4: 2.4, 5: 2.6, 6: 2.8, 7: 3.0, 8: 3.1, 9: 3.2 };

/** Healed dot diameter in mm for a needle diameter and a number of points. */
export function dotDiameterMm(needleMm: number, needlePoints: number): number {
  return needleMm * (DOT_SPREAD[needlePoints] ?? 2.2);
}

/**
 * Hue of each pigment as seen through skin, degrees. DOMAIN "Pigment and colour": black under skin reads
 * slightly cool (blue); iron-oxide blacks sit warm. Our numbers.
 */
export const PIGMENT_HUE: Record<Plan['pigment']['kind'], number> = { 'smp-carbon': 215, 'iron-oxide': 25, 'tattoo-ink': 220 };

/**
 * Final-session darkness by hair colour, then adjusted by Fitzpatrick type. DOMAIN: dilution is chosen by
 * skin type and hair colour, and no published table exists: this one is ours and editable.
 */
export const SHADE_BY_HAIR: Record<Plan['hairColor'], number> = {
  black: 0.85,
  'dark-brown': 0.75,
  brown: 0.65,
  'light-brown': 0.55,
  red: 0.55,
  blonde: 0.45,
  grey: 0.5,
};
/** Added to the hair-colour shade per Fitzpatrick type I–VI (lighter skin, lighter dilution). Ours. */
export const SHADE_BY_FITZPATRICK = [-0.1, -0.05, 0, 0, 0.05, 0.08] as const;
/** Session shades as shares of the final shade, lightest first (DOMAIN "Sessions"). Ours. */
export const SESSION_SHADE_RAMP = [0.6, 0.8, 1] as const;

/** Suggested session shades (lightest first) for a skin type and hair colour, using the tables above. */
export function suggestedShades(fitzpatrick: number, hairColor: Plan['hairColor'], sessions = 3): number[] {
  const final = Math.min(1, Math.max(0.1, SHADE_BY_HAIR[hairColor] + (SHADE_BY_FITZPATRICK[fitzpatrick - 1] ?? 0)));
  const out: number[] = [];
  for (let i = 0; i < sessions; i++) {
    const t = sessions === 1 ? 1 : i / (sessions - 1);
    const ramp = SESSION_SHADE_RAMP[0] + (1 - SESSION_SHADE_RAMP[0]) * t;
    out.push(Math.round(final * ramp * 1000) / 1000);
  }
  return out;
}

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
}

/** Rounds to 0.01 mm; never −0, which JSON would not keep (a saved plan must reopen identical). */
const round2 = (v: number): number => Math.round(v * 100) / 100 || 0;

const RECESSION: Record<HairlineStyle, number> = { soft: 10, defined: 12, mature: 20, 'widows-peak': 16 };

/**
 * Hairline points for a style: a curve from the right temple to the left (left to right on the map),
 * through the mid-frontal point (0, 0); the scalp lies at y < 0. Template shapes are ours.
 */
export function hairlinePoints(style: HairlineStyle, shape: HairlineShape = {}): [number, number][] {
  const width = shape.widthMm ?? 130;
  const recession = shape.recessionMm ?? RECESSION[style];
  const peak = shape.peakMm ?? (style === 'widows-peak' ? 12 : 0);
  const count = Math.max(3, shape.count ?? 13);
  const pts: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const t = (i / (count - 1)) * 2 - 1; // −1 … 1
    const x = (t * width) / 2;
    const a = Math.abs(t);
    // rounded front, temples pulled back; mature lines recede more steeply toward the temples
    let y = -recession * a ** (style === 'mature' ? 1.8 : 2.4);
    if (peak > 0) y += peak * Math.max(0, 1 - a / 0.22) ** 1.5;
    pts.push([round2(x), round2(y)]);
  }
  return pts;
}

/** The outline of the top of the head on the scalp map: front at y ≈ +margin, crown at y ≈ −lengthMm. Ours. */
export function topOfHeadRegion(widthMm = 150, lengthMm = 175, frontMarginMm = 14): [number, number][] {
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
  const shades = suggestedShades(3, 'black');
  return {
    version: PLAN_VERSION,
    seed,
    regions: [{ name: 'Top and crown', kind: 'treated', points: topOfHeadRegion(), densityScale: 1 }],
    hairline: { style: 'mature', points: hairlinePoints('mature'), needlePoints: 1 },
    density: { target: 90, noise: { amplitude: 0.2, scaleMm: 6 }, clustering: { share: 0, spreadMm: 0.5 } },
    sessions: DEFAULT_SESSIONS.map((s, i) => ({ ...s, shade: shades[i]! })),
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
