// The aging model's coefficients. Every default traces to a row of shared/docs/DOMAIN.md ("Healing",
// "Years", "Pigment and colour", "Scars and alopecia") or says "our assumption"; all are editable.
import { ArgumentError, parse, zPoint, zRange } from '../errors.js';
import type { Plan } from '../plan.js';
import { z } from '../schema.js';

type Dryness = Plan['skin']['dryness'];
type Sun = Plan['skin']['sun'];
type PigmentKind = Plan['pigment']['kind'];

/** Healed → 6-month loss of visual density, Liu et al.: score 8.7 → 7.7 of 10 ([derived] 1 − 7.7/8.7 = 11.5 %). */
export const LIU_SIX_MONTH_LOSS = 1 - 7.7 / 8.7;

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
  /**
   * Mean healed retention: share of the deposited darkness left once healed. Seed (lips): 20–50% loss → 0.5–0.8; 0.8,
   * its top (0.7 before the healed-tone calibration, docs/calibration.md "What moved": SMP's ≈ 14,000 impressions per
   * session work most dots more than once, DOMAIN "Density").
   */
  retention: number;
  /** Per-dot retention spread, ± share of the mean (uniform, from dots.seed). [clinic] "varies by area"; 0.15 ours. */
  retentionSpread: number;
  /**
   * Extra darkness lost while settling over the months after healing (from healedDays on), share. [clinic] "settling
   * to 3–6 months"; calibrated
   * [derived] so that, with the yearly fade, coverage 6 months after the last session is LIU_SIX_MONTH_LOSS (−11.5 %,
   * Liu et al. 8.7 → 7.7) below the healed coverage (last session + healedDays). test/fidelity.test.ts measures it.
   */
  settleLoss: number;
  /** Time constant of settling after healing, days. 45 ours (mostly done by 3–6 months). */
  settleTauDays: number;

  // --- Years (DOMAIN "Years")
  /**
   * Yearly fade rate of darkness on normal skin, SMP carbon, 3-point needle, at the reference UV dose (opacity ×
   * e^(−rate·m·years), m the dot's UV multiplier below). Calibrated (ours) so that on the default plan a touch-up at 0.7
   * of settled coverage falls due at ≈ 4 years (clinic median ≈ 4) and year 8 is clearly faded but visible (seed: "may
   * last up to 8 years").
   */
  fadePerYear: number;
  /** Fade-rate multipliers by skin dryness. Seed: very dry skin fades faster (dry 1.3, magnitude ours). CONTESTED: one clinic says oily fades slightly faster; oily is neutral 1 by default. */
  dryness: Record<Dryness, number>;
  /**
   * UV dose by the plan's sun exposure, relative to moderate. UV is the strongest accelerator (DOMAIN "Years");
   * magnitudes ours: low 0.6, high 1.7, which with uvShare 0.5 make the whole fade rate × 0.8 / × 1.35.
   */
  sun: Record<Sun, number>;
  /**
   * Share of the fade rate that UV drives at the reference dose: a dot's rate is × m = (1 − uvShare) + uvShare ·
   * sun[level] · region.sunExposure · exposure(x, y) / uvReference. DOMAIN "Years": UV is the strongest accelerator and
   * the crown gets the most sun; 0.5 ours. 0 makes fading uniform over the head.
   */
  uvShare: number;
  /**
   * Where the head faces the sky on the scalp map, mm: the vertex (top of the head). Ours: 110 mm behind the
   * mid-frontal point (Garg's 8-cm rule puts the hairline 8 cm above the glabella, on a head of radius ≈ 90 mm).
   */
  uvVertexMm: [number, number];
  /** Head radius for the UV model, mm (a sphere; ≈ 57 cm circumference, [derived]). Ours: 90. */
  uvHeadRadiusMm: number;
  /**
   * Share of UV that arrives diffuse from the whole sky (the rest direct, from overhead): exposure(θ) = diffuse·(1 +
   * cos θ)/2 + (1 − diffuse)·max(0, cos θ), θ the angle between the skin's normal and the zenith. Ours: 0.5.
   */
  uvDiffuse: number;
  /** The exposure at which a dot fades at the plan's nominal rate (≈ the default top-of-head region's mean). Ours: 0.8. */
  uvReference: number;
  /**
   * Spatially correlated spread of healed retention, ± share, smooth over areaScaleMm: [clinic] "two or three shades
   * lighter on some people, varying by area". Ours: 0.2. 0 leaves only the per-dot spread.
   */
  areaRetentionSpread: number;
  /** Feature size of that variation, mm (value noise lattice). Ours: 25. */
  areaScaleMm: number;
  /**
   * Fade-rate multipliers by needle points per dot (index = points, 1–9). DOMAIN "Dots": 7-point clusters faded less
   * than 3-point (Traquina 2001, 62 patients); the magnitudes are ours (7-point 0.85 of 3-point's rate).
   */
  needleFade: number[];
  /** Fade-rate multipliers by pigment. Ours: carbon 1; iron oxide neutral 1 (seed: it fades without changing colour; no figure says faster); tattoo ink is made to be permanent 0.5. */
  pigmentFade: Record<PigmentKind, number>;
  /**
   * Radius change after many years, share (1 + spreadMax·(1 − e^(−years/spreadTauYears))); negative shrinks.
   * DOMAIN "Dots": CONTESTED ("shrinks ~50 %" vs "expands slightly"), so neutral 0 by default: the helmet comes from
   * touch-ups (redarkenGrow) and blowouts, as the sources describe.
   */
  spreadMax: number;
  /** Time constant of the spread, years. 8 ours. */
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

  // --- Redness (DOMAIN "Healing": day 0–2 red)
  /** The treated skin is red after each deposit until this day, fading out (smoothstep). [clinic] days 0–2 → 3. */
  rednessDays: number;

  // --- Depth (DOMAIN "Dots": pressure/depth sets the healed size; too deep spreads into a blur, blue cast)
  /** Blowout probability × depth^this, depth the visit's relative needle depth (1 as intended). Ours: 3. */
  depthBlowoutPower: number;
  /** Healed retention × (1 − this·(1 − depth)) for depth < 1: a shallow deposit sheds with the scab. Ours: 0.6. */
  shallowLoss: number;

  // --- Blowout: a deposit too deep spreads into a larger, cooler, softer halo (DOMAIN "Dots": too deep → blur, blue cast)
  /** Probability that one deposit at depth 1 (a dot's first, or a re-darkening) blows out. 0.02 ours (no published rate). */
  blowoutProbability: number;
  /** Days for the halo to develop (smoothstep from the deposit). 120 ours. */
  blowoutOnsetDays: number;
  /** Radius added at full blowout, share. 0.8 ours. */
  blowoutGrow: number;
  /** Opacity multiplier at full blowout (the same pigment over a larger area). 0.7 ours. */
  blowoutOpacity: number;
  /** Softness at full blowout (combined as 1 − (1 − s)(1 − this)). 0.7 ours. */
  blowoutSoftness: number;
  /** Hue of the halo, degrees (blue: deep pigment seen through skin scatters blue). 230 ours. */
  blowoutHue: number;
  /**
   * Share of the pigment's own chroma the halo hides at full blowout. The colour is the mix of the pigment's and the
   * halo's (a, b) in OkLab, not a walk round the hue wheel, so a warm iron-oxide halo greys and then turns blue
   * rather than magenta. 0.8 ours.
   */
  blowoutCool: number;
  /** Chroma of the blue halo at full blowout. 0.12 ours. */
  blowoutChroma: number;

  // --- Pigment colour (DOMAIN "Pigment and colour")
  /** Base chroma by pigment: black under skin reads slightly cool (hue from dots.hue), so a little chroma. Ours. */
  chroma: Record<PigmentKind, number>;
  /** Hue drift by pigment. SMP carbon: none (fades lighter, same hue). Tattoo ink: toward blue/green (190°). Iron oxide: CONTESTED (seed: no change; clinic: orange/pink) → a small warm drift. Magnitudes ours. */
  hueDrift: Record<PigmentKind, HueDrift>;

  // --- Touch-ups (DOMAIN "Years": touch-ups every 2–6 years; repeated ones merge into the "helmet")
  /**
   * Darkness a re-darkened dot receives, as a share of the touch-up's shade (topping up, not a fresh dot). 0.5 ours
   * (0.35 before the healed-tone calibration, docs/calibration.md "What moved": darker healed dots take a top-up less),
   * calibrated with redarkenGrow so that touch-ups done when each falls due recur every ≈ 4.7–4.9 years ([clinic]
   * every 2–6, median ≈ 4), with coverage after each 0.98, 1.04, 1.14 × settled (the slow drift to the helmet).
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
  retention: 0.8,
  retentionSpread: 0.15,
  settleLoss: 0.125,
  settleTauDays: 45,

  fadePerYear: 0.085,
  dryness: { dry: 1.3, normal: 1, oily: 1 },
  sun: { low: 0.6, moderate: 1, high: 1.7 },
  uvShare: 0.5,
  uvVertexMm: [0, -110],
  uvHeadRadiusMm: 90,
  uvDiffuse: 0.5,
  uvReference: 0.8,
  areaRetentionSpread: 0.2,
  areaScaleMm: 25,
  needleFade: [1.1, 1.1, 1.05, 1, 0.96, 0.92, 0.88, 0.85, 0.83, 0.81],
  pigmentFade: { 'smp-carbon': 1, 'iron-oxide': 1, 'tattoo-ink': 0.5 },
  spreadMax: 0,
  spreadTauYears: 8,
  softness: 0.15,
  softnessPerYear: 0.05,

  scarRetention: 0.85,
  scarRetentionSpread: 2,
  scarFade: 1.8,
  scarBlowout: 2,

  rednessDays: 3,
  depthBlowoutPower: 3,
  shallowLoss: 0.6,

  blowoutProbability: 0.02,
  blowoutOnsetDays: 120,
  blowoutGrow: 0.8,
  blowoutOpacity: 0.7,
  blowoutSoftness: 0.7,
  blowoutHue: 230,
  blowoutCool: 0.8,
  blowoutChroma: 0.12,

  chroma: { 'smp-carbon': 0.05, 'iron-oxide': 0.12, 'tattoo-ink': 0.06 },
  hueDrift: {
    'smp-carbon': { targetHue: 215, amount: 0, tauYears: 5, chroma: 0 },
    'iron-oxide': { targetHue: 20, amount: 0.25, tauYears: 6, chroma: 0.08 },
    'tattoo-ink': { targetHue: 190, amount: 1, tauYears: 5, chroma: 0.25 },
  },

  redarkenDose: 0.5,
  redarkenGrow: 0.08,
}) as AgingParams;

const r = zRange;
const days = r(0, 3650);
const share = r(0, 1);
const factor = r(0, 100);
const byDryness = z.strictObject({ dry: factor, normal: factor, oily: factor });
const bySun = z.strictObject({ low: factor, moderate: factor, high: factor });
const byPigment = <T extends z.ZodMiniType>(t: T) => z.strictObject({ 'smp-carbon': t, 'iron-oxide': t, 'tattoo-ink': t });
/** Every coefficient with the range the model is defined on (time constants and spans > 0: they divide). */
const paramsSchema = z
  .strictObject({
    scabDarken: r(0, 10), scabGrow: r(0, 4), scabSoftness: share, shedStartDays: days, shedEndDays: days, ghostShare: share,
    ghostEndDays: days, healedDays: days, retention: share, retentionSpread: share, settleLoss: share, settleTauDays: r(0.01, 3650),
    fadePerYear: factor, dryness: byDryness, sun: bySun, uvShare: share, uvVertexMm: zPoint(2_000), uvHeadRadiusMm: r(10, 1000),
    uvDiffuse: share, uvReference: r(0.01, 10), areaRetentionSpread: share, areaScaleMm: r(1, 1e4),
    needleFade: z.array(factor).check(z.length(10)), pigmentFade: byPigment(factor), spreadMax: r(-0.9, 4), spreadTauYears: r(0.01, 1000),
    softness: share, softnessPerYear: factor, scarRetention: r(0, 10), scarRetentionSpread: factor, scarFade: factor, scarBlowout: factor,
    rednessDays: r(0.01, 365), depthBlowoutPower: r(0, 20), shallowLoss: share, blowoutProbability: share, blowoutOnsetDays: r(0.01, 3650),
    blowoutGrow: r(0, 10), blowoutOpacity: share, blowoutSoftness: share, blowoutHue: r(-360, 720), blowoutCool: share, blowoutChroma: share,
    chroma: byPigment(share),
    hueDrift: byPigment(z.strictObject({ targetHue: r(-360, 720), amount: share, tauYears: r(0, 1000), chroma: share })),
    redarkenDose: share, redarkenGrow: r(0, 10),
  })
  .check(
    z.refine((p) => p.shedStartDays < p.shedEndDays && p.shedEndDays <= p.ghostEndDays && p.ghostEndDays <= p.healedDays, {
      message: 'the healing days must keep their order: shedStartDays < shedEndDays ≤ ghostEndDays ≤ healedDays',
      path: ['shedEndDays'],
    }),
  );

