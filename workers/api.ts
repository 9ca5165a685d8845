// The engine's worker-side API: what `workers/engine.worker.ts` exposes through comlink.
// Plans are validated once here, at the boundary; typed arrays go back transferred, not copied.
import * as Comlink from 'comlink';
import {
  agingParams,
  coverageCurve,
  touchUpForecast,
  type AgingParams,
  type CoverageCurve,
  type CoverageOptions,
  type ForecastOptions,
  type TouchUpForecast,
} from '../src/aging/index.js';
import { dotsTransferables, type Dots } from '../src/dots.js';
import { ArgumentError, describe, InputError, int, obj } from '../src/errors.js';
import { DEFAULT_CLUSTERING, DEFAULT_DENSITY_TARGET, PlanError, validatePlan } from '../src/plan.js';
import { simulateValid } from '../src/simulate.js';
import { defaultTile, defaultTileFile, tileFromBytes, useDefaultTile } from '../src/tile.js';

/**
 * A 5 × 4.5 cm patch across a hairline: warmUp() simulates it (1,406 dots; 1,259 at the 90 dots/cm² it was sized
 * with) so the code of a first real plan is compiled and warm. Sized by bench:first-dots (48 workers each, interleaved): 2 × 2 cm left the first simulate at 110 ms median
 * (total 242), this one 88 (total 210); 8 × 7 cm cost more in the warm-up than it saved (total 210 against 199), and a
 * 10 × 9 cm patch at 25 dots/cm² (more field, as many dots) changed nothing (plans 1–5 together 205 against 203 ms).
 */
export const WARM_UP_PLAN = {
  version: 1,
  seed: 'warm-up',
  regions: [{ name: 'patch', kind: 'treated', points: [[-25, -45], [25, -45], [25, 0], [-25, 0]] }],
  hairline: { style: 'mature', points: [[-30, -8], [0, -12], [30, -8]] },
  sessions: [{ day: 0, cumulative: 0.3 }, { day: 14, cumulative: 0.7 }, { day: 28, cumulative: 1 }],
  // the sample plan's density (test/worker.test.ts keeps them equal; not imported from presets, 1.6 KB more worker):
  // with a clustering share of 0 the walk's optimised code assumed small integers, and the first real plan threw it
  // away (deoptimised on `clusterShare > 0`; node --trace-deopt)
  density: { target: DEFAULT_DENSITY_TARGET, noise: { amplitude: 0.2, scaleMm: 6 }, clustering: { ...DEFAULT_CLUSTERING } },
};

/**
 * A second, tiny warm-up plan: another seed (so the field's noise functions are new closures, as every new plan's
 * are) and coordinates that are not whole millimetres. After the first plan alone, the optimised field code expected
 * that plan's noise closures and its kind of arrays, and the sample plan threw it away (Chromium --trace-deopt).
 */
const WARM_UP_PLAN_2 = {
  ...WARM_UP_PLAN,
  seed: 'warm-up/2',
  regions: [{ name: 'patch', kind: 'treated', points: [[-10.5, -14.5], [10.5, -14.5], [10.5, 0.5], [-10.5, 0.5]] }],
  hairline: { style: 'mature', points: [[-12.5, -3.5], [0.5, -5.5], [12.5, -3.5]] },
};

/** The engine version the worker reports (package version; bump with releases). */
export const ENGINE_VERSION = '0.1.0';

/** The input errors that cross the worker boundary as themselves, by name. */
const INPUT_ERRORS: Record<string, { prototype: InputError }> = { PlanError, ArgumentError, InputError };

/** A PlanError (or another InputError) as it crosses the worker boundary (comlink keeps only name/message/stack of real Errors). */
export interface PlanErrorWire {
  name: 'PlanError' | 'ArgumentError' | 'InputError';
  message: string;
  path: string;
  value: unknown;
}

/** The API the worker exposes. Every method may also be called directly (tests, node). */
export interface EngineApi {
  /** The engine version. */
  version(): string;
  /** Loads the shared tile and simulates a 5 × 4.5 cm patch and a smaller one, so a first real plan runs on compiled, warm code; returns ms spent. The client sends it at spawn. */
  warmUp(): number;
  /** Validates and simulates a plan; the dots' buffers are transferred to the caller. `reuse`: earlier dots sent back to be filled. */
  simulate(input: unknown, reuse?: Dots): Dots;
  /**
   * Validates a plan and places only part `index` of `of` (0 ≤ index < of) of its dots, for a pool of workers: the
   * page joins parts 0 … of−1 with mergeParts into the bytes of simulate(). Buffers transferred, always fresh.
   */
  simulatePart(input: unknown, index: number, of: number): Dots;
  /** Validates, simulates and forecasts coverage over the years and the touch-up due date (the curve's buffers are transferred). */
  forecast(input: unknown, params?: Partial<AgingParams>, options?: ForecastOptions): TouchUpForecast;
  /** Validates, simulates and returns coverage on the given days (buffers transferred). */
  coverage(input: unknown, days: ArrayLike<number>, params?: Partial<AgingParams>, options?: CoverageOptions): CoverageCurve;
}

