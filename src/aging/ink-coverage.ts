// How dark the healed dots make the scalp, as a number: ink coverage and the mean transmission it predicts, the
// calibrated pigment's transmission, and the client's stubble colour turned into an ink of the same strength.
// The figures and how they were measured: docs/calibration.md.
//
// The ink model (the renderer draws the same): per pixel and channel, in linear light,
//   out = photo × Π_dots (1 − a_i · cover_i · (1 − τ)),   τ = s + (1 − s) · pigment_lin,
// with s the share of light the epidermis above the ink scatters back (INK_SCATTER) and pigment_lin the pigment's
// OKLab colour in linear sRGB. For a flat patch the mean is 1 − C (1 − τ) + O (1 − τ)², where C = Σ a_i π r_i² / area
// is the ink coverage and O = Σ_pairs a_i a_j · lens_ij / area the pairs' overlap (inclusion–exclusion to second order;
// a supersampled rasterisation agrees within 1 %, test/calibration.test.ts).
import type { Dots } from '../dots.js';
import { PIGMENT_LIGHTNESS } from '../dilution.js';
import { scalpSideTest } from '../hairline.js';
import type { Plan } from '../plan.js';
import { areaBy } from './coverage.js';
import type { Appearance } from './types.js';

/** Linear-light R, G, B (0–1 each). */
export type Rgb = [number, number, number];

/**
 * Share of light the epidermis above the ink scatters back, lifting the ink's transmission (τ = s + (1 − s)·pigment).
 * Ours: 0.05 (0.25, then 0.15, before the healed-tone calibrations, docs/calibration.md "What moved"): black pigment
 * seen through skin reads grey-to-black (DOMAIN "Dots"), and the dot's partial healed opacity already carries its
 * grey, so the lift at full opacity is small. The renderer's EPIDERMIS_SCATTER.
 */
export const INK_SCATTER = 0.05;

/** OKLab chroma of a dot at appearance chroma 1 (carbon's 0.05 gives a faint cool cast). The renderer's DOT_CHROMA_SCALE. */
export const INK_CHROMA_SCALE = 0.12;

/** Hue (°) and appearance chroma of healed SMP carbon seen through skin (presets PIGMENT_HUE, aging params chroma). */
const CARBON = { hueDeg: 215, chroma: 0.05 };

/**
 * The healed shaved look's target: mean linear transmission of the scalp behind the hairline (Rec.709 luminance of the
 * photo with dots ÷ without), month 4 of the default plan. docs/calibration.md, "Target": stubble measured on the shared
 * portraits transmits 0.46–0.74 (median 0.49); dots under 1 mm about 1 mm apart reach its middle-to-light part
 * (0.70–0.80 before the second calibration).
 */
export const HEALED_TRANSMISSION = Object.freeze({ min: 0.6, max: 0.7 });

/** Rec.709 luminance weights of linear R, G, B. */
export const REC709: Readonly<Rgb> = [0.2126, 0.7152, 0.0722];

/** Rec.709 luminance of a linear colour. */
export function luminance(c: Readonly<Rgb>): number {
  return REC709[0] * c[0] + REC709[1] * c[1] + REC709[2] * c[2];
}

