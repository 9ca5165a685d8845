// Spacing quality of a point set with the density normalised away (shared/docs/PERFORMANCE.md "Quality
// measures"): nearest-neighbour distance × √(local density), and the radially averaged periodogram in units
// of the mean spacing (Ulichney 1988, "Dithering with blue noise"; Heck, Schlömer & Deussen 2013, "Blue noise
// sampling with controlled aliasing", for the periodogram of a point set). Pure: typed arrays, no DOM, no
// randomness. Lengths in the caller's unit (mm in this project); densities per unit² (dots/mm²).
import { ArgumentError, finiteAll, int, num, obj, opt } from './errors.js';
import { MAX_DOTS } from './plan.js';

/** Interleaved coordinates x0, y0, x1, y1, … */
export type Coords = Float32Array | Float64Array;

/** An axis-aligned window, x0 < x1 and y0 < y1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Spacing figures of a point set; NaN when no point could be measured. */
export interface SpacingQuality {
  /** The 0.1 % quantile (by default) of NN·√density over its mean: ≈ 1 for a lattice, ≥ ~0.8 well spaced, ~0.1 white noise. */
  localRatio: number;
  /** Mean of NN·√density: 1 for a square lattice, ~0.8–0.9 Poisson disk, 0.5 white noise (with the true density). */
  meanScaled: number;
  /** Share of measured points whose NN·√density is below half the mean: 0 well spaced, ~0.2 white noise. */
  clumpShare: number;
  /** Points that entered the statistics (inside the box less the margin, with a positive density). */
  measured: number;
}

/** Options of spacingQuality. */
export interface SpacingOptions {
  /** Window of the statistics (default: the points' bounding box); points within `margin` of its border are left out. */
  box?: Box;
  /** Border excluded from the statistics (default 2.5 mean spacings of the box). */
  margin?: number;
  /** Low quantile used instead of the minimum in localRatio (default 0.001, i.e. the 0.1 % quantile). */
  quantile?: number;
  /** Neighbours of the k-NN density estimate when no densityAt is given (default 8, at least 2). */
  k?: number;
}

/** A radially averaged periodogram and its figures; frequencies in cycles per mean spacing (f / √density). */
export interface Spectrum {
  /** Bin centres. */
  frequency: Float64Array;
  /** Mean periodogram per bin; a Poisson (white-noise) set gives ≈ 1 everywhere. */
  power: Float64Array;
  /** Points used (inside the possibly shrunk window). */
  points: number;
  /** The window actually used. */
  box: Box;
  /** Mean power of the bins below f = 0.5: ≈ 1 white noise, near 0 blue noise. */
  lowFrequencyPower: number;
  /** Largest binned power: ~1.3–1.6 natural Poisson disk, ≫ 2 crystalline or lattice. */
  peak: number;
  /** Bin centre of the peak. */
  peakFrequency: number;
  /** Largest bin (f ≥ 0.5) over the median of its six neighbours (floored at 0.05): ~1.1–1.3 smooth, ≫ 2 for sharp periodic spikes. */
  spikiness: number;
}

/** Options of radialSpectrum. */
export interface SpectrumOptions {
  /** Most points used; a larger window is shrunk about its centre to hold about this many (default 16384). */
  maxPoints?: number;
  /** Highest frequency, cycles per mean spacing (default 3). */
  fMax?: number;
  /** Radial bins (default 60, i.e. 0.05 wide). */
  bins?: number;
  /** Directions sampled over half a turn (default 64). */
  directions?: number;
  /** Radial samples per bin and direction (default 5). */
  stepsPerBin?: number;
}

// ---------------------------------------------------------------------------------------------------
// Grid and k-nearest-neighbour search

interface PointGrid {
  x0: number;
  y0: number;
  cell: number;
  gw: number;
  gh: number;
  /** Start of each cell in `order`/`xs`/`ys`; length gw·gh + 1. */
  start: Uint32Array;
  /** Point index of each grid slot. */
  order: Uint32Array;
  xs: Float64Array;
  ys: Float64Array;
}

