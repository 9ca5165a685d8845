// The 3D view's picture of the head, without a photo: the fitted ellipsoid (model.ts) seen through a virtual
// camera (head/virtual-camera.ts), shaded in linear light, as the background the dots ink into. Pure: typed
// arrays out, no DOM.
//  - The cranium in the client's skin tone (skinTone: the bare scalp's own colour where the photo shows it, else
//    the face's), lit by an overhead key light fixed to the head (a lamp above and a little in front), a fill from
//    the camera and a faint sheen, so the scalp reads as a surface when orbited.
//  - The face below the brows (with a plain nose), the ears and the neck in a neutral tone (the skin's lightness
//    with little of its colour):
//    a recognisable head that does not pretend to be a face scan.
//  - With it, the look raster the renderer's photo look reads (photo-look.ts LookMap): R where ink may go (the
//    cranium above its floor, not the face), G no hair (the head is shaved), B the harsh overhead light (n·up)⁴.
// The silhouette is anti-aliased from the ray's distance to the ellipsoid.
import { type HeadFit, headToCameraMatrix } from '../head/model.js';
import { PIXEL_CLASS, type Raster } from '../head/observation.js';
import type { LookMap, Rgba } from './photo-look.js';

/** A plain light skin tone (sRGB 0–255) for a head with no photo. */
export const NEUTRAL_SKIN: readonly [number, number, number] = [214, 178, 152];
/** The studio's stage colour behind the head (sRGB 0–255; the renderer's clear colour). */
export const HEAD_BACKDROP: readonly [number, number, number] = [0x20, 0x22, 0x26];

/** Options of shadeHead. */
export interface HeadShadeOptions {
  /** The scalp's colour, sRGB 0–255 (default NEUTRAL_SKIN). */
  skin?: readonly [number, number, number];
  /** Behind the head, sRGB 0–255 (default HEAD_BACKDROP). */
  backdrop?: readonly [number, number, number];
}

/** The shaded picture (RGBA, the fit's width × height) and its look raster (scale 1). */
export interface ShadedHead {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  look: LookMap;
}

const lin = (c: number): number => {
  const x = c / 255;
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
};
const enc = (c: number): number => {
  const x = c <= 0 ? 0 : c >= 1 ? 1 : c;
  return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);
};
const smooth = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** The key light's direction in the head frame: above, a little in front and to the subject's left. */
const KEY = (() => {
  const v = [0.3, 1, 0.45];
  const n = Math.hypot(v[0]!, v[1]!, v[2]!);
  return v.map((x) => x / n) as [number, number, number];
})();

/** Head-frame height of the brows, mm (the front pole is the glabella, between them). */
const BROW_Y = 4;

/**
 * The head of `fit` shaded as a picture (see the header). Checks the skin and backdrop colours (three numbers
 * 0–255 each) and throws a RangeError naming the field.
 */
