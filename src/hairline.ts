// The hairline: a Catmull-Rom curve through the artist's points, a signed distance to it (positive on the
// scalp side), made irregular by simplex noise, and the density profile across it.
// Design rules (DOMAIN "Hairline design", Shapiro): a soft, irregular transition zone of 0.5–1 cm in front of
// and along the line, inside a 2–4 cm gradient to full density; sentinel dots ahead of the line.
import type { NoiseFunction2D } from 'simplex-noise';
import type { ResolvedHairline } from './plan.js';
import type { Grid } from './raster.js';
import { insidePolygon } from './raster.js';

type Pt = readonly [number, number];

/** Irregularity at 1: macro wander (mm, over `MACRO_SCALE_MM`) and micro jag (mm, over `MICRO_SCALE_MM`). Our assumption. */
export const HAIRLINE_IRREGULARITY = { macroMm: 5, macroScaleMm: 30, microMm: 2, microScaleMm: 4 };

/** Samples a uniform Catmull-Rom spline through the points (it passes through each one). */
export function sampleCurve(points: readonly Pt[], perSegment = 8): Pt[] {
  if (points.length < 3) return points.slice();
  const out: Pt[] = [];
  const n = points.length;
  for (let i = 0; i < n - 1; i++) {
    const p0 = points[Math.max(0, i - 1)]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[Math.min(n - 1, i + 2)]!;
    for (let s = 0; s < perSegment; s++) {
      const t = s / perSegment;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  out.push(points[n - 1]!);
  return out;
}

/** Share of full density from the signed, perturbed distance s (mm, + toward the scalp). */
export function hairlineProfile(s: number, transitionMm: number, gradientMm: number, front: number): number {
  if (s >= gradientMm) return 1;
  if (s >= 0) {
    const t = s / gradientMm;
    return front + (1 - front) * t * t * (3 - 2 * t);
  }
  if (s <= -transitionMm) return 0;
  const t = 1 + s / transitionMm;
  return front * t * t;
}

function unitDir(ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy) || 1;
  return [dx / len, dy / len];
}

/**
 * Signed distance from every grid node (w+1 × h+1) to the hairline, clamped to ±band, plus irregularity.
 * The ends continue as straight rays, so the gradient carries on past the temple points. With `used` (1 at the
 * nodes a cell with dots touches) only those are computed; the others keep ±band (nothing reads them).
 */
export function hairlineDistance(grid: Grid, hairline: ResolvedHairline, noise: NoiseFunction2D, noise2: NoiseFunction2D, used?: Uint8Array): Float32Array {
  const { x0, y0, cell, w, h } = grid;
  const nw = w + 1;
  const nh = h + 1;
  const curve = sampleCurve(hairline.points);
  const irr = hairline.irregularity;
  const I = HAIRLINE_IRREGULARITY;
  const wander = irr * (I.macroMm + I.microMm);
  const band = Math.max(hairline.gradientMm, hairline.transitionMm) + wander + 2 * cell;
  const diag = Math.hypot(w * cell, h * cell);
  let extent = 0;
  for (const p of curve) extent = Math.max(extent, Math.abs(p[0] - x0), Math.abs(p[1] - y0));
  const L = 4 * (diag + extent + band);
  const m = curve.length;
  const [t0x, t0y] = unitDir(curve[0]![0], curve[0]![1], curve[1]![0], curve[1]![1]);
  const [tmx, tmy] = unitDir(curve[m - 2]![0], curve[m - 2]![1], curve[m - 1]![0], curve[m - 1]![1]);
  const A: Pt = [curve[0]![0] - t0x * L, curve[0]![1] - t0y * L];
  const B: Pt = [curve[m - 1]![0] + tmx * L, curve[m - 1]![1] + tmy * L];
  const line: Pt[] = [A, ...curve, B];
  // scalp normal of travel direction (dx, dy) is (dy, −dx); the face side is its opposite
  const face: Pt[] = [...line, [B[0] - tmy * L, B[1] + tmx * L], [A[0] - t0y * L, A[1] + t0x * L]];

  // the polylines as flat arrays: the loops below then meet one kind of array whatever the plan's points were made of
  // (arrays of small integers or of doubles), instead of deoptimising on a new one
  const n = face.length;
  const fx = new Float64Array(n);
  const fy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    fx[i] = face[i]![0];
    fy[i] = face[i]![1];
  }
  const nl = line.length; // face[0 … nl − 1] is the line

  const dist = new Float32Array(nw * nh).fill(band);
  // A node's nearest point of the line is on a segment whose perpendicular slab holds the node, or is a vertex
  // whose wedge (between its two segments' normals) holds it. The slabs (a cell longer each way) and the wedges'
  // boxes hold every node's nearest segment, so the minimum is the one over all segments within `band`, for about
  // a tenth of the distance evaluations of every segment's whole band box.
  const used0 = used ?? EMPTY_U8;
  for (let k = 0; k + 1 < nl; k++) slab(dist, used0, x0, y0, cell, nw, nh, fx[k]!, fy[k]!, fx[k + 1]!, fy[k + 1]!, band);
  for (let k = 1; k + 1 < nl; k++) wedge(dist, used0, x0, y0, cell, nw, nh, fx[k - 1]!, fy[k - 1]!, fx[k]!, fy[k]!, fx[k + 1]!, fy[k + 1]!, band);
  signAndPerturb(dist, fx, fy, x0, y0, cell, nw, nh, band, irr, I.macroMm, I.macroScaleMm, I.microMm, I.microScaleMm, noise, noise2, used0, used !== undefined);
  return dist;
}