function buildGrid(xy: Coords, count: number): PointGrid {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let valid = 0;
  for (let i = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    valid++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (valid === 0) return { x0: 0, y0: 0, cell: 1, gw: 1, gh: 1, start: new Uint32Array(2), order: new Uint32Array(0), xs: new Float64Array(0), ys: new Float64Array(0) };
  const wx = x1 - x0;
  const wy = y1 - y0;
  // about one point per cell; a degenerate (collinear) set falls back to its longer extent
  let cell = Math.sqrt((wx * wy) / valid);
  if (!(cell > 0)) cell = Math.max(wx, wy) / valid || 1;
  cell = Math.max(cell, Math.max(wx, wy) / 65536); // caps the grid side
  const gw = Math.min(65536, Math.floor(wx / cell) + 1);
  const gh = Math.min(65536, Math.floor(wy / cell) + 1);
  const start = new Uint32Array(gw * gh + 1);
  const cellOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      cellOf[i] = -1;
      continue;
    }
    const c = Math.min(gh - 1, Math.floor((y - y0) / cell)) * gw + Math.min(gw - 1, Math.floor((x - x0) / cell));
    cellOf[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < gw * gh; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, gw * gh);
  const order = new Uint32Array(valid);
  const xs = new Float64Array(valid);
  const ys = new Float64Array(valid);
  for (let i = 0; i < count; i++) {
    const c = cellOf[i]!;
    if (c < 0) continue;
    const at = fill[c]!++;
    order[at] = i;
    xs[at] = xy[2 * i]!;
    ys[at] = xy[2 * i + 1]!;
  }
  return { x0, y0, cell, gw, gh, start, order, xs, ys };
}

/**
 * Distances to the nearest and to the k-th nearest other point, exact, for the points where `want` is
 * unset or nonzero (others get NaN). Rings of grid cells are searched outwards until ring R's lower
 * bound R·cell exceeds the k-th best distance found.
 */
function knn(xy: Coords, count: number, k: number, want?: Uint8Array): { nn: Float64Array; kth: Float64Array; nnIndex: Int32Array } {
  const nn = new Float64Array(count).fill(NaN);
  const nnIndex = new Int32Array(count).fill(-1);
  const kth = new Float64Array(count).fill(NaN);
  const g = buildGrid(xy, count);
  const { cell, gw, gh, start, order, xs, ys } = g;
  const best = new Float64Array(k);
  const maxRing = Math.max(gw, gh);
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) {
      const c = cy * gw + cx;
      for (let s = start[c]!; s < start[c + 1]!; s++) {
        const i = order[s]!;
        if (want && !want[i]) continue;
        const px = xs[s]!;
        const py = ys[s]!;
        best.fill(Infinity);
        let nearest = -1;
        for (let R = 0; R <= maxRing; R++) {
          const jy0 = Math.max(0, cy - R);
          const jy1 = Math.min(gh - 1, cy + R);
          for (let jy = jy0; jy <= jy1; jy++) {
            const edgeRow = jy === cy - R || jy === cy + R;
            const step = edgeRow ? 1 : 2 * R; // inner rows: only the two ring cells
            for (let jx = cx - R; jx <= cx + R; jx += step || 1) {
              if (jx < 0 || jx >= gw) continue;
              const cc = jy * gw + jx;
              for (let t = start[cc]!; t < start[cc + 1]!; t++) {
                if (t === s) continue;
                const dx = xs[t]! - px;
                const dy = ys[t]! - py;
                const d2 = dx * dx + dy * dy;
                if (d2 < best[0]!) nearest = order[t]!;
                if (d2 < best[k - 1]!) {
                  let m = k - 1;
                  while (m > 0 && best[m - 1]! > d2) {
                    best[m] = best[m - 1]!;
                    m--;
                  }
                  best[m] = d2;
                }
              }
            }
          }
          const bound = R * cell;
          if (best[k - 1]! <= bound * bound) break;
        }
        nn[i] = Math.sqrt(best[0]!);
        nnIndex[i] = nearest;
        kth[i] = Math.sqrt(best[k - 1]!);
      }
    }
  }
  return { nn, kth, nnIndex };
}

