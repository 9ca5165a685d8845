// Summary curves: how dark each region reads against the skin over time, and when a touch-up falls due.
//
// Coverage of a region = min(1, Σ opacity·π·r² / area): the ink coverage C of ink-coverage.ts, whose mean darkening
// of the skin is C·(1 − τ). Blue-noise dots overlap little: at the calibrated default (44 % of the area under dots) a
// supersampled rasterisation darkens within 3 % of the linear sum (test/calibration.test.ts), where Poisson's
// 1 − e^(−C) (this file's measure before the healed-tone calibration, docs/calibration.md) read 13 % less and made
// dense areas fade more slowly than sparse ones. Merged, overlapping dots (the "helmet") read a little too dark.
import { checkedDots, type Dots } from '../dots.js';
import { ArgumentError } from '../errors.js';
import { checkedPlan, type Plan } from '../plan.js';
import { BOUNDARY, classifyCells, regionAt } from '../raster.js';
import { agingTablesValid, allocAppearance, evaluate, layerDays } from './appearance.js';
import { type AgingParams, DEFAULT_AGING, checkedParams } from './params.js';

/** Coverage over time: `total` over all treated and scar regions, `perRegion[r]` for plan.regions[r] (0 for exclusions). */
export interface CoverageCurve {
  /** Days after the first session. */
  days: Float64Array;
  /** Coverage 0–1 of all treated and scar regions together. */
  total: Float32Array;
  /** Coverage 0–1 per region, indexed like plan.regions. */
  perRegion: Float32Array[];
}

/** Options for the summary curves. */
export interface CoverageOptions {
  /** Evaluate every stride-th dot (and weight it by stride): a whole number 1 (all, the default) – 4096; e.g. 16 for a million dots. */
  stride?: number;
}

/** Most values a summary option may ask for (days in a curve, steps in a forecast). */
const MAX_STEPS = 100_000;

function optionError(where: string, name: string, value: unknown, want: string): ArgumentError {
  return new ArgumentError(`${where}: ${name}`, value, `expected ${want}`);
}

/** Most dot-days one call evaluates (dots ÷ stride × scanned days): about 20 s of one core; more is refused up front. */
export const MAX_DOT_DAYS = 1e9;

function checkWork(where: string, dots: number, stride: number, days: number): void {
  const work = Math.ceil(dots / stride) * days;
  if (work > MAX_DOT_DAYS)
    throw new ArgumentError(`${where}: options`, `${Math.ceil(dots / stride)} dots × ${days} days`, `at most ${MAX_DOT_DAYS} dot-days per call: raise options.stride or options.stepDays, or shorten the days`);
}

/** The dots, plan and params of a public aging function, checked once here. */
function checkedArgs(where: string, dots: Dots, plan: Plan, params: AgingParams): { dots: Dots; plan: Plan; params: AgingParams } {
  const valid = checkedPlan(plan);
  return { plan: valid, params: checkedParams(`${where}: params`, params), dots: checkedDots(`${where}: dots`, dots, valid) };
}

/** A number option in [lo, hi] (or its default when undefined); throws a RangeError naming it and the value otherwise. */
function numberOption(where: string, name: string, value: unknown, fallback: number, lo: number, hi: number, whole = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= lo && value <= hi) || (whole && !Number.isInteger(value)))
    throw optionError(where, name, value, `${whole ? 'a whole number' : 'a finite number'} in [${lo}, ${hi}]`);
  return value;
}

function strideOption(where: string, opts: CoverageOptions | undefined): number {
  if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw optionError(where, 'options', opts, 'an object');
  return numberOption(where, 'options.stride', opts?.stride, 1, 1, 4096, true);
}

/** Most grid cells used to measure region areas. */
const AREA_CELLS = 250_000;
const areaCache = new WeakMap<Plan, Float64Array>();

/**
 * Area of each region in mm² as the engine places dots there (later regions win, exclusions cut holes),
 * measured on a grid of ≤ 250k cells; cached per plan object.
 */
