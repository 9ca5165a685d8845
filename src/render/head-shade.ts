// The 3D view's picture of the head, without a photo: the fitted ellipsoid (model.ts) seen through a virtual
// camera (head/virtual-camera.ts), shaded in linear light, as the background the dots ink into. Pure: typed
// arrays out, no DOM.
//  - The cranium in the client's skin tone (skinTone: the bare scalp's own colour where the photo shows it, else
//    the face's), lit by an overhead key light fixed to the head (a lamp above and a little in front), a fill from
//    the camera, a faint sheen and a fine grain fixed to the skin, so the scalp reads as a surface when orbited.
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
/** Linear light → sRGB byte, through a table (4096 steps over 0–1). */
const ENC = new Uint8Array(4097).map((_, i) => {
  const x = i / 4096;
  return Math.round(255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055));
});
const enc = (c: number): number => ENC[c <= 0 ? 0 : c >= 1 ? 4096 : (c * 4096 + 0.5) | 0]!;
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

/** The ears: half-sunk ellipsoids at the sides, from about the brows to the nose's base (centre y, z and radii, mm). */
const EAR = { y: -24, z: -8, rx: 11, ry: 30, rz: 17 } as const;
/** The nose: an ellipsoid on the face's midline below the glabella (centre y, depth from the front pole, radii, mm). */
const NOSE = { y: -30, dz: -6, rx: 11, ry: 27, rz: 17 } as const;

/** The first hit (ray parameter) of the ray o + t·d with the axis-aligned ellipsoid at (x, y, z) with radii (rx, ry, rz); Infinity on a miss or behind. */
function ellipsoidHit(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, x: number, y: number, z: number, rx: number, ry: number, rz: number): number {
  const qx = (ox - x) / rx, qy = (oy - y) / ry, qz = (oz - z) / rz;
  const ex = dx / rx, ey = dy / ry, ez = dz / rz;
  const A = ex * ex + ey * ey + ez * ez, B = 2 * (qx * ex + qy * ey + qz * ez), C = qx * qx + qy * qy + qz * qz - 1;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return Infinity;
  const t = (-B - Math.sqrt(disc)) / (2 * A);
  return t > 0 ? t : Infinity;
}