const EMPTY_U8 = new Uint8Array(0);

/**
 * Signs the distances by scanline against the face-side polygon (fx, fy), then adds the irregularity where it
 * matters (within the band, at used nodes when `hasUsed`). Its own function: small enough to be optimised soon.
 */
function signAndPerturb(
  dist: Float32Array, fx: Float64Array, fy: Float64Array, x0: number, y0: number, cell: number, nw: number, nh: number, band: number,
  irr: number, macroMm: number, macroScaleMm: number, microMm: number, microScaleMm: number, noise: NoiseFunction2D, noise2: NoiseFunction2D,
  used: Uint8Array, hasUsed: boolean,
): void {
  const n = fx.length;
  const crossings = new Float64Array(n);
  for (let r = 0; r < nh; r++) {
    const py = y0 + r * cell;
    let m = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = fy[i]!;
      const yj = fy[j]!;
      if (yi > py !== yj > py) crossings[m++] = fx[i]! + ((py - yi) / (yj - yi)) * (fx[j]! - fx[i]!);
    }
    const xs = crossings.subarray(0, m).sort(); // numeric order (a typed array's sort)
    let k = 0;
    let inside = false;
    for (let c = 0; c < nw; c++) {
      const px = x0 + c * cell;
      while (k < m && xs[k]! <= px) {
        inside = !inside;
        k++;
      }
      const at = r * nw + c;
      let s = inside ? -dist[at]! : dist[at]!;
      if (irr > 0 && dist[at]! < band && (!hasUsed || used[at])) {
        s += irr * (macroMm * noise(px / macroScaleMm, py / macroScaleMm) + microMm * noise2(px / microScaleMm, py / microScaleMm));
      }
      dist[at] = s;
    }
  }
}

