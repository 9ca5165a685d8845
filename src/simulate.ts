// simulate(plan): layered SMP dots from a progressive blue-noise tile and a density field.
//
// A tile point with rank fraction u is kept at p when u < a(p)·cumLast, where a(p) is the local density
// over the tile's density. Its layer is the first k with u / a(p) < cumulative[k]: session 1 keeps the
// coarsest ranks, later sessions the finer ranks in between, so they fill the gaps, and a layer depends only
// on its own window and the field, never on later layers. Per-dot variates hash (seed, tile copy, rank).
import { FLAG_COMPANION, FLAG_HAIRLINE, FLAG_SCAR, allocDots, type Dots } from './dots.js';
import { COARSE, cachedDensityField, checkWalkBudget, densityField, type DensityField } from './field.js';
import { SALT_CLUSTERED, SALT_COMPANION, SALT_COMPANIONS, SALT_VARIATION, deriveSeed32, hash2, mix32, unit } from './hash.js';
import { MAX_DOTS, type Plan, PlanError, TOUCH_UP_HEADROOM, validatePlan } from './plan.js';
import { PIGMENT_HUE, dotDiameterMm } from './presets.js';
import { BOUNDARY, ownerOnRows } from './raster.js';
import { defaultTile, type Tile } from './tile.js';

/** Mean companions of a clustered dot (one or two, evenly). */
const MEAN_COMPANIONS = 1.5;
/** Dots in front of this share of the transition width behind the line use the hairline needle. Ours. */
const HAIRLINE_ZONE_BEHIND = 0.5;

// 64 unit vectors from the rational parametrisation ((1−t²), 2t)/(1+t²): exact arithmetic, no trig.
const DIRS = new Float64Array(128);
for (let i = 0; i < 64; i++) {
  const q = i >> 4; // quadrant
  const t = ((i & 15) + 0.5) / 16; // tan(θ/2) for θ in (0, 90°)
  const c = (1 - t * t) / (1 + t * t);
  const s = (2 * t) / (1 + t * t);
  const rot = [
    [c, s],
    [-s, c],
    [-c, -s],
    [s, -c],
  ][q]!;
  DIRS[2 * i] = rot[0]!;
  DIRS[2 * i + 1] = rot[1]!;
}

// Scratch for the walk (grows, never shrinks), so repeated simulations in a worker do not churn memory.
// Module-level typed arrays: the hot functions below see only numbers and typed arrays, never a per-call
// object or closure, so V8's optimised code holds nothing a GC can take away (cold runs = warm runs).
// Two sets: the walk writes one (s*) while the other (p*) keeps the previous walk's dots with their strips'
// ranges, so the next walk copies the strips an edit left alone (a hairline drag, a skin or pigment edit)
// instead of walking them again.
let scratchCap = 0;
let sX = new Float32Array(0);
let sY = new Float32Array(0);
let sSeed = new Uint32Array(0);
let sLayer = new Uint8Array(0);
let sRegion = new Uint8Array(0);
let sFlags = new Uint8Array(0);
let sFrom = new Uint32Array(0);
let sTo = new Uint32Array(0);
let prevCap = 0;
let pX = new Float32Array(0);
let pY = new Float32Array(0);
let pSeed = new Uint32Array(0);
let pLayer = new Uint8Array(0);
let pRegion = new Uint8Array(0);
let pFlags = new Uint8Array(0);
let pFrom = new Uint32Array(0);
let pTo = new Uint32Array(0);
function ensureScratch(cap: number): void {
  if (cap <= scratchCap) return;
  const x = new Float32Array(cap);
  const y = new Float32Array(cap);
  const seed = new Uint32Array(cap);
  const layer = new Uint8Array(cap);
  const region = new Uint8Array(cap);
  const flags = new Uint8Array(cap);
  x.set(sX);
  y.set(sY);
  seed.set(sSeed);
  layer.set(sLayer);
  region.set(sRegion);
  flags.set(sFlags);
  sX = x;
  sY = y;
  sSeed = seed;
  sLayer = layer;
  sRegion = region;
  sFlags = flags;
  scratchCap = cap;
}

/** Makes the set just written the previous one, and the other the next to write. */
function swapScratch(): void {
  [scratchCap, prevCap] = [prevCap, scratchCap];
  [sX, pX] = [pX, sX];
  [sY, pY] = [pY, sY];
  [sSeed, pSeed] = [pSeed, sSeed];
  [sLayer, pLayer] = [pLayer, sLayer];
  [sRegion, pRegion] = [pRegion, sRegion];
  [sFlags, pFlags] = [pFlags, sFlags];
  [sFrom, pFrom] = [pFrom, sFrom];
  [sTo, pTo] = [pTo, sTo];
}

