import { describe, expect, it } from 'vitest';
import { digestArrays } from './helpers/digest.js';
import { TILE_ASSET } from '../src/tile-asset.js';
import { base64Bytes, buildTile, defaultTile, TILE_LEVELS, tileFromBytes, tileToBytes, tileU, tileX, tileY } from '../src/tile.js';

describe('the shipped tile', () => {
  it('loading the shipped asset gives exactly the tile that building it gives (bench/build-tile.ts): the build places points on the 16-bit cells', () => {
    const built = buildTile();
    const shipped = base64Bytes(TILE_ASSET!);
    const same = (a: ReturnType<typeof buildTile>, b: ReturnType<typeof buildTile>) =>
      a.n === b.n && a.buckets === b.buckets && digestArrays([a.xy, a.rank, a.bucketStart]) === digestArrays([b.xy, b.rank, b.bucketStart]);
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
      const x = tileX(t, k);
      const y = tileY(t, k);
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

  it('has the documented size and shape: 24-byte header, the bucket table, 8 bytes a point; every rank once, ascending within every bucket, each point in its bucket', () => {
    const t = defaultTile();
    const nb = t.buckets * t.buckets;
    expect(base64Bytes(TILE_ASSET!).length).toBe(24 + 4 * (nb + 1) + 8 * t.n);
    expect(t.bucketStart[nb]).toBe(t.n);
    const seen = new Uint8Array(t.n);
    let bad = 0;
    for (let b = 0; b < nb; b++)
      for (let k = t.bucketStart[b]!; k < t.bucketStart[b + 1]!; k++) {
        if (k > t.bucketStart[b]! && !(tileU(t, k) > tileU(t, k - 1))) bad++;
        if (Math.floor(tileY(t, k) * t.buckets) * t.buckets + Math.floor(tileX(t, k) * t.buckets) !== b) bad++;
        seen[t.rank[k]!]!++;
      }
    expect(bad).toBe(0);
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('loads the shipped bytes without copying them where they are aligned, and from a copy where they are not', () => {
    const bytes = base64Bytes(TILE_ASSET!);
    const t = tileFromBytes(bytes);
    expect(t.xy.buffer).toBe(bytes.buffer);
    const odd = new Uint8Array(bytes.length + 1);
    odd.set(bytes, 1);
    const u = tileFromBytes(odd.subarray(1));
    expect(u.xy.buffer).not.toBe(odd.buffer);
    expect(digestArrays([u.xy, u.rank, u.bucketStart])).toBe(digestArrays([t.xy, t.rank, t.bucketStart]));
  });

  it('refuses bytes that are not a tile', () => {
    expect(() => tileFromBytes(new Uint8Array(20))).toThrow(/not an smp-sim tile/);
    const bytes = tileToBytes(defaultTile());
    expect(() => tileFromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/bytes for/);
    const format1 = bytes.slice();
    format1[4] = 1;
    expect(() => tileFromBytes(format1)).toThrow(/not an smp-sim tile \(format 2\)/);
    const torn = bytes.slice();
    new DataView(torn.buffer).setUint32(24 + 4 * defaultTile().buckets ** 2, 7, true);
    expect(() => tileFromBytes(torn)).toThrow(/bucket table/);
  });
});