export function regionAreasMm2(plan: Plan): Float64Array {
  const cached = areaCache.get(plan);
  if (cached) return cached;
  const areas = areaBy(plan, plan.regions.length, (_x, _y, r) => r);
  areaCache.set(plan, areas);
  return areas;
}

/**
 * Treated area (mm²) in each of `bins` bins, binOf(x, y, region) giving a point's bin (or −1), measured on the same
 * grid as regionAreasMm2.
 */
export function areaBy(plan: Plan, bins: number, binOf: (x: number, y: number, region: number) => number): Float64Array {
  const regions = plan.regions;
  const areas = new Float64Array(bins);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of regions) {
    if (r.kind === 'exclusion') continue;
    for (const [x, y] of r.points) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX > minX && maxY > minY) {
    const cell = Math.max(0.05, Math.sqrt(((maxX - minX) * (maxY - minY)) / AREA_CELLS));
    const w = Math.max(1, Math.ceil((maxX - minX) / cell));
    const h = Math.max(1, Math.ceil((maxY - minY) / cell));
    const grid = { x0: minX, y0: minY, cell, w, h };
    const cls = classifyCells(grid, regions);
    const a = cell * cell;
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const c = cls[row * w + col]!;
        if (c === 0) continue;
        const px = minX + (col + 0.5) * cell;
        const py = minY + (row + 0.5) * cell;
        const r = c === BOUNDARY ? regionAt(regions, px, py) : c - 1;
        if (r < 0) continue;
        const b = binOf(px, py, r);
        if (b >= 0) areas[b]! += a;
      }
    }
  }
  return areas;
}

/**
 * Named areas of the scalp map, for "which part fades first" (ours; mm from the mid-frontal point, y down, the
 * vertex near y ≈ −110): beyond 45 mm either side of the midline the sides; along the midline the hairline (first
 * 30 mm, Shapiro's transition zone and the start of the gradient), the front (to −80), the top (to −135, around
 * the vertex) and the crown behind it.
 */
export const SCALP_ZONES = ['hairline', 'front', 'top', 'crown', 'left side', 'right side'] as const;
export type ScalpZone = (typeof SCALP_ZONES)[number];

/** Index into SCALP_ZONES of a point on the scalp map (mm). */
export function scalpZone(x: number, y: number): number {
  if (x < -45) return 4;
  if (x > 45) return 5;
  if (y > -30) return 0;
  if (y > -80) return 1;
  if (y > -135) return 2;
  return 3;
}

/** Adds bins' curves: per bin, coverage over days from Σ opacity·π·r² of its dots and its area. */
function binnedCurves(
  d: Dots,
  plan: Plan,
  days: Float64Array,
  params: AgingParams,
  stride: number,
  binnings: { of: ArrayLike<number>; areas: Float64Array }[],
): { total: Float32Array; bins: Float32Array[][] } {
  const nD = days.length;
  const total = new Float32Array(nD);
  const bins = binnings.map((b) => Array.from({ length: b.areas.length }, () => new Float32Array(nD)));
  const accs = binnings.map((b) => new Float64Array(b.areas.length));
  const areas = regionAreasMm2(plan);
  let areaTotal = 0;
  for (let r = 0; r < areas.length; r++) areaTotal += areas[r]!;
  const app = allocAppearance(d.count);
  const w = Math.PI * stride;
  for (let k = 0; k < nD; k++) {
    evaluate(d, agingTablesValid(plan, days[k]!, params), params, app, 0, d.count);
    const { opacity, radius } = app;
    let sum = 0;
    for (let j = 0; j < binnings.length; j++) {
      const acc = accs[j]!;
      const of = binnings[j]!.of;
      acc.fill(0);
      for (let i = 0; i < d.count; i++) {
        const b = of[i]!;
        if (b < 0) continue;
        const r = radius[i]!;
        acc[b]! += opacity[i]! * r * r;
      }
      const ar = binnings[j]!.areas;
      for (let b = 0; b < ar.length; b++) bins[j]![b]![k] = ar[b]! > 0 ? Math.min(1, (w * acc[b]!) / ar[b]!) : 0;
      if (j === 0) for (let b = 0; b < acc.length; b++) sum += acc[b]!;
    }
    total[k] = areaTotal > 0 ? Math.min(1, (w * sum) / areaTotal) : 0;
  }
  return { total, bins };
}

