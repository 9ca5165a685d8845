// Direct least-squares ellipse fit: Fitzgibbon, Pilu & Fisher, "Direct least square fitting of ellipses", IEEE
// PAMI 21(5), 1999, in the numerically stable form of Halíř & Flusser, "Numerically stable direct least squares
// fitting of ellipses", WSCG 1998. The points are centred and scaled first. No well-kept package does this
// (shared/docs/LIBRARIES.md).
import type { Ellipse, Px } from './observation.js';

type M3 = number[]; // 3×3 row-major

function inv3(m: M3): M3 | null {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
  const k = 1 / det;
  return [A * k, -(b * i - c * h) * k, (b * f - c * e) * k, B * k, (a * i - c * g) * k, -(a * f - c * d) * k, C * k, -(a * h - b * g) * k, (a * e - b * d) * k];
}

function mul3(a: M3, b: M3): M3 {
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j]! += a[3 * i + k]! * b[3 * k + j]!;
  return r;
}

/** Real roots of x³ + p2 x² + p1 x + p0. */
function cubicRoots(p2: number, p1: number, p0: number): number[] {
  const q = (3 * p1 - p2 * p2) / 9;
  const r = (9 * p2 * p1 - 27 * p0 - 2 * p2 * p2 * p2) / 54;
  const disc = q * q * q + r * r;
  const shift = -p2 / 3;
  if (disc > 0) {
    const s = Math.cbrt(r + Math.sqrt(disc));
    const t = Math.cbrt(r - Math.sqrt(disc));
    return [shift + s + t];
  }
  const rho = Math.sqrt(Math.max(0, -q * q * q));
  const th = Math.acos(rho === 0 ? 0 : Math.max(-1, Math.min(1, r / rho)));
  const m = 2 * Math.sqrt(Math.max(0, -q));
  return [shift + m * Math.cos(th / 3), shift + m * Math.cos((th + 2 * Math.PI) / 3), shift + m * Math.cos((th + 4 * Math.PI) / 3)];
}

/** Eigenvector of m for eigenvalue l: the largest cross product of two rows of (m − l·I). */
function eigenvector(m: M3, l: number): number[] {
  const rows = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[3 * i + j]! - (i === j ? l : 0)));
  let best = [0, 0, 0];
  let bestN = -1;
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) {
    const a = rows[i]!, b = rows[j]!;
    const c = [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
    const n = Math.hypot(c[0]!, c[1]!, c[2]!);
    if (n > bestN) {
      bestN = n;
      best = c;
    }
  }
  return best;
}

/** Conic coefficients [a, b, c, d, e, f] (a x² + b xy + c y² + d x + e y + f = 0) fitted as an ellipse, or null. */
export function fitConic(points: readonly Px[]): number[] | null {
  const s1 = new Array<number>(9).fill(0), s2 = new Array<number>(9).fill(0), s3 = new Array<number>(9).fill(0);
  for (const [x, y] of points) {
    const d1 = [x * x, x * y, y * y], d2 = [x, y, 1];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        s1[3 * i + j]! += d1[i]! * d1[j]!;
        s2[3 * i + j]! += d1[i]! * d2[j]!;
        s3[3 * i + j]! += d2[i]! * d2[j]!;
      }
  }
  const s3i = inv3(s3);
  if (!s3i) return null;
  const s2t = [s2[0]!, s2[3]!, s2[6]!, s2[1]!, s2[4]!, s2[7]!, s2[2]!, s2[5]!, s2[8]!];
  const t = mul3(s3i, s2t).map((v) => -v);
  const m0 = mul3(s2, t).map((v, k) => v + s1[k]!);
  // premultiply by C1⁻¹ = [[0, 0, ½], [0, −1, 0], [½, 0, 0]]
  const m = [m0[6]! / 2, m0[7]! / 2, m0[8]! / 2, -m0[3]!, -m0[4]!, -m0[5]!, m0[0]! / 2, m0[1]! / 2, m0[2]! / 2];
  const tr = m[0]! + m[4]! + m[8]!;
  const minors = m[0]! * m[4]! - m[1]! * m[3]! + m[0]! * m[8]! - m[2]! * m[6]! + m[4]! * m[8]! - m[5]! * m[7]!;
  const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  let best: number[] | null = null;
  let bestCond = 0;
  for (const l of cubicRoots(-tr, minors, -det)) {
    const v = eigenvector(m, l);
    const cond = 4 * v[0]! * v[2]! - v[1]! * v[1]!;
    const n2 = v[0]! * v[0]! + v[1]! * v[1]! + v[2]! * v[2]!;
    if (n2 > 0 && cond / n2 > bestCond) {
      bestCond = cond / n2;
      best = v;
    }
  }
  if (!best) return null;
  const a2 = [0, 1, 2].map((i) => t[3 * i]! * best[0]! + t[3 * i + 1]! * best[1]! + t[3 * i + 2]! * best[2]!);
  return [...best, ...a2];
}

/** The ellipse of conic coefficients, or null when they describe no real ellipse. */
export function conicToEllipse([a, b, c, d, e, f]: readonly [number, number, number, number, number, number]): Ellipse | null {
  const det = 4 * a * c - b * b;
  if (!(det > 0)) return null;
  const cx = (b * e - 2 * c * d) / det;
  const cy = (b * d - 2 * a * e) / det;
  const f0 = f + (d * cx + e * cy) / 2;
  const angle = 0.5 * Math.atan2(b, a - c);
  const co = Math.cos(angle), si = Math.sin(angle);
  const l1 = a * co * co + b * co * si + c * si * si;
  const l2 = a * si * si - b * co * si + c * co * co;
  if (!(-f0 / l1 > 0 && -f0 / l2 > 0)) return null;
  return { cx, cy, rx: Math.sqrt(-f0 / l1), ry: Math.sqrt(-f0 / l2), angle };
}

/**
 * The least-squares ellipse through points (at least 6, not all on one line), or null when they fit none.
 * The result's rx lies along `angle`, ry across it.
 */
export function fitEllipse(points: readonly Px[]): Ellipse | null {
  if (points.length < 6) return null;
  let mx = 0, my = 0;
  for (const [x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= points.length;
  my /= points.length;
  let s = 0;
  for (const [x, y] of points) s += (x - mx) ** 2 + (y - my) ** 2;
  s = Math.sqrt(s / points.length);
  if (!(s > 0)) return null;
  const conic = fitConic(points.map(([x, y]) => [(x - mx) / s, (y - my) / s] as const));
  const e = conic && conicToEllipse(conic as [number, number, number, number, number, number]);
  if (!e) return null;
  return { cx: mx + s * e.cx, cy: my + s * e.cy, rx: s * e.rx, ry: s * e.ry, angle: e.angle };
}
