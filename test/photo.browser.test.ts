import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { fitWithin, headerOrientation, headerSize, LARGE_DECODE_PIXELS, loadPhoto, PhotoError, sniffFormat } from '../examples/photo.js';

/** An image of the given size as a PNG or JPEG file, drawn with a gradient so decoders have real work. */
async function makeImage(width: number, height: number, type = 'image/png', name = 'photo.png'): Promise<File> {
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d')!;
  const grad = g.createLinearGradient(0, 0, width, height);
  grad.addColorStop(0, '#c89f80');
  grad.addColorStop(1, '#3a2a20');
  g.fillStyle = grad;
  g.fillRect(0, 0, width, height);
  const blob = await c.convertToBlob({ type, quality: 0.9 });
  return new File([blob], name, { type });
}

async function refusal(p: Promise<unknown>): Promise<PhotoError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PhotoError) return e;
    throw e;
  }
  throw new Error('expected a PhotoError');
}

/** A JPEG with an EXIF APP1 segment carrying the given orientation (1–8), inserted right after SOI. */
async function jpegWithOrientation(width: number, height: number, orientation: number): Promise<File> {
  const plain = new Uint8Array(await (await makeImage(width, height, 'image/jpeg', 'x.jpg')).arrayBuffer());
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [...'Exif'].map((ch) => ch.charCodeAt(0)).concat([0, 0], tiff);
  const len = payload.length + 2;
  const app1 = new Uint8Array([0xff, 0xe1, len >> 8, len & 0xff, ...payload]);
  const out = new Uint8Array(plain.length + app1.length);
  out.set(plain.subarray(0, 2), 0);
  out.set(app1, 2);
  out.set(plain.subarray(2), 2 + app1.length);
  return new File([out], 'rotated.jpg', { type: 'image/jpeg' });
}

/** A BMP file: 24-bit BI_RGB pixels from `rgb(x, y)`, or (rle) an 8-bit RLE file whose data is only "end of bitmap". */
function bmp(width: number, height: number, opts: { rle?: boolean; topDown?: boolean; rgb?: (x: number, y: number) => [number, number, number] } = {}): File {
  const palette = opts.rle ? 8 : 0;
  const row = Math.ceil((width * 3) / 4) * 4;
  const data = opts.rle ? new Uint8Array([0, 1]) : new Uint8Array(row * height);
  if (!opts.rle)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const [r, g, b] = opts.rgb ? opts.rgb(x, y) : [200, 150, 120];
        const at = (opts.topDown ? y : height - 1 - y) * row + 3 * x;
        data.set([b, g, r], at);
      }
  const offset = 14 + 40 + palette;
  const out = new Uint8Array(offset + data.length);
  const dv = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  dv.setUint32(2, out.length, true);
  dv.setUint32(10, offset, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, width, true);
  dv.setInt32(22, opts.topDown ? -height : height, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, opts.rle ? 8 : 24, true);
  dv.setUint32(30, opts.rle ? 1 : 0, true);
  dv.setUint32(34, data.length, true);
  if (opts.rle) {
    dv.setUint32(46, 2, true); // two palette colours
    out.set([0, 0, 0, 0, 255, 255, 255, 0], 54);
  }
  out.set(data, offset);
  return new File([out], opts.rle ? 'bomb.bmp' : 'small.bmp', { type: 'image/bmp' });
}

/** Mean luminance of a w×h block of a bitmap at (x, y). */
function luminance(bitmap: ImageBitmap, x: number, y: number, w: number, h: number): number {
  const c = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = c.getContext('2d')!;
  g.drawImage(bitmap, 0, 0);
  const d = g.getImageData(x, y, w, h).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
  return sum / (w * h);
}