/** Exact nearest-neighbour distance of every point (grid search, O(n) for spread-out sets); Infinity for a lone point, NaN for a NaN point. */
export function nearestNeighbour(xy: Coords, count: number): Float64Array {
  return knn(xy, count, 1).nn;
}

// ---------------------------------------------------------------------------------------------------
// Spacing

function boundsOf(xy: Coords, count: number): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

/** A box argument: finite corners, x0 < x1 and y0 < y1. */
function checkBox(where: string, v: unknown): Box {
  const b = obj(where, v);
  for (const k of ['x0', 'y0', 'x1', 'y1'] as const) num(`${where}.${k}`, b[k]);
  if (!((b.x1 as number) > (b.x0 as number) && (b.y1 as number) > (b.y0 as number))) throw new ArgumentError(where, v, 'expected x0 < x1 and y0 < y1');
  return b as unknown as Box;
}

function countIn(xy: Coords, count: number, b: Box): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) n++;
  }
  return n;
}

/** The q-quantile (0–1) of the first n values (sorted copy, nearest rank). */
function quantileOf(values: Float64Array, n: number, q: number): number {
  const s = values.slice(0, n).sort();
  return s[Math.min(n - 1, Math.max(0, Math.floor(q * n)))]!;
}

/**
 * Spacing figures of the points inside `options.box` (less a margin): s = NN distance × √(local density).
 * densityAt(x, y) gives the intended density (per unit²), taken at the denser of the point and its nearest
 * neighbour: a pair's spacing is set by its denser side, so a dot at the foot of a steep ramp (a soft hairline:
 * the density doubles within a millimetre) next to a dot on the dense side is not a clump. Without densityAt
 * the density is estimated from the points
 * as k/(π·r_k²) with r_k the distance to the k-th nearest neighbour (k = 8). localRatio and clumpShare are
 * ratios of s, so a constant bias of the estimate cancels; meanScaled inherits it.
 */
export function spacingQuality(
  xy: Coords,
  count: number,
  densityAt?: (x: number, y: number) => number,
  options: SpacingOptions = {},
): SpacingQuality {
  const W = 'spacingQuality';
  if (!(xy instanceof Float32Array || xy instanceof Float64Array)) throw new ArgumentError(`${W}: xy`, xy, 'expected a Float32Array or Float64Array of x, y pairs');
  int(`${W}: count`, count, 0, Math.min(MAX_DOTS, Math.floor(xy.length / 2)));
  finiteAll(`${W}: xy`, xy, 2 * count);
  if (densityAt !== undefined && typeof densityAt !== 'function') throw new ArgumentError(`${W}: densityAt`, densityAt, 'expected a function (x, y) → density, or nothing');
  const o = obj(`${W}: options`, options, true);
  const box = o.box === undefined ? boundsOf(xy, count) : checkBox(`${W}: options.box`, o.box);
  const inBox = countIn(xy, count, box);
  const area = (box.x1 - box.x0) * (box.y1 - box.y0);
  const margin = opt(o.margin, inBox > 0 && area > 0 ? 2.5 * Math.sqrt(area / inBox) : 0, (v) => num(`${W}: options.margin`, v, 0));
  const q = opt(o.quantile, 0.001, (v) => num(`${W}: options.quantile`, v, 0, 1));
  const k = opt(o.k, 8, (v) => int(`${W}: options.k`, v, 2, 64));
  const ix0 = box.x0 + margin;
  const ix1 = box.x1 - margin;
  const iy0 = box.y0 + margin;
  const iy1 = box.y1 - margin;
  const want = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (x >= ix0 && x <= ix1 && y >= iy0 && y <= iy1) want[i] = 1;
  }
  const { nn, kth, nnIndex } = knn(xy, count, densityAt ? 1 : k, want);
  const s = new Float64Array(count);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    if (!want[i]) continue;
    const j = nnIndex[i]!;
    const d = densityAt
      ? Math.max(densityAt(xy[2 * i]!, xy[2 * i + 1]!), j >= 0 ? densityAt(xy[2 * j]!, xy[2 * j + 1]!) : 0)
      : k / (Math.PI * kth[i]! * kth[i]!);
    const v = nn[i]! * Math.sqrt(d);
    if (!(d > 0 && Number.isFinite(v))) continue;
    s[n++] = v;
    sum += v;
  }
  if (n === 0) throw new ArgumentError(`${W}: xy`, `${count} points`, 'no point with a positive density inside the box less its margin: nothing to measure');
  const mean = sum / n;
  let clumps = 0;
  for (let i = 0; i < n; i++) if (s[i]! < 0.5 * mean) clumps++;
  return { localRatio: quantileOf(s, n, q) / mean, meanScaled: mean, clumpShare: clumps / n, measured: n };
}

