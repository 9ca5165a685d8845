// The shaved look on real shared portraits with remaining hair (read by path, never stored; skipped where
// ../shared/photos is not readable): after shaveHead, the hair on the head is no longer hair-toned — its mean
// luminance sits near the forehead's (before: 88–105 of 255 away on 12 and 14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { centrePxPerMm, fitHead, rayHit } from '../src/head/model.js';
import { suggestHairline } from '../src/head/hairline.js';
import { PIXEL_CLASS } from '../src/head/observation.js';
import { SHAVE, shaveHead } from '../src/render/shave.js';
import { createFaceAnalyser, type FaceAnalyser } from '../workers/face-client.js';

const PHOTOS = ['12_front_buzzcut_nw2_jeff_dean.jpg', '14_front_nw2_guido_van_rossum.jpg'];
/** How close (of 255, sRGB-weighted luminance) the shaved hair's mean comes to the forehead's. */
const WITHIN = 30;

let analyser: FaceAnalyser;
let readable = true;
beforeAll(async () => {
  analyser = createFaceAnalyser();
  try {
    await commands.readFile(`../shared/photos/${PHOTOS[0]}`, 'base64');
  } catch {
    readable = false;
  }
});
afterAll(() => analyser?.close());

describe('the shaved look on shared portraits with remaining hair', () => {
  it.for(PHOTOS)('%s: the hair on the head takes the forehead’s tone', async (name, { skip }) => {
    if (!readable) skip('shared/photos is not readable here (photos are never part of the repo)');
    const bytes = Uint8Array.from(atob(await commands.readFile(`../shared/photos/${name}`, 'base64')), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/jpeg' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    c.getContext('2d')!.drawImage(bmp, 0, 0);
    const photo = c.getContext('2d')!.getImageData(0, 0, bmp.width, bmp.height);
    const obs = await analyser.analyse(bmp);
    let fit = fitHead(obs);
    fit = suggestHairline(obs, fit, { method: 'garg' }).fit;
    const base = shaveHead(photo, fit, obs.classes!, { personMask: obs.personMask });
    const W = photo.width;
    const at = (x: number, y: number, after: boolean): number => {
      const inPatch = after && x >= base.x && y >= base.y && x < base.x + base.width && y < base.y + base.height;
      const d = inPatch ? base.data : photo.data;
      const i = inPatch ? 4 * ((y - base.y) * base.width + x - base.x) : 4 * (y * W + x);
      return 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
    };
    // hair cells on the head (past the floor's feather, 5 mm above the brow line) and skin cells above the brows
    const cl = obs.classes!;
    const mm = centrePxPerMm(fit);
    const b = fit.brow!;
    let hairBefore = 0, hairAfter = 0, nh = 0, skin = 0, ns = 0;
    for (let j = 0; j < cl.height; j++)
      for (let i = 0; i < cl.width; i++) {
        const k = cl.data[j * cl.width + i];
        const x = Math.floor((i + 0.5) * cl.scale), y = Math.floor((j + 0.5) * cl.scale);
        const h = rayHit(fit, x + 0.5, y + 0.5);
        if (!h || -((x - b.x) * b.nx + (y - b.y) * b.ny) < 5 * mm) continue;
        if (k === PIXEL_CLASS.hair && h[1] > fit.floorY + SHAVE.floorFadeMm) {
          hairBefore += at(x, y, false);
          hairAfter += at(x, y, true);
          nh++;
        } else if (k === PIXEL_CLASS.face || k === PIXEL_CLASS.scalp) {
          skin += at(x, y, false);
          ns++;
        }
      }
    expect(nh).toBeGreaterThan(500);
    expect(ns).toBeGreaterThan(500);
    const before = Math.abs(hairBefore / nh - skin / ns);
    const after = Math.abs(hairAfter / nh - skin / ns);
    expect(before).toBeGreaterThan(WITHIN);
    expect(after).toBeLessThan(WITHIN);
    expect(after).toBeLessThan(before / 3);
  });
});