/** What the previous walk depended on besides the density: a walk may copy its strips only when all of it is equal. */
interface LastWalk {
  field: DensityField;
  tile: Tile;
  key: string;
  strips: number;
  begin: number;
  end: number;
}
let last: LastWalk | null = null;

/** Options for tests and tools; the defaults are what the app uses. */
export interface SimulateOptions {
  /** The blue-noise tile (default: the engine's shared tile). */
  tile?: Tile;
  /** Reuse the density field of the previous call when the plan's field inputs are unchanged (default true). */
  fieldCache?: boolean;
  /**
   * A previous result to fill instead of allocating (e.g. the dots the worker got back): where its buffers are
   * large enough the new dots are views on them from offset 0, so the caller must no longer use the old dots.
   */
  reuse?: Dots;
  /**
   * One part of a split job (a worker pool): the walk's strips are cut into `of` runs of about equal expected work
   * and only run `index` is placed. mergeParts() of parts 0 … of−1 gives the same bytes as the whole.
   */
  part?: { index: number; of: number };
}

/** Simulates the dots of a plan (validated here; throws PlanError). Same plan → same bytes. */
export function simulate(input: unknown, options: SimulateOptions = {}): Dots {
  const plan = validatePlan(input);
  return simulateValid(plan, options);
}

/** simulate() for an already validated plan (skips validation; the worker validates once at its boundary). */
export function simulateValid(plan: Plan, options: SimulateOptions = {}): Dots {
  const nSessions = plan.sessions.length;
  const layers = nSessions + plan.touchUps.length;
  const field = options.fieldCache === false ? densityField(plan) : cachedDensityField(plan);
  if (!field || field.maxDensity <= 0) return allocDots(0, nSessions, layers, options.reuse);

  // cumulative thresholds of all layers, as shares of the target density
  const cum = new Float64Array(layers);
  for (let i = 0; i < nSessions; i++) cum[i] = plan.sessions[i]!.cumulative;
  let extra = 0;
  for (let i = 0; i < plan.touchUps.length; i++) {
    extra += plan.touchUps[i]!.addFraction;
    cum[nSessions + i] = 1 + extra;
  }
  const cumLast = cum[layers - 1]!;
  checkWalkBudget(field, cumLast);
  const clusterShare = plan.density.clustering.share;
  const spreadMm = plan.density.clustering.spreadMm;
  const baseScale = 1 / (1 + clusterShare * MEAN_COMPANIONS);
  const expected = field.expectedFull * cumLast;
  // the bound counts every touched cell whole, so no outline (a comb between sample lines, say) can slip past
  const bound = field.boundFull * cumLast;
  if (expected > MAX_DOTS || bound > MAX_DOTS) refuseDots(plan, Math.max(expected, bound), field.areaMm2);

  const tile = options.tile ?? defaultTile();
  // Tile density (per mm²) is fixed by the field's maximum and the touch-up headroom, never by the layers.
  const dTile = field.maxDensity * baseScale * (1 + TOUCH_UP_HEADROOM);
  const S = Math.sqrt(tile.n / dTile); // tile side in mm
  const k1 = baseScale / dTile; // a(p) = density(p) · k1
  const seedHash = deriveSeed32(plan.seed, 'dots');
  const ox = unit(deriveSeed32(plan.seed, 'tile-x')) * S;
  const oy = unit(deriveSeed32(plan.seed, 'tile-y')) * S;
  const sym = deriveSeed32(plan.seed, 'tile-symmetry') & 7;
  const scarOf = new Uint8Array(plan.regions.length);
  for (let r = 0; r < plan.regions.length; r++) scarOf[r] = plan.regions[r]!.kind === 'scar' ? FLAG_SCAR : 0;
  const zoneS = plan.hairline ? plan.hairline.transitionMm * HAIRLINE_ZONE_BEHIND : -Infinity;

  const cap = Math.min(MAX_DOTS, Math.ceil(expected * (1 + clusterShare * MEAN_COMPANIONS) * 1.1) + 1024);
  ensureScratch(cap);
  const { grid, edges } = field;
  const strips = stripCount(grid.x0, grid.y0, grid.cell, grid.w, grid.h, tile.buckets, S, ox, oy);
  // a part walks a run of strips (one tile row of buckets in one copy) chosen by the strips' density bounds
  let sBegin = 0;
  let sEnd = strips;
  const part = options.part;
  if (part && part.of > 1) {
    if (!(Number.isInteger(part.index) && Number.isInteger(part.of) && part.index >= 0 && part.index < part.of))
      throw new RangeError(`simulate: part ${part.index} of ${part.of} is not a part`);
    const weights = new Float64Array(strips);
    walk(
      field.cls, field.density, field.hair ?? EMPTY_F32, field.hair !== null, field.coarseMax, field.coarseW, field.coarseH, field.regionScale,
      grid.x0, grid.y0, grid.cell, grid.w, grid.h,
      edges.start, edges.region, edges.xi, edges.yi, edges.xj, edges.yj, edges.exclusion, edges.rows,
      tile.x, tile.y, tile.u, tile.rank, tile.bucketStart, tile.buckets,
      S, k1, cum, layers, seedHash, ox, oy, sym, scarOf, zoneS, clusterShare, spreadMm, 0, 0, weights, EMPTY_I32, 0, 0,
    );
    [sBegin, sEnd] = partRange(weights, part.index, part.of);
  }
  // strips whose density and hairline flags are unchanged since the previous walk are copied from it
  const key = `${S} ${ox} ${oy} ${sym} ${k1} ${seedHash} ${clusterShare} ${spreadMm} ${zoneS} ${cum.join(',')} ${scarOf.join(',')}`;
  let dirtySat: Int32Array = EMPTY_I32;
  let pBegin = 0;
  let pEnd = 0;
  if (last && last.tile === tile && last.key === key && last.strips === strips && last.field.base === field.base && options.fieldCache !== false) {
    dirtySat = dirtyTable(last.field, field, zoneS);
    pBegin = last.begin;
    pEnd = last.end;
  }
  last = null; // until this walk has written its strips
  if (sFrom.length !== strips) {
    sFrom = new Uint32Array(strips);
    sTo = new Uint32Array(strips);
  } else {
    sFrom.fill(0);
    sTo.fill(0);
  }
  const count = walk(
    field.cls, field.density, field.hair ?? EMPTY_F32, field.hair !== null, field.coarseMax, field.coarseW, field.coarseH, field.regionScale,
    grid.x0, grid.y0, grid.cell, grid.w, grid.h,
    edges.start, edges.region, edges.xi, edges.yi, edges.xj, edges.yj, edges.exclusion, edges.rows,
    tile.x, tile.y, tile.u, tile.rank, tile.bucketStart, tile.buckets,
    S, k1, cum, layers, seedHash, ox, oy, sym, scarOf, zoneS, clusterShare, spreadMm, sBegin, sEnd, null, dirtySat, pBegin, pEnd,
  );
  if (count < 0) refuseDots(plan, MAX_DOTS + 1, field.areaMm2);
  const out = finish(plan, field.areaMm2, field.expectedFull, count, nSessions, layers, options.reuse);
  swapScratch();
  last = { field, tile, key, strips, begin: sBegin, end: sEnd };
  return out;
}

