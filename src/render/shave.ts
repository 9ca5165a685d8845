// The shaved look's base picture: the client's remaining hair on the head drawn as a buzz cut. SMP clients keep
// their hair buzzed, so in the shaved effect the hair-bearing scalp shows skin (the dots then give it the tone of
// stubble, drawn by the renderer over this base). Pure (typed arrays in, an RGBA patch out; no DOM), so it runs
// in node, a worker or the page. Depends on the photo and the fitted head only, not on the plan or the day.
//
//  - Skin: what the client's own visible skin (forehead, bald scalp) says, in linear light: an albedo (its mean
//    colour) times a shading that is linear in the fitted ellipsoid's surface normal n, Y = k0 + k · n (the first
//    four spherical-harmonic terms of a diffuse surface under any distant light; Ramamoorthi & Hanrahan 2001),
//    fitted by least squares, then a low-frequency ratio field that carries the skin's own local tone into the
//    hair next to it (so the hairline joins without a seam) and decays to the model away from it; plus grain
//    whose strength matches the skin's own fine texture (no plastic patch).
//  - Hair past the fitted skull's outline (volume) is replaced by the background around it (a push–pull fill of
//    the background ring, with the background's own grain), so the head's silhouette becomes the skull's.
//  - Only hair on the head: above the fitted head's floor (about the ear tops, feathered), not below the brow
//    line; beards, ears and the face stay. Every pixel the shave does not touch keeps its exact bytes.
import { boxMean } from '../head/image.js';
import { type HeadFit, centrePxPerMm, headToCameraMatrix, outlineConic, outlineSupport } from '../head/model.js';
import { PIXEL_CLASS, type Raster } from '../head/observation.js';
import type { Rgba } from './photo-look.js';

/** Options of shaveHead. */
export interface ShaveOptions {
  /** Person mask (255 = person): the background fill reads only cells off the person. Default: the classes' background. */
  personMask?: Raster | null;
  /** The photo's blur σ, px (photo-look.ts estimateBlurSigma): the skull's edge and the grain get it. Default 0.8. */
  blurPx?: number;
  /** Seed of the grain (same seed, same bytes). Default 1. */
  seed?: number;
  /**
   * The buzz cut's stubble over the shaved hair: its mean linear transmission per channel (e.g. stubbleShade of the
   * client's stubble ink), drawn as a fine stipple so the shaved sides read as stubble, not as bald skin. Default
   * none (clean skin).
   */
  stubble?: readonly [number, number, number] | null;
}

/** The shaved base: an RGBA patch of the photo at full resolution, to be drawn at photo px (x, y) over the photo. */
export interface ShavedBase {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
  /** Pixels the shave changed. */
  changed: number;
  /**
   * The skin model in linear light (null when too little skin shows to read one; then nothing is changed):
   * albedo per channel (the chromaticity, times the shading), shading Y = k0 + k · n (camera-frame unit normal),
   * clamped to [yMin, yMax]; grain: the skin's relative fine-texture σ.
   */
  skin: { albedo: [number, number, number]; k: [number, number, number, number]; yMin: number; yMax: number; grain: number; cells: number } | null;
}

/** Tuning of the shave (our choices, checked on the shared portraits). */
export const SHAVE = {
  /** The hair mask is grown by this many classes cells before it is softened (the whole strand edge goes). */
  growCells: 1,
  /** Past the skull, the hair is grown by this much more over what is not skin (flyaway strands go with it), mm. */
  strayMm: 2,
  /** Gaps in the hair narrower than this (bright strands read as skin) are closed, mm. */
  closeMm: 4,
  /** Feather of the shaved area's floor (the head's floor, about the ear tops), mm. */
  floorFadeMm: 10,
  /** Feather of the brow-line gate, mm. */
  browFadeMm: 6,
  /** σ of the ratio field that carries the skin's local tone into the hair, mm. */
  toneSigmaMm: 6,
  /** Weight floor of that field: where the skin around carries less than this, the tone decays to the model's. */
  toneLambda: 0.15,
  /** Fewest skin cells to read a skin model from. */
  minSkinCells: 30,
  /** Skin cells whose luminance misses the model by more than this many robust σ are dropped before the refit. */
  trimSigma: 2.5,
  /** The shading may not go below / above these multiples of the skin's 5th / 95th luminance percentile. */
  shadeFloor: 0.6,
  shadeCeiling: 1.1,
  /**
   * The skull lies at least this far inside the person's outline (the hair's outer edge): where the fitted
   * ellipsoid is wider than the head the photo shows, the shaved skin stops here, not past it (ours: short hair).
   */
  hairDepthMm: 2,
  /** That outline is smoothed over about this much (three box passes of this radius), mm. */
  silhouetteSmoothMm: 4,
  /** The stubble's per-pixel variation, share of its darkening (a fine stipple, not a flat tint): ours. */
  stubbleGrain: 0.35,
} as const;

