import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSIONS, HAIRLINE_STYLE_DEFAULTS, PLAN_VERSION, PlanError, defaultPlan, defaultPlanInput, simulate, validatePlan } from '../src/index.js';

const base = () => ({ version: 1, seed: 's', regions: [{ kind: 'treated', points: [[0, 0], [30, 0], [30, 30], [0, 30]] }] }) as Record<string, unknown>;

function errorOf(input: unknown): PlanError {
  try {
    validatePlan(input);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error('expected a PlanError');
}

describe('validatePlan', () => {
  it('fills documented defaults for every optional field', () => {
    const p = validatePlan(base());
    expect(p.density.target).toBe(90);
    expect(p.density.noise).toEqual({ amplitude: 0.2, scaleMm: 6 });
    expect(p.sessions).toEqual(DEFAULT_SESSIONS);
    expect(p.sessions.map((s) => s.cumulative)).toEqual([0.3, 0.7, 1]);
    expect(p.sessions.map((s) => s.day)).toEqual([0, 14, 28]);
    expect(p.hairline).toBeNull();
    expect(p.skin).toEqual({ fitzpatrick: 3, dryness: 'normal', sun: 'moderate' });
    expect(p.pigment.kind).toBe('smp-carbon');
    expect(p.touchUps).toEqual([]);
  });

  it('resolves hairline softness from its style unless given', () => {
    const p = validatePlan({ ...base(), hairline: { style: 'defined', points: [[0, 0], [10, 0]] } });
    expect(p.hairline).toMatchObject(HAIRLINE_STYLE_DEFAULTS.defined);
    const q = validatePlan({ ...base(), hairline: { style: 'soft', points: [[0, 0], [10, 0]], transitionMm: 9.5 } });
    expect(q.hairline!.transitionMm).toBe(9.5);
    expect(q.hairline!.gradientMm).toBe(HAIRLINE_STYLE_DEFAULTS.soft.gradientMm);
  });

  it.each([
    [{ ...base(), density: { target: -5 } }, 'density.target', -5],
    [{ ...base(), density: { target: 'lots' } }, 'density.target', 'lots'],
    [{ ...base(), regions: [{ kind: 'treated', points: [[0, 0], [1, 1]] }] }, 'regions[0].points', [[0, 0], [1, 1]]],
    [{ ...base(), regions: [{ kind: 'lawn', points: [[0, 0], [1, 1], [1, 0]] }] }, 'regions[0].kind', 'lawn'],
    [{ ...base(), regions: [{ kind: 'treated', points: [[0, 0], [1, NaN], [1, 0]] }] }, 'regions[0].points[1][1]', NaN],
    [{ ...base(), sessions: [{ day: 0, cumulative: 0.5, shade: 0.5 }, { day: 14, cumulative: 0.4, shade: 0.6 }] }, 'sessions[1].cumulative', 0.4],
    [{ ...base(), sessions: [{ day: 10, cumulative: 0.5, shade: 0.5 }, { day: 4, cumulative: 0.9, shade: 0.6 }] }, 'sessions[1].day', 4],
    [{ ...base(), sessions: [] }, 'sessions', []],
    [{ ...base(), skin: { fitzpatrick: 7 } }, 'skin.fitzpatrick', 7],
    [{ ...base(), sesions: [] }, 'sesions', []],
    [{ ...base(), touchUps: [{ year: 0.01 }] }, 'touchUps[0].year', 0.01],
    [{ ...base(), hairline: { style: 'wavy', points: [[0, 0], [10, 0]] } }, 'hairline.style', 'wavy'],
  ])('names the field and the bad value: %#', (input, path, value) => {
    const e = errorOf(input);
    expect(e.path).toBe(path);
    expect(e.value).toEqual(value);
    expect(e.message).toContain(`plan.${path}`);
    expect(e.message).toContain(`got ${typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value)}`);
  });

  it('refuses non-objects and missing or future versions with a clear message', () => {
    expect(errorOf(null).message).toMatch(/expected a plan object/);
    expect(errorOf([]).message).toMatch(/expected a plan object/);
    const { version: _, ...noVersion } = base();
    expect(errorOf(noVersion).path).toBe('version');
    const future = errorOf({ ...base(), version: PLAN_VERSION + 1 });
    expect(future.message).toMatch(/newer smp-sim/);
  });

  it('keeps opening a plan saved by version 1 (fixture) and simulates it', () => {
    const saved = JSON.parse(readFileSync(new URL('./fixtures/plan-v1-default.json', import.meta.url), 'utf8'));
    const p = validatePlan(saved);
    expect(p.version).toBe(1);
    expect(simulate(saved).count).toBeGreaterThan(10_000);
  });

  it('survives a JSON round trip unchanged (what users save is what they reopen)', () => {
    const p = defaultPlan();
    expect(validatePlan(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
});

describe('random input never crashes the engine', () => {
  const isSafe = (input: unknown) => {
    try {
      const d = simulate(input);
      return d.count >= 0;
    } catch (e) {
      if (e instanceof PlanError) return e.message.startsWith('plan.');
      throw e;
    }
  };

  it('arbitrary JSON either simulates or throws PlanError', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => isSafe(v)), { numRuns: 300, seed: 42 });
  });

  it('a valid plan with one field replaced by arbitrary JSON either simulates or throws PlanError', () => {
    const keys = ['seed', 'regions', 'hairline', 'density', 'sessions', 'touchUps', 'skin', 'pigment', 'hairColor'];
    const small = { ...defaultPlanInput('fuzz'), density: { target: 40 } } as Record<string, unknown>;
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }), (key, v) => isSafe({ ...small, [key]: v })),
      { numRuns: 150, seed: 7 },
    );
  });

  it('valid plans with random numbers in range always simulate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: -80, max: 80, noNaN: true })), { minLength: 3, maxLength: 12 }),
        (target, amplitude, size, pts) => {
          const d = simulate({ version: 1, seed: 'p', regions: [{ kind: 'treated', points: pts }, { kind: 'treated', points: [[0, 0], [size, 0], [0, size]] }], density: { target, noise: { amplitude } } });
          return d.count >= 0 && d.xy.length === 2 * d.count;
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });
});
