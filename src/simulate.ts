// simulate(plan): layered SMP dots from a progressive blue-noise tile and a density field.
//
// A tile point with rank fraction u is kept at p when u < a(p)·cumLast, where a(p) is the local density
// over the tile's density. Its layer is the first k with u / a(p) < cumulative[k]: session 1 keeps the
// coarsest ranks, later sessions the finer ranks in between, so they fill the gaps, and a layer depends only
// on its own window and the field, never on later layers. Per-dot variates hash (seed, tile copy, rank).
import { FLAG_COMPANION, FLAG_HAIRLINE, FLAG_SCAR, allocDots, type Dots } from './dots.js';
import { COARSE, densityField } from './field.js';
import { deriveSeed32, hash2, mix32, unit } from './hash.js';
import { MAX_DOTS, type Plan, PlanError, TOUCH_UP_HEADROOM, validatePlan } from './plan.js';
import { PIGMENT_HUE, dotDiameterMm } from './presets.js';
import { BOUNDARY, ownerAt } from './raster.js';
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

/** Reusable scratch for the walk (grows, never shrinks), so repeated simulations in a worker do not churn memory. */
let scratch = { cap: 0, x: new Float32Array(0), y: new Float32Array(0), seed: new Uint32Array(0), layer: new Uint8Array(0), region: new Uint8Array(0), flags: new Uint8Array(0) };
function ensureScratch(cap: number): void {
  if (cap <= scratch.cap) return;
  const old = scratch;
  scratch = { cap, x: new Float32Array(cap), y: new Float32Array(cap), seed: new Uint32Array(cap), layer: new Uint8Array(cap), region: new Uint8Array(cap), flags: new Uint8Array(cap) };
  scratch.x.set(old.x);
  scratch.y.set(old.y);
  scratch.seed.set(old.seed);
  scratch.layer.set(old.layer);
  scratch.region.set(old.region);
  scratch.flags.set(old.flags);
}

/** Options for tests and tools; the defaults are what the app uses. */
export interface SimulateOptions {
  /** The blue-noise tile (default: the engine's shared tile). */
  tile?: Tile;
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
  const field = densityField(plan);
  if (!field || field.maxDensity <= 0) return allocDots(0, nSessions, layers);

  // cumulative thresholds of all layers, as shares of the target density
  const cum = new Float64Array(layers);
  plan.sessions.forEach((s, i) => (cum[i] = s.cumulative));
  let extra = 0;
  plan.touchUps.forEach((t, i) => {
    extra += t.addFraction;
    cum[nSessions + i] = 1 + extra;
  });
  const cumLast = cum[layers - 1]!;
  const cluster = plan.density.clustering;
  const baseScale = 1 / (1 + cluster.share * MEAN_COMPANIONS);
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
  const swap = (sym & 1) !== 0;
  const sx = sym & 2 ? -1 : 1;
  const sy = sym & 4 ? -1 : 1;

  const { grid, cls, edges, density, hair, coarseMax, coarseW, regionScale } = field;
  const { x0, y0, cell, w, h } = grid;
  const nw = w + 1;
  const invCell = 1 / cell;
  const x1 = x0 + w * cell;
  const y1 = y0 + h * cell;
  const regions = plan.regions;
  const hl = plan.hairline;
  const zoneS = hl ? hl.transitionMm * HAIRLINE_ZONE_BEHIND : -Infinity;
  const scarOf = Uint8Array.from(regions, (r) => (r.kind === 'scar' ? FLAG_SCAR : 0));

  // mm box → tile-space box (before symmetry: mm = o + S·(sx·a, sy·b), (X, Y) = swap ? (b, a) : (a, b))
  const ax0 = Math.min(sx * (x0 - ox), sx * (x1 - ox)) / S;
  const ax1 = Math.max(sx * (x0 - ox), sx * (x1 - ox)) / S;
  const by0 = Math.min(sy * (y0 - oy), sy * (y1 - oy)) / S;
  const by1 = Math.max(sy * (y0 - oy), sy * (y1 - oy)) / S;
  const X0 = swap ? by0 : ax0;
  const X1 = swap ? by1 : ax1;
  const Y0 = swap ? ax0 : by0;
  const Y1 = swap ? ax1 : by1;

  let cap = Math.min(MAX_DOTS, Math.ceil(expected * (1 + cluster.share * MEAN_COMPANIONS) * 1.1) + 1024);
  ensureScratch(cap);
  let sxArr = scratch.x;
  let syArr = scratch.y;
  let sSeed = scratch.seed;
  let sLayer = scratch.layer;
  let sRegion = scratch.region;
  let sFlags = scratch.flags;
  let count = 0;

  const B = tile.buckets;
  const { x: tx, y: ty, u: tu, rank, bucketStart } = tile;
  const COARSE_MM = cell * COARSE;
  const coarseH = field.coarseH;

