// Worker round trip (issue 2: a 100k-dot plan round-trips through the worker in ≤ 30 ms): the engine API on a
// node worker thread through comlink, dots transferred back. Printed next to simulate() in-process, so the
// difference is the messaging cost.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dotsTransferables, type Dots } from '../src/dots.js';
import { validatePlan, type PlanInput } from '../src/plan.js';
import { defaultPlanInput } from '../src/presets.js';
import type { EngineApi } from '../workers/api.js';
import { createEngine, type Engine, type EngineConnection } from '../workers/client.js';
import type { BenchCase, Row } from './cases.js';
import { consume, measure, measureAsync, median, summarize } from './lib.js';
import { engineThreadSource, simulate } from './engine.js';
import { hairlineHead } from './workloads.js';

/** A default-looking plan on a square sized for about `target` dots (≈ 0.9 dots/mm² at 90/cm²). */
function squarePlan(target: number): PlanInput {
  const side = Math.round(Math.sqrt(target / 0.9));
  return {
    ...defaultPlanInput('bench-worker'),
    hairline: null,
    regions: [{ kind: 'treated', name: 'square', points: [[0, 0], [side, 0], [side, side], [0, side]] }],
  };
}

/** A node worker thread running the engine API: the compiled one when built (bench/engine.ts). */
function startEngineThread(): Worker {
  return new Worker(engineThreadSource(), { eval: true });
}

/** A node worker thread running the engine API (workers/api.ts) through comlink, as the studio's worker. */
function engineThread(): { api: Comlink.Remote<EngineApi>; close: () => Promise<unknown> } {
  const thread = startEngineThread();
  const api = Comlink.wrap<EngineApi>(nodeEndpoint(thread));
  return {
    api,
    close: () => {
      api[Comlink.releaseProxy]();
      return thread.terminate();
    },
  };
}

/** createEngine's `spawn` in node: the engine on a worker thread, so a pool of them runs on as many threads. */
function threadConnection(): EngineConnection {
  const thread = startEngineThread();
  const deaths: ((reason: Error) => void)[] = [];
  thread.on('error', (e) => deaths.forEach((cb) => cb(e)));
  return { endpoint: nodeEndpoint(thread), terminate: () => void thread.terminate(), onDeath: (cb) => void deaths.push(cb) };
}

/**
 * Timings of `plan(i)` for i < edits on each engine, interleaved (engine 0, 1, 2, then the next edit), so a change in
 * the machine's load falls on every engine alike. ms[e] are engine e's timings.
 */
async function interleavedSeries(engines: Engine[], plan: (i: number) => PlanInput, edits: number): Promise<number[][]> {
  const ms = engines.map(() => [] as number[]);
  for (let i = 0; i < edits; i++) {
    for (let e = 0; e < engines.length; e++) {
      const t0 = performance.now();
      const d = await engines[e]!.simulate(plan(i));
      ms[e]!.push(performance.now() - t0);
      consume(d.xy[d.count] ?? 0);
    }
  }
  return ms;
}

/**
 * The 1M head of the worker cases and its kinds of edit: the whole hairline moved 0.1 mm per step (the density
 * field's hairline part is rebuilt every time), one handle and its mirror partner moved 0.1 mm per step (what the
 * studio's hairline editor does), and a session shade (the field is kept).
 */
function headEdits(): { drag: (i: number) => PlanInput; handle: (i: number) => PlanInput; session: (i: number) => PlanInput } {
  const base = hairlineHead(1_000_000, 3).plans[0]!;
  const pts = base.hairline!.points;
  const a = 2; // a handle between the temple and the middle, and its partner across the midline
  const b = pts.length - 1 - a;
  return {
    drag: (i) => ({ ...base, hairline: { ...base.hairline!, points: pts.map(([x, y]) => [x, y - 0.1 * (i + 1)] as [number, number]) } }),
    handle: (i) => ({ ...base, hairline: { ...base.hairline!, points: pts.map(([x, y], k) => [x, k === a || k === b ? y - 0.1 * (i + 1) : y] as [number, number]) } }),
    session: (i) => ({ ...base, sessions: [{ day: 0, cumulative: 0.3, shade: 0.5 + 0.01 * i }, { day: 14, cumulative: 0.7, shade: 0.65 }, { day: 28, cumulative: 1, shade: 0.8 }] }),
  };
}