/** A hash of the head-frame point's half-millimetre cell, 0–1 (deterministic). */
function cellNoise(x: number, y: number, z: number): number {
  let h = Math.imul((2 * x) | 0, 0x27d4eb2d) ^ Math.imul((2 * y) | 0, 0x165667b1) ^ Math.imul((2 * z) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

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
  const N = [0, 1, 2].map((ch) => Y + 0.45 * (S[ch]! - Y));
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
  const headPx = ((a + b + c) / 3) * (f / Math.sqrt(T[0] * T[0] + T[1] * T[1] + T[2] * T[2]));
  const earX = a * Math.sqrt(Math.max(0, 1 - (EAR.y / b) ** 2 - (EAR.z / c) ** 2)) - 3;
  // neck: an upright elliptic cylinder under the skull, a little behind the centre
  const neck = { z: -0.2 * c, rx: 0.68 * a, rz: 0.6 * c, top: -0.45 * b };
  const neckBottom = -b - 110;
  // everything drawn lies within Rb of the centre: rays that miss that sphere are backdrop
  const Rb = Math.sqrt(Math.max(a, c) ** 2 + (-neckBottom) ** 2);
  const Rb2 = Rb * Rb;
  const o2 = ox * ox + oy * oy + oz * oz;
  const back0 = enc(B[0]!), back1 = enc(B[1]!), back2 = enc(B[2]!);
  const floorY = fit.floorY;
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const k = 4 * (j * W + i);
      // the ray through the pixel's centre, head frame (not normalised)
      const cx = (i + 0.5 - px0) / f, cy = (j + 0.5 - py0) / f;
      const dx = M[0] * cx + M[3] * cy + M[6], dy = M[1] * cx + M[4] * cy + M[7], dz = M[2] * cx + M[5] * cy + M[8];
      const d2 = dx * dx + dy * dy + dz * dz;
      const od = ox * dx + oy * dy + oz * dz;
      look[k + 3] = 255;
      rgba[k + 3] = 255;
      if (o2 - (od * od) / d2 > Rb2) {
        rgba[k] = back0;
        rgba[k + 1] = back1;
        rgba[k + 2] = back2;
        continue;
      }
      let tBest = Infinity;
      let kind = 0; // 0 none, 1 cranium, 2 left ear, 3 right ear, 4 nose, 5 neck
      let cover = 0;
      // cranium, in unit-sphere coordinates
      {
        const qx = ox / a, qy = oy / b, qz = oz / c, ex = dx / a, ey = dy / b, ez = dz / c;
        const A = ex * ex + ey * ey + ez * ez, Bq = 2 * (qx * ex + qy * ey + qz * ez), C = qx * qx + qy * qy + qz * qz - 1;
        // the ray's closest approach to the centre, in radii: 1 on the silhouette
        const m = Math.sqrt(Math.max(0, C + 1 - (Bq * Bq) / (4 * A)));
        cover = Math.min(1, Math.max(0, (1 - m) * headPx + 0.5));
        if (cover > 0) {
          const t = (-Bq - Math.sqrt(Math.max(0, Bq * Bq - 4 * A * C))) / (2 * A);
          if (t > 0) {
            tBest = t;
            kind = 1;
          }
        }
      }
      let t = ellipsoidHit(ox, oy, oz, dx, dy, dz, earX, EAR.y, EAR.z, EAR.rx, EAR.ry, EAR.rz);
      if (t < tBest) {
        tBest = t;
        kind = 2;
      }
      t = ellipsoidHit(ox, oy, oz, dx, dy, dz, -earX, EAR.y, EAR.z, EAR.rx, EAR.ry, EAR.rz);
      if (t < tBest) {
        tBest = t;
        kind = 3;
      }
      t = ellipsoidHit(ox, oy, oz, dx, dy, dz, 0, NOSE.y, c + NOSE.dz, NOSE.rx, NOSE.ry, NOSE.rz);
      if (t < tBest) {
        tBest = t;
        kind = 4;
      }
      {
        const qx = ox / neck.rx, qz = (oz - neck.z) / neck.rz, ex = dx / neck.rx, ez = dz / neck.rz;
        const A = ex * ex + ez * ez, Bq = 2 * (qx * ex + qz * ez), C = qx * qx + qz * qz - 1;
        const disc = Bq * Bq - 4 * A * C;
        if (disc >= 0 && A > 1e-12) {
          const tn = (-Bq - Math.sqrt(disc)) / (2 * A);
          const y = oy + tn * dy;
          if (tn > 0 && tn < tBest && y < neck.top && y > neckBottom) {
            tBest = tn;
            kind = 5;
          }
        }
      }
      if (kind === 0) {
        rgba[k] = back0;
        rgba[k + 1] = back1;
        rgba[k + 2] = back2;
        continue;
      }
      const hx = ox + tBest * dx, hy = oy + tBest * dy, hz = oz + tBest * dz;
      let nx: number, ny: number, nz: number;
      let neutral = 1;
      let alpha = 1;
      if (kind === 1) {
        nx = hx / (a * a);
        ny = hy / (b * b);
        nz = hz / (c * c);
        // the face: in front, below the brows (soft edges, a few mm)
        neutral = smooth(BROW_Y + 8, BROW_Y - 8, hy) * smooth(0.2 * c, 0.5 * c, hz);
        alpha = cover;
      } else if (kind === 2 || kind === 3) {
        nx = (hx - (kind === 2 ? earX : -earX)) / (EAR.rx * EAR.rx);
        ny = (hy - EAR.y) / (EAR.ry * EAR.ry);
        nz = (hz - EAR.z) / (EAR.rz * EAR.rz);
      } else if (kind === 4) {
        nx = hx / (NOSE.rx * NOSE.rx);
        ny = (hy - NOSE.y) / (NOSE.ry * NOSE.ry);
        nz = (hz - c - NOSE.dz) / (NOSE.rz * NOSE.rz);
      } else {
        nx = hx / (neck.rx * neck.rx);
        ny = 0;
        nz = (hz - neck.z) / (neck.rz * neck.rz);
      }
      const nl = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
      nx /= nl;
      ny /= nl;
      nz /= nl;
      const vl = Math.sqrt(d2);
      const vx = -dx / vl, vy = -dy / vl, vz = -dz / vl;
      const key = Math.max(0, nx * KEY[0] + ny * KEY[1] + nz * KEY[2]);
      const fill = Math.max(0, nx * vx + ny * vy + nz * vz);
      // a sky above, the floor's bounce below
      const amb = 0.1 + 0.1 * (0.5 + 0.5 * ny);
      // the neck sits in the jaw's shadow
      const shade = kind === 5 ? 0.6 : 1;
      // the skin's fine grain: ±3 % per half-millimetre cell of the head (stays on the head as it turns)
      const grain = 1 + 0.03 * (cellNoise(hx, hy, hz) - 0.5) * 2;
      const diffuse = shade * grain * (amb + 0.85 * key + 0.22 * fill);
      // Blinn–Phong sheen of the key light (bare skin is a little glossy)
      let spec = 0;
      if (kind === 1 && key > 0) {
        const hxv = KEY[0] + vx, hyv = KEY[1] + vy, hzv = KEY[2] + vz;
        const nh = Math.max(0, (nx * hxv + ny * hyv + nz * hzv) / (Math.sqrt(hxv * hxv + hyv * hyv + hzv * hzv) || 1));
        const n2 = nh * nh, n4 = n2 * n2, n8 = n4 * n4, n16 = n8 * n8, n32 = n16 * n16;
        spec = 0.06 * n32 * n8;
      }
      rgba[k] = enc(B[0]! + ((S[0]! + (N[0]! - S[0]!) * neutral) * diffuse + spec - B[0]!) * alpha);
      rgba[k + 1] = enc(B[1]! + ((S[1]! + (N[1]! - S[1]!) * neutral) * diffuse + spec - B[1]!) * alpha);
      rgba[k + 2] = enc(B[2]! + ((S[2]! + (N[2]! - S[2]!) * neutral) * diffuse + spec - B[2]!) * alpha);
      if (kind === 1 && hy >= floorY) {
        look[k] = Math.round(255 * (1 - neutral) * cover);
        // the harsh overhead lamp straight above the head, faded at the silhouette
        look[k + 2] = ny > 0 ? Math.round(255 * ny * ny * ny * ny * cover) : 0;
      }
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