// ---------------------------------------------------------------------------------------------------
// Spectrum

/** ∫₀ᴸ sin²(πx/L)·e^(−2πi·f·x) dx (the 1-D Hann window's transform), as [re, im]. */
function hannTransform(f: number, L: number): [number, number] {
  // g(f) = ∫₀ᴸ e^(−2πifx) dx; sin² = (1 − cos(2πx/L)) / 2
  const g = (h: number): [number, number] => {
    if (Math.abs(h * L) < 1e-12) return [L, 0];
    const a = 2 * Math.PI * h * L;
    // (1 − e^(−ia)) / (2πi·h) = (sin a + i(cos a − 1)) / (2πh)
    const d = 2 * Math.PI * h;
    return [Math.sin(a) / d, (Math.cos(a) - 1) / d];
  };
  const a = g(f);
  const b = g(f - 1 / L);
  const c = g(f + 1 / L);
  return [0.5 * a[0] - 0.25 * (b[0] + c[0]), 0.5 * a[1] - 0.25 * (b[1] + c[1])];
}

/**
 * Radially averaged periodogram of the points inside `box` (shrunk about its centre to hold about
 * maxPoints): P(f) = |Σ w_j e^(−2πi f·x_j) − ρ·Ŵ(f)|² / Σ w_j², with a Hann window w and its exact transform Ŵ
 * subtracted (so the window leaks nothing and P ≈ 1 for white noise). Direct (exact) sums over
 * `directions` × `bins·stepsPerBin` frequency vectors, by complex recurrence along each ray.
 */
