// Issue 21: a follow-up visit re-bases the touch-up forecast on the darkness measured in its photo
// (src/consult/visits.ts): lighter than planned moves the touch-ups earlier, darker later, as planned leaves them.
import { describe, expect, it } from 'vitest';
import { darknessRatio, rebaseForecast, type DarknessCurve } from '../src/consult/index.js';
import { meanLuminance } from '../examples/app/visits-ui.js';

/** A model curve: darkness rising over the sessions, then fading by half every 4 years. */
const days = Array.from({ length: 3651 }, (_, d) => d);
const curve: DarknessCurve = { days, darkness: days.map((d) => (d < 84 ? d / 84 : 0.5 ** ((d - 84) / (4 * 365)))) };
const settled = 84;

describe('the touch-up forecast re-based on a visit', () => {
  it('a scalp as dark as simulated leaves the forecast where it was', () => {
    const r = rebaseForecast(curve, 365, { before: 0.6, simulated: 0.4, visit: 0.4 }, [4.2], settled);
    expect(r.ratio).toBeCloseTo(1, 6);
    expect(Math.abs(r.shiftDays)).toBeLessThanOrEqual(1);
    expect(r.dueYears).toEqual([4.2]);
    expect(r.text).toMatch(/100 % of the darkening.*as planned/);
  });

  it('a scalp lighter than simulated looks like a later day of the plan, and the touch-ups come that much earlier', () => {
    // at day 365 the model is 0.5^(281/1460); 80 % of that is reached 0.32 half-lives (≈ 470 days) later
    const r = rebaseForecast(curve, 365, { before: 0.6, simulated: 0.4, visit: 0.44 }, [4.2, 8.1], settled);
    expect(r.ratio).toBeCloseTo(0.8, 6);
    const expected = Math.log2(1 / 0.8) * 4 * 365;
    expect(r.equivalentDay - 365).toBeCloseTo(expected, -1);
    expect(r.shiftDays).toBeLessThan(0);
    expect(r.dueYears[0]).toBeCloseTo(4.2 - expected / 365, 1);
    expect(r.text).toMatch(/80 % of the darkening.*later, so the touch-up forecast moves earlier/);
  });

  it('a darker scalp moves the touch-ups later, but never looks earlier than the healed result', () => {
    const r = rebaseForecast(curve, 1000, { before: 0.6, simulated: 0.4, visit: 0.38 }, [4.2], settled);
    expect(r.ratio).toBeCloseTo(1.1, 6);
    expect(r.shiftDays).toBeGreaterThan(0);
    expect(r.dueYears[0]).toBeGreaterThan(4.2);
    const far = rebaseForecast(curve, 1000, { before: 0.6, simulated: 0.4, visit: 0.1 }, [4.2], settled);
    expect(far.equivalentDay).toBe(settled);
  });

  it('refuses a visit before the skin has healed, or a spot the simulation leaves untouched, naming the field', () => {
    expect(() => rebaseForecast(curve, 20, { before: 0.6, simulated: 0.4, visit: 0.4 }, [4], settled)).toThrow(/visit\.day: .*from day 84.*got 20/);
    expect(() => darknessRatio({ before: 0.6, simulated: 0.6, visit: 0.5 })).toThrow(/measured\.simulated: .*measure on treated scalp/);
    expect(() => darknessRatio({ before: 1.2, simulated: 0.4, visit: 0.5 })).toThrow(/measured\.before/);
  });

  it('the touch-ups never move before the visit itself', () => {
    const r = rebaseForecast(curve, 3 * 365, { before: 0.6, simulated: 0.4, visit: 0.55 }, [3.5], settled);
    expect(r.dueYears[0]).toBeGreaterThanOrEqual(3);
  });
});

describe('measuring a photo', () => {
  it('is the mean linear luminance inside the circle only', () => {
    const w = 100;
    const h = 50;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const v = x < 50 ? 255 : 0;
        data.set([v, v, v, 255], (y * w + x) * 4);
      }
    const img = { width: w, height: h, data, colorSpace: 'srgb' } as ImageData;
    expect(meanLuminance(img, { x: 0.25, y: 0.5, r: 0.1 })).toBeCloseTo(1, 6);
    expect(meanLuminance(img, { x: 0.75, y: 0.5, r: 0.1 })).toBe(0);
    expect(meanLuminance(img, { x: 0.5, y: 0.5, r: 0.2 })).toBeGreaterThan(0.4);
  });
});
