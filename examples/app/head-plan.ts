// The plan a photo proposes, in scalp mm (pure; tested in node): the bald scalp the face worker found, mapped
// through the fitted head, kept behind the hairline and feathered into the remaining hair; no area for a full head
// of hair; the treated fronts that follow a moved hairline; and the scale bar's round length.
import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import { adjustHead, headProjection, pxPolygonToMm, PIXEL_CLASS, type HeadFit, type HeadObservation } from '../../src/head/index.js';
import { topOfHeadRegion } from '../../src/presets.js';
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

/** The proposal's feather: how far (mm) the treated area reaches on into the remaining hair, and its density there. Ours: SMP is blended into the hair, not stopped at a line. */
export const FEATHER = { widthMm: 15, densityScale: 0.5 } as const;

/**
 * A head whose visible top behind the hairline shows less than this share of bare scalp (scalp among scalp and hair
 * cells) has a full head of hair (NW 1–2): no bald area is proposed. Ours, from the shared portraits: 0.00–0.06 on
 * the NW 2 heads (12, 13, 14), 0.15–1.0 on the thinning, receding, bald and shaved ones.
 */
export const FULL_HAIR_SCALP_SHARE = 0.1;

/** The share of bare scalp (PIXEL_CLASS.scalp among scalp and hair) on the visible top behind the hairline: the map 5–110 mm behind it, 60 mm each side; null without classes. */
export function scalpShareBehindHairline(obs: HeadObservation, fit: HeadFit): number | null {
  const c = obs.classes;
  if (!c) return null;
  const proj = headProjection(fit);
  const p: [number, number] = [0, 0];
  let scalp = 0;
  let head = 0;
  for (let y = -5; y >= -110; y -= 5)
    for (let x = -60; x <= 60; x += 5) {
      if (!proj.mmToPx(x, y, p)) continue;
      const i = Math.floor(p[0] / c.scale), j = Math.floor(p[1] / c.scale);
      if (i < 0 || j < 0 || i >= c.width || j >= c.height) continue;
      const k = c.data[j * c.width + i];
      if (k === PIXEL_CLASS.scalp) scalp++;
      if (k === PIXEL_CLASS.scalp || k === PIXEL_CLASS.hair) head++;
    }
  return head > 0 ? scalp / head : null;
}

/** Whether the photo shows a full head of hair (NW 1–2) behind the hairline: scalpShareBehindHairline below FULL_HAIR_SCALP_SHARE. */
export function hasFullHair(obs: HeadObservation, fit: HeadFit): boolean {
  const s = scalpShareBehindHairline(obs, fit);
  return s !== null && s < FULL_HAIR_SCALP_SHARE;
}

/** A ring grown by r mm: the union of its copies moved 16 ways (a polygon's Minkowski sum with a 16-gon). */
function grow(ring: readonly (readonly [number, number])[], r: number): Polygon[] {
  const closed = (dx: number, dy: number): Polygon => [[...ring.map(([x, y]) => [x + dx, y + dy] as [number, number]), [ring[0]![0] + dx, ring[0]![1] + dy]]];
  const copies: Polygon[] = [];
  for (let k = 0; k < 16; k++) copies.push(closed(r * Math.cos((k * Math.PI) / 8), r * Math.sin((k * Math.PI) / 8)));
  return polygonClipping.union(closed(0, 0), ...copies).map((poly) => [poly[0]!]);
}

/** How far in front of the hairline a proposed area reaches (mm): the widest soft zone of the styles (HAIRLINE_STYLE_DEFAULTS: 'broken', 12). */
export const FRONT_MARGIN_MM = 12;

/** A proposed treated region. */
export interface ProposedRegion {
  name: string;
  kind: 'treated';
  points: [number, number][];
  densityScale: number;
}

