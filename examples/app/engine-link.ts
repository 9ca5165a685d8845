// Keeps the dots, the coverage curve and the forecast in step with the plan: the engine worker simulates every
// plan change (a newer one supersedes a queued one), a crashed worker is retried on a fresh one (at most
// twice) without losing the plan, and the results land in `results` for the stage, the chart and the stats.
// The chart's coverage and forecast (each ≈ 0.4 s under software rendering, against ≈ 0.05 s for the dots) run on
// a second worker, started once the first dots are in and asked only when the plan has settled, so they never hold
// up the first dots or the next edit's.
import type { Dots, Plan, TouchUpForecast } from '../../src/index.js';
import { createEngine, isSuperseded } from '../../workers/client.js';
import type { Studio } from './state.js';

/** What the engine last returned, and for which plan. */
export interface Results {
  dots: Dots | null;
  /** The plan `dots` were simulated from (the edited plan may be ahead while the worker runs). */
  dotsPlan: Plan | null;
  forecast: TouchUpForecast | null;
  curve: { days: Float64Array; total: Float32Array } | null;
  simMs: number;
}

const MAX_CRASH_RETRIES = 2;
/** A simulation still running after this long is interrupted by a newer edit (the worker is replaced) rather than waited for. */
const SLOW_MS = 1500;
/** The chart waits until the plan has not changed for this long (a slider drag asks once, at the end). */
const OUTLOOK_SETTLE_MS = 200;

/** Simulates on every plan change; calls onDots/onOutlook with fresh results and say() with problems. */
export function linkEngine(
  studio: Studio,
  chartDays: Float64Array,
  hooks: { onDots(r: Results): void; onOutlook(r: Results): void; say(text: string, kind?: 'info' | 'error'): void },
): { results: Results; engine: ReturnType<typeof createEngine>; refresh(): void; cancel(): void } {
  performance.mark('smp:engine-start');
  const engine = createEngine();
  /** The chart's worker, started at the first outlook (after the first dots). */
  let outlookEngine: ReturnType<typeof createEngine> | null = null;
  let outlookTimer: ReturnType<typeof setTimeout> | undefined;
  let first = true;
  let firstSettled!: () => void;
  /** Settles once the first simulation has answered (dots or an error): the first outlook waits for it. */
  const firstDone = new Promise<void>((r) => (firstSettled = r));
  const results: Results = { dots: null, dotsPlan: null, forecast: null, curve: null, simMs: 0 };
  let crashes = 0;
  let recovering = false;
  /** When the running simulation started (0: none). */
  let since = 0;

  function report(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err.name === 'EngineCrashedError') {
      crashes++;
      if (crashes > MAX_CRASH_RETRIES) {
        hooks.say(`${err.message}. The engine stopped ${crashes} times on this plan; your plan is saved on this device. Undo the last change or lower the density, then edit to try again.`, 'error');
        crashes = 0;
        return;
      }
      recovering = true;
      hooks.say(`${err.message}. Your plan is safe; retrying…`, 'error');
      setTimeout(refresh, 300);
      return;
    }
    hooks.say(err.message, 'error');
  }

  async function simulate(): Promise<void> {
    const t0 = performance.now();
    const input = studio.doc.plan;
    const plan = studio.plan;
    try {
      since = t0;
      const d = await engine.simulate(input);
      since = 0;
      if (input !== studio.doc.plan) return; // a newer edit is on its way
      results.simMs = performance.now() - t0;
      crashes = 0;
      if (recovering) hooks.say('Recovered: the engine was restarted and your plan is unchanged.');
      recovering = false;
      if (first) {
        first = false;
        // from the worker's spawn to its first dots (module load, tile, first cold simulate, transfer), and from the
        // first request, which waits for the page's own start-up (restoring the saved work)
        performance.measure('smp:first-dots', { start: 'smp:engine-start', end: performance.now() });
        performance.measure('smp:first-request', { start: t0, end: performance.now() });
      }
      results.dots = d;
      results.dotsPlan = plan;
      hooks.onDots(results);
    } catch (e) {
      if (since === t0) since = 0;
      if (!isSuperseded(e)) report(e);
    } finally {
      if (input === studio.doc.plan) firstSettled();
    }
  }

  async function outlook(): Promise<void> {
    await firstDone;
    const input = studio.doc.plan;
    const e = (outlookEngine ??= createEngine({ workers: 1 }));
    try {
      const [c, f] = await Promise.all([e.coverage(input, chartDays), e.forecast(input)]);
      if (input !== studio.doc.plan) return;
      results.curve = c;
      results.forecast = f;
      hooks.onOutlook(results);
    } catch (e) {
      if (!isSuperseded(e)) report(e);
    }
  }

  function refresh(): void {
    // a slow job must not hold up the newer edit: stop it (a fresh worker takes the new one)
    if (since && performance.now() - since > SLOW_MS) {
      since = 0;
      engine.interrupt();
    }
    void simulate();
    clearTimeout(outlookTimer);
    outlookTimer = setTimeout(() => void outlook(), first ? 0 : OUTLOOK_SETTLE_MS);
  }

  studio.subscribe((c) => c.plan && refresh());
  /** Stops whatever the engine is doing (New, or opening another project). */
  function cancel(): void {
    since = 0;
    engine.interrupt();
    outlookEngine?.interrupt();
  }

  return { results, engine, refresh, cancel };
}
