// Ink that adds up (issue 18 §1): through the real renderer with a photo look, a flat patch darkens by what the
// ink model (src/render/ink.ts) predicts at every resolution, and a head and its 40 % copy read the same tone.
import { afterEach, describe, expect, it } from 'vitest';
import { allocDots, type Dots } from '../src/dots.js';
import { DEFAULT_AGING, appearanceAt, defaultPlan, simulate } from '../src/index.js';
import { allocAppearance } from '../src/aging/index.js';
import { headProjection } from '../src/head/projection.js';
import { inkTransmission } from '../src/aging/index.js';
import { ScalpRenderer, dotTransmission, lookMap, patchCoverage, srgbToLinear } from '../src/render/index.js';
import { truthFit } from './helpers/synthetic-head.js';

const made: ScalpRenderer[] = [];
afterEach(() => {
  while (made.length) made.pop()!.destroy();
});

const GREY = 180;
const LUM = [0.2126, 0.7152, 0.0722] as const;
const LIN = new Float64Array(256).map((_, i) => srgbToLinear(i / 255));

function flat(w: number, h: number, rgb: readonly number[] = [GREY, GREY, GREY]): OffscreenCanvas {
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d')!;
  g.fillStyle = `rgb(${rgb.join(',')})`;
  g.fillRect(0, 0, w, h);
  return c;
}

/** Mean relative darkening in linear luminance, 1 − Y_out / Y_photo, over a px box. */
function darkening(img: ImageData, photo: readonly number[], x0: number, y0: number, x1: number, y1: number): number {
  const y = LUM[0] * LIN[photo[0]!]! + LUM[1] * LIN[photo[1]!]! + LUM[2] * LIN[photo[2]!]!;
  let s = 0;
  let n = 0;
  for (let j = y0; j < y1; j++)
    for (let i = x0; i < x1; i++) {
      const k = 4 * (j * img.width + i);
      s += LUM[0] * LIN[img.data[k]!]! + LUM[1] * LIN[img.data[k + 1]!]! + LUM[2] * LIN[img.data[k + 2]!]!;
      n++;
    }
  return 1 - s / n / y;
}

/** A jittered grid of dots, 1 per `step` mm over a square of `side` mm centred on 0: none closer than step − 2 · jitter. */
function jittered(side: number, step: number, jitter: number, seed = 7): Dots {
  const per = Math.floor(side / step);
  const n = per * per;
  const d = allocDots(n, 1, 1);
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let j = 0; j < per; j++)
    for (let i = 0; i < per; i++) {
      const k = j * per + i;
      d.xy[2 * k] = -side / 2 + (i + 0.5) * step + (2 * rnd() - 1) * jitter;
      d.xy[2 * k + 1] = -side / 2 + (j + 0.5) * step + (2 * rnd() - 1) * jitter;
    }
  d.layerStart[1] = n;
  return d;
}

