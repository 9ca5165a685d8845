import { describe, expect, it } from 'vitest';
import { type Dots, type Plan, type PlanInput, defaultPlanInput, simulate, validatePlan } from '../src/index.js';
import {
  DEFAULT_AGING,
  type Appearance,
  agingParams,
  allocAppearance,
  appearanceAt,
  coverageCurve,
  fadeMap,
  touchUpForecast,
} from '../src/aging/index.js';
import { digestArrays, digestLayers } from './helpers/digest.js';

const YEAR = 365;

function build(over: Partial<PlanInput> = {}): { plan: Plan; dots: Dots } {
  const base = defaultPlanInput();
  const input: PlanInput = { ...base, ...over, skin: { ...base.skin!, ...over.skin }, pigment: { ...base.pigment!, ...over.pigment } };
  return { plan: validatePlan(input), dots: simulate(input) };
}

const mean = (a: ArrayLike<number>, i0 = 0, i1 = a.length): number => {
  let s = 0;
  for (let i = i0; i < i1; i++) s += a[i]!;
  return s / (i1 - i0);
};

const digestAppearance = (a: Appearance): string => digestArrays([a.opacity, a.radius, a.hue, a.chroma, a.softness]);

/** Circular distance in degrees. */
const hueDist = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

const normal = build();

describe('healing', () => {
  it('every session-1 dot is darker and larger on day 3 (scab) than on day 35 (weeks 3–4)', () => {
    const { plan, dots } = normal;
    const d3 = appearanceAt(dots, plan, 3);
    const d35 = appearanceAt(dots, plan, 35);
    const n = dots.layerStart[1]!;
    expect(n).toBeGreaterThan(1000);
    for (let i = 0; i < n; i++) {
      expect(d3.opacity[i]!).toBeGreaterThan(d35.opacity[i]!);
      expect(d3.radius[i]!).toBeGreaterThan(d35.radius[i]!);
    }
    // and by a visible margin on average: ≥ 1.5× darker
    expect(mean(d3.opacity, 0, n) / mean(d35.opacity, 0, n)).toBeGreaterThan(1.5);
  });

  it('a dot is invisible before its session and lighter in weeks 3–4 than once healed (day 60)', () => {
    const { plan, dots } = normal;
    const d10 = appearanceAt(dots, plan, 10); // session 2 is on day 14
    const [s2, s3] = [dots.layerStart[1]!, dots.layerStart[2]!];
    for (let i = s2; i < s3; i++) expect(d10.opacity[i]).toBe(0);
    const w3 = appearanceAt(dots, plan, 21);
    const healed = appearanceAt(dots, plan, 60);
    expect(mean(w3.opacity, 0, s2)).toBeLessThan(0.8 * mean(healed.opacity, 0, s2));
  });

  it("session 1's settled dots (day 118) are lighter than session 3's, by more than 20%", () => {
    const { plan, dots } = normal;
    const a = appearanceAt(dots, plan, 28 + 90);
    const m1 = mean(a.opacity, 0, dots.layerStart[1]!);
    const m3 = mean(a.opacity, dots.layerStart[2]!, dots.layerStart[3]!);
    expect(m1).toBeLessThan(0.8 * m3);
  });

  it('day 0 of session 2 does not change session 1 dots: same values with or without sessions 2–3 in the plan', () => {
    const full = normal;
    const base = defaultPlanInput();
    const only1 = build({ sessions: [base.sessions![0]!] });
    const n = full.dots.layerStart[1]!;
    expect(digestLayers(only1.dots, 1)).toBe(digestLayers(full.dots, 1));
    for (const day of [3, 13.99, 14, 15, 21, 60, 400, 3000]) {
      const a = appearanceAt(full.dots, full.plan, day);
      const b = appearanceAt(only1.dots, only1.plan, day);
      const sub = (x: Appearance) => digestArrays([x.opacity.subarray(0, n), x.radius.subarray(0, n), x.hue.subarray(0, n), x.chroma.subarray(0, n), x.softness.subarray(0, n)]);
      expect(sub(a)).toBe(sub(b));
    }
    // and session 1 evolves smoothly across session 2's day: < 0.1% change from day 13.99 to 14
    const a = appearanceAt(full.dots, full.plan, 13.99);
    const b = appearanceAt(full.dots, full.plan, 14);
    for (let i = 0; i < n; i++) expect(Math.abs(a.opacity[i]! - b.opacity[i]!)).toBeLessThan(1e-3);
  });

  it('scar tissue keeps less: at year 3 scar dots hold < 85% of the darkness (per unit shade) of skin dots', () => {
    const base = defaultPlanInput();
    const scar = build({
      regions: [...base.regions!, { kind: 'scar', name: 'FUT strip', points: [[-60, -120], [60, -120], [60, -110], [-60, -110]] }],
    });
    const a = appearanceAt(scar.dots, scar.plan, 3 * YEAR);
    let skin = 0, nSkin = 0, sc = 0, nSc = 0;
    for (let i = 0; i < scar.dots.count; i++) {
      const r = a.opacity[i]! / scar.dots.shade[i]!;
      if (scar.dots.flags[i]! & 4) (sc += r), nSc++;
      else (skin += r), nSkin++;
    }
    expect(nSc).toBeGreaterThan(100);
    expect(sc / nSc).toBeLessThan(0.85 * (skin / nSkin));
  });
});

