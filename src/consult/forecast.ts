// Touch-up forecast and its cost: when this client's coverage falls below the threshold, how many touch-ups
// follow over 5 and 10 years, and what they cost from the price book. Uses only the aging model's public
// API (touchUpForecast and its curve): each touch-up is added to the plan on the day it falls due, the plan
// is simulated again (touch-ups add dots) and the next due day is read from the new curve.
import { type AgingParams, DEFAULT_AGING, touchUpForecast } from '../aging/index.js';
import { checkedParams } from '../aging/params.js';
import { ArgumentError, int, list, num, obj, opt, parse, zRange } from '../errors.js';
import { checkedPlan, type Plan, type TouchUp } from '../plan.js';
import { TOUCH_UP_HEADROOM } from '../plan.js';
import { z } from '../schema.js';
import { simulateValid } from '../simulate.js';
import { type PriceBook, type PriceBookInput, DEFAULT_PRICE_BOOK, validatePriceBook } from './price.js';

/** Options for touchUpCost. */
export interface TouchUpCostOptions {
  /** Aging coefficients (default DEFAULT_AGING). */
  params?: AgingParams;
  /** A touch-up is due when coverage falls below this share of its settled value (the aging model's default 0.7). */
  threshold?: number;
  /** Horizons to total, years. Default [5, 10]. */
  years?: readonly number[];
  /** Evaluate every stride-th dot (faster, slightly coarser). Default 4. */
  stride?: number;
  /** The touch-up each visit performs (plan defaults: redarkenShare 0.7, addFraction 0.1, shade 0.8). */
  touchUp?: Partial<Omit<TouchUp, 'year'>>;
}

/** The forecast and what it costs. Years count from the first session. */
export interface TouchUpCost {
  /** Years at which touch-ups fall due, in order, within the longest horizon. */
  dueYears: number[];
  /** First due year, or null within the longest horizon. */
  firstDueYear: number | null;
  /** Per region (indexed like plan.regions): when it first falls below the threshold, or null. */
  perRegionFirstDueYear: (number | null)[];
  /** Per horizon: touch-ups within it and their cost from the book. */
  horizons: { years: number; touchUps: number; low: number; high: number }[];
  currency: string;
  threshold: number;
  /** In words, for the report. */
  reasons: string[];
}

/** A touch-up's fields as the plan takes them (src/plan.ts), year aside. */
const touchUpSchema = z.strictObject({
  redarkenShare: z.optional(zRange(0, 1)),
  addFraction: z.optional(zRange(0, 0.5)),
  shade: z.optional(zRange(0, 1)),
  needleMm: z.optional(zRange(0.1, 0.6)),
  needlePoints: z.optional(z.int().check(z.minimum(1), z.maximum(9))),
  depth: z.optional(zRange(0.5, 2)),
});

/** Days a touch-up takes to settle before a new fall counts (the aging model's settleDays default: settling to 3–6 months). */
const SETTLE_DAYS = 90;

const DEFAULT_TOUCH_UP: Omit<TouchUp, 'year'> = { redarkenShare: 0.7, addFraction: 0.05, shade: 0.8, needleMm: 0.25, needlePoints: 3, depth: 1 };

/** First day > afterDay where the curve falls below limit (linear between samples), or null. */
function nextCrossing(days: Float64Array, total: Float32Array, limit: number, afterDay: number): number | null {
  for (let k = 1; k < total.length; k++) {
    if (days[k]! <= afterDay) continue;
    const a = total[k - 1]!;
    const b = total[k]!;
    if (b < limit && a >= limit) return days[k - 1]! + ((a - limit) / (a - b)) * (days[k]! - days[k - 1]!);
    if (b < limit && days[k - 1]! > afterDay) return days[k - 1]!; // already below right after the last touch-up sample
  }
  return null;
}

/**
 * Forecasts touch-ups for a plan (its skin, sun and pigment drive the aging model) and costs them from a
 * price book. The plan's own planned touch-ups are replaced: each is put on the day coverage falls due.
 */
export function touchUpCost(plan: Plan, book: PriceBook | PriceBookInput = DEFAULT_PRICE_BOOK, opts: TouchUpCostOptions = {}): TouchUpCost {
  plan = checkedPlan(plan);
  const b = validatePriceBook(book);
  obj('options', opts, true);
  const params = opt(opts.params, DEFAULT_AGING, (v) => checkedParams('options.params', v));
  const threshold = opt(opts.threshold, 0.7, (v) => num('options.threshold', v, 1e-6, 1 - 1e-6));
  const years = Array.from(opt(opts.years, [5, 10], (v) => list('options.years', v, 30)) as ArrayLike<number>);
  if (years.length === 0) throw new ArgumentError('options.years', years, 'expected at least one horizon');
  years.forEach((y, i) => num(`options.years[${i}]`, y, 1e-3, 30));
  const horizon = Math.max(...years);
  const stride = opt(opts.stride, 4, (v) => int('options.stride', v, 1, 4096));
  const tu = { ...DEFAULT_TOUCH_UP, ...parse('options.touchUp', touchUpSchema, opt(opts.touchUp, {}, (v) => obj('options.touchUp', v))) };
  const maxTouchUps = Math.min(12, Math.floor(TOUCH_UP_HEADROOM / Math.max(tu.addFraction, 1e-9) + 1e-9));

  let current: Plan = { ...plan, touchUps: [] };
  let dots = simulateValid(current);
  const first = touchUpForecast(dots, current, params, { threshold, horizonYears: horizon, stride });
  const dueYears: number[] = [];
  const limit = threshold * first.settledCoverage;
  let f = first;
  let after = f.settledDay;
  while (dueYears.length < maxTouchUps && first.settledCoverage > 0) {
    const day = nextCrossing(f.curve.days, f.curve.total, limit, after);
    if (day === null || day > horizon * 365) break;
    const year = Math.round((day / 365) * 1000) / 1000;
    dueYears.push(year);
    current = { ...current, touchUps: [...current.touchUps, { ...tu, year }] };
    dots = simulateValid(current);
    f = touchUpForecast(dots, current, params, { threshold, horizonYears: horizon, stride });
    after = day + SETTLE_DAYS; // the touch-up's own healing dip is not a new fall
  }
  const horizons = years.map((y) => {
    const n = dueYears.filter((d) => d <= y).length;
    return { years: y, touchUps: n, low: n * b.touchUp.low, high: n * b.touchUp.high };
  });
  const reasons = [
    `A touch-up falls due when coverage drops below ${Math.round(threshold * 100)}% of its settled value (aging model, this client's skin: ${plan.skin.dryness}, sun: ${plan.skin.sun}, pigment: ${plan.pigment.kind}).`,
    dueYears.length ? `Touch-ups due at years ${dueYears.map((y) => y.toFixed(1)).join(', ')}.` : `No touch-up falls due within ${horizon} years.`,
    `Each touch-up ${b.touchUp.low.toLocaleString('en-US')}–${b.touchUp.high.toLocaleString('en-US')} ${b.currency} (${b.name}).`,
  ];
  return {
    dueYears,
    firstDueYear: dueYears[0] ?? null,
    perRegionFirstDueYear: first.perRegion.map((r) => r.dueYear),
    horizons,
    currency: b.currency,
    threshold,
    reasons,
  };
}