export function radialSpectrum(xy: Coords, count: number, box: Box, options: SpectrumOptions = {}): Spectrum {
  const maxPoints = Math.max(16, Math.floor(options.maxPoints ?? 16384));
  const fMax = options.fMax ?? 3;
  const bins = Math.max(1, Math.floor(options.bins ?? 60));
  const D = Math.max(1, Math.floor(options.directions ?? 64));
  const per = Math.max(1, Math.floor(options.stepsPerBin ?? 5));
  if (!(box.x1 > box.x0 && box.y1 > box.y0)) throw new RangeError(`radialSpectrum: empty box ${JSON.stringify(box)}.`);
  let b = box;
  let n = countIn(xy, count, b);
  if (n > maxPoints) {
    const k = Math.sqrt(maxPoints / n);
    const cx = (b.x0 + b.x1) / 2;
    const cy = (b.y0 + b.y1) / 2;
    const hx = ((b.x1 - b.x0) * k) / 2;
    const hy = ((b.y1 - b.y0) * k) / 2;
    b = { x0: cx - hx, y0: cy - hy, x1: cx + hx, y1: cy + hy };
    n = countIn(xy, count, b);
  }
  const frequency = new Float64Array(bins);
  const power = new Float64Array(bins);
  for (let i = 0; i < bins; i++) frequency[i] = ((i + 0.5) * fMax) / bins;
  const empty = { frequency, power, points: n, box: b, lowFrequencyPower: NaN, peak: NaN, peakFrequency: NaN, spikiness: NaN };
  if (n < 2) return empty;
  const Lx = b.x1 - b.x0;
  const Ly = b.y1 - b.y0;
  const rho = n / (Lx * Ly);
  const unitF = Math.sqrt(rho); // cycles per mm of f = 1
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const w = new Float64Array(n);
  let sw = 0;
  let sw2 = 0;
  for (let i = 0, j = 0; i < count; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!(x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1)) continue;
    px[j] = x - b.x0;
    py[j] = y - b.y0;
    const wx = Math.sin((Math.PI * px[j]!) / Lx);
    const wy = Math.sin((Math.PI * py[j]!) / Ly);
    w[j] = wx * wx * wy * wy;
    sw += w[j]!;
    sw2 += w[j]! * w[j]!;
    j++;
  }
  const rhoW = sw / ((Lx / 2) * (Ly / 2)); // makes P(0) = 0 exactly
  const S = bins * per;
  const step = (fMax / S) * unitF; // cycles per mm between radial samples
  const re = new Float64Array(S);
  const im = new Float64Array(S);
  const sum = new Float64Array(bins);
  for (let d = 0; d < D; d++) {
    const th = (Math.PI * d) / D;
    const ux = Math.cos(th);
    const uy = Math.sin(th);
    re.fill(0);
    im.fill(0);
    for (let j = 0; j < n; j++) {
      const t = -2 * Math.PI * step * (ux * px[j]! + uy * py[j]!);
      const br = Math.cos(t);
      const bi = Math.sin(t);
      const wj = w[j]!;
      let zr = wj * Math.cos(0.5 * t); // first sample at half a step
      let zi = wj * Math.sin(0.5 * t);
      for (let s = 0; s < S; s++) {
        re[s]! += zr;
        im[s]! += zi;
        const nr = zr * br - zi * bi;
        zi = zr * bi + zi * br;
        zr = nr;
      }
    }
    for (let s = 0; s < S; s++) {
      const F = (s + 0.5) * step;
      const [ar, ai] = hannTransform(F * ux, Lx);
      const [cr, ci] = hannTransform(F * uy, Ly);
      const r = re[s]! - rhoW * (ar * cr - ai * ci);
      const i = im[s]! - rhoW * (ar * ci + ai * cr);
      sum[Math.floor(s / per)]! += (r * r + i * i) / sw2;
    }
  }
  for (let i = 0; i < bins; i++) power[i] = sum[i]! / (D * per);
  let low = 0;
  let lowN = 0;
  let peak = -Infinity;
  let peakAt = 0;
  let spikiness = 0;
  for (let i = 0; i < bins; i++) {
    const f = frequency[i]!;
    const p = power[i]!;
    if ((i + 1) * (fMax / bins) <= 0.5 + 1e-12) {
      low += p;
      lowN++;
    }
    if (p > peak) {
      peak = p;
      peakAt = f;
    }
    if (f >= 0.5) {
      const nb: number[] = [];
      for (let j = Math.max(0, i - 3); j <= Math.min(bins - 1, i + 3); j++) if (j !== i) nb.push(power[j]!);
      nb.sort((p1, p2) => p1 - p2);
      const med = nb.length % 2 ? nb[nb.length >> 1]! : (nb[nb.length / 2 - 1]! + nb[nb.length / 2]!) / 2;
      spikiness = Math.max(spikiness, p / Math.max(med, 0.05)); // the floor keeps a lattice's empty bands finite
    }
  }
  return { ...empty, lowFrequencyPower: lowN ? low / lowN : NaN, peak, peakFrequency: peakAt, spikiness };
}

/**
 * Share of points whose neighbourhood recurs elsewhere: the offsets to a point's 4 nearest neighbours, rounded
 * to `quantum` (0.001 mm by default) and sorted, form its signature; a point counts when another point has the
 * same one. A tiled pattern scores the share of its dots lying in repeated copies; Poisson-disk fills score ≈ 0.
 */
