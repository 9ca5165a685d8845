// Reading a records zip within limits: the central directory is read first (names, methods and declared sizes,
// nothing inflated), so an entry declaring more than its limit is refused before any work; an entry is then
// inflated as a stream (fflate's Inflate, 4 KB of input at a time) and stopped as soon as it produces more than
// it declared. A zip bomb costs at most its limit in memory and the time to inflate that much.
// One reading of the zip (its central directory) decides everything: the local headers are only used to find
// where each entry's data starts.
import { Inflate } from 'fflate';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated (the only methods read). */
  method: number;
  /** Bytes in the zip, and bytes once inflated, as the directory declares them. */
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** The zip cannot be read within the limits; the message says why (for "… was not imported: <why>"). */
export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** The central directory of a zip (at most `maxEntries` entries, no duplicate names); throws ZipLimitError. */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const damaged = (why: string): never => {
    throw new ZipLimitError(`it is damaged (the zip cannot be read: ${why})`);
  };
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) damaged('no end of central directory');
  const count = u16(bytes, end + 10);
  const dirSize = u32(bytes, end + 12);
  const dirOffset = u32(bytes, end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipLimitError('it is a ZIP64 archive, larger than a records export may be');
  if (count > maxEntries) throw new ZipLimitError(`it has ${count} entries (a records export has at most ${maxEntries})`);
  if (dirOffset + dirSize > end) damaged('the central directory is out of bounds');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || u32(bytes, at) !== 0x02014b50) damaged(`entry ${n} of the central directory is not where it should be`);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLen = u16(bytes, at + 28);
    const extraLen = u16(bytes, at + 30);
    const commentLen = u16(bytes, at + 32);
    const offset = u32(bytes, at + 42);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    if (flags & 1) throw new ZipLimitError(`its entry ${JSON.stringify(name)} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipLimitError(`its entry ${JSON.stringify(name)} uses compression method ${method} (a records export uses 0 or 8)`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipLimitError('it is a ZIP64 archive, larger than a records export may be');
    if (names.has(name)) throw new ZipLimitError(`it has two entries named ${JSON.stringify(name)}`);
    names.add(name);
    entries.push({ name, method, compressedSize, size, offset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * An entry's bytes: at most its declared size, which the caller has checked against its limit. Inflation is
 * streamed and stops as soon as the output passes the declared size; throws ZipLimitError.
 */
export function readZipEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const at = e.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) throw new ZipLimitError(`it is damaged (the entry ${JSON.stringify(e.name)} is not where the directory says)`);
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  if (start + e.compressedSize > bytes.length) throw new ZipLimitError(`it is damaged (the entry ${JSON.stringify(e.name)} is cut short)`);
  const input = bytes.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw new ZipLimitError(`it is damaged (the stored entry ${JSON.stringify(e.name)} declares two sizes)`);
    return input.slice();
  }
  const out = new Uint8Array(e.size);
  let written = 0;
  let done = false;
  const tooBig = () => new ZipLimitError(`its entry ${JSON.stringify(e.name)} inflates to more than the ${e.size} bytes it declares (a damaged or crafted file)`);
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.length > out.length) throw tooBig();
    out.set(chunk, written);
    written += chunk.length;
    done ||= final;
  });
  const STEP = 4_096; // deflate expands at most ~1032×: one step adds at most ~4 MB beyond the limit before it is seen
  try {
    for (let i = 0; i < input.length; i += STEP) inflate.push(input.subarray(i, Math.min(i + STEP, input.length)), i + STEP >= input.length);
    if (input.length === 0) inflate.push(input, true);
  } catch (err) {
    if (err instanceof ZipLimitError) throw err;
    throw new ZipLimitError(`it is damaged (the entry ${JSON.stringify(e.name)} cannot be inflated)`);
  }
  if (!done || written !== e.size) throw new ZipLimitError(`it is damaged (the entry ${JSON.stringify(e.name)} inflates to ${written} bytes, not the ${e.size} it declares)`);
  return out;
}