/**
 * The treated regions proposed by the photo, in scalp mm: the bald and thinning scalp the face worker found, mapped
 * through the fitted head and kept behind the hairline moved `frontMarginMm` forward (room for the line's soft zone,
 * whose density the plan's hairline sets, so the area never ends in a hard edge), and a feather FEATHER.widthMm on
 * into the remaining hair at FEATHER.densityScale, listed first so the area owns its overlap. None for a full head
 * of hair (hasFullHair). Pure.
 */
export function proposedRegions(
  obs: HeadObservation,
  fit: HeadFit,
  hairline: readonly (readonly [number, number])[] | null,
  frontMarginMm = FRONT_MARGIN_MM,
): ProposedRegion[] {
  if (!obs.proposedArea?.length || hasFullHair(obs, fit)) return [];
  const proj = headProjection(fit);
  const r1 = (v: number) => Math.round(v * 10) / 10 || 0;
  const behind = hairline && hairline.length >= 2 ? behindHairline(hairline.map(([x, y]) => [x, y + frontMarginMm] as const)) : null;
  const clip = (polys: Polygon[]): [number, number][][] => {
    const cut = behind ? polygonClipping.intersection(polys as Polygon[], [[...behind, behind[0]!]]) : polys;
    return cut.map((poly) => openRing(poly[0]!).map(([x, y]) => [r1(x), r1(y)] as [number, number])).filter((pts) => pts.length >= 3 && Math.abs(signedAreaMm2(pts)) >= 100);
  };
  const rings = obs.proposedArea.map((poly) => pxPolygonToMm(proj, poly)).filter((ring) => ring.length >= 3);
  const core = rings.flatMap((ring) => clip([[[...ring, ring[0]!]]]));
  if (!core.length) return [];
  const feather = rings.flatMap((ring) => clip(grow(ring, FEATHER.widthMm)));
  const named = (pts: [number, number][][], name: string, densityScale: number): ProposedRegion[] =>
    pts.map((points, i, all) => ({ name: all.length > 1 ? `${name} ${i + 1}` : name, kind: 'treated' as const, points, densityScale }));
  return [...named(feather, 'Proposed area: feather into the hair', FEATHER.densityScale), ...named(core, 'Proposed area', 1)];
}

