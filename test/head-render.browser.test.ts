// The plan on a (synthetic) client's photo through a fitted head: exported PNGs keep the ink on the head and
// off the face, the density effect keeps the hair, and the same inputs export the same bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { agingTables, appearanceAt, DEFAULT_AGING, defaultPlan, simulate } from '../src/index.js';
import { allocAppearance, stubbleInk } from '../src/aging/index.js';
import { fitHead } from '../src/head/model.js';
import { PIXEL_CLASS, type HeadObservation } from '../src/head/observation.js';
import { flatProjection, headProjection } from '../src/head/projection.js';
import { estimateBlurSigma, lookMap, stubbleTone } from '../src/render/photo-look.js';
import { ScalpRenderer } from '../src/render/index.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';
import { decodePng } from './helpers/decode-png.js';

const W = 480;
const H = 600;
const made: ScalpRenderer[] = [];
afterEach(() => {
  while (made.length) made.pop()!.destroy();
});

/** A synthetic client photo for the observation: backdrop, skin inside the outline, hair at the sides, a soft blur. */
function syntheticPhoto(obs: HeadObservation): { canvas: OffscreenCanvas; classes: { width: number; height: number; scale: number; data: Uint8Array } } {
  const e = obs.outline!;
  const brow = Math.min(obs.face!.browTops[0][1], obs.face!.browTops[1][1]);
  const classes = { width: W, height: H, scale: 1, data: new Uint8Array(W * H) };
  const c = new OffscreenCanvas(W, H);
  const g = c.getContext('2d')!;
  const img = g.createImageData(W, H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inside = ((x + 0.5 - e.cx) / e.rx) ** 2 + ((y + 0.5 - e.cy) / e.ry) ** 2 <= 1;
      const side = Math.abs(x + 0.5 - e.cx) > 0.7 * e.rx && y + 0.5 > e.cy - 0.8 * e.ry;
      let cls: number = PIXEL_CLASS.background;
      let rgb = [120, 130, 150];
      if (inside) {
        // lit from the upper left: the skin is brighter there
        const shade = 1.08 - 0.25 * ((x - e.cx + e.rx) / (2 * e.rx)) - 0.1 * ((y - e.cy + e.ry) / (2 * e.ry));
        if (y + 0.5 > brow) cls = PIXEL_CLASS.face;
        else if (side) cls = PIXEL_CLASS.hair;
        else cls = PIXEL_CLASS.scalp;
        rgb = cls === PIXEL_CLASS.hair ? [52, 42, 36] : [200 * shade, 158 * shade, 128 * shade];
      }
      classes.data[y * W + x] = cls;
      img.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], 4 * (y * W + x));
    }
  g.putImageData(img, 0, 0);
  // the photo's own softness
  const soft = new OffscreenCanvas(W, H);
  const sg = soft.getContext('2d')!;
  sg.fillStyle = 'rgb(120, 130, 150)';
  sg.fillRect(0, 0, W, H);
  sg.filter = 'blur(1px)';
  sg.drawImage(c, 0, 0);
  return { canvas: soft, classes };
}

/** Writes PNG bytes to .tmp/<name>.png (VITE_SMP_SHOT=1 only; never committed). */
async function shot(name: string, png: Uint8Array): Promise<void> {
  let bin = '';
  for (let i = 0; i < png.length; i++) bin += String.fromCharCode(png[i]!);
  await commands.writeFile(`.tmp/${name}.png`, btoa(bin), 'base64');
}

const decode = decodePng;

const luma = (d: Uint8ClampedArray, i: number): number => 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;