const SRGB_TO_LIN = Float32Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
const LUT_N = 4096;
const LIN_TO_SRGB = Uint8Array.from({ length: LUT_N + 1 }, (_, i) => {
  const c = i / LUT_N;
  return Math.round(255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055));
});
const toSrgb = (v: number): number => LIN_TO_SRGB[v <= 0 ? 0 : v >= 1 ? LUT_N : Math.round(v * LUT_N)]!;

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
const smooth = (v: number): number => {
  const t = clamp01(v);
  return t * t * (3 - 2 * t);
};

/** A hash of two integers and a seed to [−0.5, 0.5) (deterministic grain). */
function hashNoise(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(seed, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296 - 0.5;
}

/** Three box passes of radius r (≈ a Gaussian of σ ≈ √(r(r+1))). */
function blur3(v: Float32Array, w: number, h: number, r: number): Float32Array {
  if (r < 1) return v;
  return boxMean(boxMean(boxMean(v, w, h, r), w, h, r), w, h, r);
}

/** Cells within r (Chebyshev) of a set cell. */
function dilate(v: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r < 1) return v;
  const m = boxMean(v, w, h, r);
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i]! > 1e-6 ? 1 : 0;
  return out;
}

/** Cells whose whole (2r+1)² window is set. */
function erode(v: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r < 1) return v;
  const m = boxMean(v, w, h, r);
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i]! > 1 - 1e-6 ? 1 : 0;
  return out;
}

/** Distance of each cell to the nearest unset cell of v, in cells (3-4 chamfer; far where none is unset). */
function chamfer(v: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  const far = 3 * (w + h);
  for (let k = 0; k < d.length; k++) d[k] = v[k] ? far : 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const k = y * w + x;
      if (!d[k]) continue;
      if (x > 0) d[k] = Math.min(d[k]!, d[k - 1]! + 3);
      if (y > 0) {
        d[k] = Math.min(d[k]!, d[k - w]! + 3);
        if (x > 0) d[k] = Math.min(d[k]!, d[k - w - 1]! + 4);
        if (x < w - 1) d[k] = Math.min(d[k]!, d[k - w + 1]! + 4);
      }
    }
  for (let y = h - 1; y >= 0; y--)
    for (let x = w - 1; x >= 0; x--) {
      const k = y * w + x;
      if (!d[k]) continue;
      if (x < w - 1) d[k] = Math.min(d[k]!, d[k + 1]! + 3);
      if (y < h - 1) {
        d[k] = Math.min(d[k]!, d[k + w]! + 3);
        if (x < w - 1) d[k] = Math.min(d[k]!, d[k + w + 1]! + 4);
        if (x > 0) d[k] = Math.min(d[k]!, d[k + w - 1]! + 4);
      }
    }
  for (let k = 0; k < d.length; k++) d[k] = d[k]! / 3;
  return d;
}

/** Fills unknown cells (weight 0) of a w × h multi-channel field by push–pull: weighted means from coarser levels. */
function pushPull(val: Float32Array, wt: Float32Array, w: number, h: number, ch: number): Float32Array {
  if (w <= 1 && h <= 1) {
    const out = new Float32Array(ch);
    for (let c = 0; c < ch; c++) out[c] = wt[0]! > 0 ? val[c]! / wt[0]! : 0;
    return out;
  }
  // val holds weight × value (premultiplied), wt the weight
  const w2 = Math.ceil(w / 2), h2 = Math.ceil(h / 2);
  const v2 = new Float32Array(w2 * h2 * ch), t2 = new Float32Array(w2 * h2);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x, j = (y >> 1) * w2 + (x >> 1);
      t2[j]! += wt[i]!;
      for (let c = 0; c < ch; c++) v2[ch * j + c]! += val[ch * i + c]!;
    }
  const coarse = pushPull(v2, t2, w2, h2, ch);
  const out = new Float32Array(w * h * ch);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = Math.min(1, wt[i]!);
      for (let c = 0; c < ch; c++) {
        const own = wt[i]! > 0 ? val[ch * i + c]! / wt[i]! : 0;
        // the coarse level at this cell's centre (cell centres at k + 0.5 on both levels)
        out[ch * i + c] = a * own + (1 - a) * bilinear(coarse, w2, h2, ch, c, (x + 0.5) / 2, (y + 0.5) / 2);
      }
    }
  return out;
}

