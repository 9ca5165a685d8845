// Stateless integer hashing and seed derivation.
//
// Every random choice in the engine is a pure function of (plan seed, what is being decided), so no
// stream order can leak from one session into another: editing session 3 cannot move a dot of session 1.
// Only +, *, Math.imul and shifts are used, so the values are identical in every JS engine and the
// same mixer can be written in GLSL (uint arithmetic) for the renderer.
// alea alone: the whole seedrandom entry loads seven generators and costs ≈ 40–80 ms of a worker's start here
import alea from 'seedrandom/lib/alea.js';

/**
 * Salts: each per-dot decision hashes the dot's seed with its own salt, so no two decisions share a variate.
 * The aging model's salts (SALT_BIRTH, SALT_PICK) live with it in src/aging/appearance.ts.
 */
/** A dot's size, shade and hue jitter (three 10-bit variates from one hash). */
export const SALT_VARIATION = 1;
/** Whether a dot gets cluster companions (share: density.clustering.share). */
export const SALT_CLUSTERED = 11;
/** One or two companions. */
export const SALT_COMPANIONS = 12;
/** Companion j's offset: SALT_COMPANION + j. */
export const SALT_COMPANION = 100;

/** Mixes a 32-bit integer into a well-distributed 32-bit unsigned integer (lowbias32, Wellons 2018). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes two 32-bit integers into one (order matters). */
export function hash2(a: number, b: number): number {
  return mix32((a ^ Math.imul(b, 0x9e3779b9)) + 0x632be5ab);
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** A deterministic random source in [0, 1) derived from the plan seed and a purpose label (seedrandom's alea). */
export function deriveRandom(seed: string, purpose: string): AleaPrng {
  return alea(`${seed}\u0000${purpose}`);
}

/** seedrandom's alea generator: a function giving numbers in [0, 1), and its int32(). */
export interface AleaPrng {
  (): number;
  int32(): number;
}

/** A 32-bit integer derived from the plan seed and a purpose label. */
export function deriveSeed32(seed: string, purpose: string): number {
  return (deriveRandom(seed, purpose).int32() >>> 0);
}
