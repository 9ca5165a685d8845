// The engine's worker pool, page side: how many workers to use, which plans are worth splitting, and the split
// call itself. A split plan is placed in parts by several workers (simulatePart) and joined here with mergeParts,
// into exactly the bytes one worker would have sent.
import { int } from '../src/errors.js';
import type * as Comlink from 'comlink';
import type { Dots } from '../src/dots.js';
import { DEFAULT_SESSIONS, validatePlan } from '../src/plan.js';
import { mergeParts } from '../src/simulate.js';
import type { EngineApi } from './api.js';

/**
 * Plans estimated (estimateDots, which errs ≈ 20 % high on a head) at this many dots or more are split across the
 * pool. Ours, not measured where a pool can win (no machine with more than 2 cores was at hand): in one thread on
 * the 2-core VM, a part of 3 at 150k dots cost 7 ms of the whole plan's 23 ms with the density field kept (19 ms
 * more when a hairline drag rebuilds it, in every worker), and the page's merge 1 ms, so the split should pay from
 * about here once the parts run in parallel. On 2 cores it loses at every size (bench "worker pool"): no pool there.
 */
export const SPLIT_MIN_DOTS = 150_000;

/** The most workers the default pool uses; beyond it the parts' fixed cost (each builds the density field) outweighs the gain. Ours. */
const MAX_DEFAULT_POOL = 4;

/** The default pool size: min(4, cores − 1) where there are more than 2 cores (one is left to the page), else 1. */
export function defaultPoolSize(cores = hardwareConcurrency()): number {
  int('defaultPoolSize: cores', cores, 1, 65_536);
  return cores > 2 ? Math.min(MAX_DEFAULT_POOL, cores - 1) : 1;
}

/** Logical cores as the platform reports them: navigator.hardwareConcurrency (browsers, Node ≥ 21), else 1. */
function hardwareConcurrency(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}

/** The schema's default density target, dots per cm². */
const DEFAULT_TARGET = 90;
/** The schema's default touch-up addFraction. */
const DEFAULT_ADD_FRACTION = 0.05;

/**
 * A cheap estimate of a plan's dots, from the unvalidated input: the treated and scar polygons' areas (shoelace,
 * times their densityScale) × density.target / 100 × the last session's cumulative plus the touch-ups' addFractions.
 * Exclusions, the hairline gradient and the noise are ignored, so it errs high. 0 for anything it cannot read
 * (such a plan goes to one worker, which reports what is wrong with it).
 */
export function estimateDots(input: unknown): number {
  const p = input as { regions?: unknown; density?: { target?: unknown }; sessions?: unknown; touchUps?: unknown } | null;
  if (!p || typeof p !== 'object' || !Array.isArray(p.regions)) return 0;
  let areaMm2 = 0;
  for (const r of p.regions as { kind?: unknown; points?: unknown; densityScale?: unknown }[]) {
    if (!r || (r.kind !== 'treated' && r.kind !== 'scar') || !Array.isArray(r.points)) continue;
    const a = polygonArea(r.points as unknown[]);
    if (Number.isFinite(a)) areaMm2 += a * numberOr(r.densityScale, 1);
  }
  const sessions = Array.isArray(p.sessions) ? (p.sessions as { cumulative?: unknown }[]) : DEFAULT_SESSIONS;
  let cumulative = numberOr(sessions.at(-1)?.cumulative, 1);
  if (Array.isArray(p.touchUps)) for (const t of p.touchUps as { addFraction?: unknown }[]) cumulative += numberOr(t?.addFraction, DEFAULT_ADD_FRACTION);
  const dots = ((areaMm2 * numberOr(p.density?.target, DEFAULT_TARGET)) / 100) * cumulative;
  return Number.isFinite(dots) && dots > 0 ? dots : 0;
}

function numberOr(v: unknown, fallback: number): number {
  return v === undefined ? fallback : typeof v === 'number' ? v : NaN;
}

/** |shoelace area| of [x, y] points in mm²; NaN when a point is not a pair of numbers. */
function polygonArea(points: unknown[]): number {
  let twice = 0;
  for (let i = 0, n = points.length; i < n; i++) {
    const a = points[i];
    const b = points[(i + 1) % n];
    twice += coord(a, 0) * coord(b, 1) - coord(b, 0) * coord(a, 1);
  }
  return Math.abs(twice) / 2;
}

function coord(point: unknown, k: 0 | 1): number {
  const v = Array.isArray(point) ? (point[k] as unknown) : undefined;
  return typeof v === 'number' ? v : NaN;
}

/** Runs `fn` on pool worker `index` (starting it if needed); rejects as that worker's call would. */
export type OnWorker = <T>(index: number, fn: (api: Comlink.Remote<EngineApi>) => Promise<T>) => Promise<T>;

/**
 * Simulates `plan` in `of` parts, part i on worker i, and merges them on the page (into `reuse` where it fits). The
 * plan is validated here first (≈ 1 ms; an invalid one never reaches the pool) for mergeParts' refusal message. All
 * parts settle before the call does, so a failed split leaves no worker busy with it; the first failure in part
 * order is the call's error.
 */
export async function simulateSplit(plan: unknown, of: number, onWorker: OnWorker, reuse?: Dots): Promise<Dots> {
  const valid = validatePlan(plan);
  const parts = await Promise.allSettled(Array.from({ length: of }, (_, i) => onWorker(i, (api) => api.simulatePart(plan, i, of) as Promise<Dots>)));
  const failed = parts.find((p) => p.status === 'rejected');
  if (failed) throw failed.reason;
  return mergeParts(valid, parts.map((p) => (p as PromiseFulfilledResult<Dots>).value), reuse);
}
