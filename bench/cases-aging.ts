// Aging bench cases (issue 3): appearanceAt for ~1M dots at one instant (target ≤ 20 ms), and the summary
// coverage curve over 10 years at weekly resolution (522 days). Seeded plans; results go to the sink.
import type { Dots } from '../src/dots.js';
import { type Plan, type PlanInput, validatePlan } from '../src/plan.js';
import { defaultPlanInput } from '../src/presets.js';
import { DEFAULT_AGING, allocAppearance, appearanceAt, coverageCurve, simulateValid } from './engine.js';
import type { BenchCase, Row } from './cases.js';
import { consume, measure } from './lib.js';

const YEAR = 365;
const WEEKLY_10Y = Float64Array.from({ length: 522 }, (_, i) => i * 7);

/** A square of default-density SMP (three sessions, optional touch-ups) sized for about `target` dots in all. */
function squarePlan(target: number, touchUps: PlanInput['touchUps'] = []): Plan {
  const base = defaultPlanInput('bench-aging');
  const extra = (touchUps ?? []).reduce((a, t) => a + (t.addFraction ?? 0.15), 0);
  // ≈ 0.9 dots/mm² at target 90/cm² (measured)
  const side = Math.round(Math.sqrt(target / (0.9 * (1 + extra))));
  return validatePlan({
    ...base,
    hairline: null,
    regions: [
      { kind: 'treated', name: 'square', points: [[0, 0], [side, 0], [side, side], [0, side]] },
      { kind: 'scar', name: 'strip', points: [[side * 0.2, side * 0.5], [side * 0.8, side * 0.5], [side * 0.8, side * 0.5 + 12], [side * 0.2, side * 0.5 + 12]] },
    ],
    touchUps,
  });
}

const cache = new Map<string, { plan: Plan; dots: Dots }>();
function workload(key: string, make: () => Plan): { plan: Plan; dots: Dots } {
  let w = cache.get(key);
  if (!w) {
    const plan = make();
    w = { plan, dots: simulateValid(plan) };
    cache.set(key, w);
  }
  return w;
}

function appearanceCase(name: string, key: string, make: () => Plan, day: number): BenchCase {
  return {
    name: `aging ${name}`,
    run: () => {
      const { plan, dots } = workload(key, make);
      const out = allocAppearance(dots.count);
      let k = 0;
      const { timing } = measure(() => {
        appearanceAt(dots, plan, day + (k++ % 7) * 1e-3, DEFAULT_AGING, out);
        consume(out.opacity[k % dots.count]! + out.radius[(k * 7919) % dots.count]!);
      }, 10, 3);
      return [{ method: 'aging appearanceAt', case: name, dots: dots.count, timing } satisfies Row];
    },
  };
}

function curveCase(name: string, key: string, make: () => Plan, stride: number): BenchCase {
  return {
    name: `aging ${name}`,
    run: () => {
      const { plan, dots } = workload(key, make);
      const evaluated = Math.ceil(dots.count / stride) * WEEKLY_10Y.length;
      const { timing } = measure(() => {
        const c = coverageCurve(dots, plan, WEEKLY_10Y, DEFAULT_AGING, { stride });
        consume(c.total[c.total.length - 1]!);
      }, 3, 1);
      // dots = dot-evaluations (dots/stride × 522 days), so M/s compares with the appearance rows
      return [{ method: 'aging coverageCurve', case: name, dots: evaluated, timing } satisfies Row];
    },
  };
}

const million = () => squarePlan(1_000_000);
const millionTouchUp = () => squarePlan(1_000_000, [{ year: 4 }]);
const head = () => validatePlan(defaultPlanInput('bench-aging'));

/** The aging cases, appended to bench/cases.ts's list. */
export const agingCases: BenchCase[] = [
  appearanceCase('1M square, year 2', '1M', million, 2 * YEAR),
  appearanceCase('1M square+touch-up, y6', '1M-tu', millionTouchUp, 6 * YEAR),
  curveCase('curve 10y weekly, head', 'head', head, 1),
  curveCase('curve 10y wk, 1M /64', '1M', million, 64),
];
