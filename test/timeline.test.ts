import { describe, expect, it } from 'vitest';
import { DEFAULT_AGING, defaultPlan, validatePlan, defaultPlanInput } from '../src/index.js';
import { aftercareAt, aftercareBands, dayAt, formatDay, phaseAt, positionOf, EARLY_DAYS, EARLY_SHARE } from '../examples/timeline.js';

describe('the studio timeline', () => {
  it('maps the slider onto day 0 … year 10 and back, exactly', () => {
    expect(dayAt(0)).toBe(0);
    expect(dayAt(1)).toBe(3650);
    expect(dayAt(EARLY_SHARE)).toBe(EARLY_DAYS);
    for (let p = 0; p <= 1; p += 0.0137) expect(positionOf(dayAt(p))).toBeCloseTo(p, 12);
  });

  it('gives the healing months a day-level resolution: one slider step in 1000 is under half a day early on', () => {
    expect(dayAt(0.001)).toBeLessThan(0.5);
    expect(dayAt(0.5) - dayAt(0.499)).toBeGreaterThan(5);
  });

  it('formats days in the unit a client would use', () => {
    expect(formatDay(3)).toBe('day 3');
    expect(formatDay(24)).toBe('week 4');
    expect(formatDay(150)).toBe('month 5');
    expect(formatDay(365 * 6.5)).toBe('year 6.5');
  });

  it('names the healing phase of the latest visit: scab, ghosting in weeks 3–4, healed, faded', () => {
    const plan = defaultPlan();
    expect(phaseAt(plan, 3, DEFAULT_AGING)).toMatch(/darker and larger/);
    expect(phaseAt(plan, 28 + 22, DEFAULT_AGING)).toMatch(/much lighter/);
    expect(phaseAt(plan, 100, DEFAULT_AGING)).toMatch(/Healed/);
    expect(phaseAt(plan, 2000, DEFAULT_AGING)).toMatch(/year 5\.5: faded/);
    const withTouchUp = validatePlan({ ...defaultPlanInput(), touchUps: [{ year: 4 }] });
    expect(phaseAt(withTouchUp, 4 * 365 + 2, DEFAULT_AGING)).toMatch(/^Touch-up 1, 2 days on/);
  });

  it('names the week it is in, and days in the singular and on the same day correctly (newcomer bugs)', () => {
    const one = validatePlan({ ...defaultPlanInput(), sessions: [{ day: 0, cumulative: 1, shade: 0.8 }] });
    expect(phaseAt(one, 12, DEFAULT_AGING)).toMatch(/week 2:/);
    expect(phaseAt(one, 12, DEFAULT_AGING)).not.toMatch(/weeks 3–4 look/);
    expect(phaseAt(one, 22, DEFAULT_AGING)).toMatch(/week 4:/);
    expect(phaseAt(one, 0.5, DEFAULT_AGING)).toMatch(/^Session 1, 1 day on/);
    expect(phaseAt(one, 0.2, DEFAULT_AGING)).toMatch(/^Session 1, the same day/);
    expect(phaseAt(one, 0.2, DEFAULT_AGING)).not.toMatch(/days on/);
  });

  it('puts every session’s aftercare and expected reactions on the timeline, the final-session rules once', () => {
    const plan = defaultPlan(); // sessions on days 0, 14, 28
    const bands = aftercareBands(plan);
    expect(bands.filter((b) => b.title.startsWith('No washing')).map((b) => [b.from, b.to])).toEqual([[0, 4], [14, 18], [28, 32]]);
    expect(bands.filter((b) => b.title.startsWith('No swimming')).map((b) => [b.from, b.to])).toEqual([[28, 56]]);
    expect(aftercareAt(plan, 30)).toEqual(expect.arrayContaining(['No washing, wetting or heavy sweating', 'No heavy exercise', 'Redness expected']));
    expect(aftercareAt(plan, 200)).toEqual([]);
  });
});
