// 3D view bench (issue 19): the time of one orbit frame of the 3D view against one frame of the photo view, in
// the real studio (vite dev server, Debian's headless Chromium, software WebGL) on portrait 01 with its fitted
// head and the plan's dots raised to about 100k. An orbit frame is main-thread time from the pointer's move to
// the drawn frame (smp:orbit: the virtual fit, shading the head, its look raster, projecting every dot through
// the virtual fit, uploading, and the render); a photo frame is the stage's render (smp:frame). Software WebGL
// makes both slow; the ratio is the figure. Also: shadeHead alone in node, at the stage's and at 1280 × 800 px.
// Run: npm run bench:head3d
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ORBIT_VIEWS, virtualFit } from '../src/head/virtual-camera.js';
import { shadeHead } from '../src/render/head-shade.js';
import { startStudio } from '../test/helpers/studio.js';

const root = new URL('..', import.meta.url).pathname;
const PHOTO = `${root}../shared/photos/01_front_nw7_eisenhower_pd.jpg`;
const TARGET_DOTS = 100_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `${s[0]!.toFixed(1)} … ${median(s).toFixed(1)} (median) … ${s[s.length - 1]!.toFixed(1)}  mean ${mean.toFixed(1)}  n ${s.length}`;
};
const take = (page: Page, name: string) =>
  page.evaluate((n) => {
    const d = performance.getEntriesByName(n).map((e) => e.duration);
    performance.clearMeasures(n);
    return d;
  }, name);

if (!existsSync(PHOTO)) throw new Error(`bench:head3d needs portrait 01 at ${PHOTO}`);
const { base, browser, close } = await startStudio();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(600_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]');
  console.log(`smp-sim 3D view bench  ${new Date().toISOString()}  Chromium ${browser.version()} (SwiftShader)`);
  await page.setInputFiles('#open-photo', { name: 'photo-01.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
  await page.waitForSelector('body[data-face="found"]');
  await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
  // raise the dots to about TARGET_DOTS: the density target scales the count (one or two edits)
  for (let k = 0; k < 3; k++) {
    const n = Number(await page.getAttribute('body', 'data-dots'));
    if (Math.abs(n - TARGET_DOTS) < 0.1 * TARGET_DOTS) break;
    const before = String(n);
    const ok = await page.evaluate(
      ([f]) => {
        let done = false;
        (window as any).smpStudio.edit((p: any) => {
          p.density.target = Math.min(1000, Math.max(5, Math.round(p.density.target * f!)));
          done = true;
        });
        return done;
      },
      [TARGET_DOTS / Math.max(1, n)] as const,
    );
    if (!ok) break;
    await page.waitForFunction((b) => document.body.dataset.dots !== b, before, { timeout: 120_000 }).catch(() => undefined);
    console.log(`  dots ${before} → ${await page.getAttribute('body', 'data-dots')}`);
  }
  await page.waitForSelector('body[data-outlook="ready"]');
  const dots = Number(await page.getAttribute('body', 'data-dots'));
  const day = 120;
  await page.evaluate((d) => (window as any).smpStudio.setDay(d), day);
  await page.waitForSelector(`body[data-drawn-day="${day}"]`);

  // two measures per frame, both in the page: main-thread JavaScript (smp:frame, smp:orbit) and the latency to the
  // second animation frame after the change (the frame drawn and the next one begun: software WebGL's work included)
  const latency = (what: 'photo' | 'orbit', i: number) =>
    page.evaluate(
      async ([what, i]) => {
        // (no named functions in here: tsx would wrap them in a helper the page does not have)
        await new Promise((r) => requestAnimationFrame(r));
        const t0 = performance.now();
        if (what === 'photo') (window as any).smpStudio.setDay(200 + i * 50);
        else {
          const c = document.getElementById('head3d')!;
          const r = c.getBoundingClientRect();
          c.dispatchEvent(new PointerEvent('pointermove', { pointerId: 7, clientX: r.left + r.width / 2 + (i + 1) * 12, clientY: r.top + r.height / 2, bubbles: true }));
        }
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t0;
      },
      [what, i] as const,
    );
  await take(page, 'smp:frame');
  const photoLat: number[] = [];
  for (let i = 0; i < 12; i++) photoLat.push(await latency('photo', i));
  const photo = await take(page, 'smp:frame');

  // the 3D view: a drag across the canvas, one orbit frame per move, then the still frame at full resolution
  await page.click('#view3d');
  await page.waitForFunction(() => (document.body.dataset.head3d ?? '').startsWith('front|'));
  await take(page, 'smp:orbit');
  await page.evaluate(() => {
    const c = document.getElementById('head3d')!;
    const r = c.getBoundingClientRect();
    c.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true }));
  });
  const orbitLat: number[] = [];
  for (let i = 0; i < 12; i++) orbitLat.push(await latency('orbit', i));
  const orbit = await take(page, 'smp:orbit');
  await page.evaluate(() => document.getElementById('head3d')!.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7, bubbles: true })));
  await page.waitForFunction(() => performance.getEntriesByName('smp:orbit').length >= 1);
  const still = await take(page, 'smp:orbit');
  const size = await page.evaluate(() => {
    const c = document.getElementById('head3d') as HTMLCanvasElement;
    return [c.width, c.height] as const;
  });
  console.log(`photo 01, fitted head, ${dots} dots, stage ${size[0]} × ${size[1]} px`);
  console.log(`  photo view frame, JS (smp:frame)         ${stats(photo)} ms`);
  console.log(`  photo view frame, to the 2nd rAF         ${stats(photoLat)} ms`);
  console.log(`  3D orbit frame (drag), JS (smp:orbit)    ${stats(orbit)} ms`);
  console.log(`  3D orbit frame (drag), to the 2nd rAF    ${stats(orbitLat)} ms`);
  console.log(`  3D still frame (full res), JS            ${stats(still)} ms`);
  console.log(`  ratio orbit / photo, to the 2nd rAF (medians)  ${(median(orbitLat) / median(photoLat)).toFixed(2)}`);

  // shading alone, in node (the part that is JavaScript per orbit frame)
  for (const [w, h] of [size, [1280, 800]] as const) {
    const fit = virtualFit(null, ORBIT_VIEWS.top, w, h);
    shadeHead(fit);
    const ts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      shadeHead(virtualFit(null, { azimuth: i * 0.3, elevation: 0.4 }, w, h));
      ts.push(performance.now() - t0);
    }
    console.log(`  shadeHead ${w} × ${h} (node)`.padEnd(43) + `${stats(ts)} ms`);
  }
} finally {
  await close();
}