/** Every stride-th dot as a Dots of its own (layer order kept; stats copied). */
export function subsampleDots(dots: Dots, stride: number): Dots {
  const s = Math.max(1, Math.floor(stride));
  if (s === 1) return dots;
  const m = Math.ceil(dots.count / s);
  const pick = <T extends Float32Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
    const o = make(m);
    for (let j = 0; j < m; j++) o[j] = a[j * s]!;
    return o;
  };
  const xy = new Float32Array(2 * m);
  for (let j = 0; j < m; j++) {
    xy[2 * j] = dots.xy[2 * j * s]!;
    xy[2 * j + 1] = dots.xy[2 * j * s + 1]!;
  }
  const layerStart = dots.layerStart.map((v) => Math.ceil(v / s));
  return {
    count: m,
    sessions: dots.sessions,
    xy,
    radius: pick(dots.radius, (n) => new Float32Array(n)),
    layer: pick(dots.layer, (n) => new Uint8Array(n)),
    shade: pick(dots.shade, (n) => new Float32Array(n)),
    hue: pick(dots.hue, (n) => new Float32Array(n)),
    seed: pick(dots.seed, (n) => new Uint32Array(n)),
    region: pick(dots.region, (n) => new Uint8Array(n)),
    flags: pick(dots.flags, (n) => new Uint8Array(n)),
    layerStart,
    stats: dots.stats,
  };
}

/**
 * Coverage per region and in total at each of `days` (days after the first session), closed form per dot:
 * cost ∝ days × dots / stride. See the file comment for the formula.
 */
export function coverageCurve(
  dots: Dots,
  plan: Plan,
  days: ArrayLike<number>,
  params: AgingParams = DEFAULT_AGING,
  opts: CoverageOptions = {},
): CoverageCurve {
  ({ dots, plan, params } = checkedArgs('coverageCurve', dots, plan, params));
  const stride = strideOption('coverageCurve', opts);
  if (!days || typeof days !== 'object' || typeof days.length !== 'number' || days.length > MAX_STEPS)
    throw optionError('coverageCurve', 'days', days?.length, `a list of at most ${MAX_STEPS} days`);
  for (let i = 0; i < days.length; i++) if (typeof days[i] !== 'number') throw optionError('coverageCurve', `days[${i}]`, days[i], 'a finite number of days within ±1e6');
  const dayList = Float64Array.from(days);
  dayList.forEach((v, i) => {
    if (!Number.isFinite(v) || Math.abs(v) > 1e6) throw optionError('coverageCurve', `days[${i}]`, days[i], 'a finite number of days within ±1e6');
  });
  checkWork('coverageCurve', dots.count, stride, dayList.length);
  const d = subsampleDots(dots, stride);
  const { total, bins } = binnedCurves(d, plan, dayList, params, stride, [{ of: d.region, areas: regionAreasMm2(plan) }]);
  return { days: dayList, total, perRegion: bins[0]! };
}

/** Options for touchUpForecast and fadeMap (checked once: a RangeError names the option and the value). */
export interface ForecastOptions extends CoverageOptions {
  /** A touch-up is due when coverage falls below this share of its value after the previous visit, in (0, 1). Default 0.7 (ours). */
  threshold?: number;
  /** Years after the first session to look ahead, (0, 100]. Default 15. */
  horizonYears?: number;
  /** The result of a visit is measured this many days after it, [0, 3650]. Default 90 (settling to 3–6 months). */
  settleDays?: number;
  /** Scan step in days, [0.5, 365] (crossings are interpolated linearly between steps). Default 7. */
  stepDays?: number;
}

