// The 3D view as a user meets it (issue 19): the studio on the sample and on portrait 01 (public domain), the 3D
// toggle, the named views, a drag that orbits, and the plan's ink on the top of the head. Screenshots of the
// Front, Top and Left views go to .tmp/head3d-*.png (git ignores .tmp; look at them).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from './helpers/studio.js';
import { headProjection } from '../src/head/projection.js';
import { ORBIT_VIEWS, virtualFit } from '../src/head/virtual-camera.js';

const root = new URL('..', import.meta.url).pathname;
const PHOTO = `${root}../shared/photos/01_front_nw7_eisenhower_pd.jpg`;
const SHOTS = `${root}.tmp`;
let browser: Browser;
let base = '';
let stop: (() => Promise<void>) | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  ({ base, browser, close: stop } = await startStudio());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function openStudio(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(300_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
  return page;
}

/** Waits until the 3D view has drawn `view` at the studio's current day with dots (and the before/after state). */
async function drawn(page: Page, view: string, split: 'after' | number = 'after'): Promise<void> {
  const day = await page.evaluate(() => (window as any).smpStudio.ui.day);
  await page.waitForFunction(
    ([view, day, split]) => {
      const [v, d, n, s] = (document.body.dataset.head3d ?? '').split('|');
      return v === view && Number(d) === day && Number(n) > 0 && s === String(split);
    },
    [view, day, split] as const,
  );
}

/** Luminance statistics of a canvas (by id) over a box given as fractions of its size. */
function boxStats(page: Page, id: string, box: [number, number, number, number]) {
  return page.evaluate(
    ([id, box]) => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      const o = new OffscreenCanvas(c.width, c.height);
      const g = o.getContext('2d')!;
      g.drawImage(c, 0, 0);
      const x0 = Math.round(box[0] * c.width), y0 = Math.round(box[1] * c.height);
      const w = Math.round(box[2] * c.width), h = Math.round(box[3] * c.height);
      const d = g.getImageData(x0, y0, w, h).data;
      const lum: number[] = [];
      const rgb = [0, 0, 0];
      for (let i = 0; i < d.length; i += 4) {
        lum.push(0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!);
        rgb[0]! += d[i]!;
        rgb[1]! += d[i + 1]!;
        rgb[2]! += d[i + 2]!;
      }
      return { lum, rgb: rgb.map((v) => v / lum.length), size: [c.width, c.height] };
    },
    [id, box] as const,
  );
}

/**
 * In the Top view, inside the plan's treated area (its polygons through the same virtual camera): the inked
 * picture is darker than the bare head under the same light (the before/after split's "before", the frame without
 * the dots), and the backdrop is untouched. Leaves Before / after on.
 */
async function expectInkOnTop(page: Page): Promise<void> {
  const after = await canvasLum(page, 'head3d');
  await page.check('#before-after');
  await drawn(page, 'top', 0.5);
  const bare = await canvasLum(page, 'head3d-before');
  expect([bare.width, bare.height]).toEqual([after.width, after.height]);
  const { W, H } = { W: after.width, H: after.height };
  const doc = await page.evaluate(() => (window as any).smpStudio.doc);
  const proj = headProjection(virtualFit(doc.head, ORBIT_VIEWS.top, W, H));
  const treated = (doc.plan.regions as { kind: string; points: [number, number][] }[]).filter((r) => r.kind === 'treated');
  expect(treated.length).toBeGreaterThan(0);
  const polys = treated.map((r) =>
    r.points.map(([x, y]) => {
      const o: [number, number] = [0, 0];
      proj.mmToPx(x, y, o);
      return o;
    }),
  );
  let inside = 0, darker = 0, sumA = 0, sumB = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (!polys.some((p) => inPolygon(p, x + 0.5, y + 0.5))) continue;
      const i = y * W + x;
      // only pixels on the head's top (the bare head is skin there, not the backdrop)
      if (bare.lum[i]! < 60) continue;
      inside++;
      sumA += after.lum[i]!;
      sumB += bare.lum[i]!;
      if (after.lum[i]! < bare.lum[i]! - 2) darker++;
    }
  expect(inside, 'treated pixels seen from the top').toBeGreaterThan(0.01 * W * H);
  expect(darker / inside, 'share of treated pixels darker than the bare head').toBeGreaterThan(0.5);
  expect(1 - sumA / sumB, 'mean darkening of the treated top').toBeGreaterThan(0.05);
  // ink only on the head: the backdrop is the same with and without the dots
  for (const i of [0, W - 1, (H - 1) * W, H * W - 1]) expect(after.lum[i]).toBe(bare.lum[i]);
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** A canvas's luminance per pixel (by id), row-major. */
async function canvasLum(page: Page, id: string): Promise<{ width: number; height: number; lum: Float32Array }> {
  const r = await page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const g = new OffscreenCanvas(c.width, c.height).getContext('2d')!;
    g.drawImage(c, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const lum: number[] = new Array(c.width * c.height);
    for (let i = 0; i < lum.length; i++) lum[i] = Math.round(0.2126 * d[4 * i]! + 0.7152 * d[4 * i + 1]! + 0.0722 * d[4 * i + 2]!);
    return { width: c.width, height: c.height, lum };
  }, id);
  return { width: r.width, height: r.height, lum: Float32Array.from(r.lum) };
}