/** OKLab (L, a, b) → linear sRGB, each channel clamped to 0–1 (Ottosson's matrices, as the renderer's shader). */
export function oklabToLinear(L: number, a: number, b: number): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const c = (v: number) => Math.min(1, Math.max(0, v));
  return [
    c(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    c(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    c(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/** The pigment as the renderer draws it. Defaults: healed SMP carbon (hue 215°, chroma 0.05) at PIGMENT_LIGHTNESS, INK_SCATTER. */
export interface PigmentOptions {
  /** Hue seen through skin, degrees. */
  hueDeg?: number;
  /** Appearance chroma 0–1 (× INK_CHROMA_SCALE in OKLab). */
  chroma?: number;
  /** OKLab lightness of the pigment, 0–1. */
  lightness?: number;
  /** Epidermis back-scatter share, 0–1. */
  scatter?: number;
}

/** A full-opacity dot's multiply factor per channel: τ = s + (1 − s) · pigment (linear). RangeError for values out of range. */
export function pigmentTransmission(options: PigmentOptions = {}): Rgb {
  const hue = options.hueDeg ?? CARBON.hueDeg;
  const chroma = options.chroma ?? CARBON.chroma;
  const L = options.lightness ?? PIGMENT_LIGHTNESS;
  const s = options.scatter ?? INK_SCATTER;
  check('pigmentTransmission', 'hueDeg', hue, -1e4, 1e4);
  check('pigmentTransmission', 'chroma', chroma, 0, 1);
  check('pigmentTransmission', 'lightness', L, 0, 1);
  check('pigmentTransmission', 'scatter', s, 0, 1);
  const c = chroma * INK_CHROMA_SCALE;
  const h = (hue * Math.PI) / 180;
  const p = oklabToLinear(L, c * Math.cos(h), c * Math.sin(h));
  return [s + (1 - s) * p[0], s + (1 - s) * p[1], s + (1 - s) * p[2]];
}

/** Ink coverage of a set of dots on a day: what the mean transmission over an area follows from. */
export interface InkCoverage {
  /** C = Σ opacity · π r² / area: the ink's area × darkness per unit area (≈ the share of full ink). */
  coverage: number;
  /** Σ π r² / area over the dots with ink: the share of the area under dots (overlaps counted twice). */
  underDots: number;
  /** O = Σ over overlapping pairs a_i a_j · (their discs' lens area) / area: the ink counted twice in C. */
  overlap: number;
  /** Mean opacity of the dots with ink (0–1). */
  meanOpacity: number;
  /** Mean apparent diameter of the dots with ink, mm. */
  meanDiameterMm: number;
  /** Dots with ink (opacity > 0) counted. */
  dots: number;
  /** The area, mm². */
  areaMm2: number;
}

/** Options of inkCoverage. */
export interface InkCoverageOptions {
  /** The area the dots cover, mm² (default: the treated area, dots.stats.areaCm2 × 100). */
  areaMm2?: number;
  /** Only dots at (x, y) mm where this is true count (default: all); pass the same test the area was measured with. */
  where?: (x: number, y: number) => boolean;
}

/** Ink coverage of `dots` looking as `appearance` says, over an area (see InkCoverage). RangeError for a bad area or mismatched arrays. */
export function inkCoverage(dots: Dots, appearance: Appearance, options: InkCoverageOptions = {}): InkCoverage {
  const areaMm2 = options.areaMm2 ?? dots.stats.areaCm2 * 100;
  if (!(typeof areaMm2 === 'number' && areaMm2 > 0 && Number.isFinite(areaMm2)))
    throw new RangeError(`inkCoverage: areaMm2 must be a positive number of mm², got ${String(areaMm2)}`);
  if (appearance.opacity.length !== dots.count || appearance.radius.length !== dots.count)
    throw new RangeError(`inkCoverage: appearance has ${appearance.opacity.length} dots, dots ${dots.count}`);
  const where = options.where;
  const { opacity, radius } = appearance;
  let ink = 0, under = 0, op = 0, diam = 0, n = 0, rMax = 0;
  const kept: number[] = [];
  for (let i = 0; i < dots.count; i++) {
    const a = opacity[i]!;
    if (!(a > 0)) continue;
    if (where && !where(dots.xy[2 * i]!, dots.xy[2 * i + 1]!)) continue;
    const r = radius[i]!;
    const area = Math.PI * r * r;
    ink += a * area;
    under += area;
    op += a;
    diam += 2 * r;
    n++;
    kept.push(i);
    if (r > rMax) rMax = r;
  }
  const overlap = pairOverlap(dots.xy, opacity, radius, kept, 2 * rMax) / areaMm2;
  return { coverage: ink / areaMm2, underDots: under / areaMm2, overlap, meanOpacity: n ? op / n : 0, meanDiameterMm: n ? diam / n : 0, dots: n, areaMm2 };
}

/** Σ over pairs of the kept dots of a_i a_j × the lens area of their discs, mm² (a grid of `cell` mm finds the neighbours). */
function pairOverlap(xy: ArrayLike<number>, opacity: ArrayLike<number>, radius: ArrayLike<number>, kept: number[], cell: number): number {
  if (!(cell > 0)) return 0;
  const grid = new Map<string, number[]>();
  const key = (gx: number, gy: number) => `${gx},${gy}`;
  for (const i of kept) {
    const k = key(Math.floor(xy[2 * i]! / cell), Math.floor(xy[2 * i + 1]! / cell));
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  let sum = 0;
  for (const i of kept) {
    const x = xy[2 * i]!, y = xy[2 * i + 1]!, r = radius[i]!;
    const gx = Math.floor(x / cell), gy = Math.floor(y / cell);
    for (let bx = gx - 1; bx <= gx + 1; bx++)
      for (let by = gy - 1; by <= gy + 1; by++)
        for (const j of grid.get(key(bx, by)) ?? []) {
          if (j <= i) continue;
          const lens = lensArea(r, radius[j]!, Math.hypot(xy[2 * j]! - x, xy[2 * j + 1]! - y));
          if (lens > 0) sum += opacity[i]! * opacity[j]! * lens;
        }
  }
  return sum;
}

/** Area shared by two discs of radii r1, r2 whose centres lie d apart. */
function lensArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  const lo = Math.min(r1, r2);
  if (d <= Math.abs(r1 - r2)) return Math.PI * lo * lo;
  const a1 = r1 * r1 * Math.acos(Math.min(1, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1)));
  const a2 = r2 * r2 * Math.acos(Math.min(1, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2)));
  return a1 + a2 - 0.5 * Math.sqrt(Math.max(0, (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)));
}

/**
 * Mean linear transmission of a flat patch with ink coverage C, pair overlap O (InkCoverage.overlap; 0: dots apart) and a
 * pigment of transmission τ: 1 − C·(1 − τ) + O·(1 − τ)², per channel.
 */
export function inkTransmission(coverage: number, tau: Readonly<Rgb>, overlap = 0): Rgb {
  check('inkTransmission', 'coverage', coverage, 0, 1e3);
  check('inkTransmission', 'overlap', overlap, 0, 1e3);
  return [0, 1, 2].map((k) => Math.min(1, Math.max(0, 1 - coverage * (1 - tau[k]!) + overlap * (1 - tau[k]!) ** 2))) as Rgb;
}

/** The treated area on the scalp side of the plan's hairline, mm², and the test for it (the whole treated area without a hairline). */
export function scalpSideArea(plan: Plan): { areaMm2: number; where: (x: number, y: number) => boolean } {
  const where = plan.hairline ? scalpSideTest(plan.hairline) : () => true;
  const areaMm2 = areaBy(plan, 1, (x, y) => (where(x, y) ? 0 : -1))[0]!;
  return { areaMm2, where };
}

/**
 * An ink with the hue of the client's stubble and the strength of the calibrated pigment: the stubble's per-channel
 * colour (e.g. stubbleTone's hair ÷ scalp ratio, or a hair colour in linear light) scaled so its Rec.709 luminance is
 * the pigment's, each channel then clamped to 0–1. A black or unreadable tone gives the pigment itself.
 */
export function stubbleInk(tone: Readonly<Rgb>, pigment: Readonly<Rgb> = pigmentTransmission()): Rgb {
  if (!Array.isArray(tone) || tone.length !== 3) throw new RangeError(`stubbleInk: tone must be [r, g, b], got ${String(tone)}`);
  tone.forEach((v, k) => check('stubbleInk', `tone[${k}]`, v, 0, 1e3));
  const Y = luminance(tone as Rgb);
  if (!(Y > 1e-6)) return [pigment[0], pigment[1], pigment[2]];
  const k = luminance(pigment as Rgb) / Y;
  return [Math.min(1, tone[0] * k), Math.min(1, tone[1] * k), Math.min(1, tone[2] * k)];
}

/**
 * The buzz cut's stubble as a mean linear transmission per channel: the middle of the calibrated healed range
 * (HEALED_TRANSMISSION, the tone of real stubble the healed dots are calibrated to) in luminance, with the hue of
 * `ink` (e.g. stubbleInk of the client's stubble). For the shaved look's remaining hair (render/shave.ts).
 */
export function stubbleShade(ink: Readonly<Rgb> = pigmentTransmission(), target = (HEALED_TRANSMISSION.min + HEALED_TRANSMISSION.max) / 2): Rgb {
  check('stubbleShade', 'target', target, 0, 1);
  ink.forEach((v, k) => check('stubbleShade', `ink[${k}]`, v, 0, 1));
  const dark = 1 - luminance(ink as Rgb);
  if (!(dark > 1e-6)) return [1, 1, 1];
  const k = (1 - target) / dark;
  return [Math.max(0, 1 - k * (1 - ink[0])), Math.max(0, 1 - k * (1 - ink[1])), Math.max(0, 1 - k * (1 - ink[2]))];
}

function check(where: string, name: string, v: number, lo: number, hi: number): void {
  if (!(typeof v === 'number' && v >= lo && v <= hi)) throw new RangeError(`${where}: ${name} must be a number in [${lo}, ${hi}], got ${String(v)}`);
}
