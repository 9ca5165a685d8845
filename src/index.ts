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
export { nearestNeighbour, spacingQuality, radialSpectrum, repetitionShare } from './quality.js';
// --- consultation (src/consult/): pure, no DOM; the studio and the report call these ---
export {
  /** stagePlan(stage, base?, {scale}): PlanInput with the stage's treated regions and hairline (templates are ours: STAGE_TEMPLATE_SOURCE). */
  stagePlan,
  /** stageInfo(stage): label, family and one-sentence pattern of a Norwood/Ludwig stage. */
  stageInfo,
  /** treatedAreaCm2(plan): treated + scar area less exclusions, cm² (overlaps once). */
  treatedAreaCm2,
  /** stageAreaCm2(stage, scale?): a stage template's treated area in cm², for the picker. */
  stageAreaCm2,
  /** The stage ids, Norwood I–VII with IIIv and the A variants, then Ludwig I–III. */
  STAGES,
  /** The sentence the UI shows about where the stage templates come from. */
  STAGE_TEMPLATE_SOURCE,
  /** Whole scalp area, cm² (DOMAIN: 492 ± 31). */
  WHOLE_SCALP_CM2,
  type StageId,
  type StageInfo,
  type StageOptions,
  /** concernPlan(concern, base?, sessions?): PlanInput with the concern's sessions and density (scar templates added for scars). */
  concernPlan,
  /** concernDefaults(concern): sessions, density, effect, notes and source of a concern. */
  concernDefaults,
  /** suggestedSessionCount(concern, skin): 3, or 4 for scars, alopecia or very dry skin, with reasons. */
  suggestedSessionCount,
  /** planSessions(n, {spacingDays, fitzpatrick, hairColor}): n plan sessions, cumulative ramp, lightest first. */
  planSessions,
  /** sessionRamp(n): cumulative density shares (3 → Liu's 0.3/0.7/1). */
  sessionRamp,
  /** scarTemplate('scar-fue' | 'scar-fut'): starting scar regions on the donor area (ours). */
  scarTemplate,
  CONCERNS,
  CONCERN_DEFAULTS,
  DEFAULT_SPACING_DAYS,
  type ConcernId,
  type ConcernDefaults,
  type SessionOptions,
  /** scheduleSessions(plan, {start, timeZone, startTime, closedWeekdays, closedDates, spacingDays, dotsPerHour}): booked dates and local times. */
  scheduleSessions,
  /** estimateSessionDots(plan): dots per session from areas × density × session share (no simulation). */
  estimateSessionDots,
  /** withScheduledDays(input, schedule): the plan's session days set to the booked dates. */
  withScheduledDays,
  DEFAULT_DOTS_PER_HOUR,
  DEFAULT_OVERHEAD_MINUTES,
  DEFAULT_START_TIME,
  DEFAULT_CLOSED_WEEKDAYS,
  SESSION_SPACING_DAYS,
  SESSION_HOURS,
  type Schedule,
  type ScheduleOptions,
  type ScheduledSession,
  /** aftercareEvents(schedule, rules?): dated aftercare and expected reactions (all-day, end exclusive). */
  aftercareEvents,
  /** The default aftercare rules and reactions, each with its DOMAIN row. */
  AFTERCARE_RULES,
  type AftercareRule,
  type AftercareEvent,
  type AftercareScope,
  /** consultationIcs(schedule, aftercare, {stamp, name, location, projectId}): the RFC 5545 calendar text. */
  consultationIcs,
  /** writeIcs(events, {timeZone, stamp}): RFC 5545 text for timed and all-day events. */
  writeIcs,
  /** parseIcs(text) / readIcsEvents(text): read a calendar back (components; events). */
  parseIcs,
  readIcsEvents,
  escapeText as icsEscapeText,
  foldLine as icsFoldLine,
  type IcsEvent,
  type IcsOptions,
  type ConsultationIcsOptions,
  type IcsComponent,
  type IcsProperty,
  type ParsedIcsEvent,
  /** Calendar helpers: 'YYYY-MM-DD' dates, 'HH:MM' times and IANA zone offsets through Intl. */
  addDays,
  weekday,
  zoneOffsetMinutes,
  localToUtcMs,
  utcToLocal,
  zoneTransitions,
  /** estimate(plan, concern, book?): { low, high, currency, areaCm2, sessions, reasons[] } from a price book. */
  estimate,
  /** validatePriceBook(json): a typed book; throws PriceBookError naming the field and value. */
  validatePriceBook,
  /** regionalPriceBook(region): DOMAIN's ranges abroad as a book. */
  regionalPriceBook,
  PriceBookError,
  DEFAULT_PRICE_BOOK,
  REGIONAL_RANGES_USD,
  SEVERE_BALDING_CM2,
  type PriceBook,
  type PriceBookInput,
  type Estimate,
  type EstimateReason,
  /** touchUpCost(plan, book?, {threshold, years, stride}): due years and touch-up counts and cost over 5 and 10 years. */
  touchUpCost,
  type TouchUpCost,
  type TouchUpCostOptions,
} from './consult/index.js';
// --- end consultation ---
