// Summary curves: how dark each region reads against the skin over time, and when a touch-up falls due.
//
// Coverage of a region = 1 − exp(−Σ opacity·π·r² / area). For dots scattered at random (Poisson) with
// opacity α and area a, the mean transmittance of the skin is exactly exp(−ρ·a·α), so this is the mean
// darkening of the region with overlaps counted once (it never exceeds 1), and for sparse dots it is
// ≈ Σ opacity·π·r² / area. Blue-noise dots overlap less than Poisson ones, so it slightly underestimates
// dense, merged patterns — a conservative reading of the "helmet".
import type { Dots } from '../dots.js';
import type { Plan } from '../plan.js';
import { BOUNDARY, classifyCells, regionAt } from '../raster.js';
import { agingTables, allocAppearance, evaluate } from './appearance.js';
import { type AgingParams, DEFAULT_AGING } from './params.js';

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
  /** Evaluate every stride-th dot (and weight it by stride): 1 (all) by default; e.g. 16 for a million dots. */
  stride?: number;
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
  const regions = plan.regions;
  const areas = new Float64Array(regions.length);
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
        const r = c === BOUNDARY ? regionAt(regions, minX + (col + 0.5) * cell, minY + (row + 0.5) * cell) : c - 1;
        if (r >= 0) areas[r]! += a;
      }
    }
  }
  areaCache.set(plan, areas);
  return areas;
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
    session: pick(dots.session, (n) => new Uint8Array(n)),
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
  const stride = Math.max(1, Math.floor(opts.stride ?? 1));
  const d = subsampleDots(dots, stride);
  const areas = regionAreasMm2(plan);
  const nR = plan.regions.length;
  let areaTotal = 0;
  for (let r = 0; r < nR; r++) areaTotal += areas[r]!;
  const nD = days.length;
  const out: CoverageCurve = {
    days: Float64Array.from(days),
    total: new Float32Array(nD),
    perRegion: Array.from({ length: nR }, () => new Float32Array(nD)),
  };
  const app = allocAppearance(d.count);
  const acc = new Float64Array(nR);
  const region = d.region;
  const w = Math.PI * stride;
  for (let k = 0; k < nD; k++) {
    const day = out.days[k]!;
    evaluate(d, agingTables(plan, day, params), params, app, 0, d.count);
    acc.fill(0);
    const { opacity, radius } = app;
    for (let i = 0; i < d.count; i++) {
      const r = radius[i]!;
      acc[region[i]!]! += opacity[i]! * r * r;
    }
    let sum = 0;
    for (let r = 0; r < nR; r++) {
      sum += acc[r]!;
      out.perRegion[r]![k] = areas[r]! > 0 ? 1 - Math.exp((-w * acc[r]!) / areas[r]!) : 0;
    }
    out.total[k] = areaTotal > 0 ? 1 - Math.exp((-w * sum) / areaTotal) : 0;
  }
  return out;
}

/** Options for touchUpForecast. */
export interface ForecastOptions extends CoverageOptions {
  /** A touch-up is due when coverage falls below this share of its settled value. Default 0.7 (ours). */
  threshold?: number;
  /** Years after the first session to look ahead. Default 15. */
  horizonYears?: number;
  /** Settled coverage is measured this many days after the last session. Default 90 (settling to 3–6 months). */
  settleDays?: number;
  /** Scan step in days (crossings are interpolated linearly between steps). Default 7. */
  stepDays?: number;
}

/** When a touch-up falls due, overall and per region. Years and days count from the first session. */
export interface TouchUpForecast {
  /** Years after the first session when total coverage first falls below threshold × settled, or null within the horizon. */
  dueYear: number | null;
  /** The same in days, or null. */
  dueDay: number | null;
  /** Day the settled coverage is measured (last session + settleDays). */
  settledDay: number;
  /** Total coverage on settledDay, 0–1. */
  settledCoverage: number;
  /** The threshold share used. */
  threshold: number;
  /** Per region (indexed like plan.regions): settled coverage and due year (null: never within the horizon, or no dots). */
  perRegion: { settledCoverage: number; dueYear: number | null }[];
  /** The scanned curve, from settledDay to the horizon. */
  curve: CoverageCurve;
}

function crossing(days: Float64Array, v: Float32Array, limit: number): number | null {
  for (let k = 1; k < v.length; k++) {
    if (v[k]! < limit) {
      const a = v[k - 1]!;
      const b = v[k]!;
      const t = a > b ? (a - limit) / (a - b) : 1;
      return days[k - 1]! + t * (days[k]! - days[k - 1]!);
    }
  }
  return null;
}

/**
 * Forecasts when a touch-up falls due: the first day after settling when coverage drops below
 * `threshold` × its settled value (planned touch-ups in the plan are taken into account).
 */
export function touchUpForecast(
  dots: Dots,
  plan: Plan,
  params: AgingParams = DEFAULT_AGING,
  opts: ForecastOptions = {},
): TouchUpForecast {
  const threshold = opts.threshold ?? 0.7;
  const horizon = (opts.horizonYears ?? 15) * 365;
  const step = Math.max(0.5, opts.stepDays ?? 7);
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`touchUpForecast: threshold must be in (0, 1), got ${threshold}`);
  const settledDay = plan.sessions[plan.sessions.length - 1]!.day + (opts.settleDays ?? 90);
  const days: number[] = [settledDay];
  for (let t = settledDay + step; t < horizon; t += step) days.push(t);
  if (days[days.length - 1]! < horizon) days.push(horizon);
  const curve = coverageCurve(dots, plan, days, params, opts);
  const settled = curve.total[0]!;
  const due = settled > 0 ? crossing(curve.days, curve.total, threshold * settled) : null;
  const perRegion = curve.perRegion.map((v) => {
    const s = v[0]!;
    const dd = s > 0 ? crossing(curve.days, v, threshold * s) : null;
    return { settledCoverage: s, dueYear: dd === null ? null : dd / 365 };
  });
  return {
    dueYear: due === null ? null : due / 365,
    dueDay: due,
    settledDay,
    settledCoverage: settled,
    threshold,
    perRegion,
    curve,
  };
}
