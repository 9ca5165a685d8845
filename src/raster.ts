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

/**
 * Every region's non-horizontal edges, bucketed by the grid rows their y-span touches (row-major, then region,
 * then edge order). A horizontal line or a point in row r meets only the edges of row r, so point tests and
 * scanlines cost what the row holds, not every vertex of the plan.
 */
export interface EdgeRows {
  y0: number;
  cell: number;
  rows: number;
  /** Entries of row r are start[r] … start[r + 1]. */
  start: Uint32Array;
  /** Per entry: region index, and the edge as insidePolygon sees it (i, then j = the previous vertex). */
  region: Uint8Array;
  xi: Float64Array;
  yi: Float64Array;
  xj: Float64Array;
  yj: Float64Array;
  /** Per region: 1 for an exclusion. */
  exclusion: Uint8Array;
}

function edgeRowRange(grid: Grid, ya: number, yb: number): [number, number] {
  const lo = Math.min(ya, yb);
  const hi = Math.max(ya, yb);
  return [Math.max(0, Math.floor((lo - grid.y0) / grid.cell)), Math.min(grid.h - 1, Math.floor((hi - grid.y0) / grid.cell))];
}

/** How many (row, edge) entries edgeRows would hold: the work of one scan of every row, counted in O(edges). */
export function countEdgeRows(grid: Grid, regions: readonly Region[]): number {
  let n = 0;
  for (const reg of regions) {
    const pts = reg.points;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      if (pts[i]![1] === pts[j]![1]) continue;
      const [r0, r1] = edgeRowRange(grid, pts[i]![1], pts[j]![1]);
      if (r1 >= r0) n += r1 - r0 + 1;
    }
  }
  return n;
}

/** Builds the row index of the regions' edges over the grid's rows (see EdgeRows). */
export function edgeRows(grid: Grid, regions: readonly Region[]): EdgeRows {
  const rows = grid.h;
  const start = new Uint32Array(rows + 1);
  for (const reg of regions) {
    const pts = reg.points;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      if (pts[i]![1] === pts[j]![1]) continue;
      const [r0, r1] = edgeRowRange(grid, pts[i]![1], pts[j]![1]);
      for (let r = r0; r <= r1; r++) start[r + 1]!++;
    }
  }
  for (let r = 0; r < rows; r++) start[r + 1]! += start[r]!;
  const n = start[rows]!;
  const fill = start.slice(0, rows);
  const region = new Uint8Array(n);
  const xi = new Float64Array(n);
  const yi = new Float64Array(n);
  const xj = new Float64Array(n);
  const yj = new Float64Array(n);
  for (let g = 0; g < regions.length; g++) {
    const pts = regions[g]!.points;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      if (pts[i]![1] === pts[j]![1]) continue;
      const [r0, r1] = edgeRowRange(grid, pts[i]![1], pts[j]![1]);
      for (let r = r0; r <= r1; r++) {
        const k = fill[r]!++;
        region[k] = g;
        xi[k] = pts[i]![0];
        yi[k] = pts[i]![1];
        xj[k] = pts[j]![0];
        yj[k] = pts[j]![1];
      }
    }
  }
  const exclusion = Uint8Array.from(regions, (r) => (r.kind === 'exclusion' ? 1 : 0));
  return { y0: grid.y0, cell: grid.cell, rows, start, region, xi, yi, xj, yj, exclusion };
}

/**
 * regionAt for a point, bit for bit (the same crossing arithmetic), testing only the edges of the point's row.
 * Points outside the rows are outside every treated region (the grid covers them all): −1.
 */
export function ownerAt(e: EdgeRows, x: number, y: number): number {
  return ownerOnRows(e.start, e.region, e.xi, e.yi, e.xj, e.yj, e.exclusion, e.y0, e.cell, e.rows, x, y);
}

