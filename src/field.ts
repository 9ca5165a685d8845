// The density field: target × region scale × hairline profile × simplex-noise unevenness, sampled on a
// grid aligned to a global lattice (so editing one region leaves the field elsewhere bit-identical).
import { createNoise2D, type NoiseFunction2D } from 'simplex-noise';
import { deriveRandom } from './hash.js';
import { hairlineDistance, hairlineProfile } from './hairline.js';
import { type Plan, PlanError, type ResolvedHairline } from './plan.js';
import {
  BOUNDARY,
  classifyCells,
  countEdgeRows,
  type EdgeRows,
  edgeRows,
  type Grid,
  type LineCrossings,
  lineCrossingsAt,
  ownerOnCrossings,
} from './raster.js';

/** Most grid cells a field may use; larger areas get coarser cells. */
const MAX_CELLS = 1_000_000;
/** log2 of COARSE: cell → coarse cell by a shift. */
const COARSE_SHIFT = 2;
/** Coarse cells per side of one `coarseMax` cell. */
export const COARSE = 1 << COARSE_SHIFT;
/**
 * Work budget of one plan, in edge tests (≈ 2–5 ns each here): the boundary cells' sub-samples and the walk's
 * point tests on boundary cells each scan their grid row's edges. A plan beyond it (a comb of thousands of
 * teeth, say) would stall for seconds and is refused up front. Ours: ≈ 1–2 s on the 2-core reference machine.
 */
export const WORK_BUDGET = 400_000_000;
/** Sub-sample lines (and samples per line) per boundary cell for its area and mass. */
const SUB = 4;

/** What a field shares with every field of the same regions, seed, target and noise: a hairline edit keeps it. */
export interface FieldBase {
  grid: Grid;
  cls: Uint8Array;
  edges: EdgeRows;
  /** Per node: target × noise unevenness, before the hairline profile (0 at nodes no cell with dots touches). */
  density: Float64Array;
  /** Per node: 1 where a cell with dots touches it. */
  used: Uint8Array;
  /** The BOUNDARY cells' indices in row order: the only cells that need sub-samples. */
  boundary: Int32Array;
}

/** A density field over the treated regions. Densities are dots per mm² (dots/cm² ÷ 100). */
export interface DensityField {
  /** The hairline-free part, shared by the fields of plans that differ only in their hairline. */
  base: FieldBase;
  grid: Grid;
  /** Per cell: 0 outside, BOUNDARY, or 1 + owning region index. */
  cls: Uint8Array;
  /** The regions' edges by grid row, for exact point tests (ownerAt) in O(the row's edges). */
  edges: EdgeRows;
  /** Per node ((w+1) × (h+1)): density before region scale. */
  density: Float32Array;
  /** Per node: signed, perturbed distance to the hairline in mm (+ scalp side), or null without a hairline. */
  hair: Float32Array | null;
  /** Per coarse cell (COARSE × COARSE cells): an upper bound of the density including region scale. */
  coarseMax: Float64Array;
  coarseW: number;
  coarseH: number;
  /** Region density scales, indexed by region. */
  regionScale: Float64Array;
  /** Upper bound of the density anywhere, dots/mm². */
  maxDensity: number;
  /** Treated area in mm². */
  areaMm2: number;
  /** Expected dots at cumulative 1.0 (∫ density dA over the treated area). */
  expectedFull: number;
  /** An upper bound of expectedFull that cannot under-count: every cell a region touches, whole, at its corners' highest density. */
  boundFull: number;
  /** The walk's work on boundary cells at cumulative 1 (edge tests): checkWalkBudget scales it by the plan's last cumulative. */
  walkWork: number;
}

/** Throws PlanError when the walk's point tests on boundary cells would exceed WORK_BUDGET. */
export function checkWalkBudget(field: DensityField, cumLast: number): void {
  const work = field.walkWork * cumLast;
  if (work > WORK_BUDGET) refuseWork(work, 'the treated outlines are too intricate for their area');
}

/** The last cumulative share of the plan's layers (sessions, then touch-ups' additions). */
export function cumulativeLast(plan: Plan): number {
  let extra = 0;
  for (const t of plan.touchUps) extra += t.addFraction;
  return plan.touchUps.length ? 1 + extra : plan.sessions[plan.sessions.length - 1]!.cumulative;
}

function refuseWork(units: number, why: string): never {
  throw new PlanError(
    'regions',
    `≈ ${(units / 1e6).toFixed(0)} M edge tests`,
    `${why}: more work than one simulation may take (${WORK_BUDGET / 1e6} M); simplify the outlines (fewer vertices, fewer narrow teeth) or split the plan`,
  );
}

