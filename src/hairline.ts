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

  const dist = new Float32Array(nw * nh).fill(band);
  for (let k = 0; k + 1 < line.length; k++) {
    const ax = line[k]![0];
    const ay = line[k]![1];
    const bx = line[k + 1]![0];
    const by = line[k + 1]![1];
    const ex = bx - ax;
    const ey = by - ay;
    const len2 = ex * ex + ey * ey || 1;
    const c0 = Math.max(0, Math.floor((Math.min(ax, bx) - band - x0) / cell));
    const c1 = Math.min(nw - 1, Math.ceil((Math.max(ax, bx) + band - x0) / cell));
    const r0 = Math.max(0, Math.floor((Math.min(ay, by) - band - y0) / cell));
    const r1 = Math.min(nh - 1, Math.ceil((Math.max(ay, by) + band - y0) / cell));
    if (c0 > c1 || r0 > r1) continue;
    if (Math.abs(ex) > Math.abs(ey)) {
      // mostly horizontal: per column, only rows within `band` of the segment matter
      for (let c = c0; c <= c1; c++) {
        const px = x0 + c * cell;
        const t = Math.min(1, Math.max(0, (px - ax) / ex));
        const yc = ay + t * ey;
        const ra = Math.max(r0, Math.floor((yc - band - y0) / cell));
        const rb = Math.min(r1, Math.ceil((yc + band - y0) / cell));
        for (let r = ra; r <= rb; r++) if (!used || used[r * nw + c]) nearer(dist, r * nw + c, px, y0 + r * cell, ax, ay, ex, ey, len2);
      }
    } else {
      for (let r = r0; r <= r1; r++) {
        const py = y0 + r * cell;
        const t = Math.min(1, Math.max(0, (py - ay) / ey));
        const xc = ax + t * ex;
        const ca = Math.max(c0, Math.floor((xc - band - x0) / cell));
        const cb = Math.min(c1, Math.ceil((xc + band - x0) / cell));
        for (let c = ca; c <= cb; c++) if (!used || used[r * nw + c]) nearer(dist, r * nw + c, x0 + c * cell, py, ax, ay, ex, ey, len2);
      }
    }
  }
  // sign by scanline against the face-side polygon, then irregularity where it matters
  const xs: number[] = [];
  for (let r = 0; r < nh; r++) {
    const py = y0 + r * cell;
    xs.length = 0;
    const n = face.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = face[i]![1];
      const yj = face[j]![1];
      if (yi > py !== yj > py) xs.push(face[i]![0] + ((py - yi) / (yj - yi)) * (face[j]![0] - face[i]![0]));
    }
    xs.sort((a, b) => a - b);
    let k = 0;
    let inside = false;
    for (let c = 0; c < nw; c++) {
      const px = x0 + c * cell;
      while (k < xs.length && xs[k]! <= px) {
        inside = !inside;
        k++;
      }
      const at = r * nw + c;
      let s = inside ? -dist[at]! : dist[at]!;
      if (irr > 0 && dist[at]! < band && (!used || used[at])) {
        s += irr * (I.macroMm * noise(px / I.macroScaleMm, py / I.macroScaleMm) + I.microMm * noise2(px / I.microScaleMm, py / I.microScaleMm));
      }
      dist[at] = s;
    }
  }
  return dist;
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
  const curve = sampleCurve(hairline.points);
  const m = curve.length;
  const L = 1e7;
  const [t0x, t0y] = unitDir(curve[0]![0], curve[0]![1], curve[1]![0], curve[1]![1]);
  const [tmx, tmy] = unitDir(curve[m - 2]![0], curve[m - 2]![1], curve[m - 1]![0], curve[m - 1]![1]);
  const A: Pt = [curve[0]![0] - t0x * L, curve[0]![1] - t0y * L];
  const B: Pt = [curve[m - 1]![0] + tmx * L, curve[m - 1]![1] + tmy * L];
  const face: Pt[] = [A, ...curve, B, [B[0] - tmy * L, B[1] + tmx * L], [A[0] - t0y * L, A[1] + t0x * L]];
  return !insidePolygon(face, x, y);
}
