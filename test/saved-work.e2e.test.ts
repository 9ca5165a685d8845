// Saved work on the device, tried as a careful client and as a crashing browser would: a deleted client leaves
// no copy anywhere in the browser's storage, and a crash keeps the last edit.
import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlanInput } from '../src/index.js';
import { startStudio } from './helpers/studio.js';

let browser: Browser;
let base = '';
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ base, browser, close: stop } = await startStudio());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function ready(page: Page): Promise<void> {
  page.setDefaultTimeout(120_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
}

/** A JPEG of noise made by the page's own encoder (its bytes are found nowhere else by chance). */
async function noiseJpeg(page: Page): Promise<Buffer> {
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

/** A records export (the format of examples/consult/records.ts) with one client, their project and photo. */
function recordsZip(name: string, photo: Buffer): Buffer {
  const at = '2026-11-02T10:00:00.000Z';
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
        plan: defaultPlanInput('privacy'),
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
async function leftovers(page: Page, name: string, photo: Buffer): Promise<string[]> {
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

describe('a deleted client is gone from the device', () => {
  it('import records, open the client, delete them: no database or localStorage item holds their photo or name, and a reload shows the sample', async () => {
    const name = 'Quirina Vasquez-Test';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await ready(page);
    const photo = await noiseJpeg(page);
    await page.click('#tab-consult');
    await page.setInputFiles('#records-import', { name: 'records.zip', mimeType: 'application/zip', buffer: recordsZip(name, photo) });
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 60_000 }).toMatch(/Imported 1 clients/);
    await page.click(`button[aria-label="Open ${name}"]`);
    await page.waitForSelector(`body[data-photo="${name}.jpg"]`);
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 60_000 }).toMatch(/Opened/);
    // an edit, so that the autosave and the undo history hold the client's project
    await page.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density.target = 66)));
    await page.evaluate(() => (window as any).smpStudio.flush());
    const before = await leftovers(page, name, photo);
    // the scan finds them where they are: the records, the autosave and the kept photo
    expect(before.some((w) => w.startsWith('smp-sim-records/'))).toBe(true);
    expect(before.some((w) => w.startsWith('smp-sim/studio/photo'))).toBe(true);
    expect(before.some((w) => w.startsWith('smp-sim/studio/project'))).toBe(true);

    await page.click(`button[aria-label="Delete ${name} and their photos"]`);
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 60_000 }).toMatch(/deleted from this device/);
    expect(await leftovers(page, name, photo)).toEqual([]);
    // the studio no longer shows them, and has nothing to undo back to them
    expect(await page.evaluate(() => (window as any).smpStudio.doc.consult?.client ?? '')).not.toBe(name);
    expect(await page.getAttribute('body', 'data-photo')).toBeNull();
    await page.evaluate(() => (window as any).smpStudio.undo());
    expect(await page.evaluate(() => JSON.stringify((window as any).smpStudio.doc))).not.toContain(name);
    expect(await page.evaluate(() => (window as any).smpStudio.plan.density.target)).not.toBe(66);

    await page.reload();
    await page.waitForSelector('body[data-outlook="ready"]');
    expect(await page.getAttribute('body', 'data-photo')).toBeNull();
    expect(await page.evaluate(() => JSON.stringify((window as any).smpStudio.doc))).not.toContain(name);
    expect(await leftovers(page, name, photo)).toEqual([]);
    await context.close();
  });
});

describe('a crash keeps the last edit', () => {
  /** The density target in the autosaved project, read straight from IndexedDB (null when none is saved). */
  const savedTarget = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number | null>((resolve, reject) => {
          const r = indexedDB.open('smp-sim');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const g = r.result.transaction('studio').objectStore('studio').get('project');
            g.onerror = () => reject(g.error);
            g.onsuccess = () => {
              r.result.close();
              resolve(g.result ? (JSON.parse(g.result.text).plan.density.target as number) : null);
            };
          };
        }),
    );

  it('ten edits 60 ms apart, then the tab’s renderer crashes a frame after the last one: the reload shows the last edit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // the page's timers run on a clock the test moves: "a frame after" is 16 ms of it, however slow this machine is
    await page.clock.install();
    await page.clock.resume();
    await ready(page);
    await page.evaluate(() => (window as any).smpStudio.flush());
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    for (let i = 0; i < 10; i++) {
      if (i) await page.clock.runFor(60);
      await page.evaluate((t) => (window as any).smpStudio.edit((p: any) => (p.density.target = t)), 50 + i);
    }
    await page.clock.runFor(16);
    // the write itself is IndexedDB's (no timer): the last edit reaches it with the clock standing still
    await expect.poll(() => savedTarget(page), { timeout: 60_000 }).toBe(59);
    // no pagehide, no visibilitychange, no unload: the renderer is gone (as after an out-of-memory kill)
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    const again = await context.newPage();
    await ready(again);
    expect(await again.evaluate(() => (window as any).smpStudio.plan.density.target)).toBe(59);
    await context.close();
  });
});