describe('ink that adds up', () => {
  const SIDE = 40; // mm of dots; the central 24 mm are measured
  const STEP = 1.13; // off the pixel grid at every px/mm: the dots fall at every sub-pixel phase, as on a head
  const R = 0.25;
  const OPACITY = 0.8;
  const HUE = 215;
  const CHROMA = 0.05;

  it('a flat patch of known ink coverage rendered at 1, 2, 4, 8 and 16 px/mm darkens by what the model predicts, within 10 % at each', async () => {
    const dots = jittered(SIDE, STEP, 0.3);
    const app = allocAppearance(dots.count);
    app.opacity.fill(OPACITY);
    app.radius.fill(R);
    app.hue.fill(HUE);
    app.chroma.fill(CHROMA);
    app.softness.fill(0.3);
    const C = patchCoverage(app.opacity, app.radius, dots.count, SIDE * SIDE);
    const tau = dotTransmission(HUE, CHROMA);
    const patch = inkTransmission(C, tau); // 1 − C(1 − τ): exact for these non-overlapping dots
    const predicted = LUM.reduce((s, w, c) => s + w * (1 - patch[c]!), 0);
    const got: string[] = [];
    for (const ppm of [1, 2, 4, 8, 16]) {
      const size = SIDE * ppm;
      const r = await ScalpRenderer.create({ width: size, height: size, background: '#000000' });
      made.push(r);
      r.setBackground(flat(size, size));
      r.setView({ pxPerMm: ppm, originX: size / 2, originY: size / 2, rotation: 0 });
      r.fitToBackground();
      r.setPhotoLook({ map: lookMap(null, size, size), blurPx: 0.5 });
      r.setDots(dots);
      r.setAppearance(app);
      const img = r.renderFullSize();
      const m = 8 * ppm;
      const d = darkening(img, [GREY, GREY, GREY], m, m, size - m, size - m);
      got.push(`${ppm} px/mm: ${(100 * d).toFixed(2)} %`);
      expect.soft(Math.abs(d / predicted - 1), `${ppm} px/mm: darkening ${d.toFixed(4)} vs predicted ${predicted.toFixed(4)}`).toBeLessThan(0.1);
      made.pop()!.destroy();
    }
    console.info(`flat patch, coverage ${(100 * C).toFixed(1)} %, predicted darkening ${(100 * predicted).toFixed(2)} %: ${got.join(', ')}`);
  });

  it('one head and its 40 % copy read the same tone (the default plan at month 4, the same ink in mm² either way)', async () => {
    const plan = defaultPlan('ink-scale');
    const dots = simulate(plan);
    const app = allocAppearance(dots.count);
    appearanceAt(dots, plan, 120, DEFAULT_AGING, app);
    const SKIN = [200, 158, 128];
    const inkMm2: number[] = [];
    for (const k of [1, 0.4]) {
      const W = Math.round(480 * k);
      const H = Math.round(600 * k);
      const pxPerMm = 1.6 * k;
      const fit = truthFit({ width: W, height: H, pxPerMm, glabella: [240 * k, 380 * k] });
      const r = await ScalpRenderer.create({ width: W, height: H, background: '#000000' });
      made.push(r);
      r.setBackground(flat(W, H, SKIN));
      r.fitToBackground();
      r.setDots(dots);
      r.setAppearance(app);
      r.setProjection(headProjection(fit));
      r.setPhotoLook({ map: lookMap(fit, W, H), blurPx: 0.5 });
      const img = r.renderFullSize();
      // Σ relative darkening over the photo, in mm² of the head's front (px² / (px/mm)²)
      inkMm2.push((darkening(img, SKIN, 0, 0, W, H) * W * H) / (pxPerMm * pxPerMm));
    }
    console.info(`head: ink ${inkMm2.map((v) => v.toFixed(0)).join(' mm² at full size, ')} mm² at 40 %`);
    expect(inkMm2[0]!).toBeGreaterThan(100);
    expect(Math.abs(inkMm2[1]! / inkMm2[0]! - 1)).toBeLessThan(0.1);
  });

  it('the overhead light fades in at the head’s outline: no two neighbouring pixels differ by more than 30 levels at 1:1 (a one-cell step of the full light was 69)', async () => {
    const W = 480;
    const H = 600;
    const fit = truthFit({ width: W, height: H, pxPerMm: 1.6, glabella: [240, 380] });
    const map = lookMap(fit, W, H, { scale: 3 }); // coarse cells, as a classes raster gives: the steps would show
    const r = await ScalpRenderer.create({ width: W, height: H, background: '#000000' });
    made.push(r);
    r.setBackground(flat(W, H, [120, 100, 90]));
    r.fitToBackground();
    r.setPhotoLook({ map, blurPx: 0.5 });
    const off = r.renderFullSize();
    r.setOverheadLight(1);
    const on = r.renderFullSize();
    const lit = new Float32Array(W * H);
    for (let k = 0; k < W * H; k++) lit[k] = on.data[4 * k + 1]! - off.data[4 * k + 1]!;
    let jump = 0;
    let litPx = 0;
    for (let y = 1; y < H; y++)
      for (let x = 1; x < W; x++) {
        const k = y * W + x;
        if (lit[k]! > 0) litPx++;
        jump = Math.max(jump, Math.abs(lit[k]! - lit[k - 1]!), Math.abs(lit[k]! - lit[k - W]!));
      }
    console.info(`overhead light: ${litPx} px lit, largest neighbour jump ${jump} levels`);
    expect(litPx).toBeGreaterThan(10_000);
    expect(jump).toBeLessThanOrEqual(30);
  });
});
