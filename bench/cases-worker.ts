// Worker round trip (issue 2: a 100k-dot plan round-trips through the worker in ≤ 30 ms): the engine API on a
// node worker thread through comlink, dots transferred back. Printed next to simulate() in-process, so the
// difference is the messaging cost.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import { type Dots } from '../src/dots.js';
import { validatePlan, type PlanInput } from '../src/plan.js';
import { defaultPlanInput } from '../src/presets.js';
import { simulate } from '../src/simulate.js';
import type { EngineApi } from '../workers/api.js';
import type { BenchCase, Row } from './cases.js';
import { consume, measure, measureAsync } from './lib.js';

/** A default-looking plan on a square sized for about `target` dots (≈ 0.9 dots/mm² at 90/cm²). */
function squarePlan(target: number): PlanInput {
  const side = Math.round(Math.sqrt(target / 0.9));
  return {
    ...defaultPlanInput('bench-worker'),
    hairline: null,
    regions: [{ kind: 'treated', name: 'square', points: [[0, 0], [side, 0], [side, side], [0, side]] }],
  };
}

export const workerCases: BenchCase[] = [
  {
    name: 'worker round trip 100k',
    run: async () => {
      const plan = squarePlan(100_000);
      validatePlan(plan);
      const local = measure(() => simulate(plan), 10, 3);
      const thread = new Worker(
        // Node 20 worker threads don't inherit tsx's loader: register it, then load the TypeScript entry
        `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./engine-thread.ts', import.meta.url).href)}); })`,
        { eval: true },
      );
      const api = Comlink.wrap<EngineApi>(nodeEndpoint(thread));
      try {
        await api.warmUp();
        const remote = await measureAsync(async () => {
          const d = (await api.simulate(plan)) as Dots;
          consume(d.xy[d.count]!);
          return d;
        }, 10, 3);
        const n = remote.last.count;
        return [
          { method: 'engine in-process', case: 'simulate 100k', dots: local.last.count, timing: local.timing },
          { method: 'engine via worker', case: 'round trip 100k', dots: n, timing: remote.timing, note: `overhead ${(remote.timing.mean - local.timing.mean).toFixed(1)} ms` },
        ] satisfies Row[];
      } finally {
        api[Comlink.releaseProxy]();
        await thread.terminate();
      }
    },
  },
];
