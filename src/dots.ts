// The simulation's output: one typed array per attribute (struct of arrays) plus a count.
// Dots are sorted by layer (sessions, then touch-ups), so a layer is a contiguous range and the first k
// layers are a prefix of every array. Every buffer is transferable.
import { ArgumentError, finiteAll, int, obj, typed } from './errors.js';
import { MAX_DOTS, type Plan } from './plan.js';

/** Dot flag: the dot lies in the hairline's soft zone (single-point needle). */
export const FLAG_HAIRLINE = 1;
/** Dot flag: a cluster companion of another dot. */
export const FLAG_COMPANION = 2;
/** Dot flag: the dot lies in a scar region. */
export const FLAG_SCAR = 4;

/** Summary figures of one simulation. */
export interface DotStats {
  /** Treated area (treated and scar regions less exclusions), cm². */
  areaCm2: number;
  /** Dots per layer: the sessions in order, then the touch-ups. */
  perLayer: number[];
  /** Dots placed by the sessions (touch-ups excluded) per cm² of treated area. */
  densityPerCm2: number;
  /** Expected session dots from the density field (target × region × hairline × noise × last cumulative). */
  expectedDots: number;
}

/** Dots as typed arrays; all lengths in mm on the scalp. */
export interface Dots {
  count: number;
  /** Number of sessions; layers at or above it are touch-ups. */
  sessions: number;
  /** Positions x0, y0, x1, y1, … in mm. */
  xy: Float32Array;
  /** Deposited (healed, settled) dot radius in mm. */
  radius: Float32Array;
  /** Layer of each dot: 0-based session, then sessions + touch-up index (a touch-up's new dots are layers too). */
  layer: Uint8Array;
  /** Deposited darkness 0 (skin) – 1 (undiluted black). */
  shade: Float32Array;
  /** Pigment hue as seen through skin, degrees. */
  hue: Float32Array;
  /** A stable 32-bit hash per dot: the aging model draws its per-dot variates from it. */
  seed: Uint32Array;
  /** Index into plan.regions of the region holding the dot. */
  region: Uint8Array;
  /** FLAG_* bits. */
  flags: Uint8Array;
  /** Start of each layer in the arrays; length layers + 1. */
  layerStart: Uint32Array;
  stats: DotStats;
}

/** Bytes of output per dot (all per-dot arrays). */
export const BYTES_PER_DOT = 8 + 4 + 1 + 4 + 4 + 4 + 1 + 1;

/** The buffers of a Dots, for postMessage transfer lists. */
export function dotsTransferables(d: Dots): ArrayBuffer[] {
  return [d.xy, d.radius, d.layer, d.shade, d.hue, d.seed, d.region, d.flags, d.layerStart].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Allocates dots for `count` entries and `layers` layers; with `reuse`, views on its buffers where they are large enough. */
export function allocDots(count: number, sessions: number, layers: number, reuse?: Dots): Dots {
  const taken: ArrayBufferLike[] = []; // a buffer serves one array only, even if the caller's arrays shared one
  return {
    count,
    sessions,
    xy: view(Float32Array, reuse?.xy, count * 2, taken),
    radius: view(Float32Array, reuse?.radius, count, taken),
    layer: view(Uint8Array, reuse?.layer, count, taken),
    shade: view(Float32Array, reuse?.shade, count, taken),
    hue: view(Float32Array, reuse?.hue, count, taken),
    seed: view(Uint32Array, reuse?.seed, count, taken),
    region: view(Uint8Array, reuse?.region, count, taken),
    flags: view(Uint8Array, reuse?.flags, count, taken),
    layerStart: new Uint32Array(layers + 1),
    stats: { areaCm2: 0, perLayer: new Array<number>(layers).fill(0), densityPerCm2: 0, expectedDots: 0 },
  };
}

type TypedCtor<T> = { new (length: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** A `length`-element array on `old`'s buffer when it holds enough (and is neither detached nor taken), else a fresh one. */
function view<T>(ctor: TypedCtor<T>, old: ArrayBufferView | undefined, length: number, taken: ArrayBufferLike[]): T {
  const buf = old?.buffer;
  if (buf instanceof ArrayBuffer && buf.byteLength >= length * ctor.BYTES_PER_ELEMENT && !taken.includes(buf)) {
    taken.push(buf);
    return new ctor(buf, 0, length);
  }
  return new ctor(length);
}

/**
 * The dots argument of a public function, checked against the plan in O(count): the documented typed arrays,
 * each as long as `count` needs (count ≤ MAX_DOTS), the plan's sessions and layers, layer starts that cut
 * [0, count) in order, finite positions, radii, shades and hues. Throws ArgumentError naming `where.field`.
 */
export function checkedDots(where: string, dots: unknown, plan: Plan): Dots {
  const d = obj(where, dots) as unknown as Dots;
  const n = int(`${where}.count`, d.count, 0, MAX_DOTS);
  const layers = plan.sessions.length + plan.touchUps.length;
  if (d.sessions !== plan.sessions.length) throw new ArgumentError(`${where}.sessions`, d.sessions, `expected the plan's ${plan.sessions.length} sessions`);
  typed(`${where}.xy`, d.xy, Float32Array, 2 * n);
  for (const k of ['radius', 'shade', 'hue'] as const) typed(`${where}.${k}`, d[k], Float32Array, n);
  for (const k of ['layer', 'region', 'flags'] as const) typed(`${where}.${k}`, d[k], Uint8Array, n);
  typed(`${where}.seed`, d.seed, Uint32Array, n);
  const ls = typed(`${where}.layerStart`, d.layerStart, Uint32Array);
  if (ls.length !== layers + 1) throw new ArgumentError(`${where}.layerStart.length`, ls.length, `expected the plan's ${layers} layers + 1`);
  if (ls[0] !== 0) throw new ArgumentError(`${where}.layerStart[0]`, ls[0], 'expected 0');
  for (let l = 1; l <= layers; l++)
    if (ls[l]! < ls[l - 1]!) throw new ArgumentError(`${where}.layerStart[${l}]`, ls[l], `expected ≥ the previous start ${ls[l - 1]}`);
  if (ls[layers] !== n) throw new ArgumentError(`${where}.layerStart[${layers}]`, ls[layers], `expected the count ${n}`);
  finiteAll(`${where}.xy`, d.xy, 2 * n);
  finiteAll(`${where}.radius`, d.radius, n);
  finiteAll(`${where}.shade`, d.shade, n);
  finiteAll(`${where}.hue`, d.hue, n);
  return d;
}