  const emit = (mx: number, my: number, seed: number, layer: number, region: number, flags: number): void => {
    if (count === cap) {
      if (cap >= MAX_DOTS) refuseDots(plan, MAX_DOTS + 1, field.areaMm2); // the walk never exceeds the cap, whatever the estimate said
      cap = Math.min(MAX_DOTS, Math.ceil(cap * 1.5));
      ensureScratch(cap);
      ({ x: sxArr, y: syArr, seed: sSeed, layer: sLayer, region: sRegion, flags: sFlags } = scratch);
    }
    sxArr[count] = mx;
    syArr[count] = my;
    sSeed[count] = seed;
    sLayer[count] = layer;
    sRegion[count] = region;
    sFlags[count] = flags;
    count++;
  };

  // prefix counts of the coarse cells that get dots: a tile copy over none of them is skipped in O(1), so far-apart
  // regions cost their own area, not the tile copies of their bounding box
  const satW = coarseW + 1;
  const sat = new Int32Array(satW * (coarseH + 1));
  for (let cj = 0; cj < coarseH; cj++)
    for (let ci = 0; ci < coarseW; ci++)
      sat[(cj + 1) * satW + ci + 1] = sat[cj * satW + ci + 1]! + sat[(cj + 1) * satW + ci]! - sat[cj * satW + ci]! + (coarseMax[cj * coarseW + ci]! > 0 ? 1 : 0);

  for (let cy = Math.floor(Y0); cy <= Math.floor(Y1); cy++) {
    for (let cx = Math.floor(X0); cx <= Math.floor(X1); cx++) {
      {
        // the copy's mm box → coarse cells
        const pa0 = swap ? cy * S : cx * S;
        const pb0 = swap ? cx * S : cy * S;
        const mxa = ox + sx * pa0;
        const mxb = ox + sx * (pa0 + S);
        const mya = oy + sy * pb0;
        const myb = oy + sy * (pb0 + S);
        const ci0 = Math.max(0, Math.floor((Math.min(mxa, mxb) - x0) / COARSE_MM));
        const ci1 = Math.min(coarseW - 1, Math.floor((Math.max(mxa, mxb) - x0) / COARSE_MM));
        const cj0 = Math.max(0, Math.floor((Math.min(mya, myb) - y0) / COARSE_MM));
        const cj1 = Math.min(coarseH - 1, Math.floor((Math.max(mya, myb) - y0) / COARSE_MM));
        if (ci0 > ci1 || cj0 > cj1) continue;
        if (sat[(cj1 + 1) * satW + ci1 + 1]! - sat[cj0 * satW + ci1 + 1]! - sat[(cj1 + 1) * satW + ci0]! + sat[cj0 * satW + ci0]! === 0) continue;
      }
      const copyHash = hash2(hash2(seedHash, cx), cy);
      const bi0 = Math.max(0, Math.floor((X0 - cx) * B));
      const bi1 = Math.min(B - 1, Math.floor((X1 - cx) * B));
      const bj0 = Math.max(0, Math.floor((Y0 - cy) * B));
      const bj1 = Math.min(B - 1, Math.floor((Y1 - cy) * B));
      for (let bj = bj0; bj <= bj1; bj++) {
        for (let bi = bi0; bi <= bi1; bi++) {
          // the bucket's mm box, for an upper bound of the density inside it
          const ua0 = (cx + bi / B) * S;
          const ua1 = (cx + (bi + 1) / B) * S;
          const vb0 = (cy + bj / B) * S;
          const vb1 = (cy + (bj + 1) / B) * S;
          const pa0 = swap ? vb0 : ua0;
          const pa1 = swap ? vb1 : ua1;
          const pb0 = swap ? ua0 : vb0;
          const pb1 = swap ? ua1 : vb1;
          const mx0 = ox + Math.min(sx * pa0, sx * pa1);
          const mx1 = ox + Math.max(sx * pa0, sx * pa1);
          const my0 = oy + Math.min(sy * pb0, sy * pb1);
          const my1 = oy + Math.max(sy * pb0, sy * pb1);
          const ci0 = Math.max(0, Math.floor((mx0 - x0) / COARSE_MM));
          const ci1 = Math.min(coarseW - 1, Math.floor((mx1 - x0) / COARSE_MM));
          const cj0 = Math.max(0, Math.floor((my0 - y0) / COARSE_MM));
          const cj1 = Math.min(coarseH - 1, Math.floor((my1 - y0) / COARSE_MM));
          let dmax = 0;
          for (let cj = cj0; cj <= cj1; cj++) for (let ci = ci0; ci <= ci1; ci++) dmax = Math.max(dmax, coarseMax[cj * coarseW + ci]!);
          if (dmax <= 0) continue;
          const uLimit = dmax * k1 * cumLast * (1 + 1e-9);
          const end = bucketStart[bj * B + bi + 1]!;
          for (let k = bucketStart[bj * B + bi]!; k < end; k++) {
            const u = tu[k]!;
            if (u >= uLimit) break; // ranks ascend within a bucket: nothing further can be kept
            const X = cx + tx[k]!;
            const Y = cy + ty[k]!;
            const mx = ox + S * sx * (swap ? Y : X);
            const my = oy + S * sy * (swap ? X : Y);
            const gx = (mx - x0) * invCell;
            const gy = (my - y0) * invCell;
            if (!(gx >= 0 && gx < w && gy >= 0 && gy < h)) continue;
            const ix = gx | 0;
            const iy = gy | 0;
            const c = cls[iy * w + ix]!;
            if (c === 0) continue;
            const reg = c === BOUNDARY ? ownerAt(edges, mx, my) : c - 1;
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
            if (hair) {
              const s = (hair[n0]! * (1 - fx) + hair[n0 + 1]! * fx) * (1 - fy) + (hair[n0 + nw]! * (1 - fx) + hair[n0 + nw + 1]! * fx) * fy;
              if (s < zoneS) flags |= FLAG_HAIRLINE;
            }
            const seed = mix32(copyHash ^ rank[k]!);
            emit(mx, my, seed, layer, reg, flags);
            if (cluster.share > 0 && unit(hash2(seed, 11)) < cluster.share) {
              const companions = unit(hash2(seed, 12)) < 0.5 ? 1 : 2;
              for (let j = 0; j < companions; j++) {
                const cseed = hash2(seed, 100 + j);
                const dir = (cseed >>> 26) * 2;
                const dist = cluster.spreadMm * (0.6 + 0.4 * unit(mix32(cseed)));
                const px = mx + DIRS[dir]! * dist;
                const py = my + DIRS[dir + 1]! * dist;
                const creg = ownerAt(edges, px, py);
                if (creg < 0) continue;
                emit(px, py, cseed, layer, creg, (flags & FLAG_HAIRLINE) | scarOf[creg]! | FLAG_COMPANION);
              }
            }
          }
        }
      }
    }
  }
  return finish(plan, field.areaMm2, field.expectedFull, count, nSessions, layers);
}

