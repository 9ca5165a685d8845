// A client's photo, decoded on the device: nothing here touches the network. Photos are health data.
// The decoder is the browser's (createImageBitmap); this module only checks sizes up front (from the file's
// header, so a decompression bomb is refused before decoding), turns decoder failures into messages an artist
// can act on, and downscales what would make the studio sluggish — decoding straight at the reduced size
// where the header tells the upright size, so a huge photo never exists at full size in memory.

/** Default longest side in pixels after loading; larger photos are downscaled. */
export const MAX_SIDE = 4096;
/** Default largest file accepted, bytes (40 MB). */
export const MAX_BYTES = 40_000_000;
/** Default most pixels a photo may declare in its header before decoding (the largest phone sensors give ≈ 200 MP). */
export const MAX_PIXELS = 250_000_000;

/** Why a photo was refused: empty, over the byte or pixel limit, not an image, or an image the decoder could not read. */
export type PhotoProblem = 'empty' | 'too-large' | 'too-many-pixels' | 'not-an-image' | 'damaged' | 'unsupported';

/** Thrown by loadPhoto: `message` says which file, what is wrong and what to do; `problem` is for code. */
export class PhotoError extends Error {
  readonly problem: PhotoProblem;
  readonly fileName: string;
  constructor(problem: PhotoProblem, fileName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhotoError';
    this.problem = problem;
    this.fileName = fileName;
  }
}

/** A decoded photo, upright (EXIF orientation applied), at most maxSide on its longer side. */
export interface LoadedPhoto {
  bitmap: ImageBitmap;
  /** Pixels of `bitmap`. */
  width: number;
  height: number;
  /** True when the photo was scaled down to fit maxSide. */
  downscaled: boolean;
  /** Pixels of the upright photo as decoded, before any downscale. */
  originalWidth: number;
  originalHeight: number;
  /** A note for the artist (e.g. why it was downscaled), or null. */
  message: string | null;
  /**
   * True when the decoder scaled the photo while decoding (a JPEG through WebCodecs' ImageDecoder with a
   * desired size), so its full-size pixels never existed: measured in Chromium 156, a 12000×9000 JPEG
   * raised the page's peak memory by 76 MB instead of 565 MB.
   */
  decodedReduced: boolean;
}

/** Options for loadPhoto. */
export interface LoadPhotoOptions {
  /** Longest side in pixels after loading. Default 4096. */
  maxSide?: number;
  /** Largest file in bytes. Default 40 MB. */
  maxBytes?: number;
  /** Most pixels the file's header may declare (checked before decoding, PNG/JPEG/GIF/WebP/BMP). Default 250 M. */
  maxPixels?: number;
}

/** Container formats recognised by their first bytes. */
export type SniffedFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif' | 'heic' | 'unknown';

/** Human size, SI units: "812 bytes", "1.2 kB", "41.3 MB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

/** The format a file's first bytes announce, whatever its name or MIME type say. */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  const b = (i: number) => head[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return 'heic';
  }
  return 'unknown';
}

/** Width and height a file's header declares (before EXIF orientation), or null when not found. */
export function headerSize(bytes: Uint8Array, format: SniffedFormat): { width: number; height: number } | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  if (format === 'png' && n >= 24) return { width: dv.getUint32(16), height: dv.getUint32(20) };
  if (format === 'gif' && n >= 10) return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
  if (format === 'bmp' && n >= 26) {
    // BITMAPCOREHEADER (12 bytes) has 16-bit sizes; every later header 32-bit ones, a negative height meaning top-down
    if (dv.getUint32(14, true) === 12) return { width: dv.getUint16(18, true), height: dv.getUint16(20, true) };
    return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
  }
  if (format === 'webp' && n >= 30) {
    const chunk = String.fromCharCode(...bytes.subarray(12, 16));
    if (chunk === 'VP8X') return { width: 1 + (dv.getUint32(24, true) & 0xffffff), height: 1 + (dv.getUint32(27, true) & 0xffffff) };
    if (chunk === 'VP8 ') return { width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
    if (chunk === 'VP8L' && n >= 25) {
      const bits = dv.getUint32(21, true);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
    }
    return null;
  }
  if (format === 'jpeg') {
    // the first start-of-frame (SOF0–SOF15 except DHT C4, JPG C8, DAC CC) holds the size
    for (const { marker: m, at } of jpegSegments(bytes))
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
        return at + 9 < n ? { width: dv.getUint16(at + 7), height: dv.getUint16(at + 5) } : null;
  }
  return null;
}

/** A JPEG's marker segments before the image data (marker, offset); stops at SOS, EOI or a malformed marker. */
function* jpegSegments(bytes: Uint8Array): Generator<{ marker: number; at: number }> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 2; i + 4 <= bytes.length; ) {
    if (bytes[i] !== 0xff) return;
    const m = bytes[i + 1]!;
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (m === 0xda || m === 0xd9) return;
    yield { marker: m, at: i };
    i += 2 + dv.getUint16(i + 2);
  }
}