/** ownerAt on the row index's arrays: the same decision, for the walk's typed-array-only calls (no object in the hot loop). */
export function ownerOnRows(
  start: Uint32Array, region: Uint8Array, xi: Float64Array, yi: Float64Array, xj: Float64Array, yj: Float64Array, exclusion: Uint8Array,
  y0: number, cell: number, rows: number, x: number, y: number,
): number {
  const gy = (y - y0) / cell;
  if (!(gy >= 0 && gy < rows)) return -1;
  const r = Math.floor(gy);
  const end = start[r + 1]!;
  let owner = -1;
  let cur = -1;
  let inside = false;
  for (let k = start[r]!; k < end; k++) {
    const g = region[k]!;
    if (g !== cur) {
      if (inside) {
        if (exclusion[cur]) return -1;
        owner = cur;
      }
      cur = g;
      inside = false;
    }
    const a = yi[k]!;
    const b = yj[k]!;
    if (a > y !== b > y && x < xi[k]! + ((y - a) / (b - a)) * (xj[k]! - xi[k]!)) inside = !inside;
  }
  if (inside) {
    if (exclusion[cur]) return -1;
    owner = cur;
  }
  return owner;
}

/** A horizontal line's crossings, grouped by region in region order (see lineCrossingsAt). */
export interface LineCrossings {
  n: number;
  region: Uint8Array;
  x: Float64Array;
}

/** The crossings of the line at y (inside row `row`) with every region's edges, into `out` (grown as needed). */
export function lineCrossingsAt(e: EdgeRows, row: number, y: number, out: LineCrossings): LineCrossings {
  const end = e.start[row + 1]!;
  const need = end - e.start[row]!;
  if (out.x.length < need) {
    out.x = new Float64Array(need);
    out.region = new Uint8Array(need);
  }
  let n = 0;
  for (let k = e.start[row]!; k < end; k++) {
    const a = e.yi[k]!;
    const b = e.yj[k]!;
    if (a > y !== b > y) {
      out.region[n] = e.region[k]!;
      out.x[n++] = e.xi[k]! + ((y - a) / (b - a)) * (e.xj[k]! - e.xi[k]!);
    }
  }
  out.n = n;
  return out;
}

/** regionAt(x, y) for the y of `line`: the same decision bit for bit, in O(crossings). */
export function ownerOnCrossings(e: EdgeRows, line: LineCrossings, x: number): number {
  let owner = -1;
  let cur = -1;
  let inside = false;
  const { region, x: xs } = line;
  for (let k = 0; k < line.n; k++) {
    const g = region[k]!;
    if (g !== cur) {
      if (inside) {
        if (e.exclusion[cur]) return -1;
        owner = cur;
      }
      cur = g;
      inside = false;
    }
    if (x < xs[k]!) inside = !inside;
  }
  if (inside) {
    if (e.exclusion[cur]) return -1;
    owner = cur;
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

/** Classifies every cell of the grid against the regions (see BOUNDARY); `rows` is edgeRows(grid, regions). */
export function classifyCells(grid: Grid, regions: readonly Region[], rows: EdgeRows = edgeRows(grid, regions)): Uint8Array {
  const { x0, y0, cell, w, h } = grid;
  const cls = new Uint8Array(w * h);
  const owner = new Int16Array(w); // one row at a time: rows no region spans cost nothing
  const line: LineCrossings = { n: 0, region: new Uint8Array(16), x: new Float64Array(16) };
  const xs: number[] = [];
  for (let row = 0; row < h; row++) {
    if (rows.start[row + 1] === rows.start[row]) continue;
    lineCrossingsAt(rows, row, y0 + (row + 0.5) * cell, line);
    owner.fill(-1);
    // regions in order (an exclusion wins over any region, a later region over an earlier one)
    for (let k = 0; k < line.n; ) {
      const r = line.region[k]!;
      xs.length = 0;
      while (k < line.n && line.region[k] === r) xs.push(line.x[k++]!);
      if (xs.length < 2) continue;
      const value = rows.exclusion[r] ? -2 : r;
      xs.sort((a, b) => a - b);
      for (let q = 0; q + 1 < xs.length; q += 2) {
        // cells whose centre lies in [xs[q], xs[q+1])
        const c0 = Math.max(0, Math.ceil((xs[q]! - x0) / cell - 0.5));
        const c1 = Math.min(w - 1, Math.ceil((xs[q + 1]! - x0) / cell - 0.5) - 1);
        for (let c = c0; c <= c1; c++) if (owner[c] !== -2) owner[c] = value;
      }
    }
    for (let c = 0; c < w; c++) if (owner[c]! >= 0) cls[row * w + c] = owner[c]! + 1;
  }
  for (const reg of regions) markEdges(grid, reg.points, cls);
  return cls;
}
