// Brush and eraser for quick masks. A stroke (a polyline in mm and a radius) is sampled on a mm grid as a
// signed distance (radius − distance to the polyline), traced at 0 by marching squares (d3-contour, with
// linear interpolation, so the outline sits on the true edge between samples), simplified with
// Ramer–Douglas–Peucker (simplify-js), then united with or cut from the plan's regions (polygon-clipping).
import { contours } from 'd3-contour';
import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import simplify from 'simplify-js';
import type { PlanInput } from '../../src/plan.js';
import { multiPolygonAreaMm2, nearestOnSegment, openRing, polygonToRing, type Pt, ringAsPolygon } from './geometry.js';
import { EditError, MAX_REGIONS, MAX_VERTICES, type RegionInput, type RegionKind } from './regions.js';

/** A brush or eraser stroke: the pointer's path in mm and the brush radius in mm. */
export interface Stroke {
  points: readonly (readonly [number, number])[];
  radiusMm: number;
}

/** How finely a stroke becomes a polygon. */
export interface StrokeOptions {
  /** Grid cell in mm (default 0.5); a stroke that would need more than 4 M cells gets coarser ones. */
  cellMm?: number;
  /** Simplification tolerance in mm (default 0.05, a tenth of a cell): no outline point moves further than this. */
  toleranceMm?: number;
}

/** Most grid cells one stroke may use. */
const MAX_CELLS = 4_000_000;

function checkStroke(stroke: Stroke): void {
  if (!(Number.isFinite(stroke.radiusMm) && stroke.radiusMm > 0)) throw new EditError(`brush radius: expected mm > 0, got ${stroke.radiusMm}`);
  if (stroke.points.length === 0) throw new EditError('stroke: no points');
  stroke.points.forEach((p, i) => {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new EditError(`stroke.points[${i}]: expected a point in mm, got ${JSON.stringify(p)}`);
  });
}

/** The outline of a stroke in mm, as polygons with holes (a stroke that loops back on itself has one). */
export function strokeShape(stroke: Stroke, opts: StrokeOptions = {}): MultiPolygon {
  checkStroke(stroke);
  const r = stroke.radiusMm;
  let cell = opts.cellMm ?? 0.5;
  if (!(cell > 0)) throw new EditError(`cell: expected mm > 0, got ${cell}`);
  const tolerance = opts.toleranceMm ?? 0.05;
  const pts = stroke.points;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of pts) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  while (((maxX - minX + 2 * r) / cell + 4) * ((maxY - minY + 2 * r) / cell + 4) > MAX_CELLS) cell *= 2;
  // two cells of margin: every sample next to the outline is exact, and the outline never touches the grid's edge
  const x0 = minX - r - 2 * cell;
  const y0 = minY - r - 2 * cell;
  const nx = Math.ceil((maxX - minX + 2 * r) / cell) + 4;
  const ny = Math.ceil((maxY - minY + 2 * r) / cell) + 4;
  const band = r + 2 * cell;
  const values = new Float64Array(nx * ny).fill(-band);
  const segs = pts.length === 1 ? [[pts[0]!, pts[0]!] as const] : pts.slice(1).map((b, i) => [pts[i]!, b] as const);
  for (const [a, b] of segs) {
    const c0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - band - x0) / cell));
    const c1 = Math.min(nx - 1, Math.ceil((Math.max(a[0], b[0]) + band - x0) / cell));
    const r0 = Math.max(0, Math.floor((Math.min(a[1], b[1]) - band - y0) / cell));
    const r1 = Math.min(ny - 1, Math.ceil((Math.max(a[1], b[1]) + band - y0) / cell));
    for (let row = r0; row <= r1; row++) {
      const py = y0 + (row + 0.5) * cell;
      for (let col = c0; col <= c1; col++) {
        const v = r - nearestOnSegment(a, b, [x0 + (col + 0.5) * cell, py]).distance;
        const at = row * nx + col;
        if (v > values[at]!) values[at] = v;
      }
    }
  }
  // d3-contour puts sample (i, j) at (i + 0.5, j + 0.5): back to mm is x0 + X·cell
  const traced = contours().size([nx, ny]).contour(Array.from(values), 0);
  const out: MultiPolygon = [];
  for (const poly of traced.coordinates) {
    const rings = poly.map((ring) => {
      const mm = ring.map(([X, Y]) => ({ x: x0 + X! * cell, y: y0 + Y! * cell }));
      return openRing(simplify(mm, tolerance, true).map((p) => [p.x, p.y] as Pt));
    });
    // an outline simplified below a triangle is a speck: drop it with its holes; a speck of a hole just goes
    if (!rings[0] || rings[0].length < 3) continue;
    out.push(rings.filter((ring) => ring.length >= 3).map((ring) => [...ring, ring[0]!]));
  }
  return out;
}

