// First dots in the browser: the engine worker as the studio's build ships it (vite build), served by vite
// preview, in Debian's headless Chromium started directly (no DevTools protocol attached: Playwright's
// instrumentation of workers adds up to a second here and would swamp the figure). A probe page spawns the
// built engine worker and times, through comlink's wire format: the worker's module load (spawn → first
// answer), the tile and warm-up (warmUp: the tile fetched beside the worker in the build, a 5 × 4.5 cm patch
// simulated), and the first simulate of the sample plan (default plan), dots transferred back; then the next plans
// one by one (other seeds), which still meet code the optimising compiler has not reached. Four workers per browser
// profile (the first one loads from cold, the others from the HTTP cache), in four fresh profiles: this VM's speed
// drifts, and 16 runs give a median that two identical builds reproduce within ≈ 25 ms. Run: npm run bench:first-dots
// To see why a first plan is slow: `npm run bench:first-dots -- --js-flags=--trace-deopt [--profiles=1]` builds the
// studio unminified (readable function names) and writes what V8 prints to the file named at the end.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { defaultPlanInput } from '../src/presets.js';
import { CHROMIUM } from '../test/helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const unknown = args.filter((a) => !/^--(profiles|js-flags)=/.test(a));
if (unknown.length) throw new Error(`bench:first-dots: unknown argument ${unknown.join(' ')} (use --profiles=N, --js-flags=...)`);
/** Fresh browser profiles, four workers each. */
const PROFILES = Number(option('profiles') ?? 4);
if (!(Number.isInteger(PROFILES) && PROFILES >= 1)) throw new Error(`bench:first-dots: --profiles=${option('profiles')} is not a count`);
/** V8 flags for the browser (a diagnosis: the build is then unminified, and V8's output goes to `v8Log`). */
const jsFlags = option('js-flags');
const v8Log = join(tmpdir(), 'smp-first-dots-v8.log');
if (jsFlags) writeFileSync(v8Log, '');
/** Plans simulated after the first in each fresh worker (timed one by one). */
const NEXT_PLANS = 4;
const configFile = `${root}vite.config.ts`;
await build({ configFile, logLevel: 'error', ...(jsFlags ? { build: { minify: false } } : {}) });
const out = `${root}dist-app`;
const worker = readdirSync(`${out}/assets`).find((f) => /^engine\.worker-.*\.js$/.test(f));
if (!worker) throw new Error('bench:first-dots: the build has no engine worker');
// the probe: plain script files (the app's CSP allows only its own origin's scripts)
writeFileSync(`${out}/first-dots-probe.html`, '<!doctype html><meta charset="utf-8"><script type="module" src="./assets/first-dots-probe.js"></script>');
writeFileSync(
  `${out}/assets/first-dots-probe.js`,
  `const plan = ${JSON.stringify(defaultPlanInput('first-dots'))};
async function once() {
  const t0 = performance.now();
  const w = new Worker(new URL('./${worker}', import.meta.url), { type: 'module' });
  const call = (id, path, args) => new Promise((res) => {
    const on = (e) => { if (e.data && e.data.id === id) { w.removeEventListener('message', on); res([performance.now(), e.data]); } };
    w.addEventListener('message', on);
    w.postMessage({ id, type: 'APPLY', path, argumentList: args.map((value) => ({ type: 'RAW', value })) });
  });
  const [a] = await call('v', ['version'], []);
  const [b] = await call('w', ['warmUp'], []);
  const [c, d] = await call('s', ['simulate'], [plan]);
  // the next plans a fresh worker meets (the sample under other seeds: every field and walk rebuilt), while its
  // code is still being optimised
  const more = [];
  let t = c;
  for (let i = 0; i < ${NEXT_PLANS}; i++) {
    const [e] = await call('n' + i, ['simulate'], [{ ...plan, seed: 'next-' + i }]);
    more.push(e - t);
    t = e;
  }
  w.terminate();
  return [a - t0, b - a, c - b, c - t0, d.value && d.value.count, ...more];
}
const runs = [];
for (let i = 0; i < 4; i++) runs.push(await once());
console.log('FIRST-DOTS ' + JSON.stringify(runs));
`,
);
const server = await preview({ configFile, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
const addr = server.httpServer.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/first-dots-probe.html`;
const rows: number[][] = [];
try {
  for (let p = 0; p < PROFILES; p++) {
    const profile = mkdtempSync(join(tmpdir(), 'smp-first-dots-'));
    try {
      const log = await new Promise<string>((resolve, reject) => {
        // chromium keeps running after the page is done: read its log until the probe's line appears
        import('node:child_process').then(({ spawn }) => {
          const flags = jsFlags ? [`--js-flags=${jsFlags}`] : [];
          const child = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', ...flags, '--disable-gpu', '--enable-logging=stderr', '--v=0', '--no-first-run', '--disable-background-networking', `--user-data-dir=${profile}`, url]);
          let text = '';
          const timer = setTimeout(() => (child.kill(), reject(new Error('bench:first-dots: no answer from the probe in 120 s'))), 120_000);
          if (jsFlags) child.stdout.on('data', (b: Buffer) => appendFileSync(v8Log, b));
          child.stderr.on('data', (b: Buffer) => {
            text += b.toString();
            if (/FIRST-DOTS \[.*\]/.test(text) && !child.killed) {
              clearTimeout(timer);
              child.once('close', () => resolve(text)); // the profile is free once chromium has exited
              child.kill();
            }
          });
        }, reject);
      });
      rows.push(...(JSON.parse(/FIRST-DOTS (\[.*\])/.exec(log)![1]!) as number[][]));
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  await new Promise((r) => server.httpServer.close(r));
  rmSync(`${out}/first-dots-probe.html`, { force: true });
  rmSync(`${out}/assets/first-dots-probe.js`, { force: true });
}
const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
console.log(`first dots of the sample plan (${rows[0]![4]} dots) in a fresh engine worker of the built studio, ${version}, no DevTools attached:`);
// the worker answers its first call once its tile is in (loadDefaultTile), so the module figure holds the tile's fetch;
// warmUp (the client sends it at spawn) loads the tile and simulates a 5 × 4.5 cm patch
rows.forEach((r, i) => console.log(`  ${i % 4 === 0 ? 'cold ' : 'cached'} total ${r[3]!.toFixed(0).padStart(4)} ms = module, tile and warm-up ${(r[0]! + r[1]!).toFixed(0)} + first simulate ${r[2]!.toFixed(0)}; next plans ${r.slice(5).map((v) => v.toFixed(0)).join(', ')}`));
const totals = rows.map((r) => r[3]!).sort((a, b) => a - b);
const q = (f: number) => totals[Math.min(totals.length - 1, Math.floor(f * totals.length))]!.toFixed(0);
console.log(`  best ${q(0)} ms, p25 ${q(0.25)}, median ${q(0.5)}, p75 ${q(0.75)}, worst ${q(1)} ms (${totals.length} workers)`);
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const plans = [2, ...Array.from({ length: NEXT_PLANS }, (_, i) => 5 + i)].map((c) => median(rows.map((r) => r[c]!)));
console.log(`  plans 1–${NEXT_PLANS + 1} in a fresh worker, median each: ${plans.map((v) => v.toFixed(0)).join(', ')} ms (together ${plans.reduce((a, b) => a + b, 0).toFixed(0)}; warm: ≈ 3 ms each)`);
if (jsFlags) console.log(`  V8 (--js-flags=${jsFlags}, unminified build; timings above are not comparable): ${v8Log}`);