describe('years', () => {
  it('dry skin at year 5 is lighter than normal skin, and high sun lighter than low', () => {
    const dry = build({ skin: { dryness: 'dry' } });
    const high = build({ skin: { sun: 'high' } });
    const low = build({ skin: { sun: 'low' } });
    const at = (x: { plan: Plan; dots: Dots }) => mean(appearanceAt(x.dots, x.plan, 5 * YEAR).opacity);
    expect(at(dry)).toBeLessThan(0.95 * at(normal));
    expect(at(high)).toBeLessThan(0.85 * at(low));
  });

  it("tattoo ink's hue at year 6 moves ≥ 10° from its day-60 hue toward blue/green (190°); SMP carbon's stays put", () => {
    const ink = build({ pigment: { kind: 'tattoo-ink' } });
    const i60 = appearanceAt(ink.dots, ink.plan, 60);
    const i6 = appearanceAt(ink.dots, ink.plan, 6 * YEAR);
    let toward = 0;
    for (let i = 0; i < ink.dots.count; i++) toward += hueDist(i60.hue[i]!, 190) - hueDist(i6.hue[i]!, 190);
    expect(toward / ink.dots.count).toBeGreaterThan(10);
    expect(mean(i6.chroma)).toBeGreaterThan(mean(i60.chroma) + 0.1);

    const { plan, dots } = normal;
    const c60 = appearanceAt(dots, plan, 60);
    const c6 = appearanceAt(dots, plan, 6 * YEAR);
    let moved = 0;
    let shift = 0;
    for (let i = 0; i < dots.count; i++) {
      if (c6.hue[i] !== c60.hue[i]) moved++;
      shift += hueDist(c6.hue[i]!, c60.hue[i]!);
    }
    // only blowouts (≈ 2%, a cooler halo) change hue; the pattern as a whole keeps its hue
    expect(moved / dots.count).toBeLessThan(2.5 * DEFAULT_AGING.blowoutProbability);
    expect(shift / dots.count).toBeLessThan(0.5);
  });

  it('healed size is neutral by default (contested): radius stays put over years 0.25–15 while softness rises; spreadMax grows or shrinks it monotonically', () => {
    const { plan, dots } = normal;
    for (const [spreadMax, sign] of [[0, 0], [0.3, 1], [-0.3, -1]] as const) {
      const params = agingParams({ spreadMax, blowoutProbability: 0 }); // blowouts grow on their own clock
      let prev = appearanceAt(dots, plan, 0.25 * YEAR, params);
      for (const y of [0.5, 1, 2, 3, 5, 8, 10, 15]) {
        const cur = appearanceAt(dots, plan, y * YEAR, params);
        let wrong = 0;
        for (let i = 0; i < dots.count; i++) {
          const dr = cur.radius[i]! - prev.radius[i]!;
          if ((sign === 0 ? dr !== 0 : Math.sign(dr) !== sign) || cur.softness[i]! < prev.softness[i]!) wrong++;
        }
        expect(wrong).toBe(0);
        prev = cur;
      }
    }
  });

  it('year 8 is visible but clearly faded: coverage between 0.25 and 0.75 of settled', () => {
    const { plan, dots } = normal;
    const f = touchUpForecast(dots, plan);
    const c = coverageCurve(dots, plan, [8 * YEAR]);
    const ratio = c.total[0]! / f.settledCoverage;
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.75);
  });
});

