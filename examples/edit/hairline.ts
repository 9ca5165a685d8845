// Hairline handle edits: pure functions PlanInput → PlanInput. The hairline is a Catmull-Rom curve through
// its handles, temple to temple; its two end handles are the temple points. Mirror editing (on by default)
// treats the midline x = 0 as an axis: a handle's partner is the handle at (−x, y), and edits apply to both,
// so a symmetric line stays symmetric until the artist turns mirroring off to break it on purpose.
import { sampleCurve } from '../../src/hairline.js';
import type { PlanInput } from '../../src/plan.js';
import { type Pt } from './geometry.js';
import { EditError } from './regions.js';

/** The hairline as a plan document holds it. */
export type HairlineInput = NonNullable<PlanInput['hairline']>;

/** The most handles a hairline holds (the plan schema's limit) and the fewest (a line needs two). */
export const MAX_HANDLES = 2_000;
export const MIN_HANDLES = 2;
/** How far (mm) a handle may sit from the mirror image of another and still count as its partner. */
export const MIRROR_TOLERANCE_MM = 0.5;
/** Handles closer than this (mm) to the midline are on it: mirrored, they stay on it. */
export const MIDLINE_MM = 0.05;

/** Options shared by the hairline edits. */
export interface MirrorOptions {
  /** Edit the partner across the midline too (default true). */
  mirror?: boolean;
}

function hairlineOf(plan: PlanInput): HairlineInput {
  if (!plan.hairline) throw new EditError('hairline: the plan has no hairline');
  return plan.hairline;
}

function withPoints(plan: PlanInput, hl: HairlineInput, points: Pt[]): PlanInput {
  return { ...plan, hairline: { ...hl, points } };
}

function finite(p: readonly [number, number], what: string): Pt {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new EditError(`${what}: expected a point in mm, got ${JSON.stringify(p)}`);
  return [p[0] + 0, p[1] + 0];
}

/**
 * The partner of handle i across the midline: itself for a handle on the midline, else the handle nearest
 * to (−x, y) within MIRROR_TOLERANCE_MM (the one at the mirrored index first), else null (symmetry broken).
 */
export function mirrorPartner(points: readonly (readonly [number, number])[], i: number): number | null {
  const p = points[i];
  if (!p) return null;
  if (Math.abs(p[0]) <= MIDLINE_MM) return i;
  const mx = -p[0];
  const my = p[1];
  const near = (j: number) => j !== i && points[j] !== undefined && Math.hypot(points[j]![0] - mx, points[j]![1] - my) <= MIRROR_TOLERANCE_MM;
  const byIndex = points.length - 1 - i;
  if (near(byIndex)) return byIndex;
  let best: number | null = null;
  let bestD = Infinity;
  points.forEach((q, j) => {
    const d = Math.hypot(q[0] - mx, q[1] - my);
    if (j !== i && d <= MIRROR_TOLERANCE_MM && d < bestD) [best, bestD] = [j, d];
  });
  return best;
}

/** Indices of the temple points: the hairline's two ends. */
export function templeHandles(points: readonly unknown[]): [number, number] {
  return [0, points.length - 1];
}

/**
 * Moves handle i to `to` (mm). Mirrored (the default), its partner moves to (−x, y); a handle on the midline
 * stays on it (only y follows the pointer).
 */
export function moveHandle(plan: PlanInput, i: number, to: readonly [number, number], opts: MirrorOptions = {}): PlanInput {
  const hl = hairlineOf(plan);
  if (!hl.points[i]) throw new EditError(`hairline.points[${i}]: no such handle (the hairline has ${hl.points.length})`);
  const p = finite(to, `hairline.points[${i}]`);
  const points = hl.points.map((q) => [q[0], q[1]] as Pt);
  const partner = opts.mirror === false ? null : mirrorPartner(hl.points, i);
  if (partner === i) {
    points[i] = [0, p[1]];
  } else {
    points[i] = p;
    if (partner !== null) points[partner] = [-p[0] + 0, p[1]];
  }
  return withPoints(plan, hl, points);
}

/** Where `at` falls on the hairline's curve: the segment (between handles k and k + 1), the curve point and its distance (mm). */
export function nearestOnHairline(points: readonly (readonly [number, number])[], at: readonly [number, number]): { segment: number; point: Pt; distance: number } | null {
  if (points.length < 2) return null;
  const PER = 16;
  const curve = points.length < 3 ? points.map((p) => [p[0], p[1]] as Pt) : sampleCurve(points as [number, number][], PER);
  let best: { segment: number; point: Pt; distance: number } | null = null;
  for (let k = 0; k + 1 < curve.length; k++) {
    const a = curve[k]!;
    const b = curve[k + 1]!;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len2 = ex * ex + ey * ey;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((at[0] - a[0]) * ex + (at[1] - a[1]) * ey) / len2)) : 0;
    const q: Pt = [a[0] + t * ex, a[1] + t * ey];
    const d = Math.hypot(at[0] - q[0], at[1] - q[1]);
    if (!best || d < best.distance) best = { segment: points.length < 3 ? k : Math.min(points.length - 2, Math.floor(k / PER)), point: q, distance: d };
  }
  return best;
}

