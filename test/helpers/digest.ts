// A byte digest of Dots that runs the same in node and in the browser (FNV-1a, two lanes → 64 bits hex).
import type { Dots } from '../../src/dots.js';

/** FNV-1a over the bytes of the typed arrays, as a 16-digit hex string. */
export function digestArrays(arrays: ArrayBufferView[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const arr of arrays) {
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i]!, 0x01000193);
      b = Math.imul(b ^ bytes[i]!, 0x01000193) ^ (b >>> 13);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Digest of every per-dot array and the layer starts of a simulation. */
export function digestDots(d: Dots): string {
  return digestArrays([d.xy, d.radius, d.layer, d.shade, d.hue, d.seed, d.region, d.flags, d.layerStart]);
}

/** Digest of the first `layers` layers only (a prefix of every array). */
export function digestLayers(d: Dots, layers: number): string {
  const n = d.layerStart[layers]!;
  return digestArrays([d.xy.subarray(0, 2 * n), d.radius.subarray(0, n), d.layer.subarray(0, n), d.shade.subarray(0, n), d.hue.subarray(0, n), d.seed.subarray(0, n), d.region.subarray(0, n), d.flags.subarray(0, n)]);
}

/** The plan whose digest is pinned in the determinism tests (node, worker and browser). */
export const PINNED_PLAN_SEED = 'pinned-1';