/** The parameter sets agingParams made (and DEFAULT_AGING): a public function given one trusts it without checking again. */
const checked = new WeakSet<object>([DEFAULT_AGING]);

/** DEFAULT_AGING with some coefficients replaced (nested records merged one level deep); checked (checkAgingParams). */
export function agingParams(over: Partial<AgingParams> = {}): AgingParams {
  if (over === null || typeof over !== 'object' || Array.isArray(over)) throw new ArgumentError('agingParams: over', over, 'expected an object of coefficients');
  const d = DEFAULT_AGING;
  const nested = (k: 'dryness' | 'sun' | 'pigmentFade' | 'chroma' | 'hueDrift') => {
    const v = over[k];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new ArgumentError(`agingParams: over.${k}`, v, 'expected an object');
    return { ...d[k], ...v };
  };
  const p = {
    ...d,
    ...over,
    dryness: nested('dryness'),
    sun: nested('sun'),
    pigmentFade: nested('pigmentFade'),
    chroma: nested('chroma'),
    hueDrift: nested('hueDrift'),
    needleFade: Array.isArray(over.needleFade) ? [...over.needleFade] : over.needleFade === undefined ? [...d.needleFade] : over.needleFade,
    uvVertexMm: Array.isArray(over.uvVertexMm) ? [over.uvVertexMm[0], over.uvVertexMm[1]] : over.uvVertexMm === undefined ? [d.uvVertexMm[0], d.uvVertexMm[1]] : over.uvVertexMm,
  } as AgingParams;
  return checkedParams('agingParams: over', p);
}

