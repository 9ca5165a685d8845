// Region edits: pure functions PlanInput → PlanInput (the input is never changed), plus live areas.
// Regions are polygons in mm on the scalp map; the engine fills each with the even-odd rule, later
// treated/scar regions own overlaps, and any exclusion removes its area from every region.
import type { MultiPolygon } from 'polygon-clipping';
import type { PlanInput } from '../../src/plan.js';
import { multiPolygonAreaMm2, nearestEdge, type Pt, signedAreaMm2, subtractRings, unionRings } from './geometry.js';

/** A region as a plan document holds it. */
export type RegionInput = PlanInput['regions'][number];
/** What a region is: treated (gets dots), exclusion (never gets dots), scar (dots that take less evenly). */
export type RegionKind = RegionInput['kind'];

/** The most regions a plan holds (the engine's class values 1…254). */
export const MAX_REGIONS = 254;
/** The most vertices one region holds (the plan schema's limit). */
export const MAX_VERTICES = 10_000;
/** Longest region name (the plan schema's limit). */
export const MAX_NAME = 120;

/** A refused edit: the message says what and why, for the artist. The plan is unchanged. */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

function regionAt(plan: PlanInput, r: number): RegionInput {
  const reg = plan.regions[r];
  if (!reg) throw new EditError(`regions[${r}]: no such region (the plan has ${plan.regions.length})`);
  return reg;
}

function withRegion(plan: PlanInput, r: number, region: RegionInput): PlanInput {
  const regions = plan.regions.slice();
  regions[r] = region;
  return { ...plan, regions };
}

function finitePoint(p: readonly [number, number], what: string): Pt {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new EditError(`${what}: expected a point in mm, got ${JSON.stringify(p)}`);
  // −0 would not survive JSON: a saved plan must reopen with the same bytes
  return [p[0] + 0, p[1] + 0];
}

function vertexOf(reg: RegionInput, r: number, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= reg.points.length)
    throw new EditError(`regions[${r}].points[${v}]: no such vertex (the region has ${reg.points.length})`);
}

/** Moves vertex v of region r to `to` (mm). */
export function moveVertex(plan: PlanInput, r: number, v: number, to: readonly [number, number]): PlanInput {
  const reg = regionAt(plan, r);
  vertexOf(reg, r, v);
  const points = reg.points.slice();
  points[v] = finitePoint(to, `regions[${r}].points[${v}]`);
  return withRegion(plan, r, { ...reg, points });
}

/**
 * Inserts a vertex on the edge of region r nearest to `at`, at the nearest point of that edge, when that edge
 * lies within toleranceMm (default 3 mm); otherwise null. Returns the plan and the new vertex's index.
 */
export function insertVertex(plan: PlanInput, r: number, at: readonly [number, number], toleranceMm = 3): { plan: PlanInput; vertex: number } | null {
  const reg = regionAt(plan, r);
  const hit = nearestEdge(reg.points, finitePoint(at, 'insert at'));
  if (!hit || hit.distance > toleranceMm) return null;
  if (reg.points.length >= MAX_VERTICES) throw new EditError(`regions[${r}]: a region holds at most ${MAX_VERTICES} vertices`);
  const points = reg.points.slice();
  const point: Pt = [hit.point[0] + 0, hit.point[1] + 0];
  points.splice(hit.edge + 1, 0, point);
  return { plan: withRegion(plan, r, { ...reg, points }), vertex: hit.edge + 1 };
}

/** Removes vertex v of region r; a region keeps at least 3 vertices (refused with an EditError below that). */
export function removeVertex(plan: PlanInput, r: number, v: number): PlanInput {
  const reg = regionAt(plan, r);
  vertexOf(reg, r, v);
  if (reg.points.length <= 3)
    throw new EditError(`regions[${r}]: a region needs at least 3 vertices; delete the region instead`);
  const points = reg.points.slice();
  points.splice(v, 1);
  return withRegion(plan, r, { ...reg, points });
}