const EMPTY_F32 = new Float32Array(0);
const EMPTY_I32 = new Int32Array(0);

/** The quarter turns as (bit 0 swap, bit 1 flip x, bit 2 flip y): 0°, 90° (x, y) → (1 − y, x), 180°, 270°. */
const TURNS = [0, 3, 6, 5];

/** The rotation of tile copy (cx, cy) as TURNS bits: the four copies of any 2 × 2 block all differ (cx + 2·cy mod 4). */
function copySymmetry(sym: number, cx: number, cy: number): number {
  return TURNS[(sym + cx + 2 * cy) & 3]!;
}

/** Strips (tile bucket rows of one copy) the walk may enumerate: an upper bound for the part weights. */
function stripCount(x0: number, y0: number, cell: number, w: number, h: number, B: number, S: number, ox: number, oy: number): number {
  const nx = Math.floor((x0 + w * cell - ox) / S) - Math.floor((x0 - ox) / S) + 1;
  const ny = Math.floor((y0 + h * cell - oy) / S) - Math.floor((y0 - oy) / S) + 1;
  return nx * ny * B;
}

/** Strip range [begin, end) of part `index` of `of`: cut where the cumulative weight crosses index/of and (index+1)/of. */
function partRange(weights: Float64Array, index: number, of: number): [number, number] {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  const cut = (k: number): number => {
    if (k <= 0) return 0;
    if (k >= of) return weights.length;
    const at = (total * k) / of;
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i]!;
      if (acc > at) return i;
    }
    return weights.length;
  };
  return [cut(index), cut(index + 1)];
}

/**
 * The walk over the tile copies and buckets that can hold dots: keeps the points below the local density,
 * writes them (and cluster companions) to the scratch arrays and returns how many, or −1 past MAX_DOTS.
 * Each copy is the tile turned about the copy's centre by its own quarter turn (copySymmetry), so neighbouring
 * copies differ; the tile's border band is the same under all four, so they join without a seam (tile.ts).
 * The walk goes copy by copy and, within a copy, strip by strip (one row of tile buckets); only strips in
 * [sBegin, sEnd) are placed, so parts of a split job concatenate to the whole. With `weights`, nothing is
 * placed: each strip's density bound is written there instead (the split's measure) and the strip count returned.
 * A top-level function of numbers and typed arrays only (see the scratch note above).
 */
