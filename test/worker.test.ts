import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterTile, createEngineApi, exposeEngine, WARM_UP_PLAN, type EngineApi } from '../workers/api.js';
import { createEngine, defaultPoolSize, isSuperseded, SPLIT_MIN_DOTS, type EngineConnection } from '../workers/client.js';
import { estimateDots } from '../workers/pool.js';
import { defaultPlanInput, PlanError, simulate, type Dots } from '../src/index.js';
import { defaultTile } from '../src/tile.js';
import { validatePlan } from '../src/plan.js';
import { digestDots } from './helpers/digest.js';
import { scaledDefaultPlan } from './helpers/plans.js';

/**
 * A fake worker: the engine API on the far end of a MessageChannel, with a way to kill it. `calls` logs what each
 * fake worker was asked, as `worker:method` (numbered by spawn order) with `index/of` for simulatePart.
 */
function channelSpawner(api = createEngineApi()) {
  const open: { close(): void }[] = [];
  const kills: ((reason: Error) => void)[] = [];
  const silentKills: (() => void)[] = [];
  const calls: string[] = [];
  const spawn = (): EngineConnection => {
    const { port1, port2 } = new MessageChannel();
    const worker = kills.length;
    const logged = Object.fromEntries(
      Object.entries(api).map(([method, fn]: [string, (...a: unknown[]) => unknown]) => [
        method,
        (...args: unknown[]) => {
          calls.push(`${worker}:${method}${method === 'simulatePart' ? ` ${String(args[1])}/${String(args[2])}` : ''}`);
          return fn(...args);
        },
      ]),
    ) as unknown as EngineApi;
    Comlink.expose(logged, nodeEndpoint(port2));
    open.push(port1, port2);
    let onDeath: ((r: Error) => void) | null = null;
    kills.push((r) => {
      port1.close();
      port2.close();
      onDeath?.(r);
    });
    // killed without a word, as a browser may kill a worker for memory: no error event, no answer ever
    silentKills.push(() => {
      port1.close();
      port2.close();
    });
    return {
      endpoint: nodeEndpoint(port1),
      terminate: () => {
        port1.close();
        port2.close();
      },
      onDeath: (cb) => void (onDeath = cb),
    };
  };
  return { spawn, kills, silentKills, calls, closeAll: () => open.forEach((p) => p.close()) };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

function engineOverChannel(api = createEngineApi(), deadlineMs?: number, workers = 1) {
  const s = channelSpawner(api);
  const engine = createEngine({ spawn: s.spawn, prewarm: false, deadlineMs, workers });
  cleanup.push(() => engine.close(), s.closeAll);
  return { engine, ...s };
}

const small = (seed: string) => ({
  ...defaultPlanInput(seed),
  hairline: null,
  regions: [{ kind: 'treated' as const, points: [[0, 0], [40, 0], [40, 40], [0, 40]] as [number, number][] }],
});

describe('the engine worker', () => {
  it('round-trips a plan over a MessageChannel and returns the same bytes as calling simulate directly', async () => {
    const { engine } = engineOverChannel();
    const plan = defaultPlanInput('worker-1');
    const remote = await engine.simulate(plan);
    expect(remote.count).toBeGreaterThan(1000);
    expect(remote.xy).toBeInstanceOf(Float32Array);
    expect(digestDots(remote)).toBe(digestDots(simulate(plan)));
    expect(remote.stats.perLayer.length).toBe(3);
  });

  it('the warm-up (a small patch, sent at spawn) takes time and changes none of the bytes of the plan after it', () => {
    const plan = defaultPlanInput('after-warm-up');
    const before = digestDots(simulate(plan));
    const api = createEngineApi();
    expect(api.warmUp()).toBeGreaterThan(0);
    expect(digestDots(api.simulate(plan))).toBe(before);
    api.warmUp();
    expect(digestDots(api.simulate(plan))).toBe(before);
  });

  it("the warm-up plan has the sample plan's density settings (noise, clustering), so the code it compiles fits the first real plan", () => {
    // with clustering off, the walk's optimised code assumed a share of 0 and the sample plan threw it away
    expect(validatePlan(WARM_UP_PLAN).density).toEqual(validatePlan(defaultPlanInput('any')).density);
  });

  it('transfers the typed arrays instead of copying them (the worker-side buffers are detached)', async () => {
    const api = createEngineApi();
    let sent: Dots | null = null;
    const spy = { ...api, simulate: (p: unknown) => (sent = api.simulate(p)) };
    const { engine } = engineOverChannel(spy);
    const got = await engine.simulate(small('t'));
    expect(got.count).toBeGreaterThan(100);
    expect(sent!.xy.byteLength).toBe(0);
    expect(sent!.seed.byteLength).toBe(0);
  });

  it('rejects an invalid plan with a PlanError naming the field and value, and keeps working after it', async () => {
    const { engine } = engineOverChannel();
    const bad = { ...defaultPlanInput('x'), density: { target: -5 } };
    const err = await engine.simulate(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).path).toBe('density.target');
    expect((err as PlanError).message).toMatch(/^plan\.density\.target: .*\(got -5\)$/);
    expect((await engine.simulate(small('ok'))).count).toBeGreaterThan(100);
  });

  it('a newer request supersedes the queued one: of five rapid calls, the first and the last resolve, the middle three are superseded', async () => {
    const { engine } = engineOverChannel();
    const calls = [1, 2, 3, 4, 5].map((i) => engine.simulate(small(`s${i}`)).then((d) => d, (e: unknown) => e));
    const out = await Promise.all(calls);
    expect(out.map((o) => (isSuperseded(o) ? 'superseded' : 'dots'))).toEqual(['dots', 'superseded', 'superseded', 'superseded', 'dots']);
    expect(digestDots(out[4] as Dots)).toBe(digestDots(simulate(small('s5'))));
  });

  it('simulate and forecast run in separate lanes: a forecast never supersedes a simulation', async () => {
    const { engine } = engineOverChannel();
    const [d, f] = await Promise.all([engine.simulate(small('a')), engine.forecast(small('a'), {}, { stepDays: 30 })]);
    expect(d.count).toBeGreaterThan(100);
    expect(f.dueYear).toBeGreaterThan(2);
    expect(f.curve.total).toBeInstanceOf(Float32Array);
    expect(f.curve.total.length).toBe(f.curve.days.length);
    await expect(engine.forecast(small('a'), {}, { horizonYears: Infinity })).rejects.toThrow(/touchUpForecast: options.horizonYears: .*\(got Infinity\)/);
  });

  it('calls sent together are answered one by one: the first answer is posted before the next call runs', async () => {
    const { port1, port2 } = new MessageChannel();
    cleanup.push(() => (port1.close(), port2.close()));
    const log: string[] = [];
    const far = nodeEndpoint(port2);
    const logging: Comlink.Endpoint = {
      addEventListener: far.addEventListener.bind(far),
      removeEventListener: far.removeEventListener.bind(far),
      postMessage: (m: unknown, t?: Transferable[]) => (log.push('answer'), far.postMessage(m, t)),
    };
    // the three wait for the tile together, as the studio's first requests do while the worker fetches it
    let tileIn!: () => void;
    const tile = new Promise<void>((r) => (tileIn = r));
    const api = { simulate: () => log.push('simulate'), coverage: () => log.push('coverage'), forecast: () => log.push('forecast') };
    Comlink.expose(afterTile(api, () => tile), logging);
    const remote = Comlink.wrap<{ simulate(): number; coverage(): number; forecast(): number }>(nodeEndpoint(port1));
    const answers = Promise.all([remote.simulate(), remote.coverage(), remote.forecast()]);
    await new Promise((r) => setTimeout(r, 50));
    tileIn();
    await answers;
    // without a task between them, the three ran back to back and the studio's first dots waited for all of them
    expect(log).toEqual(['simulate', 'answer', 'coverage', 'answer', 'forecast', 'answer']);
  });

  it('coverage comes back per requested day, rising through the sessions and falling over the years', async () => {
    const { engine } = engineOverChannel();
    const c = await engine.coverage(small('c'), [-1, 60, 365 * 8]);
    expect(Array.from(c.days)).toEqual([-1, 60, 365 * 8]);
    expect(c.total[0]).toBe(0);
    expect(c.total[1]!).toBeGreaterThan(c.total[2]!);
    expect(c.total[2]!).toBeGreaterThan(0);
  });

  it('when the worker dies, the running request rejects with EngineCrashedError and the next call starts a new worker', async () => {
    const { engine, kills } = engineOverChannel();
    await engine.simulate(small('before'));
    expect(engine.spawned).toBe(1);
    const pending = engine.simulate(defaultPlanInput('during')).catch((e: unknown) => e);
    kills[0]!(new Error('out of memory'));
    const err = (await pending) as Error;
    expect(err.name).toBe('EngineCrashedError');
    expect(err.message).toContain('out of memory');
    const after = await engine.simulate(small('after'));
    expect(after.count).toBeGreaterThan(100);
    expect(engine.spawned).toBe(2);
  });

  it('after close, calls reject instead of hanging', async () => {
    const { engine } = engineOverChannel();
    expect(await engine.version()).toMatch(/^\d+\.\d+\.\d+$/);
    engine.close();
    await expect(engine.simulate(small('z'))).rejects.toThrow(/closed/);
  });

  it('a worker that dies without a word fails the running call at its deadline, and the next call starts a new worker', async () => {
    defaultTile(); // built here, so the deadline only ever meets the silent death
    const { engine, silentKills } = engineOverChannel(createEngineApi(), 3000);
    await engine.simulate(small('before'));
    const pending = engine.simulate(small('during')).catch((e: unknown) => e);
    const version = engine.version().catch((e: unknown) => e);
    silentKills[0]!();
    const err = (await pending) as Error;
    expect(err.name).toBe('EngineCrashedError');
    expect(err.message).toMatch(/no answer within 3000 ms/);
    expect(((await version) as Error).name).toBe('EngineCrashedError');
    const after = await engine.simulate(small('after'));
    expect(digestDots(after)).toBe(digestDots(simulate(small('after'))));
    expect(engine.spawned).toBe(2);
  });

  it('close() settles every promise: the running call, the queued one and a version request reject', async () => {
    const { engine } = engineOverChannel();
    const running = engine.simulate(defaultPlanInput('running')).catch((e: unknown) => e);
    const queued = engine.simulate(small('queued')).catch((e: unknown) => e);
    const version = engine.version().catch((e: unknown) => e);
    engine.close();
    for (const p of [running, queued, version]) expect(((await p) as Error).message).toMatch(/closed/);
  });

  it('interrupt() stops a running call (as superseded) and the next call runs on a fresh worker', async () => {
    const { engine } = engineOverChannel();
    await engine.simulate(small('first'));
    const running = engine.simulate(defaultPlanInput('long')).catch((e: unknown) => e);
    engine.interrupt();
    expect(isSuperseded(await running)).toBe(true);
    const next = await engine.simulate(small('next'));
    expect(next.count).toBeGreaterThan(100);
    expect(engine.spawned).toBe(2);
  });

  it('dots sent back for reuse are filled in the worker: the same bytes as fresh ones, and the old arrays are handed over', async () => {
    const { engine } = engineOverChannel();
    const first = await engine.simulate(defaultPlanInput('reuse-1'));
    const second = await engine.simulate(small('reuse-2'), { reuse: first });
    expect(first.xy.byteLength).toBe(0); // transferred to the worker
    expect(digestDots(second)).toBe(digestDots(simulate(small('reuse-2'))));
    expect(second.xy.buffer.byteLength).toBeGreaterThan(second.xy.byteLength); // the big buffer came back, filled in part
    const third = await engine.simulate(small('reuse-3'), { reuse: first }); // already handed over: ignored
    expect(digestDots(third)).toBe(digestDots(simulate(small('reuse-3'))));
  });
});

