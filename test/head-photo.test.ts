// The pure photo-analysis steps on a synthetic portrait: a bald head with side hair, a face, a background and a
// person mask — the outline, the per-pixel classes, the proposed treated area and the observation's notes.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { NOTES, observe } from '../src/head/analyse.js';
import { classifyHead, proposeArea } from '../src/head/classify.js';
import { insidePolygon } from '../src/head/image.js';
import { featuresFromMesh, MESH, MESH_POINTS } from '../src/head/landmarks.js';
import { PIXEL_CLASS, type Px, type Raster } from '../src/head/observation.js';
import { outlineFromMask, outlinePoints } from '../src/head/outline.js';

const W = 400, H = 500;
const HEAD = { cx: 200, cy: 210, rx: 110, ry: 140 };
const FACE = { cx: 200, cy: 265, rx: 80, ry: 115 };
const inEllipse = (x: number, y: number, e: { cx: number; cy: number; rx: number; ry: number }) => ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 <= 1;
/** Side hair: the head's sides below y = 150 outside |x − 200| ≤ 82. */
const isSideHair = (x: number, y: number) => inEllipse(x, y, HEAD) && y > 150 && Math.abs(x - 200) > 82 && !inEllipse(x, y, FACE);

/** A face mesh on the synthetic face: the oval on FACE's outline, eyes, brows, forehead, nose, mouth, chin, irises. */
function syntheticMesh(): Float32Array {
  const m = new Float32Array(MESH_POINTS * 3);
  const set = (i: number, x: number, y: number, z = 0) => m.set([x, y, z], 3 * i);
  MESH.faceOval.forEach((i, k) => {
    const t = -Math.PI / 2 + (2 * Math.PI * k) / MESH.faceOval.length;
    set(i, FACE.cx + FACE.rx * Math.cos(t), FACE.cy + FACE.ry * Math.sin(t), 30);
  });
  set(MESH.rightEyeOuter, 140, 240, 10);
  set(MESH.rightEyeInner, 185, 240, 5);
  set(MESH.leftEyeOuter, 260, 240, 10);
  set(MESH.leftEyeInner, 215, 240, 5);
  MESH.rightBrowUpper.forEach((i, k) => set(i, 135 + 12 * k, 215));
  MESH.leftBrowUpper.forEach((i, k) => set(i, 265 - 12 * k, 215));
  set(MESH.glabella, 200, 215);
  set(MESH.noseTip, 200, 285, -25);
  set(MESH.noseBase, 200, 300, -15);
  set(MESH.mouthRight, 175, 330, 5);
  set(MESH.mouthLeft, 225, 330, 5);
  set(MESH.cheekRight, 125, 260, 40);
  set(MESH.cheekLeft, 275, 260, 40);
  set(151, 200, 185);
  set(108, 175, 180);
  set(337, 225, 180);
  // irises: centre, then rim right/top/left/bottom (radius 6.5 px)
  for (const [b, cx] of [[468, 238], [473, 162]] as const) {
    set(b, cx, 240);
    set(b + 1, cx + 6.5, 240);
    set(b + 2, cx, 233.5);
    set(b + 3, cx - 6.5, 240);
    set(b + 4, cx, 246.5);
  }
  return m;
}

/** The synthetic portrait (RGBA) and its person mask, at full resolution. */
function portrait(): { image: { width: number; height: number; data: Uint8ClampedArray }; mask: Uint8Array } {
  const rng = seedrandom('portrait');
  const data = new Uint8ClampedArray(W * H * 4);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const body = y > 400 && Math.abs(x - 200) < 170;
      let c: [number, number, number] = [90, 110, 140];
      if (inEllipse(x, y, HEAD) || body) mask[i] = 255;
      if (body) c = [30, 30, 35];
      if (inEllipse(x, y, HEAD)) {
        const n = (rng() - 0.5) * 6;
        c = [215 + n, 165 + n, 138 + n];
        if (isSideHair(x, y)) {
          const strand = (rng() - 0.5) * 60;
          c = [60 + strand, 42 + strand, 30 + strand];
        }
      }
      data.set([c[0], c[1], c[2], 255], 4 * i);
    }
  return { image: { width: W, height: H, data }, mask };
}

const face = featuresFromMesh(syntheticMesh(), 0.99);
const { image, mask } = portrait();
const maskRaster: Raster = { width: W, height: H, scale: 1, data: mask };