function curveBuffers(c: CoverageCurve): ArrayBuffer[] {
  return [c.days.buffer, c.total.buffer, ...c.perRegion.map((r) => r.buffer)] as ArrayBuffer[];
}

function boundary<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof InputError && e.name in INPUT_ERRORS) {
        let value: unknown = e.value;
        try {
          value = structuredClone(value);
        } catch {
          value = describe(value);
        }
        const wire: PlanErrorWire = { name: e.name as PlanErrorWire['name'], message: e.message, path: e.path, value };
        throw wire;
      }
      throw e;
    }
  };
}

/** Turns an error that crossed the boundary back into a PlanError (ArgumentError, …) where it was one (others pass through). */
export function reviveError(e: unknown): unknown {
  const name = e && typeof e === 'object' ? (e as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && Object.hasOwn(INPUT_ERRORS, name) && !(e instanceof InputError)) {
    const w = e as PlanErrorWire;
    const err = Object.create(INPUT_ERRORS[name]!.prototype) as InputError;
    Object.defineProperties(err, {
      name: { value: name, writable: true, configurable: true },
      message: { value: w.message, writable: true, configurable: true },
      path: { value: w.path, enumerable: true },
      value: { value: w.value, enumerable: true },
      stack: { value: `${name}: ${w.message}\n    (in the engine worker)`, writable: true, configurable: true },
    });
    return err;
  }
  return e;
}

/** Creates the engine API (stateless apart from the shared tile). */
export function createEngineApi(): EngineApi {
  return {
    version: () => ENGINE_VERSION,
    warmUp: () => {
      const t0 = performance.now();
      defaultTile();
      simulateValid(validatePlan(WARM_UP_PLAN), { fieldCache: false });
      simulateValid(validatePlan(WARM_UP_PLAN_2), { fieldCache: false });
      return performance.now() - t0;
    },
    simulate: boundary((input: unknown, reuse?: Dots) => {
      if (reuse !== undefined) obj('simulate: reuse', reuse);
      const dots = simulateValid(validatePlan(input), { reuse });
      return Comlink.transfer(dots, dotsTransferables(dots));
    }),
    simulatePart: boundary((input: unknown, index: number, of: number) => {
      const plan = validatePlan(input);
      int('simulatePart: of', of, 1, 1024);
      int('simulatePart: index', index, 0, of - 1);
      const dots = simulateValid(plan, { part: { index, of } });
      return Comlink.transfer(dots, dotsTransferables(dots));
    }),
    forecast: boundary((input: unknown, params?: Partial<AgingParams>, options?: ForecastOptions) => {
      const plan = validatePlan(input);
      const f = touchUpForecast(simulateValid(plan), plan, agingParams(params ?? {}), options);
      return Comlink.transfer(f, curveBuffers(f.curve));
    }),
    coverage: boundary((input: unknown, days: ArrayLike<number>, params?: Partial<AgingParams>, options?: CoverageOptions) => {
      const plan = validatePlan(input);
      const c = coverageCurve(simulateValid(plan), plan, days, agingParams(params ?? {}), options);
      return Comlink.transfer(c, curveBuffers(c));
    }),
  };
}

/** Exposes the engine on an endpoint (a worker's global scope, or a MessagePort in tests); every call first awaits the tile (loadDefaultTile). */
export function exposeEngine(endpoint: Comlink.Endpoint): void {
  Comlink.expose(afterTile(createEngineApi()), endpoint);
}

let loading: Promise<void> | undefined;

/**
 * Loads the shared tile: at once from the asset in the script, or fetched from the app's own origin where the
 * studio's build ships it as a file beside the workers (a 1.8 MB binary fetches and loads, as views on its
 * bytes, faster than a 2.3 MB string literal parses in a fresh worker: examples/vite-assets.ts tileAsset).
 */
export function loadDefaultTile(): Promise<void> {
  const file = defaultTileFile();
  if (file === null) return Promise.resolve(void defaultTile());
  loading ??= fetch(new URL(file, import.meta.url))
    .then((r) => {
      if (!r.ok) throw new Error(`smp-sim: the blue-noise tile ${file} could not be loaded (HTTP ${r.status})`);
      return r.arrayBuffer();
    })
    .then((b) => useDefaultTile(tileFromBytes(new Uint8Array(b))))
    .catch((e: unknown) => {
      loading = undefined; // the next call tries again
      throw e;
    });
  return loading;
}

/** Resolves in a task of its own: the answers of the calls before it are posted first (comlink posts in microtasks). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The same API, each method waiting for the shared tile first (`ready`: it may still be on its way where the build
 * ships it as a file), then running in a task of its own, in the order called: calls that waited for the tile
 * together would otherwise all run before the first one's answer is posted (the studio's first dots waited ≈ 0.9 s
 * behind the coverage and forecast sent with them).
 */
export function afterTile<T extends object>(
  api: T,
  ready: () => Promise<void> = loadDefaultTile,
): { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never } {
  ready().catch(() => {}); // start now; each call awaits it and reports a failure
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) out[name] = async (...args: unknown[]) => (await ready(), await nextTask(), (fn as (...a: unknown[]) => unknown)(...args));
  return out as never;
}