function walk(
  cls: Uint8Array, density: Float32Array, hair: Float32Array, hasHair: boolean, coarseMax: Float64Array, coarseW: number, coarseH: number, regionScale: Float64Array,
  x0: number, y0: number, cell: number, w: number, h: number,
  eStart: Uint32Array, eRegion: Uint8Array, eXi: Float64Array, eYi: Float64Array, eXj: Float64Array, eYj: Float64Array, eExcl: Uint8Array, eRows: number,
  tx: Float64Array, ty: Float64Array, tu: Float64Array, rank: Uint32Array, bucketStart: Uint32Array, B: number,
  S: number, k1: number, cum: Float64Array, layers: number, seedHash: number, ox: number, oy: number, sym: number, scarOf: Uint8Array, zoneS: number, clusterShare: number, spreadMm: number,
  sBegin: number, sEnd: number, weights: Float64Array | null, dirtySat: Int32Array, pBegin: number, pEnd: number,
): number {
  const cumLast = cum[layers - 1]!;
  const nw = w + 1;
  const invCell = 1 / cell;
  const x1 = x0 + w * cell;
  const y1 = y0 + h * cell;
  // mm box → copy grid (copy (cx, cy) covers [ox + S·cx, ox + S·(cx + 1)) × [oy + S·cy, …))
  const X0 = (x0 - ox) / S;
  const X1 = (x1 - ox) / S;
  const Y0 = (y0 - oy) / S;
  const Y1 = (y1 - oy) / S;
  const COARSE_MM = cell * COARSE;

  // prefix counts of the coarse cells that get dots: a tile copy over none of them is skipped in O(1), so far-apart
  // regions cost their own area, not the tile copies of their bounding box
  const satW = coarseW + 1;
  const sat = new Int32Array(satW * (coarseH + 1));
  for (let cj = 0; cj < coarseH; cj++)
    for (let ci = 0; ci < coarseW; ci++)
      sat[(cj + 1) * satW + ci + 1] = sat[cj * satW + ci + 1]! + sat[(cj + 1) * satW + ci]! - sat[cj * satW + ci]! + (coarseMax[cj * coarseW + ci]! > 0 ? 1 : 0);

  let cap = scratchCap;
  let oX = sX;
  let oY = sY;
  let oSeed = sSeed;
  let oLayer = sLayer;
  let oRegion = sRegion;
  let oFlags = sFlags;
  let count = 0;
  const ncx = Math.floor(X1) - Math.floor(X0) + 1;
  const incremental = dirtySat.length > 0;

  for (let cy = Math.floor(Y0); cy <= Math.floor(Y1); cy++) {
    for (let cx = Math.floor(X0); cx <= Math.floor(X1); cx++) {
      // strips are numbered by copy and tile row whatever is skipped, so two walks of one grid agree on them
      const stripBase = ((cy - Math.floor(Y0)) * ncx + (cx - Math.floor(X0))) * B;
      {
        // the copy's mm box → coarse cells
        const ci0 = Math.max(0, Math.floor((ox + cx * S - x0) / COARSE_MM));
        const ci1 = Math.min(coarseW - 1, Math.floor((ox + (cx + 1) * S - x0) / COARSE_MM));
        const cj0 = Math.max(0, Math.floor((oy + cy * S - y0) / COARSE_MM));
        const cj1 = Math.min(coarseH - 1, Math.floor((oy + (cy + 1) * S - y0) / COARSE_MM));
        if (ci0 > ci1 || cj0 > cj1) continue;
        if (sat[(cj1 + 1) * satW + ci1 + 1]! - sat[cj0 * satW + ci1 + 1]! - sat[(cj1 + 1) * satW + ci0]! + sat[cj0 * satW + ci0]! === 0) continue;
      }
      // tile point (tx, ty) → copy-local (a, b) = swap ? (ty, tx) : (tx, ty), each flipped to 1 − t where asked
      // (exact on the shipped tile's cell-centre coordinates) → mm = origin + S·(local)
      const g = copySymmetry(sym, cx, cy);
      const swap = (g & 1) !== 0;
      const flipA = (g & 2) !== 0;
      const flipB = (g & 4) !== 0;
      const bx = ox + S * (cx + (flipA ? 1 : 0));
      const kx = flipA ? -S : S;
      const by = oy + S * (cy + (flipB ? 1 : 0));
      const ky = flipB ? -S : S;
      // the plan's box in copy-local and then tile coordinates
      let la0 = Math.max(0, X0 - cx);
      let la1 = Math.min(1, X1 - cx);
      let lb0 = Math.max(0, Y0 - cy);
      let lb1 = Math.min(1, Y1 - cy);
      if (flipA) [la0, la1] = [1 - la1, 1 - la0];
      if (flipB) [lb0, lb1] = [1 - lb1, 1 - lb0];
      const tx0 = swap ? lb0 : la0;
      const tx1 = swap ? lb1 : la1;
      const ty0 = swap ? la0 : lb0;
      const ty1 = swap ? la1 : lb1;
      const copyHash = hash2(hash2(seedHash, cx), cy);
      const bi0 = Math.max(0, Math.floor(tx0 * B));
      const bi1 = Math.min(B - 1, Math.floor(tx1 * B));
      const bj0 = Math.max(0, Math.floor(ty0 * B));
      const bj1 = Math.min(B - 1, Math.floor(ty1 * B));
      for (let bj = bj0; bj <= bj1; bj++) {
        const strip = stripBase + bj;
        if (weights === null) {
          if (strip < sBegin || strip >= sEnd) continue;
          sFrom[strip] = count;
          if (incremental && strip >= pBegin && strip < pEnd) {
            // the strip's mm box (one coarse cell wider: rounding), clean when no cell under it changed
            const pa0 = swap ? bj / B : bi0 / B;
            const pa1 = swap ? (bj + 1) / B : (bi1 + 1) / B;
            const pb0 = swap ? bi0 / B : bj / B;
            const pb1 = swap ? (bi1 + 1) / B : (bj + 1) / B;
            const ci0 = Math.max(0, Math.floor((Math.min(bx + kx * pa0, bx + kx * pa1) - x0) / COARSE_MM) - 1);
            const ci1 = Math.min(coarseW - 1, Math.floor((Math.max(bx + kx * pa0, bx + kx * pa1) - x0) / COARSE_MM) + 1);
            const cj0 = Math.max(0, Math.floor((Math.min(by + ky * pb0, by + ky * pb1) - y0) / COARSE_MM) - 1);
            const cj1 = Math.min(coarseH - 1, Math.floor((Math.max(by + ky * pb0, by + ky * pb1) - y0) / COARSE_MM) + 1);
            const dirty = ci0 <= ci1 && cj0 <= cj1 && dirtySat[(cj1 + 1) * satW + ci1 + 1]! - dirtySat[cj0 * satW + ci1 + 1]! - dirtySat[(cj1 + 1) * satW + ci0]! + dirtySat[cj0 * satW + ci0]! > 0;
            if (!dirty) {
              const a = pFrom[strip]!;
              const n = pTo[strip]! - a;
              if (count + n > cap) {
                const want = Math.min(MAX_DOTS, Math.max(count + n + 3, Math.ceil(cap * 1.5)));
                if (count + n > want) return -1;
                ensureScratch(want);
                cap = scratchCap;
                oX = sX;
                oY = sY;
                oSeed = sSeed;
                oLayer = sLayer;
                oRegion = sRegion;
                oFlags = sFlags;
              }
              oX.set(pX.subarray(a, a + n), count);
              oY.set(pY.subarray(a, a + n), count);
              oSeed.set(pSeed.subarray(a, a + n), count);
              oLayer.set(pLayer.subarray(a, a + n), count);
              oRegion.set(pRegion.subarray(a, a + n), count);
              oFlags.set(pFlags.subarray(a, a + n), count);
              count += n;
              sTo[strip] = count;
              continue;
            }
          }
        }
        for (let bi = bi0; bi <= bi1; bi++) {
          // the bucket's mm box, for an upper bound of the density inside it
          const pa0 = swap ? bj / B : bi / B;
          const pa1 = swap ? (bj + 1) / B : (bi + 1) / B;
          const pb0 = swap ? bi / B : bj / B;
          const pb1 = swap ? (bi + 1) / B : (bj + 1) / B;
          const mx0 = Math.min(bx + kx * pa0, bx + kx * pa1);
          const mx1 = Math.max(bx + kx * pa0, bx + kx * pa1);
          const my0 = Math.min(by + ky * pb0, by + ky * pb1);
          const my1 = Math.max(by + ky * pb0, by + ky * pb1);
          const ci0 = Math.max(0, Math.floor((mx0 - x0) / COARSE_MM));
          const ci1 = Math.min(coarseW - 1, Math.floor((mx1 - x0) / COARSE_MM));
          const cj0 = Math.max(0, Math.floor((my0 - y0) / COARSE_MM));
          const cj1 = Math.min(coarseH - 1, Math.floor((my1 - y0) / COARSE_MM));
          let dmax = 0;
          for (let cj = cj0; cj <= cj1; cj++) for (let ci = ci0; ci <= ci1; ci++) dmax = Math.max(dmax, coarseMax[cj * coarseW + ci]!);
          if (dmax <= 0) continue;
          if (weights !== null) {
            weights[strip]! += dmax;
            continue;
          }
          const uLimit = dmax * k1 * cumLast * (1 + 1e-9);
          const end = bucketStart[bj * B + bi + 1]!;
          for (let k = bucketStart[bj * B + bi]!; k < end; k++) {
            const u = tu[k]!;
            if (u >= uLimit) break; // ranks ascend within a bucket: nothing further can be kept
            const mx = bx + kx * (swap ? ty[k]! : tx[k]!);
            const my = by + ky * (swap ? tx[k]! : ty[k]!);
            const gx = (mx - x0) * invCell;
            const gy = (my - y0) * invCell;
            if (!(gx >= 0 && gx < w && gy >= 0 && gy < h)) continue;
            const ix = gx | 0;
            const iy = gy | 0;
            const c = cls[iy * w + ix]!;
            if (c === 0) continue;
            const reg = c === BOUNDARY ? ownerOnRows(eStart, eRegion, eXi, eYi, eXj, eYj, eExcl, y0, cell, eRows, mx, my) : c - 1;
            if (reg < 0) continue;
            const fx = gx - ix;
            const fy = gy - iy;
            const n0 = iy * nw + ix;
            const d =
              ((density[n0]! * (1 - fx) + density[n0 + 1]! * fx) * (1 - fy) + (density[n0 + nw]! * (1 - fx) + density[n0 + nw + 1]! * fx) * fy) *
              regionScale[reg]!;
            const a = d * k1;
            if (!(u < a * cumLast)) continue;
            const q = u / a;
            let layer = 0;
            while (q >= cum[layer]!) layer++;
            let flags = scarOf[reg]!;
            if (hasHair) {
              const s = (hair[n0]! * (1 - fx) + hair[n0 + 1]! * fx) * (1 - fy) + (hair[n0 + nw]! * (1 - fx) + hair[n0 + nw + 1]! * fx) * fy;
              if (s < zoneS) flags |= FLAG_HAIRLINE;
            }
            const seed = mix32(copyHash ^ rank[k]!);
            const clustered = clusterShare > 0 && unit(hash2(seed, SALT_CLUSTERED)) < clusterShare;
            // room for this dot and its companions; never past the cap, whatever the estimate said
            if (count + 3 > cap) {
              if (cap >= MAX_DOTS) {
                if (count + 1 + (clustered ? 2 : 0) > MAX_DOTS) return -1;
              } else {
                ensureScratch(Math.min(MAX_DOTS, Math.ceil(cap * 1.5)));
                cap = scratchCap;
                oX = sX;
                oY = sY;
                oSeed = sSeed;
                oLayer = sLayer;
                oRegion = sRegion;
                oFlags = sFlags;
              }
            }
            oX[count] = mx;
            oY[count] = my;
            oSeed[count] = seed;
            oLayer[count] = layer;
            oRegion[count] = reg;
            oFlags[count] = flags;
            count++;
            if (clustered) {
              const companions = unit(hash2(seed, SALT_COMPANIONS)) < 0.5 ? 1 : 2;
              for (let j = 0; j < companions; j++) {
                const cseed = hash2(seed, SALT_COMPANION + j);
                const dir = (cseed >>> 26) * 2;
                const dist = spreadMm * (0.6 + 0.4 * unit(mix32(cseed)));
                const px = mx + DIRS[dir]! * dist;
                const py = my + DIRS[dir + 1]! * dist;
                const creg = ownerOnRows(eStart, eRegion, eXi, eYi, eXj, eYj, eExcl, y0, cell, eRows, px, py);
                if (creg < 0) continue;
                oX[count] = px;
                oY[count] = py;
                oSeed[count] = cseed;
                oLayer[count] = layer;
                oRegion[count] = creg;
                oFlags[count] = (flags & FLAG_HAIRLINE) | scarOf[creg]! | FLAG_COMPANION;
                count++;
              }
            }
          }
        }
        if (weights === null) sTo[strip] = count;
      }
    }
  }
  return count;
}

