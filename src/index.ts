// smp-sim core: pure, deterministic, no DOM and no Pixi. Lengths in mm on the scalp; densities in dots/cm².
export { simulate, simulateValid, type SimulateOptions } from './simulate.js';
export {
  validatePlan,
  PlanError,
  PLAN_VERSION,
  MAX_DOTS,
  MAX_COORD_MM,
  MAX_REGION_POINTS,
  MAX_TOTAL_POINTS,
  TOUCH_UP_HEADROOM,
  HAIRLINE_STYLES,
  HAIRLINE_STYLE_DEFAULTS,
  DEFAULT_SESSIONS,
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
  type HairlineShape,
} from './presets.js';
export { type Dots, type DotStats, BYTES_PER_DOT, FLAG_HAIRLINE, FLAG_COMPANION, FLAG_SCAR, dotsTransferables } from './dots.js';
export { densityField, WORK_BUDGET, type DensityField } from './field.js';
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
  regionAreasMm2,
  subsampleDots,
  DEFAULT_AGING,
  type Appearance,
  type AgingParams,
  type AgingTables,
  type HueDrift,
  type CoverageCurve,
  type CoverageOptions,
  type ForecastOptions,
  type TouchUpForecast,
} from './aging/index.js';
export { nearestNeighbour, spacingQuality, radialSpectrum, repetitionShare } from './quality.js';
