// Client records and the device's storage in the built studio, tried as a careless user and a hostile browser
// would: two tabs and a deleted client, an older export imported over newer work, a malformed record, a full
// storage quota and no storage at all.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlanInput } from '../src/index.js';
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

const message = (page: Page) => page.locator('#message').textContent();
const studio = <T>(page: Page, fn: string) => page.evaluate(`(window.smpStudio.${fn})`) as Promise<T>;

async function importRecords(page: Page, zip: Buffer, name = 'records.zip'): Promise<void> {
  await page.click('#tab-consult');
  await page.setInputFiles('#records-import', { name, mimeType: 'application/zip', buffer: zip });
}

describe('client records across tabs and imports', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await context.close();
  });

  it('a client deleted in one tab is dropped by the other open tab, which does not autosave them back', async () => {
    const name = 'Tabitha Twotabs-Test';
    const a = await context.newPage();
    a.on('dialog', (d) => void d.accept());
    await ready(a);
    const photo = await noiseJpeg(a);
    await importRecords(a, recordsZip(name, photo));
    await expect.poll(() => message(a), { timeout: 60_000 }).toMatch(/Imported 1 client/);
    await a.click(`button[aria-label="Open ${name}"]`);
    await a.waitForSelector(`body[data-photo="${name}.jpg"]`);
    await a.evaluate(() => (window as any).smpStudio.flush());
    // the second tab starts on what the first autosaved: the client's project and photo
    const b = await context.newPage();
    b.on('dialog', (d) => void d.accept());
    await ready(b);
    await b.waitForSelector(`body[data-photo="${name}.jpg"]`);
    expect(await b.evaluate(() => (window as any).smpStudio.doc.consult?.client)).toBe(name);

    await a.click(`button[aria-label="Delete ${name} and their photos"]`);
    await expect.poll(() => message(a), { timeout: 60_000 }).toMatch(/deleted from this device/);
    // the other tab hears of it (it may not, before this was fixed: then the edit below brings the client back)
    await b.waitForSelector('body[data-deleted-elsewhere]', { timeout: 30_000 }).catch(() => {});
    const told = await message(b);
    await b.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density.target = 61)));
    await b.evaluate(() => (window as any).smpStudio.flush());
    // the user keeps this tab's version if asked (as they would, to keep their edit)
    if (await b.locator('#conflict').isVisible()) {
      await b.click('#conflict-mine');
      await b.evaluate(() => (window as any).smpStudio.flush());
    }
    await b.evaluate(() => (window as any).smpStudio.flush());
    expect(await b.evaluate(() => JSON.stringify((window as any).smpStudio.doc))).not.toContain(name);
    expect(await b.getAttribute('body', 'data-photo')).toBeNull();
    expect(await leftovers(b, name, photo)).toEqual([]);
    expect(told).toMatch(/deleted in another tab: their project is closed here too/);
    await a.close();
    await b.close();
  });

  it('importing an older export over newer work asks per client (the newer preselected); taking the file’s reverts it, and the message says what changed', async () => {
    const name = 'Olga Olderfile-Test';
    const page = await context.newPage();
    await ready(page);
    const photo = await noiseJpeg(page);
    await importRecords(page, recordsZip(name, photo, { at: '2026-11-02T10:00:00.000Z', seed: 'november' }), 'november.zip');
    await expect.poll(() => message(page), { timeout: 60_000 }).toMatch(/Imported 1 client/);
    const october = recordsZip(name, photo, { at: '2026-10-01T10:00:00.000Z', seed: 'october' });

    // cancelled: nothing changes
    await importRecords(page, october, 'october.zip');
    await page.waitForSelector('#records-import-choice[open]');
    await page.click('#records-import-cancel');
    await expect.poll(() => message(page), { timeout: 60_000 }).toMatch(/october\.zip was not imported: the import was cancelled\. Nothing was changed\./);

    await importRecords(page, october, 'october.zip');
    const dialog = page.locator('#records-import-choice[open]');
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('legend').allTextContents()).toEqual([name]);
    const mine = dialog.getByLabel(/Keep this device’s \(2026-11-02 10:00, newer\)/);
    const theirs = dialog.getByLabel(/Take the file’s \(2026-10-01 10:00, older\)/);
    expect(await mine.isChecked()).toBe(true);
    expect(await theirs.isChecked()).toBe(false);
    await page.screenshot({ path: '/tmp/records-import-choice.png' });
    await theirs.check();
    await page.click('#records-import-ok');
    await expect.poll(() => message(page), { timeout: 60_000 }).toMatch(new RegExp(`^Imported 1 client and 1 project from october\\.zip: replaced by the file’s version: ${name}: Design A\\.$`));
    await page.click(`button[aria-label="Open ${name}"]`);
    await expect.poll(() => studio<string>(page, 'plan.seed'), { timeout: 60_000 }).toBe('october');
    await page.close();
  });

  it('a record with a malformed alignment already on the device opens with a message naming the field, never an unhandled rejection', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await ready(page);
    await page.click('#tab-consult');
    // stored by an earlier build, which did not check alignments at import
    await page.evaluate(
      (plan) =>
        new Promise<void>((resolve, reject) => {
          const r = indexedDB.open('smp-sim-records');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const at = '2026-11-02T10:00:00.000Z';
            const tx = r.result.transaction(['clients', 'projects'], 'readwrite');
            tx.objectStore('clients').put({ id: 'c-bad', name: 'Mala Formed-Test', nameKey: 'mala formed-test', notes: '', createdAt: at, updatedAt: at });
            tx.objectStore('projects').put({ id: 'p-bad', clientId: 'c-bad', title: 'Design A', plan, alignment: { align: { pxPerMm: 'wide', originX: 0, originY: 0, rotation: 0 } }, photoId: null, reports: [], createdAt: at, updatedAt: at });
            tx.oncomplete = () => (r.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      defaultPlanInput('bad-alignment'),
    );
    await page.fill('#records-search', 'mala');
    await page.click('button[aria-label="Open Mala Formed-Test"]');
    await expect.poll(() => message(page), { timeout: 60_000 }).toMatch(/Mala Formed-Test’s project could not be opened: project\.alignment\.align\.pxPerMm: must be a finite number \(got "wide"\)/);
    expect(await studio<string>(page, 'plan.seed')).not.toBe('bad-alignment');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('full storage and no storage', () => {
  it('with the storage quota full, a lasting banner says so and offers the ways out; the next message leaves it, and a reload keeps the last edit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    // IndexedDB refuses every write while the page says the quota is full
    await context.addInitScript(() => {
      for (const m of ['put', 'add'] as const) {
        const orig = IDBObjectStore.prototype[m];
        IDBObjectStore.prototype[m] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
          if ((window as any).__quotaFull || sessionStorage.getItem('test/quota-full')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return orig.apply(this, args);
        };
      }
    });
    const page = await context.newPage();
    await ready(page);
    await page.evaluate(() => (window as any).smpStudio.flush());
    await page.evaluate(() => ((window as any).__quotaFull = true));
    await page.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density.target = 57)));
    await page.evaluate(() => (window as any).smpStudio.flush());
    const banner = page.locator('#storage-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(/storage is full \(The quota has been exceeded\..*\).*Save the project file now.*free space/s);
    // the next messages do not replace it
    await page.evaluate(() => (window as any).smpStudio.undo());
    await expect.poll(() => message(page)).toBe('Undone.');
    await page.evaluate(() => (window as any).smpStudio.redo());
    await expect.poll(() => message(page)).toBe('Redone.');
    await page.evaluate(() => (window as any).smpStudio.flush());
    expect(await banner.isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/storage-full.png' });
    // the ways out: a project file now, and the records to export and delete
    const download = page.waitForEvent('download');
    await page.click('#storage-save');
    expect((await download).suggestedFilename()).toMatch(/\.smp\.json$/);
    await page.click('#storage-free');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('records-export');
    // the browser is asked to keep the studio's storage
    expect(await page.getAttribute('body', 'data-persisted')).toMatch(/^(true|false)$/);
    // a reload, the quota still full, has the last edit
    await page.evaluate(() => sessionStorage.setItem('test/quota-full', '1'));
    await page.reload();
    await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
    expect(await studio<number>(page, 'plan.density.target')).toBe(57);
    await context.close();
  });

  it('with no IndexedDB at all, a lasting banner says so through start-up and the next messages', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined }));
    const page = await context.newPage();
    await ready(page);
    const banner = page.locator('#storage-banner');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toMatch(/no storage .*closing or reloading the tab loses this work\. Save the project file now/s);
    await page.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density.target = 58)));
    await page.evaluate(() => (window as any).smpStudio.undo());
    await expect.poll(() => message(page)).toBe('Undone.');
    expect(await banner.isVisible()).toBe(true);
    expect(await page.locator('#storage-free').isVisible()).toBe(false);
    await context.close();
  });
});
