// The studio asks before fitting a face it should not fit silently (issue 23, item 12), as a user meets it:
// portraits 01 and 10 (public domain) side by side, and 01 upside down, composed in the page's memory and opened
// with Photo…; nothing composed is written anywhere (a screenshot goes to /tmp only when SMP_SHOTS is set).
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from './helpers/studio.js';

const photos = new URL('../../shared/photos/', import.meta.url).pathname;
const named = (id: string) => readdirSync(photos).find((n) => n.startsWith(`${id}_`));
const readable = (() => {
  try {
    return !!named('01') && !!named('10');
  } catch {
    return false;
  }
})();

let browser: Browser;
let base = '';
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (readable) ({ base, browser, close: stop } = await startStudio());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function studio(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(300_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
  return page;
}

/** A JPEG composed in the page from the portraits: side by side, or the first one turned 180°. */
async function compose(page: Page, how: 'pair' | 'upside-down'): Promise<Buffer> {
  const a = readFileSync(photos + named('01')!).toString('base64');
  const b = readFileSync(photos + named('10')!).toString('base64');
  const out = await page.evaluate(
    async ([a, b, how]) => {
      const bmp = async (s: string) => createImageBitmap(new Blob([Uint8Array.from(atob(s), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }));
      const [x, y] = [await bmp(a), await bmp(b)];
      const c = how === 'pair' ? new OffscreenCanvas(x.width + y.width, Math.max(x.height, y.height)) : new OffscreenCanvas(x.width, x.height);
      const g = c.getContext('2d')!;
      if (how === 'pair') {
        g.drawImage(x, 0, 0);
        g.drawImage(y, x.width, 0);
      } else {
        g.translate(x.width, x.height);
        g.rotate(Math.PI);
        g.drawImage(x, 0, 0);
      }
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
      let t = '';
      for (let i = 0; i < bytes.length; i += 0x8000) t += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(t);
    },
    [a, b, how] as const,
  );
  return Buffer.from(out, 'base64');
}

const head = (page: Page) => page.evaluate(() => (window as any).smpStudio.doc.head as { pose: { roll: number } } | null | undefined);

describe.skipIf(!readable)('the studio asks about the face', () => {
  it('two faces side by side: nothing fitted until the user chooses; choosing the left one fits its head', async () => {
    const page = await studio();
    await page.setInputFiles('#open-photo', { name: 'two.jpg', mimeType: 'image/jpeg', buffer: await compose(page, 'pair') });
    await page.waitForSelector('body[data-face-question="choose"]');
    expect(await page.locator('#message').textContent()).toMatch(/2 faces on this photo/);
    expect(await head(page)).toBeFalsy();
    const buttons = page.locator('#face-question button');
    expect(await buttons.allTextContents()).toEqual(['The face on the left', 'The face on the right']);
    if (process.env.SMP_SHOTS) await page.screenshot({ path: '/tmp/smp-face-choose.png' });
    await buttons.first().click();
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
    const fitted = await page.evaluate(() => (window as any).smpStudio.doc.head.centre as number[]);
    // the left portrait is 1,922 px wide: the head's centre projects into it (x = f·cx/cz + principal)
    const px = await page.evaluate(() => {
      const h = (window as any).smpStudio.doc.head;
      return h.principal[0] + (h.focalPx * h.centre[0]) / h.centre[2];
    });
    expect(fitted).toHaveLength(3);
    expect(px).toBeLessThan(1922);
    expect(await page.locator('#face-question').isHidden()).toBe(true);
    await page.close();
  });

  it('a face upside down: not fitted (no hairline on the chin); "Rotate the photo 180°" turns it and fits the head upright', async () => {
    const page = await studio();
    await page.setInputFiles('#open-photo', { name: 'turned.jpg', mimeType: 'image/jpeg', buffer: await compose(page, 'upside-down') });
    await page.waitForSelector('body[data-face-question="rotate"]');
    expect(await page.locator('#message').textContent()).toMatch(/upside down/);
    expect(await head(page)).toBeFalsy();
    if (process.env.SMP_SHOTS) await page.screenshot({ path: '/tmp/smp-face-rotate.png' });
    await page.locator('#face-question button', { hasText: 'Rotate the photo 180°' }).click();
    await page.waitForFunction(() => document.body.dataset.photo === 'turned-rotated.jpg');
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
    expect(Math.abs((await head(page))!.pose.roll)).toBeLessThan(0.3);
    if (process.env.SMP_SHOTS) await page.screenshot({ path: '/tmp/smp-face-rotated.png' });
    await page.close();
  });
});
