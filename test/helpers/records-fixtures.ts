// Fixtures of the e2e tests on saved work and client records: a photo of noise, a records export holding one
// client, and a scan of every place in the page's storage for a client's photo and name.
import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { defaultPlanInput } from '../../src/index.js';

/** A JPEG of noise made by the page's own encoder (its bytes are found nowhere else by chance). */
export async function noiseJpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(320, 240);
    const g = c.getContext('2d')!;
    const img = g.createImageData(320, 240);
    let s = 12345;
    for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    g.putImageData(img, 0, 0);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    let t = '';
    for (const x of bytes) t += String.fromCharCode(x);
    return btoa(t);
  });
  return Buffer.from(b64, 'base64');
}

/** A records export (the format of examples/consult/records.ts) with one client, their project and photo; `at`: every date in it, `seed`: the plan's. */
export function recordsZip(name: string, photo: Buffer, { at = '2026-11-02T10:00:00.000Z', seed = 'privacy' } = {}): Buffer {
  const sha256 = createHash('sha256').update(photo).digest('hex');
  const consult = { client: name, concern: 'shaved', stage: null, start: '2027-01-04', timeZone: 'UTC', startTime: '10:00', closedWeekdays: [0, 6], closedDates: [], dotsPerHour: 4700, book: 'default' };
  const manifest = {
    app: 'smp-sim',
    kind: 'records',
    version: 1,
    exportedAt: at,
    clients: [{ id: 'client-1', name, nameKey: name.toLowerCase(), notes: '', createdAt: at, updatedAt: at }],
    projects: [
      {
        id: 'project-1',
        clientId: 'client-1',
        title: 'Design A',
        plan: defaultPlanInput(seed),
        alignment: { align: { pxPerMm: 2, originX: 160, originY: 60, rotation: 0, squash: 0.5 }, name: 'Design A', designs: [{ name: 'Design B', plan: defaultPlanInput('other') }], consult, head: null },
        photoId: 'photo-1',
        reports: [],
        createdAt: at,
        updatedAt: at,
      },
    ],
    blobs: [{ id: 'photo-1', clientId: 'client-1', kind: 'photo', type: 'image/jpeg', size: photo.length, sha256, createdAt: at }],
  };
  return Buffer.from(zipSync({ 'records.json': strToU8(JSON.stringify(manifest)), 'blobs/photo-1': [new Uint8Array(photo), { level: 0 }] }));
}

/**
 * Every place in the page's storage that holds `name` or a 48-byte run from the middle of `photo` (as bytes in
 * a Blob or buffer, or as base64 in a string): every record of every object store of every IndexedDB database,
 * and every localStorage item. Returns where, as "database/store/key".
 */
export async function leftovers(page: Page, name: string, photo: Buffer): Promise<string[]> {
  const at = Math.floor(photo.length / 6) * 3; // a multiple of 3: its base64 is a substring of the whole photo's
  const run = photo.subarray(at, at + 48);
  return page.evaluate(
    async ({ runB64, name }) => {
      const run = Uint8Array.from(atob(runB64), (c) => c.charCodeAt(0));
      const nameBytes = new TextEncoder().encode(name);
      const hasBytes = (hay: Uint8Array, needle: Uint8Array) => {
        outer: for (let i = 0; i + needle.length <= hay.length; i++) {
          for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
          return true;
        }
        return false;
      };
      const hasText = (s: string) => s.includes(name) || s.includes(runB64);
      const found: string[] = [];
      const walk = async (v: unknown, where: string, seen: Set<unknown>): Promise<void> => {
        if (typeof v === 'string') {
          if (hasText(v)) found.push(where);
        } else if (v instanceof Blob) {
          const b = new Uint8Array(await v.arrayBuffer());
          if (hasBytes(b, run) || hasBytes(b, nameBytes)) found.push(where);
        } else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
          const b = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
          if (hasBytes(b, run) || hasBytes(b, nameBytes)) found.push(where);
        } else if (v && typeof v === 'object' && !seen.has(v)) {
          seen.add(v);
          for (const [k, x] of v instanceof Map ? v.entries() : Object.entries(v)) {
            if (hasText(String(k))) found.push(`${where}.${String(k)} (key)`);
            await walk(x, `${where}.${String(k)}`, seen);
          }
        }
      };
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of [...db.objectStoreNames]) {
          const { keys, values } = await new Promise<{ keys: IDBValidKey[]; values: unknown[] }>((resolve, reject) => {
            const s = db.transaction(store).objectStore(store);
            const k = s.getAllKeys();
            const v = s.getAll();
            v.onsuccess = () => resolve({ keys: k.result, values: v.result });
            v.onerror = () => reject(v.error);
          });
          for (let i = 0; i < values.length; i++) await walk(values[i], `${info.name}/${store}/${String(keys[i])}`, new Set());
        }
        db.close();
      }
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i)!;
        if (hasText(k) || hasText(localStorage.getItem(k) ?? '')) found.push(`localStorage/${k}`);
      }
      return found;
    },
    { runB64: run.toString('base64'), name },
  );
}

