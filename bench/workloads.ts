// The shapes of work: each builds, at a dot count, the engine's plans, the peers' jobs over the same density
// field, and where its quality is measured. Built once per case, outside every timing.
import FastPoissonDiskSampling from 'fast-2d-poisson-disk-sampling';
import PoissonDiskSampling from 'poisson-disk-sampling';
import type { Dots } from '../src/dots.js';
import { densityField } from '../src/field.js';
import { hash2, unit } from '../src/hash.js';
import { type PlanInput, validatePlan } from '../src/plan.js';
import { defaultPlanInput, suggestedShades } from '../src/presets.js';
import type { Box } from '../src/quality.js';
import { simulate } from './engine.js';
import { fieldSampler, mulberry32 } from './lib.js';

/** Dots per mm² that Bridson-style fills reach for a radius r: density ≈ c / r², measured here per peer (tries 30). */
export const PACKING = { pdsVariable: 0.845, pdsUniform: 0.637, fast2d: 0.875 };
/** Variable-radius peers cover densities down to maxDensity / DYNAMIC (radius ×4) and thin below that. */
const DYNAMIC = 16;

/** A peer job: one timed run returns its points (x, y in mm, interleaved as arrays). */
export interface PeerJob {
  method: string;
  run: () => number[][];
}

export interface Workload {
  shape: string;
  /** Engine plans of one run (tiny: many). */
  plans: PlanInput[];
  peers: PeerJob[];
  /** Density (dots/mm², cumulative 1) of the field the engine and the peers share. */
  densityAt: (x: number, y: number) => number;
  /** Where spacing is measured, and with which border margin (undefined: 2.5 spacings). */
  statsBox: Box;
  statsMargin?: number;
  /** Spectrum window (undefined: no meaningful window, e.g. 1 cm² circles). */
  spectrumBox?: Box;
  /** The dots quality is measured on: all, or the first of several sessions (as a share of the density). */
  subset: { share: number; engine: (d: Dots) => [number, number]; peer: (i: number) => boolean };
}

const ALL = { share: 1, engine: (d: Dots): [number, number] => [0, d.count], peer: () => true };

function square(side: number, seed: string): PlanInput {
  return {
    version: 1,
    seed,
    regions: [{ name: 'square', kind: 'treated', points: [[0, 0], [side, 0], [side, side], [0, side]] }],
    density: { target: 90, noise: { amplitude: 0, scaleMm: 6 }, clustering: { share: 0, spreadMm: 0.5 } },
  };
}

/** The default plan with its head and hairline scaled by s (hairline softness widths stay physical mm). */
function scaledHead(s: number, sessions: 3 | 4): PlanInput {
  const p = defaultPlanInput('bench-head');
  const sc = (pts: [number, number][]): [number, number][] => pts.map(([x, y]) => [Math.round(x * s * 100) / 100, Math.round(y * s * 100) / 100]);
  const regions = p.regions.map((r) => ({ ...r, points: sc(r.points as [number, number][]) }));
  const hairline = p.hairline ? { ...p.hairline, points: sc(p.hairline.points as [number, number][]) } : null;
  // spacing is measured without clusters (a deliberate look since the fidelity defaults: 10 % of dots get companions)
  const out: PlanInput = { ...p, regions, hairline, density: { ...p.density, clustering: { share: 0, spreadMm: 0.5 } } };
  if (sessions === 4) {
    const shades = suggestedShades(3, 'black', 4);
    out.sessions = [0.25, 0.5, 0.75, 1].map((c, i) => ({ day: 14 * i, cumulative: c, shade: shades[i]!, needleMm: 0.25, needlePoints: 3 }));
  }
  return out;
}

function expected(input: PlanInput): number {
  return densityField(validatePlan(input))?.expectedFull ?? 0;
}

/** A peer over a box [x0, x0+W) × [y0, y0+H) with a variable radius from the field; drops dots outside, thins below the floor. */
function pdsVariable(density: (x: number, y: number) => number, dMax: number, x0: number, y0: number, W: number, H: number, seed: number): number[][] {
  const c = PACKING.pdsVariable;
  const dMin = dMax / DYNAMIC;
  const minD = Math.sqrt(c / dMax);
  const maxD = Math.sqrt(c / dMin);
  const pds = new PoissonDiskSampling(
    {
      shape: [W, H],
      minDistance: minD,
      maxDistance: maxD,
      tries: 30,
      distanceFunction: (p) => {
        const d = density(p[0]! + x0, p[1]! + y0);
        return d >= dMax ? 0 : d <= dMin ? 1 : (Math.sqrt(c / d) - minD) / (maxD - minD);
      },
    },
    mulberry32(seed),
  );
  const thin = mulberry32(seed ^ 0x5bd1e995);
  const out: number[][] = [];
  for (const p of pds.fill()) {
    const x = p[0]! + x0;
    const y = p[1]! + y0;
    const d = density(x, y);
    if (d > 0 && (d >= dMin || thin() < d / dMin)) out.push([x, y]);
  }
  return out;
}

