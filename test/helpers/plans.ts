// Plans shared by the node and browser tests of the engine worker.
import { defaultPlanInput, type PlanInput } from '../../src/index.js';

/** The default plan with every coordinate × k: at 3.5 ≈ 215k dots (estimated ≈ 260k), so a worker pool splits it. */
export function scaledDefaultPlan(seed: string, k = 3.5): PlanInput {
  const p = defaultPlanInput(seed);
  const scale = (pts: [number, number][]) => pts.map(([x, y]) => [x * k, y * k] as [number, number]);
  return { ...p, regions: p.regions.map((r) => ({ ...r, points: scale(r.points) })), hairline: p.hairline && { ...p.hairline, points: scale(p.hairline.points) } };
}
