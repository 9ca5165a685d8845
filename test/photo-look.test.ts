// What the photo says about the dots: its blur, its stubble tone, and the per-pixel look raster.
import { describe, expect, it } from 'vitest';
import { fitHead, insideClips, rayHit } from '../src/head/model.js';
import { PIXEL_CLASS } from '../src/head/observation.js';
import { headProjection } from '../src/head/projection.js';
import { estimateBlurSigma, lookMap, stubbleTone } from '../src/render/photo-look.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

/** A 256² image of random-sized grey rectangles (seeded), blurred by a Gaussian of σ px (0: none). */
function rectangles(sigma: number, seed = 7): { width: number; height: number; data: Uint8ClampedArray } {
  const w = 256, h = 256;
  const f = new Float32Array(w * h).fill(128);
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let n = 0; n < 40; n++) {
    const x0 = Math.floor(rnd() * w), y0 = Math.floor(rnd() * h), x1 = x0 + 10 + Math.floor(rnd() * 60), y1 = y0 + 10 + Math.floor(rnd() * 60);
    const v = 30 + rnd() * 200;
    for (let y = y0; y < Math.min(h, y1); y++) for (let x = x0; x < Math.min(w, x1); x++) f[y * w + x] = v;
  }
  let g = f;
  if (sigma > 0) {
    const r = Math.ceil(4 * sigma);
    const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
    const ks = k.reduce((a, b) => a + b, 0);
    const tmp = new Float32Array(w * h);
    g = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { let a = 0; for (let i = -r; i <= r; i++) a += k[i + r]! * f[y * w + Math.min(w - 1, Math.max(0, x + i))]!; tmp[y * w + x] = a / ks; }
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { let a = 0; for (let i = -r; i <= r; i++) a += k[i + r]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!; g[y * w + x] = a / ks; }
  }
  const data = new Uint8ClampedArray(4 * w * h);
  for (let i = 0; i < w * h; i++) { data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = Math.round(g[i]!); data[4 * i + 3] = 255; }
  return { width: w, height: h, data };
}

describe('estimateBlurSigma', () => {
  it('reads a sharp image as about half a pixel and recovers a known blur within 30 %', () => {
    expect(estimateBlurSigma(rectangles(0))).toBeLessThan(0.9);
    for (const sigma of [1.5, 3, 5]) {
      const est = estimateBlurSigma(rectangles(sigma));
      expect(est).toBeGreaterThan(sigma * 0.7);
      expect(est).toBeLessThan(sigma * 1.3);
    }
  });

  it('ranks photos by blur, and refuses a region smaller than 8 px', () => {
    expect(estimateBlurSigma(rectangles(2))).toBeLessThan(estimateBlurSigma(rectangles(4)));
    expect(() => estimateBlurSigma(rectangles(0), { x: 0, y: 0, width: 4, height: 100 })).toThrow(/8 × 8/);
  });
});

describe('stubbleTone', () => {
  it('is the per-channel ratio of hair to scalp colour (linear light), null without enough of either', () => {
    const w = 40, h = 20;
    const data = new Uint8ClampedArray(4 * w * h);
    const classes = { width: w, height: h, scale: 1, data: new Uint8Array(w * h) };
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const hair = x < 20;
        const i = 4 * (y * w + x);
        // scalp sRGB 188 (linear ≈ 0.5), hair sRGB 137 (linear ≈ 0.25) in red, equal in green and blue
        data.set(hair ? [137, 188, 188, 255] : [188, 188, 188, 255], i);
        classes.data[y * w + x] = hair ? PIXEL_CLASS.hair : PIXEL_CLASS.scalp;
      }
    const t = stubbleTone({ width: w, height: h, data }, classes)!;
    expect(t[0]).toBeCloseTo(0.5, 1);
    expect(t[1]).toBeCloseTo(1, 5);
    expect(stubbleTone({ width: w, height: h, data }, { ...classes, data: new Uint8Array(w * h).fill(PIXEL_CLASS.scalp) })).toBeNull();
  });
});

