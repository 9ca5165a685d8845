// Regenerates the README's two pictures on public-domain portrait 01: the studio fitted to it, and the exported
// before/after (1:1 crops of the top of the head). Run: npm run readme:photos (needs ../shared/photos and Chromium;
// only the public-domain portraits may illustrate the README: 01, 10, 15, with their attribution line).
import { readFileSync, writeFileSync } from 'node:fs';
import { startStudio } from '../test/helpers/studio.js';

const root = new URL('..', import.meta.url).pathname;
const PHOTO = `${root}../shared/photos/01_front_nw7_eisenhower_pd.jpg`;
const { base, browser, close } = await startStudio();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  await page.goto(base);
  await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
  await page.setInputFiles('#open-photo', { name: 'eisenhower.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
  await page.waitForSelector('body[data-photo="eisenhower.jpg"][data-face="found"]');
  await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
  await page.selectOption('#effect', 'shaved');
  await page.waitForSelector('body[data-outlook="ready"]');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // the frame with the effect
  const shot = await page.screenshot({ type: 'jpeg', quality: 85 });
  writeFileSync(`${root}examples/screenshot-photo.jpg`, shot);
  const download = page.waitForEvent('download');
  await page.click('#export-pair');
  const png = readFileSync(await (await download).path());
  console.log('export', png.length, 'bytes');
  // crop each half to the top of the head in the page (a canvas), JPEG out
  const jpeg: string = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const half = img.width / 2;
    const crop = { x: Math.round(0.3 * half), y: Math.round(0.035 * img.height), w: 800, h: 480 }; // 1:1, the top of the head
    const gap = 8;
    const out = document.createElement('canvas');
    out.width = 1608;
    out.height = 480;
    const g = out.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(img, crop.x, crop.y, crop.w, crop.h, 0, 0, 800, 480);
    g.drawImage(img, half + crop.x, crop.y, crop.w, crop.h, 800 + gap, 0, 800, 480);
    return out.toDataURL('image/jpeg', 0.88).split(',')[1]!;
  }, png.toString('base64'));
  writeFileSync(`${root}examples/photo01-before-after.jpg`, Buffer.from(jpeg, 'base64'));
  await context.close();
} finally {
  await close();
}
