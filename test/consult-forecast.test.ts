import { describe, expect, it } from 'vitest';
import { type Plan, type PlanInput, validatePlan } from '../src/index.js';
import { type TouchUpCost, stagePlan, touchUpCost } from '../src/consult/index.js';

// a Norwood III client keeps the simulations small
const client = (skin: Partial<NonNullable<PlanInput['skin']>> = {}): Plan => {
  const base = stagePlan('NW3');
  return validatePlan({ ...base, skin: { ...base.skin, ...skin } });
};

const normal = touchUpCost(client());
const dry = touchUpCost(client({ dryness: 'dry' }));
const sunny = touchUpCost(client({ sun: 'high' }));
const both = touchUpCost(client({ dryness: 'dry', sun: 'high' }));

const at = (f: TouchUpCost, years: number) => f.horizons.find((h) => h.years === years)!;

describe('touch-up forecast and cost', () => {
  it('on normal skin in moderate sun the first touch-up falls due within DOMAIN’s 2–6 years', () => {
    expect(normal.firstDueYear).not.toBeNull();
    expect(normal.firstDueYear!).toBeGreaterThan(2);
    expect(normal.firstDueYear!).toBeLessThan(6);
  });

  it('comes earlier on dry skin, earlier in strong sun, earliest with both', () => {
    expect(dry.firstDueYear!).toBeLessThan(normal.firstDueYear!);
    expect(sunny.firstDueYear!).toBeLessThan(normal.firstDueYear!);
    expect(both.firstDueYear!).toBeLessThan(Math.min(dry.firstDueYear!, sunny.firstDueYear!));
    // and so never fewer touch-ups within 10 years
    expect(at(both, 10).touchUps).toBeGreaterThanOrEqual(at(dry, 10).touchUps);
    expect(at(dry, 10).touchUps).toBeGreaterThanOrEqual(at(normal, 10).touchUps);
    expect(at(both, 10).touchUps).toBeGreaterThan(at(normal, 10).touchUps);
  });

  it('counts the touch-ups due within 5 and 10 years and prices each at the book’s 350–1,000 USD', () => {
    for (const f of [normal, dry, sunny, both]) {
      expect(f.horizons.map((h) => h.years)).toEqual([5, 10]);
      expect(at(f, 10).touchUps).toBeGreaterThanOrEqual(at(f, 5).touchUps);
      for (const h of f.horizons) {
        expect(h.touchUps).toBe(f.dueYears.filter((y) => y <= h.years).length);
        expect([h.low, h.high]).toEqual([350 * h.touchUps, 1_000 * h.touchUps]);
      }
      expect(f.currency).toBe('USD');
      // due years rise, each touch-up buys at least a year (it re-darkens the dots and adds new ones)
      for (let i = 1; i < f.dueYears.length; i++) expect(f.dueYears[i]! - f.dueYears[i - 1]!).toBeGreaterThan(1);
    }
    expect(at(normal, 10).touchUps).toBeGreaterThanOrEqual(1);
  });

  it('gives every region its own first due year and explains itself in words', () => {
    expect(normal.perRegionFirstDueYear).toHaveLength(client().regions.length);
    expect(normal.perRegionFirstDueYear[0]).not.toBeNull();
    expect(dry.reasons.join(' ')).toMatch(/skin: dry/);
    expect(normal.reasons.join(' ')).toMatch(/70%/);
  });

  it('a lower threshold (waiting longer) puts the first touch-up later; bad horizons name the field', () => {
    const patient = touchUpCost(client(), undefined, { threshold: 0.5, years: [10] });
    expect(patient.firstDueYear ?? Infinity).toBeGreaterThan(normal.firstDueYear!);
    expect(() => touchUpCost(client(), undefined, { years: [0] })).toThrow(/years\[0\].*got 0/);
  });
});
