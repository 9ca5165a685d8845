// The healed shaved look calibrated to real stubble (docs/calibration.md): the default plan's predicted transmission
// from the core's numbers and the ink formula, the formula against a brute-force rasterisation, and the stubble ink.
import { describe, expect, it } from 'vitest';
import { appearanceAt, defaultPlan } from '../src/index.js';
import { simulateValid } from '../src/simulate.js';
import {
  HEALED_TRANSMISSION,
  INK_SCATTER,
  inkCoverage,
  inkTransmission,
  luminance,
  pigmentTransmission,
  scalpSideArea,
  stubbleInk,
  type Rgb,
} from '../src/aging/index.js';
import { PIGMENT_LIGHTNESS } from '../src/dilution.js';

/** Month 4 after the first session, the export's "month4". */
const MONTH_4 = 120;
const plan = defaultPlan();
const dots = simulateValid(plan);
const app = appearanceAt(dots, plan, MONTH_4);
const tau = pigmentTransmission();
const report = (what: string, value: string): void => console.log(`calibration: ${what}: ${value}`);

describe('the default plan healed (month 4) darkens the scalp like the stubble measured on the shared portraits', () => {
  it(`its predicted mean transmission behind the hairline lies in ${HEALED_TRANSMISSION.min}–${HEALED_TRANSMISSION.max} of the bare scalp's linear luminance`, () => {
    const side = scalpSideArea(plan);
    const c = inkCoverage(dots, app, side);
    const T = inkTransmission(c.coverage, tau, c.overlap);
    const Y = luminance(T);
    report('behind the hairline', `C ${c.coverage.toFixed(3)}, overlap ${c.overlap.toFixed(4)}, under dots ${(c.underDots * 100).toFixed(1)} %, mean opacity ${c.meanOpacity.toFixed(3)}, diameter ${c.meanDiameterMm.toFixed(3)} mm, T_Y ${Y.toFixed(3)} (RGB ${T.map((v) => v.toFixed(3)).join(' ')})`);
    expect(Y).toBeGreaterThanOrEqual(HEALED_TRANSMISSION.min);
    expect(Y).toBeLessThanOrEqual(HEALED_TRANSMISSION.max);
    // the look stays a pattern of dots, not a solid shade (DOMAIN "Dots": the "helmet" is a complaint)
    expect(c.underDots).toBeLessThan(0.6);
    expect(c.meanDiameterMm).toBeLessThan(1);
  });

  it('the whole treated region, hairline margin included, is lighter than behind the line but still ≥ 6 % darker', () => {
    const t = (c: { coverage: number; overlap: number }) => luminance(inkTransmission(c.coverage, tau, c.overlap));
    const side = t(inkCoverage(dots, app, scalpSideArea(plan)));
    const whole = t(inkCoverage(dots, app));
    report('whole treated region', `T_Y ${whole.toFixed(3)}`);
    expect(whole).toBeGreaterThan(side);
    expect(whole).toBeLessThan(0.94);
  });
});

