// Regenerates the README's pictures on the public-domain portraits (01, 10, 15: the only ones that may illustrate
// the README, with their attribution line): for each, the studio opened on the photo with its defaults, fitted, and
// the before/after pair exported (shaved look, month 4), cut to the head (the report's crop) and scaled to 520 px
// high per side; and the studio itself on portrait 01. Run: npm run readme:photos (needs ../shared/photos, Chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import { startStudio } from '../test/helpers/studio.js';

const root = new URL('..', import.meta.url).pathname;
const PORTRAITS = [
  { id: '01', file: '01_front_nw7_eisenhower_pd.jpg' },
  { id: '10', file: '10_front_nw3_harry_truman_pd.jpg' },
  { id: '15', file: '15_front_nw3_bw_lyndon_johnson_pd.jpg' },
];
/** Height of each half in the README, px. */
const HALF_PX = 520;

const { base, browser, close } = await startStudio();
try {
  for (const { id, file } of PORTRAITS) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' }); // tsx's keepNames helper, in the page
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    await page.goto(base);
    await page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 });
    await page.setInputFiles('#open-photo', { name: file, mimeType: 'image/jpeg', buffer: readFileSync(`${root}../shared/photos/${file}`) });
    await page.waitForSelector(`body[data-photo="${file}"][data-face="found"]`);
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head);
    await page.selectOption('#effect', 'shaved');
    await page.evaluate(() => (window as any).smpStudio.setDay(120));
    await page.waitForSelector('body[data-outlook="ready"][data-shaved="ready"]');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // the frame with the effect
    if (id === '01') {
      // the studio zoomed on the head (the wheel, as a user would), its plan and the shaved look
      const box = (await page.locator('#canvas-wrap').boundingBox())!;
      const at: [number, number] = await page.evaluate(() => (window as any).smpStudio.mmToCanvas(0, 10));
      await page.mouse.move(box.x + at[0], box.y + at[1]);
      for (let k = 0; k < 3; k++) await page.mouse.wheel(0, -240);
      // pan down (a drag on the photo, off the handles) so the whole top of the head shows
      await page.mouse.move(box.x + 60, box.y + box.height - 60);
      await page.mouse.down();
      await page.mouse.move(box.x + 60, box.y + box.height - 60 + 0.3 * box.height, { steps: 5 });
      await page.mouse.up();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.waitForSelector('body[data-outlook="ready"]');
      writeFileSync(`${root}examples/screenshot-photo.jpg`, await page.screenshot({ type: 'jpeg', quality: 85 }));
    }
    const download = page.waitForEvent('download');
    await page.click('#export-pair');
    const png = readFileSync(await (await download).path());
    // the head's box as the report cuts it (report-pictures.ts headBox/cropOf), both halves at the same crop
    const jpeg: string = await page.evaluate(
      async ({ b64, halfPx }) => {
        const { headBox, cropOf } = (await import(/* @vite-ignore */ '/app/report-pictures.ts' as string)) as typeof import('./app/report-pictures.js');
        const fit = (window as any).smpStudio.doc.head;
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const W = img.width / 2;
        const crop = cropOf(headBox(fit), W, img.height);
        const k = halfPx / crop.height;
        const w = Math.round(crop.width * k);
        const gap = 8;
        const out = document.createElement('canvas');
        out.width = 2 * w + gap;
        out.height = halfPx;
        const g = out.getContext('2d')!;
        g.fillStyle = '#fff';
        g.fillRect(0, 0, out.width, out.height);
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, crop.x, crop.y, crop.width, crop.height, 0, 0, w, halfPx);
        g.drawImage(img, W + crop.x, crop.y, crop.width, crop.height, w + gap, 0, w, halfPx);
        return out.toDataURL('image/jpeg', 0.9).split(',')[1]!;
      },
      { b64: png.toString('base64'), halfPx: HALF_PX },
    );
    writeFileSync(`${root}examples/photo${id}-before-after.jpg`, Buffer.from(jpeg, 'base64'));
    console.log(`photo${id}-before-after.jpg`, png.length, 'bytes exported');
    await context.close();
  }
} finally {
  await close();
}