export function shadeHead(fit: HeadFit, options: HeadShadeOptions = {}): ShadedHead {
  const skin = options.skin ?? NEUTRAL_SKIN;
  const back = options.backdrop ?? HEAD_BACKDROP;
  for (const [name, c] of [['skin', skin], ['backdrop', back]] as const)
    if (!(c.length === 3 && c.every((v) => Number.isFinite(v) && v >= 0 && v <= 255)))
      throw new RangeError(`shadeHead: ${name} must be three sRGB values 0–255, got ${JSON.stringify(c)}`);
  const { width: W, height: H } = fit;
  if (!(Number.isInteger(W) && W > 0 && Number.isInteger(H) && H > 0)) throw new RangeError(`shadeHead: fit width × height must be positive integers, got ${W} × ${H}`);
  if (fit.focalPx === Infinity) throw new RangeError('shadeHead: the virtual camera is a pinhole (fit.focalPx must be finite)');
  const rgba = new Uint8ClampedArray(4 * W * H);
  const look = new Uint8Array(4 * W * H);
  const S = [lin(skin[0]), lin(skin[1]), lin(skin[2])];
  // neutral: the skin's own luminance with a little of its warmth (a clay bust, not a face)
  const Y = 0.2126 * S[0]! + 0.7152 * S[1]! + 0.0722 * S[2]!;
  const N = [0, 1, 2].map((ch) => Y + 0.25 * (S[ch]! - Y));
  const B = [lin(back[0]), lin(back[1]), lin(back[2])];
  const M = headToCameraMatrix(fit);
  const { a, b, c } = fit.radii;
  const T = fit.centre;
  const f = fit.focalPx;
  const [px0, py0] = fit.principal;
  // the camera (origin of every ray) in the head frame: −Mᵀ T
  const ox = -(M[0] * T[0] + M[3] * T[1] + M[6] * T[2]);
  const oy = -(M[1] * T[0] + M[4] * T[1] + M[7] * T[2]);
  const oz = -(M[2] * T[0] + M[5] * T[1] + M[8] * T[2]);
  // px across the head's mean radius (for the silhouette's anti-aliasing)
  const headPx = ((a + b + c) / 3) * (f / Math.hypot(T[0], T[1], T[2]));
  // ears: half-sunk ellipsoids at the sides, from about the brows to the nose's base
  const ear = { y: -24, z: -8, rx: 11, ry: 30, rz: 17 };
  const earX = a * Math.sqrt(Math.max(0, 1 - (ear.y / b) ** 2 - (ear.z / c) ** 2)) - 3;
  // nose: a neutral wedge-ish ellipsoid on the face's midline, from the glabella's level to its base
  const nose = { y: -30, z: c - 6, rx: 11, ry: 27, rz: 17 };
  // neck: an upright elliptic cylinder under the skull, a little behind the centre
  const neck = { z: -0.2 * c, rx: 0.68 * a, rz: 0.6 * c, top: -0.45 * b };
  const col = [0, 0, 0];
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      // the ray through the pixel's centre, head frame (not normalised)
      const cx = (i + 0.5 - px0) / f, cy = (j + 0.5 - py0) / f;
      const dx = M[0] * cx + M[3] * cy + M[6], dy = M[1] * cx + M[4] * cy + M[7], dz = M[2] * cx + M[5] * cy + M[8];
      let tBest = Infinity;
      let kind = 0; // 0 none, 1 cranium, 2 ear, 3 neck
      let nx = 0, ny = 0, nz = 0;
      let cover = 0;
      // cranium, in unit-sphere coordinates
      {
        const qx = ox / a, qy = oy / b, qz = oz / c, ex = dx / a, ey = dy / b, ez = dz / c;
        const A = ex * ex + ey * ey + ez * ez, Bq = 2 * (qx * ex + qy * ey + qz * ez), C = qx * qx + qy * qy + qz * qz - 1;
        // the ray's closest approach to the centre, in radii: 1 on the silhouette
        const m = Math.sqrt(Math.max(0, C + 1 - (Bq * Bq) / (4 * A)));
        cover = Math.min(1, Math.max(0, (1 - m) * headPx + 0.5));
        if (cover > 0) {
          const disc = Math.max(0, Bq * Bq - 4 * A * C);
          const t = (-Bq - Math.sqrt(disc)) / (2 * A);
          if (t > 0) {
            tBest = t;
            kind = 1;
          }
        }
      }
      for (const part of [-1, 1, 0]) {
        // the ears (part ±1) and the nose (0)
        const e = part === 0 ? nose : ear;
        const qx = (ox - (part === 0 ? 0 : part * earX)) / e.rx, qy = (oy - e.y) / e.ry, qz = (oz - e.z) / e.rz;
        const ex = dx / e.rx, ey = dy / e.ry, ez = dz / e.rz;
        const A = ex * ex + ey * ey + ez * ez, Bq = 2 * (qx * ex + qy * ey + qz * ez), C = qx * qx + qy * qy + qz * qz - 1;
        const disc = Bq * Bq - 4 * A * C;
        if (disc < 0) continue;
        const t = (-Bq - Math.sqrt(disc)) / (2 * A);
        if (t > 0 && t < tBest) {
          tBest = t;
          kind = 2;
          nx = (qx + t * ex) / e.rx;
          ny = (qy + t * ey) / e.ry;
          nz = (qz + t * ez) / e.rz;
        }
      }
      {
        const qx = ox / neck.rx, qz = (oz - neck.z) / neck.rz, ex = dx / neck.rx, ez = dz / neck.rz;
        const A = ex * ex + ez * ez, Bq = 2 * (qx * ex + qz * ez), C = qx * qx + qz * qz - 1;
        const disc = Bq * Bq - 4 * A * C;
        if (disc >= 0 && A > 1e-12) {
          const t = (-Bq - Math.sqrt(disc)) / (2 * A);
          const y = oy + t * dy;
          if (t > 0 && t < tBest && y < neck.top) {
            tBest = t;
            kind = 3;
            nx = (qx + t * ex) / neck.rx;
            ny = 0;
            nz = (qz + t * ez) / neck.rz;
          }
        }
      }
      const k = 4 * (j * W + i);
      let alpha = 0;
      let ink = 0;
      let light = 0;
      if (kind !== 0) {
        const hx = ox + tBest * dx, hy = oy + tBest * dy, hz = oz + tBest * dz;
        let neutral = 1;
        if (kind === 1) {
          nx = hx / (a * a);
          ny = hy / (b * b);
          nz = hz / (c * c);
          // the face: in front, below the brows (soft edges, a few mm)
          neutral = smooth(BROW_Y + 6, BROW_Y - 6, hy) * smooth(0.2 * c, 0.5 * c, hz);
          alpha = cover;
        } else alpha = 1;
        const nl = Math.hypot(nx, ny, nz) || 1;
        nx /= nl;
        ny /= nl;
        nz /= nl;
        const vl = Math.hypot(dx, dy, dz);
        const vx = -dx / vl, vy = -dy / vl, vz = -dz / vl;
        const key = Math.max(0, nx * KEY[0] + ny * KEY[1] + nz * KEY[2]);
        const fill = Math.max(0, nx * vx + ny * vy + nz * vz);
        // a sky above, the floor's bounce below
        const amb = 0.1 + 0.1 * (0.5 + 0.5 * ny);
        // the neck sits in the jaw's shadow
        const shade = kind === 3 ? 0.6 : 1;
        const diffuse = shade * (amb + 0.85 * key + 0.22 * fill);
        // Blinn–Phong sheen of the key light (bare skin is a little glossy)
        const hxv = KEY[0] + vx, hyv = KEY[1] + vy, hzv = KEY[2] + vz;
        const hl = Math.hypot(hxv, hyv, hzv) || 1;
        const spec = kind === 1 ? 0.06 * Math.max(0, (nx * hxv + ny * hyv + nz * hzv) / hl) ** 40 * (key > 0 ? 1 : 0) : 0;
        for (let ch = 0; ch < 3; ch++) col[ch] = (S[ch]! + (N[ch]! - S[ch]!) * neutral) * diffuse + spec;
        if (kind === 1 && hy >= fit.floorY) {
          ink = (1 - neutral) * cover;
          // the harsh overhead lamp straight above the head, faded at the silhouette
          light = ny > 0 ? ny ** 4 * cover : 0;
        }
      }
      for (let ch = 0; ch < 3; ch++) rgba[k + ch] = enc(B[ch]! + (col[ch]! - B[ch]!) * alpha);
      rgba[k + 3] = 255;
      look[k] = Math.round(255 * ink);
      look[k + 1] = 0;
      look[k + 2] = Math.round(255 * light);
      look[k + 3] = 255;
    }
  return { width: W, height: H, rgba, look: { width: W, height: H, scale: 1, data: look } };
}

