// Studio bench: what a user waits for in the built studio (vite build, served by vite preview, Debian's headless
// Chromium, software WebGL), for this tree's build and, interleaved with it, a baseline build (another commit's
// dist-app): the machine is shared and drifts, so only figures of one sitting compare.
//
// Start-up (Chromium started directly, no DevTools attached: Playwright pauses every new worker to instrument it,
// which moved the first dots by up to a second): each load in a fresh profile, then a reload in the same profile
// (warm: HTTP cache, service worker, the autosave). A probe script (bench-probe.js, written into the bench's own
// copy of each build, never into dist-app) notes from navigation start: the first dots taken (body[data-dots]),
// the frame that draws them, the coverage chart and forecast (body[data-outlook]), the bytes fetched before the
// first dots; then it drops portrait 01 on the stage (as a user would) and times it to the fitted head
// (body[data-face]).
// Controls (Playwright, fitted photo 01): from the input event (its timeStamp) to the new dots taken and to the
// next frame: the density slider, the style select, a hairline handle drag, each a second after the last change
// (SETTLE_MS); and the day slider's frame.
//
// Run: npm run bench:studio -- [--base=DIR (a built dist-app to compare with)] [--loads=N (fresh profiles per
// build, default 5)] [--controls=N (changes per control, default 12)] [--skip=startup|controls] [--save]
// --save appends one JSON line per figure to bench/studio-history.jsonl.
// A baseline: git archive <commit> | tar -x -C /tmp/base; ln -s $PWD/node_modules /tmp/base/; (cd /tmp/base && npx vite build)
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const configFile = `${root}vite.config.ts`;
const PHOTO = `${root}../shared/photos/01_front_nw7_eisenhower_pd.jpg`;
const args = process.argv.slice(2);
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const unknown = args.filter((a) => !/^--(base|loads|controls|skip)=/.test(a) && a !== '--save');
if (unknown.length) throw new Error(`bench:studio: unknown argument ${unknown.join(' ')}`);
const LOADS = Number(option('loads') ?? 5);
const CONTROLS = Number(option('controls') ?? 12);
const skip = option('skip');
const baseDir = option('base');
if (baseDir && !existsSync(join(baseDir, 'index.html'))) throw new Error(`bench:studio: --base=${baseDir} holds no built studio (index.html)`);
if (!existsSync(PHOTO)) throw new Error(`bench:studio: portrait 01 is missing (${PHOTO})`);

const work = mkdtempSync(join(tmpdir(), 'smp-studio-bench-'));
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() ? '+' : '';

/** The probe: a plain same-origin script (the CSP allows no inline one), first in <head>. */
const PROBE = `(() => {
  if (navigator.webdriver) return; // the controls part drives the page itself
  const n = Number(sessionStorage.getItem('smp-bench-load') || '0');
  sessionStorage.setItem('smp-bench-load', String(n + 1));
  const r = { load: n };
  const log = (o) => console.log('SMP-BENCH ' + JSON.stringify(o));
  const bytes = (until) => performance.getEntriesByType('resource').filter((e) => e.responseEnd <= until)
    .reduce((a, e) => [a[0] + (e.transferSize || 0), a[1] + (e.decodedBodySize || 0)], [0, 0]);
  let photoAt = 0;
  const done = () => {
    if (n === 0) navigator.serviceWorker && navigator.serviceWorker.getRegistration
      ? Promise.race([navigator.serviceWorker.ready, new Promise((res) => setTimeout(res, 20000))]).then(() => setTimeout(() => location.reload(), 500))
      : location.reload();
    else log({ end: true });
  };
  const check = () => {
    const d = document.body && document.body.dataset;
    if (!d) return;
    if (d.dots && r.dots === undefined) {
      r.dots = performance.now();
      requestAnimationFrame(() => ((r.drawn = performance.now()), check()));
    }
    if (d.outlook && r.outlook === undefined && r.drawn !== undefined) {
      r.outlook = performance.now();
      [r.fetched, r.decoded] = bytes(r.dots);
      r.sw = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
      log(r);
      // the user picks a photo a moment later
      setTimeout(async () => {
        const blob = await (await fetch('./bench-photo.jpg')).blob();
        const dt = new DataTransfer();
        dt.items.add(new File([blob], 'photo-01.jpg', { type: 'image/jpeg' }));
        photoAt = performance.now();
        document.getElementById('canvas-wrap').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, 1500);
    }
    if (photoAt && d.face && d.face !== 'running' && r.face === undefined) {
      r.face = performance.now() - photoAt;
      log({ load: n, face: r.face, state: d.face });
      setTimeout(done, 300);
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-dots', 'data-outlook', 'data-face'] });
})();
`;

