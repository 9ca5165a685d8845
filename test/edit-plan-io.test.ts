// Plans that survive Save → Open byte for byte, and refusals that name the field even when its key is odd.
import { describe, expect, it } from 'vitest';
import { PlanError, simulate, validatePlan } from '../src/index.js';
import { digestDots } from './helpers/digest.js';
import { planErrorOf } from './helpers/plan-error.js';

const square = () => ({ version: 1, seed: 'io', regions: [{ kind: 'treated', points: [[0, 0], [20, 0], [20, 20], [0, 20]] }] }) as Record<string, any>;

const errorOf = planErrorOf;

describe('Save → Open keeps the bytes', () => {
  it('a −0 session shade simulates the same dots as after a JSON round trip', () => {
    const plan: Record<string, any> = { ...square(), sessions: [{ day: 0, cumulative: 1, shade: -0 }], pigment: { shadeVariation: 0 } };
    const reopened = JSON.parse(JSON.stringify(plan));
    expect(Object.is(plan.sessions[0].shade, -0)).toBe(true);
    expect(Object.is(reopened.sessions[0].shade, -0)).toBe(false);
    expect(digestDots(simulate(plan))).toBe(digestDots(simulate(reopened)));
  });

  it('validation leaves no −0 anywhere in the plan, coordinates and nested settings included', () => {
    const plan = square();
    plan.regions[0].points[0] = [-0, -0];
    plan.density = { noise: { amplitude: -0 } };
    const seen: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Object.is(v, -0)) seen.push(path);
      else if (v && typeof v === 'object') for (const [k, w] of Object.entries(v)) walk(w, `${path}.${k}`);
    };
    walk(validatePlan(plan), 'plan');
    expect(seen).toEqual([]);
    // and the input itself is left as it was
    expect(Object.is(plan.regions[0].points[0][0], -0)).toBe(true);
  });
});

describe('an unknown field is named with its key quoted when the key is not a plain name', () => {
  it('an empty-string key at the top says plan[""], not plan.(root)', () => {
    const e = errorOf({ ...square(), '': 1 });
    expect(e.message).toBe('plan[""]: unknown field (got 1)');
    expect(e.path).toBe('[""]');
  });

  it('an empty or spaced key inside a field is quoted after that field', () => {
    expect(errorOf({ ...square(), skin: { '': 'x' } }).message).toBe('plan.skin[""]: unknown field (got "x")');
    expect(errorOf({ ...square(), pigment: { 'shade variation': 2 } }).message).toBe('plan.pigment["shade variation"]: unknown field (got 2)');
  });

  it('plain keys keep the dotted form', () => {
    expect(errorOf({ ...square(), colour: 'red' }).message).toBe('plan.colour: unknown field (got "red")');
    expect(errorOf({ ...square(), sessions: [{ day: 0, cumulative: 1, shade: 2 }] }).message).toMatch(/^plan\.sessions\[0\]\.shade: /);
    expect(errorOf(null).message).toMatch(/^plan\.\(root\): expected a plan object/);
  });
});
