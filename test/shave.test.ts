// The shaved look's base (src/render/shave.ts) on a synthetic portrait whose truth is known: a head (the true fit)
// lit by a distant light, with skin below a hairline, a cap of hair over the top that also stands 4 mm past the
// skull, and a flat background. The hair on the head must become the skin the lighting gives at that normal, the
// hair past the skull the background; everything else keeps its bytes.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { centrePxPerMm, headToCameraMatrix, rayHit, type HeadFit } from '../src/head/model.js';
import { PIXEL_CLASS, type Raster } from '../src/head/observation.js';
import { SHAVE, shaveHead, type ShavedBase } from '../src/render/shave.js';
import { truthFit } from './helpers/synthetic-head.js';

const W = 480, H = 600, CELL = 4;
const fit = truthFit({ width: W, height: H, pxPerMm: 2, glabella: [240, 330], pose: { yaw: 0.15, pitch: 0.1, roll: 0.05 } });
const SKIN = [0.62, 0.42, 0.33]; // linear albedo
const HAIR = [0.05, 0.035, 0.025];
const BG = [0.18, 0.22, 0.3];
/** Distant light (camera frame: x right, y down, z into the scene), from the front, above and the right. */
const LIGHT = (() => {
  const l = [0.35, -0.5, -0.8];
  const n = Math.hypot(...l);
  return l.map((v) => v / n);
})();
const AMBIENT = 0.35;
/** Where the hairline sits: hair above this head-frame height, mm. */
const HAIRLINE_Y = 55;

const toSrgb = (v: number) => Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.max(0, v) ** (1 / 2.4) - 0.055));
const toLin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);

/** The camera-frame unit normal where the ray through px (u, v) meets the head, or null. */
function normalAt(f: HeadFit, u: number, v: number): [number, number, number] | null {
  const h = rayHit(f, u, v);
  if (!h) return null;
  const { a, b, c } = f.radii;
  const g = [h[0] / (a * a), h[1] / (b * b), h[2] / (c * c)];
  const M = headToCameraMatrix(f);
  const n = [0, 1, 2].map((i) => M[3 * i]! * g[0]! + M[3 * i + 1]! * g[1]! + M[3 * i + 2]! * g[2]!);
  const len = Math.hypot(n[0]!, n[1]!, n[2]!);
  return [n[0]! / len, n[1]! / len, n[2]! / len];
}

/** The skin's true linear colour at a normal (the light reaches every visible point: shading linear in n). */
const trueSkin = (n: readonly number[]) => {
  const d = Math.max(0, n[0]! * LIGHT[0]! + n[1]! * LIGHT[1]! + n[2]! * LIGHT[2]!);
  return SKIN.map((a) => a * (AMBIENT + 0.65 * d));
};

/** What each pixel is in the truth: 0 background, 1 skin on the head, 2 hair on the head, 3 hair past the skull. */
function truthKind(u: number, v: number): number {
  const h = rayHit(fit, u, v);
  if (h) return h[1] >= HAIRLINE_Y ? 2 : 1;
  // hair standing past the skull: a ray that misses the head but passes within 4 mm of its top half
  const f2: HeadFit = { ...fit, radii: { a: fit.radii.a + 4, b: fit.radii.b + 4, c: fit.radii.c + 4 } };
  const h2 = rayHit(f2, u, v);
  return h2 && h2[1] >= HAIRLINE_Y ? 3 : 0;
}

/** The portrait: a 2 % grain on skin, strands on the hair, and the classes raster a perfect classifier would give. */
function portrait(hair = true): { photo: { width: number; height: number; data: Uint8ClampedArray }; classes: Raster; kind: Uint8Array } {
  const rng = seedrandom('shave');
  const data = new Uint8ClampedArray(4 * W * H);
  const kind = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let k = truthKind(x + 0.5, y + 0.5);
      if (!hair && k >= 2) k = k === 2 ? 1 : 0;
      kind[y * W + x] = k;
      let c = BG;
      if (k === 1) c = trueSkin(normalAt(fit, x + 0.5, y + 0.5)!).map((v) => v * (1 + 0.02 * (rng() - 0.5)));
      if (k >= 2) c = HAIR.map((v) => v * (0.6 + 0.8 * rng()));
      data.set([toSrgb(c[0]!), toSrgb(c[1]!), toSrgb(c[2]!), 255], 4 * (y * W + x));
    }
  // classes by majority of each 4 × 4 cell
  const cw = W / CELL, ch = H / CELL;
  const cls = new Uint8Array(cw * ch);
  for (let j = 0; j < ch; j++)
    for (let i = 0; i < cw; i++) {
      const votes = [0, 0, 0, 0];
      for (let y = 0; y < CELL; y++) for (let x = 0; x < CELL; x++) votes[kind[(j * CELL + y) * W + i * CELL + x]!]!++;
      const best = votes.indexOf(Math.max(...votes));
      cls[j * cw + i] = best === 0 ? PIXEL_CLASS.background : best === 1 ? PIXEL_CLASS.scalp : PIXEL_CLASS.hair;
    }
  return { photo: { width: W, height: H, data }, classes: { width: cw, height: ch, scale: CELL, data: cls }, kind };
}

