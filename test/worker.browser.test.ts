import { describe, expect, it } from 'vitest';
import { createEngine } from '../workers/client.js';
import { defaultPlanInput, PlanError } from '../src/index.js';
import { digestDots, PINNED_PLAN_SEED } from './helpers/digest.js';

describe('determinism in a real Web Worker', () => {
  it('the worker produces the pinned bytes and reports PlanErrors as PlanErrors', async () => {
    const engine = createEngine();
    try {
      const d = await engine.simulate(defaultPlanInput(PINNED_PLAN_SEED));
      expect(d.count).toBe(16691);
      expect(digestDots(d)).toBe('2544f59b54334314');
      const err = await engine.simulate({ ...defaultPlanInput('x'), seed: 42 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PlanError);
      expect((err as PlanError).path).toBe('seed');
    } finally {
      engine.close();
    }
  });
});