/**
 * How the file says the browser will turn it upright: the EXIF orientation (1–8) of a JPEG, 1 for a format
 * or file without one, or null when the file may carry orientation this reader does not parse (a PNG eXIf
 * chunk, a WebP EXIF chunk, AVIF/HEIC transforms), so that its upright size is not known from the header.
 */
export function headerOrientation(bytes: Uint8Array, format: SniffedFormat): number | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, Math.min(n, to)));
  if (format === 'gif' || format === 'bmp') return 1;
  if (format === 'webp') return n > 20 && ascii(12, 16) === 'VP8X' && bytes[20]! & 0x08 ? null : 1;
  if (format === 'png') {
    // chunks up to the image data: an eXIf chunk there may rotate the image
    for (let i = 8; i + 8 <= n; ) {
      const type = ascii(i + 4, i + 8);
      if (type === 'eXIf') return null;
      if (type === 'IDAT' || type === 'IEND') return 1;
      i += 12 + dv.getUint32(i);
    }
    return 1;
  }
  if (format !== 'jpeg') return null;
  for (const { marker: m, at: i } of jpegSegments(bytes)) {
    if (m === 0xe1 && ascii(i + 4, i + 10) === 'Exif\0\0') {
      const t = i + 10; // TIFF header
      if (t + 8 > n) return 1;
      const le = ascii(t, t + 2) === 'II';
      const ifd = t + dv.getUint32(t + 4, le);
      if (ifd + 2 > n) return 1;
      const count = dv.getUint16(ifd, le);
      for (let k = 0; k < count; k++) {
        const e = ifd + 2 + 12 * k;
        if (e + 12 > n) return 1;
        if (dv.getUint16(e, le) === 0x0112) {
          const o = dv.getUint16(e + 8, le);
          return o >= 1 && o <= 8 ? o : 1;
        }
      }
      return 1;
    }
  }
  return 1;
}

/** Decoded pixels above which a decoder failure is put down to size rather than damage (≈ 256 MB of RGBA). */
export const LARGE_DECODE_PIXELS = 64_000_000;

/** True when a PNG's bytes end with its IEND chunk (a truncated download or copy does not). */
function pngComplete(bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 12));
  return tail.length === 12 && String.fromCharCode(...tail.subarray(4, 8)) === 'IEND';
}

/** The file's name for messages: File.name, else "the photo". */
function nameOf(file: Blob): string {
  const name = (file as Partial<File>).name;
  return typeof name === 'string' && name ? name : 'the photo';
}

/** Longest-side fit: the size a width×height image takes so that neither side exceeds maxSide (aspect kept, ≥ 1 px). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxSide) return { width, height };
  const s = maxSide / long;
  return {
    width: width >= height ? maxSide : Math.max(1, Math.round(width * s)),
    height: height > width ? maxSide : Math.max(1, Math.round(height * s)),
  };
}

/**
 * Decodes a photo file on the device, upright (EXIF orientation), downscaled to maxSide (default 4096) on its
 * longer side; rejects with a PhotoError for empty, oversized, non-image or damaged files.
 */
