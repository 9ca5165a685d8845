// The flat scalp map on the head's surface. Pure.
// Flat map (README "Everything is in millimetres"): origin at the mid-frontal hairline point, x right (the
// subject's left), y down, the scalp at y < 0. On the ellipsoid (model.ts) the map is laid out in geodesic
// parallel coordinates about the midline:
//  - y walks the midline (the sagittal meridian, itself a geodesic by symmetry): the point at arc length
//    s = originArc − y from the glabella (front pole), up over the vertex toward the occiput;
//  - x walks across, from that midline point, along the surface curve cut by the plane normal to the
//    midline there (a normal section: it leaves the midline at a right angle and is a geodesic to first order).
// Arc lengths are exact to the table's resolution: a flat 10 mm is 10 mm of scalp both ways. Each section is
// used from the midline out to its widest point (|φ| ≤ π/2, about the ears' height at the temples); past that
// the sections crowd toward the ears and the point is off the map.
import type { HeadRadii } from './model.js';

/** Midline angle range used, radians from the front pole (−60° down the face to 240°, under the occiput). */
export const THETA_RANGE: readonly [number, number] = [-Math.PI / 3, (4 * Math.PI) / 3];
const MID_SAMPLES = 2048;
const SECTION_SAMPLES = 256;

/** The midline's arc table for radii (b, c): θ samples and cumulative arc from θ = 0. */
export interface Midline {
  b: number;
  c: number;
  theta: Float64Array;
  arc: Float64Array;
}

/** Arc length along the midline meridian (Z = c cos θ, Y = b sin θ), tabulated by Simpson's rule. */
export function midline(radii: Pick<HeadRadii, 'b' | 'c'>): Midline {
  const { b, c } = radii;
  const [t0, t1] = THETA_RANGE;
  const theta = new Float64Array(MID_SAMPLES + 1);
  const arc = new Float64Array(MID_SAMPLES + 1);
  const dt = (t1 - t0) / MID_SAMPLES;
  const speed = (t: number): number => Math.hypot(c * Math.sin(t), b * Math.cos(t));
  let acc = 0;
  theta[0] = t0;
  for (let i = 1; i <= MID_SAMPLES; i++) {
    const ta = t0 + (i - 1) * dt;
    acc += (dt / 6) * (speed(ta) + 4 * speed(ta + dt / 2) + speed(ta + dt));
    theta[i] = t0 + i * dt;
    arc[i] = acc;
  }
  // shift so arc(0) = 0 (θ = 0 is the front pole)
  const zero = interp(theta, arc, 0);
  for (let i = 0; i <= MID_SAMPLES; i++) arc[i]! -= zero;
  return { b, c, theta, arc };
}

