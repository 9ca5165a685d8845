// A toroidal blue-noise tile whose points carry a progressive rank (coarse to fine).
//
// Keeping the points whose rank/N lies below a local density fraction yields a Poisson-disk-like set
// at any density; a window of ranks yields one session's dots, which fall between the earlier ones.
// Ranks are hierarchical Bridson (Bridson 2007, "Fast Poisson disk sampling in arbitrary dimensions"):
// level l is a maximal Poisson-disk fill at radius r_l seeded with all coarser levels, the point count growing
// by 2^(1/4) a level (a finer hierarchy than doubling: any prefix of the ranks is then closer to a complete
// level, measured locR 0.69 → 0.79 and low-frequency power 0.15 → 0.10), and the points new to a level are
// shuffled, so any prefix is well spaced and never a lattice (shared/docs/PERFORMANCE.md: greedy
// farthest-point ranks look crystalline; random ranks clump).
// Copies of the tile are laid under four different rotations (simulate.ts), so a plan wider than the tile does
// not repeat (Kopf et al. 2006 reach the same with recursive Wang tiles). For the copies to join without a seam,
// each level's points within r_l of the tile's border form a set invariant under the four quarter turns about
// the tile's centre: a candidate there is placed together with its images or not at all. Rotations, not the
// eight symmetries of the square: a mirror fixes a whole line (the seams themselves, on the torus), and no point
// may lie within r/2 of one, which left an empty cross at every tile corner; a rotation fixes only points.
// Coordinates are multiples of 1/65536 plus half (the shipped asset's cells), so the images are exact.
// Only +, *, / and sqrt touch the coordinates, so every JS engine builds the same tile bit for bit.
import { deriveRandom } from './hash.js';
import { TILE_ASSET, TILE_FILE } from './tile-asset.js';

/**
 * A tile in unit coordinates [0, 1)², sorted into `buckets`² buckets and by rank within each bucket. Coordinates
 * are 16-bit cells, the point at the cell's centre ((cell + 0.5) / 65536, exact in a double): the shipped asset's
 * own arrays, so loading it copies nothing. A point's rank fraction is (rank + 0.5) / n.
 */
export interface Tile {
  /** Number of points. */
  n: number;
  /** Buckets per side. */
  buckets: number;
  /** Point cells, x and y interleaved (x of point k at 2k), bucket-major, rank order within a bucket. */
  xy: Uint16Array;
  /** The point's rank: its order in the hierarchy (coarse to fine) and a stable identity for hashing. */
  rank: Uint32Array;
  /** Start of each bucket in the arrays above; length buckets² + 1. */
  bucketStart: Uint32Array;
}

/** Point k's x in [0, 1). */
export function tileX(t: Tile, k: number): number {
  return (t.xy[2 * k]! + 0.5) / Q;
}

/** Point k's y in [0, 1). */
export function tileY(t: Tile, k: number): number {
  return (t.xy[2 * k + 1]! + 0.5) / Q;
}

/** Point k's rank fraction (rank + 0.5) / n: the density share from which the point is kept. */
export function tileU(t: Tile, k: number): number {
  return (t.rank[k]! + 0.5) / t.n;
}

/** Hierarchy depth: 57 levels of ×2^(1/4) from 16 points ≈ 217k points, a tile ≈ 400 mm wide at 90 dots/cm² with touch-up headroom and ≈ 220 mm at 300 dots/cm². */
export const TILE_LEVELS = 57;
const BASE_POINTS = 16; // points at level 0
const LEVEL_GROWTH = 2 ** 0.25; // point count ratio between levels
const CANDIDATES = 24; // Bridson's k; 24–30 are maximal in practice
/** The tile's coordinate cells per side: a point sits at a cell centre (k + 0.5) / TILE_CELLS (16-bit k). */
export const TILE_CELLS = 65536;
const Q = TILE_CELLS;

/** Growable point store shared by all levels (typed arrays: ~2× faster than number[] here). */
interface Points {
  n: number;
  x: Float64Array;
  y: Float64Array;
}

function push(p: Points, x: number, y: number): number {
  if (p.n === p.x.length) {
    const nx = new Float64Array(p.x.length * 2);
    const ny = new Float64Array(p.x.length * 2);
    nx.set(p.x);
    ny.set(p.y);
    p.x = nx;
    p.y = ny;
  }
  p.x[p.n] = x;
  p.y[p.n] = y;
  return p.n++;
}

/** The coordinate's grid cell centre (in [0, 1)). */
function snap(v: number): number {
  return (Math.min(Q - 1, Math.floor(v * Q)) + 0.5) / Q;
}

/** The 4 images of (x, y) under the quarter turns about (½, ½), written to `out` (x0, y0, x1, y1, …). */
function images(x: number, y: number, out: Float64Array): void {
  out[0] = x;
  out[1] = y;
  out[2] = 1 - y;
  out[3] = x;
  out[4] = 1 - x;
  out[5] = 1 - y;
  out[6] = y;
  out[7] = 1 - x;
}

