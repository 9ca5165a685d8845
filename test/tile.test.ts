import { describe, expect, it } from 'vitest';
import { digestArrays } from './helpers/digest.js';
import { TILE_ASSET } from '../src/tile-asset.js';
import { base64Bytes, buildTile, defaultTile, TILE_LEVELS, tileFromBytes, tileToBytes } from '../src/tile.js';

describe('the shipped tile', () => {
  it('loading the shipped asset gives exactly the tile that building it gives (bench/build-tile.ts): the build places points on the 16-bit cells', () => {
    const built = buildTile();
    const shipped = base64Bytes(TILE_ASSET!);
    const same = (a: ReturnType<typeof buildTile>, b: ReturnType<typeof buildTile>) =>
      a.n === b.n && a.buckets === b.buckets && digestArrays([a.x, a.y, a.u, a.rank, a.bucketStart]) === digestArrays([b.x, b.y, b.u, b.rank, b.bucketStart]);
    expect(digestArrays([shipped])).toBe(digestArrays([tileToBytes(built, TILE_LEVELS)]));
    const loaded = tileFromBytes(shipped);
    expect(same(loaded, built)).toBe(true);
    expect(same(defaultTile(), loaded)).toBe(true);
  });

  it("each level's points near the border form a set the four quarter turns map onto itself, so copies join under any of them", () => {
    const t = defaultTile();
    // ranks in order: a level is a run of ranks; check the whole tile's border band at the finest spacing
    const r = 0.999 * Math.sqrt(0.7 / (16 * 2 ** ((TILE_LEVELS - 1) / 4))); // the finest level's radius (and band)
    const key = (x: number, y: number) => `${Math.round(x * 65536 - 0.5)},${Math.round(y * 65536 - 0.5)}`;
    const inBand = new Set<string>();
    for (let k = 0; k < t.n; k++) {
      const x = t.x[k]!;
      const y = t.y[k]!;
      if (Math.min(x, 1 - x, y, 1 - y) < r) inBand.add(key(x, y));
    }
    expect(inBand.size).toBeGreaterThan(1000);
    let missing = 0;
    for (const s of inBand) {
      const [i, j] = s.split(',').map(Number) as [number, number];
      const x = (i + 0.5) / 65536;
      const y = (j + 0.5) / 65536;
      for (const [u, v] of [[1 - y, x], [1 - x, 1 - y], [y, 1 - x]] as const) if (!inBand.has(key(u, v))) missing++;
    }
    expect(missing).toBe(0);
  });

  it('has the documented size and shape: 16-byte header and 4 bytes a point, ranks ascending within every bucket', () => {
    const t = defaultTile();
    expect(base64Bytes(TILE_ASSET!).length).toBe(16 + 4 * t.n);
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