/**
 * Summed-area table over the coarse cells that hold a cell whose dots may differ between two fields on one base:
 * a node's density changed, or its hairline distance changed where that can flip the hairline-zone flag.
 */
function dirtyTable(a: DensityField, b: DensityField, zoneS: number): Int32Array {
  const { w, h } = b.grid;
  const nw = w + 1;
  const cw = b.coarseW;
  const satW = cw + 1;
  const dirty = new Uint8Array(cw * b.coarseH);
  const da = a.density;
  const db = b.density;
  const ha = a.hair ?? EMPTY_F32;
  const hb = b.hair ?? EMPTY_F32;
  const hair = ha.length > 0 || hb.length > 0;
  const cls = b.cls;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (cls[r * w + c] === 0) continue;
      const n0 = r * nw + c;
      let changed =
        da[n0] !== db[n0] || da[n0 + 1] !== db[n0 + 1] || da[n0 + nw] !== db[n0 + nw] || da[n0 + nw + 1] !== db[n0 + nw + 1];
      if (!changed && hair) changed = zoneChanged(ha, hb, n0, nw, zoneS);
      if (changed) dirty[((r / COARSE) | 0) * cw + ((c / COARSE) | 0)] = 1;
    }
  }
  const sat = new Int32Array(satW * (b.coarseH + 1));
  for (let cj = 0; cj < b.coarseH; cj++)
    for (let ci = 0; ci < cw; ci++) sat[(cj + 1) * satW + ci + 1] = sat[cj * satW + ci + 1]! + sat[(cj + 1) * satW + ci]! - sat[cj * satW + ci]! + dirty[cj * cw + ci]!;
  // a table with nothing dirty still has length > 0: the walk then copies every strip it may
  return sat;
}