/** A copy of a built studio with the probe and the photo beside it. */
function prepare(dir: string, name: string): string {
  const out = join(work, name);
  cpSync(dir, out, { recursive: true });
  writeFileSync(join(out, 'bench-probe.js'), PROBE);
  cpSync(PHOTO, join(out, 'bench-photo.jpg'));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  writeFileSync(join(out, 'index.html'), html.replace(/<head>/, '<head><script src="./bench-probe.js"></script>'));
  return out;
}

async function serve(outDir: string): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({ configFile, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const addr = server.httpServer.address();
  return { server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` };
}

console.log(`smp-sim studio bench  ${new Date().toISOString()}  ${commit}${dirty}  ${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim()} (SwiftShader)`);
const mineBuilt = join(work, 'built');
await build({ configFile, logLevel: 'error', build: { outDir: mineBuilt, emptyOutDir: true } });
const builds: { name: string; dir: string }[] = [{ name: `this tree (${commit}${dirty})`, dir: prepare(mineBuilt, 'mine') }];
if (baseDir) builds.push({ name: `baseline (${baseDir})`, dir: prepare(baseDir, 'base') });
const servers = await Promise.all(builds.map((b) => serve(b.dir)));

type Row = { case: string; build: number; ms: number[] };
const rows: Row[] = [];
const add = (c: string, b: number, ms: number) => {
  let r = rows.find((x) => x.case === c && x.build === b);
  if (!r) rows.push((r = { case: c, build: b, ms: [] }));
  r.ms.push(ms);
};

/** One fresh profile: a first visit and a reload; the probe's lines. */
function visit(url: string): Promise<Record<string, number | boolean>[]> {
  const profile = mkdtempSync(join(work, 'profile-'));
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, ['--headless=new', ...CHROMIUM_ARGS, '--enable-logging=stderr', '--v=0', '--window-size=1280,800', `--user-data-dir=${profile}`, url]);
    let text = '';
    const timer = setTimeout(() => (child.kill(), reject(new Error(`bench:studio: no end from the probe in 180 s:\n${text.slice(-3000)}`))), 180_000);
    child.stderr.on('data', (b: Buffer) => {
      text += b.toString();
      if (/SMP-BENCH \{"end":true\}/.test(text) && !child.killed) {
        clearTimeout(timer);
        child.once('close', () => {
          rmSync(profile, { recursive: true, force: true });
          resolve([...text.matchAll(/SMP-BENCH (\{.*\})/g)].map((m) => JSON.parse(m[1]!)));
        });
        child.kill();
      }
    });
  });
}

if (skip !== 'startup') {
  for (let i = 0; i < LOADS; i++)
    for (let k = 0; k < builds.length; k++) {
      const b = (i + k) % builds.length; // alternate which build goes first
      for (const r of await visit(servers[b]!.url)) {
        const when = r.load === 0 ? 'first visit' : 'reload';
        if (typeof r.drawn === 'number') {
          add(`start: first dots drawn, ${when}`, b, r.drawn);
          add(`start: chart and forecast, ${when}`, b, r.outlook as number);
          add(`start: KB fetched before the first dots, ${when}`, b, (r.fetched as number) / 1024);
        }
        if (typeof r.face === 'number') add(`photo 01 → fitted head, ${when}`, b, r.face);
      }
      process.stdout.write('.');
    }
  process.stdout.write('\n');
}

/** Pause after each timed change. */
const SETTLE_MS = 1000;

/** Times `act` from its input event to the new dots (body[data-dots] changed) and to the frame after. */
async function timed(page: Page, act: () => Promise<void>): Promise<[number, number]> {
  await page.evaluate(() => {
    const w = window as any;
    w.__bench = { input: 0, dots: 0, drawn: 0 };
    // (no named functions in here: tsx would wrap them in a helper the page lacks)
    for (const t of ['input', 'change', 'pointermove']) window.addEventListener(t, (e: Event) => (w.__bench.input ||= e.timeStamp), { capture: true, once: true });
    const before = document.body.dataset.dots;
    w.__benchMo = new MutationObserver(() => {
      if (document.body.dataset.dots === before && !w.__bench.changed) return;
      w.__bench.changed = true;
      if (w.__bench.dots) return;
      w.__bench.dots = performance.now();
      w.__benchMo.disconnect();
      requestAnimationFrame(() => (w.__bench.drawn = performance.now()));
    });
    w.__benchMo.observe(document.body, { attributes: true, attributeFilter: ['data-dots'] });
  });
  await act();
  await page.waitForFunction(() => (window as any).__bench.drawn > 0);
  // the chart's coverage and forecast follow a settled plan (200 ms): let them finish, as between a user's changes
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate(() => {
    const b = (window as any).__bench;
    return [b.dots - b.input, b.drawn - b.input] as [number, number];
  });
}

async function controls(url: string, b: number): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(120_000);
    await page.goto(url);
    await page.waitForSelector('body[data-outlook="ready"][data-dots]');
    await page.setInputFiles('#open-photo', { name: 'photo-01.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
    await page.waitForSelector('body[data-face="found"]');
    await page.waitForFunction(() => !!(window as any).smpStudio.doc.head && document.body.dataset.shaved !== 'running');
    await page.waitForTimeout(1000);
    const density = page.locator('#density');
    const style = page.locator('#hairline-style');
    // the styles with a hairline (the handle drag needs one)
    const styles = (await style.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v && v !== 'none');
    for (let i = 0; i < CONTROLS; i++) {
      const v = String(80 + (i % 2) * 10 + i);
      const [t, f] = await timed(page, async () => {
        await density.evaluate((el: HTMLInputElement, x) => {
          el.value = x;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }, v);
      });
      await density.evaluate((el) => el.dispatchEvent(new Event('change', { bubbles: true })));
      add('control: density slider → dots taken', b, t);
      add('control: density slider → next frame', b, f);
      const s = styles[(i + 1) % styles.length]!;
      const [t2, f2] = await timed(page, () => style.selectOption(s).then(() => {}));
      add('control: style select → dots taken', b, t2);
      add('control: style select → next frame', b, f2);
      const handle = page.locator('#overlay .handle').nth(2);
      const box = (await handle.boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 2, y - 2);
      const [t3, f3] = await timed(page, () => page.mouse.move(x + 6, y - 6 - (i % 3)));
      await page.mouse.up();
      add('control: hairline handle drag → dots taken', b, t3);
      add('control: hairline handle drag → next frame', b, f3);
    }
    await page.evaluate(() => performance.clearMeasures('smp:frame'));
    for (let i = 0; i < CONTROLS; i++) {
      await page.evaluate((d) => (window as any).smpStudio.setDay(d), 30 + i * 100);
      await page.waitForSelector(`body[data-drawn-day="${30 + i * 100}"]`);
      await page.waitForTimeout(50);
    }
    for (const d of await page.evaluate(() => performance.getEntriesByName('smp:frame').map((e) => e.duration))) add('control: day slider, frame (render + overlay)', b, d);
  } finally {
    await browser.close();
  }
}

if (skip !== 'controls') {
  for (let k = 0; k < builds.length; k++)
    await controls(servers[k]!.url, k).catch((e: unknown) => console.log(`controls of ${builds[k]!.name} stopped: ${(e as Error).message.split('\n')[0]}`));
}

for (const s of servers) await s.server.close();
rmSync(work, { recursive: true, force: true });

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (r: Row | undefined) => (r ? `${median(r.ms).toFixed(0).padStart(6)} (${Math.min(...r.ms).toFixed(0)}–${Math.max(...r.ms).toFixed(0)}, n=${r.ms.length})` : '–').padEnd(28);
console.log(`median (range, n) in ms unless said${builds.length > 1 ? `; columns: ${builds.map((b) => b.name).join(' | ')}` : ''}`);
for (const c of [...new Set(rows.map((r) => r.case))]) console.log(`  ${c.padEnd(48)} ${builds.map((_, b) => fmt(rows.find((r) => r.case === c && r.build === b))).join(' ')}`);

if (args.includes('--save')) {
  const date = new Date().toISOString();
  const lines = rows.map((r) => JSON.stringify({ commit: `${commit}${dirty}`, date, build: r.build === 0 ? 'this' : `base:${baseDir}`, case: r.case, median: +median(r.ms).toFixed(1), min: +Math.min(...r.ms).toFixed(1), n: r.ms.length }));
  appendFileSync(new URL('./studio-history.jsonl', import.meta.url), lines.join('\n') + '\n');
  console.log(`saved ${lines.length} lines to bench/studio-history.jsonl`);
}
