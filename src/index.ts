// smp-sim core: pure, deterministic, no DOM and no Pixi. Lengths in mm on the scalp; densities in dots/cm².
export { simulate, simulateValid, type SimulateOptions } from './simulate.js';
export {
  validatePlan,
  PlanError,
  PLAN_VERSION,
  MAX_DOTS,
  TOUCH_UP_HEADROOM,
  HAIRLINE_STYLES,
  HAIRLINE_STYLE_DEFAULTS,
  DEFAULT_SESSIONS,
  /** The default plan's follicular clustering: 10 % of dots get one or two companions 0.5 mm away (Liu et al.: clusters next to singles). */
  DEFAULT_CLUSTERING,
  type Plan,
  type PlanInput,
  type Region,
  type Session,
  type TouchUp,
  type HairlineStyle,
  type ResolvedHairline,
} from './plan.js';
export {
  defaultPlan,
  defaultPlanInput,
  hairlinePoints,
  topOfHeadRegion,
  suggestedShades,
  dotDiameterMm,
  DOT_SPREAD,
  PIGMENT_HUE,
  SHADE_BY_HAIR,
  SHADE_BY_FITZPATRICK,
  SESSION_SHADE_RAMP,
  /** OkLab lightness of skin by Fitzpatrick type I–VI (ours, editable). */
  SKIN_LIGHTNESS,
  /** OkLab lightness of undiluted pigment seen through skin (ours). */
  PIGMENT_LIGHTNESS,
  /** skinContrast(fitzpatrick): the most a dot can darken that skin, 0–1 (type VI ≈ a third of type I). */
  skinContrast,
  /** Each hairline style's template: recession (mm), profile exponent, jag (mm), temple points (mm); ours. */
  HAIRLINE_TEMPLATES,
  type HairlineShape,
} from './presets.js';
export { type Dots, type DotStats, BYTES_PER_DOT, FLAG_HAIRLINE, FLAG_COMPANION, FLAG_SCAR, dotsTransferables } from './dots.js';
export { densityField, type DensityField } from './field.js';
export { hairlineProfile, sampleCurve, onScalpSide, HAIRLINE_IRREGULARITY } from './hairline.js';
export { insidePolygon, regionAt } from './raster.js';
export { buildTile, defaultTile, type Tile } from './tile.js';
export { mix32, hash2, unit } from './hash.js';
export {
  appearanceAt,
  allocAppearance,
  agingTables,
  agingParams,
  fadeRate,
  layerDays,
  coverageCurve,
  touchUpForecast,
  /** fadeMap(dots, plan, params?, {cellMm, …}): per 1-cm² cell (default) coverage and due year, and the cell that fades first. */
  fadeMap,
  /** rednessAt(plan, day): the treated skin's redness 0–1 (days 0–2 after each visit). */
  rednessAt,
  /** uvExposure(x, y mm, params?): relative UV dose by place on the head, 0–1 (1 at the vertex). */
  uvExposure,
  /** scalpZone(x, y mm): index into SCALP_ZONES (hairline, front, top, crown, left side, right side). */
  scalpZone,
  /** The named areas of the head the forecast reports per area. */
  SCALP_ZONES,
  regionAreasMm2,
  subsampleDots,
  DEFAULT_AGING,
  /** Liu et al.'s healed → 6-month loss of visual density, 1 − 7.7/8.7 (the settling calibration target). */
  LIU_SIX_MONTH_LOSS,
  /** One area's forecast: settled coverage and due year. */
  type AreaForecast,
  /** fadeMap's grid: cells in mm with area, settled coverage and due year each. */
  type FadeMap,
  /** ForecastOptions plus cellMm (2–100, default 10). */
  type FadeMapOptions,
  /** A name in SCALP_ZONES. */
  type ScalpZone,
  type Appearance,
  type AgingParams,
  type AgingTables,
  type HueDrift,
  type CoverageCurve,
  type CoverageOptions,
  type ForecastOptions,
  type TouchUpForecast,
} from './aging/index.js';
export { nearestNeighbour, spacingQuality, radialSpectrum } from './quality.js';