/** Whether a cell's hairline-zone flag (interpolated distance < zoneS) can differ between two distance fields. */
function zoneChanged(ha: Float32Array, hb: Float32Array, n0: number, nw: number, zoneS: number): boolean {
  if (ha.length === 0 || hb.length === 0) return true;
  const a0 = ha[n0]!, a1 = ha[n0 + 1]!, a2 = ha[n0 + nw]!, a3 = ha[n0 + nw + 1]!;
  const b0 = hb[n0]!, b1 = hb[n0 + 1]!, b2 = hb[n0 + nw]!, b3 = hb[n0 + nw + 1]!;
  if (a0 === b0 && a1 === b1 && a2 === b2 && a3 === b3) return false;
  // every point of the cell interpolates its corners: all at or above zoneS → never flagged, all below → always
  const aboveA = a0 >= zoneS && a1 >= zoneS && a2 >= zoneS && a3 >= zoneS;
  const aboveB = b0 >= zoneS && b1 >= zoneS && b2 >= zoneS && b3 >= zoneS;
  if (aboveA && aboveB) return false;
  const belowA = a0 < zoneS && a1 < zoneS && a2 < zoneS && a3 < zoneS;
  const belowB = b0 < zoneS && b1 < zoneS && b2 < zoneS && b3 < zoneS;
  return !(belowA && belowB);
}