/** The grid cell side: fine enough for the noise (a third of its scale, at most 2 mm), coarser only for huge areas. */
export function cellSize(plan: Plan, widthMm: number, heightMm: number): number {
  let cell = Math.min(2, Math.max(0.5, plan.density.noise.scaleMm / 3));
  const need = Math.sqrt((widthMm * heightMm) / MAX_CELLS);
  while (cell < need) cell *= 2;
  return cell;
}

let baseKey = '';
let baseValue: FieldBase | null = null;
let cachedKey = '';
let cachedValue: DensityField | null = null;

/**
 * densityField, kept for the last plan: an edit that leaves everything the field reads alone (sessions, skin,
 * pigment, touch-ups, clustering) reuses it, and a hairline edit reuses its hairline-free base (grid, outlines,
 * noise). Fields and bases are never modified after they are built.
 */
export function cachedDensityField(plan: Plan): DensityField | null {
  const d = plan.density;
  const bk = JSON.stringify([plan.seed, plan.regions, d.target, d.noise.amplitude, d.noise.scaleMm]);
  const key = JSON.stringify(plan.hairline);
  if (bk !== baseKey) {
    baseKey = '';
    cachedKey = '';
    cachedValue = null;
    baseValue = fieldBase(plan);
    baseKey = bk;
  }
  if (key !== cachedKey) {
    cachedKey = '';
    cachedValue = baseValue ? fieldOnBase(plan, baseValue) : null;
    cachedKey = key;
  }
  return cachedValue;
}

/** Builds the density field of a validated plan, or null when no region gets dots. */
export function densityField(plan: Plan): DensityField | null {
  const base = fieldBase(plan);
  return base ? fieldOnBase(plan, base) : null;
}

/** The grid, the outlines and the noise of a plan's field, or null when no region gets dots. */
function fieldBase(plan: Plan): FieldBase | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of plan.regions) {
    if (r.kind === 'exclusion') continue;
    for (const [x, y] of r.points) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  if (!(maxX > minX && maxY > minY)) return null;
  const cell = cellSize(plan, maxX - minX, maxY - minY);
  const x0 = Math.floor(minX / cell) * cell;
  const y0 = Math.floor(minY / cell) * cell;
  const w = Math.max(1, Math.ceil((maxX - x0) / cell));
  const h = Math.max(1, Math.ceil((maxY - y0) / cell));
  const grid: Grid = { x0, y0, cell, w, h };
  const scans = countEdgeRows(grid, plan.regions);
  if (scans > WORK_BUDGET / 8) refuseWork(scans * 8, 'the outlines cross too many grid rows');
  const edges = edgeRows(grid, plan.regions);
  const cls = classifyCells(grid, plan.regions, edges);
  const density = new Float64Array((w + 1) * (h + 1));
  const used = new Uint8Array((w + 1) * (h + 1));
  const noise = noiseFor(plan.seed, 'density-noise');
  fillBase(density, used, cls, edges.start, x0, y0, cell, w, h, noise, plan.density.target / 100, plan.density.noise.amplitude, 1 / plan.density.noise.scaleMm);
  let nb = 0;
  for (let i = 0; i < cls.length; i++) if (cls[i] === BOUNDARY) nb++;
  const boundary = new Int32Array(nb);
  for (let i = 0, j = 0; i < cls.length; i++) if (cls[i] === BOUNDARY) boundary[j++] = i;
  return { grid, cls, edges, density, used, boundary };
}