/** Whether (x, y) lies inside the polygon (even–odd). */
function inPolygon(p: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
    const [xi, yi] = p[i]!;
    const [xj, yj] = p[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('the 3D view of the plan on the head', () => {
  it('on the sample: 3D shows the mean head in skin tones from the front, a drag orbits it, and 3D off gives the photo view back', async () => {
    const page = await openStudio();
    expect(await page.isHidden('#head3d')).toBe(true);
    await page.click('#view3d');
    await drawn(page, 'front');
    expect(await page.getAttribute('#view3d', 'aria-pressed')).toBe('true');
    // the middle of the picture is the head: skin (red over blue), not the dark backdrop
    const mid = await boxStats(page, 'head3d', [0.45, 0.35, 0.1, 0.1]);
    expect(mean(mid.lum)).toBeGreaterThan(80);
    expect(mid.rgb[0]).toBeGreaterThan(mid.rgb[2]! + 20);
    // a corner is the backdrop
    expect(mean((await boxStats(page, 'head3d', [0, 0, 0.05, 0.05])).lum)).toBeLessThan(50);
    // the sample plan on the mean head, from the top: ink inside its treated area
    await page.click('[data-view3d="top"]');
    await drawn(page, 'top');
    mkdirSync(SHOTS, { recursive: true });
    await page.locator('#canvas-wrap').screenshot({ path: `${SHOTS}/head3d-sample-top.png` });
    await expectInkOnTop(page);
    await page.uncheck('#before-after');
    await page.click('[data-view3d="front"]');
    await drawn(page, 'front');
    // a drag to the right turns the head: the named view is left, and the picture changes
    const box = (await page.locator('#head3d').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await drawn(page, 'orbit');
    // the stage's camera did not pan under the drag (x: the toolbar's height may change with the view buttons)
    const cam = await page.evaluate(() => (window as any).smpStudio.camera);
    await page.click('#view3d');
    expect(await page.isHidden('#head3d')).toBe(true);
    const back = await page.evaluate(() => (window as any).smpStudio.camera);
    expect([back.x, back.zoom]).toEqual([cam.x, cam.zoom]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it.skipIf(!existsSync(PHOTO))('on portrait 01 (Norwood VII): the Top view shows ink on the top of the head, darker than the bare head under the same light', async () => {
    const page = await openStudio();
    await page.setInputFiles('#open-photo', { name: 'client.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
    await page.waitForSelector('body[data-photo="client.jpg"][data-face="found"]');
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
    await page.evaluate(() => (window as any).smpStudio.setDay(120));
    await page.waitForSelector('body[data-outlook="ready"]');
    await page.click('#view3d');
    mkdirSync(SHOTS, { recursive: true });
    for (const view of ['front', 'left', 'top']) {
      await page.click(`[data-view3d="${view}"]`);
      await drawn(page, view);
      await page.locator('#canvas-wrap').screenshot({ path: `${SHOTS}/head3d-01-${view}.png` });
    }
    // the fitted head is the client's: the 3D view uses the photo's radii
    const head = await page.evaluate(() => (window as any).smpStudio.doc.head.radii);
    expect(head.a).toBeGreaterThan(60);
    await expectInkOnTop(page);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
