// The page's handle on the engine worker: createEngine() spawns it, wraps it with comlink and keeps the
// page responsive — a newer request supersedes an older queued one (no backlog while a slider is dragged),
// errors arrive as rejected promises (PlanError stays a PlanError), and a dead worker is replaced on the
// next call. A worker that dies without a word (terminated, killed for memory) is caught by a per-call
// deadline; every promise settles, on close() too. Large plans split across a pool of workers (pool.ts) and
// come back byte-identical to one worker's answer.
import * as Comlink from 'comlink';
import type { AgingParams, CoverageCurve, CoverageOptions, ForecastOptions, TouchUpForecast } from '../src/aging/index.js';
import type { Dots } from '../src/dots.js';
import { ArgumentError, num, obj, text } from '../src/errors.js';
import { reviveError, type EngineApi } from './api.js';
import { defaultPoolSize, estimateDots, simulateSplit, SPLIT_MIN_DOTS } from './pool.js';

export { defaultPoolSize, SPLIT_MIN_DOTS } from './pool.js';

/** A running engine: the endpoint to talk to, how to stop it, and how it reports dying. */
export interface EngineConnection {
  endpoint: Comlink.Endpoint;
  /** Stops the engine for good. */
  terminate(): void;
  /** Registers the callback run once if the engine dies on its own (uncaught error, out of memory). */
  onDeath(callback: (reason: Error) => void): void;
}

/** Options of createEngine. */
export interface EngineOptions {
  /** Starts one engine (default: a module Web Worker running engine.worker). Tests pass a MessageChannel. */
  spawn?: () => EngineConnection;
  /** Build the blue-noise tile as soon as a worker starts (default true). */
  prewarm?: boolean;
  /**
   * A call unanswered this long means the worker died silently: it is terminated, the call rejects with
   * EngineCrashedError and the next call starts a new worker. Default 30 s (the engine refuses up front any
   * plan that would take more than a few seconds).
   */
  deadlineMs?: number;
  /**
   * Workers in the pool. A plan estimated at SPLIT_MIN_DOTS dots or more is placed in parts, one per worker, and
   * merged on the page into the same bytes one worker gives; smaller plans, forecast and coverage use worker 0
   * only. Default defaultPoolSize(): min(4, cores − 1) with more than 2 cores, else 1 (no pool).
   */
  workers?: number;
}

/** The engine as the page sees it. Calls of one kind run one at a time; at most one more waits. */
export interface Engine {
  /**
   * Simulates a plan in the worker. Rejects with PlanError, SupersededError or EngineCrashedError.
   * `reuse`: dots the caller is done with; their buffers go back to the worker to be filled (no fresh pages).
   */
  simulate(plan: unknown, options?: { reuse?: Dots }): Promise<Dots>;
  /** Coverage over the years and the touch-up forecast for a plan (its own lane, so it never delays simulate). */
  forecast(plan: unknown, params?: Partial<AgingParams>, options?: ForecastOptions): Promise<TouchUpForecast>;
  /** Coverage of a plan on the given days (its own lane too). */
  coverage(plan: unknown, days: ArrayLike<number>, params?: Partial<AgingParams>, options?: CoverageOptions): Promise<CoverageCurve>;
  /** Loads the worker's tile and runs a small warm-up plan (sent at spawn unless `prewarm: false`); resolves with the ms it took. */
  warmUp(): Promise<number>;
  /** The engine version. */
  version(): Promise<string>;
  /** How many workers were started so far (pool workers as each is first needed, plus restarts after deaths). */
  readonly spawned: number;
  /** The pool size (the `workers` option or its default). */
  readonly workers: number;
  /** Stops whatever runs now (terminating every busy worker): running and queued calls reject as superseded; the next call starts afresh. */
  interrupt(): void;
  /** Stops the workers; running, queued and later calls reject. */
  close(): void;
}

/** A queued request replaced by a newer one of the same kind before it started. */
export class SupersededError extends Error {
  constructor(kind: string) {
    super(`${text(kind)}: superseded by a newer request`);
    this.name = 'SupersededError';
  }
}

