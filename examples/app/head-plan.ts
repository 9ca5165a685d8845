// The plan a photo proposes, in scalp mm (pure; tested in node): the bald scalp the face worker found, mapped
// through the fitted head and kept behind the hairline; and the scale bar's round length.
import polygonClipping from 'polygon-clipping';
import { headProjection, pxPolygonToMm, type HeadFit, type HeadObservation } from '../../src/head/index.js';
import { openRing, signedAreaMm2 } from '../edit/geometry.js';

/**
 * The part of the map behind a hairline (the scalp side, y < 0 side of the line), as a polygon in mm: the line
 * from temple to temple, carried out past the temples to the sides, closed far behind the crown. Pure.
 */
export function behindHairline(points: readonly (readonly [number, number])[], sideMm = 90, backMm = 320): [number, number][] {
  const pts = [...points].sort((a, b) => a[0] - b[0]);
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  return [[first[0] - sideMm, first[1]], ...pts.map(([x, y]) => [x, y] as [number, number]), [last[0] + sideMm, last[1]], [last[0] + sideMm, -backMm], [first[0] - sideMm, -backMm]];
}

/**
 * The treated regions proposed by the photo, in scalp mm: the bald scalp the face worker found, mapped through the
 * fitted head, and kept behind the hairline (the forehead in front of it is never treated). Pure.
 */
export function proposedRegions(obs: HeadObservation, fit: HeadFit, hairline: readonly (readonly [number, number])[] | null): { name: string; kind: 'treated'; points: [number, number][] }[] {
  if (!obs.proposedArea?.length) return [];
  const proj = headProjection(fit);
  const r1 = (v: number) => Math.round(v * 10) / 10 || 0;
  let shapes: [number, number][][] = obs.proposedArea.map((poly) => pxPolygonToMm(proj, poly).map(([x, y]) => [r1(x), r1(y)] as [number, number]));
  if (hairline && hairline.length >= 2) {
    const behind = behindHairline(hairline);
    shapes = shapes.flatMap((ring) => {
      if (ring.length < 3) return [];
      const cut = polygonClipping.intersection([[...ring, ring[0]!]], [[...behind, behind[0]!]]);
      return cut.map((poly) => openRing(poly[0]!).map(([x, y]) => [r1(x), r1(y)] as [number, number]));
    });
  }
  return shapes
    .filter((pts) => pts.length >= 3 && Math.abs(signedAreaMm2(pts)) >= 100)
    .map((points, i, all) => ({ name: all.length > 1 ? `Proposed area ${i + 1}` : 'Proposed area', kind: 'treated' as const, points }));
}

/** A round step for a scale bar: the largest of 1, 2, 5, 10, 20, 50, 100 mm that fits in maxPx. */
export function scaleBarMm(pxPerMm: number, maxPx: number): number {
  let best = 1;
  for (const mm of [1, 2, 5, 10, 20, 50, 100]) if (mm * pxPerMm <= maxPx) best = mm;
  return best;
}