/** y (mm) of a hairline at x: the polyline through its points sorted by x, flat past its ends. */
function lineY(pts: readonly (readonly [number, number])[], x: number): number {
  const n = pts.length;
  if (x <= pts[0]![0]) return pts[0]![1];
  if (x >= pts[n - 1]![0]) return pts[n - 1]![1];
  for (let i = 1; i < n; i++) {
    const [x1, y1] = pts[i]!;
    if (x <= x1) {
      const [x0, y0] = pts[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return pts[n - 1]![1];
}

/**
 * The treated regions after the hairline moved from `from` to `to` (mm): each treated vertex on or in front of the
 * old line moves with the line at its x, those behind it less, down to none `reachMm` behind (a smooth drag of the
 * area's front: its back and sides stay put). Exclusions and scars stay where they are (they are on the skin). Pure.
 */
export function followHairline<R extends { kind: string; points: readonly (readonly [number, number])[] }>(
  regions: readonly R[],
  from: readonly (readonly [number, number])[],
  to: readonly (readonly [number, number])[],
  reachMm = 40,
): R[] {
  if (from.length < 2 || to.length < 2) return regions.slice();
  const a = [...from].sort((p, q) => p[0] - q[0]);
  const b = [...to].sort((p, q) => p[0] - q[0]);
  let most = 0;
  for (const r of regions) if (r.kind === 'treated') for (const [x] of r.points) most = Math.max(most, Math.abs(lineY(b, x) - lineY(a, x)));
  // a reach past twice the largest move keeps every column's order: the dragged polygon cannot fold over itself
  const reach = Math.max(reachMm, 2 * most);
  const r2 = (v: number) => Math.round(v * 100) / 100 || 0;
  return regions.map((r) => {
    if (r.kind !== 'treated') return r;
    const points = r.points.map(([x, y]) => {
      const y0 = lineY(a, x);
      const d = lineY(b, x) - y0;
      const w = y >= y0 ? 1 : Math.max(0, 1 - (y0 - y) / reach);
      return [x, r2(y + d * w)] as [number, number];
    });
    return { ...r, points };
  });
}

/** A round step for a scale bar: the largest of 1, 2, 5, 10, 20, 50, 100 mm that fits in maxPx. */
export function scaleBarMm(pxPerMm: number, maxPx: number): number {
  let best = 1;
  for (const mm of [1, 2, 5, 10, 20, 50, 100]) if (mm * pxPerMm <= maxPx) best = mm;
  return best;
}


/**
 * The plan and fit with the mid-frontal point `arcMm` of forehead arc above the glabella: the map's origin moves
 * with it (the hairline, drawn about the origin, moves on the head), every region stays where it is on the head
 * (the map shifts by exactly the arc's change along y), and the treated areas' fronts follow the line
 * (followHairline). Pure; throws adjustHead's RangeError for an arc out of range.
 */
export function withHairlineArc<P extends { regions: readonly { kind: string; points: readonly (readonly [number, number])[] }[]; hairline?: { points: readonly (readonly [number, number])[] } | null }>(
  plan: P,
  fit: HeadFit,
  arcMm: number,
): { plan: P; fit: HeadFit } {
  const next = adjustHead(fit, { originArc: arcMm });
  const d = arcMm - fit.originArc;
  const r2 = (v: number) => Math.round(v * 100) / 100 || 0;
  const held = plan.regions.map((r) => ({ ...r, points: r.points.map(([x, y]) => [x, r2(y + d)] as [number, number]) }));
  const line = plan.hairline?.points ?? null;
  const regions = line ? followHairline(held, line.map(([x, y]) => [x, y + d] as const), line) : held;
  return { plan: { ...plan, regions }, fit: next };
}

/** The designs offered to a client with a full head of hair: dots under the hair over the top, or a hairline band only. */
export type FullHairDesign = 'density' | 'hairline';

/**
 * The treated region of a full-hair design, in mm: 'density' the top of the head (presets' topOfHeadRegion); 'hairline'
 * a band from FRONT_MARGIN_MM in front of the line to `bandMm` behind it, temple to temple. Pure.
 */
export function fullHairRegion(design: FullHairDesign, hairline: readonly (readonly [number, number])[] | null, bandMm = 35): { name: string; kind: 'treated'; points: [number, number][]; densityScale: number } {
  if (design === 'density' || !hairline || hairline.length < 2) return { name: 'Density under the hair', kind: 'treated', points: topOfHeadRegion(), densityScale: 1 };
  const pts = [...hairline].sort((p, q) => p[0] - q[0]);
  const front = pts.map(([x, y]) => [x, y + FRONT_MARGIN_MM] as [number, number]);
  const back = pts.map(([x, y]) => [x, y - bandMm] as [number, number]).reverse();
  return { name: 'Hairline band', kind: 'treated', points: [...front, ...back].map(([x, y]) => [Math.round(x * 100) / 100 || 0, Math.round(y * 100) / 100 || 0]), densityScale: 1 };
}

/**
 * The area (cm²) of a shape that lies in front of a hairline's soft zone (the line moved `transitionMm` forward):
 * there the plan's hairline puts no dots, so a treated stroke there adds area but no ink. Pure.
 */
export function aheadOfHairlineCm2(shape: MultiPolygon, hairline: readonly (readonly [number, number])[], transitionMm: number): number {
  if (hairline.length < 2 || !shape.length) return 0;
  const behind = behindHairline(hairline.map(([x, y]) => [x, y + transitionMm] as const));
  const ahead = polygonClipping.difference(shape, [[...behind, behind[0]!]]);
  let mm2 = 0;
  for (const poly of ahead) for (let k = 0; k < poly.length; k++) mm2 += (k === 0 ? 1 : -1) * Math.abs(signedAreaMm2(openRing(poly[k]!)));
  return mm2 / 100;
}