const { photo, classes, kind } = portrait();
const base = shaveHead(photo, fit, classes, { blurPx: 0.8 });
const px = (b: ShavedBase, x: number, y: number): number[] => {
  if (x < b.x || y < b.y || x >= b.x + b.width || y >= b.y + b.height) return [...photo.data.subarray(4 * (y * W + x), 4 * (y * W + x) + 4)];
  const i = 4 * ((y - b.y) * b.width + x - b.x);
  return [...b.data.subarray(i, i + 4)];
};
const lum = (c: readonly number[]) => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
/** Chromaticity (r, g shares of the linear sum). */
const chroma = (c: readonly number[]) => {
  const s = c[0]! + c[1]! + c[2]!;
  return [c[0]! / s, c[1]! / s];
};
/** Whether every pixel within `r` px of (x, y) has the given kind. */
const allKind = (x: number, y: number, r: number, k: number) => {
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= W || yy >= H || kind[yy * W + xx] !== k) return false;
    }
  return true;
};

describe('the shaved base on a synthetic head', () => {
  it('reads the skin model from the visible skin: its albedo chromaticity and shading within a few percent of the truth', () => {
    expect(base.skin).not.toBeNull();
    const s = base.skin!;
    const sum = SKIN[0]! + SKIN[1]! + SKIN[2]!;
    const got = s.albedo[0] + s.albedo[1] + s.albedo[2];
    for (let c = 0; c < 3; c++) expect(s.albedo[c]! / got).toBeCloseTo(SKIN[c]! / sum, 2);
  });

  it('with a stubble tone, the shaved hair reads as the skin under that stubble: the mean at the tone within 4 %, stippled, the skin untouched', () => {
    const tone: [number, number, number] = [0.62, 0.64, 0.66];
    const stubbled = shaveHead(photo, fit, classes, { blurPx: 0.8, stubble: tone });
    let n = 0, sumGot = 0, sumWant = 0, spread = 0, skinDiff = 0;
    for (let y = 0; y < H; y += 2)
      for (let x = 0; x < W; x += 2) {
        if (x % 6 === 0 && y % 6 === 0 && allKind(x, y, 20, 1)) for (let c = 0; c < 3; c++) skinDiff = Math.max(skinDiff, Math.abs(px(stubbled, x, y)[c]! - px(base, x, y)[c]!));
        if (!allKind(x, y, 3, 2)) continue;
        if (rayHit(fit, x + 0.5, y + 0.5)![1] < fit.floorY + SHAVE.floorFadeMm) continue;
        const clean = lum(px(base, x, y).slice(0, 3).map(toLin));
        const got = lum(px(stubbled, x, y).slice(0, 3).map(toLin));
        sumWant += clean * lum(tone);
        sumGot += got;
        spread = Math.max(spread, Math.abs(got / clean - lum(tone)));
        n++;
      }
    expect(n).toBeGreaterThan(2000);
    expect(Math.abs(sumGot / sumWant - 1)).toBeLessThan(0.04);
    expect(spread).toBeGreaterThan(0.05); // a stipple, not a flat tint
    expect(skinDiff).toBe(0);
    expect(() => shaveHead(photo, fit, classes, { stubble: [0.5, 2, 0.5] })).toThrow(/stubble/);
  });

  it('turns the hair on the head into the skin the light gives at that normal (luminance and chroma), and removes it whole', () => {
    let n = 0, sumGot = 0, sumWant = 0, worst = 0, worstChroma = 0;
    for (let y = 0; y < H; y += 2)
      for (let x = 0; x < W; x += 2) {
        // hair on the head, 3 px inside its edges, where the floor's feather does not reach
        if (!allKind(x, y, 3, 2)) continue;
        const h = rayHit(fit, x + 0.5, y + 0.5)!;
        if (h[1] < fit.floorY + SHAVE.floorFadeMm) continue;
        const want = trueSkin(normalAt(fit, x + 0.5, y + 0.5)!);
        const got = px(base, x, y).slice(0, 3).map(toLin);
        const lw = lum(want), lg = lum(got);
        worst = Math.max(worst, Math.abs(lg / lw - 1));
        const [cw0, cw1] = chroma(want), [cg0, cg1] = chroma(got);
        worstChroma = Math.max(worstChroma, Math.hypot(cw0! - cg0!, cw1! - cg1!));
        sumGot += lg;
        sumWant += lw;
        n++;
      }
    expect(n).toBeGreaterThan(2000);
    // the mean within 4 %; single pixels carry the skin's grain, within 20 %
    expect(Math.abs(sumGot / sumWant - 1)).toBeLessThan(0.04);
    expect(worst).toBeLessThan(0.2);
    expect(worstChroma).toBeLessThan(0.03);
    // and no hair is left: the darkest pixel is far above the hair's brightest
    let darkest = Infinity;
    for (let y = 0; y < H; y += 2) for (let x = 0; x < W; x += 2) if (allKind(x, y, 3, 2)) darkest = Math.min(darkest, lum(px(base, x, y).slice(0, 3).map(toLin)));
    expect(darkest).toBeGreaterThan(3 * lum(HAIR) * 1.4);
  });

  it('replaces the hair standing past the skull by the background around it', () => {
    let n = 0, worst = 0, sum = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        if (!allKind(x, y, 2, 3)) continue;
        const got = px(base, x, y).slice(0, 3).map(toLin);
        worst = Math.max(worst, Math.abs(lum(got) / lum(BG) - 1));
        sum += lum(got);
        n++;
      }
    expect(n).toBeGreaterThan(300);
    expect(Math.abs(sum / n / lum(BG) - 1)).toBeLessThan(0.03);
    expect(worst).toBeLessThan(0.15);
  });

  it('where the fitted head is wider than the head the photo shows, the shaved skin stops inside the photo’s outline', () => {
    // a fit 8 mm too wide each side: the hair standing 4 mm past the true skull lies inside its outline
    const wide: HeadFit = { ...fit, radii: { ...fit.radii, a: fit.radii.a + 8 } };
    const b = shaveHead(photo, wide, classes, { blurPx: 0.8 });
    const skullPlus = (mm: number): HeadFit => ({ ...fit, radii: { a: fit.radii.a + mm, b: fit.radii.b + mm, c: fit.radii.c + mm } });
    let n = 0, skin = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        // the outer band of that hair: past the true skull by more than the hair's depth (and a pixel of blur)
        if (kind[y * W + x] !== 3 || rayHit(skullPlus(SHAVE.hairDepthMm + 0.75), x + 0.5, y + 0.5)) continue;
        n++;
        if (Math.abs(lum(px(b, x, y).slice(0, 3).map(toLin)) / lum(BG) - 1) > 0.3) skin++;
      }
    expect(n).toBeGreaterThan(200);
    expect(skin / n).toBeLessThan(0.05);
  });

  it('keeps the exact bytes of every pixel away from the hair: the skin, the face, the background', () => {
    // a pixel whose classes cell has no hair cell within growCells + strayMm + 3 cells is not the shave's
    const reach = SHAVE.growCells + Math.ceil((SHAVE.strayMm * centrePxPerMm(fit)) / CELL) + 3;
    const cw = classes.width;
    const near = new Uint8Array(cw * classes.height);
    for (let j = 0; j < classes.height; j++)
      for (let i = 0; i < cw; i++)
        for (let dj = -reach; dj <= reach && !near[j * cw + i]; dj++)
          for (let di = -reach; di <= reach; di++) {
            const ii = i + di, jj = j + dj;
            if (ii >= 0 && jj >= 0 && ii < cw && jj < classes.height && classes.data[jj * cw + ii] === PIXEL_CLASS.hair) near[j * cw + i] = 1;
          }
    let checked = 0, differ = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        if (near[Math.floor(y / CELL) * cw + Math.floor(x / CELL)]) continue;
        const got = px(base, x, y);
        for (let c = 0; c < 4; c++) if (got[c] !== photo.data[4 * (y * W + x) + c]) differ++;
        checked++;
      }
    expect(differ).toBe(0);
    expect(checked).toBeGreaterThan(W * H * 0.5);
  });

  it('is deterministic: the same input gives the same bytes; another seed another grain', () => {
    const again = shaveHead(photo, fit, classes, { blurPx: 0.8 });
    expect(again.data).toEqual(base.data);
    expect([again.x, again.y, again.width, again.height, again.changed]).toEqual([base.x, base.y, base.width, base.height, base.changed]);
    const other = shaveHead(photo, fit, classes, { blurPx: 0.8, seed: 2 });
    expect(other.data).not.toEqual(base.data);
  });

  it('changes nothing on a head without hair', () => {
    const bald = portrait(false);
    const b = shaveHead(bald.photo, fit, bald.classes);
    expect(b.changed).toBe(0);
    for (let y = 0; y < b.height; y++)
      expect(b.data.subarray(4 * y * b.width, 4 * (y + 1) * b.width)).toEqual(bald.photo.data.subarray(4 * ((b.y + y) * W + b.x), 4 * ((b.y + y) * W + b.x + b.width)));
  });

  it('rejects a fit for another photo size, classes that do not cover the photo, and a bad blur, naming the field', () => {
    expect(() => shaveHead(photo, { ...fit, width: W + 1 }, classes)).toThrow(/fit is for a 481 × 600 photo/);
    expect(() => shaveHead(photo, fit, { ...classes, width: 10 })).toThrow(RangeError);
    expect(() => shaveHead(photo, fit, classes, { blurPx: 0 })).toThrow(/blurPx/);
    expect(() => shaveHead(photo, fit, classes, { seed: 0.5 })).toThrow(/seed/);
  });
});
