import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSIONS, HAIRLINE_STYLES, type HairlineStyle, PLAN_VERSION, PlanError, defaultPlan, defaultPlanInput, hairlinePoints, simulate, validatePlan } from '../src/index.js';
import { DEFAULT_DENSITY_TARGET, HAIRLINE_STYLE_DEFAULTS } from '../src/plan.js';
import { onScalpSide } from '../src/hairline.js';
import { planErrorOf } from './helpers/plan-error.js';

const base = () => ({ version: 1, seed: 's', regions: [{ kind: 'treated', points: [[0, 0], [30, 0], [30, 30], [0, 30]] }] }) as Record<string, unknown>;

const errorOf = planErrorOf;

describe('validatePlan', () => {
  it('fills documented defaults for every optional field', () => {
    const p = validatePlan(base());
    expect(p.density.target).toBe(DEFAULT_DENSITY_TARGET);
    expect(DEFAULT_DENSITY_TARGET).toBe(110); // DOMAIN "Density": full-density SMP ≈ 100 dots/cm² (1 mm apart); 110 is 0.95 mm
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

describe('hairline presets (DOMAIN "Hairline design": styles artists name; temple points on the line up from the outer eye corner)', () => {
  const plain = (style: HairlineStyle) => ({ ...defaultPlanInput('styles'), hairline: { style, points: hairlinePoints(style), needlePoints: 1 } });
  /** y of the hairline template at x (linear between its points), mm. */
  const yAt = (pts: [number, number][], x: number) => {
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1]!;
      const [x1, y1] = pts[i]!;
      if (x >= x0 && x <= x1 && x1 > x0) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
    return NaN;
  };

  it('every style (rounded, boxed and broken too) has softness defaults within Shapiro, validates and places dots', () => {
    expect(HAIRLINE_STYLES).toEqual(expect.arrayContaining(['soft', 'defined', 'mature', 'widows-peak', 'rounded', 'boxed', 'broken']));
    for (const style of HAIRLINE_STYLES) {
      const p = validatePlan(plain(style));
      expect(p.hairline).toMatchObject(HAIRLINE_STYLE_DEFAULTS[style]);
      expect(HAIRLINE_STYLE_DEFAULTS[style].transitionMm).toBeLessThanOrEqual(12);
      expect(simulate({ ...plain(style), density: { target: 30 } }).count).toBeGreaterThan(1000);
    }
  });

  it('boxed is straight across the front with squared corners; rounded curves back steadily', () => {
    const boxed = hairlinePoints('boxed');
    const rounded = hairlinePoints('rounded');
    // halfway to the temples the boxed line has barely left the mid-frontal point, the rounded one has receded
    expect(Math.abs(yAt(boxed, 32.5))).toBeLessThan(0.5);
    expect(Math.abs(yAt(rounded, 32.5))).toBeGreaterThan(3);
    // and near the corners the boxed line recedes steeply
    expect(yAt(boxed, 54.17) - yAt(boxed, 64.99)).toBeGreaterThan(5);
  });

  it('broken is jagged: the template zig-zags between neighbouring points, and its dots scatter further (> 3 mm) in front than defined', () => {
    const broken = hairlinePoints('broken', { templeMm: 0 });
    let turns = 0;
    for (let i = 2; i < broken.length; i++) {
      const a = broken[i - 1]![1] - broken[i - 2]![1];
      const b = broken[i]![1] - broken[i - 1]![1];
      if (a * b < 0) turns++;
    }
    expect(turns).toBeGreaterThan(6);
    /** Dots more than 3 mm in front of the line (ahead of the line moved 3 mm forward). */
    const ahead = (style: HairlineStyle) => {
      const input = plain(style);
      const forward = { points: input.hairline.points.map(([x, y]) => [x, y + 3] as [number, number]) };
      const d = simulate(input);
      let n = 0;
      for (let i = 0; i < d.count; i++) if (!onScalpSide(forward, d.xy[2 * i]!, d.xy[2 * i + 1]!)) n++;
      return n;
    };
    expect(ahead('broken')).toBeGreaterThan(2 * ahead('defined'));
  });

  it('temple points: the line turns forward at both corners, the temple below is scalp and the recess stays open', () => {
    const pts = hairlinePoints('boxed');
    const n = pts.length;
    expect(pts[0]![1]).toBeGreaterThan(pts[1]![1] + 10); // right temple point ahead of the corner
    expect(pts[n - 1]![1]).toBeGreaterThan(pts[n - 2]![1] + 10);
    const hl = { points: pts };
    expect(onScalpSide(hl, 76, -4)).toBe(true); // lateral to the temple line: hair
    expect(onScalpSide(hl, -76, -4)).toBe(true);
    expect(onScalpSide(hl, 58, -2)).toBe(false); // in front of the corner, inside the temple line: the recess
    expect(onScalpSide(hl, 0, -5)).toBe(true);
    expect(onScalpSide(hl, 0, 5)).toBe(false);
    // the older styles keep their templates (saved plans reopen identical), without temple points
    expect(hairlinePoints('mature')).toHaveLength(13);
    expect(hairlinePoints('mature', { templeMm: 10 })).toHaveLength(15);
  });

  it('a version-1 plan saved before these styles still opens and keeps its own hairline and shades', () => {
    const v1 = JSON.parse(readFileSync(new URL('./fixtures/plan-v1-default.json', import.meta.url), 'utf8'));
    const p = validatePlan(v1);
    expect(p.hairline!.points).toEqual(v1.hairline.points);
    expect(p.sessions.map((s) => s.shade)).toEqual(v1.sessions.map((s: { shade: number }) => s.shade));
    expect(p.sessions.every((s) => s.depth === 1)).toBe(true);
    expect(p.regions.every((r) => r.sunExposure === 1)).toBe(true);
  });
});
