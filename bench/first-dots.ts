// Fresh-process and fresh-worker time to first dots of the default plan (issue 10: ≤ 150 ms in a fresh
// worker, tile included). Each runs in a new Node process, timed from that process's own start
// (performance.now() counts from it): the compiled package in dist/ when it is built (`npm run build`), else
// the TypeScript sources under tsx, whose on-the-fly transpiling the module-load figure then includes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = existsSync(`${root}dist/src/index.js`) && existsSync(`${root}dist/workers/api.js`);

/** One child run: prints JSON { load, tile, simulate, total } (ms since the process started). */
function child(code: string): { load: number; tile: number; simulate: number; total: number; dots: number } {
  const args = dist ? ['--input-type=module', '-e', code] : ['--import', 'tsx', '--input-type=module', '-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!);
}

const src = (p: string) => JSON.stringify(dist ? `./dist/${p}.js` : `./${p}.ts`);

// in the process itself: import the engine, decode the tile, simulate the default plan
const inProcess = `
const t0 = performance.now();
const m = await import(${src('src/index')});
const tm = await import(${src('src/tile')});
const t1 = performance.now();
tm.defaultTile();
const t2 = performance.now();
const d = m.simulate(m.defaultPlanInput('first-dots'));
const t3 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, tile: t2 - t1, simulate: t3 - t2, total: t3, dots: d.count }));`;

// in a fresh worker thread of the process, through comlink, as the studio's first request
const inWorker = `
import { Worker } from 'node:worker_threads';
const Comlink = await import('comlink');
const nodeEndpoint = (await import('comlink/dist/esm/node-adapter.mjs')).default;
const { defaultPlanInput } = await import(${src('src/presets')});
const plan = defaultPlanInput('first-dots');
const boot = ${JSON.stringify(dist ? '' : "await import('tsx/esm/api').then((t) => t.register());")};
const t0 = performance.now();
const w = new Worker(boot + "const { parentPort } = await import('node:worker_threads'); const ne = (await import('comlink/dist/esm/node-adapter.mjs')).default; const { exposeEngine } = await import(" + JSON.stringify(new URL(${src('workers/api')}, 'file://${root}').href) + "); exposeEngine(ne(parentPort));", { eval: true, type: 'module' });
const api = Comlink.wrap(nodeEndpoint(w));
const version = await api.version();
const t1 = performance.now();
const tile = await api.warmUp();
const d = await api.simulate(plan);
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, tile, simulate: t2 - t1 - tile, total: t2 - t0, dots: d.count }));
api[Comlink.releaseProxy](); await w.terminate();`;

/** Two printed lines: first dots in a fresh process and in a fresh worker (best of 3 each). */
export async function firstDots(): Promise<string[]> {
  const best = (code: string) => {
    const runs = [0, 1, 2].map(() => child(code));
    return runs.reduce((a, b) => (b.total < a.total ? b : a));
  };
  const p = best(inProcess);
  const w = best(inWorker);
  const how = dist ? 'dist/' : 'sources under tsx';
  const f = (v: number) => v.toFixed(1);
  return [
    `first dots, fresh process (${how}, best of 3): ${f(p.total)} ms from process start = boot + module load ${f(p.load)} + tile ${f(p.tile)} + simulate ${f(p.simulate)} (default plan, ${p.dots} dots)`,
    `first dots, fresh worker  (${how}, best of 3): ${f(w.total)} ms from new Worker = start + module load, tile and warm-up ${f(w.load + w.tile)} (the worker loads its tile before it answers; warmUp, which the client sends at spawn, simulates a 5 × 4.5 cm patch) + simulate ${f(w.simulate)} (default plan, ${w.dots} dots)`,
  ];
}
