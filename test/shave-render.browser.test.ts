// The renderer's after base (setAfterBase: the shaved look's buzzed head): drawn over the background at its px
// in the after picture, never in the before — exportPng's pair keeps the original photo on its left.
import { afterEach, describe, expect, it } from 'vitest';
import { ScalpRenderer } from '../src/render/index.js';
import { decodePng } from './helpers/decode-png.js';

const made: ScalpRenderer[] = [];
afterEach(() => {
  while (made.length) made.pop()!.destroy();
});

function solid(w: number, h: number, css: string): OffscreenCanvas {
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d')!;
  g.fillStyle = css;
  g.fillRect(0, 0, w, h);
  return c;
}

const decode = decodePng;

const rgbAt = (img: ImageData, x: number, y: number) => [...img.data.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 3)];

describe('the after base', () => {
  it('shows at its px in the after half of the pair only; the before half is the photo; null removes it', async () => {
    const r = await ScalpRenderer.create({ width: 64, height: 48 });
    made.push(r);
    r.setBackground(solid(64, 48, '#c83c28'));
    r.setAfterBase(solid(16, 12, '#28b450'), 20, 10);
    const pair = await decode(await r.exportPng({ pair: true }));
    expect([pair.width, pair.height]).toEqual([128, 48]);
    // before: the photo everywhere, the base's place included
    expect(rgbAt(pair, 25, 15)).toEqual([200, 60, 40]);
    // after: the base inside its rectangle, the photo outside it
    expect(rgbAt(pair, 64 + 25, 15)).toEqual([40, 180, 80]);
    expect(rgbAt(pair, 64 + 19, 15)).toEqual([200, 60, 40]);
    expect(rgbAt(pair, 64 + 36, 15)).toEqual([200, 60, 40]);
    r.setAfterBase(null);
    const after = await decode(await r.exportPng());
    expect(rgbAt(after, 25, 15)).toEqual([200, 60, 40]);
  });

  it('rejects a position that is not finite', async () => {
    const r = await ScalpRenderer.create({ width: 8, height: 8 });
    made.push(r);
    expect(() => r.setAfterBase(null, Number.NaN, 0)).toThrow(/setAfterBase: x, y/);
  });
});
