import { describe, expect, it } from 'vitest';
import { createEngine, SPLIT_MIN_DOTS } from '../workers/client.js';
import { defaultPlanInput, PlanError } from '../src/index.js';
import { digestDots, PINNED_PLAN_SEED } from './helpers/digest.js';
import { scaledDefaultPlan } from './helpers/plans.js';

describe('determinism in a real Web Worker', () => {
  it('the worker produces the pinned bytes and reports PlanErrors as PlanErrors', async () => {
    const engine = createEngine();
    try {
      const d = await engine.simulate(defaultPlanInput(PINNED_PLAN_SEED));
      expect(d.count).toBe(20566);
      expect(digestDots(d)).toBe('3a166c1b4f81a2aa');
      const err = await engine.simulate({ ...defaultPlanInput('x'), seed: 42 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PlanError);
      expect((err as PlanError).path).toBe('seed');
    } finally {
      engine.close();
    }
  });

  it('a pool of two real workers gives a large plan the same bytes as one worker', async () => {
    const plan = scaledDefaultPlan('browser-pool');
    const pool = createEngine({ workers: 2 });
    const one = createEngine({ workers: 1 });
    try {
      const [a, b] = await Promise.all([pool.simulate(plan), one.simulate(plan)]);
      expect(a.count).toBeGreaterThan(SPLIT_MIN_DOTS);
      expect(digestDots(a)).toBe(digestDots(b));
      expect(a.stats).toEqual(b.stats);
      expect([pool.spawned, one.spawned]).toEqual([2, 1]);
    } finally {
      pool.close();
      one.close();
    }
  });
});
