// The studio on a tablet held upright (768 × 1024, touch, a mobile browser): every control a finger can hit
// (44 CSS px, Apple HIG and WCAG 2.5.5), and the hairline handles grabbed by a finger at fit zoom, where they are
// drawn a few px across. `npm start`'s vite server, headless Chromium.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function openTablet(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
  return page;
}

/** Every visible control's hit box (its own, or the label that wraps it), with its name, where either side is under 44 px. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, select, input, textarea, summary, a[href], [role="tab"]')) {
      if ((el as HTMLInputElement).type === 'hidden' || !el.checkVisibility()) continue;
      const own = el.getBoundingClientRect();
      if (own.width === 0 && own.height === 0) continue;
      const r = (el.closest('label') ?? el).getBoundingClientRect();
      const name = el.id || el.getAttribute('aria-label') || el.textContent?.trim() || el.outerHTML.slice(0, 60);
      if (r.width < 43.5 || r.height < 43.5) small.push(`${el.tagName.toLowerCase()} ${name}: ${r.width.toFixed(0)} × ${r.height.toFixed(0)}`);
    }
    return small;
  });
}

describe('the studio on a touch tablet (768 × 1024, portrait)', () => {
  it('the coarse-pointer layout applies, and every visible control on the plan and consultation panels is at least 44 × 44 px to a finger', async () => {
    const page = await openTablet();
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    const controls = await page.evaluate(() => document.querySelectorAll('button, select, input:not([type="hidden"])').length);
    expect(controls).toBeGreaterThan(30);
    expect(await smallTargets(page)).toEqual([]);
    await page.tap('#tab-consult');
    await page.waitForSelector('#consult-panel:not([hidden])');
    expect(await smallTargets(page)).toEqual([]);
    // the names the keyboard and screen readers use are still there
    expect(await page.getAttribute('#day', 'aria-label')).toBe('Day on the timeline');
    expect(await page.getAttribute('#undo', 'aria-label')).toBe('Undo');
    await page.context().close();
  });

  it('at fit zoom a finger that lands 15 px beside a hairline handle (outside its drawn circle) drags it, and one undo restores the plan', async () => {
    const page = await openTablet();
    await page.evaluate(() => (window as any).smpStudio.setDay(400));
    const before = await page.evaluate(() => JSON.stringify((window as any).smpStudio.plan.hairline.points));
    // the middle handle, as drawn at fit zoom
    const h = await page.locator('#overlay .handle').evaluateAll((els) => {
      const mid = els[Math.floor(els.length / 2)]!;
      const r = mid.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, radius: r.width / 2, index: Number((mid as SVGElement).dataset.index) };
    });
    expect(h.radius).toBeLessThan(15); // drawn smaller than the finger's reach: the test is about the hit area
    const cdp = await page.context().newCDPSession(page);
    // a point touch (radius 1 px): Chromium's own touch adjustment, which snaps a wide touch to a nearby element, is
    // not what is tested (Safari has none)
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1, radiusX: 1, radiusY: 1, force: 1 }] });
    const [x0, y0] = [h.x, h.y + 15];
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 6; i++) {
      await touch('touchMove', x0, y0 - 5 * i);
      await page.waitForTimeout(30);
    }
    await touch('touchEnd', x0, y0 - 30);
    await expect.poll(() => page.evaluate(() => JSON.stringify((window as any).smpStudio.plan.hairline.points))).not.toBe(before);
    const moved = await page.evaluate((i) => (window as any).smpStudio.plan.hairline.points[i], h.index);
    const was = JSON.parse(before)[h.index];
    // the finger went up the screen: the handle moved toward the back of the head (smaller y on the sample's map)
    expect(moved[1]).toBeLessThan(was[1]);
    await page.tap('#undo');
    await expect.poll(() => page.evaluate(() => JSON.stringify((window as any).smpStudio.plan.hairline.points))).toBe(before);
    await page.context().close();
  });
});