/** Bilinear sample of channel c of a w × h × ch field at cell coordinates (gx, gy) (cell centres at k + 0.5). */
function bilinear(f: Float32Array, w: number, h: number, ch: number, c: number, gx: number, gy: number): number {
  let x = gx - 0.5, y = gy - 0.5;
  x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
  const fx = x - x0, fy = y - y0;
  const a = f[ch * (y0 * w + x0) + c]!, b = f[ch * (y0 * w + x1) + c]!;
  const d = f[ch * (y1 * w + x0) + c]!, e = f[ch * (y1 * w + x1) + c]!;
  return (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
}

/** Solves the 4 × 4 system A x = b (row-major A) by Gaussian elimination with partial pivoting; null if singular. */
function solve4(A: Float64Array, b: Float64Array): Float64Array | null {
  const m = Float64Array.from(A), x = Float64Array.from(b);
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(m[4 * r + c]!) > Math.abs(m[4 * p + c]!)) p = r;
    if (Math.abs(m[4 * p + c]!) < 1e-12) return null;
    if (p !== c) {
      for (let k = 0; k < 4; k++) [m[4 * c + k], m[4 * p + k]] = [m[4 * p + k]!, m[4 * c + k]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    for (let r = c + 1; r < 4; r++) {
      const f = m[4 * r + c]! / m[4 * c + c]!;
      for (let k = c; k < 4; k++) m[4 * r + k]! -= f * m[4 * c + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = 3; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < 4; k++) s -= m[4 * c + k]! * x[k]!;
    x[c] = s / m[4 * c + c]!;
  }
  return x;
}

/** The ray–ellipsoid geometry of the fitted head, per photo px. */
interface HeadRays {
  /** Writes into out: [hit (1/0), head-frame y (mm) of the hit or of the closest approach, nx, ny, nz (camera frame, unit)]. */
  at(u: number, v: number, out: Float64Array): void;
}

function headRays(fit: HeadFit): HeadRays {
  const M = headToCameraMatrix(fit);
  const r = [fit.radii.a, fit.radii.b, fit.radii.c];
  const T = fit.centre;
  const ortho = fit.focalPx === Infinity;
  const [px, py] = fit.principal;
  // the head-frame ray: origin and direction (Mᵀ: M is orthonormal), each divided by the radii
  const [M0, M1, M2, M3, M4, M5, M6, M7, M8] = M;
  const ra = r[0]!, rb = r[1]!, rc = r[2]!;
  return {
    at(u, v, out) {
      const o0 = ortho ? (u - px) / fit.orthoPxPerMm : 0, o1 = ortho ? (v - py) / fit.orthoPxPerMm : 0;
      const d0 = ortho ? 0 : (u - px) / fit.focalPx, d1 = ortho ? 0 : (v - py) / fit.focalPx, d2 = 1;
      const oc0 = o0 - T[0], oc1 = o1 - T[1], oc2 = -T[2];
      const ohx = M0 * oc0 + M3 * oc1 + M6 * oc2, ohy = M1 * oc0 + M4 * oc1 + M7 * oc2, ohz = M2 * oc0 + M5 * oc1 + M8 * oc2;
      const dhx = M0 * d0 + M3 * d1 + M6 * d2, dhy = M1 * d0 + M4 * d1 + M7 * d2, dhz = M2 * d0 + M5 * d1 + M8 * d2;
      const osx = ohx / ra, osy = ohy / rb, osz = ohz / rc, dsx = dhx / ra, dsy = dhy / rb, dsz = dhz / rc;
      const A = dsx * dsx + dsy * dsy + dsz * dsz;
      const B = 2 * (osx * dsx + osy * dsy + osz * dsz);
      const C = osx * osx + osy * osy + osz * osz - 1;
      const disc = B * B - 4 * A * C;
      const t = (-B - Math.sqrt(disc > 0 ? disc : 0)) / (2 * A);
      const hx = ohx + t * dhx, hy = ohy + t * dhy, hz = ohz + t * dhz;
      const gx = hx / (ra * ra), gy = hy / (rb * rb), gz = hz / (rc * rc);
      const nx = M0 * gx + M1 * gy + M2 * gz, ny = M3 * gx + M4 * gy + M5 * gz, nz = M6 * gx + M7 * gy + M8 * gz;
      const len = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
      out[0] = disc >= 0 ? 1 : 0;
      out[1] = hy;
      out[2] = nx / len;
      out[3] = ny / len;
      out[4] = nz / len;
    },
  };
}

/** The skull's outline as a point conic q(u, v) (negative inside) and its signed distance, px (positive inside). */
function outlineDistance(fit: HeadFit): (u: number, v: number) => number {
  const D = outlineConic(fit);
  // the point conic is the dual's inverse (up to scale): its adjugate
  const [a, b, c, d, e, f, g, h, i] = D as [number, number, number, number, number, number, number, number, number];
  const C = [e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d];
  const q = (u: number, v: number): number =>
    C[0]! * u * u + (C[1]! + C[3]!) * u * v + C[4]! * v * v + (C[2]! + C[6]!) * u + (C[5]! + C[7]!) * v + C[8]!;
  // the sign q takes inside: at the midpoint of the outline's top and bottom points
  const top = outlineSupport(fit, 0, -1, D).at;
  const bottom = outlineSupport(fit, 0, 1, D).at;
  const sign = q(0.5 * (top[0] + bottom[0]), 0.5 * (top[1] + bottom[1])) < 0 ? -1 : 1;
  return (u, v) => {
    const gu = 2 * C[0]! * u + (C[1]! + C[3]!) * v + C[2]! + C[6]!;
    const gv = 2 * C[4]! * v + (C[1]! + C[3]!) * u + C[5]! + C[7]!;
    return (sign * q(u, v)) / (Math.hypot(gu, gv) || 1);
  };
}

/**
 * The shaved base of a photo (see the header): hair on the fitted head replaced by the client's own skin, hair
 * past the skull's outline by the background, every other pixel unchanged; an RGBA patch at the photo's full
 * resolution covering the head. `classes` is the observation's per-cell classes raster (PIXEL_CLASS). Same input,
 * same bytes.
 */
export function shaveHead(photo: Rgba, fit: HeadFit, classes: Raster, options: ShaveOptions = {}): ShavedBase {
  const { width: W, height: H } = photo;
  if (!(Number.isInteger(W) && W > 0 && Number.isInteger(H) && H > 0 && photo.data.length >= 4 * W * H))
    throw new RangeError(`shaveHead: photo must be a positive integer size with 4 × width × height bytes, got ${W} × ${H} (${photo.data.length} bytes)`);
  if (fit.width !== W || fit.height !== H) throw new RangeError(`shaveHead: fit is for a ${fit.width} × ${fit.height} photo, the photo is ${W} × ${H}`);
  const s = classes.scale;
  if (!(s > 0 && classes.width * s >= W - s && classes.height * s >= H - s && classes.data.length >= classes.width * classes.height))
    throw new RangeError(`shaveHead: classes (${classes.width} × ${classes.height} cells of ${s} px) must cover the ${W} × ${H} photo`);
  const blurPx = options.blurPx ?? 0.8;
  if (!(blurPx > 0 && blurPx < 50)) throw new RangeError(`shaveHead: blurPx must be in (0, 50), got ${blurPx}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`shaveHead: seed must be an integer, got ${seed}`);
  const stubble = options.stubble ?? null;
  if (stubble && !(stubble.length === 3 && stubble.every((v) => v > 0 && v <= 1)))
    throw new RangeError(`shaveHead: stubble must be three transmissions in (0, 1], got ${String(stubble)}`);
  const mask = options.personMask ?? null;
  const pxPerMm = centrePxPerMm(fit);
  const rays = headRays(fit);
  const dist = outlineDistance(fit);
  const ray = new Float64Array(5);

  // ---------------------------------------------------------------- the working box: the skull and the hair
  const C = outlineConic(fit);
  const ext = [outlineSupport(fit, -1, 0, C).h, outlineSupport(fit, 0, -1, C).h, outlineSupport(fit, 1, 0, C).h, outlineSupport(fit, 0, 1, C).h];
  let bx0 = -ext[0]!, by0 = -ext[1]!, bx1 = ext[2]!, by1 = ext[3]!;
  const GW = classes.width, GH = classes.height;
  for (let j = 0; j < GH; j++)
    for (let i = 0; i < GW; i++)
      if (classes.data[j * GW + i] === PIXEL_CLASS.hair) {
        bx0 = Math.min(bx0, i * s);
        by0 = Math.min(by0, j * s);
        bx1 = Math.max(bx1, (i + 1) * s);
        by1 = Math.max(by1, (j + 1) * s);
      }
  const margin = 4 * s + 5 * pxPerMm;
  const cx0 = Math.max(0, Math.floor((bx0 - margin) / s)), cy0 = Math.max(0, Math.floor((by0 - margin) / s));
  const cx1 = Math.min(GW, Math.ceil((bx1 + margin) / s)), cy1 = Math.min(GH, Math.ceil((by1 + margin) / s));
  const gw = Math.max(0, cx1 - cx0), gh = Math.max(0, cy1 - cy0);
  const x0 = Math.min(W, Math.floor(cx0 * s)), y0 = Math.min(H, Math.floor(cy0 * s));
  const x1 = Math.min(W, Math.ceil(cx1 * s)), y1 = Math.min(H, Math.ceil(cy1 * s));
  const pw = Math.max(0, x1 - x0), ph = Math.max(0, y1 - y0);
  const data = new Uint8ClampedArray(4 * pw * ph);
  for (let y = 0; y < ph; y++) data.set(photo.data.subarray(4 * ((y0 + y) * W + x0), 4 * ((y0 + y) * W + x0 + pw)), 4 * y * pw);
  const unchanged: ShavedBase = { x: x0, y: y0, width: pw, height: ph, data, changed: 0, skin: null };
  if (gw === 0 || gh === 0) return unchanged;

  // ---------------------------------------------------------------- per cell: mean linear colour, class, geometry
  const gn = gw * gh;
  const mean = new Float32Array(3 * gn);
  const count = new Float32Array(gn);
  for (let y = y0; y < y1; y++) {
    const j = Math.min(gh - 1, Math.floor(y / s) - cy0);
    for (let x = x0; x < x1; x++) {
      const i = Math.min(gw - 1, Math.floor(x / s) - cx0);
      const k = j * gw + i, p = 4 * (y * W + x);
      mean[3 * k]! += SRGB_TO_LIN[photo.data[p]!]!;
      mean[3 * k + 1]! += SRGB_TO_LIN[photo.data[p + 1]!]!;
      mean[3 * k + 2]! += SRGB_TO_LIN[photo.data[p + 2]!]!;
      count[k]! += 1;
    }
  }
  for (let k = 0; k < gn; k++) for (let c = 0; c < 3; c++) mean[3 * k + c]! /= Math.max(1, count[k]!);
  const cls = new Uint8Array(gn);
  const person = new Uint8Array(gn);
  const hit = new Uint8Array(gn);
  const normal = new Float32Array(3 * gn);
  const gate = new Float32Array(gn);
  const brow = fit.brow;
  const browFade = SHAVE.browFadeMm * pxPerMm;
  /** The shave's gate at photo px (u, v) whose ray gave `ray`: above the floor and above the brow line, feathered. */
  const gateAt = (u: number, v: number): number => {
    let g = smooth((ray[1]! - fit.floorY) / SHAVE.floorFadeMm);
    if (brow) {
      const dx = u - brow.x, dy = v - brow.y;
      if (Math.abs(-dx * brow.ny + dy * brow.nx) <= brow.halfWidth) g *= smooth(-(dx * brow.nx + dy * brow.ny) / browFade);
    }
    return g;
  };
  for (let j = 0; j < gh; j++)
    for (let i = 0; i < gw; i++) {
      const k = j * gw + i;
      const gi = cx0 + i, gj = cy0 + j;
      cls[k] = classes.data[gj * GW + gi]!;
      const u = (gi + 0.5) * s, v = (gj + 0.5) * s;
      if (mask) {
        const mi = Math.min(mask.width - 1, Math.floor(u / mask.scale)), mj = Math.min(mask.height - 1, Math.floor(v / mask.scale));
        person[k] = mask.data[mj * mask.width + mi]! >= 128 ? 1 : 0;
      } else person[k] = cls[k] !== PIXEL_CLASS.background ? 1 : 0;
      rays.at(u, v, ray);
      hit[k] = ray[0]! && ray[1]! >= fit.floorY ? 1 : 0;
      normal[3 * k] = ray[2]!;
      normal[3 * k + 1] = ray[3]!;
      normal[3 * k + 2] = ray[4]!;
      gate[k] = gateAt(u, v);
    }

  // ---------------------------------------------------------------- the skin model from the visible skin
  // the hair: the classifier's hair cells with narrow gaps closed (only over scalp cells: the face stays)
  const rawHair = Uint8Array.from(cls, (c) => (c === PIXEL_CLASS.hair ? 1 : 0));
  const closeR = Math.max(1, Math.round((SHAVE.closeMm * pxPerMm) / s));
  const closed = erode(dilate(rawHair, gw, gh, closeR), gw, gh, closeR);
  const hair = new Uint8Array(gn);
  for (let k = 0; k < gn; k++) hair[k] = rawHair[k] || (closed[k] && cls[k] === PIXEL_CLASS.scalp) ? 1 : 0;
  const nearHair = dilate(hair, gw, gh, 2);
  const notPerson = Uint8Array.from(person, (p) => 1 - p);
  const nearEdge = dilate(notPerson, gw, gh, 2);
  const skinIdx: number[] = [];
  for (let k = 0; k < gn; k++) {
    const c = cls[k];
    // skin on the head above the brows, away from hair and the outline, not grazing
    if ((c === PIXEL_CLASS.scalp || c === PIXEL_CLASS.face) && hit[k] && gate[k]! >= 1 && !nearHair[k] && !nearEdge[k] && -normal[3 * k + 2]! > 0.35) skinIdx.push(k);
  }
  if (skinIdx.length < SHAVE.minSkinCells) return unchanged;
  const lumOf = (k: number): number => 0.2126 * mean[3 * k]! + 0.7152 * mean[3 * k + 1]! + 0.0722 * mean[3 * k + 2]!;
  let used = skinIdx;
  let kk: Float64Array | null = null;
  for (let pass = 0; pass < 2; pass++) {
    const A = new Float64Array(16), b = new Float64Array(4);
    for (const k of used) {
      const f = [1, normal[3 * k]!, normal[3 * k + 1]!, normal[3 * k + 2]!];
      const y = lumOf(k);
      for (let r = 0; r < 4; r++) {
        b[r]! += f[r]! * y;
        for (let c = 0; c < 4; c++) A[4 * r + c]! += f[r]! * f[c]!;
      }
    }
    // a light ridge on the normal terms: where the skin's normals span little, the shading stays flat
    let ym = 0;
    for (const k of used) ym += lumOf(k);
    ym /= used.length;
    for (let r = 1; r < 4; r++) A[5 * r]! += 0.02 * used.length;
    kk = solve4(A, b) ?? Float64Array.of(ym, 0, 0, 0);
    if (pass === 1) break;
    const res = used.map((k) => lumOf(k) - (kk![0]! + kk![1]! * normal[3 * k]! + kk![2]! * normal[3 * k + 1]! + kk![3]! * normal[3 * k + 2]!));
    const sorted = res.map(Math.abs).sort((p, q) => p - q);
    const sigma = 1.4826 * sorted[sorted.length >> 1]! + 1e-6;
    const kept = used.filter((_, n) => Math.abs(res[n]!) <= SHAVE.trimSigma * sigma);
    if (kept.length >= SHAVE.minSkinCells) used = kept;
  }
  const k4 = kk!;
  const lums = used.map(lumOf).sort((p, q) => p - q);
  const yMin = SHAVE.shadeFloor * lums[Math.floor(0.05 * (lums.length - 1))]!;
  const yMax = SHAVE.shadeCeiling * lums[Math.floor(0.95 * (lums.length - 1))]!;
  const sum = [0, 0, 0];
  let sumY = 0;
  for (const k of used) {
    for (let c = 0; c < 3; c++) sum[c]! += mean[3 * k + c]!;
    sumY += lumOf(k);
  }
  const albedo: [number, number, number] = [sum[0]! / sumY, sum[1]! / sumY, sum[2]! / sumY];
  const shade = (nx: number, ny: number, nz: number): number => {
    const y = k4[0]! + k4[1]! * nx + k4[2]! * ny + k4[3]! * nz;
    return y < yMin ? yMin : y > yMax ? yMax : y;
  };

  // the skin's local tone next to the hair: its ratio to the model, carried into the hair and decaying to 1
  const toneR = Math.max(1, Math.round((SHAVE.toneSigmaMm * pxPerMm) / s));
  const wSkin = new Float32Array(gn);
  const tone = new Float32Array(3 * gn);
  {
    const num = [new Float32Array(gn), new Float32Array(gn), new Float32Array(gn)];
    for (const k of used) {
      wSkin[k] = 1;
      const m = shade(normal[3 * k]!, normal[3 * k + 1]!, normal[3 * k + 2]!);
      for (let c = 0; c < 3; c++) num[c]![k] = Math.min(1, Math.max(-0.5, mean[3 * k + c]! / (albedo[c]! * m) - 1));
    }
    const den = blur3(wSkin, gw, gh, toneR);
    for (let c = 0; c < 3; c++) {
      const nb = blur3(num[c]!, gw, gh, toneR);
      for (let k = 0; k < gn; k++) tone[3 * k + c] = 1 + nb[k]! / (den[k]! + SHAVE.toneLambda);
    }
  }

  // ---------------------------------------------------------------- where to shave (soft masks on the cells)
  // inside the skull: the hair grown by growCells (its edge ramps into skin, which the tone field matches);
  // outside it: hair, grown only into what is not skin (ears and the face's edge stay)
  const grown = dilate(hair, gw, gh, SHAVE.growCells);
  const stray = dilate(hair, gw, gh, SHAVE.growCells + Math.round((SHAVE.strayMm * pxPerMm) / s));
  const inside = new Float32Array(gn), outside = new Float32Array(gn);
  // the skull's edge: the fitted outline, or the person's own outline (skin counts as person) less the hair's
  // depth where that is nearer (the ellipsoid can be wider than the head the photo shows); that outline smoothed
  // over a few mm, so the edge stays a skull's curve rather than the mask's ragged strands
  const body = Uint8Array.from(person, (p, k) => (p || cls[k] === PIXEL_CLASS.scalp || cls[k] === PIXEL_CLASS.face ? 1 : 0));
  const rawSil = chamfer(body, gw, gh);
  for (let k = 0; k < gn; k++) rawSil[k] = rawSil[k]! * s - 0.5 * s - SHAVE.hairDepthMm * pxPerMm;
  const silhouette = blur3(rawSil, gw, gh, Math.max(1, Math.round((SHAVE.silhouetteSmoothMm * pxPerMm) / s)));
  const skullDist = (u: number, v: number): number => Math.min(dist(u, v), bilinear(silhouette, gw, gh, 1, 0, u / s - cx0, v / s - cy0));
  const cellDist = new Float32Array(gn);
  for (let k = 0; k < gn; k++) {
    const j = Math.floor(k / gw), i = k - j * gw;
    cellDist[k] = skullDist((cx0 + i + 0.5) * s, (cy0 + j + 0.5) * s);
    inside[k] = grown[k]!;
    outside[k] = hair[k] || (stray[k] && cls[k] !== PIXEL_CLASS.scalp && cls[k] !== PIXEL_CLASS.face) ? 1 : 0;
  }

  // ---------------------------------------------------------------- the background around the head
  // a push–pull fill of the cells off the person (the fallback), and a reflection: a pixel of hair past the skull
  // takes the background mirrored across the hair's outer edge (along the ray from the head's centre), which
  // keeps the background's own texture and grain and meets it without a seam
  const bgVal = new Float32Array(3 * gn), bgWt = new Float32Array(gn);
  const nearPerson = dilate(person, gw, gh, 1);
  let bgKnown = 0;
  for (let k = 0; k < gn; k++) {
    if (nearPerson[k] || stray[k] || cellDist[k]! > -s) continue;
    bgWt[k] = 1;
    bgKnown++;
    for (let c = 0; c < 3; c++) bgVal[3 * k + c] = mean[3 * k + c]!;
  }
  const bg = bgKnown > 0 ? pushPull(bgVal, bgWt, gw, gh, 3) : null;
  if (!bg) outside.fill(0);
  const ctrU = 0.5 * (ext[2]! - ext[0]!), ctrV = 0.5 * (ext[3]! - ext[1]!);
  const BINS = 720;
  const reach = new Float32Array(BINS);
  for (let k = 0; k < gn; k++) {
    if (!outside[k] || cellDist[k]! > s) continue;
    const j = Math.floor(k / gw), i = k - j * gw;
    const du = (cx0 + i + 0.5) * s - ctrU, dv = (cy0 + j + 0.5) * s - ctrV;
    const b = Math.floor(((Math.atan2(dv, du) / (2 * Math.PI) + 1) % 1) * BINS) % BINS;
    reach[b] = Math.max(reach[b]!, Math.hypot(du, dv) + s);
  }
  // widen each bin's reach to its neighbours (a ragged edge reflects from beyond its farthest strand), then add a margin
  const spread = Math.max(2, Math.round(BINS / 180));
  const widened = new Float32Array(BINS), reachOut = new Float32Array(BINS);
  for (let b = 0; b < BINS; b++) {
    let m = 0;
    for (let d = -spread; d <= spread; d++) m = Math.max(m, reach[(b + d + BINS) % BINS]!);
    widened[b] = m > 0 ? m + 2 * s + 2 : 0;
  }
  // and smoothed, so neighbouring rays mirror from nearby radii (no radial seams)
  for (let b = 0; b < BINS; b++) {
    let m = 0;
    for (let d = -spread; d <= spread; d++) m += widened[(b + d + BINS) % BINS]!;
    reachOut[b] = Math.max(widened[b]! > 0 ? 0.5 * widened[b]! : 0, m / (2 * spread + 1));
  }
  const softIn = blur3(inside, gw, gh, 1);
  const softOut = blur3(outside, gw, gh, 1);
  // cells whose pixels may change (a pixel's bilinear taps lie within its cell's 3 × 3 neighbours)
  const anyW = new Uint8Array(gn);
  for (let k = 0; k < gn; k++) anyW[k] = softIn[k]! > 0 || softOut[k]! > 0 ? 1 : 0;
  const live = dilate(anyW, gw, gh, 1);

  // ---------------------------------------------------------------- grain: the skin's own fine texture
  const noise = new Float32Array(pw * ph);
  for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) noise[y * pw + x] = hashNoise(x0 + x, y0 + y, seed);
  const nr = Math.max(1, Math.round(blurPx));
  const grainField = boxMean(noise, pw, ph, nr);
  const lumAt = (x: number, y: number): number => {
    const p = 4 * (y * W + x);
    return 0.2126 * SRGB_TO_LIN[photo.data[p]!]! + 0.7152 * SRGB_TO_LIN[photo.data[p + 1]!]! + 0.0722 * SRGB_TO_LIN[photo.data[p + 2]!]!;
  };
  /** Median over windows of 9 × 9 px at the given cells of the relative σ of luminance about its 5 × 5 mean. */
  const fineTexture = (cells: number[], lum: (x: number, y: number) => number): number => {
    const sds: number[] = [];
    for (const k of cells) {
      const j = Math.floor(k / gw), i = k - j * gw;
      const cx = Math.round((cx0 + i + 0.5) * s), cy = Math.round((cy0 + j + 0.5) * s);
      if (cx < x0 + 6 || cy < y0 + 6 || cx >= x1 - 6 || cy >= y1 - 6) continue;
      let s2 = 0, n = 0;
      for (let y = cy - 4; y <= cy + 4; y++)
        for (let x = cx - 4; x <= cx + 4; x++) {
          let m = 0;
          for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m += lum(x + dx, y + dy);
          m /= 25;
          if (m > 1e-4) {
            s2 += ((lum(x, y) - m) / m) ** 2;
            n++;
          }
        }
      if (n) sds.push(Math.sqrt(s2 / n));
    }
    sds.sort((p, q) => p - q);
    return sds.length ? sds[sds.length >> 1]! : 0;
  };
  const step = Math.max(1, Math.floor(used.length / 300));
  const skinTexture = fineTexture(used.filter((_, n) => n % step === 0), lumAt);
  const grainTexture = fineTexture(used.filter((_, n) => n % step === 0), (x, y) => 1 + grainField[(y - y0) * pw + x - x0]!);
  const skinGrain = grainTexture > 0 ? skinTexture / grainTexture : 0;
  const bgCells: number[] = [];
  for (let k = 0; k < gn; k++) if (bgWt[k]) bgCells.push(k);
  const bgStep = Math.max(1, Math.floor(bgCells.length / 300));
  const bgSample = bgCells.filter((_, n) => n % bgStep === 0);
  const bgTexture = fineTexture(bgSample, lumAt);
  const bgGrainTexture = fineTexture(bgSample, (x, y) => 1 + grainField[(y - y0) * pw + x - x0]!);
  const bgGrain = bgGrainTexture > 0 ? bgTexture / bgGrainTexture : 0;

  // ---------------------------------------------------------------- every pixel of the patch
  const edge = Math.max(0.7, blurPx);
  let changed = 0;
  const out = [0, 0, 0];
  const back = [0, 0, 0];
  for (let y = 0; y < ph; y++) {
    const v = y0 + y + 0.5;
    const gy = v / s - cy0;
    for (let x = 0; x < pw; x++) {
      const u = x0 + x + 0.5;
      const gx = u / s - cx0;
      if (!live[Math.min(gh - 1, Math.floor(gy)) * gw + Math.min(gw - 1, Math.floor(gx))]) continue;
      const wi = bilinear(softIn, gw, gh, 1, 0, gx, gy);
      const wo = bilinear(softOut, gw, gh, 1, 0, gx, gy);
      if (wi <= 0 && wo <= 0) continue;
      rays.at(u, v, ray);
      const g = gateAt(u, v);
      if (g <= 0) continue;
      const cover = clamp01(0.5 + skullDist(u, v) / (2 * edge));
      const w = g * (cover * wi + (1 - cover) * wo);
      if (w <= 0) continue;
      if (cover < 1) {
        // the background: mirrored across the hair's outer edge where that lands off the person, else the fill
        const du = u - ctrU, dv = v - ctrV;
        const r = Math.hypot(du, dv) || 1;
        const bf = ((Math.atan2(dv, du) / (2 * Math.PI) + 1) % 1) * BINS;
        const b0 = Math.floor(bf) % BINS, b1 = (b0 + 1) % BINS, f = bf - Math.floor(bf);
        const R = reachOut[b0]! * (1 - f) + reachOut[b1]! * f;
        let ok = false;
        if (R > r) {
          const r2 = 2 * R - r;
          const qu = ctrU + (du / r) * r2 - 0.5, qv = ctrV + (dv / r) * r2 - 0.5;
          const qi = Math.floor((qu + 0.5) / s) - cx0, qj = Math.floor((qv + 0.5) / s) - cy0;
          const qk = qj * gw + qi;
          // past the working box there is no hair and no head: clear
          const clear = !(qi >= 0 && qj >= 0 && qi < gw && qj < gh) || (!stray[qk] && cls[qk] !== PIXEL_CLASS.scalp && cls[qk] !== PIXEL_CLASS.face && cellDist[qk]! < 0);
          if (clear && qu >= 0 && qv >= 0 && qu < W - 1 && qv < H - 1) {
            const ix = Math.floor(qu), iy = Math.floor(qv), fx = qu - ix, fy = qv - iy;
            const p00 = 4 * (iy * W + ix), p10 = p00 + 4, p01 = p00 + 4 * W, p11 = p01 + 4;
            for (let c = 0; c < 3; c++)
              back[c] =
                (SRGB_TO_LIN[photo.data[p00 + c]!]! * (1 - fx) + SRGB_TO_LIN[photo.data[p10 + c]!]! * fx) * (1 - fy) +
                (SRGB_TO_LIN[photo.data[p01 + c]!]! * (1 - fx) + SRGB_TO_LIN[photo.data[p11 + c]!]! * fx) * fy;
            ok = true;
          }
        } else {
          const p = 4 * ((y0 + y) * W + x0 + x);
          for (let c = 0; c < 3; c++) back[c] = SRGB_TO_LIN[photo.data[p + c]!]!;
          ok = true;
        }
        if (!ok) for (let c = 0; c < 3; c++) back[c] = bg ? bilinear(bg, gw, gh, 3, c, gx, gy) * (1 + bgGrain * grainField[y * pw + x]!) : 0;
      }
      const p = 4 * ((y0 + y) * W + x0 + x);
      const q = 4 * (y * pw + x);
      const m = shade(ray[2]!, ray[3]!, ray[4]!) * (1 + skinGrain * grainField[y * pw + x]!);
      // the stubble: its mean darkening, stippled per pixel (± SHAVE.stubbleGrain of it) so it reads as hairs' ends
      const st = stubble ? 1 + SHAVE.stubbleGrain * 2 * hashNoise(x0 + x, y0 + y, seed + 7) : 0;
      for (let c = 0; c < 3; c++) {
        const t = stubble ? Math.max(0, 1 - (1 - stubble[c]!) * st) : 1;
        const skin = albedo[c]! * m * bilinear(tone, gw, gh, 3, c, gx, gy) * t;
        const target = cover * skin + (1 - cover) * back[c]!;
        out[c] = SRGB_TO_LIN[photo.data[p + c]!]! * (1 - w) + target * w;
      }
      const r = toSrgb(out[0]!), gg = toSrgb(out[1]!), b = toSrgb(out[2]!);
      if (r !== data[q] || gg !== data[q + 1] || b !== data[q + 2]) changed++;
      data[q] = r;
      data[q + 1] = gg;
      data[q + 2] = b;
    }
  }
  return {
    x: x0,
    y: y0,
    width: pw,
    height: ph,
    data,
    changed,
    skin: { albedo, k: [k4[0]!, k4[1]!, k4[2]!, k4[3]!], yMin, yMax, grain: skinTexture, cells: used.length },
  };
}
