// Bench plumbing: timing, a sink, GC for heap deltas, a seeded PRNG, the density field as a function.
import v8 from 'node:v8';
import vm from 'node:vm';
import type { DensityField } from '../src/field.js';
import type { Plan } from '../src/plan.js';
import { regionAt } from '../src/raster.js';
import { BOUNDARY } from '../src/raster.js';

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection (exposed at run time, so `tsx bench/index.ts` needs no node flag). */
export const gc = vm.runInNewContext('gc') as () => void;

/** Everything a timed run returns is folded in here and printed at the end, so no work can be skipped. */
export const sink = { value: 0 };
export function consume(v: number): void {
  sink.value = (sink.value + (Number.isFinite(v) ? v : 0)) % 1e9;
}

/** mulberry32: the peers' seeded random source. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Timing summary in ms. */
export interface Timing {
  min: number;
  mean: number;
  sd: number;
  runs: number;
}

/**
 * Runs `fn` untimed at least `warmUp` times and for at least `warmMs` (JIT), then timed at least `repeats`
 * times and for at least `minMs` (at most 50 runs); the last result is kept.
 */
export function measure<T>(fn: () => T, repeats: number, warmUp: number, warmMs = 300, minMs = 300): { timing: Timing; last: T } {
  let last!: T;
  const w0 = performance.now();
  for (let i = 0; i < 50 && (i < warmUp || performance.now() - w0 < warmMs); i++) last = fn();
  const ms: number[] = [];
  let total = 0;
  while (ms.length < 50 && (ms.length < repeats || total < minMs)) {
    const t0 = performance.now();
    last = fn();
    ms.push(performance.now() - t0);
    total += ms[ms.length - 1]!;
  }
  return { timing: summarize(ms), last };
}

/**
 * Runs `fn` `repeats` times (at least `minMs` in all, at most 50), each after dropping the previous result and a
 * full GC (untimed): what a call costs after the collector has run, fresh output pages included.
 */
export function measureAfterGc<T>(fn: () => T, repeats: number, minMs = 300): { timing: Timing; last: T } {
  const holder: { value: T | null } = { value: null };
  const ms: number[] = [];
  let total = 0;
  while (ms.length < 50 && (ms.length < repeats || total < minMs)) {
    holder.value = null;
    gc();
    const t0 = performance.now();
    holder.value = fn();
    ms.push(performance.now() - t0);
    total += ms[ms.length - 1]!;
  }
  return { timing: summarize(ms), last: holder.value! };
}

/** The median of a series (for "median of 15 edits"). */
export function median(ms: number[]): number {
  const s = ms.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function summarize(ms: number[]): Timing {
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const sd = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ms.length - 1));
  return { min: Math.min(...ms), mean, sd: ms.length > 1 ? sd : 0, runs: ms.length };
}

/**
 * One timed run of `run` with the heap it leaves retained (delta across full GCs, outside the timing). The
 * result goes to holder.value; the previous one is dropped first, and no stack slot of the caller holds it.
 */
export function timedRetained<T>(run: () => T, holder: { value: T | null }): { ms: number; bytes: number } {
  holder.value = null;
  gc();
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  holder.value = run();
  const ms = performance.now() - t0;
  gc();
  return { ms, bytes: process.memoryUsage().heapUsed - h0 };
}

/**
 * The engine's density (dots/mm², cumulative 1.0, region scale applied) at a point: the same bilinear sample
 * of field.density that simulate() uses, 0 outside the treated regions.
 */
export function fieldSampler(plan: Plan, field: DensityField): (x: number, y: number) => number {
  const { grid, cls, density, regionScale } = field;
  const { x0, y0, cell, w, h } = grid;
  const nw = w + 1;
  const inv = 1 / cell;
  const regions = plan.regions;
  return (x, y) => {
    const gx = (x - x0) * inv;
    const gy = (y - y0) * inv;
    if (!(gx >= 0 && gx < w && gy >= 0 && gy < h)) return 0;
    const ix = gx | 0;
    const iy = gy | 0;
    const c = cls[iy * w + ix]!;
    if (c === 0) return 0;
    const reg = c === BOUNDARY ? regionAt(regions, x, y) : c - 1;
    if (reg < 0) return 0;
    const fx = gx - ix;
    const fy = gy - iy;
    const n0 = iy * nw + ix;
    return ((density[n0]! * (1 - fx) + density[n0 + 1]! * fx) * (1 - fy) + (density[n0 + nw]! * (1 - fx) + density[n0 + nw + 1]! * fx) * fy) * regionScale[reg]!;
  };
}

/** Fixed-width number: up to `digits` significant figures. */
export function num(v: number | undefined, digits = 3): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 10 ** digits) return v.toFixed(0);
  return Number(v.toPrecision(digits)).toString();
}

/** measure() for async work: each run awaited in turn. */
export async function measureAsync<T>(fn: () => Promise<T>, repeats: number, warmUp: number, warmMs = 300, minMs = 300): Promise<{ timing: Timing; last: T }> {
  let last!: T;
  const w0 = performance.now();
  for (let i = 0; i < 50 && (i < warmUp || performance.now() - w0 < warmMs); i++) last = await fn();
  const ms: number[] = [];
  let total = 0;
  while (ms.length < 50 && (ms.length < repeats || total < minMs)) {
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
    total += ms[ms.length - 1]!;
  }
  return { timing: summarize(ms), last };
}