/** A region's ring as a polygon-clipping polygon. */
function polygonOf(reg: RegionInput): Polygon {
  return ringAsPolygon(reg.points);
}

/** The pieces of a multipolygon as region rings, largest first. */
function piecesAsRings(mp: MultiPolygon): Pt[][] {
  return mp
    .map((poly) => ({ ring: polygonToRing(poly), area: multiPolygonAreaMm2([poly]) }))
    .filter((p) => p.ring.length >= 3 && p.area > 1e-6)
    .sort((a, b) => b.area - a.area)
    .map((p) => p.ring.map(([x, y]) => [x + 0, y + 0] as Pt));
}

function checkPieces(rings: Pt[][]): void {
  for (const ring of rings)
    if (ring.length > MAX_VERTICES) throw new EditError(`the stroke makes a region of ${ring.length} vertices, more than ${MAX_VERTICES}: use a larger brush or fewer strokes`);
}

/** Options of a brush stroke: which kind it paints, and optionally which region it adds to. */
export interface BrushOptions extends StrokeOptions {
  /** Region kind the brush paints (default 'treated'). */
  kind?: RegionKind;
  /** Index of the region to add to; by default the topmost region of that kind under the stroke, else a new one. */
  into?: number;
  /** Name of a new region (default ''). */
  name?: string;
}

/**
 * Paints a stroke: unites it with the region of the brush's kind under it (the topmost such region, or
 * `into`), or adds it as a new region at the end. Returns the plan and the index of the region painted.
 * A union that falls apart into pieces keeps the largest in place and inserts the others right after it.
 */
export function brushStroke(plan: PlanInput, stroke: Stroke, opts: BrushOptions = {}): { plan: PlanInput; region: number } {
  const kind = opts.kind ?? 'treated';
  const shape = strokeShape(stroke, opts);
  if (shape.length === 0) return { plan, region: -1 };
  let target = opts.into ?? -1;
  if (opts.into !== undefined) {
    if (!plan.regions[opts.into]) throw new EditError(`regions[${opts.into}]: no such region (the plan has ${plan.regions.length})`);
  } else {
    for (let i = plan.regions.length - 1; i >= 0; i--) {
      const reg = plan.regions[i]!;
      if (reg.kind !== kind) continue;
      if (multiPolygonAreaMm2(polygonClipping.intersection(shape, polygonOf(reg))) > 0) {
        target = i;
        break;
      }
    }
  }
  if (target < 0) {
    const rings = piecesAsRings(shape);
    checkPieces(rings);
    if (plan.regions.length + rings.length > MAX_REGIONS) throw new EditError(`regions: a plan holds at most ${MAX_REGIONS} regions`);
    const added = rings.map((points) => ({ name: (opts.name ?? '').trim(), kind, points, densityScale: 1 }));
    return { plan: { ...plan, regions: [...plan.regions, ...added] }, region: plan.regions.length };
  }
  const reg = plan.regions[target]!;
  const rings = piecesAsRings(polygonClipping.union(polygonOf(reg), shape));
  checkPieces(rings);
  return { plan: replaceRegion(plan, target, rings), region: target };
}

/** Region r replaced by the given rings (none: removed; more than one: the rest follow it, same settings). */
function replaceRegion(plan: PlanInput, r: number, rings: Pt[][]): PlanInput {
  const reg = plan.regions[r]!;
  if (plan.regions.length - 1 + rings.length > MAX_REGIONS) throw new EditError(`regions: a plan holds at most ${MAX_REGIONS} regions`);
  const regions = plan.regions.slice();
  regions.splice(r, 1, ...rings.map((points) => ({ ...reg, points })));
  return { ...plan, regions };
}

/** Options of an eraser stroke. */
export interface EraseOptions extends StrokeOptions {
  /** Indices of the regions it may cut (default: every region it crosses, of any kind). */
  only?: readonly number[];
}

/**
 * Erases a stroke from the regions it crosses: each loses the stroke's area; one erased away entirely is
 * removed; one cut in two becomes two regions with the same settings, side by side in the list.
 */
export function eraseStroke(plan: PlanInput, stroke: Stroke, opts: EraseOptions = {}): PlanInput {
  const shape = strokeShape(stroke, opts);
  if (shape.length === 0) return plan;
  const allowed = opts.only ? new Set(opts.only) : null;
  let out = plan;
  // from the last region back, so a removed or split region does not shift the ones still to do
  for (let i = plan.regions.length - 1; i >= 0; i--) {
    if (allowed && !allowed.has(i)) continue;
    const reg = plan.regions[i]!;
    const before = polygonOf(reg);
    if (multiPolygonAreaMm2(polygonClipping.intersection(before, shape)) <= 0) continue;
    const rings = piecesAsRings(polygonClipping.difference(before, shape));
    checkPieces(rings);
    out = replaceRegion(out, i, rings);
  }
  return out;
}
