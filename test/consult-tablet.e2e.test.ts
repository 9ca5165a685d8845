// Issue 21 on a tablet (768 × 1024, touch): the intake, the consent signed with a finger, the design signed off;
// a reload keeps all of it in the client's record, an export imported on another device keeps it, and the client's
// report prints the intake's note and both signatures, in words for a client.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from './helpers/studio.js';
import { internalTerms } from '../examples/consult/client-words.js';

let browser: Browser;
let base = '';
let stop: (() => Promise<void>) | undefined;
const foreign: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  ({ base, browser, close: stop } = await startStudio());
}, 120_000);
afterAll(async () => {
  await stop?.();
});

async function tablet(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: false });
  const page = await context.newPage();
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // the signature pads, thumbnails and visit photos run under the studio's CSP: no violation may be reported
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => ((window as any).cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`)));
  page.setDefaultTimeout(120_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
  return { context, page };
}

/** Signs on a pad with a finger: one touch stroke (CDP touch events, so the page sees pointerType "touch"). */
async function signWithFinger(page: Page, selector: string): Promise<void> {
  const pad = page.locator(selector);
  await pad.scrollIntoViewIfNeeded();
  const b = (await pad.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const point = (i: number) => ({ x: b.x + b.width * (0.1 + 0.8 * (i / 40)), y: b.y + b.height * (0.5 + 0.25 * Math.sin(i / 3)) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] });
  for (let i = 1; i <= 40; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(i)] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A visit's photo: a mid-grey head-sized image, darker in the middle (the treated scalp). */
function visitPng(): Buffer {
  const png = new PNG({ width: 320, height: 240 });
  for (let y = 0; y < 240; y++)
    for (let x = 0; x < 320; x++) {
      const inside = (x - 160) ** 2 / 120 ** 2 + (y - 120) ** 2 / 90 ** 2 < 1;
      const v = inside ? 120 : 190;
      png.data.set([v, v - 10, v - 20, 255], (y * 320 + x) * 4);
    }
  return PNG.sync.write(png);
}

const clinicalCount = (page: Page) => page.evaluate(() => document.body.dataset.clinical ?? 'none');

describe('consultation v2 on a tablet', () => {
  it('intake → consent signed → design signed off → reload → still in the record → export/import keeps it → the report prints it', async () => {
    const name = 'Łukasz Żółć';
    const { context, page } = await tablet();
    const touchTypes: string[] = [];
    await page.exposeFunction('notePointer', (t: string) => touchTypes.push(t));
    await page.evaluate(() => document.addEventListener('pointerdown', (e) => (window as any).notePointer(e.pointerType), true));
    await page.click('#tab-consult');
    await page.fill('#consult-client', name);
    await page.press('#consult-client', 'Tab');
    await page.click('#clinical-start');
    await expect.poll(() => clinicalCount(page)).toMatch(/:0$/);

    // the intake: every yes/no answered no but keloids; no patch test yet; photos for the record
    for (const id of ['scalp', 'blood-thinners', 'isotretinoin', 'diabetes', 'pregnancy', 'allergy', 'mri']) await page.click(`#intake-${id}-no`);
    await page.click('#intake-keloid-yes');
    await page.fill('#intake-keloid-detail', 'chest, 2019');
    await page.press('#intake-keloid-detail', 'Tab');
    await page.selectOption('#intake-patch-test', 'not-done');
    await page.selectOption('#intake-photo-consent', 'record');
    await expect.poll(() => page.locator('#intake-flags li.stop').first().textContent()).toMatch(/patch test first/);
    await expect.poll(() => page.locator('#intake-missing').textContent()).toBe('Every question is answered.');

    // the consent, signed with a finger
    expect(await page.locator('#consent-sign').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#consent-why').textContent()).toMatch(/signs in the box/);
    await signWithFinger(page, '#consent-pad');
    expect(touchTypes).toContain('touch');
    await page.click('#consent-sign');
    await expect.poll(() => page.locator('#consent-signed li').count()).toBe(1);
    expect(await page.locator('#consent-signed li').textContent()).toMatch(/Consent v1 .* Łukasz Żółć .* sealed, unchanged/);

    // the hairline sign-off: the design saved and sealed with its after picture and plan drawing
    await signWithFinger(page, '#design-pad');
    await page.click('#design-sign');
    await expect.poll(() => page.locator('#design-signed li').count(), { timeout: 300_000 }).toBe(1);
    await expect.poll(() => page.locator('#design-thumbs img').count()).toBe(2);
    expect(await page.locator('#design-status').textContent()).toMatch(/version 1 .*the design on the stage is the one signed/);
    // an edit after the sign-off: the record says so, and the signed version stays
    await page.evaluate(() => (window as any).smpStudio.edit((p: any) => (p.density.target = 70)));
    await expect.poll(() => page.locator('#design-status').textContent()).toMatch(/changed since\. Signing again makes version 2; version 1 stays as signed/);
    await page.evaluate(() => (window as any).smpStudio.flush());

    // a reload: the record still holds the intake, the consent and the sign-off
    await page.reload();
    await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
    await page.click('#tab-consult');
    await expect.poll(() => clinicalCount(page)).toMatch(/:2$/);
    expect(await page.locator('#intake-keloid-yes').isChecked()).toBe(true);
    expect(await page.locator('#intake-keloid-detail').inputValue()).toBe('chest, 2019');
    expect(await page.locator('#consent-signed li').count()).toBe(1);
    expect(await page.locator('#design-signed li').count()).toBe(1);
    await expect.poll(() => page.locator('#design-status').textContent()).toMatch(/changed since/);

    // export, and import on another device (a fresh browser context: its own IndexedDB)
    const download = page.waitForEvent('download');
    await page.click('#records-export');
    const file = readFileSync(await (await download).path());
    await context.close();
    const other = await tablet();
    await other.page.click('#tab-consult');
    await other.page.setInputFiles('#records-import', { name: 'records.zip', mimeType: 'application/zip', buffer: file });
    await expect.poll(() => other.page.locator('#message').textContent(), { timeout: 60_000 }).toMatch(/Imported 1 client\b/);
    await other.page.click(`button[aria-label="Open ${name}"]`);
    await expect.poll(() => clinicalCount(other.page), { timeout: 60_000 }).toMatch(/:2$/);
    expect(await other.page.locator('#intake-keloid-yes').isChecked()).toBe(true);
    expect(await other.page.locator('#consent-signed li').textContent()).toMatch(/sealed, unchanged/);
    expect(await other.page.locator('#design-signed li').textContent()).toMatch(/Design v1 .*sealed, unchanged/);
    await expect.poll(() => other.page.locator('#design-thumbs img').count()).toBe(2);
    // the record's project is the design as signed (the edit after it was only in the first device's studio)
    expect(await other.page.locator('#design-status').textContent()).toMatch(/the design on the stage is the one signed/);

    // the client's report prints the intake's note and both signatures, in words for a client
    const pdfDownload = other.page.waitForEvent('download');
    await other.page.click('#make-report');
    const pdf = readFileSync(await (await pdfDownload).path());
    const { readPdf } = await import('./helpers/pdf-text.js');
    const pages = await readPdf(new Uint8Array(pdf));
    const text = pages.flatMap((p) => p.lines).join('\n').replace(/\s+/g, ' ');
    expect(text).toMatch(/From your health questions.*patch test first/);
    expect(text).toMatch(/Consent to treatment \(version 1\), signed by Łukasz Żółć/);
    expect(text).toMatch(/Hairline and design sign-off \(version 1\), signed by Łukasz Żółć/);
    expect(text).not.toMatch(/changed since it was signed off/);
    expect(internalTerms(text)).toEqual([]);

    // months later: the session-3 photo against the plan's picture for that day; an area marked as needing more
    await other.page.selectOption('#visit-label', 'Session 3');
    await other.page.fill('#visit-day', '200');
    await other.page.setInputFiles('#visit-photo', { name: 'session-3.png', mimeType: 'image/png', buffer: visitPng() });
    await expect.poll(() => other.page.locator('.visit').count(), { timeout: 120_000 }).toBe(1);
    expect(await other.page.locator('.visit-title').textContent()).toMatch(/Session 3 · .* · day 200 of the plan/);
    await expect.poll(() => other.page.locator('.visit-pair img[alt^="Simulated picture for day 200"]').count()).toBe(1);
    const photo = other.page.locator('.visit-photo');
    await photo.scrollIntoViewIfNeeded();
    const pb = (await photo.boundingBox())!;
    await other.page.touchscreen.tap(pb.x + pb.width * 0.5, pb.y + pb.height * 0.4);
    await expect.poll(() => other.page.evaluate(() => document.body.dataset.visitMarks)).toBe('1');
    await other.page.click('.visit button:has-text("Measure")');
    await other.page.touchscreen.tap(pb.x + pb.width * 0.5, pb.y + pb.height * 0.5);
    await expect.poll(() => other.page.locator('.visit-result').textContent(), { timeout: 60_000 }).toMatch(/darkening/);
    // the visit, its marks and its measurement are in the record after a reload
    await other.page.reload();
    await other.page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
    await other.page.click('#tab-consult');
    await expect.poll(() => other.page.locator('.visit .mark').count(), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => other.page.locator('.visit-result').textContent(), { timeout: 120_000 }).toMatch(/showed \d+ % of the darkening the simulation shows for that day/);
    expect(await other.page.evaluate(() => (window as any).cspViolations ?? [])).toEqual([]);
    await other.context.close();
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
