// The aging model: healing over weeks, fading over years, touch-ups, and the summary curves built on them.
/** Per-dot appearance at one instant (opacity 0–1, radius mm, hue °, chroma 0–1, softness 0–1). */
export { type Appearance } from './types.js';
/** Every aging coefficient (days, years, shares) with its source; DEFAULT_AGING holds the defaults; agingParams(over) merges edits. */
export { type AgingParams, type HueDrift, DEFAULT_AGING, LIU_SIX_MONTH_LOSS, agingParams, fadeRate, baseFadeRate, checkAgingParams } from './params.js';
/** appearanceAt(dots, plan, day days, params?, out?): every dot's look on a day; agingTables: the per-clock uniforms a shader needs. */
export {
  appearanceAt,
  allocAppearance,
  agingTables,
  layerDays,
  uvExposure,
  areaNoise,
  localFactors,
  rednessAt,
  type AgingTables,
  type LocalFactors,
} from './appearance.js';
/** coverageCurve(dots, plan, days, params?, {stride}): coverage 0–1 per region over days; touchUpForecast: due year (years) at 0.7 of settled. */
export {
  coverageCurve,
  touchUpForecast,
  fadeMap,
  regionAreasMm2,
  zoneAreasMm2,
  scalpZone,
  SCALP_ZONES,
  subsampleDots,
  type AreaForecast,
  type FadeMap,
  type FadeMapOptions,
  type ScalpZone,
  type CoverageCurve,
  type CoverageOptions,
  type ForecastOptions,
  type TouchUpForecast,
} from './coverage.js';
/** inkCoverage(dots, appearance, {areaMm2, where}): C = Σ opacity·πr²/area; inkTransmission(C, τ, O): 1 − C(1 − τ) + O(1 − τ)²; pigmentTransmission: τ per channel; stubbleInk(tone): the stubble's hue at the pigment's strength; stubbleShade(ink): a buzz cut's stubble, the calibrated tone in that hue; HEALED_TRANSMISSION: the calibrated target (docs/calibration.md). */
export {
  inkCoverage,
  inkTransmission,
  stubbleShade,
  pigmentTransmission,
  stubbleInk,
  scalpSideArea,
  luminance,
  oklabToLinear,
  HEALED_TRANSMISSION,
  INK_SCATTER,
  INK_CHROMA_SCALE,
  REC709,
  type InkCoverage,
  type InkCoverageOptions,
  type PigmentOptions,
  type Rgb,
} from './ink-coverage.js';