const big = scaledDefaultPlan;

describe('a pool of engine workers', () => {
  it('simulatePart checks its part at the boundary, and a PlanError leaves it in the wire format', () => {
    const api = createEngineApi();
    expect(() => api.simulatePart(small('p'), 2, 2)).toThrow(/simulatePart: index: expected a whole number in \[0, 1\] \(got 2\)/);
    expect(() => api.simulatePart(small('p'), 0.5, 2)).toThrow(/simulatePart: index: expected a whole number.*\(got 0.5\)/);
    const wire = (() => {
      try {
        api.simulatePart({ ...small('p'), seed: 42 }, 0, 2);
      } catch (e) {
        return e;
      }
    })() as { name: string; path: string };
    expect(wire).not.toBeInstanceOf(Error);
    expect([wire.name, wire.path]).toEqual(['PlanError', 'seed']);
    const whole = api.simulatePart(small('p'), 0, 1);
    expect(digestDots(whole)).toBe(digestDots(simulate(small('p'))));
  });

  it('a pool of workers gives the same bytes as one: a large plan is placed in three parts, one per worker, and merged on the page', async () => {
    const plan = big('pool-1');
    expect(estimateDots(plan)).toBeGreaterThan(SPLIT_MIN_DOTS);
    const pool = engineOverChannel(createEngineApi(), undefined, 3);
    const one = engineOverChannel(createEngineApi(), undefined, 1);
    const [a, b] = [await pool.engine.simulate(plan), await one.engine.simulate(plan)];
    expect(a.count).toBeGreaterThan(SPLIT_MIN_DOTS);
    expect(digestDots(a)).toBe(digestDots(b));
    expect(a.stats).toEqual(b.stats);
    expect(a.count).toBe(b.count);
    expect(pool.calls.sort()).toEqual(['0:simulatePart 0/3', '1:simulatePart 1/3', '2:simulatePart 2/3']);
    expect(one.calls).toEqual(['0:simulate']);
    expect(pool.engine.spawned).toBe(3);
  });

  it('a small plan, a forecast and coverage go to worker 0 alone, as with one worker', async () => {
    const { engine, calls } = engineOverChannel(createEngineApi(), undefined, 3);
    const d = await engine.simulate(small('pool-small'));
    expect(digestDots(d)).toBe(digestDots(simulate(small('pool-small'))));
    await engine.forecast(big('pool-forecast'), {}, { stepDays: 60 });
    await engine.coverage(big('pool-coverage'), [60]);
    expect(calls).toEqual(['0:simulate', '0:forecast', '0:coverage']);
    expect(engine.spawned).toBe(1);
  });

  it('when one pool worker dies mid-split, the call rejects with EngineCrashedError and the next call starts a new worker in its place', async () => {
    const { engine, kills } = engineOverChannel(createEngineApi(), undefined, 3);
    const pending = engine.simulate(big('crash')).catch((e: unknown) => e);
    expect(kills.length).toBe(3); // every part was sent when the call started
    kills[1]!(new Error('out of memory'));
    const err = (await pending) as Error;
    expect(err.name).toBe('EngineCrashedError');
    expect(err.message).toContain('out of memory');
    const after = await engine.simulate(big('after'));
    expect(digestDots(after)).toBe(digestDots(simulate(big('after'))));
    expect(engine.spawned).toBe(4);
  });

  it('interrupt() during a split stops every busy pool worker: the call rejects as superseded and the next one runs on fresh workers', async () => {
    const { engine } = engineOverChannel(createEngineApi(), undefined, 3);
    const running = engine.simulate(big('long')).catch((e: unknown) => e);
    engine.interrupt();
    expect(isSuperseded(await running)).toBe(true);
    const next = await engine.simulate(big('next'));
    expect(digestDots(next)).toBe(digestDots(simulate(big('next'))));
    expect(engine.spawned).toBe(6);
  });

  it('close() during a split settles the running and the queued call', async () => {
    const { engine } = engineOverChannel(createEngineApi(), undefined, 3);
    const running = engine.simulate(big('running')).catch((e: unknown) => e);
    const queued = engine.simulate(big('queued')).catch((e: unknown) => e);
    engine.close();
    for (const p of [running, queued]) expect(((await p) as Error).message).toMatch(/closed/);
  });

  it('a PlanError from a split call is a PlanError: too many dots from the parts, an invalid plan from the page before any part is sent', async () => {
    const { engine, calls } = engineOverChannel(createEngineApi(), undefined, 3);
    const tooMany = { ...big('too-many'), density: { target: 1000 }, hairline: null, regions: [{ kind: 'treated' as const, points: [[0, 0], [800, 0], [800, 800], [0, 800]] as [number, number][] }] };
    const err = await engine.simulate(tooMany).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).path).toBe('density.target');
    expect((err as PlanError).message).toMatch(/more than the maximum 5,000,000/);
    expect(calls.filter((c) => c.includes('simulatePart')).length).toBe(3);
    calls.length = 0;
    const invalid = await engine.simulate({ ...big('bad'), seed: 42 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(PlanError);
    expect((invalid as PlanError).path).toBe('seed');
    expect(calls).toEqual([]);
    expect(digestDots(await engine.simulate(big('ok')))).toBe(digestDots(simulate(big('ok'))));
  });

  it('reuse with a pool: a split call is merged into the old dots\' buffers on the page, the same bytes as fresh ones', async () => {
    const { engine } = engineOverChannel(createEngineApi(), undefined, 3);
    const first = await engine.simulate(big('reuse'));
    const xyBuffer = first.xy.buffer;
    const edited = { ...big('reuse'), sessions: [{ day: 0, cumulative: 0.3, shade: 0.45 }, { day: 14, cumulative: 0.7, shade: 0.65 }, { day: 28, cumulative: 1, shade: 0.8 }] };
    const second = await engine.simulate(edited, { reuse: first });
    expect(second.xy.buffer).toBe(xyBuffer);
    expect(digestDots(second)).toBe(digestDots(simulate(edited)));
    const third = await engine.simulate(small('reuse-small'), { reuse: second }); // unsplit: the buffers go to worker 0
    expect(second.xy.byteLength).toBe(0);
    expect(digestDots(third)).toBe(digestDots(simulate(small('reuse-small'))));
  });

  it('the default pool is min(4, cores − 1) with more than 2 cores, else 1, read from navigator.hardwareConcurrency', () => {
    expect([1, 2, 3, 4, 8, 64].map((c) => defaultPoolSize(c))).toEqual([1, 1, 2, 3, 4, 4]);
    const { spawn, closeAll } = channelSpawner();
    cleanup.push(closeAll);
    vi.stubGlobal('navigator', { hardwareConcurrency: 12 });
    try {
      expect(createEngine({ spawn }).workers).toBe(4);
      vi.stubGlobal('navigator', undefined); // Node 20 has none: no pool
      expect(createEngine({ spawn }).workers).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(() => createEngine({ spawn, workers: 0 })).toThrow(/options\.workers.*got 0/);
  });

  it('the estimate of a plan\'s dots errs high but near, and is 0 for anything it cannot read', () => {
    for (const plan of [defaultPlanInput('e'), big('e'), big('e', 2)]) {
      const ratio = estimateDots(plan) / simulate(plan).count;
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThan(1.35);
    }
    const touchUps = { ...defaultPlanInput('e'), touchUps: [{ year: 3 }, { year: 6, addFraction: 0.2 }] };
    expect(estimateDots(touchUps) / estimateDots(defaultPlanInput('e'))).toBeCloseTo(1.25, 10);
    for (const bad of [null, 42, {}, { regions: 'x' }, { regions: [{ kind: 'treated', points: [[0, 0], [1, 'a'], [1, 1]] }] }, { ...big('e'), density: { target: '90' } }])
      expect(estimateDots(bad)).toBe(0);
  });
});