/**
 * The client's skin colour from a photo (sRGB 0–255): the mean, in linear light, of the bare scalp's pixels
 * (the `classes` raster's scalp class) when at least `minCells` show, else of the face's; null when neither does.
 */
export function skinTone(img: Rgba, classes: Raster, minCells = 50): [number, number, number] | null {
  const sums = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (let j = 0; j < classes.height; j++)
    for (let i = 0; i < classes.width; i++) {
      const cls = classes.data[j * classes.width + i];
      const which = cls === PIXEL_CLASS.scalp ? 0 : cls === PIXEL_CLASS.face ? 1 : -1;
      if (which < 0) continue;
      const x = Math.min(img.width - 1, Math.floor((i + 0.5) * classes.scale));
      const y = Math.min(img.height - 1, Math.floor((j + 0.5) * classes.scale));
      const k = 4 * (y * img.width + x);
      const s = sums[which]!;
      for (let ch = 0; ch < 3; ch++) s[ch]! += lin(img.data[k + ch]!);
      s[3]!++;
    }
  const use = sums[0]![3]! >= minCells ? sums[0]! : sums[1]![3]! >= minCells ? sums[1]! : null;
  if (!use) return null;
  return [0, 1, 2].map((ch) => Math.round(enc(use[ch]! / use[3]!))) as [number, number, number];
}