export function repetitionShare(xy: Coords, count: number, quantum = 0.001): number {
  if (count < 5) return 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    x0 = Math.min(x0, xy[2 * i]!);
    x1 = Math.max(x1, xy[2 * i]!);
    y0 = Math.min(y0, xy[2 * i + 1]!);
    y1 = Math.max(y1, xy[2 * i + 1]!);
  }
  const cell = Math.max(1e-9, Math.sqrt((((x1 - x0) * (y1 - y0)) / count) * 4)); // ≈ 4 points a cell
  const gw = Math.max(1, Math.ceil((x1 - x0) / cell) + 1);
  const gh = Math.max(1, Math.ceil((y1 - y0) / cell) + 1);
  const start = new Int32Array(gw * gh + 1);
  const cellOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = Math.floor((xy[2 * i + 1]! - y0) / cell) * gw + Math.floor((xy[2 * i]! - x0) / cell);
    cellOf[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < gw * gh; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, gw * gh);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[fill[cellOf[i]!]!++] = i;
  const sigA = new Uint32Array(count);
  const sigB = new Uint32Array(count);
  const bd = new Float64Array(4);
  const bx = new Float64Array(4);
  const by = new Float64Array(4);
  for (let i = 0; i < count; i++) {
    const px = xy[2 * i]!;
    const py = xy[2 * i + 1]!;
    const cx = Math.floor((px - x0) / cell);
    const cy = Math.floor((py - y0) / cell);
    bd.fill(Infinity);
    for (let ring = 1; ring <= 4; ring++) {
      for (let gy = Math.max(0, cy - ring); gy <= Math.min(gh - 1, cy + ring); gy++) {
        for (let gx = Math.max(0, cx - ring); gx <= Math.min(gw - 1, cx + ring); gx++) {
          if (ring > 1 && Math.abs(gy - cy) < ring && Math.abs(gx - cx) < ring) continue; // inner rings done
          for (let k = start[gy * gw + gx]!; k < start[gy * gw + gx + 1]!; k++) {
            const j = order[k]!;
            if (j === i) continue;
            const dx = xy[2 * j]! - px;
            const dy = xy[2 * j + 1]! - py;
            const d = dx * dx + dy * dy;
            if (d >= bd[3]!) continue;
            let at = 3;
            while (at > 0 && bd[at - 1]! > d) {
              bd[at] = bd[at - 1]!;
              bx[at] = bx[at - 1]!;
              by[at] = by[at - 1]!;
              at--;
            }
            bd[at] = d;
            bx[at] = dx;
            by[at] = dy;
          }
        }
      }
      if (bd[3]! <= (ring * cell) ** 2) break; // nothing outside the searched rings can be nearer
    }
    if (!(bd[3]! < Infinity)) {
      sigA[i] = i; // fewer than 4 neighbours: a signature of its own
      sigB[i] = 0xffffffff;
      continue;
    }
    let a = 0x9e3779b9;
    let b = 0x85ebca6b;
    for (let k = 0; k < 4; k++) {
      const qx = Math.round(bx[k]! / quantum) | 0;
      const qy = Math.round(by[k]! / quantum) | 0;
      a = Math.imul(a ^ qx, 0x01000193) ^ Math.imul(qy, 0x2c1b3c6d);
      a ^= a >>> 15;
      b = Math.imul(b ^ qy, 0x27d4eb2f) ^ Math.imul(qx, 0x165667b1);
      b ^= b >>> 13;
    }
    sigA[i] = a >>> 0;
    sigB[i] = b >>> 0;
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const key = sigA[i]! * 2097152 + (sigB[i]! & 0x1fffff); // 53 bits
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let repeated = 0;
  for (let i = 0; i < count; i++) if (seen.get(sigA[i]! * 2097152 + (sigB[i]! & 0x1fffff))! > 1) repeated++;
  return repeated / count;
}