/** The checks agingParams' users rely on: every coefficient present, finite and in its range; throws ArgumentError naming the coefficient and value. */
export function checkAgingParams(p: AgingParams): void {
  checkedParams('aging params', p);
}

/** The params argument of a public function: one agingParams made as it is, anything else checked in full (ArgumentError naming `where.field`). */
export function checkedParams(where: string, p: unknown): AgingParams {
  if (p !== null && typeof p === 'object' && checked.has(p)) return p as AgingParams;
  const v = parse(where, paramsSchema, p) as AgingParams;
  checked.add(v);
  return v;
}

/** Fade-rate multiplier for a needle with this many points (1–9). */
export function needleFadeOf(params: AgingParams, points: number): number {
  return params.needleFade[points] ?? 1;
}

/**
 * The yearly fade rate for a plan's skin and pigment on normal or scar tissue, 1/years, for a 3-point dot at the
 * reference UV exposure (each dot's own rate multiplies it by its needle's and its place's multipliers).
 */
export function fadeRate(plan: Plan, params: AgingParams, scar: boolean): number {
  return (
    params.fadePerYear *
    params.dryness[plan.skin.dryness] *
    (1 - params.uvShare + params.uvShare * params.sun[plan.skin.sun]) *
    params.pigmentFade[plan.pigment.kind] *
    (scar ? params.scarFade : 1)
  );
}

/** Fade-rate base without UV: fadePerYear × dryness × pigment (× scarFade). */
export function baseFadeRate(plan: Plan, params: AgingParams, scar: boolean): number {
  return params.fadePerYear * params.dryness[plan.skin.dryness] * params.pigmentFade[plan.pigment.kind] * (scar ? params.scarFade : 1);
}