/**
 * Adds a handle on the curve where it passes nearest to `at`, when within toleranceMm (default 5 mm); else
 * null. Mirrored (the default), a handle is also added at the mirror point on the other side, unless the
 * new one sits on the midline or the line is not symmetric there. Returns the plan and the new handle's index.
 */
export function addHandle(plan: PlanInput, at: readonly [number, number], opts: MirrorOptions & { toleranceMm?: number } = {}): { plan: PlanInput; handle: number } | null {
  const hl = hairlineOf(plan);
  const hit = nearestOnHairline(hl.points, finite(at, 'add handle at'));
  if (!hit || hit.distance > (opts.toleranceMm ?? 5)) return null;
  if (hl.points.length >= MAX_HANDLES) throw new EditError(`hairline.points: a hairline holds at most ${MAX_HANDLES} handles`);
  const p: Pt = [hit.point[0] + 0, hit.point[1] + 0];
  let points = hl.points.map((q) => [q[0], q[1]] as Pt);
  points.splice(hit.segment + 1, 0, p);
  let handle = hit.segment + 1;
  if (opts.mirror !== false && Math.abs(p[0]) > MIDLINE_MM && isSymmetric(hl.points) && points.length < MAX_HANDLES) {
    // the mirrored segment of a symmetric line with n handles: segment k ↔ n − 2 − k
    const n = hl.points.length;
    const mk = n - 2 - hit.segment;
    const mp: Pt = [-p[0] + 0, p[1]];
    const insertAt = mk + 1 + (mk >= hit.segment + 1 ? 1 : 0);
    if (mk !== hit.segment) {
      points.splice(insertAt, 0, mp);
      if (insertAt <= handle) handle++;
    } else {
      // both on the one segment that crosses the midline: order them along x as the line runs
      const left = hl.points[hit.segment]![0] <= hl.points[hit.segment + 1]![0];
      const pair = [p, mp].sort((a, b) => (left ? a[0] - b[0] : b[0] - a[0]));
      points = [...hl.points.slice(0, hit.segment + 1).map((q) => [q[0], q[1]] as Pt), ...pair, ...hl.points.slice(hit.segment + 1).map((q) => [q[0], q[1]] as Pt)];
      handle = hit.segment + 1 + pair.indexOf(p);
    }
  }
  return { plan: withPoints(plan, hl, points), handle };
}

/** True when every handle has a partner at its mirror image (index-wise: i ↔ n − 1 − i). */
export function isSymmetric(points: readonly (readonly [number, number])[]): boolean {
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    const b = points[n - 1 - i]!;
    if (Math.hypot(a[0] + b[0], a[1] - b[1]) > MIRROR_TOLERANCE_MM) return false;
  }
  return true;
}

/** Removes handle i (and, mirrored, its partner); a hairline keeps at least 2 handles. */
export function removeHandle(plan: PlanInput, i: number, opts: MirrorOptions = {}): PlanInput {
  const hl = hairlineOf(plan);
  if (!hl.points[i]) throw new EditError(`hairline.points[${i}]: no such handle (the hairline has ${hl.points.length})`);
  const partner = opts.mirror === false ? null : mirrorPartner(hl.points, i);
  const drop = new Set([i, partner ?? i]);
  if (hl.points.length - drop.size < MIN_HANDLES)
    throw new EditError(`hairline.points: a hairline needs at least ${MIN_HANDLES} handles; remove the hairline instead`);
  return withPoints(plan, hl, hl.points.filter((_, j) => !drop.has(j)).map((q) => [q[0], q[1]] as Pt));
}

/** Mirrors one side of the hairline onto the other: the handles with x ≤ 0 (side 'left') or x ≥ 0 ('right') are kept and reflected. */
export function symmetrise(plan: PlanInput, side: 'left' | 'right' = 'left'): PlanInput {
  const hl = hairlineOf(plan);
  const keep = hl.points.filter((p) => (side === 'left' ? p[0] < -MIDLINE_MM : p[0] > MIDLINE_MM)).map((p) => [p[0], p[1]] as Pt);
  const mid = hl.points.filter((p) => Math.abs(p[0]) <= MIDLINE_MM).map((p) => [0, p[1]] as Pt);
  keep.sort((a, b) => a[0] - b[0]);
  const mirrored = keep.map(([x, y]) => [-x + 0, y] as Pt).reverse();
  const half = side === 'left' ? keep : mirrored;
  const other = side === 'left' ? mirrored : keep;
  const points = [...half, ...mid.slice(0, 1), ...other];
  if (points.length < MIN_HANDLES) throw new EditError(`hairline.points: the ${side} side has too few handles to mirror`);
  // keep the line's drawing direction (it decides nothing in the engine, but the handles keep their order)
  const ascending = hl.points[0]![0] <= hl.points[hl.points.length - 1]![0];
  return withPoints(plan, hl, ascending ? points : points.reverse());
}
