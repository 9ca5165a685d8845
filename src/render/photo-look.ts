// What the photo itself says about how dots should look in it. Pure (typed arrays in, numbers and rasters out;
// no DOM), so node tests and a worker can run it.
//  - estimateBlurSigma: the photo's own sharpness as a Gaussian σ in px (dots are blurred to it);
//  - stubbleTone: the colour the client's own stubble gives the scalp (the shaved effect's ink tone);
//  - lookMap: one RGBA raster the renderer samples per pixel: R = where ink may go, from geometry alone (on the
//    fitted head above its floor, inside the outline, not across the face below the brow line, on the person),
//    G = hair (the density effect keeps these pixels as they are), B = how much a harsh overhead light falls on
//    the scalp there. Bald scalp and forehead are the same skin, so colour classes never clear R: the design
//    (the treated regions and the hairline's soft zone) decides where ink goes in front of the line.
import { ArgumentError } from '../errors.js';
import { type HeadFit, headToCameraMatrix, insideClips } from '../head/model.js';
import { PIXEL_CLASS, type Raster } from '../head/observation.js';

/** RGBA pixels, row-major, top row first. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

const SRGB_TO_LIN = new Float32Array(256).map((_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** Luminance (0–255, sRGB-weighted) of a region (default: the whole image), as Float32Array. */
function luma(img: Rgba, x0: number, y0: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const d = img.data;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 4 * ((y0 + y) * img.width + x0 + x);
      out[y * w + x] = 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
    }
  return out;
}

/** Separable Gaussian blur of a w × h float image (edges clamped). */
function gaussian(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const clampX = (x: number): number => (x < 0 ? 0 : x >= w ? w - 1 : x);
  const clampY = (y: number): number => (y < 0 ? 0 : y >= h ? h - 1 : y);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (x >= r && x < w - r) for (let i = -r; i <= r; i++) s += k[i + r]! * src[row + x + i]!;
      else for (let i = -r; i <= r; i++) s += k[i + r]! * src[row + clampX(x + i)]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    const inner = y >= r && y < h - r;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (inner) for (let i = -r; i <= r; i++) s += k[i + r]! * tmp[(y + i) * w + x]!;
      else for (let i = -r; i <= r; i++) s += k[i + r]! * tmp[clampY(y + i) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/** Re-blur σ of estimateBlurSigma, px. */
const REBLUR_SIGMA = 1.5;

/**
 * The photo's blur as a Gaussian σ in px, from its strongest edges: re-blurring by a known σb lowers an edge's
 * peak gradient by σ / √(σ² + σb²) (a step edge blurred by σ peaks at A / (σ √2π)), so the median ratio over the
 * top 0.5 % of gradient peaks gives σ. A perfectly sharp photo reads ≈ 0.5 px (the pixel grid). `region`
 * (px box) limits the work to the head; at most 1024 × 1024 px around its centre are read.
 */
export function estimateBlurSigma(img: Rgba, region?: { x: number; y: number; width: number; height: number }): number {
  const rx = Math.max(0, Math.floor(region?.x ?? 0));
  const ry = Math.max(0, Math.floor(region?.y ?? 0));
  let rw = Math.min(img.width - rx, Math.floor(region?.width ?? img.width));
  let rh = Math.min(img.height - ry, Math.floor(region?.height ?? img.height));
  if (!(rw >= 8 && rh >= 8)) throw new ArgumentError('estimateBlurSigma: region', `${rw} × ${rh} px inside the image`, 'expected at least 8 × 8 px inside the image');
  const cx = rx + rw / 2;
  const cy = ry + rh / 2;
  rw = Math.min(rw, 1024);
  rh = Math.min(rh, 1024);
  const x0 = Math.round(Math.min(img.width - rw, Math.max(0, cx - rw / 2)));
  const y0 = Math.round(Math.min(img.height - rh, Math.max(0, cy - rh / 2)));
  const L = luma(img, x0, y0, rw, rh);
  const B = gaussian(L, rw, rh, REBLUR_SIGMA);
  const grad = (f: Float32Array, x: number, y: number): number => {
    const i = y * rw + x;
    const gx = f[i + 1]! - f[i - 1]!;
    const gy = f[i + rw]! - f[i - rw]!;
    return 0.5 * Math.sqrt(gx * gx + gy * gy);
  };
  const m = 2 + Math.ceil(3 * REBLUR_SIGMA);
  const g0 = new Float32Array(rw * rh);
  for (let y = m; y < rh - m; y++) for (let x = m; x < rw - m; x++) g0[y * rw + x] = grad(L, x, y);
  // gradient peaks: local maxima of g0 in a 3 × 3 window
  const peaks: number[] = [];
  for (let y = m; y < rh - m; y++)
    for (let x = m; x < rw - m; x++) {
      const g = g0[y * rw + x]!;
      if (g < 4) continue;
      let max = true;
      for (let dy = -1; dy <= 1 && max; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx || dy) && g0[(y + dy) * rw + x + dx]! > g) max = false;
      if (max) peaks.push(y * rw + x);
    }
  if (peaks.length < 10) return 0.5; // no edges to read: treat as sharp
  peaks.sort((p, q) => g0[q]! - g0[p]!);
  const top = peaks.slice(0, Math.max(10, Math.ceil(peaks.length * 0.005)));
  const sig: number[] = [];
  for (const p of top) {
    const x = p % rw;
    const y = (p - x) / rw;
    // the re-blurred peak sits where the sharp one was (symmetric kernel); take the 3 × 3 max for sub-pixel shifts
    let g1 = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) g1 = Math.max(g1, grad(B, x + dx, y + dy));
    const r = g0[p]! / g1;
    sig.push(r > 1.0001 ? REBLUR_SIGMA / Math.sqrt(r * r - 1) : 50);
  }
  sig.sort((a, b) => a - b);
  return Math.min(50, Math.max(0.5, sig[sig.length >> 1]!));
}