/** Moves the whole of region r by (dx, dy) mm. */
export function moveRegion(plan: PlanInput, r: number, dx: number, dy: number): PlanInput {
  const reg = regionAt(plan, r);
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) throw new EditError(`regions[${r}]: expected a move in mm, got (${dx}, ${dy})`);
  return withRegion(plan, r, { ...reg, points: reg.points.map(([x, y]) => [x + dx + 0, y + dy + 0] as Pt) });
}

/** Appends a new polygon region (at least 3 points, in mm); it is the last, so it owns its overlaps. */
export function addRegion(plan: PlanInput, points: readonly (readonly [number, number])[], kind: RegionKind = 'treated', name = ''): PlanInput {
  if (plan.regions.length >= MAX_REGIONS) throw new EditError(`regions: a plan holds at most ${MAX_REGIONS} regions`);
  if (points.length < 3) throw new EditError(`regions[${plan.regions.length}]: a region needs at least 3 vertices (got ${points.length})`);
  if (points.length > MAX_VERTICES) throw new EditError(`regions[${plan.regions.length}]: a region holds at most ${MAX_VERTICES} vertices (got ${points.length})`);
  const pts = points.map((p, i) => finitePoint(p, `regions[${plan.regions.length}].points[${i}]`));
  return { ...plan, regions: [...plan.regions, { name: checkName(name), kind, points: pts, densityScale: 1 }] };
}

/** Removes region r. */
export function deleteRegion(plan: PlanInput, r: number): PlanInput {
  regionAt(plan, r);
  return { ...plan, regions: plan.regions.filter((_, i) => i !== r) };
}

/** Sets region r's kind. */
export function setRegionKind(plan: PlanInput, r: number, kind: RegionKind): PlanInput {
  const reg = regionAt(plan, r);
  if (kind !== 'treated' && kind !== 'exclusion' && kind !== 'scar')
    throw new EditError(`regions[${r}].kind: expected treated, exclusion or scar, got ${JSON.stringify(kind)}`);
  return withRegion(plan, r, { ...reg, kind });
}

function checkName(name: string): string {
  if (typeof name !== 'string') throw new EditError(`name: expected text, got ${JSON.stringify(name)}`);
  const trimmed = name.trim();
  if (trimmed.length > MAX_NAME) throw new EditError(`name: at most ${MAX_NAME} characters (got ${trimmed.length})`);
  return trimmed;
}

/** Renames region r (trimmed; at most 120 characters). */
export function renameRegion(plan: PlanInput, r: number, name: string): PlanInput {
  const reg = regionAt(plan, r);
  return withRegion(plan, r, { ...reg, name: checkName(name) });
}

/** Area in cm² that a region's own polygon encloses (shoelace; exact for rings that do not cross themselves). */
export function regionAreaCm2(points: readonly (readonly [number, number])[]): number {
  return Math.abs(signedAreaMm2(points)) / 100;
}

/**
 * The area that gets dots, as polygons: the union of the treated and scar regions minus every exclusion
 * (the engine's rule: an exclusion wins over any region, whatever the order).
 */
export function treatedShape(regions: readonly RegionInput[]): MultiPolygon {
  const dotted = regions.filter((r) => r.kind !== 'exclusion' && r.points.length >= 3).map((r) => r.points);
  const excluded = regions.filter((r) => r.kind === 'exclusion' && r.points.length >= 3).map((r) => r.points);
  return subtractRings(unionRings(...dotted), excluded);
}

/** Live areas in cm²: each region's own polygon, and the total that gets dots (treated and scar minus exclusions). */
export function planAreasCm2(regions: readonly RegionInput[]): { perRegion: number[]; treated: number } {
  return { perRegion: regions.map((r) => regionAreaCm2(r.points)), treated: multiPolygonAreaMm2(treatedShape(regions)) / 100 };
}