describe('touch-ups', () => {
  it('a touch-up at year 4 raises coverage (year 4.5 > year 3.9, and > the same plan without it)', () => {
    const tu = build({ touchUps: [{ year: 4 }] });
    const c = coverageCurve(tu.dots, tu.plan, [3.9 * YEAR, 4.5 * YEAR]);
    const none = coverageCurve(normal.dots, normal.plan, [4.5 * YEAR]);
    expect(c.total[1]!).toBeGreaterThan(1.2 * c.total[0]!);
    expect(c.total[1]!).toBeGreaterThan(1.2 * none.total[0]!);
    // its new dots are invisible until day 1460
    const nS = tu.dots.sessions;
    const before = appearanceAt(tu.dots, tu.plan, 4 * YEAR - 1);
    for (let i = tu.dots.layerStart[nS]!; i < tu.dots.count; i++) expect(before.opacity[i]).toBe(0);
  });

  it('re-darkens about redarkenShare (70%) of the existing dots and leaves the others exactly as they were', () => {
    const tu = build({ touchUps: [{ year: 4 }] });
    const n = tu.dots.layerStart[tu.dots.sessions]!;
    const a = appearanceAt(tu.dots, tu.plan, 4.5 * YEAR);
    const b = appearanceAt(normal.dots, normal.plan, 4.5 * YEAR);
    let changed = 0;
    let darker = 0;
    for (let i = 0; i < n; i++) {
      if (a.opacity[i] === b.opacity[i] && a.radius[i] === b.radius[i] && a.hue[i] === b.hue[i]) continue;
      changed++;
      if (a.opacity[i]! > b.opacity[i]!) darker++;
    }
    expect(changed / n).toBeGreaterThan(0.66);
    expect(changed / n).toBeLessThan(0.74);
    // all darker but the few whose new deposit blew out (blowoutProbability 2%: a larger, paler halo)
    expect(darker / changed).toBeGreaterThan(0.97);
  });

  it('a dot re-darkened without growth (redarkenGrow 0) has the radius the limit of a tiny growth gives: no jump', () => {
    const tu = build({ touchUps: [{ year: 3 }] });
    const zero = appearanceAt(tu.dots, tu.plan, 3.5 * YEAR, agingParams({ redarkenGrow: 0 }));
    const tiny = appearanceAt(tu.dots, tu.plan, 3.5 * YEAR, agingParams({ redarkenGrow: 1e-9 }));
    for (let i = 0; i < tu.dots.count; i++) expect(Math.abs(zero.radius[i]! / tiny.radius[i]! - 1)).toBeLessThan(1e-6);
  });

  it('repeated touch-ups (years 3, 6, 9) raise dot size and overlap: at year 10 larger session dots, ≥ 1.15× the dot area and ≥ 1.5× the coverage of one touch-up', () => {
    const one = build({ touchUps: [{ year: 3 }] });
    const three = build({ touchUps: [{ year: 3 }, { year: 6 }, { year: 9 }] });
    const area = (x: { plan: Plan; dots: Dots }) => {
      const a = appearanceAt(x.dots, x.plan, 10 * YEAR);
      let s = 0;
      for (let i = 0; i < x.dots.count; i++) s += a.radius[i]! * a.radius[i]!;
      return s;
    };
    const sessionRadius = (x: { plan: Plan; dots: Dots }) => mean(appearanceAt(x.dots, x.plan, 10 * YEAR).radius, 0, x.dots.layerStart[x.dots.sessions]!);
    expect(sessionRadius(three)).toBeGreaterThan(1.02 * sessionRadius(one));
    expect(area(three)).toBeGreaterThan(1.15 * area(one));
    const c1 = coverageCurve(one.dots, one.plan, [10 * YEAR]).total[0]!;
    const c3 = coverageCurve(three.dots, three.plan, [10 * YEAR]).total[0]!;
    expect(c3).toBeGreaterThan(1.5 * c1);
  });

  it('touch-ups done when each falls due recur every 3–6 years (clinics: 2–6, median ≈ 4), each leaving coverage above the last', () => {
    const touchUps: { year: number }[] = [];
    const opts = { horizonYears: 25, stepDays: 14 };
    for (let k = 0; k < 3; k++) {
      const x = build({ touchUps });
      const due = touchUpForecast(x.dots, x.plan, DEFAULT_AGING, opts).dueYear;
      expect(due).not.toBeNull();
      touchUps.push({ year: Math.floor(due! * 10) / 10 });
    }
    const years = touchUps.map((t) => t.year);
    for (let k = 1; k < years.length; k++) {
      expect(years[k]! - years[k - 1]!).toBeGreaterThan(3);
      expect(years[k]! - years[k - 1]!).toBeLessThan(6);
    }
    const x = build({ touchUps });
    const c = coverageCurve(x.dots, x.plan, [0.33 * YEAR, ...years.map((y) => (y + 0.3) * YEAR)]);
    const settled = c.total[0]!;
    // a touch-up tops the look up to about where it was, not to a darker one…
    expect(c.total[1]! / settled).toBeGreaterThan(0.95);
    expect(c.total[1]! / settled).toBeLessThan(1.2);
    // …but every one leaves a little more pigment, larger: the helmet creeps in
    expect(c.total[2]!).toBeGreaterThan(c.total[1]!);
    expect(c.total[3]!).toBeGreaterThan(c.total[2]!);
  });
});

