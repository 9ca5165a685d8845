// Opening a project file in the studio is all or nothing (issue 23, item 9): a file whose embedded photo is not an
// image, or whose base64 is cut short, is refused with a message that stays, and changes nothing — plan, photo,
// designs, consultation, undo history.
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

/** A project file (format 2) with a second design, a consultation and the given embedded photo. */
function projectFile(photo: { name: string; type: string; base64: string }): Buffer {
  const consult = { client: 'Refused Client', concern: 'hairline', stage: 'NW3', start: '2027-01-04', timeZone: 'UTC', startTime: '10:00', closedWeekdays: [0, 6], closedDates: [], dotsPerHour: 4700, book: 'default' };
  const project = {
    app: 'smp-sim',
    format: 2,
    savedAt: '2026-12-01T10:00:00.000Z',
    plan: { ...defaultPlanInput('from-the-file'), density: { target: 40 } },
    align: null,
    ui: { day: 30 },
    name: 'From the file',
    designs: [{ name: 'Other from the file', plan: defaultPlanInput('other-from-the-file') }],
    consult,
    photo,
  };
  return Buffer.from(JSON.stringify(project));
}

/** What a refused file must leave as it was: the document (plan, designs, consultation), the undo history, the photo. */
async function state(page: Page) {
  return page.evaluate(() => {
    const s = (window as any).smpStudio;
    return {
      doc: JSON.stringify(s.doc),
      day: s.ui.day as number,
      canUndo: !(document.getElementById('undo') as HTMLButtonElement).disabled,
      photo: document.body.dataset.photo ?? null,
    };
  });
}

async function open(page: Page, name: string, file: Buffer): Promise<string> {
  const before = await page.locator('#message').textContent();
  await page.setInputFiles('#open-project', { name, mimeType: 'application/json', buffer: file });
  await expect.poll(() => page.locator('#message').textContent(), { timeout: 60_000 }).not.toBe(before);
  // whatever the studio says next about this file (a late "Opened …" would come within its photo's load)
  await page.waitForTimeout(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return (await page.locator('#message').textContent()) ?? '';
}

describe('a refused project file changes nothing', () => {
  it('an embedded photo that is not an image, or base64 "A", is refused with a clear message that stays; plan, photo, designs, consultation and undo are as they were', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(base);
    await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
    // a photo of the studio's own making, and an edit to undo
    const jpeg = await page.evaluate(async () => {
      const c = new OffscreenCanvas(240, 180);
      const g = c.getContext('2d')!;
      g.fillStyle = '#b58a6c';
      g.fillRect(0, 0, 240, 180);
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let t = '';
      for (const x of bytes) t += String.fromCharCode(x);
      return btoa(t);
    });
    await page.setInputFiles('#open-photo', { name: 'kept.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') });
    await page.waitForFunction(() => document.body.dataset.photo === 'kept.jpg');
    await page.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density = { ...p.density, target: 70 })));
    const was = await state(page);
    expect(was.canUndo).toBe(true);
    expect(was.photo).toBe('kept.jpg');

    const notImage = await open(page, 'not-an-image.smp.json', projectFile({ name: 'client.jpg', type: 'image/jpeg', base64: Buffer.from('these bytes are words, not a picture').toString('base64') }));
    expect(notImage).toMatch(/^not-an-image\.smp\.json: photo: .*nothing was changed/);
    expect(notImage).not.toMatch(/Opened/);
    expect(await state(page)).toEqual(was);

    const cut = await open(page, 'cut.smp.json', projectFile({ name: 'client.jpg', type: 'image/jpeg', base64: 'A' }));
    expect(cut).toMatch(/^cut\.smp\.json: photo\.base64 must be base64 whose length is a multiple of 4/);
    expect(cut).not.toMatch(/atob|InvalidCharacterError|correctly encoded/);
    expect(await state(page)).toEqual(was);

    // the same file with a real photo opens whole: the check above is not a studio that refuses everything
    const opened = await open(page, 'good.smp.json', projectFile({ name: 'client.jpg', type: 'image/jpeg', base64: jpeg }));
    expect(opened).toMatch(/Opened good\.smp\.json/);
    const now = await state(page);
    expect(JSON.parse(now.doc).consult.client).toBe('Refused Client');
    expect(JSON.parse(now.doc).plan.density.target).toBe(40);
    expect(now.photo).toBe('client.jpg');
    await page.close();
  });
});
