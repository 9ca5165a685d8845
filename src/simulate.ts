// simulate(plan): layered SMP dots from a progressive blue-noise tile and a density field.
//
// A tile point with rank fraction u is kept at p when u < a(p)·cumLast, where a(p) is the local density
// over the tile's density. Its layer is the first k with u / a(p) < cumulative[k]: session 1 keeps the
// coarsest ranks, later sessions the finer ranks in between, so they fill the gaps, and a layer depends only
// on its own window and the field, never on later layers. Per-dot variates hash (seed, tile copy, rank).
import { FLAG_HAIRLINE, FLAG_SCAR, allocDots, type Dots } from './dots.js';
import { ArgumentError, int, obj, typed } from './errors.js';
import { cachedDensityField, checkWalkBudget, densityField, type DensityField } from './field.js';
import { SALT_VARIATION, deriveSeed32, hash2, unit } from './hash.js';
import { MAX_DOTS, type Plan, PlanError, TOUCH_UP_HEADROOM, validatePlan } from './plan.js';
import { PIGMENT_HUE, dotDiameterMm } from './presets.js';
import { defaultTile, type Tile } from './tile.js';
import { EMPTY_F32, EMPTY_I32, dirtyTable, fitScratch, partRange, prepareStrips, stripCount, swapScratch, walk, written } from './walk.js';

/** Mean companions of a clustered dot (one or two, evenly). */
const MEAN_COMPANIONS = 1.5;
/** Dots in front of this share of the transition width behind the line use the hairline needle. Ours. */
const HAIRLINE_ZONE_BEHIND = 0.5;

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
  return simulateValid(plan, checkedOptions(options));
}

/** simulate's options, checked: a tile of the documented arrays, a part that is one, a boolean cache switch. */
function checkedOptions(options: unknown): SimulateOptions {
  const o = obj('simulate: options', options, true) as SimulateOptions;
  if (o.fieldCache !== undefined && typeof o.fieldCache !== 'boolean') throw new ArgumentError('simulate: options.fieldCache', o.fieldCache, 'expected true or false');
  if (o.reuse !== undefined) obj('simulate: options.reuse', o.reuse);
  if (o.part !== undefined) {
    const p = obj('simulate: options.part', o.part);
    const of = int('simulate: options.part.of', p.of, 1, 1024);
    int('simulate: options.part.index', p.index, 0, of - 1);
  }
  if (o.tile !== undefined) {
    const t = obj('simulate: options.tile', o.tile) as unknown as Tile;
    const n = int('simulate: options.tile.n', t.n, 1, 2 ** 26);
    const b = int('simulate: options.tile.buckets', t.buckets, 1, 4096);
    typed('simulate: options.tile.xy', t.xy, Uint16Array, 2 * n);
    typed('simulate: options.tile.rank', t.rank, Uint32Array, n);
    const bs = typed('simulate: options.tile.bucketStart', t.bucketStart, Uint32Array, b * b + 1);
    for (let i = 1; i <= b * b; i++)
      if (bs[i]! < bs[i - 1]! || bs[i]! > n) throw new ArgumentError(`simulate: options.tile.bucketStart[${i}]`, bs[i], `expected starts in order within [0, ${n}]`);
  }
  return o;
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
  fitScratch(cap);
  const { grid, edges } = field;
  const strips = stripCount(grid.x0, grid.y0, grid.cell, grid.w, grid.h, tile.buckets, S, ox, oy);
  // a part walks a run of strips (one tile row of buckets in one copy) chosen by the strips' density bounds
  let sBegin = 0;
  let sEnd = strips;
  const part = options.part;
  if (part && part.of > 1) {
    if (!(Number.isInteger(part.index) && Number.isInteger(part.of) && part.index >= 0 && part.index < part.of))
      throw new ArgumentError('simulate: options.part', part, 'not a part (0 ≤ index < of, whole numbers)');
    const weights = new Float64Array(strips);
    walk(
      field.cls, field.density, field.hair ?? EMPTY_F32, field.hair !== null, field.coarseMax, field.coarseW, field.coarseH, field.regionScale,
      grid.x0, grid.y0, grid.cell, grid.w, grid.h,
      edges.start, edges.region, edges.xi, edges.yi, edges.xj, edges.yj, edges.exclusion, edges.rows,
      tile.xy, tile.n, tile.rank, tile.bucketStart, tile.buckets,
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
  prepareStrips(strips);
  const count = walk(
    field.cls, field.density, field.hair ?? EMPTY_F32, field.hair !== null, field.coarseMax, field.coarseW, field.coarseH, field.regionScale,
    grid.x0, grid.y0, grid.cell, grid.w, grid.h,
    edges.start, edges.region, edges.xi, edges.yi, edges.xj, edges.yj, edges.exclusion, edges.rows,
    tile.xy, tile.n, tile.rank, tile.bucketStart, tile.buckets,
    S, k1, cum, layers, seedHash, ox, oy, sym, scarOf, zoneS, clusterShare, spreadMm, sBegin, sEnd, null, dirtySat, pBegin, pEnd,
  );
  if (count < 0) refuseDots(plan, MAX_DOTS + 1, field.areaMm2);
  const out = finish(plan, field.areaMm2, field.expectedFull, count, nSessions, layers, options.reuse);
  swapScratch();
  last = { field, tile, key, strips, begin: sBegin, end: sEnd };
  return out;
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
  const w = written();
  countLayers(w.layer, count, per);
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
    w.x, w.y, w.seed, w.layer, w.region, w.flags,
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
  if (!first) throw new ArgumentError('mergeParts: parts', parts, 'expected at least one part');
  const layers = first.layerStart.length - 1;
  let count = 0;
  for (const p of parts) {
    if (p.layerStart.length - 1 !== layers || p.sessions !== first.sessions) throw new ArgumentError('mergeParts: parts', `${parts.length} parts`, 'parts of different plans');
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
