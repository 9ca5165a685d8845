import { describe, expect, it } from 'vitest';
import { defaultPlanInput, simulate } from '../src/index.js';
import { digestDots, PINNED_PLAN_SEED } from './helpers/digest.js';

describe('determinism in the page', () => {
  it('the browser produces the same bytes as node for the pinned plan', () => {
    expect(typeof document).toBe('object'); // really running in Chromium
    const d = simulate(defaultPlanInput(PINNED_PLAN_SEED));
    expect(d.count).toBe(20566);
    expect(digestDots(d)).toBe('3a166c1b4f81a2aa');
  });
});
