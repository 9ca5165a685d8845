// Plane geometry for the editing tools, in mm on the flat scalp map (x right, y down). Pure; no DOM.
// Boolean operations are polygon-clipping's (Martinez–Rueda sweep, robust predicates): it reads a
// self-crossing ring with the non-zero rule where the engine uses even-odd; the two differ only where a
// ring winds twice around a point, which none of the tools here produce.
import polygonClipping, { type MultiPolygon, type Ring } from 'polygon-clipping';

/** A point in mm. */
export type Pt = [number, number];

/** Signed shoelace area in mm² (positive when the ring turns clockwise on the map, whose y points down). */
export function signedAreaMm2(points: readonly (readonly [number, number])[]): number {
  let a = 0;
  const n = points.length;
  for (let i = 0, j = n - 1; i < n; j = i++) a += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  return a / 2;
}

/** The point of segment a–b nearest to p, its parameter t in [0, 1] and its distance in mm. */
export function nearestOnSegment(a: readonly [number, number], b: readonly [number, number], p: readonly [number, number]): { point: Pt; t: number; distance: number } {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const len2 = ex * ex + ey * ey;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * ex + (p[1] - a[1]) * ey) / len2)) : 0;
  const point: Pt = [a[0] + t * ex, a[1] + t * ey];
  return { point, t, distance: Math.hypot(p[0] - point[0], p[1] - point[1]) };
}

/** Distance in mm from p to the polyline through `points` (one point: the distance to it). */
export function distanceToPolyline(points: readonly (readonly [number, number])[], p: readonly [number, number]): number {
  if (points.length === 1) return Math.hypot(p[0] - points[0]![0], p[1] - points[0]![1]);
  let d = Infinity;
  for (let i = 0; i + 1 < points.length; i++) d = Math.min(d, nearestOnSegment(points[i]!, points[i + 1]!, p).distance);
  return d;
}

/**
 * The edge of a closed polygon nearest to p: edge i runs from vertex i to vertex (i + 1) mod n. Returns null
 * for fewer than two vertices.
 */
export function nearestEdge(points: readonly (readonly [number, number])[], p: readonly [number, number]): { edge: number; t: number; point: Pt; distance: number } | null {
  const n = points.length;
  if (n < 2) return null;
  let best: { edge: number; t: number; point: Pt; distance: number } | null = null;
  for (let i = 0; i < n; i++) {
    const hit = nearestOnSegment(points[i]!, points[(i + 1) % n]!, p);
    if (!best || hit.distance < best.distance) best = { edge: i, ...hit };
  }
  return best;
}

/** Index of the vertex nearest to p and its distance in mm, or null for no vertices. */
export function nearestVertex(points: readonly (readonly [number, number])[], p: readonly [number, number]): { index: number; distance: number } | null {
  let best: { index: number; distance: number } | null = null;
  points.forEach((q, index) => {
    const distance = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (!best || distance < best.distance) best = { index, distance };
  });
  return best;
}

/** A region's ring as polygon-clipping's polygon (one ring; repeated points are fine). */
export function ringAsPolygon(points: readonly (readonly [number, number])[]): Ring[] {
  return [points.map((p) => [p[0], p[1]] as [number, number])];
}

/** Area in mm² of a polygon-clipping multipolygon (outer rings minus their holes). */
export function multiPolygonAreaMm2(mp: MultiPolygon): number {
  let a = 0;
  for (const poly of mp) poly.forEach((ring, k) => (a += (k === 0 ? 1 : -1) * Math.abs(signedAreaMm2(ring))));
  return a;
}

/** Drops the closing repeat of a ring (polygon-clipping and d3-contour close their rings; plans do not). */
export function openRing(ring: readonly (readonly [number, number])[]): Pt[] {
  const out = ring.map((p) => [p[0], p[1]] as Pt);
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

/**
 * One polygon with holes as the single ring a plan region holds: each hole is joined to the outline by a
 * zero-width bridge (out along the shortest vertex-to-vertex link and back the same way), which the
 * engine's even-odd fill leaves out, so the region covers exactly the outline minus its holes. The outline
 * runs clockwise on the map and the holes the other way, so the shoelace area is the true area too.
 */
export function polygonToRing(poly: readonly (readonly (readonly [number, number])[])[]): Pt[] {
  let outer = openRing(poly[0] ?? []);
  if (signedAreaMm2(outer) < 0) outer.reverse();
  const holes = poly.slice(1).map((h) => {
    const ring = openRing(h);
    if (signedAreaMm2(ring) > 0) ring.reverse();
    return ring;
  });
  for (const hole of holes) {
    if (hole.length < 3) continue;
    let bi = 0;
    let bj = 0;
    let bd = Infinity;
    for (let i = 0; i < outer.length; i++)
      for (let j = 0; j < hole.length; j++) {
        const d = (outer[i]![0] - hole[j]![0]) ** 2 + (outer[i]![1] - hole[j]![1]) ** 2;
        if (d < bd) [bd, bi, bj] = [d, i, j];
      }
    const loop = [...hole.slice(bj), ...hole.slice(0, bj), hole[bj]!];
    outer = [...outer.slice(0, bi + 1), ...loop.map((p) => [p[0], p[1]] as Pt), [outer[bi]![0], outer[bi]![1]], ...outer.slice(bi + 1)];
  }
  return outer;
}

/** Union of rings, as polygon-clipping's multipolygon. */
export function unionRings(...rings: readonly (readonly (readonly [number, number])[])[]): MultiPolygon {
  if (rings.length === 0) return [];
  const [first, ...rest] = rings.map((r) => ringAsPolygon(r));
  return polygonClipping.union(first!, ...rest);
}

/** What is left of `subject` after every ring in `cut` is taken away. */
export function subtractRings(subject: MultiPolygon, cut: readonly (readonly (readonly [number, number])[])[]): MultiPolygon {
  if (subject.length === 0 || cut.length === 0) return subject;
  return polygonClipping.difference(subject, ...cut.map((r) => ringAsPolygon(r)));
}

/** True when two rings' interiors overlap (more than touching). */
export function ringsOverlap(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]): boolean {
  return multiPolygonAreaMm2(polygonClipping.intersection(ringAsPolygon(a), ringAsPolygon(b))) > 1e-9;
}
