// The aging model's coefficients. Every default traces to a row of shared/docs/DOMAIN.md ("Healing",
// "Years", "Pigment and colour", "Scars and alopecia") or says "our assumption"; all are editable.
import type { Plan } from '../plan.js';

type Dryness = Plan['skin']['dryness'];
type Sun = Plan['skin']['sun'];
type PigmentKind = Plan['pigment']['kind'];

/** How a pigment's colour drifts over the years: hue pulled toward `targetHue` by `amount·(1 − e^(−years/tauYears))`. */
export interface HueDrift {
  /** Hue the pigment drifts toward, degrees. */
  targetHue: number;
  /** Share of the way to the target reached after many years, 0 (no drift) – 1. */
  amount: number;
  /** Time constant of the drift, years. */
  tauYears: number;
  /** Chroma added at full drift (0–1). */
  chroma: number;
}

/** Every coefficient of the aging model. Days are days after the deposit (the dot's own clock). */
export interface AgingParams {
  // --- Healing (DOMAIN "Healing": scab darker and larger, sheds at days 7–10, much lighter in weeks 3–4, healed at 4–6 weeks)
  /** Opacity multiplier while scabbed (days 0 – shedStartDays), relative to the deposited shade. [clinic] direction, 1.3 ours. */
  scabDarken: number;
  /** Radius added while scabbed, share of the healed radius. [clinic] direction, 0.25 ours. */
  scabGrow: number;
  /** Softness multiplier while scabbed (a scab has a crisp edge). 0.4 ours. */
  scabSoftness: number;
  /** The scab starts to shed, day. [clinic] 7. */
  shedStartDays: number;
  /** The scab is gone, day. [clinic] 10. */
  shedEndDays: number;
  /** Opacity after shedding through weeks 3–4, as a share of the healed opacity ("much lighter", "two or three shades lighter"). 0.6 ours. */
  ghostShare: number;
  /** The "ghosting" lightness lasts until this day, then the colour resurfaces. [clinic] weeks 3–4 → 28. */
  ghostEndDays: number;
  /** Healed look reached, day. [clinic] 4–6 weeks → 42. */
  healedDays: number;
  /** Mean healed retention: share of the deposited darkness left once healed. Seed (lips): 20–50% loss → 0.5–0.8; 0.7 ours within it. */
  retention: number;
  /** Per-dot retention spread, ± share of the mean (uniform, from dots.seed). [clinic] "varies by area"; 0.15 ours. */
  retentionSpread: number;
  /** Extra darkness lost while settling over the first months, share. [clinic] "settling to 3–6 months"; 0.06 [derived] so that with the yearly fade the loss at 6 months ≈ Liu's 8.7 → 7.7 (−11%). */
  settleLoss: number;
  /** Time constant of settling, days. 45 ours (mostly done by 3–6 months). */
  settleTauDays: number;

  // --- Years (DOMAIN "Years")
  /** Yearly fade rate of darkness on normal skin, moderate sun, SMP carbon (opacity × e^(−rate·years)). Calibrated (ours) so a touch-up at 0.7 of settled coverage falls due at ≈ 4 years (clinic median ≈ 4) and year 8 is clearly faded but visible (seed: "may last up to 8 years"). */
  fadePerYear: number;
  /** Fade-rate multipliers by skin dryness. Seed: very dry skin fades faster (dry 1.3, magnitude ours). CONTESTED: one clinic says oily fades slightly faster; oily is neutral 1 by default. */
  dryness: Record<Dryness, number>;
  /** Fade-rate multipliers by sun exposure. UV is the strongest accelerator (DOMAIN "Years"); magnitudes ours. */
  sun: Record<Sun, number>;
  /** Fade-rate multipliers by pigment. Ours: carbon 1; iron oxide fades somewhat faster (PMU experience) 1.15; tattoo ink is made to be permanent 0.5. */
  pigmentFade: Record<PigmentKind, number>;
  /** Radius growth after many years, share (1 + spreadMax·(1 − e^(−years/spreadTauYears))). DOMAIN "Dots": contested ("shrinks" vs "expands slightly"); 0.3 ours. */
  spreadMax: number;
  /** Time constant of the spread, years. 8 ours (≈ +4% in year 1, +21% by year 10). */
  spreadTauYears: number;
  /** Edge softness of a healed dot. 0.15 ours. */
  softness: number;
  /** Softness rate over years: softness → 1 − (1 − softness)·e^(−rate·years). 0.05/yr ours. */
  softnessPerYear: number;

  // --- Scar tissue (DOMAIN "Healing", "Scars and alopecia": takes pigment less evenly, fades faster)
  /** Healed retention multiplier on scar tissue. Liu et al.: scars lost more; 0.85 ours. */
  scarRetention: number;
  /** Retention spread multiplier on scar tissue ("less evenly"). 2 ours. */
  scarRetentionSpread: number;
  /** Fade-rate multiplier on scar tissue. Liu et al.: density lost 1.6 vs 0.9 points at 6 months → 1.6/0.9 ≈ 1.8 [derived]. */
  scarFade: number;
  /** Blowout probability multiplier on scar tissue. 2 ours. */
  scarBlowout: number;

