// The after picture as a new user gets it: each portrait of a folder opened in the studio (headless Chromium,
// the dev server), fitted with the defaults, exported as a before/after pair at a day and look, and measured:
//  - the treated area the studio proposed behind its hairline (the core, not the feather into the hair), as photo px;
//  - the mean luminance change of its bare scalp (sRGB levels of 255 and % of linear luminance; and of the whole
//    area, shaved hair included), and the share of its
//    1-cm cells (at the photo's scale) of bare scalp that got ink (mean change of at least 2 % linear; cells where
//    the shaved look turned over a fifth of the pixels from hair to skin are counted apart, as hair);
//  - where the ink went: the share of changed pixels below the brow line and outside the head box (the hand-read
//    landmarks of test/fixtures/portrait-landmarks.json, when the portrait is listed there);
//  - the midline hairline's height above the glabella in face-thirds (same landmarks).
// Run: npx tsx scripts/after-trial.ts [--photos=DIR] [--out=DIR] [--day=120] [--effect=shaved|density] [--only=01,10]
// Writes DIR/NN-pair.png (the export), NN-crop.png (before | after, normal size), NN-cells.png (the after with its
// 1-cm cells: green inked, red not) and trial.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startStudio } from '../test/helpers/studio.js';

const root = new URL('..', import.meta.url).pathname;
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const photos = arg('photos', join(root, '../shared/photos'));
const out = arg('out', '/tmp/after-trial');
const day = Number(arg('day', '120'));
const effect = arg('effect', 'shaved');
const only = arg('only', '').split(',').filter(Boolean);
mkdirSync(out, { recursive: true });

type P = [number, number];
interface Landmarks {
  glabella: P;
  noseBase: P;
  chin: P;
  /** The brows' lowest y (photo px): no ink below it. */
  browY?: number;
  brows?: P[];
  /** Outer eye corners: the face's columns are between them. */
  lateralCanthi?: [P, P];
  head?: { x: number; y: number; width: number; height: number };
}
const lmFile = join(root, 'test/fixtures/portrait-landmarks.json');
const landmarks: Record<string, Landmarks> = {};
if (existsSync(lmFile))
  for (const [id, p] of Object.entries(JSON.parse(readFileSync(lmFile, 'utf8')).photos as Record<string, Landmarks & { browTops?: P[] }>))
    landmarks[id] = { ...p, browY: Math.max(p.glabella[1], ...(p.browTops ?? []).map((b) => b[1])) };

const files = readdirSync(photos)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
  .sort();