describe('the ink formula', () => {
  it('1 − C(1 − τ) + O(1 − τ)² matches a supersampled rasterisation of the default dots on a full-density 20 × 20 mm patch within 0.01; without O it reads darker', () => {
    // the renderer's dot: opacity × a disc of radius r with a smoothstep edge softness·r wide, multiplied in linear light
    const X0 = -10, Y0 = -100, S = 20, ppm = 24, N = S * ppm;
    const tY = luminance(tau);
    const T = new Float64Array(N * N).fill(1);
    for (let i = 0; i < dots.count; i++) {
      const a = app.opacity[i]!, r = app.radius[i]!;
      const x = dots.xy[2 * i]!, y = dots.xy[2 * i + 1]!;
      if (!(a > 0) || x < X0 - 2 || x > X0 + S + 2 || y < Y0 - 2 || y > Y0 + S + 2) continue;
      const e = Math.max(app.softness[i]! * r, 1 / ppm);
      const ext = r + e;
      for (let j = Math.max(0, Math.floor((y - ext - Y0) * ppm)); j <= Math.min(N - 1, Math.ceil((y + ext - Y0) * ppm)); j++)
        for (let k = Math.max(0, Math.floor((x - ext - X0) * ppm)); k <= Math.min(N - 1, Math.ceil((x + ext - X0) * ppm)); k++) {
          const d = Math.hypot(X0 + (k + 0.5) / ppm - x, Y0 + (j + 0.5) / ppm - y);
          const t = Math.min(1, Math.max(0, (d - (r - 0.5 * e)) / e));
          T[j * N + k]! *= 1 - a * (1 - t * t * (3 - 2 * t)) * (1 - tY);
        }
    }
    let mean = 0;
    for (const v of T) mean += v;
    mean /= T.length;
    const inPatch = (x: number, y: number) => x >= X0 && x < X0 + S && y >= Y0 && y < Y0 + S;
    const c = inkCoverage(dots, app, { areaMm2: S * S, where: inPatch });
    const linear = 1 - c.coverage * (1 - tY);
    const predicted = luminance(inkTransmission(c.coverage, tau, c.overlap));
    report('flat patch', `C ${c.coverage.toFixed(3)}, overlap ${c.overlap.toFixed(4)}, under dots ${(c.underDots * 100).toFixed(1)} %, predicted ${predicted.toFixed(4)} (linear ${linear.toFixed(4)}), rasterised ${mean.toFixed(4)}`);
    expect(1 - predicted).toBeGreaterThan(0.15); // a patch with real ink, so the comparison means something
    expect(mean).toBeGreaterThan(linear); // overlapping dots darken a pixel less than the sum of their ink
    expect(Math.abs(mean - predicted)).toBeLessThan(0.01);
  });

  it('an achromatic pigment transmits s + (1 − s)·L³; healed carbon reads slightly cool (blue ≥ red)', () => {
    const grey = pigmentTransmission({ chroma: 0 });
    for (const v of grey) expect(v).toBeCloseTo(INK_SCATTER + (1 - INK_SCATTER) * PIGMENT_LIGHTNESS ** 3, 5);
    expect(tau[2]).toBeGreaterThan(tau[0]);
    expect(pigmentTransmission({ scatter: 0.5 })[1]).toBeGreaterThan(tau[1]);
    expect(() => pigmentTransmission({ scatter: 1.5 })).toThrow(/scatter.*1\.5/);
  });

  it('inkCoverage counts opacity × area once per dot and refuses a bad area', () => {
    const c = inkCoverage(dots, app);
    let ink = 0;
    for (let i = 0; i < dots.count; i++) ink += app.opacity[i]! * Math.PI * app.radius[i]! ** 2;
    expect(c.coverage).toBeCloseTo(ink / (dots.stats.areaCm2 * 100), 9);
    expect(inkCoverage(dots, app, { areaMm2: 2 * c.areaMm2 }).coverage).toBeCloseTo(c.coverage / 2, 9);
    expect(() => inkCoverage(dots, app, { areaMm2: 0 })).toThrow(/areaMm2.*0/);
    expect(inkTransmission(0, tau)).toEqual([1, 1, 1]);
    expect(c.overlap).toBeGreaterThan(0);
    expect(c.overlap).toBeLessThan(c.coverage / 2); // pairs overlap in part; C counts their shared ink twice
    expect(() => inkTransmission(0.3, tau, -0.1)).toThrow(/overlap.*-0\.1/);
  });
});

describe("the client's stubble sets the ink's hue, the calibration its strength", () => {
  const tones: Rgb[] = [
    [0.3, 0.25, 0.2], // brown stubble over its scalp
    [0.9, 0.7, 0.45], // blond: as light as the skin
    [0.05, 0.05, 0.06], // black
    [1.4, 1.2, 0.9], // lighter than the scalp (a ratio above 1)
  ];
  it('stubbleInk keeps the stubble channel ratios and the pigment luminance', () => {
    for (const tone of tones) {
      const ink = stubbleInk(tone);
      expect(luminance(ink)).toBeCloseTo(luminance(tau), 6);
      expect(ink[0] / ink[1]).toBeCloseTo(tone[0] / tone[1], 6);
      expect(ink[2] / ink[1]).toBeCloseTo(tone[2] / tone[1], 6);
    }
  });

  it('a black tone gives the pigment itself, and a bad tone a RangeError naming the channel', () => {
    expect(stubbleInk([0, 0, 0])).toEqual(tau);
    expect(() => stubbleInk([0.2, Number.NaN, 0.2])).toThrow(/tone\[1\]/);
  });
});