  // --- Blowout: a deposit too deep spreads into a larger, cooler, softer halo (DOMAIN "Dots": too deep → blur, blue cast)
  /** Probability that one deposit (a dot's first, or a re-darkening) blows out. 0.02 ours (no published rate). */
  blowoutProbability: number;
  /** Days for the halo to develop (smoothstep from the deposit). 120 ours. */
  blowoutOnsetDays: number;
  /** Radius added at full blowout, share. 0.8 ours. */
  blowoutGrow: number;
  /** Opacity multiplier at full blowout (the same pigment over a larger area). 0.7 ours. */
  blowoutOpacity: number;
  /** Softness at full blowout (combined as 1 − (1 − s)(1 − this)). 0.7 ours. */
  blowoutSoftness: number;
  /** Hue the halo cools toward, degrees (blue). 230 ours. */
  blowoutHue: number;
  /** Share of the way to blowoutHue at full blowout. 0.4 ours. */
  blowoutCool: number;
  /** Chroma added at full blowout. 0.1 ours. */
  blowoutChroma: number;

  // --- Pigment colour (DOMAIN "Pigment and colour")
  /** Base chroma by pigment: black under skin reads slightly cool (hue from dots.hue), so a little chroma. Ours. */
  chroma: Record<PigmentKind, number>;
  /** Hue drift by pigment. SMP carbon: none (fades lighter, same hue). Tattoo ink: toward blue/green (190°). Iron oxide: CONTESTED (seed: no change; clinic: orange/pink) → a small warm drift. Magnitudes ours. */
  hueDrift: Record<PigmentKind, HueDrift>;

  // --- Touch-ups (DOMAIN "Years": touch-ups every 2–6 years; repeated ones merge into the "helmet")
  /**
   * Darkness a re-darkened dot receives, as a share of the touch-up's shade (topping up, not a fresh dot). 0.35 ours,
   * calibrated with redarkenGrow so that touch-ups done when each falls due recur every ≈ 4.4–5.5 years ([clinic]
   * every 2–6, median ≈ 4), with coverage after each 1.05, 1.14, 1.22, 1.33 × settled (the slow drift to the helmet).
   */
  redarkenDose: number;
  /** Radius added per re-darkening, share: reworking a dot enlarges it, so repeated touch-ups raise size and overlap. 0.08 ours (see redarkenDose). */
  redarkenGrow: number;
}

/** The default aging coefficients (see each field for its source). */
export const DEFAULT_AGING: Readonly<AgingParams> = Object.freeze({
  scabDarken: 1.3,
  scabGrow: 0.25,
  scabSoftness: 0.4,
  shedStartDays: 7,
  shedEndDays: 10,
  ghostShare: 0.6,
  ghostEndDays: 28,
  healedDays: 42,
  retention: 0.7,
  retentionSpread: 0.15,
  settleLoss: 0.06,
  settleTauDays: 45,

  fadePerYear: 0.15,
  dryness: { dry: 1.3, normal: 1, oily: 1 },
  sun: { low: 0.8, moderate: 1, high: 1.35 },
  pigmentFade: { 'smp-carbon': 1, 'iron-oxide': 1.15, 'tattoo-ink': 0.5 },
  spreadMax: 0.3,
  spreadTauYears: 8,
  softness: 0.15,
  softnessPerYear: 0.05,

  scarRetention: 0.85,
  scarRetentionSpread: 2,
  scarFade: 1.8,
  scarBlowout: 2,

  blowoutProbability: 0.02,
  blowoutOnsetDays: 120,
  blowoutGrow: 0.8,
  blowoutOpacity: 0.7,
  blowoutSoftness: 0.7,
  blowoutHue: 230,
  blowoutCool: 0.4,
  blowoutChroma: 0.1,

  chroma: { 'smp-carbon': 0.05, 'iron-oxide': 0.12, 'tattoo-ink': 0.06 },
  hueDrift: {
    'smp-carbon': { targetHue: 215, amount: 0, tauYears: 5, chroma: 0 },
    'iron-oxide': { targetHue: 20, amount: 0.25, tauYears: 6, chroma: 0.08 },
    'tattoo-ink': { targetHue: 190, amount: 1, tauYears: 5, chroma: 0.25 },
  },

  redarkenDose: 0.35,
  redarkenGrow: 0.08,
}) as AgingParams;

/** DEFAULT_AGING with some coefficients replaced (nested records merged one level deep). */
export function agingParams(over: Partial<AgingParams> = {}): AgingParams {
  const d = DEFAULT_AGING;
  return {
    ...d,
    ...over,
    dryness: { ...d.dryness, ...over.dryness },
    sun: { ...d.sun, ...over.sun },
    pigmentFade: { ...d.pigmentFade, ...over.pigmentFade },
    chroma: { ...d.chroma, ...over.chroma },
    hueDrift: { ...d.hueDrift, ...over.hueDrift },
  };
}

/** The yearly fade rate for a plan's skin and pigment on normal (0) or scar (1) tissue, 1/years. */
export function fadeRate(plan: Plan, params: AgingParams, scar: boolean): number {
  return (
    params.fadePerYear *
    params.dryness[plan.skin.dryness] *
    params.sun[plan.skin.sun] *
    params.pigmentFade[plan.pigment.kind] *
    (scar ? params.scarFade : 1)
  );
}