/** The worker died while this request was running; the next call starts a new worker. */
export class EngineCrashedError extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped (${text(reason)}); the next request starts a new one`);
    this.name = 'EngineCrashedError';
  }
}

/** True when a rejection only means a newer request took this one's place. */
export function isSuperseded(e: unknown): boolean {
  return e instanceof Error && e.name === 'SupersededError';
}

/** Starts engine.worker as a module Web Worker (the browser default of createEngine). */
export function workerConnection(): EngineConnection {
  const worker = new Worker(new URL('./engine.worker.js', import.meta.url), { type: 'module', name: 'smp-sim engine' });
  let dead = false;
  const callbacks: ((reason: Error) => void)[] = [];
  const die = (reason: string) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    for (const cb of callbacks) cb(new Error(reason));
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    die(ev.message || 'uncaught error in the worker');
  });
  worker.addEventListener('messageerror', () => die('a message could not be read'));
  return {
    endpoint: worker,
    terminate: () => {
      dead = true;
      worker.terminate();
    },
    onDeath: (cb) => void callbacks.push(cb),
  };
}

/** The per-dot arrays of `d` whose buffers are still attached (a Dots-shaped object the worker can fill). */
function returnable(d: Dots): Dots | undefined {
  const ok = (a: ArrayBufferView) => a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0;
  if (![d.xy, d.radius, d.layer, d.shade, d.hue, d.seed, d.region, d.flags].every(ok)) return undefined;
  return d;
}

function reuseBuffers(d: Dots): ArrayBuffer[] {
  return [...new Set([d.xy, d.radius, d.layer, d.shade, d.hue, d.seed, d.region, d.flags].map((a) => a.buffer as ArrayBuffer))];
}

interface Job {
  run: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Lane {
  name: string;
  running: boolean;
  queued: Job | null;
}

interface Live {
  connection: EngineConnection;
  api: Comlink.Remote<EngineApi>;
  /** Rejects once, when this worker is gone for any reason (death, deadline, interrupt, close). */
  gone: Promise<never>;
  end: (reason: Error) => void;
  /** Calls in flight on this worker. */
  busy: number;
}

/** Spawns the engine worker and wraps it (see Engine). */
export function createEngine(options: EngineOptions = {}): Engine {
  obj('createEngine: options', options, true);
  if (options.spawn !== undefined && typeof options.spawn !== 'function') throw new ArgumentError('createEngine: options.spawn', options.spawn, 'expected a function returning an EngineConnection');
  if (options.prewarm !== undefined && typeof options.prewarm !== 'boolean') throw new ArgumentError('createEngine: options.prewarm', options.prewarm, 'expected true or false');
  if (options.deadlineMs !== undefined) num('createEngine: options.deadlineMs', options.deadlineMs, 1, 3_600_000);
  const spawn = options.spawn ?? workerConnection;
  const prewarm = options.prewarm ?? true;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const workers = options.workers ?? defaultPoolSize();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new ArgumentError('createEngine: options.workers', workers, 'expected a whole number 1–64');
  /** The pool: worker i, started when first needed, null again once it is gone. Worker 0 serves every unsplit call. */
  const pool: (Live | null)[] = new Array<Live | null>(workers).fill(null);
  let spawned = 0;
  let closed = false;

  /** Ends a worker: it is terminated and every call on it rejects with `reason`. */
  function end(l: Live, reason: Error): void {
    const i = pool.indexOf(l);
    if (i >= 0) pool[i] = null;
    l.end(reason);
    try {
      l.api[Comlink.releaseProxy]();
    } catch {
      // the endpoint may already be closed
    }
    l.connection.terminate();
  }

  function connect(index: number): Live {
    const running = pool[index];
    if (running) return running;
    const connection = spawn();
    spawned++;
    const api = Comlink.wrap<EngineApi>(connection.endpoint);
    let reject!: (e: Error) => void;
    const gone = new Promise<never>((_, r) => (reject = r));
    gone.catch(() => {}); // observed by the calls in flight only
    let ended = false;
    const l: Live = { connection, api, gone, busy: 0, end: (e) => (ended ? undefined : ((ended = true), reject(e))) };
    connection.onDeath((reason) => end(l, new EngineCrashedError(reason.message)));
    pool[index] = l;
    if (prewarm) void call(l, (a) => a.warmUp()).catch(() => {});
    return l;
  }

  /** One call on a worker: settles with its answer, or rejects when the worker goes or misses the deadline. */
  function call<T>(l: Live, run: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    l.busy++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new EngineCrashedError(`no answer within ${deadlineMs} ms`);
        end(l, e);
        reject(e);
      }, deadlineMs);
    });
    return Promise.race([run(l.api), l.gone, deadline]).finally(() => {
      clearTimeout(timer);
      l.busy--;
    });
  }

  /** `run` on pool worker `index` (started if needed); a PlanError that crossed the boundary is one again. */
  function on<T>(index: number, run: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    let l: Live;
    try {
      if (closed) throw new Error('the engine was closed');
      l = connect(index);
    } catch (e) {
      return Promise.reject(e);
    }
    return call(l, run).catch((e: unknown) => Promise.reject(reviveError(e)));
  }

  function start(lane: Lane, job: Job): void {
    lane.running = true;
    let p: Promise<unknown>;
    try {
      if (closed) throw new Error('the engine was closed');
      p = job.run();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (v) => finish(lane, job, true, v),
      (e) => finish(lane, job, false, e),
    );
  }

  function finish(lane: Lane, job: Job, ok: boolean, v: unknown): void {
    lane.running = false;
    if (ok) job.resolve(v);
    else job.reject(v);
    const next = lane.queued;
    lane.queued = null;
    if (next) start(lane, next);
  }

  function submit<T>(lane: Lane, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { run, resolve: resolve as (v: unknown) => void, reject };
      if (!lane.running) return start(lane, job);
      lane.queued?.reject(new SupersededError(lane.name));
      lane.queued = job;
    });
  }

  const lanes = {
    simulate: { name: 'simulate', running: false, queued: null } as Lane,
    forecast: { name: 'forecast', running: false, queued: null } as Lane,
    coverage: { name: 'coverage', running: false, queued: null } as Lane,
  };

  return {
    simulate: (plan, opts) =>
      submit(lanes.simulate, () => {
        const reuse = opts?.reuse ? returnable(opts.reuse) : undefined;
        // the estimate is checked when the call starts, so a superseded call costs nothing
        if (workers > 1 && estimateDots(plan) >= SPLIT_MIN_DOTS) return simulateSplit(plan, workers, on, reuse);
        return on(0, (api) => (reuse ? api.simulate(plan, Comlink.transfer(reuse, reuseBuffers(reuse))) : api.simulate(plan)) as Promise<Dots>);
      }),
    forecast: (plan, params, opts) =>
      submit(lanes.forecast, () => on(0, (api) => api.forecast(plan, params, opts) as Promise<TouchUpForecast>)),
    coverage: (plan, days, params, opts) =>
      submit(lanes.coverage, () => on(0, (api) => api.coverage(plan, Float64Array.from(days), params, opts) as Promise<CoverageCurve>)),
    warmUp: () => on(0, (api) => api.warmUp()),
    version: () => on(0, (api) => api.version()),
    get spawned() {
      return spawned;
    },
    workers,
    interrupt: () => {
      for (const lane of Object.values(lanes)) {
        lane.queued?.reject(new SupersededError(lane.name));
        lane.queued = null;
      }
      for (const l of pool) if (l && l.busy > 0) end(l, new SupersededError('interrupted'));
    },
    close: () => {
      closed = true;
      for (const lane of Object.values(lanes)) {
        lane.queued?.reject(new Error('the engine was closed'));
        lane.queued = null;
      }
      for (const l of pool) if (l) end(l, new Error('the engine was closed'));
    },
  };
}