/**
 * The colour of the client's own stubble relative to their scalp: per channel, the mean linear colour of hair pixels
 * over that of bare-scalp pixels (0.05–4: light or red hair can be lighter than the skin in a channel), from the
 * `classes` raster; null when either class has fewer than `minCells` cells. Its hue sets the shaved look's ink;
 * its strength does not (stubbleInk scales it to the calibrated pigment's).
 */
export function stubbleTone(img: Rgba, classes: Raster, minCells = 50): [number, number, number] | null {
  const hair = [0, 0, 0];
  const scalp = [0, 0, 0];
  let nh = 0;
  let ns = 0;
  for (let j = 0; j < classes.height; j++)
    for (let i = 0; i < classes.width; i++) {
      const c = classes.data[j * classes.width + i];
      if (c !== PIXEL_CLASS.hair && c !== PIXEL_CLASS.scalp) continue;
      const x = Math.min(img.width - 1, Math.floor((i + 0.5) * classes.scale));
      const y = Math.min(img.height - 1, Math.floor((j + 0.5) * classes.scale));
      const k = 4 * (y * img.width + x);
      const acc = c === PIXEL_CLASS.hair ? hair : scalp;
      for (let ch = 0; ch < 3; ch++) acc[ch]! += SRGB_TO_LIN[img.data[k + ch]!]!;
      if (c === PIXEL_CLASS.hair) nh++;
      else ns++;
    }
  if (nh < minCells || ns < minCells) return null;
  return [0, 1, 2].map((ch) => Math.min(4, Math.max(0.05, hair[ch]! / nh / Math.max(1e-4, scalp[ch]! / ns)))) as [number, number, number];
}

/** Width of the overhead light's fade inside the head's outline, photo px (at least 3 cells). */
const LIGHT_FADE_PX = 8;

/** Distance (px, approximate: the ellipse's radial margin × its smaller radius) inside the fit's outline clip; Infinity without one. */
function clipMarginPx(fit: HeadFit, u: number, v: number): number {
  const e = fit.clip;
  if (!e) return Infinity;
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const p = ((u - e.cx) * c + (v - e.cy) * s) / e.rx;
  const q = (-(u - e.cx) * s + (v - e.cy) * c) / e.ry;
  return (1 - Math.hypot(p, q)) * Math.min(e.rx, e.ry);
}

/** The renderer's per-pixel look raster (RGBA, `scale` photo px per cell): R drawable, G hair, B overhead light. */
export interface LookMap {
  width: number;
  height: number;
  scale: number;
  data: Uint8Array;
}

/** Options of lookMap. */
export interface LookMapOptions {
  /** Per-pixel classes (PIXEL_CLASS); its resolution becomes the map's; only its hair class is read (G). */
  classes?: Raster | null;
  /** Person mask (255 = person): ink only on the person. */
  personMask?: Raster | null;
  /** Photo px per cell when there is no classes raster (default: the photo's longer side / 1024, at least 1). */
  scale?: number;
}

/**
 * The look raster for a photo of width × height px: with a fit, R is 255 where the camera ray through the cell
 * hits the head above its floor, inside its outline clip and not below the brows, on the person mask (else 0);
 * without one, 255 everywhere. Colour classes never clear R (skin on the bald scalp and on the forehead look the
 * same); the hair class sets G. B is the harsh overhead light: (n · up)⁴ on the head, n the surface normal and up
 * the photo's up (a lamp straight above the client), faded to 0 over the last few px inside the head's outline
 * (no hard rim).
 */
