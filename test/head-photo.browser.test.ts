// The plan on real shared portraits (by path, never committed) through a head fitted to hand-read landmarks
// (test/fixtures/head-landmarks.json): in the exported PNG at most 1 % of the ink lies outside the head's
// outline and none below the brows. Skipped where ../shared/photos is not readable (a local copy in
// .tmp/photos, which git ignores, is read instead when present).
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { appearanceAt, DEFAULT_AGING, defaultPlan, simulate } from '../src/index.js';
import { allocAppearance } from '../src/aging/index.js';
import { fitHead } from '../src/head/model.js';
import type { HeadObservation, Px } from '../src/head/observation.js';
import { headProjection } from '../src/head/projection.js';
import { ScalpRenderer, estimateBlurSigma, lookMap } from '../src/render/index.js';
import fixture from './fixtures/head-landmarks.json' with { type: 'json' };

const made: ScalpRenderer[] = [];
afterEach(() => {
  while (made.length) made.pop()!.destroy();
});

type Entry = (typeof fixture.photos)[keyof typeof fixture.photos];

async function readPhoto(name: string): Promise<Uint8Array | null> {
  for (const dir of ['../shared/photos', '.tmp/photos']) {
    try {
      const b64 = await commands.readFile(`${dir}/${name}`, 'base64');
      return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    } catch {
      // try the next place
    }
  }
  return null;
}

function observation(f: Entry): HeadObservation {
  const px = (p: number[]): Px => [p[0]!, p[1]!];
  const ipd = Math.hypot(f.pupils[1]![0]! - f.pupils[0]![0]!, f.pupils[1]![1]! - f.pupils[0]![1]!);
  return {
    width: f.width,
    height: f.height,
    face: {
      score: 1,
      pupils: [px(f.pupils[0]!), px(f.pupils[1]!)],
      irisDiameters: [0, 0],
      lateralCanthi: [px(f.lateralCanthi[0]!), px(f.lateralCanthi[1]!)],
      browTops: [px(f.browTops[0]!), px(f.browTops[1]!)],
      glabella: px(f.glabella),
      noseBase: px(f.noseBase),
      chin: px(f.chin),
      foreheadTop: px(f.foreheadTop),
      pose: { yaw: 0, pitch: 0, roll: Math.atan2(f.pupils[1]![1]! - f.pupils[0]![1]!, f.pupils[1]![0]! - f.pupils[0]![0]!) },
      mesh: new Float32Array(0),
    },
    scale: { pxPerMm: ipd / 63, sd: (0.06 * ipd) / 63, source: 'ipd' },
    outline: { ...f.outline },
    personMask: null,
    classes: null,
    proposedArea: null,
    notes: [],
  };
}

const luma = (d: Uint8ClampedArray, i: number): number => 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;

describe('the plan on shared portraits through a fitted head', () => {
  for (const [name, f] of Object.entries(fixture.photos)) {
    it(`${name}: ≤ 1 % of the exported ink outside the head's outline, none below the brows`, async ({ skip }) => {
      const bytes = await readPhoto(name);
      if (!bytes) {
        skip('shared/photos is not readable here (photos are never part of the repo)');
        return;
      }
      const bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/jpeg' }));
      expect([bmp.width, bmp.height]).toEqual([f.width, f.height]);
      const c = new OffscreenCanvas(f.width, f.height);
      c.getContext('2d')!.drawImage(bmp, 0, 0);
      const photo = c.getContext('2d')!.getImageData(0, 0, f.width, f.height);
      const obs = observation(f);
      const fit = fitHead(obs);
      const plan = defaultPlan('head-photo');
      const dots = simulate(plan);
      const app = allocAppearance(dots.count);
      appearanceAt(dots, plan, 120, DEFAULT_AGING, app);
      const r = await ScalpRenderer.create({ width: 480, height: 600, background: '#000000' });
      made.push(r);
      r.setBackground(c);
      r.fitToBackground();
      r.setDots(dots);
      r.setAppearance(app);
      r.setProjection(headProjection(fit));
      const o = f.outline;
      const blurPx = estimateBlurSigma(photo, { x: o.cx - o.rx, y: o.cy - o.ry, width: 2 * o.rx, height: 2 * o.ry });
      r.setPhotoLook({ map: lookMap(fit, f.width, f.height), blurPx, stubble: null });
      const png = await r.exportPng();
      if (import.meta.env.VITE_SMP_SHOT) {
        let bin = '';
        const pair = await r.exportPng({ pair: true });
        for (let i = 0; i < pair.length; i++) bin += String.fromCharCode(pair[i]!);
        await commands.writeFile(`.tmp/head-photo-${name.slice(0, 2)}.png`, btoa(bin), 'base64');
      }
      const out = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }));
      const oc = new OffscreenCanvas(f.width, f.height);
      oc.getContext('2d')!.drawImage(out, 0, 0);
      const after = oc.getContext('2d')!.getImageData(0, 0, f.width, f.height);
      const brow = Math.max(f.browTops[0]![1]!, f.browTops[1]![1]!);
      let ink = 0, outside = 0, below = 0;
      for (let y = 0; y < f.height; y++)
        for (let x = 0; x < f.width; x++) {
          const i = 4 * (y * f.width + x);
          if (luma(photo.data, i) - luma(after.data, i) < 4) continue;
          ink++;
          if (((x + 0.5 - o.cx) / o.rx) ** 2 + ((y + 0.5 - o.cy) / o.ry) ** 2 > 1) outside++;
          if (y > brow) below++;
        }
      expect(ink).toBeGreaterThan(5000);
      expect(outside / ink).toBeLessThanOrEqual(0.01);
      expect(below).toBe(0);
    });
  }
});
