// The built-in sample background: a procedurally drawn, top-down view of a shaved, balding head (no photo is
// shipped). Everything is drawn in scalp mm through a ScalpView, so the default plan lands on the top of the
// head at any size. Deterministic per seed: noise comes from simplex-noise over seedrandom's alea.
import { createNoise2D, type NoiseFunction2D } from 'simplex-noise';
import { deriveRandom } from '../hash.js';
import { type ScalpView, fitView, pxToMm } from '../view.js';

/** Options of the sample scalp. */
export interface SampleScalpOptions {
  /** Seed of the skin texture and stubble (default 'sample'). */
  seed?: string | number;
  /** Fitzpatrick skin type 1–6 (default 3). */
  fitzpatrick?: number;
  /** Where scalp mm land on the image; default sampleScalpView(width, height). */
  view?: ScalpView;
  /** Stubble on the sides and back, 0 (none) – 1 (default 1). */
  stubble?: number;
}

/** The sample scalp as RGBA pixels plus the view that maps scalp mm onto them. */
export interface SampleScalpPixels {
  width: number;
  height: number;
  /** RGBA, row-major, top row first, opaque. */
  data: Uint8ClampedArray<ArrayBuffer>;
  view: ScalpView;
}

/** Skin base colour (sRGB 0–255) per Fitzpatrick type I–VI. Our picks from typical swatches, lit skin. */
export const SKIN_RGB: ReadonlyArray<readonly [number, number, number]> = [
  [241, 212, 192],
  [229, 187, 158],
  [208, 158, 124],
  [172, 120, 86],
  [124, 82, 57],
  [78, 53, 39],
];

/** Head outline on the scalp map, mm: an ellipse centred at (0, cy) with semi-axes ax, ay (ours). */
const HEAD = { cy: -78, ax: 84, ay: 122 } as const;
/** Ears (right; the left mirrors), mm: centre and semi-axes of an ellipse beside the head. */
const EAR = { cx: 86, cy: -58, ax: 11, ay: 30 } as const;
/** The mm box the default sample view frames: the head and ears with a little room. */
export const SAMPLE_HEAD_BOUNDS = { minX: -104, minY: -206, maxX: 104, maxY: 50 } as const;

/** The default view of the sample scalp for a width × height image: the whole head, centred. */
export function sampleScalpView(width: number, height: number): ScalpView {
  return fitView(SAMPLE_HEAD_BOUNDS, width, height, Math.round(Math.min(width, height) * 0.02));
}

const toLin = (c: number): number => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (v: number): number => {
  const c = v <= 0 ? 0 : v >= 1 ? 1 : v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  return c * 255;
};
const smooth = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Fractal noise, roughly −1..1. */
function fbm(n: NoiseFunction2D, x: number, y: number, octaves: number): number {
  let s = 0;
  let a = 0.5;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    s += a * n(x * f, y * f);
    f *= 2.03;
    a *= 0.5;
  }
  return s;
}

