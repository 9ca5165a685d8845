// The walk: the tile's copies and buckets over a density field, keeping the points below the local density, and
// the scratch it writes them to (two sets, so a walk can copy the strips an edit left alone from the previous one).
// simulate.ts decides what to walk and turns the walk's dots into the output.
import { FLAG_COMPANION, FLAG_HAIRLINE } from './dots.js';
import { COARSE, type DensityField } from './field.js';
import { SALT_CLUSTERED, SALT_COMPANION, SALT_COMPANIONS, hash2, mix32, unit } from './hash.js';
import { MAX_DOTS } from './plan.js';
import { BOUNDARY, ownerOnRows } from './raster.js';
import { TILE_CELLS } from './tile.js';
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

/** Sizes the set being written to `cap` dots: grown keeping what it holds, or with `fresh` allocated anew (contents dropped). */
function sizeScratch(cap: number, fresh: boolean): void {
  const x = new Float32Array(cap);
  const y = new Float32Array(cap);
  const seed = new Uint32Array(cap);
  const layer = new Uint8Array(cap);
  const region = new Uint8Array(cap);
  const flags = new Uint8Array(cap);
  if (!fresh) {
    x.set(sX);
    y.set(sY);
    seed.set(sSeed);
    layer.set(sLayer);
    region.set(sRegion);
    flags.set(sFlags);
  }
  sX = x;
  sY = y;
  sSeed = seed;
  sLayer = layer;
  sRegion = region;
  sFlags = flags;
  scratchCap = cap;
}

/** Grows the set being written to hold `cap` dots, keeping what it holds. */
function ensureScratch(cap: number): void {
  if (cap > scratchCap) sizeScratch(cap, false);
}

/** Grows the set being written to hold `need` dots (by half again at least, to MAX_DOTS at most), keeping what it holds. */
function makeRoom(need: number): void {
  if (need > scratchCap && scratchCap < MAX_DOTS) ensureScratch(Math.min(MAX_DOTS, Math.max(need, Math.ceil(scratchCap * 1.5))));
}

/** Below this capacity (dots) a set is never shrunk: reallocating would cost more than the memory it frees. */
const SHRINK_FLOOR = 1 << 18;

/**
 * Readies the set being written for a walk of about `cap` dots: grown where too small, and replaced by a fitting
 * one where over 4× too large (at a walk's start it holds nothing any walk reads), so a huge plan does not keep
 * its scratch for the rest of a session: two walks later both sets fit the plan at hand again.
 */
export function fitScratch(cap: number): void {
  if (scratchCap > Math.max(4 * cap, SHRINK_FLOOR)) sizeScratch(cap, true);
  else ensureScratch(cap);
}

/** Dots the walk's two scratch sets can hold together (14 bytes each): what the engine keeps between calls. */
export function scratchDots(): number {
  return scratchCap + prevCap;
}

/** The set being written: the walk's dots in walk order, for finish(). */
export function written(): { x: Float32Array; y: Float32Array; seed: Uint32Array; layer: Uint8Array; region: Uint8Array; flags: Uint8Array } {
  return { x: sX, y: sY, seed: sSeed, layer: sLayer, region: sRegion, flags: sFlags };
}

/** Readies the strip ranges of the set to write for `strips` strips (all empty). */
export function prepareStrips(strips: number): void {
  if (sFrom.length !== strips) {
    sFrom = new Uint32Array(strips);
    sTo = new Uint32Array(strips);
  } else {
    sFrom.fill(0);
    sTo.fill(0);
  }
}

