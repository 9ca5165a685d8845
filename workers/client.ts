// The page's handle on the engine worker: createEngine() spawns it, wraps it with comlink and keeps the
// page responsive — a newer request supersedes an older queued one (no backlog while a slider is dragged),
// errors arrive as rejected promises (PlanError stays a PlanError), and a dead worker is replaced on the
// next call.
import * as Comlink from 'comlink';
import type { AgingParams, CoverageCurve, CoverageOptions, ForecastOptions, TouchUpForecast } from '../src/aging/index.js';
import type { Dots } from '../src/dots.js';
import { reviveError, type EngineApi } from './api.js';

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
}

/** The engine as the page sees it. Calls of one kind run one at a time; at most one more waits. */
export interface Engine {
  /** Simulates a plan in the worker. Rejects with PlanError, SupersededError or EngineCrashedError. */
  simulate(plan: unknown): Promise<Dots>;
  /** Coverage over the years and the touch-up forecast for a plan (its own lane, so it never delays simulate). */
  forecast(plan: unknown, params?: Partial<AgingParams>, options?: ForecastOptions): Promise<TouchUpForecast>;
  /** Coverage of a plan on the given days (its own lane too). */
  coverage(plan: unknown, days: ArrayLike<number>, params?: Partial<AgingParams>, options?: CoverageOptions): Promise<CoverageCurve>;
  /** Builds the worker's tile now; resolves with the ms it took (0 when already built). */
  warmUp(): Promise<number>;
  /** The engine version. */
  version(): Promise<string>;
  /** How many workers were started so far (1 + restarts after deaths). */
  readonly spawned: number;
  /** Stops the worker; later calls reject. */
  close(): void;
}

/** A queued request replaced by a newer one of the same kind before it started. */
export class SupersededError extends Error {
  constructor(kind: string) {
    super(`${kind}: superseded by a newer request`);
    this.name = 'SupersededError';
  }
}

/** The worker died while this request was running; the next call starts a new worker. */
export class EngineCrashedError extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped (${reason}); the next request starts a new one`);
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

interface Job {
  run: (api: Comlink.Remote<EngineApi>) => Promise<unknown>;
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
  died: Promise<never>;
}

/** Spawns the engine worker and wraps it (see Engine). */
export function createEngine(options: EngineOptions = {}): Engine {
  const spawn = options.spawn ?? workerConnection;
  const prewarm = options.prewarm ?? true;
  let live: Live | null = null;
  let spawned = 0;
  let closed = false;

  function connect(): Live {
    if (live) return live;
    const connection = spawn();
    spawned++;
    const api = Comlink.wrap<EngineApi>(connection.endpoint);
    const died = new Promise<never>((_, reject) => {
      connection.onDeath((reason) => {
        if (live?.connection === connection) live = null;
        reject(new EngineCrashedError(reason.message));
      });
    });
    died.catch(() => {}); // observed by running jobs only
    const l: Live = { connection, api, died };
    live = l;
    if (prewarm) api.warmUp().catch(() => {});
    return l;
  }

  function start(lane: Lane, job: Job): void {
    lane.running = true;
    let l: Live;
    try {
      if (closed) throw new Error('the engine was closed');
      l = connect();
    } catch (e) {
      finish(lane, job, false, e);
      return;
    }
    Promise.race([job.run(l.api), l.died]).then(
      (v) => finish(lane, job, true, v),
      (e) => finish(lane, job, false, reviveError(e)),
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

  function submit<T>(lane: Lane, run: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
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
    simulate: (plan) => submit(lanes.simulate, (api) => api.simulate(plan) as Promise<Dots>),
    forecast: (plan, params, opts) =>
      submit(lanes.forecast, (api) => api.forecast(plan, params, opts) as Promise<TouchUpForecast>),
    coverage: (plan, days, params, opts) =>
      submit(lanes.coverage, (api) => api.coverage(plan, Float64Array.from(days), params, opts) as Promise<CoverageCurve>),
    warmUp: () => {
      if (closed) return Promise.reject(new Error('the engine was closed'));
      return Promise.race([connect().api.warmUp(), connect().died]);
    },
    version: () => {
      if (closed) return Promise.reject(new Error('the engine was closed'));
      return Promise.race([connect().api.version(), connect().died]);
    },
    get spawned() {
      return spawned;
    },
    close: () => {
      closed = true;
      if (live) {
        live.api[Comlink.releaseProxy]();
        live.connection.terminate();
        live = null;
      }
      for (const lane of Object.values(lanes)) {
        lane.queued?.reject(new Error('the engine was closed'));
        lane.queued = null;
      }
    },
  };
}