describe('summary curves', () => {
  it('the default forecast (normal skin, moderate sun, SMP carbon) is due in years 3–5', () => {
    const f = touchUpForecast(normal.dots, normal.plan);
    expect(f.dueYear).not.toBeNull();
    expect(f.dueYear!).toBeGreaterThanOrEqual(3);
    expect(f.dueYear!).toBeLessThanOrEqual(5);
    expect(f.perRegion[0]!.dueYear!).toBeCloseTo(f.dueYear!, 1);
  });

  it('the forecast touch-up year moves earlier on dry skin (≥ 0.5 year), and later with low sun', () => {
    const dry = build({ skin: { dryness: 'dry' } });
    const low = build({ skin: { sun: 'low' } });
    const fN = touchUpForecast(normal.dots, normal.plan).dueYear!;
    expect(touchUpForecast(dry.dots, dry.plan).dueYear!).toBeLessThan(fN - 0.5);
    expect(touchUpForecast(low.dots, low.plan).dueYear!).toBeGreaterThan(fN + 0.5);
    // the dryness multiplier is a parameter (contested): setting dry to 1 makes dry skin fade like normal
    const neutral = agingParams({ dryness: { dry: 1, normal: 1, oily: 1 } });
    expect(touchUpForecast(dry.dots, dry.plan, neutral).dueYear!).toBeCloseTo(fN, 6);
  });

  it('a stride-4 curve stays within 5% of the full one over 10 years', () => {
    const { plan, dots } = normal;
    const days = Array.from({ length: 11 }, (_, i) => 0.3 * YEAR + i * YEAR);
    const full = coverageCurve(dots, plan, days);
    const sub = coverageCurve(dots, plan, days, DEFAULT_AGING, { stride: 4 });
    for (let k = 0; k < days.length; k++) expect(Math.abs(sub.total[k]! / full.total[k]! - 1)).toBeLessThan(0.05);
  });
});