/** Timings of `edits` calls in turn; `reuse`: each call sends the previous dots back to be filled. */
async function editSeries(api: Comlink.Remote<EngineApi>, plans: PlanInput[], reuse: boolean): Promise<number[]> {
  const ms: number[] = [];
  let prev: Dots | undefined;
  for (const p of plans) {
    const t0 = performance.now();
    const d = (await (reuse && prev ? api.simulate(p, Comlink.transfer(prev, dotsTransferables(prev).slice(0, 8))) : api.simulate(p))) as Dots;
    ms.push(performance.now() - t0);
    consume(d.xy[d.count] ?? 0);
    prev = d;
  }
  return ms;
}

const EDITS = 15;

export const workerCases: BenchCase[] = [
  {
    name: 'worker edits 1M head',
    run: async () => {
      // 15 hairline drags (each moves the line 0.1 mm: the density field is rebuilt every time), then 15 session
      // edits (the field is kept); each series with fresh output buffers and with the previous dots sent back
      const { drag, handle, session } = headEdits();
      const { api, close } = engineThread();
      try {
        await api.warmUp();
        await editSeries(api, [0, 1, 2].map((i) => drag(100 + i)), true); // JIT warm-up, as after a few edits in the studio
        const rows: Row[] = [];
        for (const [what, make] of [['hairline drag', drag], ['handle drag', handle], ['session edit', session]] as const) {
          for (const reuse of [false, true]) {
            const ms = await editSeries(api, Array.from({ length: EDITS }, (_, i) => make(i)), reuse);
            const t = summarize(ms);
            rows.push({ method: 'engine via worker', case: `1M head, ${what}${reuse ? ', reuse' : ''}`, dots: 1_000_000, timing: t, note: `median ${median(ms).toFixed(1)} ms` });
          }
        }
        // the default plan: a session or skin edit (the field kept)
        const def = defaultPlanInput('bench-edit');
        await api.simulate(def);
        const edit = (i: number): PlanInput =>
          i % 2
            ? { ...def, skin: { fitzpatrick: 1 + ((i + 60) % 6), dryness: 'normal' as const, sun: 'moderate' as const } }
            : { ...def, sessions: [{ day: 0, cumulative: 0.3, shade: 0.5 + 0.01 * ((i + 60) % 20) }, { day: 14, cumulative: 0.7, shade: 0.65 }, { day: 28, cumulative: 1, shade: 0.8 }] };
        // 30 edits untimed first (a studio session makes many; the small plan's code paths warm up slower), then 15
        // timed, without and with the previous dots sent back to be filled
        for (const reuse of [false, true]) {
          await editSeries(api, Array.from({ length: 30 }, (_, i) => edit(i)), reuse);
          const ms = await editSeries(api, Array.from({ length: EDITS }, (_, i) => edit(i + 30)), reuse);
          rows.push({ method: 'engine via worker', case: `default plan, session/skin${reuse ? ', reuse' : ''}`, dots: 17_000, timing: summarize(ms), note: `median ${median(ms).toFixed(2)} ms` });
        }
        return rows;
      } finally {
        await close();
      }
    },
  },
  {
    name: 'worker pool 1M head',
    run: async () => {
      // the same edits through createEngine with a pool of 1 (no split), 2 and 3 worker threads, interleaved; on a
      // machine with fewer cores than workers + the page's thread the pool can only lose (the default has no pool there)
      const cores = availableParallelism();
      const sizes = [1, 2, 3];
      const engines = sizes.map((workers) => createEngine({ workers, spawn: threadConnection, deadlineMs: 600_000 }));
      try {
        const { drag, session } = headEdits();
        await interleavedSeries(engines, (i) => drag(100 + i), 3); // every worker started, its tile built and its JIT warm
        const rows: Row[] = [];
        for (const [what, make] of [['hairline drag', drag], ['session edit', session]] as const) {
          const ms = await interleavedSeries(engines, make, EDITS);
          sizes.forEach((n, e) =>
            rows.push({ method: `engine via pool of ${n}`, case: `1M head, ${what}`, dots: 1_000_000, timing: summarize(ms[e]!), note: `median ${median(ms[e]!).toFixed(1)} ms, ${cores} cores` }),
          );
        }
        return rows;
      } finally {
        engines.forEach((e) => e.close());
      }
    },
  },
  {
    name: 'worker round trip 100k',
    run: async () => {
      const plan = squarePlan(100_000);
      validatePlan(plan);
      const local = measure(() => simulate(plan), 10, 3);
      const thread = startEngineThread();
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
