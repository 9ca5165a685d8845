// The 3D view's shaded head (src/render/head-shade.ts): the picture the dots ink into when there is no photo,
// and the look raster that says where ink may go.
import { describe, expect, it } from 'vitest';
import { headToPx } from '../src/head/model.js';
import { PIXEL_CLASS } from '../src/head/observation.js';
import { ORBIT_VIEWS, virtualFit } from '../src/head/virtual-camera.js';
import { HEAD_BACKDROP, shadeHead, skinTone } from '../src/render/head-shade.js';

const W = 320;
const H = 240;
const at = (img: { width: number }, data: ArrayLike<number>, x: number, y: number) => {
  const k = 4 * (Math.round(y) * img.width + Math.round(x));
  return [data[k]!, data[k + 1]!, data[k + 2]!, data[k + 3]!];
};
const chroma = (p: number[]) => Math.max(p[0]!, p[1]!, p[2]!) - Math.min(p[0]!, p[1]!, p[2]!);

describe('shadeHead', () => {
  it('the Top view shows the scalp at the picture’s centre in the skin’s hue, where ink may go', () => {
    const skin = [200, 150, 120] as const;
    const s = shadeHead(virtualFit(null, ORBIT_VIEWS.top, W, H), { skin });
    const p = at(s, s.rgba, W / 2, H / 2);
    // the skin's hue: red over green over blue, lit (not the backdrop)
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[1]).toBeGreaterThan(p[2]!);
    expect(p[0]).toBeGreaterThan(120);
    expect(at(s.look, s.look.data, W / 2, H / 2)[0]).toBe(255);
  });

  it('the face below the brows is drawn neutral (little colour) and takes no ink', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.front, W, H);
    const s = shadeHead(fit, { skin: [200, 150, 120] });
    // a cheek point: on the front, well below the glabella, beside the nose
    const cheek = headToPx(fit, [28, -40, fit.radii.c * Math.sqrt(1 - (28 / fit.radii.a) ** 2 - (40 / fit.radii.b) ** 2)]);
    const forehead = headToPx(fit, [0, 40, fit.radii.c * Math.sqrt(1 - (40 / fit.radii.b) ** 2)]);
    const face = at(s, s.rgba, cheek[0], cheek[1]);
    const scalp = at(s, s.rgba, forehead[0], forehead[1]);
    expect(chroma(face)).toBeLessThan(0.5 * chroma(scalp));
    expect(at(s.look, s.look.data, cheek[0], cheek[1])[0]).toBe(0);
    expect(at(s.look, s.look.data, forehead[0], forehead[1])[0]).toBe(255);
  });

  it('around the head is the backdrop, with no ink and no light', () => {
    const s = shadeHead(virtualFit(null, ORBIT_VIEWS.left, W, H));
    expect(at(s, s.rgba, 1, 1).slice(0, 3)).toEqual([...HEAD_BACKDROP]);
    expect(at(s.look, s.look.data, 1, 1).slice(0, 3)).toEqual([0, 0, 0]);
  });

  it('the overhead light falls on the top of the head, not on its side', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.front, W, H);
    const s = shadeHead(fit);
    const top = headToPx(fit, [0, fit.radii.b * 0.95, fit.radii.c * Math.sqrt(1 - 0.95 ** 2)]);
    const side = headToPx(fit, [fit.radii.a * 0.9, 5, fit.radii.c * Math.sqrt(1 - 0.81 - (5 / fit.radii.b) ** 2)]);
    expect(at(s.look, s.look.data, top[0], top[1])[2]).toBeGreaterThan(150);
    expect(at(s.look, s.look.data, side[0], side[1])[2]).toBeLessThan(20);
  });

  it('the same head and camera give the same bytes', () => {
    const fit = virtualFit(null, { azimuth: 0.7, elevation: 0.3 }, W, H);
    expect(Buffer.from(shadeHead(fit).rgba).equals(Buffer.from(shadeHead(fit).rgba))).toBe(true);
  });

  it('refuses a skin that is not three sRGB values, naming the field', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.front, W, H);
    expect(() => shadeHead(fit, { skin: [300, 0, 0] })).toThrow(/skin must be three sRGB values/);
    expect(() => shadeHead(fit, { backdrop: [0, 0] as unknown as [number, number, number] })).toThrow(/backdrop/);
  });
});

describe('skinTone', () => {
  /** A 20 × 10 photo: left half one colour, right half another; classes at 2 px per cell. */
  function photo(left: number[], right: number[], leftClass: number, rightClass: number) {
    const img = { width: 20, height: 10, data: new Uint8ClampedArray(4 * 200) };
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 20; x++) img.data.set([...(x < 10 ? left : right), 255], 4 * (y * 20 + x));
    const classes = { width: 10, height: 5, scale: 2, data: new Uint8Array(50) };
    for (let j = 0; j < 5; j++) for (let i = 0; i < 10; i++) classes.data[j * 10 + i] = i < 5 ? leftClass : rightClass;
    return { img, classes };
  }

  it('is the bare scalp’s colour where the scalp shows', () => {
    const { img, classes } = photo([180, 140, 120], [90, 60, 50], PIXEL_CLASS.scalp, PIXEL_CLASS.face);
    expect(skinTone(img, classes, 10)).toEqual([180, 140, 120]);
  });

  it('falls back to the face’s colour when no scalp shows, and to null when neither does', () => {
    const { img, classes } = photo([180, 140, 120], [90, 60, 50], PIXEL_CLASS.hair, PIXEL_CLASS.face);
    expect(skinTone(img, classes, 10)).toEqual([90, 60, 50]);
    const none = photo([180, 140, 120], [90, 60, 50], PIXEL_CLASS.hair, PIXEL_CLASS.background);
    expect(skinTone(none.img, none.classes, 10)).toBeNull();
  });
});