const { base, browser, close } = await startStudio();
const results: Record<string, unknown>[] = [];
try {
  for (const file of files) {
    const id = basename(file).slice(0, 2);
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' }); // tsx's keepNames helper, in the page
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    const t0 = Date.now();
    await page.goto(base);
    await page.waitForSelector('body[data-outlook="ready"][data-dots]');
    await page.setInputFiles('#open-photo', { name: file, mimeType: file.endsWith('png') ? 'image/png' : 'image/jpeg', buffer: readFileSync(join(photos, file)) });
    await page.waitForSelector(`body[data-photo="${file}"][data-face]:not([data-face="running"])`);
    const face = await page.evaluate(() => document.body.dataset.face);
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head).catch(() => undefined);
    await page.selectOption('#effect', effect);
    await page.evaluate((d) => (window as any).smpStudio.setDay(d), day);
    await page.waitForSelector('body[data-outlook="ready"]');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const fitMs = Date.now() - t0;
    const download = page.waitForEvent('download');
    await page.click('#export-pair');
    const dl = await download;
    const png = readFileSync(await dl.path());
    writeFileSync(join(out, `${id}-pair.png`), png);
    const lm = landmarks[id] ?? landmarks[file] ?? null;
    const m = await page.evaluate(
      async ({ b64, lm }) => {
        const s = (window as any).smpStudio;
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const W = img.width / 2;
        const H = img.height;
        const c = new OffscreenCanvas(img.width, H);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const px = g.getImageData(0, 0, img.width, H).data;
        // photo px of a plan point (mm): through the stage's canvas mapping and the camera
        const cam = s.camera;
        const toPx = (x: number, y: number): [number, number] | null => {
          const p = s.mmToCanvas(x, y);
          if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
          return [(p[0] - cam.x) / cam.zoom, (p[1] - cam.y) / cam.zoom];
        };
        // the treated polygons in photo px, rasterised into a mask
        const plan = s.plan;
        const mask = new OffscreenCanvas(W, H);
        const mg = mask.getContext('2d')!;
        mg.fillStyle = '#fff';
        let polys = 0;
        for (const r of plan.regions ?? []) {
          if (r.kind !== 'treated' || (r.densityScale ?? 1) < 1) continue; // the core area, not its feather into the hair
          const pts = (r.points as [number, number][]).map(([x, y]) => toPx(x, y)).filter(Boolean) as [number, number][];
          if (pts.length < 3) continue;
          mg.beginPath();
          pts.forEach(([x, y], i) => (i ? mg.lineTo(x, y) : mg.moveTo(x, y)));
          mg.closePath();
          mg.fill();
          polys++;
        }
        const md = mg.getImageData(0, 0, W, H).data;
        // the hairline as the photo shows it: a pixel above it (within its x-range) is behind the line; to the sides, all is
        const hl = ((plan.hairline?.points ?? []) as [number, number][]).map(([x, y]) => toPx(x, y)).filter(Boolean) as [number, number][];
        hl.sort((p, q) => p[0] - q[0]);
        const behind = (x: number, y: number): boolean => {
          if (hl.length < 2 || x <= hl[0]![0] || x >= hl[hl.length - 1]![0]) return true;
          let k = 1;
          while (hl[k]![0] < x) k++;
          const [x0, y0] = hl[k - 1]!, [x1, y1] = hl[k]!;
          return y < y0 + ((y1 - y0) * (x - x0)) / Math.max(1e-9, x1 - x0);
        };
        const lin = (v: number) => {
          const c = v / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        const Y = (i: number) => 0.2126 * px[i]! + 0.7152 * px[i + 1]! + 0.0722 * px[i + 2]!;
        const YL = (i: number) => 0.2126 * lin(px[i]!) + 0.7152 * lin(px[i + 1]!) + 0.0722 * lin(px[i + 2]!);
        let n = 0, b = 0, a = 0, bl = 0, al = 0;
        let changed = 0, below = 0, offHead = 0;
        const browY = lm ? lm.browY ?? (lm.brows ? Math.max(...lm.brows.map((p: [number, number]) => p[1])) : null) : null;
        const head = lm?.head ?? null;
        // 1-cm cells at the photo's scale
        const fit = s.doc.head;
        const pxPerMm: number = !fit ? 0 : fit.focalPx === Infinity || fit.focalPx == null ? fit.orthoPxPerMm : fit.focalPx / fit.centre[2];
        const cell = pxPerMm > 0 ? Math.max(2, Math.round(10 * pxPerMm)) : 0;
        const cells = new Map<number, { n: number; b: number; a: number; sb: number; sa: number; shaved: number }>();
        for (let y = 0; y < H; y++)
          for (let x = 0; x < W; x++) {
            const ib = 4 * (y * img.width + x);
            const ia = ib + 4 * W;
            const d = Y(ia) - Y(ib);
            if (Math.abs(px[ia]! - px[ib]!) + Math.abs(px[ia + 1]! - px[ib + 1]!) + Math.abs(px[ia + 2]! - px[ib + 2]!) > 3) {
              changed++;
              // the face below the brows, between the outer eye corners (the shaved sides above the ears are not the face)
              const face = lm?.lateralCanthi ? x >= lm.lateralCanthi[0][0] && x <= lm.lateralCanthi[1][0] : true;
              if (browY != null && y > browY && face) below++;
              if (head && (x < head.x || x > head.x + head.width || y < head.y || y > head.y + head.height)) offHead++;
            }
            if (md[4 * (y * W + x)]! < 128 || !behind(x, y)) continue;
            n++;
            b += Y(ib);
            a += Y(ia);
            const lb = YL(ib), la = YL(ia);
            bl += lb;
            al += la;
            if (cell) {
              const k = Math.floor(y / cell) * 100000 + Math.floor(x / cell);
              const e = cells.get(k) ?? { n: 0, b: 0, a: 0, sb: 0, sa: 0, shaved: 0 };
              e.n++;
              e.sb += Y(ib);
              e.sa += Y(ia);
              if (Y(ia) > Y(ib) + 2) e.shaved++; // hair the shaved look turned into skin
              e.b += lb;
              e.a += la;
              cells.set(k, e);
            }
            void d;
          }
        let full = 0, inked = 0, hairCells = 0;
        // the bare scalp's own means: the cells that are not shaved hair
        let bn = 0, bsb = 0, bsa = 0, blb = 0, bla = 0;
        // the cells drawn over the after half: green inked, red not, grey hair the shaved look shaved (not bald scalp)
        const cellMap = new OffscreenCanvas(W, H);
        const cg = cellMap.getContext('2d')!;
        cg.drawImage(img, W, 0, W, H, 0, 0, W, H);
        cg.lineWidth = Math.max(1, cell / 12);
        for (const [k, e] of cells) {
          if (e.n < 0.5 * cell * cell) continue;
          if (e.shaved > 0.2 * e.n) {
            hairCells++;
            cg.strokeStyle = 'rgba(160,160,160,0.8)';
            cg.strokeRect((k % 100000) * cell + 1, Math.floor(k / 100000) * cell + 1, cell - 2, cell - 2);
            continue;
          }
          full++;
          bn += e.n;
          bsb += e.sb;
          bsa += e.sa;
          blb += e.b;
          bla += e.a;
          const ok = e.a / e.b <= 0.98;
          if (ok) inked++;
          cg.strokeStyle = ok ? 'rgba(0,255,0,0.8)' : 'rgba(255,0,0,0.9)';
          cg.strokeRect((k % 100000) * cell + 1, Math.floor(k / 100000) * cell + 1, cell - 2, cell - 2);
        }
        const cellsPng = await new Promise<string>((res) => {
          const fr = new FileReader();
          cellMap.convertToBlob({ type: 'image/png' }).then((b) => {
            fr.onload = () => res(String(fr.result).split(',')[1]!);
            fr.readAsDataURL(b);
          });
        });
        // the midline hairline: the plan's hairline point nearest x = 0, in photo px
        const line = plan.hairline?.points as [number, number][] | undefined;
        let hairPx: [number, number] | null = null;
        if (line?.length) {
          const mid = [...line].sort((p, q) => Math.abs(p[0]) - Math.abs(q[0]))[0]!;
          hairPx = toPx(0, mid[1]);
        }
        let thirds: number | null = null;
        if (lm && hairPx) {
          const ux = lm.glabella[0] - lm.chin[0], uy = lm.glabella[1] - lm.chin[1];
          const ul = Math.hypot(ux, uy);
          const along = (p: number[], q: number[]) => ((p[0]! - q[0]!) * ux + (p[1]! - q[1]!) * uy) / ul;
          const third = (along(lm.glabella, lm.noseBase) + along(lm.noseBase, lm.chin)) / 2;
          thirds = along(hairPx, lm.glabella) / third;
        }
        return {
          width: W,
          height: H,
          pxPerMm,
          treatedPolys: polys,
          treatedPx: n,
          areaCm2: pxPerMm ? n / (100 * pxPerMm * pxPerMm) : null,
          beforeY: n ? b / n : null,
          afterY: n ? a / n : null,
          dLevelsAll: n ? (a - b) / n : null,
          dLinearPctAll: bl ? (100 * (al - bl)) / bl : null,
          beforeYBare: bn ? bsb / bn : null,
          dLevels: bn ? (bsa - bsb) / bn : null,
          dLinearPct: blb ? (100 * (bla - blb)) / blb : null,
          cells1cm: full,
          hairCells1cm: hairCells,
          inkedCellsPct: full ? (100 * inked) / full : null,
          changedPx: changed,
          belowBrowsPct: browY != null && changed ? (100 * below) / changed : null,
          offHeadPct: head && changed ? (100 * offHead) / changed : null,
          hairlinePx: hairPx,
          hairlineThirds: thirds,
          cellsPng,
        };
      },
      { b64: png.toString('base64'), lm },
    );
    // a normal-size look: the head region, before | after, as JPEG
    const crop: string = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const W = img.width / 2;
      const scale = Math.min(1, 700 / W);
      const out = document.createElement('canvas');
      out.width = Math.round(2 * W * scale) + 8;
      out.height = Math.round(img.height * scale);
      const g = out.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, out.width, out.height);
      g.drawImage(img, 0, 0, W, img.height, 0, 0, W * scale, img.height * scale);
      g.drawImage(img, W, 0, W, img.height, W * scale + 8, 0, W * scale, img.height * scale);
      return out.toDataURL('image/png').split(',')[1]!;
    }, png.toString('base64'));
    writeFileSync(join(out, `${id}-crop.png`), Buffer.from(crop, 'base64'));
    const { cellsPng, ...measured } = m;
    writeFileSync(join(out, `${id}-cells.png`), Buffer.from(cellsPng, 'base64'));
    const row = { id, file, face, fitMs, day, effect, ...measured };
    results.push(row);
    console.log(JSON.stringify(row));
    await context.close();
  }
} finally {
  await close();
}
writeFileSync(join(out, 'trial.json'), JSON.stringify(results, null, 1));