async function scene(effect: 'shaved' | 'density' = 'shaved') {
  const truth = truthFit({ width: W, height: H, pxPerMm: 1.6, glabella: [240, 380] });
  const obs = syntheticObservation(truth);
  const { canvas, classes } = syntheticPhoto(obs);
  const photo = canvas.getContext('2d')!.getImageData(0, 0, W, H);
  const fit = fitHead({ ...obs, classes });
  const plan = defaultPlan('head-render');
  const dots = simulate(plan);
  const app = allocAppearance(dots.count);
  appearanceAt(dots, plan, 120, DEFAULT_AGING, app);
  const r = await ScalpRenderer.create({ width: W, height: H, background: '#000000' });
  made.push(r);
  r.setBackground(canvas);
  r.fitToBackground();
  r.setDots(dots);
  r.setAppearance(app);
  r.setProjection(headProjection(fit));
  r.setPhotoLook({ map: lookMap(fit, W, H, { classes }), blurPx: estimateBlurSigma(photo), stubble: stubbleInk(stubbleTone(photo, classes)!) });
  r.setEffect(effect);
  return { r, obs, fit, photo, classes, dots, plan };
}

describe('dots on a fitted head, exported', () => {
  it('the exported PNG is the photo’s size; ≤ 1 % of the ink lies outside the head’s outline and none below the brows', async () => {
    const { r, obs, photo } = await scene();
    const png = await r.exportPng();
    if (import.meta.env.VITE_SMP_SHOT) await shot('head-render-after', await r.exportPng({ pair: true }));
    const after = await decode(png);
    expect([after.width, after.height]).toEqual([W, H]);
    const e = obs.outline!;
    const brow = Math.max(obs.face!.browTops[0][1], obs.face!.browTops[1][1]);
    let ink = 0, outside = 0, belowBrows = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = 4 * (y * W + x);
        if (luma(photo.data, i) - luma(after.data, i) < 4) continue;
        ink++;
        if (((x + 0.5 - e.cx) / e.rx) ** 2 + ((y + 0.5 - e.cy) / e.ry) ** 2 > 1) outside++;
        if (y > brow + 1) belowBrows++;
      }
    expect(ink).toBeGreaterThan(2000);
    expect(outside / ink).toBeLessThanOrEqual(0.01);
    expect(belowBrows).toBe(0);
  });

  it('the density effect leaves every hair pixel as it was; the shaved effect darkens them', async () => {
    const { r, photo, classes } = await scene('density');
    const dens = await decode(await r.exportPng());
    let hair = 0, changed = 0;
    for (let k = 0; k < W * H; k++) {
      if (classes.data[k] !== PIXEL_CLASS.hair) continue;
      hair++;
      for (let ch = 0; ch < 3; ch++) if (dens.data[4 * k + ch] !== photo.data[4 * k + ch]) changed++;
    }
    expect(hair).toBeGreaterThan(1000);
    expect(changed).toBe(0);
    r.setEffect('shaved');
    const shaved = await decode(await r.exportPng());
    let darker = 0;
    for (let k = 0; k < W * H; k++) if (classes.data[k] === PIXEL_CLASS.hair && luma(shaved.data, 4 * k) < luma(photo.data, 4 * k) - 1) darker++;
    expect(darker).toBeGreaterThan(0);
  });

  it('the same photo and plan export the same PNG bytes twice, and the pair is twice as wide with the photo on the left', async () => {
    const a = await (await scene()).r.exportPng();
    const { r, photo } = await scene();
    const b = await r.exportPng();
    expect(b.length).toBe(a.length);
    expect(b.every((v, i) => v === a[i])).toBe(true);
    const pair = await decode(await r.exportPng({ pair: true }));
    expect([pair.width, pair.height]).toEqual([2 * W, H]);
    let diff = 0;
    for (let y = 0; y < H; y += 3) for (let x = 0; x < W; x += 3) diff = Math.max(diff, Math.abs(pair.data[4 * (y * 2 * W + x)]! - photo.data[4 * (y * W + x)]!));
    expect(diff).toBeLessThanOrEqual(1);
  });

  it('ink multiplies: dark skin stays dark, and the same dot reads lighter on the lit side than in shadow', async () => {
    const { r, photo } = await scene();
    const after = await decode(await r.exportPng());
    // every pixel is at most as bright as the photo under it (multiply never lightens)
    let lighter = 0;
    for (let i = 0; i < after.data.length; i += 4) if (luma(after.data, i) > luma(photo.data, i) + 1) lighter++;
    expect(lighter).toBe(0);
    // the same ink on the lit (left) side of the scalp reads lighter than on the shaded (right) side: pixels whose
    // ink lets through the same share of the light (linear after / before in 0.2–0.8), compared side by side
    // (opaque, normally blended ink would read the same on both)
    const lin = (v: number): number => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const inked = (x0: number, x1: number): number[] => {
      const v: number[] = [];
      for (let y = 100; y < 320; y++)
        for (let x = x0; x < x1; x++) {
          const i = 4 * (y * W + x);
          const t = lin(luma(after.data, i)) / Math.max(1e-6, lin(luma(photo.data, i)));
          if (t >= 0.2 && t <= 0.8) v.push(luma(after.data, i));
        }
      return v;
    };
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const lit = inked(150, 225);
    const shaded = inked(255, 330);
    expect(lit.length).toBeGreaterThan(10);
    expect(shaded.length).toBeGreaterThan(10);
    expect(mean(lit)).toBeGreaterThan(mean(shaded) + 3);
  });

  it('the flat projection keeps the sample-scalp path: setProjection(flatProjection(view)) draws as setView(view)', async () => {
    const { r } = await scene();
    r.setPhotoLook(null);
    const view = { pxPerMm: 2, originX: 240, originY: 300, rotation: 0 };
    r.setView(view);
    r.render();
    const a = r.snapshot();
    r.setProjection(headProjection(fitHead(syntheticObservation(truthFit({ width: W, height: H, pxPerMm: 1.6 })))));
    r.setProjection(flatProjection(view));
    r.render();
    const b = r.snapshot();
    expect(b.data.every((v, i) => v === a.data[i])).toBe(true);
  });

  it('GPU aging draws on the head what the CPU appearance draws (setAging vs setAppearance, same day)', async () => {
    const { r, plan } = await scene();
    const cpu = r.renderFullSize();
    r.setAging(agingTables(plan, 120, DEFAULT_AGING), DEFAULT_AGING);
    const gpu = r.renderFullSize();
    let worst = 0;
    for (let i = 0; i < cpu.data.length; i++) worst = Math.max(worst, Math.abs(cpu.data[i]! - gpu.data[i]!));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('canvasToMm inverts the head projection: a dot’s canvas position maps back to its mm', async () => {
    const { r, dots } = await scene();
    const pd = r.projectedDots();
    const cam = r.getCamera();
    let checked = 0;
    for (let i = 0; i < dots.count && checked < 50; i += 97) {
      if (!pd.visible[i]) continue;
      const mm = r.canvasToMm(pd.px[2 * i]! * cam.zoom + cam.x, pd.px[2 * i + 1]! * cam.zoom + cam.y);
      expect(Math.hypot(mm[0] - dots.xy[2 * i]!, mm[1] - dots.xy[2 * i + 1]!)).toBeLessThan(0.5);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('the harsh overhead light brightens the top of the scalp and leaves the backdrop alone', async () => {
    const { r, fit } = await scene();
    const off = r.renderFullSize();
    r.setOverheadLight(1);
    const on = r.renderFullSize();
    const top = headProjection(fit);
    const p: [number, number] = [0, 0];
    expect(top.mmToPx(0, -40, p)).toBe(true);
    const i = 4 * (Math.round(p[1]) * W + Math.round(p[0]));
    expect(luma(on.data, i)).toBeGreaterThan(luma(off.data, i) + 20);
    expect(on.data.slice(0, 4 * W)).toEqual(off.data.slice(0, 4 * W)); // the top row is backdrop
    expect(() => r.setOverheadLight(2)).toThrow(/strength/);
  });
});