/** The field of a plan on its base: the hairline, the density, the bounds and the sums. */
function fieldOnBase(plan: Plan, base: FieldBase): DensityField {
  const { grid, cls, edges } = base;
  const { x0, y0, cell, w, h } = grid;
  const nw = w + 1;
  const nh = h + 1;
  let hair: Float32Array | null = null;
  const hl = plan.hairline;
  if (hl) {
    const macro = noiseFor(plan.seed, 'hairline-macro');
    const micro = noiseFor(plan.seed, 'hairline-micro');
    // a fresh literal of one fixed shape: the optimised hairlineDistance never meets the plan's own objects
    const line = (points: ResolvedHairline['points']): ResolvedHairline => ({
      style: hl.style,
      points,
      transitionMm: hl.transitionMm,
      gradientMm: hl.gradientMm,
      irregularity: hl.irregularity,
      frontDensity: hl.frontDensity,
      needlePoints: hl.needlePoints,
    });
    hair = hairlineDistance(grid, line(hl.points), macro, micro, base.used);
    // Either drawing direction works: the scalp is the side that holds most of the treated area.
    if (scalpSide(cls, hair, edges.start, w, h) < 0) hair = hairlineDistance(grid, line(hl.points.slice().reverse()), macro, micro, base.used);
  }
  const density = new Float32Array(nw * nh);
  fillDensity(density, base.density, hair ?? EMPTY_F32, hair !== null, hl ? hl.transitionMm : 0, hl ? hl.gradientMm : 0, hl ? hl.frontDensity : 0);
  const regionScale = new Float64Array(plan.regions.length);
  for (let r = 0; r < plan.regions.length; r++) regionScale[r] = plan.regions[r]!.kind === 'exclusion' ? 0 : plan.regions[r]!.densityScale;
  const coarseW = Math.ceil(w / COARSE);
  const coarseH = Math.ceil(h / COARSE);
  const coarseMax = new Float64Array(coarseW * coarseH);
  // One pass over the cells: the dot bound, the work of the boundary cells (SUB² samples and the walk's point tests,
  // each scanning its row's edges), the coarse maxima and the inner cells' area and mass; refused before the
  // boundary cells' sub-samples are taken.
  const sums = new Float64Array(6);
  scanCells(cls, density, regionScale, edges.start, w, h, cell, coarseMax, coarseW, sums);
  const boundFull = sums[0]!;
  const walkWork = sums[2]!;
  if (sums[1]! + walkWork * cumulativeLast(plan) > WORK_BUDGET)
    refuseWork(sums[1]! + walkWork * cumulativeLast(plan), 'the treated outlines are too intricate for their area');
  sampleBoundary(base.boundary, density, regionScale, edges, x0, y0, cell, w, sums);
  return { base, grid, cls, edges, density, hair, coarseMax, coarseW, coarseH, regionScale, maxDensity: sums[3]!, areaMm2: sums[4]!, expectedFull: sums[5]!, boundFull, walkWork };
}

const EMPTY_F32 = new Float32Array(0);

/** Simplex-noise functions by (seed, purpose), kept for the last few seeds: set-up is not free, and a reused function keeps the optimised field code valid. */
const noiseCache = new Map<string, NoiseFunction2D>();
function noiseFor(seed: string, purpose: string): NoiseFunction2D {
  const key = `${seed}\u0000${purpose}`;
  let fn = noiseCache.get(key);
  if (!fn) {
    fn = createNoise2D(deriveRandom(seed, purpose));
    if (noiseCache.size >= 24) noiseCache.delete(noiseCache.keys().next().value!);
    noiseCache.set(key, fn);
  }
  return fn;
}

// The hot loops below are top-level functions of numbers, typed arrays and fixed-shape engine objects: no
// per-call closure or plan object reaches optimised code, so a GC between calls cannot invalidate it.

/** Positive when most cells that get dots lie on the + side of the hairline distance. */
function scalpSide(cls: Uint8Array, hair: Float32Array, rowStart: Uint32Array, w: number, h: number): number {
  const nw = w + 1;
  let scalp = 0;
  for (let r = 0; r < h; r++) {
    if (rowStart[r + 1] === rowStart[r]) continue;
    for (let c = 0; c < w; c++) if (cls[r * w + c]) scalp += hair[r * nw + c]! >= 0 ? 1 : -1;
  }
  return scalp;
}

/** Target × noise at every node at a corner of a cell that gets dots (the others are never read: no noise there). */
function fillBase(
  density: Float64Array, usedOut: Uint8Array, cls: Uint8Array, rowStart: Uint32Array, x0: number, y0: number, cell: number, w: number, h: number,
  noise: NoiseFunction2D, base: number, amp: number, inv: number,
): void {
  for (let r = 0; r <= h; r++) {
    const above = r > 0 && rowStart[r] !== rowStart[r - 1];
    const below = r < h && rowStart[r + 1] !== rowStart[r];
    if (!above && !below) continue;
    const y = y0 + r * cell;
    for (let c = 0; c <= w; c++) {
      const used =
        (above && ((c > 0 && cls[(r - 1) * w + c - 1]! !== 0) || (c < w && cls[(r - 1) * w + c]! !== 0))) ||
        (below && ((c > 0 && cls[r * w + c - 1]! !== 0) || (c < w && cls[r * w + c]! !== 0)));
      if (!used) continue;
      const x = x0 + c * cell;
      usedOut[r * (w + 1) + c] = 1;
      density[r * (w + 1) + c] = amp > 0 ? base * Math.max(0, 1 + amp * noise(x * inv, y * inv)) : base;
    }
  }
}

/** The density at every node: the base times the hairline profile. */
function fillDensity(density: Float32Array, base: Float64Array, hair: Float32Array, hasHair: boolean, transitionMm: number, gradientMm: number, front: number): void {
  if (!hasHair) {
    density.set(base);
    return;
  }
  for (let n = 0; n < base.length; n++) {
    const b = base[n]!;
    if (b !== 0) density[n] = b * hairlineProfile(hair[n]!, transitionMm, gradientMm, front);
  }
}