/** Makes the set just written the previous one, and the other the next to write. */
export function swapScratch(): void {
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

/** Empty arrays for absent inputs (no hairline, no previous walk). */
export const EMPTY_F32 = new Float32Array(0);
export const EMPTY_I32 = new Int32Array(0);

/** 1 / the tile's cells per side (a power of two: multiplying by it is exact). */
const INV_Q = 1 / TILE_CELLS;

/** The quarter turns as (bit 0 swap, bit 1 flip x, bit 2 flip y): 0°, 90° (x, y) → (1 − y, x), 180°, 270°. */
const TURNS = [0, 3, 6, 5];

/** The rotation of tile copy (cx, cy) as TURNS bits: the four copies of any 2 × 2 block all differ (cx + 2·cy mod 4). */
function copySymmetry(sym: number, cx: number, cy: number): number {
  return TURNS[(sym + cx + 2 * cy) & 3]!;
}

/** Strips (tile bucket rows of one copy) the walk may enumerate: an upper bound for the part weights. */
export function stripCount(x0: number, y0: number, cell: number, w: number, h: number, B: number, S: number, ox: number, oy: number): number {
  const nx = Math.floor((x0 + w * cell - ox) / S) - Math.floor((x0 - ox) / S) + 1;
  const ny = Math.floor((y0 + h * cell - oy) / S) - Math.floor((y0 - oy) / S) + 1;
  return nx * ny * B;
}

/** Strip range [begin, end) of part `index` of `of`: cut where the cumulative weight crosses index/of and (index+1)/of. */
export function partRange(weights: Float64Array, index: number, of: number): [number, number] {
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
export function walk(
  cls: Uint8Array, density: Float32Array, hair: Float32Array, hasHair: boolean, coarseMax: Float64Array, coarseW: number, coarseH: number, regionScale: Float64Array,
  x0: number, y0: number, cell: number, w: number, h: number,
  eStart: Uint32Array, eRegion: Uint8Array, eXi: Float64Array, eYi: Float64Array, eXj: Float64Array, eYj: Float64Array, eExcl: Uint8Array, eRows: number,
  txy: Uint16Array, tn: number, rank: Uint32Array, bucketStart: Uint32Array, B: number,
  S: number, k1: number, cum: Float64Array, layers: number, seedHash: number, ox: number, oy: number, sym: number, scarOf: Uint8Array, zoneS: number, clusterShare: number, spreadMm: number,
  sBegin: number, sEnd: number, weights: Float64Array | null, dirtySat: Int32Array, pBegin: number, pEnd: number,
): number {
  const cumLast = cum[layers - 1]!;
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
      // (plain swaps, not destructuring: an array and its iterator per copy in unoptimised code)
      if (flipA) {
        const t = la0;
        la0 = 1 - la1;
        la1 = 1 - t;
      }
      if (flipB) {
        const t = lb0;
        lb0 = 1 - lb1;
        lb1 = 1 - t;
      }
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
              if (count + n > MAX_DOTS) return -1;
              makeRoom(count + n);
              sX.set(pX.subarray(a, a + n), count);
              sY.set(pY.subarray(a, a + n), count);
              sSeed.set(pSeed.subarray(a, a + n), count);
              sLayer.set(pLayer.subarray(a, a + n), count);
              sRegion.set(pRegion.subarray(a, a + n), count);
              sFlags.set(pFlags.subarray(a, a + n), count);
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
          makeRoom(count + 3 * (bucketStart[bj * B + bi + 1]! - bucketStart[bj * B + bi]!)); // each point and two companions at most
          count = walkBucket(
            bucketStart[bj * B + bi]!, bucketStart[bj * B + bi + 1]!, uLimit, txy, tn, rank, bx, by, kx, ky, swap,
            cls, density, hair, hasHair, regionScale, x0, y0, cell, w, h,
            eStart, eRegion, eXi, eYi, eXj, eYj, eExcl, eRows,
            k1, cum, cumLast, copyHash, scarOf, zoneS, clusterShare, spreadMm, count,
          );
          if (count < 0) return -1;
        }
        if (weights === null) sTo[strip] = count;
      }
    }
  }
  return count;
}

/**
 * The walk's inner loop over one bucket of one tile copy: keeps the points below the local density (ranks ascend, so
 * it stops at the first point past the bucket's bound `uLimit`), writes them and their cluster companions to the
 * scratch from `count` on, and returns the new count, or −1 past MAX_DOTS. Its own function so that the optimising
 * compiler gets to it fast: inlined into the walk, the whole took 75–240 ms of TurboFan on this machine, and a fresh
 * worker ran its first plans in unoptimised code meanwhile.
 */
function walkBucket(
  begin: number, end: number, uLimit: number, txy: Uint16Array, tn: number, rank: Uint32Array, bx: number, by: number, kx: number, ky: number, swap: boolean,
  cls: Uint8Array, density: Float32Array, hair: Float32Array, hasHair: boolean, regionScale: Float64Array, x0: number, y0: number, cell: number, w: number, h: number,
  eStart: Uint32Array, eRegion: Uint8Array, eXi: Float64Array, eYi: Float64Array, eXj: Float64Array, eYj: Float64Array, eExcl: Uint8Array, eRows: number,
  k1: number, cum: Float64Array, cumLast: number, copyHash: number, scarOf: Uint8Array, zoneS: number, clusterShare: number, spreadMm: number, count: number,
): number {
  const nw = w + 1;
  const invCell = 1 / cell;
  // the walk made room for the whole bucket (makeRoom), up to MAX_DOTS
  const cap = scratchCap;
  const oX = sX;
  const oY = sY;
  const oSeed = sSeed;
  const oLayer = sLayer;
  const oRegion = sRegion;
  const oFlags = sFlags;
  for (let k = begin; k < end; k++) {
    const u = (rank[k]! + 0.5) / tn; // the rank fraction (tile.ts tileU)
    if (u >= uLimit) break; // ranks ascend within a bucket: nothing further can be kept
    // the point's cell centre (tile.ts tileX, tileY): exact in a double, so its turned images are too
    const tx = (txy[2 * k]! + 0.5) * INV_Q;
    const ty = (txy[2 * k + 1]! + 0.5) * INV_Q;
    const mx = bx + kx * (swap ? ty : tx);
    const my = by + ky * (swap ? tx : ty);
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
    if (count + 1 + (clustered ? 2 : 0) > cap) return -1; // only once the set is at MAX_DOTS: past it, whatever the estimate said
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
  return count;
}

/**
 * Summed-area table over the coarse cells that hold a cell whose dots may differ between two fields on one base:
 * a node's density changed, or its hairline distance changed where that can flip the hairline-zone flag.
 */
export function dirtyTable(a: DensityField, b: DensityField, zoneS: number): Int32Array {
  const { w, h } = b.grid;
  const nw = w + 1;
  const cw = b.coarseW;
  const satW = cw + 1;
  if (a === b) return new Int32Array(satW * (b.coarseH + 1)); // the same field (a skin, pigment or shade edit): nothing changed
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