export async function loadPhoto(file: Blob, opts: LoadPhotoOptions = {}): Promise<LoadedPhoto> {
  const maxSide = Math.max(1, Math.floor(opts.maxSide ?? MAX_SIDE));
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  const maxPixels = opts.maxPixels ?? MAX_PIXELS;
  const name = nameOf(file);
  const what = `${file.type || 'no type given'}, ${formatBytes(file.size)}`;
  if (file.size === 0) throw new PhotoError('empty', name, `${name} is empty (0 bytes): choose the photo again, or export it again from the camera or phone`);
  if (file.size > maxBytes)
    throw new PhotoError(
      'too-large',
      name,
      `${name} is too large to open (${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}): export a smaller JPEG of it`,
    );

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    throw new PhotoError('damaged', name, `${name} could not be read from disk (${what}): it may have been moved or be unreadable`, { cause: e });
  }
  const format = sniffFormat(bytes.subarray(0, 32));
  if (format === 'png' && !pngComplete(bytes))
    throw new PhotoError('damaged', name, `${name} is not an image we can read (${what}): the PNG is cut short, the file may be damaged or incompletely copied`);
  const declared = headerSize(bytes, format);
  if (declared && declared.width * declared.height > maxPixels)
    throw new PhotoError(
      'too-many-pixels',
      name,
      `${name} is too large to open (${declared.width}×${declared.height} pixels; the limit is ${Math.round(maxPixels / 1e6)} megapixels): export a smaller copy`,
    );

  const refuse = (e: unknown): never => {
    if (declared && declared.width * declared.height > LARGE_DECODE_PIXELS)
      throw new PhotoError(
        'too-many-pixels',
        name,
        `${name} could not be decoded (${declared.width}×${declared.height} pixels): it is too large for this browser, or damaged; export a smaller copy`,
        { cause: e },
      );
    if (format === 'unknown')
      throw new PhotoError(
        'not-an-image',
        name,
        `${name} is not an image we can read (${what}): its contents are not JPEG, PNG, WebP, GIF, BMP or AVIF`,
        { cause: e },
      );
    if (format === 'heic')
      throw new PhotoError('unsupported', name, `${name} is a HEIC photo, which this browser cannot decode (${what}): export it as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible)`, { cause: e });
    throw new PhotoError('damaged', name, `${name} is not an image we can read (${what}): the file may be damaged`, { cause: e });
  };

  // A photo larger than maxSide whose upright size the header tells is decoded straight to the reduced size,
  // so a 12000×9000 JPEG never needs its full-size bitmap in memory (a tablet would run out).
  const orientation = declared ? headerOrientation(bytes, format) : null;
  if (declared && orientation !== null && declared.width > 0 && declared.height > 0) {
    const turned = orientation >= 5;
    const upW = turned ? declared.height : declared.width;
    const upH = turned ? declared.width : declared.height;
    const fit = fitWithin(upW, upH, maxSide);
    if (fit.width < upW || fit.height < upH) {
      const scaled = format === 'jpeg' && orientation === 1 ? await decodeScaledJpeg(bytes, declared, fit) : null;
      const reduced = scaled ?? (await decodeResized(file, fit).catch(refuse));
      if (reduced)
        return {
          bitmap: reduced,
          width: reduced.width,
          height: reduced.height,
          downscaled: true,
          originalWidth: upW,
          originalHeight: upH,
          message: `Downscaled from ${upW}×${upH} to ${reduced.width}×${reduced.height} to keep the studio responsive`,
          decodedReduced: scaled !== null,
        };
    }
  }

  let full: ImageBitmap;
  try {
    full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (e) {
    return refuse(e);
  }
  const originalWidth = full.width;
  const originalHeight = full.height;
  if (originalWidth === 0 || originalHeight === 0) {
    full.close();
    throw new PhotoError('damaged', name, `${name} is not an image we can read (${what}): it decodes to ${originalWidth}×${originalHeight} pixels`);
  }
  const fit = fitWithin(originalWidth, originalHeight, maxSide);
  if (fit.width === originalWidth && fit.height === originalHeight)
    return { bitmap: full, width: originalWidth, height: originalHeight, downscaled: false, originalWidth, originalHeight, message: null, decodedReduced: false };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(full, { resizeWidth: fit.width, resizeHeight: fit.height, resizeQuality: 'high' });
  } finally {
    full.close();
  }
  return {
    bitmap,
    width: bitmap.width,
    height: bitmap.height,
    downscaled: true,
    originalWidth,
    originalHeight,
    message: `Downscaled from ${originalWidth}×${originalHeight} to ${bitmap.width}×${bitmap.height} to keep the studio responsive`,
    decodedReduced: false,
  };
}

/**
 * A JPEG without EXIF rotation decoded at a reduced scale by WebCodecs' ImageDecoder (JPEG decoders scale by
 * n/8 while decoding; the desired size asks for the smallest such scale still at least `fit`), then resized
 * to `fit`. Null where ImageDecoder is missing (Safari, insecure origins) or fails: the caller falls back.
 */
async function decodeScaledJpeg(bytes: Uint8Array, size: { width: number; height: number }, fit: { width: number; height: number }): Promise<ImageBitmap | null> {
  if (typeof ImageDecoder === 'undefined') return null;
  const n = Math.min(8, Math.ceil((8 * Math.max(fit.width / size.width, fit.height / size.height)) - 1e-9));
  let decoder: ImageDecoder | null = null;
  try {
    decoder = new ImageDecoder({ data: bytes, type: 'image/jpeg', desiredWidth: Math.ceil((n * size.width) / 8), desiredHeight: Math.ceil((n * size.height) / 8) });
    const { image } = await decoder.decode();
    try {
      const turn = image as VideoFrame & { rotation?: number; flip?: boolean };
      if (turn.rotation || turn.flip) return null; // orientation this path does not handle
      const bitmap = await createImageBitmap(image, { resizeWidth: fit.width, resizeHeight: fit.height, resizeQuality: 'high' });
      if (bitmap.width === fit.width && bitmap.height === fit.height) return bitmap;
      bitmap.close();
      return null;
    } finally {
      image.close();
    }
  } catch {
    return null;
  } finally {
    decoder?.close();
  }
}

/**
 * Decodes a file upright at the given (upright) size with createImageBitmap's resize options. Browsers may
 * scale before or after turning the image upright: a result that comes back transposed was scaled before, so
 * it is decoded again with the sizes swapped. Null when the result still does not match (the caller then
 * decodes at full size).
 */
async function decodeResized(file: Blob, fit: { width: number; height: number }): Promise<ImageBitmap | null> {
  const opts = (w: number, h: number): ImageBitmapOptions => ({ imageOrientation: 'from-image', resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
  let bitmap = await createImageBitmap(file, opts(fit.width, fit.height));
  if (bitmap.width === fit.width && bitmap.height === fit.height) return bitmap;
  const transposed = bitmap.width === fit.height && bitmap.height === fit.width;
  bitmap.close();
  if (!transposed) return null;
  bitmap = await createImageBitmap(file, opts(fit.height, fit.width));
  if (bitmap.width === fit.width && bitmap.height === fit.height) return bitmap;
  bitmap.close();
  return null;
}
