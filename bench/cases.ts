// The bench cases: a plain array of { name, run }. To add one (e.g. an aging appearanceAt case), append an
// object whose run(ctx) times its work with measure() from ./lib.js and returns its rows; index.ts prints
// them, one aligned line each, and --save writes them to history.jsonl.
import { BYTES_PER_DOT, type Dots } from '../src/dots.js';
import { radialSpectrum, repetitionShare, spacingQuality } from '../src/quality.js';
import { consume, gc, measure, measureAfterGc, summarize, timedRetained, type Timing } from './lib.js';
import { hairlineHead, runEngine, tinyCircles, uniformSquare, type Workload } from './workloads.js';
import { agingCases } from './cases-aging.js';
import { workerCases } from './cases-worker.js';

/** What the harness tells a case. */
export interface BenchContext {
  /** --quick: skip the slowest peer runs (1M dots). */
  quick: boolean;
  /** false with --no-peers. */
  peers: boolean;
}

/** Spacing and spectral figures of one method's dots (shared/docs/PERFORMANCE.md). */
export interface Quality {
  localRatio: number;
  clumpShare: number;
  peak?: number;
  lowFrequencyPower?: number;
  spikiness?: number;
  /** Share of dots whose 4-neighbour offsets (0.001 mm) recur: tile repeats. */
  repetition?: number;
}

/** One printed line. */
export interface Row {
  method: string;
  case: string;
  dots: number;
  /** Back to back, warm (the engine: after a JIT warm-up; peers: right after their after-GC runs). */
  timing: Timing;
  /** The same work with a full GC before each run (untimed): the headline. */
  gcTiming?: Timing;
  /** Output bytes per dot, and how they were found. */
  bytesPerDot?: number;
  bytesHow?: string;
  /** Engine dots/s over this method's dots/s (peer rows). */
  engineRatio?: number;
  quality?: Quality;
  note?: string;
}

export interface BenchCase {
  name: string;
  run: (ctx: BenchContext) => Row[] | Promise<Row[]>;
}

/** Dots per second in millions, from the mean time (warm). */
export function mdotsPerS(row: Row): number {
  return row.dots / row.timing.mean / 1000;
}

/** Dots per second in millions, from the after-GC mean time (the warm one where there is no GC series). */
export function mdotsPerSGc(row: Row): number {
  return row.dots / (row.gcTiming ?? row.timing).mean / 1000;
}

const SPECTRUM_POINTS = 10_000;

function quality(w: Workload, xy: Float32Array | Float64Array, count: number): Quality {
  const share = w.subset.share;
  const at = share === 1 ? w.densityAt : (x: number, y: number) => share * w.densityAt(x, y);
  const q = spacingQuality(xy, count, at, w.statsMargin === undefined ? { box: w.statsBox } : { box: w.statsBox, margin: w.statsMargin });
  const repetition = repetitionShare(xy, count);
  if (!w.spectrumBox) return { localRatio: q.localRatio, clumpShare: q.clumpShare, repetition };
  const s = radialSpectrum(xy, count, w.spectrumBox, { maxPoints: SPECTRUM_POINTS });
  return { localRatio: q.localRatio, clumpShare: q.clumpShare, peak: s.peak, lowFrequencyPower: s.lowFrequencyPower, spikiness: s.spikiness, repetition };
}

function engineXY(w: Workload, out: Dots[]): { xy: Float32Array; count: number } {
  let n = 0;
  for (const d of out) {
    const [a, b] = w.subset.engine(d);
    n += b - a;
  }
  const xy = new Float32Array(2 * n);
  let at = 0;
  for (const d of out) {
    const [a, b] = w.subset.engine(d);
    xy.set(d.xy.subarray(2 * a, 2 * b), at);
    at += 2 * (b - a);
  }
  return { xy, count: n };
}

/** A run whose result is dropped inside this frame. */
function warmUp(run: () => number[][]): void {
  consume(run().length);
}

