import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineApi, exposeEngine } from '../workers/api.js';
import { createEngine, isSuperseded, type EngineConnection } from '../workers/client.js';
import { defaultPlanInput, PlanError, simulate, type Dots } from '../src/index.js';
import { defaultTile } from '../src/tile.js';
import { digestDots } from './helpers/digest.js';

/** A fake worker: the engine API on the far end of a MessageChannel, with a way to kill it. */
function channelSpawner(api = createEngineApi()) {
  const open: { close(): void }[] = [];
  const kills: ((reason: Error) => void)[] = [];
  const silentKills: (() => void)[] = [];
  const spawn = (): EngineConnection => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, nodeEndpoint(port2));
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
  return { spawn, kills, silentKills, closeAll: () => open.forEach((p) => p.close()) };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

function engineOverChannel(api = createEngineApi(), deadlineMs?: number) {
  const s = channelSpawner(api);
  const engine = createEngine({ spawn: s.spawn, prewarm: false, deadlineMs });
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
    await expect(engine.forecast(small('a'), {}, { horizonYears: Infinity })).rejects.toThrow(/touchUpForecast: options.horizonYears .* got Infinity/);
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