/** Uniform square: constant density (noise off), so the uniform-only peer applies. */
export function uniformSquare(dots: number): Workload {
  const side = Math.sqrt(dots / 0.9);
  const plan = square(side, `bench-square-${dots}`);
  const valid = validatePlan(plan);
  const field = densityField(valid)!;
  const d = field.maxDensity;
  return {
    shape: 'uniform square',
    plans: [plan],
    peers: [
      { method: 'poisson-disk-sampling', run: () => new PoissonDiskSampling({ shape: [side, side], minDistance: Math.sqrt(PACKING.pdsUniform / d), tries: 30 }, mulberry32(1)).fill() },
      { method: 'fast-2d-poisson-disk', run: () => new FastPoissonDiskSampling({ shape: [side, side], radius: Math.sqrt(PACKING.fast2d / d), tries: 30 }, mulberry32(2)).fill() },
    ],
    densityAt: fieldSampler(valid, field),
    statsBox: { x0: 0, y0: 0, x1: side, y1: side },
    spectrumBox: { x0: 0, y0: 0, x1: side, y1: side },
    subset: ALL,
  };
}

/** The default head and mature hairline scaled to the dot count; `sessions` 4 measures session 1 (25 %). */
export function hairlineHead(dots: number, sessions: 3 | 4 = 3): Workload {
  let s = Math.sqrt(dots / expected(scaledHead(1, sessions)));
  s *= Math.sqrt(dots / expected(scaledHead(s, sessions)));
  const plan = scaledHead(s, sessions);
  const valid = validatePlan(plan);
  const field = densityField(valid)!;
  const density = fieldSampler(valid, field);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of valid.regions[0]!.points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const subset =
    sessions === 4
      ? {
          share: 0.25,
          engine: (d: Dots): [number, number] => [d.layerStart[0]!, d.layerStart[1]!],
          // a peer has no sessions: the naive way is to deal its dots into 4 sessions at random
          peer: (i: number) => unit(hash2(0x5e55, i)) < 0.25,
        }
      : ALL;
  return {
    shape: sessions === 4 ? '4 sessions (s1)' : 'hairline head',
    plans: [plan],
    peers: [{ method: 'poisson-disk-sampling var', run: () => pdsVariable(density, field.maxDensity, x0, y0, x1 - x0, y1 - y0, 3) }],
    densityAt: density,
    statsBox: { x0: -45 * s, y0: -120 * s, x1: 45 * s, y1: 6 * s },
    spectrumBox: { x0: -40 * s, y0: -125 * s, x1: 40 * s, y1: -50 * s },
    subset,
  };
}

/** Many 1 cm² circles (default noise), one simulate() each, laid out 14 mm apart so they never touch. */
export function tinyCircles(dots: number): Workload {
  const R = Math.sqrt(100 / Math.PI);
  const PITCH = 14;
  const COLS = 100;
  const n = Math.max(1, Math.round(dots / 90));
  const plans: PlanInput[] = [];
  const samplers: ((x: number, y: number) => number)[] = [];
  const maxima: number[] = [];
  for (let i = 0; i < n; i++) {
    const cx = (i % COLS) * PITCH + PITCH / 2;
    const cy = Math.floor(i / COLS) * PITCH + PITCH / 2;
    const pts: [number, number][] = [];
    for (let k = 0; k < 32; k++) {
      const a = (k / 32) * 2 * Math.PI;
      pts.push([Math.round((cx + R * Math.cos(a)) * 100) / 100, Math.round((cy + R * Math.sin(a)) * 100) / 100]);
    }
    const plan: PlanInput = { version: 1, seed: `bench-tiny-${i}`, regions: [{ name: 'spot', kind: 'treated', points: pts }] };
    plans.push(plan);
    const valid = validatePlan(plan);
    const field = densityField(valid)!;
    samplers.push(fieldSampler(valid, field));
    maxima.push(field.maxDensity);
  }
  const at = (x: number, y: number): number => {
    const i = Math.floor(y / PITCH) * COLS + Math.floor(x / PITCH);
    const f = x >= 0 && x < COLS * PITCH ? samplers[i] : undefined;
    return f ? f(x, y) : 0;
  };
  const rows = Math.ceil(n / COLS);
  return {
    shape: 'tiny 1 cm² circles',
    plans,
    peers: [
      {
        method: 'poisson-disk-sampling var',
        run: () => {
          const out: number[][] = [];
          for (let i = 0; i < n; i++) {
            const cx = (i % COLS) * PITCH + PITCH / 2;
            const cy = Math.floor(i / COLS) * PITCH + PITCH / 2;
            for (const p of pdsVariable(samplers[i]!, maxima[i]!, cx - R, cy - R, 2 * R, 2 * R, 4 + i)) out.push(p);
          }
          return out;
        },
      },
    ],
    densityAt: at,
    statsBox: { x0: 0, y0: 0, x1: COLS * PITCH, y1: rows * PITCH },
    statsMargin: 0,
    subset: ALL,
  };
}

/** Runs the engine over a workload's plans (the timed unit). */
export function runEngine(plans: PlanInput[]): Dots[] {
  const out: Dots[] = [];
  for (const p of plans) out.push(simulate(p, { fieldCache: false })); // every run builds its field: the full cost
  return out;
}
