// smp-sim: the public core. Pure, deterministic, no DOM and no Pixi; lengths in mm on the scalp map (origin at
// the mid-frontal hairline point, x right, y down, the scalp at y < 0), densities in dots/cm², days after the
// first session. Other entries: smp-sim/worker (the engine in a Web Worker), smp-sim/render (Pixi, browser
// only), smp-sim/head (fit a head to a photo and project the plan), smp-sim/consult (stages, schedule, price).
// Everything else is importable by path (src/…) for tests and tools, without a stability promise.

export {
  /** simulate(plan, {reuse?, fieldCache?}): the layered dots of a plan document (validated here), as typed arrays in mm. */
  simulate,
  type SimulateOptions,
} from './simulate.js';
export {
  /** Bad input to any public function of smp-sim: a RangeError whose `path` names the argument and field and `value` what was found; PlanError, ArgumentError, PriceBookError, IntakeError and SignOffError are its kinds. */
  InputError,
  /** A bad argument: the message names the function, the argument, the field and the value (e.g. `addDays: days`). */
  ArgumentError,
} from './errors.js';
export {
  /** validatePlan(doc): the plan with every default filled in; throws PlanError naming the field and the value. */
  validatePlan,
  /** An invalid plan: `path` is the field (e.g. `sessions[1].day`), `value` what was found. */
  PlanError,
  /** The plan format this build writes (older ones migrate on load). */
  PLAN_VERSION,
  /** The most dots one simulation may place (5 M); larger plans are refused up front. */
  MAX_DOTS,
  /** The hairline styles artists name (DOMAIN "Hairline design"). */
  HAIRLINE_STYLES,
  /** The three documented sessions: 30 / 70 / 100 % of the target, 14 days apart, lightest first. */
  DEFAULT_SESSIONS,
  /** A plan as a user may write it (optional fields left out). */
  type PlanInput,
  /** A validated plan: every field present. */
  type Plan,
  /** A treated area, exclusion or scar: a polygon in mm. */
  type Region,
  /** A session: day, cumulative share of the target, shade, needle. */
  type Session,
  /** A touch-up: year, re-darkened share, added dots, shade. */
  type TouchUp,
  type HairlineStyle,
} from './plan.js';
export {
  /** defaultPlan(seed?): the validated sample plan (a balding top, a mature hairline, three sessions). */
  defaultPlan,
  /** defaultPlanInput(seed?): the same as a plan document to edit. */
  defaultPlanInput,
  /** hairlinePoints(style, {widthMm, recessionMm, peakMm, count}): a template hairline in mm through the origin. */
  hairlinePoints,
  /** suggestedShades(fitzpatrick, hairColor, sessions): session shades, lightest first, from the dilution table. */
  suggestedShades,
} from './presets.js';
export {
  /** The dots: one typed array per attribute (xy mm, radius, layer, shade, hue, seed, region, flags) and a count. */
  type Dots,
  /** Area treated, dots per layer, achieved density. */
  type DotStats,
} from './dots.js';
export {
  /** appearanceAt(dots, plan, day, params?): each dot's opacity, radius, hue, chroma and softness on that day. */
  appearanceAt,
  /** agingTables(plan, day, params?): the per-layer numbers the GPU aging shader takes as uniforms. */
  agingTables,
  /** agingParams({...}): the aging model's parameters with yours changed (every default cites DOMAIN.md). */
  agingParams,
  /** The aging model's defaults. */
  DEFAULT_AGING,
  /** coverageCurve(dots, plan, days, params?, opts?): total (and per-region) coverage on the given days. */
  coverageCurve,
  /** touchUpForecast(dots, plan, params?, opts?): when coverage falls below its threshold, per region and area of the head. */
  touchUpForecast,
  /** fadeMap(dots, plan, params?, opts?): per 1-cm² cell, when it falls due, and the cell that fades first. */
  fadeMap,
  type Appearance,
  type AgingParams,
  type AgingTables,
  type CoverageCurve,
  type CoverageOptions,
  type ForecastOptions,
  type TouchUpForecast,
  type FadeMap,
} from './aging/index.js';
export {
  /** spacingQuality(dots): nearest-neighbour spacing scaled by local density, clumps, and the radial spectrum's shape. */
  spacingQuality,
} from './quality.js';
