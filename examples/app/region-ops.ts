// Region geometry for the region tools (pure; tested in node): areas, hit tests and vertex edits in scalp mm.
import type { PlanInput, Region } from '../../src/plan.js';

type Pt = readonly [number, number];

/** Polygon area in cm² (shoelace; vertices in mm, either winding). */
export function polygonAreaCm2(points: readonly Pt[]): number {
  let a = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) a += (points[j]![0] + points[i]![0]) * (points[j]![1] - points[i]![1]);
  return Math.abs(a) / 2 / 100;
}

/** Treated area, cm²: treated and scar regions minus exclusions (overlaps not resolved: the engine's stats are exact). */
export function treatedAreaCm2(regions: readonly Pick<Region, 'kind' | 'points'>[]): number {
  let t = 0;
  for (const r of regions) t += (r.kind === 'exclusion' ? -1 : 1) * polygonAreaCm2(r.points);
  return Math.max(0, t);
}

/** The vertex nearest to `p` within `tol` mm (the selected region first), or null. */
export function nearestVertex(regions: readonly Pick<Region, 'points'>[], p: Pt, tol: number, prefer: number | null = null): { region: number; vertex: number } | null {
  let best: { region: number; vertex: number } | null = null;
  let bestD = tol;
  const order = prefer !== null && regions[prefer] ? [prefer, ...regions.keys()].filter((v, i, a) => a.indexOf(v) === i) : [...regions.keys()];
  for (const ri of order) {
    regions[ri]!.points.forEach((q, vi) => {
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d < bestD || (d <= bestD && ri === prefer && best?.region !== prefer)) {
        bestD = d;
        best = { region: ri, vertex: vi };
      }
    });
  }
  return best;
}

/** The edge nearest to `p` within `tol` mm: edge i runs from vertex i to i + 1 (wrapping). */
export function nearestEdge(regions: readonly Pick<Region, 'points'>[], p: Pt, tol: number, prefer: number | null = null): { region: number; edge: number } | null {
  let best: { region: number; edge: number } | null = null;
  let bestD = tol;
  regions.forEach((r, ri) => {
    const pts = r.points;
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[(i + 1) % pts.length]!;
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
      const d = Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]) - (ri === prefer ? 1e-9 : 0);
      if (d < bestD) {
        bestD = d;
        best = { region: ri, edge: i };
      }
    }
  });
  return best;
}

/** Moves a vertex. */
export function moveVertex(p: PlanInput, region: number, vertex: number, to: Pt): void {
  const r = p.regions[region];
  if (!r?.points[vertex]) throw new RangeError(`no vertex ${vertex + 1} in region ${region + 1}`);
  r.points[vertex] = [to[0], to[1]];
}

/** Inserts a vertex on edge `edge` (after vertex `edge`). */
export function insertVertex(p: PlanInput, region: number, edge: number, at: Pt): void {
  const r = p.regions[region];
  if (!r) throw new RangeError(`no region ${region + 1}`);
  r.points.splice(edge + 1, 0, [at[0], at[1]]);
}

/** Removes a vertex, keeping at least three (a region with three is left as it is). */
export function removeVertex(p: PlanInput, region: number, vertex: number): void {
  const r = p.regions[region];
  if (!r || r.points.length <= 3) return;
  r.points.splice(vertex, 1);
}