/** One maximal Poisson-disk fill at `radius` on the unit torus, seeded with every point already present; border-band points come with their 4 images. */
function bridsonLevel(p: Points, radius: number, random: () => number): void {
  const g = Math.ceil(Math.SQRT2 / radius);
  const cs = 1 / g; // ≤ radius/√2, so a cell never holds two points
  const grid = new Int32Array(g * g).fill(-1);
  const r2 = radius * radius;
  const reach = Math.ceil(radius / cs);
  const band = radius; // points this close to the border are placed as whole orbits
  let active = new Int32Array(Math.max(64, p.n * 2));
  let nActive = 0;
  const img = new Float64Array(8);
  const cellOf = (x: number, y: number) => Math.min(g - 1, Math.floor(y * g)) * g + Math.min(g - 1, Math.floor(x * g));
  const free = (x: number, y: number): boolean => {
    const gx = Math.min(g - 1, Math.floor(x * g));
    const gy = Math.min(g - 1, Math.floor(y * g));
    for (let j = -reach; j <= reach; j++) {
      const row = ((gy + j + g) % g) * g;
      for (let i = -reach; i <= reach; i++) {
        const k = grid[row + ((gx + i + g) % g)]!;
        if (k < 0) continue;
        let ex = Math.abs(p.x[k]! - x);
        let ey = Math.abs(p.y[k]! - y);
        if (ex > 0.5) ex = 1 - ex;
        if (ey > 0.5) ey = 1 - ey;
        if (ex * ex + ey * ey < r2) return false;
      }
    }
    return true;
  };
  const add = (x: number, y: number): void => {
    const k = push(p, x, y);
    grid[cellOf(x, y)] = k;
    if (nActive === active.length) {
      const more = new Int32Array(active.length * 2);
      more.set(active);
      active = more;
    }
    active[nActive++] = k;
  };
  /** Places (x, y), with its images when in the band; false when any of them is too close to a point or to another image. */
  const place = (x: number, y: number): boolean => {
    if (Math.min(x, 1 - x, y, 1 - y) >= band) {
      if (!free(x, y)) return false;
      add(x, y);
      return true;
    }
    images(x, y, img);
    for (let a = 0; a < 4; a++) {
      if (!free(img[2 * a]!, img[2 * a + 1]!)) return false;
      for (let b = 0; b < a; b++) {
        let ex = Math.abs(img[2 * a]! - img[2 * b]!);
        let ey = Math.abs(img[2 * a + 1]! - img[2 * b + 1]!);
        if (ex > 0.5) ex = 1 - ex;
        if (ey > 0.5) ey = 1 - ey;
        if (ex * ex + ey * ey < r2) return false;
      }
    }
    for (let a = 0; a < 4; a++) add(img[2 * a]!, img[2 * a + 1]!);
    return true;
  };
  for (let i = 0; i < p.n; i++) {
    grid[cellOf(p.x[i]!, p.y[i]!)] = i;
    active[nActive++] = i;
  }
  while (nActive === 0) place(snap(random()), snap(random()));
  while (nActive > 0) {
    const ai = Math.floor(random() * nActive);
    const a = active[ai]!;
    let placed = false;
    for (let t = 0; t < CANDIDATES && !placed; t++) {
      // uniform in the annulus [r, 2r] by rejection from the square: no trigonometry, so no engine drift
      let dx: number;
      let dy: number;
      let d2: number;
      do {
        dx = (random() * 4 - 2) * radius;
        dy = (random() * 4 - 2) * radius;
        d2 = dx * dx + dy * dy;
      } while (d2 < r2 || d2 > 4 * r2);
      let x = p.x[a]! + dx;
      let y = p.y[a]! + dy;
      x -= Math.floor(x);
      y -= Math.floor(y);
      placed = place(snap(x), snap(y));
    }
    if (!placed) active[ai] = active[--nActive]!;
  }
}

/** Builds a tile with `levels` hierarchical levels (≈ 16·2^((levels−1)/4)·0.83 points). Deterministic for a seed. */
export function buildTile(levels = TILE_LEVELS, seed = 'smp-sim/tile/v2', buckets = 0): Tile {
  const random = deriveRandom(seed, 'bridson');
  const pts: Points = { n: 0, x: new Float64Array(1024), y: new Float64Array(1024) };
  const order: number[] = [];
  // Radius for a maximal fill of m points on the unit torus: density ≈ 0.7 / r² (maximal Poisson-disk packing).
  for (let l = 0; l < levels; l++) {
    const m = BASE_POINTS * LEVEL_GROWTH ** l;
    const radius = Math.sqrt(0.7 / m);
    const before = pts.n;
    bridsonLevel(pts, radius, random);
    const fresh: number[] = [];
    for (let i = before; i < pts.n; i++) fresh.push(i);
    for (let i = fresh.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = fresh[i]!;
      fresh[i] = fresh[j]!;
      fresh[j] = t;
    }
    for (const i of fresh) order.push(i);
  }
  const n = order.length;
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    rx[r] = pts.x[order[r]!]!;
    ry[r] = pts.y[order[r]!]!;
  }
  return bucketTile(rx, ry, buckets);
}