/** When one area falls due: coverage after the last visit before it, and the due year (null: not within the horizon). */
export interface AreaForecast {
  /** Coverage 0–1 after the sessions (last session + settleDays). */
  settledCoverage: number;
  /** Years after the first session when coverage falls below threshold × its value after the previous visit, or null. */
  dueYear: number | null;
}

/** When a touch-up falls due, overall, per region and per area of the head. Years and days count from the first session. */
export interface TouchUpForecast {
  /** Years after the first session when total coverage first falls below threshold × its value after the previous visit, or null within the horizon. */
  dueYear: number | null;
  /** The same in days, or null. */
  dueDay: number | null;
  /** Day the sessions' result is measured (last session + settleDays). */
  settledDay: number;
  /** Total coverage on settledDay, 0–1. */
  settledCoverage: number;
  /** Day and total coverage of the result the due date is judged against: after the last visit (session or planned touch-up) before it. */
  referenceDay: number;
  referenceCoverage: number;
  /** The threshold share used. */
  threshold: number;
  /** Per region (indexed like plan.regions). */
  perRegion: AreaForecast[];
  /** Per area of the head (indexed like SCALP_ZONES), with its treated area in cm² (0: none of the plan there). */
  perZone: (AreaForecast & { zone: ScalpZone; areaCm2: number })[];
  /** The area of the head (≥ 2 cm² treated) that falls due first, or null when none does within the horizon. */
  firstArea: { zone: ScalpZone; dueYear: number } | null;
  /** The scanned curve, from settledDay to the horizon. */
  curve: CoverageCurve;
}

/** The forecast options with defaults, checked. */
function forecastOptions(where: string, opts: ForecastOptions | undefined) {
  const stride = strideOption(where, opts);
  const o = opts ?? {};
  return {
    stride,
    threshold: numberOption(where, 'options.threshold', o.threshold, 0.7, 1e-6, 1 - 1e-6),
    horizonDays: numberOption(where, 'options.horizonYears', o.horizonYears, 15, 1e-3, 100) * 365,
    settleDays: numberOption(where, 'options.settleDays', o.settleDays, 90, 0, 3650),
    stepDays: numberOption(where, 'options.stepDays', o.stepDays, 7, 0.5, 365),
  };
}

/**
 * The scan: days from the sessions' result to the horizon every stepDays, plus each planned touch-up's result day;
 * `ref[k]` is the index of the result a day is judged against (−1 while a visit is settling).
 */
function scanDays(plan: Plan, o: ReturnType<typeof forecastOptions>): { days: Float64Array; ref: Int32Array; settledDay: number } {
  const visits = layerDays(plan).subarray(plan.sessions.length - 1); // the last session, then the touch-ups
  const settledDay = visits[0]! + o.settleDays;
  const set = new Set<number>();
  for (let t = settledDay; t < o.horizonDays; t += o.stepDays) set.add(t);
  set.add(Math.max(settledDay, o.horizonDays));
  for (const v of visits) set.add(v + o.settleDays);
  const days = Float64Array.from(set).sort();
  if (days.length > MAX_STEPS) throw optionError('touchUpForecast', 'options.stepDays', o.stepDays, `large enough for at most ${MAX_STEPS} steps to the horizon`);
  const refIdx = Array.from(visits, (v) => days.indexOf(v + o.settleDays));
  const ref = new Int32Array(days.length);
  for (let k = 0; k < days.length; k++) {
    let e = 0;
    while (e + 1 < visits.length && visits[e + 1]! <= days[k]!) e++; // the last visit on or before this day
    ref[k] = days[k]! >= visits[e]! + o.settleDays ? refIdx[e]! : -1;
  }
  return { days, ref, settledDay };
}