describe('option checks (validated once, at the boundary)', () => {
  const { plan, dots } = normal;
  it.each([
    [{ horizonYears: 1e9 }, /horizonYears: expected a finite number in \[0\.001, 100\] \(got 1000000000\)/],
    [{ horizonYears: Infinity }, /horizonYears.*\(got Infinity/],
    [{ horizonYears: 0 }, /horizonYears.*\(got 0/],
    [{ settleDays: -1e9 }, /settleDays.*\(got -1000000000/],
    [{ settleDays: NaN }, /settleDays.*\(got NaN/],
    [{ stepDays: NaN }, /stepDays.*\(got NaN/],
    [{ stepDays: 0.01 }, /stepDays.*\(got 0.01/],
    [{ threshold: 1.5 }, /threshold.*\(got 1.5/],
    [{ stride: NaN }, /stride: expected a whole number.*\(got NaN\)/],
    [{ stride: Infinity }, /stride.*\(got Infinity/],
    [{ stride: 1e9 }, /stride.*\(got 1000000000/],
    [{ stride: 2.5 }, /stride.*\(got 2.5/],
    [{ horizonYears: '15' }, /horizonYears.*\(got "15"/],
  ])('touchUpForecast refuses %o with a RangeError naming the option and the value', (opts, message) => {
    expect(() => touchUpForecast(dots, plan, DEFAULT_AGING, opts as never)).toThrow(RangeError);
    expect(() => touchUpForecast(dots, plan, DEFAULT_AGING, opts as never)).toThrow(message);
  });

  it('coverageCurve refuses a bad stride or day, appearanceAt a NaN day, and fadeMap a bad cell size', () => {
    for (const stride of [NaN, Infinity, 0, 1e9, -1]) expect(() => coverageCurve(dots, plan, [100], DEFAULT_AGING, { stride })).toThrow(/coverageCurve: options.stride/);
    expect(() => coverageCurve(dots, plan, [100, NaN])).toThrow(/coverageCurve: days\[1\].*\(got NaN/);
    expect(() => coverageCurve(dots, plan, [Infinity])).toThrow(/days\[0\].*\(got Infinity/);
    for (const day of [NaN, Infinity, -Infinity]) expect(() => appearanceAt(dots, plan, day)).toThrow(RangeError);
    expect(() => appearanceAt(dots, plan, NaN)).toThrow(/appearanceAt: day: expected a finite number.*\(got NaN\)/);
    expect(() => fadeMap(dots, plan, DEFAULT_AGING, { cellMm: 0.001 })).toThrow(/fadeMap: options.cellMm.*\(got 0.001/);
  });

  it('valid options at their limits still forecast (and the defaults are what an empty object gives)', () => {
    const a = touchUpForecast(dots, plan, DEFAULT_AGING, { stride: 4096, horizonYears: 0.5, settleDays: 0, stepDays: 365 });
    expect(a.curve.days.length).toBeGreaterThan(0);
    expect(touchUpForecast(dots, plan, DEFAULT_AGING, { stride: 4 }).dueYear).toBe(touchUpForecast(dots, plan, DEFAULT_AGING, { stride: 4, threshold: 0.7, horizonYears: 15, settleDays: 90, stepDays: 7 }).dueYear);
  });
});

describe('determinism', () => {
  it('same inputs → same bytes, with or without a reused out', () => {
    const tu = build({ touchUps: [{ year: 4 }, { year: 7 }], pigment: { kind: 'tattoo-ink' } });
    for (const day of [0, 5, 30, 800, 4.2 * YEAR, 9 * YEAR]) {
      const a = digestAppearance(appearanceAt(tu.dots, tu.plan, day));
      const again = build({ touchUps: [{ year: 4 }, { year: 7 }], pigment: { kind: 'tattoo-ink' } });
      const out = allocAppearance(again.dots.count);
      appearanceAt(again.dots, again.plan, 123, DEFAULT_AGING, out);
      expect(digestAppearance(appearanceAt(again.dots, again.plan, day, DEFAULT_AGING, out))).toBe(a);
    }
    const c1 = coverageCurve(tu.dots, tu.plan, [100, 2000]);
    const c2 = coverageCurve(tu.dots, tu.plan, [100, 2000]);
    expect(digestArrays([c1.total, ...c1.perRegion])).toBe(digestArrays([c2.total, ...c2.perRegion]));
  });
});