/**
 * One pass over the cells. out[0] = the dot bound at cumulative 1 (every touched cell whole, at its highest corner);
 * out[1] = the work of the boundary cells' sub-samples; out[2] = the walk's point tests there at cumulative 1 (edge
 * tests); out[3] = the highest density (boundary cells at the highest region scale), with the coarse maxima;
 * out[4], out[5] = the area and the mass (∫ density) of the cells wholly inside one region (sampleBoundary adds the rest).
 */
function scanCells(
  cls: Uint8Array, density: Float32Array, regionScale: Float64Array, rowStart: Uint32Array, w: number, h: number, cell: number,
  coarseMax: Float64Array, coarseW: number, out: Float64Array,
): void {
  const nw = w + 1;
  const cell2 = cell * cell;
  let maxScale = 0;
  for (let i = 0; i < regionScale.length; i++) maxScale = Math.max(maxScale, regionScale[i]!);
  let boundFull = 0;
  let work = 0;
  let walk = 0;
  let maxDensity = 0;
  let areaMm2 = 0;
  let expectedFull = 0;
  for (let r = 0; r < h; r++) {
    const rowEdges = rowStart[r + 1]! - rowStart[r]!;
    if (rowEdges === 0) continue;
    const crow = (r >> COARSE_SHIFT) * coarseW;
    let boundaryCells = 0;
    let rowDots = 0;
    for (let c = 0; c < w; c++) {
      const k = cls[r * w + c]!;
      if (k === 0) continue;
      const n0 = r * nw + c;
      const a = density[n0]!;
      const b = density[n0 + 1]!;
      const e = density[n0 + nw]!;
      const f = density[n0 + nw + 1]!;
      const s = k === BOUNDARY ? maxScale : regionScale[k - 1]!;
      const m = Math.max(a, b, e, f) * s;
      boundFull += m * cell2;
      if (k === BOUNDARY) {
        boundaryCells++;
        rowDots += m * cell2;
      } else {
        areaMm2 += cell2;
        expectedFull += ((a + b + e + f) / 4) * s * cell2;
      }
      const ci = crow + (c >> COARSE_SHIFT);
      if (m > coarseMax[ci]!) coarseMax[ci] = m;
      if (m > maxDensity) maxDensity = m;
    }
    if (boundaryCells) {
      work += rowEdges * (SUB + boundaryCells * SUB * SUB);
      walk += rowEdges * rowDots * 3;
    }
  }
  out[0] = boundFull;
  out[1] = work;
  out[2] = walk;
  out[3] = maxDensity;
  out[4] = areaMm2;
  out[5] = expectedFull;
}

/** The boundary cells' area and mass by SUB² sub-samples (each owned by the region it falls in), added to out[4], out[5]. */
function sampleBoundary(
  boundary: Int32Array, density: Float32Array, regionScale: Float64Array, edges: EdgeRows, x0: number, y0: number, cell: number, w: number, out: Float64Array,
): void {
  const nw = w + 1;
  const cell2 = cell * cell;
  let areaMm2 = out[4]!;
  let expectedFull = out[5]!;
  // the SUB sample lines through row r's boundary cells, computed once per row that has any
  const lines: LineCrossings[] = [];
  for (let j = 0; j < SUB; j++) lines.push({ n: 0, region: new Uint8Array(16), x: new Float64Array(16) });
  let linesRow = -1;
  for (let i = 0; i < boundary.length; i++) {
    const r = (boundary[i]! / w) | 0;
    const c = boundary[i]! - r * w;
    const n0 = r * nw + c;
    const a = density[n0]!;
    const b = density[n0 + 1]!;
    const e = density[n0 + nw]!;
    const f = density[n0 + nw + 1]!;
    if (linesRow !== r) {
      for (let j = 0; j < SUB; j++) lineCrossingsAt(edges, r, y0 + (r + (j + 0.5) / SUB) * cell, lines[j]!);
      linesRow = r;
    }
    let inside = 0;
    let mass = 0;
    for (let j = 0; j < SUB; j++) {
      const line = lines[j]!;
      for (let q = 0; q < SUB; q++) {
        const fx = (q + 0.5) / SUB;
        const fy = (j + 0.5) / SUB;
        const reg = ownerOnCrossings(edges, line, x0 + (c + fx) * cell);
        if (reg < 0) continue;
        inside++;
        mass += (a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + e * (1 - fx) * fy + f * fx * fy) * regionScale[reg]!;
      }
    }
    areaMm2 += (inside / (SUB * SUB)) * cell2;
    expectedFull += (mass / (SUB * SUB)) * cell2;
  }
  out[4] = areaMm2;
  out[5] = expectedFull;
}