/** The nodes within `band` of segment a–b whose projection falls on it (t in [−m, 1 + m], m one cell): each lowered to its distance. */
function slab(dist: Float32Array, used: Uint8Array, x0: number, y0: number, cell: number, nw: number, nh: number, ax: number, ay: number, bx: number, by: number, band: number): void {
  const ex = bx - ax;
  const ey = by - ay;
  const len2 = ex * ex + ey * ey || 1;
  const len = Math.sqrt(len2);
  const m = cell / len;
  const all = used.length === 0;
  // the slab's corners a − m·e ± band·n and b + m·e ± band·n (n the unit normal)
  const nx = -ey / len;
  const ny = ex / len;
  const sx0 = ax - m * ex;
  const sy0 = ay - m * ey;
  const sx1 = bx + m * ex;
  const sy1 = by + m * ey;
  if (Math.abs(ex) >= Math.abs(ey)) {
    const c0 = Math.max(0, Math.floor((Math.min(sx0, sx1) - band * Math.abs(nx) - x0) / cell));
    const c1 = Math.min(nw - 1, Math.ceil((Math.max(sx0, sx1) + band * Math.abs(nx) - x0) / cell));
    for (let c = c0; c <= c1; c++) {
      const px = x0 + c * cell;
      // y where the signed distance is ±band, and where t is −m and 1 + m (linear in y)
      const q0 = ay + ((px - ax) * ey - band * len) / ex;
      const q1 = ay + ((px - ax) * ey + band * len) / ex;
      let lo = Math.min(q0, q1);
      let hi = Math.max(q0, q1);
      if (ey !== 0) {
        const t0 = ay + (-m * len2 - (px - ax) * ex) / ey;
        const t1 = ay + ((1 + m) * len2 - (px - ax) * ex) / ey;
        lo = Math.max(lo, Math.min(t0, t1));
        hi = Math.min(hi, Math.max(t0, t1));
      }
      const r0 = Math.max(0, Math.floor((lo - y0) / cell));
      const r1 = Math.min(nh - 1, Math.ceil((hi - y0) / cell));
      for (let r = r0; r <= r1; r++) if (all || used[r * nw + c]) nearer(dist, r * nw + c, px, y0 + r * cell, ax, ay, ex, ey, len2);
    }
  } else {
    const r0 = Math.max(0, Math.floor((Math.min(sy0, sy1) - band * Math.abs(ny) - y0) / cell));
    const r1 = Math.min(nh - 1, Math.ceil((Math.max(sy0, sy1) + band * Math.abs(ny) - y0) / cell));
    for (let r = r0; r <= r1; r++) {
      const py = y0 + r * cell;
      const q0 = ax + ((py - ay) * ex + band * len) / ey;
      const q1 = ax + ((py - ay) * ex - band * len) / ey;
      let lo = Math.min(q0, q1);
      let hi = Math.max(q0, q1);
      if (ex !== 0) {
        const t0 = ax + (-m * len2 - (py - ay) * ey) / ex;
        const t1 = ax + ((1 + m) * len2 - (py - ay) * ey) / ex;
        lo = Math.max(lo, Math.min(t0, t1));
        hi = Math.min(hi, Math.max(t0, t1));
      }
      const c0 = Math.max(0, Math.floor((lo - x0) / cell));
      const c1 = Math.min(nw - 1, Math.ceil((hi - x0) / cell));
      for (let c = c0; c <= c1; c++) if (all || used[r * nw + c]) nearer(dist, r * nw + c, x0 + c * cell, py, ax, ay, ex, ey, len2);
    }
  }
}

/**
 * The nodes of vertex v's wedge, on the outer side of the turn (a box around it; the whole disc's box for a turn
 * over 90°), lowered to their distance to either segment. A gentle turn needs none: its wedge is narrower than
 * the cell the slabs reach past their ends.
 */