function refuseDots(plan: Plan, dots: number, areaMm2: number): never {
  throw new PlanError(
    'density.target',
    plan.density.target,
    `would place up to ${Math.round(dots).toLocaleString('en-US')} dots over ${(areaMm2 / 100).toFixed(0)} cm², more than the maximum ${MAX_DOTS.toLocaleString('en-US')}; lower the density or the treated area`,
  );
}

/** Sorts the walk's dots by layer (stable) and fills in size, shade and hue from the layer and the dot's hash. */
function finish(plan: Plan, areaMm2: number, expectedFull: number, count: number, nSessions: number, layers: number, reuse: Dots | undefined): Dots {
  const out = allocDots(count, nSessions, layers, reuse);
  const per = new Uint32Array(layers);
  countLayers(sLayer, count, per);
  let at = 0;
  for (let l = 0; l < layers; l++) {
    out.layerStart[l] = at;
    at += per[l]!;
  }
  out.layerStart[layers] = at;
  const next = out.layerStart.slice(0, layers);

  const radius = new Float64Array(layers);
  const zoneRadius = new Float64Array(layers);
  const shade = new Float64Array(layers);
  for (let l = 0; l < layers; l++) {
    const s = l < nSessions ? plan.sessions[l]! : plan.touchUps[l - nSessions]!;
    radius[l] = dotDiameterMm(s.needleMm, s.needlePoints) / 2;
    zoneRadius[l] = plan.hairline ? dotDiameterMm(s.needleMm, plan.hairline.needlePoints) / 2 : radius[l]!;
    shade[l] = s.shade;
  }
  const { shadeVariation, hueVariationDeg, sizeVariation, kind } = plan.pigment;
  fill(
    count, next, radius, zoneRadius, shade, sizeVariation, shadeVariation, hueVariationDeg, PIGMENT_HUE[kind],
    sX, sY, sSeed, sLayer, sRegion, sFlags,
    out.xy, out.radius, out.shade, out.hue, out.seed, out.layer, out.region, out.flags,
  );
  const stats = out.stats;
  stats.areaCm2 = areaMm2 / 100;
  for (let l = 0; l < layers; l++) stats.perLayer[l] = per[l]!;
  const sessionDots = out.layerStart[nSessions]!;
  stats.densityPerCm2 = areaMm2 > 0 ? sessionDots / (areaMm2 / 100) : 0;
  stats.expectedDots = expectedFull * plan.sessions[nSessions - 1]!.cumulative;
  return out;
}

