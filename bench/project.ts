// Projection bench: 1M scalp dots of the default plan (tiled to 1M) projected into photo px with their Jacobians
// and visibility, through a fitted head (frontal and three-quarter) and the flat view; plus the one-off costs
// (fit, grid sampling, per-pose node projection). Seeded, warm runs and a run right after a full GC.
// Run: npx tsx bench/project.ts
import { fitHead, headProjection } from '../src/head/index.js';
import { flatProjection, allocProjected } from '../src/head/projection.js';
import { defaultPlan } from '../src/presets.js';
import { simulateValid } from '../src/simulate.js';
import { estimateBlurSigma, lookMap } from '../src/render/photo-look.js';
import { syntheticObservation, truthFit } from '../test/helpers/synthetic-head.js';
import { consume, gc, measure, sink } from './lib.js';

const N = 1_000_000;
const plan = defaultPlan('bench-project');
const dots = simulateValid(plan);
// tile the plan's dots to exactly N (same positions repeated: projection cost does not depend on duplicates)
const xy = new Float32Array(2 * N);
for (let i = 0; i < N; i++) {
  const j = i % dots.count;
  xy[2 * i] = dots.xy[2 * j]!;
  xy[2 * i + 1] = dots.xy[2 * j + 1]!;
}
const out = allocProjected(N);
const rows: [string, number, number, string][] = [];
const row = (name: string, fn: () => number): void => {
  const { timing } = measure(() => {
    const v = fn();
    consume(v);
    return v;
  }, 5, 2);
  gc();
  const t0 = performance.now();
  consume(fn());
  const afterGc = performance.now() - t0;
  rows.push([name, timing.min, timing.mean, `after GC ${afterGc.toFixed(1)} ms`]);
};

const frontObs = syntheticObservation(truthFit());
const tqObs = syntheticObservation(truthFit({ pose: { yaw: 0.6, pitch: -0.1, roll: 0.05 } }));
const front = headProjection(fitHead(frontObs));
const tq = headProjection(fitHead(tqObs));
const flat = flatProjection({ pxPerMm: 4, originX: 600, originY: 400, rotation: 0, squash: 0.5 });
const visible = (): number => {
  let v = 0;
  for (let i = 0; i < N; i++) v += out.visible[i]!;
  return v;
};

row('fitHead (synthetic frontal observation)', () => fitHead(frontObs).radii.b);
row('headProjection: grid + nodes (new radii)', () => headProjection(fitHead(frontObs)).grid.nx);
row('headProjection: nodes only (pose edit, grid reused)', () => headProjection({ ...front.fit, pose: { ...front.fit.pose, yaw: 0.01 } }, front.grid).grid.nx);
row(`project ${N / 1e6}M dots: head, frontal`, () => front.project(xy, N, out).px[7]!);
const vf = visible();
row(`project ${N / 1e6}M dots: head, three-quarter`, () => tq.project(xy, N, out).px[7]!);
const vt = visible();
row(`project ${N / 1e6}M dots: flat view`, () => flat.project(xy, N, out).px[7]!);

// per photo: the look raster of a 1922 × 2400 portrait (scale 3) and the blur estimate on a 1024² crop of
// seeded rectangles blurred by σ 2 (edges like a photo's, not noise)
const bigFit = fitHead(syntheticObservation(truthFit({ width: 1922, height: 2400, pxPerMm: 6, glabella: [960, 1100] })));
row('lookMap 1922×2400 photo (scale 3)', () => lookMap(bigFit, 1922, 2400).data[1000]!);
const crop = rectangles(1024, 2);
row('estimateBlurSigma 1024² crop', () => estimateBlurSigma(crop));

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`projection bench — node ${process.version}, ${dots.count} plan dots tiled to ${N}; visible: frontal ${vf}, three-quarter ${vt}`);
for (const [name, min, mean, gcLine] of rows) console.log(`${name.padEnd(w)}  min ${min.toFixed(1).padStart(7)} ms  mean ${mean.toFixed(1).padStart(7)} ms  ${gcLine}`);
const head = rows[3]![1];
const flatMs = rows[5]![1];
console.log(`${'head / flat (frontal, min)'.padEnd(w)}  ${(head / flatMs).toFixed(2)}×`);
console.log(`sink ${sink.value}`);

/** A size² image of seeded grey rectangles, box-blurred thrice (≈ Gaussian of σ). */
function rectangles(size: number, sigma: number): { width: number; height: number; data: Uint8ClampedArray } {
  let f = new Float32Array(size * size).fill(128);
  let s = 11;
  const rnd = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let n = 0; n < 400; n++) {
    const x0 = Math.floor(rnd() * size), y0 = Math.floor(rnd() * size), x1 = x0 + 10 + Math.floor(rnd() * 120), y1 = y0 + 10 + Math.floor(rnd() * 120);
    const v = 30 + rnd() * 200;
    for (let y = y0; y < Math.min(size, y1); y++) for (let x = x0; x < Math.min(size, x1); x++) f[y * size + x] = v;
  }
  const r = Math.max(1, Math.round(Math.sqrt(sigma * sigma + 1) - 0.5));
  for (let pass = 0; pass < 6; pass++) {
    const g = new Float32Array(size * size);
    const horiz = pass % 2 === 0;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        let a = 0;
        for (let i = -r; i <= r; i++) a += horiz ? f[y * size + Math.min(size - 1, Math.max(0, x + i))]! : f[Math.min(size - 1, Math.max(0, y + i)) * size + x]!;
        g[y * size + x] = a / (2 * r + 1);
      }
    f = g;
  }
  const data = new Uint8ClampedArray(4 * size * size);
  for (let i = 0; i < size * size; i++) {
    data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = Math.round(f[i]!);
    data[4 * i + 3] = 255;
  }
  return { width: size, height: size, data };
}