/** Draws the sample scalp as pixels (pure: no DOM; the same bytes in node and the browser for one seed). */
export function sampleScalpPixels(width: number, height: number, options: SampleScalpOptions = {}): SampleScalpPixels {
  if (!(width >= 1 && height >= 1)) throw new RangeError(`sampleScalpPixels: bad size ${width}×${height}`);
  width = Math.floor(width);
  height = Math.floor(height);
  const seed = String(options.seed ?? 'sample');
  const fitz = Math.min(6, Math.max(1, Math.round(options.fitzpatrick ?? 3)));
  const stubbleAmount = Math.min(1, Math.max(0, options.stubble ?? 1));
  const view = options.view ?? sampleScalpView(width, height);
  const base = SKIN_RGB[fitz - 1]!;
  const skin = [toLin(base[0]), toLin(base[1]), toLin(base[2])] as const;
  // darker skin shows less contrast from blotches and stubble
  const contrast = 1 - (fitz - 1) * 0.09;

  const blotch = createNoise2D(deriveRandom(seed, 'sample:blotch'));
  const pores = createNoise2D(deriveRandom(seed, 'sample:pores'));
  const hair = createNoise2D(deriveRandom(seed, 'sample:hair'));
  const edge = createNoise2D(deriveRandom(seed, 'sample:edge'));

  const data = new Uint8ClampedArray(width * height * 4);
  const mmPerPx = 1 / view.pxPerMm;
  const mm: [number, number] = [0, 0];
  // light from above, a little to the front and left; the camera looks straight down
  const L = normalize3(-0.35, 0.45, 0.82);
  const H = normalize3(L[0], L[1], L[2] + 1);

  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      pxToMm(view, px + 0.5, py + 0.5, mm);
      const x = mm[0];
      const y = mm[1];
      // backdrop: a soft studio grey, darker toward the corners and in the head's shadow
      const bu = (px / width - 0.5) * 2;
      const bv = (py / height - 0.5) * 2;
      const vign = 1 - 0.45 * Math.min(1, (bu * bu + bv * bv) / 2);
      let r = 0.05 * vign;
      let g = 0.055 * vign;
      let b = 0.062 * vign;
      // drop shadow of the head on the backdrop (offset away from the light)
      {
        const su = (x + 10) / (HEAD.ax + 10);
        const sv = (y - HEAD.cy + 12) / (HEAD.ay + 12);
        const sh = Math.sqrt(su * su + sv * sv);
        const k = 1 - 0.6 * (1 - smooth(0.85, 1.25, sh));
        r *= k;
        g *= k;
        b *= k;
      }

      // ears (behind the head's silhouette)
      const ex = Math.abs(x) - EAR.cx;
      const eu = ex / EAR.ax;
      const ev = (y - EAR.cy) / EAR.ay;
      const er = Math.sqrt(eu * eu + ev * ev);
      const earCover = Math.min(1, Math.max(0, 0.5 - ((er - 1) * Math.min(EAR.ax, EAR.ay)) / mmPerPx));
      if (earCover > 0) {
        const rim = smooth(0.35, 0.95, er); // the helix rim is lit, the bowl shadowed
        const shade = 0.35 + 0.45 * rim * (1 - smooth(0.9, 1.0, er)) + 0.1 * (eu > 0 ? 1 : 0.5);
        const er_ = skin[0] * 1.02 * shade;
        const eg = skin[1] * 0.9 * shade;
        const eb = skin[2] * 0.88 * shade;
        r += (er_ - r) * earCover;
        g += (eg - g) * earCover;
        b += (eb - b) * earCover;
      }

      // the head: an ellipsoid dome
      // wider at the back (parietal), narrower at the forehead
      const v = (y - HEAD.cy) / HEAD.ay;
      const u = x / (HEAD.ax * (1 - 0.07 * Math.max(-1, Math.min(1, v))));
      const rr = Math.sqrt(u * u + v * v);
      const cover = Math.min(1, Math.max(0, 0.5 - ((rr - 1) * Math.min(HEAD.ax, HEAD.ay)) / mmPerPx));
      if (cover > 0) {
        const q = Math.min(rr, 0.999);
        const z = Math.sqrt(1 - q * q);
        // normal of a flattened ellipsoid (the top of a skull is flatter than a sphere)
        const n = normalize3(u * 1.05, v * 0.9, z * 1.25);
        const diff = Math.max(0, n[0] * L[0] + n[1] * L[1] + n[2] * L[2]);
        const spec = Math.max(0, n[0] * H[0] + n[1] * H[1] + n[2] * H[2]) ** 28;
        // the silhouette falls away: occlusion toward the rim
        const ao = 1 - 0.55 * smooth(0.8, 1.0, rr);
        let light = (0.3 + 0.85 * diff) * ao;
        // skin texture: low blotches (redness), fine pores and creases
        const bl = fbm(blotch, x / 28, y / 28, 3);
        const po = pores(x / 0.55, y / 0.55) * 0.6 + pores(x / 0.23 + 31, y / 0.23) * 0.4;
        const mottle = fbm(pores, x / 3.5 + 101, y / 3.5, 2);
        light *= 1 + (0.06 * po + 0.05 * mottle) * contrast;
        let sr = skin[0] * (1 + 0.08 * bl * contrast);
        let sg = skin[1] * (1 - 0.03 * bl * contrast);
        let sb = skin[2] * (1 - 0.02 * bl * contrast);
        // forehead (in front of the hairline) a touch more sun-worn and redder toward the brow
        const fore = smooth(-5, 40, y);
        sr *= 1 + 0.04 * fore;
        sg *= 1 - 0.04 * fore;
        sb *= 1 - 0.06 * fore;
        // shadows in skin turn warmer (subsurface scattering)
        const warm = 1 - Math.min(1, light);
        let cr = sr * light * (1 + 0.25 * warm);
        let cg = sg * light * (1 - 0.05 * warm);
        let cb = sb * light * (1 - 0.12 * warm);
        const sheen = 0.16 * spec * (1 + 0.3 * po);
        cr += sheen;
        cg += sheen;
        cb += sheen * 1.03;

        // stubble on the horseshoe fringe (sides and back), never on the top or the forehead
        if (stubbleAmount > 0) {
          // shaped like the bald top the default plan treats (presets.topOfHeadRegion: 150 mm wide, back to
          // y ≈ −175), so the hair begins where the treated region ends, with a little overlap
          const fu = x / 77;
          const fv = y < -16 ? (y + 16) / 161 : 0;
          const wob = 0.04 * fbm(edge, x / 18, y / 18, 2);
          // the fringe starts at the temples (|x| ≈ 75, y ≈ −10) and never reaches the middle front
          const front = -45 + 0.5 * Math.abs(x);
          const fringe = smooth(0.9, 1.04, Math.sqrt(fu * fu + fv * fv) + wob) * smooth(front, front - 25, y);
          if (fringe > 0) {
            // a cool grey shadow from the hair shafts under the skin, plus individual dark specks
            const dens = fringe * stubbleAmount;
            const speck = hair(x / 0.32, y / 0.32);
            const dot = smooth(0.25, 0.75, speck) * dens;
            const shadow = 0.26 * dens + 0.6 * dot;
            const k = 1 - shadow * (0.65 + 0.35 * contrast);
            cr = cr * k + 0.004 * shadow;
            cg = cg * k + 0.005 * shadow;
            cb = cb * k + 0.008 * shadow;
          }
        }
        r += (cr - r) * cover;
        g += (cg - g) * cover;
        b += (cb - b) * cover;
      }

      const o = (py * width + px) * 4;
      data[o] = toSrgb(r);
      data[o + 1] = toSrgb(g);
      data[o + 2] = toSrgb(b);
      data[o + 3] = 255;
    }
  }
  return { width, height, data, view };
}

function normalize3(x: number, y: number, z: number): [number, number, number] {
  const l = Math.hypot(x, y, z) || 1;
  return [x / l, y / l, z / l];
}

/** A canvas holding the sample scalp (OffscreenCanvas where available, else a DOM canvas), and its view. */
export function renderSampleScalp(
  width: number,
  height: number,
  options: SampleScalpOptions = {},
): { canvas: OffscreenCanvas | HTMLCanvasElement; view: ScalpView } {
  const px = sampleScalpPixels(width, height, options);
  let canvas: OffscreenCanvas | HTMLCanvasElement;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(px.width, px.height);
  else if (typeof document !== 'undefined') {
    canvas = document.createElement('canvas');
    canvas.width = px.width;
    canvas.height = px.height;
  } else throw new Error('renderSampleScalp: no canvas here (use sampleScalpPixels)');
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('renderSampleScalp: no 2D context');
  ctx.putImageData(new ImageData(px.data, px.width, px.height), 0, 0);
  return { canvas, view: px.view };
}