function countLayers(layer: Uint8Array, count: number, per: Uint32Array): void {
  for (let i = 0; i < count; i++) per[layer[i]!]!++;
}

/** The output pass of finish: typed arrays and numbers only. */
function fill(
  count: number, next: Uint32Array, radius: Float64Array, zoneRadius: Float64Array, shade: Float64Array,
  sizeVariation: number, shadeVariation: number, hueVariationDeg: number, baseHue: number,
  x: Float32Array, y: Float32Array, seed: Uint32Array, layer: Uint8Array, region: Uint8Array, flags: Uint8Array,
  xy: Float32Array, oRadius: Float32Array, oShade: Float32Array, oHue: Float32Array, oSeed: Uint32Array, oLayer: Uint8Array, oRegion: Uint8Array, oFlags: Uint8Array,
): void {
  // three 10-bit variates in [−1, 1) from one hash: size, shade and hue jitter need no finer steps
  const J = 1 / 512;
  for (let i = 0; i < count; i++) {
    const l = layer[i]!;
    const j = next[l]!++;
    const h = seed[i]!;
    const f = flags[i]!;
    const v = hash2(h, SALT_VARIATION);
    xy[2 * j] = x[i]!;
    xy[2 * j + 1] = y[i]!;
    oRadius[j] = (f & FLAG_HAIRLINE ? zoneRadius[l]! : radius[l]!) * (1 + sizeVariation * (((v & 1023) + 0.5) * J - 1));
    const sh = shade[l]! * (1 + shadeVariation * ((((v >>> 10) & 1023) + 0.5) * J - 1));
    oShade[j] = sh < 0 ? 0 : sh > 1 ? 1 : sh;
    oHue[j] = baseHue + hueVariationDeg * (((v >>> 20) + 0.5) * (1 / 2048) - 1);
    oSeed[j] = h;
    oLayer[j] = l;
    oRegion[j] = region[i]!;
    oFlags[j] = f;
  }
}

/**
 * Joins the parts of a split job (simulate with `part` 0 … of−1, in order) into the dots of the whole plan: the
 * same bytes as one simulate(). `reuse` as in SimulateOptions. Throws the whole plan's PlanError past MAX_DOTS.
 */
export function mergeParts(plan: Plan, parts: readonly Dots[], reuse?: Dots): Dots {
  const first = parts[0];
  if (!first) throw new RangeError('mergeParts: no parts');
  const layers = first.layerStart.length - 1;
  let count = 0;
  for (const p of parts) {
    if (p.layerStart.length - 1 !== layers || p.sessions !== first.sessions) throw new RangeError('mergeParts: parts of different plans');
    count += p.count;
  }
  if (count > MAX_DOTS) refuseDots(plan, count, first.stats.areaCm2 * 100);
  const out = allocDots(count, first.sessions, layers, reuse);
  let at = 0;
  for (let l = 0; l < layers; l++) {
    out.layerStart[l] = at;
    for (const p of parts) {
      const a = p.layerStart[l]!;
      const b = p.layerStart[l + 1]!;
      out.xy.set(p.xy.subarray(2 * a, 2 * b), 2 * at);
      out.radius.set(p.radius.subarray(a, b), at);
      out.layer.set(p.layer.subarray(a, b), at);
      out.shade.set(p.shade.subarray(a, b), at);
      out.hue.set(p.hue.subarray(a, b), at);
      out.seed.set(p.seed.subarray(a, b), at);
      out.region.set(p.region.subarray(a, b), at);
      out.flags.set(p.flags.subarray(a, b), at);
      at += b - a;
    }
  }
  out.layerStart[layers] = at;
  const stats = out.stats;
  stats.areaCm2 = first.stats.areaCm2;
  stats.expectedDots = first.stats.expectedDots;
  for (let l = 0; l < layers; l++) stats.perLayer[l] = out.layerStart[l + 1]! - out.layerStart[l]!;
  const sessionDots = out.layerStart[first.sessions]!;
  stats.densityPerCm2 = stats.areaCm2 > 0 ? sessionDots / stats.areaCm2 : 0;
  return out;
}