/** Linear interpolation of ys at x in increasing xs; NaN outside. */
function interp(xs: Float64Array, ys: Float64Array, x: number): number {
  const n = xs.length;
  if (!(x >= xs[0]! && x <= xs[n - 1]!)) return NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = xs[hi]! === xs[lo]! ? 0 : (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}

/** Midline angle θ at arc s from the front pole; NaN off the table. */
export function thetaAtArc(m: Midline, s: number): number {
  return interp(m.arc, m.theta, s);
}

/** Arc from the front pole to midline angle θ. */
export function arcAtTheta(m: Midline, theta: number): number {
  return interp(m.theta, m.arc, theta);
}

/** The normal section at midline angle θ: its midline point P, inward normal n, and the section ellipse's semi-axes U (across), V (depth). */
export interface Section {
  py: number;
  pz: number;
  ny: number;
  nz: number;
  U: number;
  V: number;
  /** φ samples over [0, π/2] and the arc lengths to them. */
  phi: Float64Array;
  arc: Float64Array;
}

/** The section through the midline at θ (see the header). */
export function section(radii: HeadRadii, theta: number): Section {
  const { a, b, c } = radii;
  const py = b * Math.sin(theta);
  const pz = c * Math.cos(theta);
  let ny = Math.sin(theta) / b;
  let nz = Math.cos(theta) / c;
  const len = Math.hypot(ny, nz);
  ny /= len;
  nz /= len;
  const A = 1 / (a * a);
  const B = (ny * ny) / (b * b) + (nz * nz) / (c * c);
  const D = (py * ny) / (b * b) + (pz * nz) / (c * c);
  const U = D / Math.sqrt(A * B);
  const V = D / B;
  const phi = new Float64Array(SECTION_SAMPLES + 1);
  const arc = new Float64Array(SECTION_SAMPLES + 1);
  const dp = Math.PI / 2 / SECTION_SAMPLES;
  const speed = (p: number): number => Math.hypot(U * Math.cos(p), V * Math.sin(p));
  let acc = 0;
  for (let i = 1; i <= SECTION_SAMPLES; i++) {
    const pa = (i - 1) * dp;
    acc += (dp / 6) * (speed(pa) + 4 * speed(pa + dp / 2) + speed(pa + dp));
    phi[i] = i * dp;
    arc[i] = acc;
  }
  return { py, pz, ny, nz, U, V, phi, arc };
}

/** The head-frame point at section angle φ, written into out. */
export function sectionPoint(sec: Section, phi: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const d = sec.V * (1 - Math.cos(phi));
  out[0] = sec.U * Math.sin(phi);
  out[1] = sec.py - d * sec.ny;
  out[2] = sec.pz - d * sec.nz;
  return out;
}

/** Section angle φ at signed arc x from the midline; NaN past the section's widest point. */
export function phiAtArc(sec: Section, x: number): number {
  const p = interp(sec.arc, sec.phi, Math.abs(x));
  return x < 0 ? -p : p;
}

/** A flat map laid on an ellipsoid: radii and the midline arc from the glabella to the flat origin. */
export interface SurfaceMap {
  radii: HeadRadii;
  originArc: number;
  mid: Midline;
}

/** The surface map for radii and an origin arc (mm). */
export function surfaceMap(radii: HeadRadii, originArc: number): SurfaceMap {
  return { radii: { ...radii }, originArc, mid: midline(radii) };
}

/** Flat scalp mm (x, y) → head-frame point, exactly (per call: a section table); null off the map. */
export function surfacePoint(map: SurfaceMap, x: number, y: number): [number, number, number] | null {
  const theta = thetaAtArc(map.mid, map.originArc - y);
  if (!Number.isFinite(theta)) return null;
  const sec = section(map.radii, theta);
  const phi = phiAtArc(sec, x);
  if (!Number.isFinite(phi)) return null;
  return sectionPoint(sec, phi);
}

/**
 * Head-frame point q (on the ellipsoid) → flat scalp mm: the midline angle whose section plane holds q (a root
 * of (q − P(θ)) · t(θ), bracketed on a scan and bisected), then φ in that section; null when no section within
 * its widest point holds q.
 */
export function surfaceToFlat(map: SurfaceMap, q: readonly number[], out: [number, number] = [0, 0]): [number, number] | null {
  const { b, c } = map.radii;
  const g = (t: number): number => {
    const ty = b * Math.cos(t);
    const tz = -c * Math.sin(t);
    return (q[1]! - b * Math.sin(t)) * ty + (q[2]! - c * Math.cos(t)) * tz;
  };
  const [t0, t1] = THETA_RANGE;
  const steps = 240;
  const dt = (t1 - t0) / steps;
  let best: [number, number] | null = null;
  let bestPhi = Infinity;
  let ga = g(t0);
  for (let i = 1; i <= steps; i++) {
    const tb = t0 + i * dt;
    const gb = g(tb);
    if ((ga <= 0 && gb >= 0) || (ga >= 0 && gb <= 0)) {
      let lo = tb - dt;
      let hi = tb;
      let glo = ga;
      for (let k = 0; k < 60; k++) {
        const mid = 0.5 * (lo + hi);
        const gm = g(mid);
        if ((glo <= 0 && gm <= 0) || (glo >= 0 && gm >= 0)) {
          lo = mid;
          glo = gm;
        } else hi = mid;
      }
      const theta = 0.5 * (lo + hi);
      const sec = section(map.radii, theta);
      // in-section coordinates: across u = q.x, depth v = (P − q) · n
      const v = (sec.py - q[1]!) * sec.ny + (sec.pz - q[2]!) * sec.nz;
      const phi = Math.atan2(q[0]! / sec.U, 1 - v / sec.V);
      if (Math.abs(phi) <= Math.PI / 2 + 1e-9 && Math.abs(phi) < bestPhi) {
        const arc = interp(sec.phi, sec.arc, Math.min(Math.PI / 2, Math.abs(phi)));
        bestPhi = Math.abs(phi);
        best = [phi < 0 ? -arc : arc, map.originArc - arcAtTheta(map.mid, theta)];
      }
    }
    ga = gb;
  }
  if (!best) return null;
  out[0] = best[0];
  out[1] = best[1];
  return out;
}
