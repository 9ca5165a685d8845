import { describe, expect, it } from 'vitest';
import { digestArrays } from './helpers/digest.js';
import { TILE_ASSET } from '../src/tile-asset.js';
import { base64Bytes, buildTile, defaultTile, TILE_LEVELS, tileFromBytes, tileToBytes } from '../src/tile.js';

describe('the shipped tile', () => {
  it('loading the shipped asset gives the same tile as building it (bench/build-tile.ts) and quantising to 16 bits', () => {
    const built = buildTile();
    const shipped = base64Bytes(TILE_ASSET);
    const same = (a: ReturnType<typeof buildTile>, b: ReturnType<typeof buildTile>) =>
      a.n === b.n && a.buckets === b.buckets && digestArrays([a.x, a.y, a.u, a.rank, a.bucketStart]) === digestArrays([b.x, b.y, b.u, b.rank, b.bucketStart]);
    expect(digestArrays([shipped])).toBe(digestArrays([tileToBytes(built, TILE_LEVELS)]));
    const loaded = tileFromBytes(shipped);
    expect(same(loaded, tileFromBytes(tileToBytes(built)))).toBe(true);
    expect(same(defaultTile(), loaded)).toBe(true);
    // every point within half a quantisation step of the built one, under the same rank
    const at = new Map<number, number>();
    for (let k = 0; k < built.n; k++) at.set(built.rank[k]!, k);
    let worst = 0;
    for (let k = 0; k < loaded.n; k++) {
      const b = at.get(loaded.rank[k]!)!;
      worst = Math.max(worst, Math.abs(loaded.x[k]! - built.x[b]!), Math.abs(loaded.y[k]! - built.y[b]!));
    }
    expect(worst).toBeLessThanOrEqual(0.5 / 65536);
  });

  it('has the documented size and shape: 16-byte header and 4 bytes a point, ranks ascending within every bucket', () => {
    const t = defaultTile();
    expect(base64Bytes(TILE_ASSET).length).toBe(16 + 4 * t.n);
    expect(t.bucketStart[t.buckets * t.buckets]).toBe(t.n);
    for (let b = 0; b < t.buckets * t.buckets; b++)
      for (let k = t.bucketStart[b]! + 1; k < t.bucketStart[b + 1]!; k++) expect(t.u[k]!).toBeGreaterThan(t.u[k - 1]!);
  });

  it('refuses bytes that are not a tile', () => {
    expect(() => tileFromBytes(new Uint8Array(20))).toThrow(/not an smp-sim tile/);
    const bytes = tileToBytes(defaultTile());
    expect(() => tileFromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/bytes for/);
  });
});
