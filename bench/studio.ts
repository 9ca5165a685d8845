// Studio bench: main-thread time in the real studio (vite dev server, Debian's headless Chromium, software
// WebGL) on the sample scalp and on a fitted shared photo: a timeline change (the day's uniforms: JavaScript
// only), a frame (render + overlay), and taking a plan edit's dots (upload, and on a photo the projection of
// every dot through the fitted head). The studio records these as performance measures (smp:timeline,
// smp:dots, smp:frame). Software WebGL makes frames slow; the timeline and projection figures are JavaScript.
// Run: npm run bench:studio
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startStudio } from '../test/helpers/studio.js';

const root = new URL('..', import.meta.url).pathname;
const PHOTO = `${root}../shared/photos/01_front_nw7_eisenhower_pd.jpg`;
const { base, browser, close } = await startStudio();

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `${s[0]!.toFixed(2)} … ${s[Math.floor(s.length / 2)]!.toFixed(2)} (median) … ${s[s.length - 1]!.toFixed(2)}  mean ${mean.toFixed(2)}`;
};
const take = (page: Page, name: string) =>
  page.evaluate((n) => {
    const d = performance.getEntriesByName(n).map((e) => e.duration);
    performance.clearMeasures(n);
    return d;
  }, name);

async function run(label: string, page: Page): Promise<void> {
  const dots = Number(await page.getAttribute('body', 'data-dots'));
  await take(page, 'smp:timeline');
  await take(page, 'smp:frame');
  for (let i = 0; i < 30; i++) {
    await page.evaluate((d) => (window as any).smpStudio.setDay(d), 30 + i * 100);
    await page.waitForSelector(`body[data-drawn-day="${30 + i * 100}"]`);
  }
  const tl = await take(page, 'smp:timeline');
  const fr = await take(page, 'smp:frame');
  await take(page, 'smp:dots');
  for (let i = 0; i < 8; i++) {
    const before = await page.getAttribute('body', 'data-dots');
    await page.evaluate((t) => (window as any).smpStudio.edit((p: any) => (p.density.target = t)), 80 + (i % 2) * 10);
    await page.waitForFunction((b) => document.body.dataset.dots !== b, before);
  }
  const dt = await take(page, 'smp:dots');
  console.log(`${label.padEnd(34)} ${String(dots).padStart(8)} dots`);
  console.log(`  timeline change (JS)             ${stats(tl)} ms`);
  console.log(`  frame (software WebGL)           ${stats(fr)} ms`);
  console.log(`  plan edit: take the dots (JS)    ${stats(dt)} ms`);
}

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(600_000);
await page.goto(base);
await page.waitForSelector('body[data-outlook="ready"][data-dots]');
console.log(`smp-sim studio bench  ${new Date().toISOString()}  Chromium ${browser.version()} (SwiftShader)`);
await run('sample scalp (flat projection)', page);
if (existsSync(PHOTO)) {
  const t0 = Date.now();
  await page.setInputFiles('#open-photo', { name: 'photo-01.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
  await page.waitForSelector('body[data-face="found"], body[data-face="none"], body[data-face="failed"]');
  console.log(`photo 01 opened → face found and head fitted in ${Date.now() - t0} ms (first call: models load)`);
  await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
  await run('photo 01, fitted head', page);
}
await close();
