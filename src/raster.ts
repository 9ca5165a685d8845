// Regions on a grid: each cell is outside, cleanly inside one region, or on a boundary (exact test per point).
// Scanline crossings fill interiors in O(rows × edges); edges mark the cells they pass through (supercover),
// so a "clean" cell's centre decides the whole cell.
import type { Region } from './plan.js';

/** An axis-aligned grid of square cells over a box in mm. */
export interface Grid {
  x0: number;
  y0: number;
  /** Cell side in mm. */
  cell: number;
  /** Cells per row and rows. */
  w: number;
  h: number;
}

/** Cell class: 0 outside, BOUNDARY needs a per-point test, otherwise 1 + index of the region that owns it. */
export const BOUNDARY = 255;
/** Most regions a plan may hold (class values 1…254). */
export const MAX_REGIONS = 254;

/** Calls fn(xCrossing) for every edge of `pts` crossing the horizontal line at y (half-open rule). */
function crossings(pts: readonly (readonly [number, number])[], y: number, out: number[]): void {
  const n = pts.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = pts[i]![1];
    const yj = pts[j]![1];
    if (yi > y !== yj > y) {
      const xi = pts[i]![0];
      const xj = pts[j]![0];
      out.push(xi + ((y - yi) / (yj - yi)) * (xj - xi));
    }
  }
}

/** Even-odd point-in-polygon test. */
export function insidePolygon(pts: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  const n = pts.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = pts[i]![1];
    const yj = pts[j]![1];
    if (yi > y !== yj > y) {
      const xi = pts[i]![0];
      const xj = pts[j]![0];
      if (x < xi + ((y - yi) / (yj - yi)) * (xj - xi)) inside = !inside;
    }
  }
  return inside;
}

/** The region owning a point: the last treated or scar region containing it, or −1 (outside, or in an exclusion). */
export function regionAt(regions: readonly Region[], x: number, y: number): number {
  let owner = -1;
  for (let r = 0; r < regions.length; r++) {
    const reg = regions[r]!;
    if (!insidePolygon(reg.points, x, y)) continue;
    if (reg.kind === 'exclusion') return -1;
    owner = r;
  }
  return owner;
}

/** Every region's edge crossings with the horizontal line at y (per region), for ownerOnLine. */
export function lineCrossings(regions: readonly Region[], y: number): number[][] {
  return regions.map((reg) => {
    const xs: number[] = [];
    crossings(reg.points, y, xs);
    return xs;
  });
}

/**
 * regionAt(regions, x, y) for the y whose lineCrossings are given: the same decision bit for bit (the same
 * crossing arithmetic as insidePolygon), in O(crossings) instead of O(edges) per point.
 */
export function ownerOnLine(regions: readonly Region[], line: readonly (readonly number[])[], x: number): number {
  let owner = -1;
  for (let r = 0; r < regions.length; r++) {
    const xs = line[r]!;
    let inside = false;
    for (let k = 0; k < xs.length; k++) if (x < xs[k]!) inside = !inside;
    if (!inside) continue;
    if (regions[r]!.kind === 'exclusion') return -1;
    owner = r;
  }
  return owner;
}

/** Marks every cell an edge passes through as a boundary (exact supercover, row by row). */
function markEdges(grid: Grid, pts: readonly (readonly [number, number])[], cls: Uint8Array): void {
  const { x0, y0, cell, w, h } = grid;
  const n = pts.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = (pts[j]![0] - x0) / cell;
    const ay = (pts[j]![1] - y0) / cell;
    const bx = (pts[i]![0] - x0) / cell;
    const by = (pts[i]![1] - y0) / cell;
    const ylo = Math.min(ay, by);
    const yhi = Math.max(ay, by);
    const r0 = Math.max(0, Math.floor(ylo));
    const r1 = Math.min(h - 1, Math.floor(yhi));
    for (let r = r0; r <= r1; r++) {
      // the part of the edge inside row band [r, r+1]
      const ta = Math.max(ylo, r);
      const tb = Math.min(yhi, r + 1);
      let xa: number;
      let xb: number;
      if (by === ay) {
        xa = ax;
        xb = bx;
      } else {
        xa = ax + ((ta - ay) / (by - ay)) * (bx - ax);
        xb = ax + ((tb - ay) / (by - ay)) * (bx - ax);
      }
      const c0 = Math.max(0, Math.floor(Math.min(xa, xb)));
      const c1 = Math.min(w - 1, Math.floor(Math.max(xa, xb)));
      for (let c = c0; c <= c1; c++) cls[r * w + c] = BOUNDARY;
    }
  }
}

/** Classifies every cell of the grid against the regions (see BOUNDARY). */
export function classifyCells(grid: Grid, regions: readonly Region[]): Uint8Array {
  const { x0, y0, cell, w, h } = grid;
  const owner = new Int16Array(w * h).fill(-1);
  const xs: number[] = [];
  for (let r = 0; r < regions.length; r++) {
    const reg = regions[r]!;
    const value = reg.kind === 'exclusion' ? -2 : r;
    for (let row = 0; row < h; row++) {
      xs.length = 0;
      crossings(reg.points, y0 + (row + 0.5) * cell, xs);
      if (xs.length < 2) continue;
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        // cells whose centre lies in [xs[k], xs[k+1])
        const c0 = Math.max(0, Math.ceil((xs[k]! - x0) / cell - 0.5));
        const c1 = Math.min(w - 1, Math.ceil((xs[k + 1]! - x0) / cell - 0.5) - 1);
        for (let c = c0; c <= c1; c++) {
          const at = row * w + c;
          if (owner[at] !== -2) owner[at] = value; // an exclusion wins over any region
        }
      }
    }
  }
  const cls = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) cls[i] = owner[i]! >= 0 ? owner[i]! + 1 : 0;
  for (const reg of regions) markEdges(grid, reg.points, cls);
  return cls;
}