/** First day a curve falls below threshold × the result it is judged against (linear between samples), or null. */
function dueDay(days: Float64Array, ref: Int32Array, v: Float32Array, threshold: number): { day: number | null; refIdx: number } {
  for (let k = 1; k < v.length; k++) {
    const r = ref[k]!;
    if (r < 0 || ref[k - 1] !== r || !(v[r]! > 0)) continue;
    const limit = threshold * v[r]!;
    if (v[k]! < limit) {
      const a = v[k - 1]!;
      const b = v[k]!;
      const t = a > b ? (a - limit) / (a - b) : 1;
      return { day: days[k - 1]! + t * (days[k]! - days[k - 1]!), refIdx: r };
    }
  }
  return { day: null, refIdx: ref[ref.length - 1]! >= 0 ? ref[ref.length - 1]! : 0 };
}

/** Smallest treated area (cm²) for a zone to be named as the one that fades first. */
const MIN_ZONE_CM2 = 2;

/**
 * Forecasts when a touch-up falls due: the first day when coverage drops below `threshold` × its value after the
 * previous visit (the sessions, or a planned touch-up: each is judged by the result it left), overall, per region and
 * per area of the head (SCALP_ZONES), naming the area that falls due first.
 */
export function touchUpForecast(
  dots: Dots,
  plan: Plan,
  params: AgingParams = DEFAULT_AGING,
  opts: ForecastOptions = {},
): TouchUpForecast {
  ({ dots, plan, params } = checkedArgs('touchUpForecast', dots, plan, params));
  const o = forecastOptions('touchUpForecast', opts);
  const { days, ref, settledDay } = scanDays(plan, o);
  checkWork('touchUpForecast', dots.count, o.stride, days.length);
  const d = subsampleDots(dots, o.stride);
  const zoneOf = new Int8Array(d.count);
  for (let i = 0; i < d.count; i++) zoneOf[i] = scalpZone(d.xy[2 * i]!, d.xy[2 * i + 1]!);
  const zoneAreas = zoneAreasMm2(plan);
  const { total, bins } = binnedCurves(d, plan, days, params, o.stride, [
    { of: d.region, areas: regionAreasMm2(plan) },
    { of: zoneOf, areas: zoneAreas },
  ]);
  const curve: CoverageCurve = { days, total, perRegion: bins[0]! };
  const area = (v: Float32Array): AreaForecast => {
    const due = dueDay(days, ref, v, o.threshold).day;
    return { settledCoverage: v[0]!, dueYear: due === null ? null : due / 365 };
  };
  const due = dueDay(days, ref, total, o.threshold);
  const perZone = bins[1]!.map((v, z) => ({ zone: SCALP_ZONES[z]!, areaCm2: zoneAreas[z]! / 100, ...area(v) }));
  let firstArea: TouchUpForecast['firstArea'] = null;
  for (const z of perZone)
    if (z.areaCm2 >= MIN_ZONE_CM2 && z.dueYear !== null && (firstArea === null || z.dueYear < firstArea.dueYear)) firstArea = { zone: z.zone, dueYear: z.dueYear };
  return {
    dueYear: due.day === null ? null : due.day / 365,
    dueDay: due.day,
    settledDay,
    settledCoverage: total[0]!,
    referenceDay: days[due.refIdx]!,
    referenceCoverage: total[due.refIdx]!,
    threshold: o.threshold,
    perRegion: bins[0]!.map(area),
    perZone,
    firstArea,
    curve,
  };
}

const zoneCache = new WeakMap<Plan, Float64Array>();
/** Treated area of each SCALP_ZONES area, mm² (cached per plan object). */
export function zoneAreasMm2(plan: Plan): Float64Array {
  let a = zoneCache.get(plan);
  if (!a) zoneCache.set(plan, (a = areaBy(plan, SCALP_ZONES.length, scalpZone)));
  return a;
}

/** Options for fadeMap: the forecast's, and the cell size. */
export interface FadeMapOptions extends ForecastOptions {
  /** Side of a square cell on the scalp map, mm, [2, 100]. Default 10 (1 cm²). */
  cellMm?: number;
}