/** A tile from its points in rank order (coordinates in [0, 1), snapped to their cells), sorted into buckets (0: ≈ 48 points a bucket). */
export function bucketTile(rx: Float64Array, ry: Float64Array, buckets = 0): Tile {
  const n = rx.length;
  const b = buckets > 0 ? buckets : Math.max(1, Math.round(Math.sqrt(n / 48)));
  const counts = new Uint32Array(b * b + 1);
  const bucketOf = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const k = Math.min(b - 1, Math.floor(ry[r]! * b)) * b + Math.min(b - 1, Math.floor(rx[r]! * b));
    bucketOf[r] = k;
    counts[k + 1]!++;
  }
  for (let k = 0; k < b * b; k++) counts[k + 1]! += counts[k]!;
  const bucketStart = counts.slice();
  const fill = counts.slice(0, b * b);
  const xy = new Uint16Array(2 * n);
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const at = fill[bucketOf[r]!]!++;
    xy[2 * at] = Math.min(Q - 1, Math.floor(rx[r]! * Q));
    xy[2 * at + 1] = Math.min(Q - 1, Math.floor(ry[r]! * Q));
    rank[at] = r;
  }
  return { n, buckets: b, xy, rank, bucketStart };
}

// The shipped tile: buildTile()'s arrays as they are (the build places points on cell centres, 1/65536 of the tile
// ≈ 6 µm at 90 dots/cm², so the asset is lossless), little-endian, after a 24-byte header: "SMPT", format 2,
// levels, n, buckets, 0; then bucketStart (uint32 × (buckets² + 1)), rank (uint32 × n) and xy (uint16 × 2n).
// Loading it is three views on the bytes: no JSON, no pass over the points (format 1, the points in rank order,
// had to be bucket-sorted at start-up: ≈ 30–50 ms of a cold worker).
const MAGIC = 0x54504d53; // "SMPT" little-endian
const FORMAT = 2;
const HEADER = 24;

/** The tile's bytes as shipped (see tileFromBytes). */
export function tileToBytes(t: Tile, levels = TILE_LEVELS): Uint8Array {
  const nb = t.buckets * t.buckets + 1;
  const bytes = new Uint8Array(HEADER + 4 * nb + 8 * t.n);
  const dv = new DataView(bytes.buffer);
  for (const [i, v] of [MAGIC, FORMAT, levels, t.n, t.buckets, 0].entries()) dv.setUint32(4 * i, v, true);
  let at = HEADER;
  for (let i = 0; i < nb; i++, at += 4) dv.setUint32(at, t.bucketStart[i]!, true);
  for (let i = 0; i < t.n; i++, at += 4) dv.setUint32(at, t.rank[i]!, true);
  for (let i = 0; i < 2 * t.n; i++, at += 2) dv.setUint16(at, t.xy[i]!, true);
  return bytes;
}

/** A tile from its shipped bytes (tileToBytes): views on them where they are aligned (else on a copy); throws on bytes that are no tile. */
export function tileFromBytes(bytes: Uint8Array): Tile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== FORMAT)
    throw new Error(`tile asset: not an smp-sim tile (format ${FORMAT})`);
  const n = dv.getUint32(12, true);
  const buckets = dv.getUint32(16, true);
  const nb = buckets * buckets + 1;
  if (bytes.byteLength !== HEADER + 4 * nb + 8 * n) throw new Error(`tile asset: ${bytes.byteLength} bytes for ${n} points in ${buckets}² buckets`);
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('tile asset: a big-endian machine needs a byte swap, not written');
  const own = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const buf = own.buffer;
  const o = own.byteOffset;
  const bucketStart = new Uint32Array(buf, o + HEADER, nb);
  const rank = new Uint32Array(buf, o + HEADER + 4 * nb, n);
  const xy = new Uint16Array(buf, o + HEADER + 4 * nb + 4 * n, 2 * n);
  if (bucketStart[0] !== 0 || bucketStart[nb - 1] !== n) throw new Error('tile asset: its bucket table does not cover its points');
  return { n, buckets, xy, rank, bucketStart };
}

/** Base64 → bytes (atob exists in every browser, worker and Node ≥ 16). */
export function base64Bytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

let cached: Tile | undefined;

/** The engine's shared tile, decoded once per process from the shipped asset (a few ms) and reused by every simulation. */
export function defaultTile(): Tile {
  if (cached) return cached;
  if (TILE_ASSET === null) throw new Error('smp-sim: the blue-noise tile is still loading (the worker awaits loadDefaultTile() first)');
  cached = tileFromBytes(base64Bytes(TILE_ASSET));
  return cached;
}

/** The tile's file name beside the script where a build moved the asset out of it (the worker loads it: workers/api.ts), else null. */
export function defaultTileFile(): string | null {
  return cached || TILE_ASSET !== null ? null : TILE_FILE;
}

/** Makes `tile` the shared tile (the worker's loadDefaultTile, with the bytes of defaultTileFile()). */
export function useDefaultTile(tile: Tile): void {
  cached = tile;
}
