// The ink model, written once: how dots darken a photo. Per pixel x and channel c, in linear light,
//   out_c(x) = photo_c(x) × Π_dots (1 − a_i · cover_i(x) · (1 − τ_c))
// a_i the dot's opacity (after aging), cover_i(x) its area-weighted coverage of the pixel (its footprint integrates
// to the dot's area π r², whatever its size on screen), τ_c the ink's linear transmission: the pigment seen through
// a scattering epidermis, τ = s + (1 − s) · pigment_lin (s = EPIDERMIS_SCATTER), or the client's stubble tone.
// Pure: the renderer runs INK_GLSL (the same formulas) on the GPU; tests and calibration use the TS twins.

import { INK_CHROMA_SCALE, INK_SCATTER, pigmentTransmission } from '../aging/ink-coverage.js';
import { PIGMENT_LIGHTNESS } from '../dilution.js';

/** OKLab lightness of the pigment colour: dilution's PIGMENT_LIGHTNESS (one fact, one place). */
export const DOT_LIGHTNESS = PIGMENT_LIGHTNESS;
/** OKLab chroma at appearance chroma 1: the calibration's INK_CHROMA_SCALE. */
export const DOT_CHROMA_SCALE = INK_CHROMA_SCALE;
/** Share of light that scatters back from the epidermis above the ink: the calibration's INK_SCATTER (docs/calibration.md). */
export const EPIDERMIS_SCATTER = INK_SCATTER;
/** Smallest footprint radius drawn, device px: smaller dots are drawn at it with their opacity lowered so the ink (opacity × area) is kept. */
export const MIN_RADIUS_PX = 0.75;
/** Largest share of the light one dot may take from a pixel (keeps −ln(1 − x) finite). */
const MAX_ABSORB = 0.999;

/** sRGB-encoded value (0–1) → linear light. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light (0–1) → sRGB-encoded value. */
export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}

/**
 * The ink's linear transmission per channel, τ (0–1): the pigment seen through a scattering epidermis,
 * s + (1 − s) · pigment_lin, or the stubble's own tone (a linear multiply factor per channel) when given.
 */
export function dotTransmission(hueDeg: number, chroma: number, stubble?: readonly [number, number, number] | null): [number, number, number] {
  return stubble ? [stubble[0], stubble[1], stubble[2]] : pigmentTransmission({ hueDeg, chroma });
}

/**
 * Ink coverage of a patch: C = Σ aᵢ π rᵢ² / area (opacity × dot area over the patch's area; radii and area in the
 * same unit², e.g. mm and mm²). `count` dots from the typed arrays.
 */
export function patchCoverage(opacity: ArrayLike<number>, radius: ArrayLike<number>, count: number, area: number): number {
  if (!(area > 0)) throw new RangeError(`patchCoverage: area must be > 0, got ${area}`);
  let s = 0;
  for (let i = 0; i < count; i++) s += opacity[i]! * radius[i]! * radius[i]!;
  return (Math.PI * s) / area;
}

/** A dot's drawn footprint on screen: radius and edge width (device px) and the opacity that keeps its ink. */
export interface Footprint {
  /** Radius to the middle of the edge, px. */
  radiusPx: number;
  /** Width of the smoothstep edge, px (≥ 1). */
  edgePx: number;
  /** Opacity at the centre: the dot's opacity × π r² / (the footprint's integral). */
  alpha: number;
}

/**
 * The footprint a dot of radius rPx (device px), opacity `alpha` and softness (edge width / radius) is drawn
 * with, blurred by σ px (the photo's own blur, 0 for none): a disc of radius R = √(r² + σ²) with a smoothstep edge
 * of width w = max(softness · r, 1, 2.5 σ), R at least MIN_RADIUS_PX and w / 2; its integral is π (R² + w²/20),
 * so its centre opacity is alpha · r² / (R² + w²/20): opacity × area is kept at any size. INK_GLSL's inkFootprint.
 */
export function footprint(rPx: number, alpha: number, softness: number, sigmaPx: number, out: Footprint = { radiusPx: 0, edgePx: 0, alpha: 0 }): Footprint {
  let w = Math.max(softness * rPx, 1);
  let R2 = rPx * rPx;
  if (sigmaPx > 0) {
    R2 += sigmaPx * sigmaPx;
    w = Math.max(w, 2.5 * sigmaPx);
  }
  const R = Math.max(Math.sqrt(R2), MIN_RADIUS_PX, 0.5 * w);
  out.radiusPx = R;
  out.edgePx = w;
  out.alpha = (alpha * rPx * rPx) / (R * R + (w * w) / 20);
  return out;
}

/** Share of a pixel at distance d (px) from a footprint's centre that it covers (0–1): INK_GLSL's inkCover. */
export function footprintCover(d: number, radiusPx: number, edgePx: number): number {
  const t = clamp01((d - (radiusPx - 0.5 * edgePx)) / edgePx);
  return 1 - t * t * (3 - 2 * t);
}

/** Optical density one dot adds to a pixel: −ln(1 − x), x = a · cover · (1 − τ) (clamped below 1). Densities add; T = exp(−ΣD). */
export function inkDensity(absorb: number): number {
  return -Math.log(1 - Math.min(MAX_ABSORB, Math.max(0, absorb)));
}

/**
 * GLSL ES 3.00 for the renderer's shaders: the same formulas as footprint, footprintCover, inkDensity,
 * pigmentLinear and the sRGB transfer functions (constants passed as uniforms or literals where noted).
 */
export const INK_GLSL = /* glsl */ `
const float INK_MIN_RADIUS_PX = ${MIN_RADIUS_PX.toFixed(6)};
const float INK_MAX_ABSORB = ${MAX_ABSORB.toFixed(6)};
// a dot's footprint: radius R, edge w, and its centre opacity keeping opacity x area (see ink.ts footprint)
void inkFootprint(float rPx, float alpha, float softness, float sigmaPx, out float R, out float w, out float a) {
  w = max(softness * rPx, 1.0);
  float R2 = rPx * rPx;
  if (sigmaPx > 0.0) {
    R2 += sigmaPx * sigmaPx;
    w = max(w, 2.5 * sigmaPx);
  }
  R = max(max(sqrt(R2), INK_MIN_RADIUS_PX), 0.5 * w);
  a = alpha * rPx * rPx / (R * R + w * w / 20.0);
}
float inkCover(float d, float R, float w) {
  float t = clamp((d - (R - 0.5 * w)) / w, 0.0, 1.0);
  return 1.0 - t * t * (3.0 - 2.0 * t);
}
vec3 inkDensity(vec3 absorb) {
  return -log(1.0 - clamp(absorb, 0.0, INK_MAX_ABSORB));
}
vec3 srgbToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}
vec3 linearToSrgb(vec3 c) {
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}
vec3 oklabToLinear(vec3 lab) {
  float l = lab.x + 0.3963377774 * lab.y + 0.2158037573 * lab.z;
  float m = lab.x - 0.1055613458 * lab.y - 0.0638541728 * lab.z;
  float s = lab.x - 0.0894841775 * lab.y - 1.2914855480 * lab.z;
  l = l * l * l; m = m * m * m; s = s * s * s;
  return clamp(vec3(
     4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s), 0.0, 1.0);
}
`;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