const SIZE = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/** A dot-placement case: the engine, then each peer on the same field, each with its quality. */
function dotCase(make: (dots: number) => Workload, dots: number, shape: string): BenchCase {
  const name = `${shape} ${SIZE(dots)}`;
  return {
    name,
    run: (ctx) => {
      const w = make(dots);
      const rows: Row[] = [];
      gc(); // the previous case's garbage is not the engine's
      const eng = measure(() => {
        const out = runEngine(w.plans);
        let n = 0;
        for (const d of out) n += d.count + (d.xy[2 * d.count - 1] ?? 0);
        consume(n);
        return out;
      }, 5, 2);
      const engGc = measureAfterGc(() => {
        const out = runEngine(w.plans);
        consume(out.length + (out[0]?.xy[0] ?? 0));
        return out;
      }, 7);
      let engDots = 0;
      for (const d of eng.last) engDots += d.count;
      const exy = engineXY(w, eng.last);
      const engineRow: Row = { method: 'smp-sim', case: name, dots: engDots, timing: eng.timing, gcTiming: engGc.timing, bytesPerDot: BYTES_PER_DOT, bytesHow: 'out', quality: quality(w, exy.xy, exy.count) };
      rows.push(engineRow);
      if (!ctx.peers) return rows;
      for (const peer of w.peers) {
        if (ctx.quick && dots >= 1e6) {
          rows.push({ method: peer.method, case: name, dots: 0, timing: { min: NaN, mean: NaN, sd: NaN, runs: 0 }, note: 'skipped (--quick)' });
          continue;
        }
        // peers: fewer repeats; a warm-up only at the smallest size (JIT), GC before each run (untimed)
        const repeats = dots <= 1e4 ? 3 : dots <= 1e5 ? 2 : 1;
        if (dots <= 1e4) warmUp(peer.run);
        const ms: number[] = [];
        const held: { value: number[][] | null } = { value: null };
        let bytes = 0;
        for (let r = 0; r < repeats; r++) {
          const one = timedRetained(peer.run, held);
          ms.push(one.ms);
          bytes = one.bytes;
          consume(held.value!.length + (held.value![0]?.[0] ?? 0));
        }
        // the warm series: as many runs again, back to back, no GC between
        const warmMs: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const t0 = performance.now();
          held.value = peer.run();
          warmMs.push(performance.now() - t0);
          consume(held.value.length);
        }
        const last = held.value!;
        const keep = last.filter((_, i) => w.subset.peer(i));
        const pxy = new Float64Array(2 * keep.length);
        keep.forEach((p, i) => {
          pxy[2 * i] = p[0]!;
          pxy[2 * i + 1] = p[1]!;
        });
        const row: Row = { method: peer.method, case: name, dots: last.length, timing: summarize(warmMs), gcTiming: summarize(ms), bytesPerDot: bytes / Math.max(1, last.length), bytesHow: 'heapΔ', quality: quality(w, pxy, keep.length) };
        row.engineRatio = mdotsPerSGc(engineRow) / mdotsPerSGc(row);
        rows.push(row);
      }
      return rows;
    },
  };
}

/**
 * Spacing after every session of 3 and of 4 on the 100k head (clusters off), and of each session's dots alone:
 * what the scalp shows once each session has healed, and the fresh dots of a session, darker for a few weeks.
 */
const sessionSpacing: BenchCase = {
  name: 'spacing per session',
  run: () => {
    const rows: Row[] = [];
    for (const n of [3, 4] as const) {
      const w = hairlineHead(100_000, n);
      const d = runEngine(w.plans)[0]!;
      const cums = n === 3 ? [0.3, 0.7, 1] : [0.25, 0.5, 0.75, 1];
      for (let k = 0; k < n; k++) {
        for (const alone of k === 0 ? [false] : [false, true]) {
          const a = alone ? d.layerStart[k]! : 0;
          const b = d.layerStart[k + 1]!;
          const share = alone ? cums[k]! - cums[k - 1]! : cums[k]!;
          const sub: Workload = { ...w, subset: { share, engine: () => [a, b], peer: () => true } };
          const xy = d.xy.subarray(2 * a, 2 * b);
          rows.push({
            method: 'smp-sim',
            case: `${n} sessions: ${alone ? `s${k + 1} alone` : `after s${k + 1}`}`,
            dots: b - a,
            timing: { min: NaN, mean: NaN, sd: NaN, runs: 0 },
            quality: quality(sub, xy, b - a),
            note: 'quality only (100k head)',
          });
        }
      }
    }
    return rows;
  },
};

const SIZES = [10_000, 100_000, 1_000_000];

/** Every case, in order. Append new cases here. */
export const cases: BenchCase[] = [
  ...SIZES.map((n) => dotCase(uniformSquare, n, 'uniform square')),
  ...SIZES.map((n) => dotCase((d) => hairlineHead(d, 3), n, 'hairline head')),
  ...SIZES.map((n) => dotCase(tinyCircles, n, 'tiny 1cm² circles')),
  ...SIZES.map((n) => dotCase((d) => hairlineHead(d, 4), n, '4 sessions')),
  sessionSpacing,
  ...agingCases,
  ...workerCases,
];
