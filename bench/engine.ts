// The engine the bench times: the compiled package in dist/ (`npm run bench` builds it first), which is what an
// app importing smp-sim and the studio's bundle run. Without dist/ the TypeScript sources under tsx, whose
// module wrappers sit in the hot loops (2–3× slower on a default plan here; about even at 1M dots).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Aging from '../src/aging/index.js';
import type * as Simulate from '../src/simulate.js';

const dist = (p: string) => new URL(`../dist/${p}.js`, import.meta.url);
/** True when the bench runs the compiled engine. */
export const compiled = existsSync(fileURLToPath(dist('src/simulate'))) && existsSync(fileURLToPath(dist('workers/api')));
/** Where the timed engine comes from, for the header. */
export const engineSource = compiled ? 'dist/ (compiled by npm run build)' : 'src/ under tsx (run npm run build for the compiled engine)';

const sim = (await import(compiled ? dist('src/simulate').href : '../src/simulate.js')) as typeof Simulate;
const aging = (await import(compiled ? dist('src/aging/index').href : '../src/aging/index.js')) as typeof Aging;
export const { simulate, simulateValid } = sim;
export const { DEFAULT_AGING, allocAppearance, appearanceAt, coverageCurve } = aging;

/** Source of a worker thread (eval) that exposes the engine API on its parentPort: dist/workers/api.js, else the TypeScript entry under tsx. */
export function engineThreadSource(): string {
  if (compiled)
    return `const { parentPort } = require('node:worker_threads');
Promise.all([import('comlink/dist/esm/node-adapter.mjs'), import(${JSON.stringify(dist('workers/api').href)})]).then(([n, a]) => a.exposeEngine(n.default(parentPort)));`;
  // Node 20 worker threads don't inherit tsx's loader: register it, then load the TypeScript entry
  const entry = JSON.stringify(new URL('./engine-thread.ts', import.meta.url).href);
  return `import('tsx/esm/api').then((t) => { t.register(); return import(${entry}); })`;
}