describe('head outline from the person mask', () => {
  it('takes points only above the brows and never on the photo border', () => {
    const pts = outlinePoints(maskRaster, face);
    expect(pts.length).toBeGreaterThan(100);
    for (const [x, y] of pts) {
      expect(y).toBeLessThanOrEqual(216);
      expect(x > 0 && x < W && y > 0).toBe(true);
    }
  });

  it('fits the head ellipse within 3 px and 3 %', () => {
    const e = outlineFromMask(maskRaster, face)!;
    expect(Math.hypot(e.cx - HEAD.cx, e.cy - HEAD.cy)).toBeLessThan(3);
    const [a, b] = [Math.min(e.rx, e.ry), Math.max(e.rx, e.ry)];
    expect(Math.abs(a / HEAD.rx - 1)).toBeLessThan(0.03);
    expect(Math.abs(b / HEAD.ry - 1)).toBeLessThan(0.03);
  });

  it('with no face, fits the person’s top rows; with an empty mask, gives null', () => {
    const e = outlineFromMask(maskRaster, null)!;
    expect(Math.abs(e.cx - HEAD.cx)).toBeLessThan(5);
    expect(outlineFromMask({ ...maskRaster, data: new Uint8Array(W * H) }, face)).toBeNull();
  });
});

describe('classes inside the head and the proposed treated area', () => {
  const outline = outlineFromMask(maskRaster, face);
  const c = classifyHead({ image, scale: 1, mask: maskRaster, face, outline });
  const at = (x: number, y: number) => c.classes.data[y * W + x];

  it('labels bald top as scalp, side hair as hair, the face as face and the backdrop as background', () => {
    expect(at(200, 110)).toBe(PIXEL_CLASS.scalp);
    expect(at(160, 130)).toBe(PIXEL_CLASS.scalp);
    expect(at(100, 220)).toBe(PIXEL_CLASS.hair);
    expect(at(300, 220)).toBe(PIXEL_CLASS.hair);
    expect(at(200, 300)).toBe(PIXEL_CLASS.face);
    expect(at(20, 20)).toBe(PIXEL_CLASS.background);
    // cells of each class are the majority of their region
    let scalp = 0, bald = 0, hair = 0, side = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        if (inEllipse(x, y, HEAD) && y < 140 && !inEllipse(x, y, FACE)) {
          bald++;
          if (at(x, y) === PIXEL_CLASS.scalp) scalp++;
        }
        if (isSideHair(x, y) && y < 300) {
          side++;
          if (at(x, y) === PIXEL_CLASS.hair) hair++;
        }
      }
    expect(scalp / bald).toBeGreaterThan(0.9);
    expect(hair / side).toBeGreaterThan(0.9);
  });

  it('proposes the bald top joined into the side hair, nothing below the brows, nothing on the face', () => {
    const area = proposeArea(c, face);
    expect(area.length).toBeGreaterThan(0);
    const inside = (p: Px) => area.some((r) => insidePolygon(p[0], p[1], r));
    expect(inside([200, 100])).toBe(true);
    expect(inside([150, 120])).toBe(true);
    // the band reaches into the hair next to the bald top (8 mm ≈ 9 px here) but not far into it
    expect(inside([200 - 86, 170])).toBe(true);
    expect(inside([200 - 105, 200])).toBe(false);
    for (const p of [[200, 300], [160, 240], [240, 320], [200, 230]] as Px[]) expect(inside(p)).toBe(false);
  });

  it('stops at the forehead: nothing under the arc 0.8 × the middle third above the glabella, as wide as the eye corners', () => {
    // a long middle third (nose base far down) makes the forehead reach up to y ≈ 215 − 0.8 × 135 = 107
    const mesh = syntheticMesh();
    mesh.set([200, 350, -15], 3 * MESH.noseBase);
    const longFace = featuresFromMesh(mesh, 0.99);
    const area = proposeArea(classifyHead({ image, scale: 1, mask: maskRaster, face: longFace, outline }), longFace);
    const inside = (p: Px) => area.some((r) => insidePolygon(p[0], p[1], r));
    expect(inside([200, 125])).toBe(false);
    expect(inside([175, 120])).toBe(false);
    expect(inside([200, 95])).toBe(true);
    expect(inside([120, 120])).toBe(true);
    // with the usual face the same points are treated
    const usual = proposeArea(c, face);
    expect(usual.some((r) => insidePolygon(200, 125, r))).toBe(true);
  });

  it('a head of full hair gives no treated area', () => {
    const hairy = { ...image, data: Uint8ClampedArray.from(image.data) };
    const rng = seedrandom('hair');
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (inEllipse(x, y, HEAD) && !inEllipse(x, y, FACE)) {
          const s = (rng() - 0.5) * 60;
          hairy.data.set([60 + s, 42 + s, 30 + s], 4 * (y * W + x));
        }
    const ch = classifyHead({ image: hairy, scale: 1, mask: maskRaster, face, outline });
    expect(proposeArea(ch, face)).toEqual([]);
  });

  it('reads the side of a bald dome turned from the light as scalp, however dark its shading, and keeps the side hair hair', () => {
    // the top's right side shades gradually to 0.3 of the lit skin (the forehead's lightness allowance is 20 L), and
    // warmer, as skin in shadow is (portrait 01: 199,164,158 lit, 106,78,61 turned away)
    const shaded = { ...image, data: Uint8ClampedArray.from(image.data) };
    const f = (x: number) => 1 - 0.7 * Math.min(1, Math.max(0, (x - 200) / 90));
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (inEllipse(x, y, HEAD) && !isSideHair(x, y) && !inEllipse(x, y, FACE)) {
          const p = 4 * (y * W + x);
          [0.8, 1, 1.25].forEach((e, k) => (shaded.data[p + k] = image.data[p + k]! * f(x) ** e));
        }
    const cs = classifyHead({ image: shaded, scale: 1, mask: maskRaster, face, outline });
    const atS = (x: number, y: number) => cs.classes.data[y * W + x];
    expect(atS(292, 145)).toBe(PIXEL_CLASS.scalp);
    expect(atS(265, 120)).toBe(PIXEL_CLASS.scalp);
    expect(atS(300, 220)).toBe(PIXEL_CLASS.hair);
    expect(atS(100, 220)).toBe(PIXEL_CLASS.hair);
    // a grey photo carries no chroma to tell grey hair from shaded skin: the shade stays with the lightness test
    const grey = { ...shaded, data: Uint8ClampedArray.from(shaded.data) };
    for (let p = 0; p < grey.data.length; p += 4) {
      const v = 0.299 * grey.data[p]! + 0.587 * grey.data[p + 1]! + 0.114 * grey.data[p + 2]!;
      grey.data[p] = grey.data[p + 1] = grey.data[p + 2] = v;
    }
    const cg = classifyHead({ image: grey, scale: 1, mask: maskRaster, face, outline });
    expect(cg.classes.data[145 * W + 292]).toBe(PIXEL_CLASS.hair);
  });

  it('in a grey photo, mid-grey hair of moderate texture is hair: lightness and texture carry the test alone', () => {
    // a black-and-white portrait with a patch of grey hair on the top: 0.6 of the skin's grey (≈ 27 L darker, inside
    // the lightness allowance), strands of ± 18
    const rng = seedrandom('grey hair');
    const grey = { ...image, data: Uint8ClampedArray.from(image.data) };
    const inPatch = (x: number, y: number) => x >= 130 && x < 180 && y >= 85 && y < 120;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = 4 * (y * W + x);
        let v = 0.299 * grey.data[p]! + 0.587 * grey.data[p + 1]! + 0.114 * grey.data[p + 2]!;
        if (inPatch(x, y)) v = 0.6 * v + (rng() - 0.5) * 36;
        grey.data[p] = grey.data[p + 1] = grey.data[p + 2] = v;
      }
    const cg = classifyHead({ image: grey, scale: 1, mask: maskRaster, face, outline });
    let hair = 0, n = 0, scalp = 0, bald = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const c = cg.classes.data[y * W + x];
        if (inPatch(x, y) && inPatch(x - 3, y - 3) && inPatch(x + 3, y + 3)) {
          n++;
          if (c === PIXEL_CLASS.hair) hair++;
        } else if (inEllipse(x, y, HEAD) && y < 140 && !inEllipse(x, y, FACE) && x > 200) {
          bald++;
          if (c === PIXEL_CLASS.scalp) scalp++;
        }
      }
    expect(hair / n).toBeGreaterThan(0.8); // 0.38 with the colour photo's threshold
    expect(scalp / bald).toBeGreaterThan(0.9);
  });

  it('rejects a mask of another size, naming it', () => {
    expect(() => classifyHead({ image, scale: 1, mask: { ...maskRaster, width: 10, height: 10 }, face, outline })).toThrow(/mask: expected 400×500, got 10×10/);
  });
});

