// Saved work on the device, tried as a careful client and as a crashing browser would: a deleted client leaves
// no copy anywhere in the browser's storage, and a crash keeps the last edit.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftovers, noiseJpeg, recordsZip } from './helpers/records-fixtures.js';
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
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 60_000 }).toMatch(/Imported 1 client/);
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
    // time runs again for the reopened tab (its start-up waits on idle and timers, as a real one does)
    await page.close().catch(() => {});
    const again = await context.newPage();
    await again.clock.resume();
    await ready(again);
    expect(await again.evaluate(() => (window as any).smpStudio.plan.density.target)).toBe(59);
    await context.close();
  });
});