function wedge(
  dist: Float32Array, used: Uint8Array, x0: number, y0: number, cell: number, nw: number, nh: number,
  px0: number, py0: number, vx: number, vy: number, qx: number, qy: number, band: number,
): void {
  const e1x = vx - px0;
  const e1y = vy - py0;
  const e2x = qx - vx;
  const e2y = qy - vy;
  const l1 = Math.hypot(e1x, e1y) || 1;
  const l2 = Math.hypot(e2x, e2y) || 1;
  const cross = (e1x * e2y - e1y * e2x) / (l1 * l2); // sin of the turn, + to the left
  const sharp = e1x * e2x + e1y * e2y < 0;
  if (!sharp && band * Math.abs(cross) <= cell) return;
  let bx0: number;
  let bx1: number;
  let by0: number;
  let by1: number;
  if (sharp) {
    bx0 = vx - band;
    bx1 = vx + band;
    by0 = vy - band;
    by1 = vy + band;
  } else {
    // the outer side's normals (left normal (−ey, ex), taken to the right of a left turn) and their bisector
    const side = cross > 0 ? -band : band;
    const n1x = (side * -e1y) / l1;
    const n1y = (side * e1x) / l1;
    const n2x = (side * -e2y) / l2;
    const n2y = (side * e2x) / l2;
    const ml = Math.hypot(n1x + n2x, n1y + n2y) || 1;
    const mx = ((n1x + n2x) / ml) * band;
    const my = ((n1y + n2y) / ml) * band;
    bx0 = vx + Math.min(0, n1x, n2x, mx);
    bx1 = vx + Math.max(0, n1x, n2x, mx);
    by0 = vy + Math.min(0, n1y, n2y, my);
    by1 = vy + Math.max(0, n1y, n2y, my);
  }
  const all = used.length === 0;
  const len2a = e1x * e1x + e1y * e1y || 1;
  const len2b = e2x * e2x + e2y * e2y || 1;
  const c0 = Math.max(0, Math.floor((bx0 - x0) / cell) - 1);
  const c1 = Math.min(nw - 1, Math.ceil((bx1 - x0) / cell) + 1);
  const r0 = Math.max(0, Math.floor((by0 - y0) / cell) - 1);
  const r1 = Math.min(nh - 1, Math.ceil((by1 - y0) / cell) + 1);
  for (let r = r0; r <= r1; r++)
    for (let c = c0; c <= c1; c++) {
      const at = r * nw + c;
      if (!all && !used[at]) continue;
      const px = x0 + c * cell;
      const py = y0 + r * cell;
      nearer(dist, at, px, py, px0, py0, e1x, e1y, len2a);
      nearer(dist, at, px, py, vx, vy, e2x, e2y, len2b);
    }
}

/** Lowers dist[at] to the distance from (px, py) to the segment a + t·e, t in [0, 1] (a top-level function: no closure per segment). */
function nearer(dist: Float32Array, at: number, px: number, py: number, ax: number, ay: number, ex: number, ey: number, len2: number): void {
  const t = Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / len2));
  const dx = px - ax - t * ex;
  const dy = py - ay - t * ey;
  const d = Math.sqrt(dx * dx + dy * dy);
  if (d < dist[at]!) dist[at] = d;
}

/** True when (x, y) lies on the scalp side of the hairline (exact, for tests and tools). */
export function onScalpSide(hairline: Pick<ResolvedHairline, 'points'>, x: number, y: number): boolean {
  return scalpSideTest(hairline)(x, y);
}

/** onScalpSide for many points: the curve is sampled once, and the returned test reused. */
export function scalpSideTest(hairline: Pick<ResolvedHairline, 'points'>): (x: number, y: number) => boolean {
  const curve = sampleCurve(hairline.points);
  const m = curve.length;
  const L = 1e7;
  const [t0x, t0y] = unitDir(curve[0]![0], curve[0]![1], curve[1]![0], curve[1]![1]);
  const [tmx, tmy] = unitDir(curve[m - 2]![0], curve[m - 2]![1], curve[m - 1]![0], curve[m - 1]![1]);
  const A: Pt = [curve[0]![0] - t0x * L, curve[0]![1] - t0y * L];
  const B: Pt = [curve[m - 1]![0] + tmx * L, curve[m - 1]![1] + tmy * L];
  const face: Pt[] = [A, ...curve, B, [B[0] - tmy * L, B[1] + tmx * L], [A[0] - t0y * L, A[1] + t0x * L]];
  return (x, y) => !insidePolygon(face, x, y);
}