function refuseDots(plan: Plan, dots: number, areaMm2: number): never {
  throw new PlanError(
    'density.target',
    plan.density.target,
    `would place up to ${Math.round(dots).toLocaleString('en-US')} dots over ${(areaMm2 / 100).toFixed(0)} cm², more than the maximum ${MAX_DOTS.toLocaleString('en-US')}; lower the density or the treated area`,
  );
}

/** Sorts the walk's dots by layer (stable) and fills in size, shade and hue from the layer and the dot's hash. */
function finish(plan: Plan, areaMm2: number, expectedFull: number, count: number, nSessions: number, layers: number): Dots {
  const out = allocDots(count, nSessions, layers);
  const { x, y, seed, layer, region, flags } = scratch;
  const per = new Uint32Array(layers);
  for (let i = 0; i < count; i++) per[layer[i]!]!++;
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
  const needle = (l: number) => (l < nSessions ? plan.sessions[l]! : plan.touchUps[l - nSessions]!);
  for (let l = 0; l < layers; l++) {
    const s = needle(l);
    radius[l] = dotDiameterMm(s.needleMm, s.needlePoints) / 2;
    zoneRadius[l] = plan.hairline ? dotDiameterMm(s.needleMm, plan.hairline.needlePoints) / 2 : radius[l]!;
    shade[l] = s.shade;
  }
  const { shadeVariation, hueVariationDeg, sizeVariation, kind } = plan.pigment;
  const baseHue = PIGMENT_HUE[kind];
  const { xy, radius: oRadius, shade: oShade, hue: oHue, seed: oSeed, session: oSession, region: oRegion, flags: oFlags } = out;
  // three 10-bit variates in [−1, 1) from one hash: size, shade and hue jitter need no finer steps
  const J = 1 / 512;
  for (let i = 0; i < count; i++) {
    const l = layer[i]!;
    const j = next[l]!++;
    const h = seed[i]!;
    const f = flags[i]!;
    const v = hash2(h, 1);
    xy[2 * j] = x[i]!;
    xy[2 * j + 1] = y[i]!;
    oRadius[j] = (f & FLAG_HAIRLINE ? zoneRadius[l]! : radius[l]!) * (1 + sizeVariation * (((v & 1023) + 0.5) * J - 1));
    const sh = shade[l]! * (1 + shadeVariation * ((((v >>> 10) & 1023) + 0.5) * J - 1));
    oShade[j] = sh < 0 ? 0 : sh > 1 ? 1 : sh;
    oHue[j] = baseHue + hueVariationDeg * (((v >>> 20) + 0.5) * (1 / 2048) - 1);
    oSeed[j] = h;
    oSession[j] = l;
    oRegion[j] = region[i]!;
    oFlags[j] = f;
  }
  const stats = out.stats;
  stats.areaCm2 = areaMm2 / 100;
  for (let l = 0; l < layers; l++) stats.perLayer[l] = per[l]!;
  const sessionDots = out.layerStart[nSessions]!;
  stats.densityPerCm2 = areaMm2 > 0 ? sessionDots / (areaMm2 / 100) : 0;
  stats.expectedDots = expectedFull * plan.sessions[nSessions - 1]!.cumulative;
  return out;
}