describe('observe: the whole observation', () => {
  it('a portrait gives a face, a scale, an outline, classes and a proposed area, and no notes', () => {
    const o = observe({ width: W, height: H, grid: image, gridScale: 1, face: { mesh: syntheticMesh(), score: 0.99 }, mask });
    expect(o.face).not.toBeNull();
    expect(o.scale!.source).toBe('iris+ipd');
    // iris 13 px / 11.7 mm and IPD 76 px / 63 mm
    expect(o.scale!.pxPerMm).toBeGreaterThan(1.1);
    expect(o.scale!.pxPerMm).toBeLessThan(1.22);
    expect(o.outline).not.toBeNull();
    expect(o.classes!.data.length).toBe(W * H);
    expect(o.proposedArea!.length).toBeGreaterThan(0);
    expect(o.notes).toEqual([]);
  });

  it('no face (a back or top view): the ruler note, no scale, still an outline and classes — and no throw', () => {
    const o = observe({ width: W, height: H, grid: image, gridScale: 1, face: null, mask });
    expect(o.face).toBeNull();
    expect(o.scale).toBeNull();
    expect(o.notes).toContain(NOTES.noFace);
    expect(o.outline).not.toBeNull();
    expect(o.classes).not.toBeNull();
  });

  it('no person mask: says so and leaves outline, classes and area empty', () => {
    const o = observe({ width: W, height: H, grid: image, gridScale: 1, face: null, mask: null });
    expect(o.notes).toEqual([NOTES.noFace, NOTES.noMask]);
    expect([o.outline, o.classes, o.proposedArea, o.personMask]).toEqual([null, null, null, null]);
  });
});