/** Where the scalp fades first: a grid of square cells over the treated area, each with its coverage and due year. */
export interface FadeMap {
  /** The grid on the scalp map: cell (col, row) spans x0 + col·cellMm … + cellMm, y0 + row·cellMm … + cellMm (mm). */
  x0: number;
  y0: number;
  cellMm: number;
  w: number;
  h: number;
  /** Treated area of each cell, mm² (row-major, w·h). */
  areaMm2: Float64Array;
  /** Coverage 0–1 after the sessions, per cell. */
  settled: Float32Array;
  /** Years after the first session when the cell falls below threshold × its result after the previous visit; NaN: not within the horizon, or under a quarter of the cell treated. */
  dueYear: Float32Array;
  /** The cell that falls due first (its centre, mm), or null. */
  first: { x: number; y: number; dueYear: number } | null;
}

/**
 * The forecast cell by cell (default 1 cm²): when each part of the treated area falls below the threshold, for
 * showing the area that fades first and per-region touch-up forecasts. Cost ∝ dots × scan steps, like touchUpForecast.
 */
export function fadeMap(dots: Dots, plan: Plan, params: AgingParams = DEFAULT_AGING, opts: FadeMapOptions = {}): FadeMap {
  ({ dots, plan, params } = checkedArgs('fadeMap', dots, plan, params));
  const o = forecastOptions('fadeMap', opts);
  const cellMm = numberOption('fadeMap', 'options.cellMm', opts.cellMm, 10, 2, 100);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of plan.regions) {
    if (r.kind === 'exclusion') continue;
    for (const [x, y] of r.points) {
      minX = Math.min(minX, x), maxX = Math.max(maxX, x), minY = Math.min(minY, y), maxY = Math.max(maxY, y);
    }
  }
  const empty = !(maxX > minX && maxY > minY);
  const x0 = empty ? 0 : Math.floor(minX / cellMm) * cellMm;
  const y0 = empty ? 0 : Math.floor(minY / cellMm) * cellMm;
  const w = empty ? 0 : Math.ceil((maxX - x0) / cellMm);
  const h = empty ? 0 : Math.ceil((maxY - y0) / cellMm);
  if (w * h > 250_000) throw optionError('fadeMap', 'options.cellMm', cellMm, 'large enough for at most 250,000 cells over the plan');
  const cellOf = (x: number, y: number): number => {
    const c = Math.floor((x - x0) / cellMm);
    const r = Math.floor((y - y0) / cellMm);
    return c >= 0 && c < w && r >= 0 && r < h ? r * w + c : -1;
  };
  const areaMm2 = areaBy(plan, w * h, cellOf);
  const { days, ref } = scanDays(plan, o);
  checkWork('fadeMap', dots.count, o.stride, days.length);
  const d = subsampleDots(dots, o.stride);
  const of = new Int32Array(d.count);
  for (let i = 0; i < d.count; i++) of[i] = cellOf(d.xy[2 * i]!, d.xy[2 * i + 1]!);
  const { bins } = binnedCurves(d, plan, days, params, o.stride, [{ of, areas: areaMm2 }]);
  const settled = new Float32Array(w * h);
  const dueYear = new Float32Array(w * h).fill(NaN);
  let first: FadeMap['first'] = null;
  bins[0]!.forEach((v, c) => {
    settled[c] = v[0]!;
    if (areaMm2[c]! < 0.25 * cellMm * cellMm) return;
    const due = dueDay(days, ref, v, o.threshold).day;
    if (due === null) return;
    dueYear[c] = due / 365;
    if (first === null || due / 365 < first.dueYear)
      first = { x: x0 + ((c % w) + 0.5) * cellMm, y: y0 + (Math.floor(c / w) + 0.5) * cellMm, dueYear: due / 365 };
  });
  return { x0, y0, cellMm, w, h, areaMm2, settled, dueYear, first };
}
