// Face analysis bench: the face worker (Human face mesh + iris + selfie mask on tfjs-wasm, then the pure
// classification) in Debian's headless Chromium, on the shared photos, under the studio's strict CSP with every
// foreign request counted. Prints model load, the first call and the warm call per photo (median of 3, with the
// worker's own split: detection, mask, classification, each a median of the same 3 runs). Run: npm run bench:face
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { faceAssets } from '../examples/vite-assets.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const photos = `${root}../shared/photos/`;
const NAMES = [
  '01_front_nw7_eisenhower_pd.jpg', '03_front_shaved_michael_dorn.jpg', '04_front_nw6_vint_cerf.jpg',
  '06_threequarter_nw6_donald_knuth.jpg', '07_front_nw5_stephen_wolfram.jpg', '09_front_nw5_thinning_tony_hoare.jpg',
  '10_front_nw3_harry_truman_pd.jpg', '11_front_buzzcut_rasmus_lerdorf.jpg', '12_front_buzzcut_nw2_jeff_dean.jpg',
  '13_front_shortcrop_nw2_filippo_giunchedi.jpg', '14_front_nw2_guido_van_rossum.jpg', '15_front_nw3_bw_lyndon_johnson_pd.jpg',
];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: data:; style-src 'self'";

if (!existsSync(photos)) {
  console.log(`bench:face needs the shared photos at ${photos}`);
  process.exit(0);
}

const server = await createServer({
  configFile: false,
  root,
  logLevel: 'error',
  plugins: [faceAssets()],
  worker: { format: 'es' },
  optimizeDeps: { include: ['comlink', '@vladmandic/human', 'd3-contour'] },
  server: { host: '127.0.0.1', port: 0, fs: { allow: [root, photos] } },
});
await server.listen();
const addr = server.httpServer!.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage();
const foreign: string[] = [];
const refused: string[] = [];
page.on('request', (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
});
page.on('console', (m) => {
  if (/Content Security Policy|Refused/.test(m.text())) refused.push(m.text());
});
// the policy rides on every response, so the worker script gets it too (a worker's CSP is its own response's)
await page.route(`${base}**`, async (route) => {
  if (route.request().url() === `${base}__face_bench.html`)
    return route.fulfill({ status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': CSP }, body: '<!doctype html><title>face bench</title>' });
  const response = await route.fetch();
  return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
});
await page.goto(`${base}__face_bench.html`);

interface Row {
  name: string;
  size: string;
  first: number;
  warm: number[];
  detect: number[];
  segment: number[];
  classify: number[];
  face: boolean;
  backend: string;
}
// plain JavaScript (a string, so that tsx's helpers do not leak into the page)
const PAGE_SCRIPT = `async ({ names, photoPath }) => {
  const { createFaceAnalyser } = await import('/workers/face-client.ts');
  const fa = createFaceAnalyser();
  const t0 = performance.now();
  await fa.warmUp();
  const load = performance.now() - t0;
  const bitmap = async (n) => createImageBitmap(await (await fetch('/@fs' + photoPath + n)).blob());
  const rows = [];
  for (const [k, n] of names.entries()) {
    let first = NaN;
    if (k === 0) {
      const t = performance.now();
      await fa.analyse(await bitmap(n));
      first = performance.now() - t;
    }
    const warm = [], detect = [], segment = [], classify = [];
    for (let r = 0; r < 3; r++) {
      const b = await bitmap(n);
      const size = b.width + '×' + b.height;
      const t = performance.now();
      const last = await fa.analyseTimed(b);
      warm.push(performance.now() - t);
      detect.push(last.timings.detect);
      segment.push(last.timings.segment);
      classify.push(last.timings.classify);
      if (r === 2) rows.push({ name: n, size, first, warm, detect, segment, classify, face: !!last.observation.face, backend: last.backend });
    }
  }
  fa.close();
  return { load, rows };
}`;
const result = (await page.evaluate(`(${PAGE_SCRIPT})(${JSON.stringify({ names: NAMES, photoPath: photos })})`)) as { load: number; rows: Row[] };
await browser.close();
await server.close();

const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—').padStart(8);
console.log('face analysis in its worker (Human 3.3.6 face mesh + iris + selfie mask, tfjs-wasm 4.22.0; headless Chromium, strict CSP)');
console.log(`${'model load (worker start, wasm, blazeface + facemesh + iris + selfie)'.padEnd(72)}${ms(result.load)}`);
const firstRow = result.rows[0]!;
console.log(`${`first call (${firstRow.name.slice(0, 2)}, ${firstRow.size})`.padEnd(72)}${ms(firstRow.first)}`);
console.log(`${'photo'.padEnd(46)}${'size'.padStart(10)}${'warm'.padStart(10)}${'detect'.padStart(10)}${'mask'.padStart(9)}${'classify'.padStart(10)}  face`);
for (const r of result.rows)
  console.log(`${r.name.padEnd(46)}${r.size.padStart(10)}${ms(med(r.warm)).padStart(10)}${ms(med(r.detect)).padStart(10)}${ms(med(r.segment)).padStart(9)}${ms(med(r.classify)).padStart(10)}  ${r.face ? 'yes' : 'NO'}`);
const warmAll = result.rows.map((r) => med(r.warm));
console.log(`${'warm call, median over the photos'.padEnd(72)}${ms(med(warmAll))}`);
console.log(`${'first call / warm median'.padEnd(72)}${(firstRow.first / med(warmAll)).toFixed(2).padStart(8)}×`);
const backends = [...new Set(result.rows.map((r) => r.backend))].join(', ');
console.log(`tfjs backend: ${backends}; foreign requests: ${foreign.length}; CSP refusals: ${refused.length}`);
if (foreign.length || refused.length || backends !== 'wasm') {
  console.log([...foreign, ...refused].join('\n'));
  process.exitCode = 1;
}