describe('loadPhoto', () => {
  it('a normal photo passes through unchanged and without a message', async () => {
    const p = await loadPhoto(await makeImage(640, 480));
    expect([p.width, p.height, p.bitmap.width, p.bitmap.height]).toEqual([640, 480, 640, 480]);
    expect([p.originalWidth, p.originalHeight]).toEqual([640, 480]);
    expect(p.downscaled).toBe(false);
    expect(p.message).toBeNull();
  });

  it('a photo exactly maxSide long is not downscaled', async () => {
    const p = await loadPhoto(await makeImage(256, 100), { maxSide: 256 });
    expect(p.downscaled).toBe(false);
    expect(p.width).toBe(256);
  });

  it('a 5000×300 photo is downscaled to 4096 wide with its aspect kept and a message saying so', async () => {
    const p = await loadPhoto(await makeImage(5000, 300));
    expect(p.downscaled).toBe(true);
    expect([p.width, p.height]).toEqual([4096, 246]);
    expect([p.bitmap.width, p.bitmap.height]).toEqual([4096, 246]);
    expect([p.originalWidth, p.originalHeight]).toEqual([5000, 300]);
    expect(p.message).toBe('Downscaled from 5000×300 to 4096×246 to keep the studio responsive');
    // a PNG cannot be scaled while decoding
    expect(p.decodedReduced).toBe(false);
  });

  it('a large JPEG is scaled while decoding (its full-size pixels never exist) and comes out at exactly the fitted size', async () => {
    const c = new OffscreenCanvas(3000, 2000);
    const g = c.getContext('2d')!;
    g.fillStyle = '#201510';
    g.fillRect(0, 0, 3000, 2000);
    g.fillStyle = '#f0e0d0';
    g.fillRect(1500, 0, 1500, 2000);
    const f = new File([await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], 'big.jpg', { type: 'image/jpeg' });
    const p = await loadPhoto(f, { maxSide: 1000 });
    expect(p.decodedReduced).toBe(true);
    expect([p.width, p.height, p.bitmap.width, p.bitmap.height, p.originalWidth, p.originalHeight]).toEqual([1000, 667, 1000, 667, 3000, 2000]);
    expect(p.message).toBe('Downscaled from 3000×2000 to 1000×667 to keep the studio responsive');
    // the picture itself, not only its size: dark on the left, light on the right
    expect(luminance(p.bitmap, 100, 300, 300, 60)).toBeLessThan(60);
    expect(luminance(p.bitmap, 600, 300, 300, 60)).toBeGreaterThan(200);
  });

  it('a photo within maxSide is decoded as it is, not through the reduced path', async () => {
    expect((await loadPhoto(await makeImage(640, 480))).decodedReduced).toBe(false);
  });

  it('a large JPEG turned by EXIF (orientation 6) is downscaled upright, undistorted and the right way round', async () => {
    // left half dark, right half light; orientation 6 turns it 90° clockwise: the dark half ends on top
    const c = new OffscreenCanvas(400, 200);
    const g = c.getContext('2d')!;
    g.fillStyle = '#201510';
    g.fillRect(0, 0, 200, 200);
    g.fillStyle = '#f0e0d0';
    g.fillRect(200, 0, 200, 200);
    const plain = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
    const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
    const payload = [...'Exif'].map((ch) => ch.charCodeAt(0)).concat([0, 0], tiff);
    const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
    const bytes = new Uint8Array([...plain.subarray(0, 2), ...app1, ...plain.subarray(2)]);
    expect(headerOrientation(bytes, 'jpeg')).toBe(6);
    expect(headerOrientation(plain, 'jpeg')).toBe(1);
    const p = await loadPhoto(new File([bytes], 'turned.jpg', { type: 'image/jpeg' }), { maxSide: 100 });
    expect([p.width, p.height, p.originalWidth, p.originalHeight]).toEqual([50, 100, 200, 400]);
    // a turned JPEG takes createImageBitmap's resize path (ImageDecoder's rotation handling differs between browsers)
    expect(p.decodedReduced).toBe(false);
    expect(luminance(p.bitmap, 5, 5, 40, 35)).toBeLessThan(80);
    expect(luminance(p.bitmap, 5, 60, 40, 35)).toBeGreaterThan(180);
  });

  it('a small BMP loads with the size its header declares, bottom-up or top-down', async () => {
    for (const topDown of [false, true]) {
      const f = bmp(7, 5, { topDown, rgb: (x, y) => (y === 0 ? [0, 0, 0] : [250, 250, 250]) });
      const bytes = new Uint8Array(await f.arrayBuffer());
      expect(sniffFormat(bytes)).toBe('bmp');
      expect(headerSize(bytes, 'bmp')).toEqual({ width: 7, height: 5 });
      const p = await loadPhoto(f);
      expect([p.width, p.height]).toEqual([7, 5]);
      // the first row is the dark one either way
      expect(luminance(p.bitmap, 0, 0, 7, 1)).toBeLessThan(20);
      expect(luminance(p.bitmap, 0, 4, 7, 1)).toBeGreaterThan(230);
    }
  });

  it('a decompression-bomb BMP (62 bytes declaring 30000×30000 pixels) is refused as too large, not as damaged', async () => {
    const f = bmp(30000, 30000, { rle: true });
    expect(f.size).toBe(64);
    const e = await refusal(loadPhoto(f));
    expect(e.problem).toBe('too-many-pixels');
    expect(e.message).toBe('bomb.bmp is too large to open (30000×30000 pixels; the limit is 250 megapixels): export a smaller copy');
  });

  it('a file that fails to decode while declaring a huge size is put down to its size, not only to damage', async () => {
    // a complete PNG (IHDR … IEND) declaring 9000×9000 whose image data is garbage
    const chunk = (type: string, data: number[]) => {
      const len = [data.length >>> 24, (data.length >>> 16) & 255, (data.length >>> 8) & 255, data.length & 255];
      return [...len, ...[...type].map((ch) => ch.charCodeAt(0)), ...data, 0, 0, 0, 0];
    };
    const be = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', [...be(9000), ...be(9000), 8, 2, 0, 0, 0]), ...chunk('IDAT', [1, 2, 3, 4, 5]), ...chunk('IEND', [])]);
    expect(9000 * 9000).toBeGreaterThan(LARGE_DECODE_PIXELS);
    const e = await refusal(loadPhoto(new File([png], 'huge.png', { type: 'image/png' })));
    expect(e.problem).toBe('too-many-pixels');
    expect(e.message).toBe('huge.png could not be decoded (9000×9000 pixels): it is too large for this browser, or damaged; export a smaller copy');
  });

  it('a tall photo is downscaled on its height, and JPEG decodes like PNG', async () => {
    const p = await loadPhoto(await makeImage(600, 2000, 'image/jpeg', 'tall.jpg'), { maxSide: 1000 });
    expect([p.width, p.height]).toEqual([300, 1000]);
    expect(p.message).toContain('600×2000 to 300×1000');
  });

  it('EXIF orientation 6 (rotate 90°) turns a 400×200 JPEG upright as 200×400', async () => {
    const upright = await loadPhoto(await jpegWithOrientation(400, 200, 1));
    expect([upright.width, upright.height]).toEqual([400, 200]);
    const turned = await loadPhoto(await jpegWithOrientation(400, 200, 6));
    expect([turned.width, turned.height]).toEqual([200, 400]);
    expect([turned.originalWidth, turned.originalHeight]).toEqual([200, 400]);
  });

  it('an empty file is refused as empty, naming the file', async () => {
    const e = await refusal(loadPhoto(new File([], 'blank.jpg', { type: 'image/jpeg' })));
    expect(e.name).toBe('PhotoError');
    expect(e.problem).toBe('empty');
    expect(e.message).toMatch(/^blank\.jpg is empty \(0 bytes\)/);
  });

  it('random bytes are refused as not an image, with type and size in the message', async () => {
    const bytes = new Uint8Array(1200);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    const e = await refusal(loadPhoto(new File([bytes], 'photo.jpg', { type: 'image/jpeg' })));
    expect(e.problem).toBe('not-an-image');
    expect(e.message).toMatch(/^photo\.jpg is not an image we can read \(image\/jpeg, 1\.2 kB\): /);
  });

  it('a text file is refused as not an image, and a nameless Blob is called "the photo"', async () => {
    const e = await refusal(loadPhoto(new Blob(['hello, not a photo'], { type: 'text/plain' })));
    expect(e.problem).toBe('not-an-image');
    expect(e.message).toMatch(/^the photo is not an image we can read \(text\/plain, 18 bytes\)/);
  });

  it('a truncated PNG is refused as damaged', async () => {
    const whole = new Uint8Array(await (await makeImage(300, 200)).arrayBuffer());
    const cut = new File([whole.subarray(0, Math.floor(whole.length / 2))], 'cut.png', { type: 'image/png' });
    const e = await refusal(loadPhoto(cut));
    expect(e.problem).toBe('damaged');
    expect(e.message).toMatch(/^cut\.png is not an image we can read \(image\/png, .*\): .*damaged/);
  });

  it('a JPEG cut short in its image data is refused as damaged', async () => {
    const whole = new Uint8Array(await (await makeImage(300, 200, 'image/jpeg', 'j.jpg')).arrayBuffer());
    const cut = new File([whole.subarray(0, Math.floor(whole.length * 0.6))], 'cut.jpg', { type: 'image/jpeg' });
    const e = await refusal(loadPhoto(cut));
    expect(e.problem).toBe('damaged');
    expect(e.message).toMatch(/^cut\.jpg is not an image we can read \(image\/jpeg, .* kB\): the file may be damaged$/);
  });

  it('a JPEG whose image data is garbled is refused as damaged', async () => {
    const whole = new Uint8Array(await (await makeImage(300, 200, 'image/jpeg', 'g.jpg')).arrayBuffer());
    const header = whole.subarray(0, 40); // SOI and part of the first segment only
    const e = await refusal(loadPhoto(new File([header], 'garbled.jpg', { type: 'image/jpeg' })));
    expect(e.problem).toBe('damaged');
    expect(e.message).toContain('the file may be damaged');
  });

  it('a file over maxBytes is refused before decoding, naming both sizes', async () => {
    const f = await makeImage(200, 200);
    const e = await refusal(loadPhoto(f, { maxBytes: 100 }));
    expect(e.problem).toBe('too-large');
    expect(e.message).toContain('the limit is 100 bytes');
  });

  it('a header declaring more pixels than maxPixels is refused before decoding', async () => {
    const e = await refusal(loadPhoto(await makeImage(300, 200), { maxPixels: 50_000 }));
    expect(e.problem).toBe('too-many-pixels');
    expect(e.message).toContain('300×200 pixels');
  });

  it('headerSize reads the declared size of PNG and JPEG like the decoder does', async () => {
    for (const [type, w, h] of [['image/png', 123, 45], ['image/jpeg', 321, 54], ['image/webp', 77, 66]] as const) {
      const bytes = new Uint8Array(await (await makeImage(w, h, type, 'x')).arrayBuffer());
      const fmt = sniffFormat(bytes);
      expect(fmt).toBe(type.slice(6));
      expect(headerSize(bytes, fmt)).toEqual({ width: w, height: h });
    }
  });

  it('fitWithin never exceeds maxSide and keeps the aspect within a pixel', () => {
    for (const [w, h] of [[8000, 6000], [5000, 300], [1, 9000], [4097, 4097], [100, 50]] as const) {
      const f = fitWithin(w, h, 4096);
      expect(Math.max(f.width, f.height)).toBeLessThanOrEqual(4096);
      expect(Math.min(f.width, f.height)).toBeGreaterThanOrEqual(1);
      if (Math.max(w, h) > 4096) expect(Math.abs(f.width / f.height - w / h) * Math.min(f.width, f.height)).toBeLessThan(1.01 * Math.max(1, w / h, h / w));
    }
    expect(fitWithin(8000, 6000, 4096)).toEqual({ width: 4096, height: 3072 });
  });

  it('real client-like photos from shared/photos decode upright within maxSide', async ({ skip }) => {
    const names = ['04_front_nw6_vint_cerf.jpg', '01_front_nw7_eisenhower_pd.jpg'];
    for (const n of names) {
      let base64: string;
      try {
        base64 = await commands.readFile(`../shared/photos/${n}`, 'base64');
      } catch {
        skip('shared/photos is not readable here (photos are never part of the repo)');
        return;
      }
      const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      const p = await loadPhoto(new File([bytes], n, { type: 'image/jpeg' }), { maxSide: 1024 });
      expect(Math.max(p.width, p.height)).toBeLessThanOrEqual(1024);
      expect(p.width).toBeGreaterThan(0);
      if (p.downscaled) expect(p.message).toMatch(/^Downscaled from \d+×\d+ to \d+×\d+/);
      p.bitmap.close();
    }
  });
});