export function lookMap(fit: HeadFit | null, width: number, height: number, options: LookMapOptions = {}): LookMap {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0))
    throw new RangeError(`lookMap: width × height must be positive integers, got ${width} × ${height}`);
  const classes = options.classes ?? null;
  const scale = classes ? classes.scale : options.scale ?? Math.max(1, Math.ceil(Math.max(width, height) / 1024));
  if (!(scale > 0)) throw new RangeError(`lookMap: scale must be > 0, got ${scale}`);
  const W = classes ? classes.width : Math.ceil(width / scale);
  const H = classes ? classes.height : Math.ceil(height / scale);
  const data = new Uint8Array(4 * W * H);
  const M = fit ? headToCameraMatrix(fit) : null;
  const r = fit ? [fit.radii.a, fit.radii.b, fit.radii.c] : [1, 1, 1];
  const T = fit ? fit.centre : [0, 0, 0];
  const ortho = fit ? fit.focalPx === Infinity : false;
  const mask = options.personMask ?? null;
  // the head's mean radius in px (for the light's fade at the outline) and the fade's width
  const headPx = fit ? ((r[0]! + r[1]! + r[2]!) / 3) * (ortho ? fit.orthoPxPerMm : fit.focalPx / T[2]!) : 0;
  const fadePx = Math.max(LIGHT_FADE_PX, 3 * scale);
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const u = (i + 0.5) * scale;
      const v = (j + 0.5) * scale;
      let drawable = 255;
      let light = 0;
      if (fit && M) {
        drawable = 0;
        // the camera ray in the head frame (Mᵀ: M is orthonormal), scaled to the unit sphere
        const o = ortho ? [(u - fit.principal[0]) / fit.orthoPxPerMm, (v - fit.principal[1]) / fit.orthoPxPerMm, 0] : [0, 0, 0];
        const d = ortho ? [0, 0, 1] : [(u - fit.principal[0]) / fit.focalPx, (v - fit.principal[1]) / fit.focalPx, 1];
        const oc = [o[0]! - T[0]!, o[1]! - T[1]!, o[2]! - T[2]!];
        let A = 0, B = 0, C = -1;
        const oh = [0, 0, 0];
        const dh = [0, 0, 0];
        for (let k = 0; k < 3; k++) {
          oh[k] = M[k]! * oc[0]! + M[3 + k]! * oc[1]! + M[6 + k]! * oc[2]!;
          dh[k] = M[k]! * d[0]! + M[3 + k]! * d[1]! + M[6 + k]! * d[2]!;
          const os = oh[k]! / r[k]!;
          const ds = dh[k]! / r[k]!;
          A += ds * ds;
          B += 2 * os * ds;
          C += os * os;
        }
        const disc = B * B - 4 * A * C;
        if (disc >= 0) {
          const t = (-B - Math.sqrt(disc)) / (2 * A);
          const hx = oh[0]! + t * dh[0]!, hy = oh[1]! + t * dh[1]!, hz = oh[2]! + t * dh[2]!;
          if (hy >= fit.floorY && insideClips(fit, u, v)) {
            drawable = 255;
            // the normal in the camera frame; up in the photo is −y
            const gx = hx / (r[0]! * r[0]!), gy = hy / (r[1]! * r[1]!), gz = hz / (r[2]! * r[2]!);
            const ny = M[3] * gx + M[4] * gy + M[5] * gz;
            const len = Math.hypot(gx, gy, gz);
            const up = Math.max(0, -ny / len);
            // faded to 0 over the last LIGHT_FADE_PX inside the outline, so the linearly sampled light has no stair-stepped rim
            const rimPx = Math.min((1 - Math.sqrt(Math.max(0, 1 - disc / (4 * A)))) * headPx, clipMarginPx(fit, u, v));
            const f = Math.min(1, Math.max(0, rimPx / fadePx));
            light = Math.round(255 * up ** 4 * f * f * (3 - 2 * f));
          }
        }
      }
      const k = j * W + i;
      const hair = classes ? classes.data[k] === PIXEL_CLASS.hair : false;
      if (mask) {
        const mi = Math.min(mask.width - 1, Math.floor(u / mask.scale));
        const mj = Math.min(mask.height - 1, Math.floor(v / mask.scale));
        if (mask.data[mj * mask.width + mi]! < 128) drawable = 0;
      }
      data[4 * k] = drawable;
      data[4 * k + 1] = hair ? 255 : 0;
      data[4 * k + 2] = light;
      data[4 * k + 3] = 255;
    }
  return { width: W, height: H, scale, data };
}