describe('lookMap', () => {
  it('marks as drawable where the head projection draws dots (a cell in from the edge), and not the background', () => {
    const obs = syntheticObservation(truthFit({ width: 600, height: 750, pxPerMm: 2, glabella: [300, 420] }));
    const fit = fitHead(obs);
    const map = lookMap(fit, 600, 750, { scale: 2 });
    expect([map.width, map.height]).toEqual([300, 375]);
    const xy: number[] = [];
    for (let y = -200; y <= 20; y += 5) for (let x = -100; x <= 100; x += 5) xy.push(x, y);
    const out = headProjection(fit).project(Float32Array.from(xy), xy.length / 2);
    let drawn = 0, onMap = 0;
    for (let i = 0; i < out.count; i++) {
      if (!out.visible[i]) continue;
      const u = out.px[2 * i]!, v = out.px[2 * i + 1]!;
      // the map samples cell centres: leave out dots within a cell of the head's edge
      if (![[-3, 0], [3, 0], [0, -3], [0, 3]].every(([du, dv]) => rayHit(fit, u + du!, v + dv!) && insideClips(fit, u + du!, v + dv!))) continue;
      drawn++;
      const c = Math.floor(out.px[2 * i]! / 2) + Math.floor(out.px[2 * i + 1]! / 2) * map.width;
      if (map.data[4 * c] === 255) onMap++;
    }
    expect(drawn).toBeGreaterThan(200);
    expect(onMap).toBe(drawn);
    expect(map.data[0]).toBe(0); // the top-left corner is background
    // the overhead light is brightest on the top of the head (in from the outline, where it fades to 0), dark on the forehead
    const at = (u: number, v: number): number => map.data[4 * (Math.floor(v / 2) * map.width + Math.floor(u / 2)) + 2]!;
    const top = headProjection(fit);
    const pTop: [number, number] = [0, 0], pFront: [number, number] = [0, 0];
    top.mmToPx(0, -40, pTop);
    top.mmToPx(0, 10, pFront);
    expect(at(...pTop)).toBeGreaterThan(at(...pFront) + 50);
  });

  it('takes the classes raster: its resolution and hair in G; colour classes never decide where ink may go', () => {
    const classes = { width: 4, height: 1, scale: 4, data: Uint8Array.of(PIXEL_CLASS.hair, PIXEL_CLASS.face, PIXEL_CLASS.scalp, PIXEL_CLASS.background) };
    const map = lookMap(null, 16, 4, { classes });
    expect(Array.from(map.data)).toEqual([255, 255, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]);
  });

  it('issue 18: draws on the fitted head wherever the classes say "face" above the brows, nothing below the brow line across the face and nothing off the head', () => {
    const obs = syntheticObservation(truthFit({ width: 600, height: 750, pxPerMm: 2, glabella: [300, 420] }));
    const fit = fitHead(obs);
    expect(fit.brow).not.toBeNull();
    // a classifier that calls every cell face skin (bald scalp and forehead are the same skin)
    const classes = { width: 300, height: 375, scale: 2, data: new Uint8Array(300 * 375).fill(PIXEL_CLASS.face) };
    const map = lookMap(fit, 600, 750, { classes });
    const b = fit.brow!;
    let drawable = 0;
    for (let j = 0; j < map.height; j++)
      for (let i = 0; i < map.width; i++) {
        if (map.data[4 * (j * map.width + i)] !== 255) continue;
        drawable++;
        const u = (i + 0.5) * 2, v = (j + 0.5) * 2;
        // on the head: the camera ray through the cell hits the fitted head, inside the outline clip
        expect(rayHit(fit, u, v)).not.toBeNull();
        expect(insideClips(fit, u, v)).toBe(true);
        // never below the brow line across the face
        const below = (u - b.x) * b.nx + (v - b.y) * b.ny > 0 && Math.abs(-(u - b.x) * b.ny + (v - b.y) * b.nx) <= b.halfWidth;
        expect(below).toBe(false);
      }
    // the bald front just above the brows is drawable although the classes call it face
    const p: [number, number] = [0, 0];
    headProjection(fit).mmToPx(0, 20, p);
    expect(map.data[4 * (Math.floor(p[1] / 2) * map.width + Math.floor(p[0] / 2))]).toBe(255);
    expect(drawable).toBeGreaterThan(1000);
  });
});
