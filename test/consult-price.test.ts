import { describe, expect, it } from 'vitest';
import { type Plan, validatePlan } from '../src/index.js';
import { CONCERNS, DEFAULT_PRICE_BOOK, type PriceBookInput, PriceBookError, REGIONAL_RANGES_USD, SEVERE_BALDING_CM2, type StageId, concernPlan, estimate, regionalPriceBook, stagePlan, treatedAreaCm2, validatePriceBook } from '../src/consult/index.js';

const planFor = (stage: StageId, concern: (typeof CONCERNS)[number] = 'shaved', sessions?: number): Plan =>
  validatePlan(concernPlan(concern, stagePlan(stage), sessions));

/** DOMAIN "Consultation facts from the seed": cost per whole treatment (1–3 sessions, USD). */
const DOMAIN_USD = {
  hairline: [2_500, 3_000],
  density: [2_500, 3_500],
  'scar-fue': [1_900, 2_500],
  'scar-fut': [1_900, 2_500],
} as const;

describe('the default price book', () => {
  it('validates and is DOMAIN’s US table', () => {
    const b = validatePriceBook(DEFAULT_PRICE_BOOK);
    expect(b.currency).toBe('USD');
    expect(b.touchUp).toEqual({ low: 350, high: 1_000 });
    expect(b.perSession).toEqual({ low: 400, high: 1_000 });
    expect(b.source).toMatch(/not truths/);
  });

  it.each(Object.entries(DOMAIN_USD))('%s with 3 sessions is priced at DOMAIN’s range', (concern, [low, high]) => {
    const e = estimate(planFor('NW3', concern as keyof typeof DOMAIN_USD, 3), concern as keyof typeof DOMAIN_USD);
    expect(e).toMatchObject({ low, high, currency: 'USD', sessions: 3 });
  });

  it('the shaved look is mild balding (3,900–4,300) up to the Norwood IV template and severe (4,500–5,000) from Norwood V', () => {
    for (const s of ['NW2', 'NW3', 'NW3v', 'NW4'] as const) expect(estimate(planFor(s), 'shaved')).toMatchObject({ low: 3_900, high: 4_300 });
    for (const s of ['NW5', 'NW6', 'NW7'] as const) expect(estimate(planFor(s), 'shaved')).toMatchObject({ low: 4_500, high: 5_000 });
    expect(treatedAreaCm2(planFor('NW4'))).toBeLessThan(SEVERE_BALDING_CM2);
    expect(treatedAreaCm2(planFor('NW5'))).toBeGreaterThan(SEVERE_BALDING_CM2);
  });

  it('every concern gets a range low ≤ high that never falls as the stage advances', () => {
    const stages: StageId[] = ['NW1', 'NW2', 'NW3', 'NW4', 'NW5', 'NW6', 'NW7'];
    for (const c of CONCERNS) {
      let prev = { low: 0, high: 0 };
      for (const s of stages) {
        const e = estimate(planFor(s, c), c);
        expect(e.low).toBeGreaterThan(0);
        expect(e.low).toBeLessThanOrEqual(e.high);
        expect(e.low).toBeGreaterThanOrEqual(prev.low);
        expect(e.high).toBeGreaterThanOrEqual(prev.high);
        prev = e;
      }
    }
  });

  it('each session beyond the three included adds 400–1,000 (a 4th for scars and alopecia)', () => {
    const three = estimate(planFor('NW3', 'hairline', 3), 'hairline');
    const four = estimate(planFor('NW3', 'hairline', 4), 'hairline');
    const six = estimate(planFor('NW3', 'hairline', 6), 'hairline');
    expect([four.low - three.low, four.high - three.high]).toEqual([400, 1_000]);
    expect([six.low - three.low, six.high - three.high]).toEqual([1_200, 3_000]);
    expect(estimate(planFor('NW3', 'scar-fut'), 'scar-fut')).toMatchObject({ low: 1_900 + 400, high: 2_500 + 1_000, sessions: 4 });
  });

  it('names what the price depends on: concern, area, sessions and maintenance', () => {
    const e = estimate(planFor('NW6', 'shaved', 4), 'shaved');
    expect(e.reasons.map((r) => r.factor)).toEqual(['concern', 'area', 'sessions', 'maintenance']);
    const text = e.reasons.map((r) => r.text).join(' ');
    expect(text).toMatch(new RegExp(`${Math.round(e.areaCm2)} cm²`));
    expect(text).toMatch(/severe balding/);
    expect(text).toMatch(/4 sessions: 1 beyond the 3 included/);
    expect(text).toMatch(/touch-ups.*350–1,000 USD/);
    // the amounts the reasons name add up to the estimate
    const sum = e.reasons.reduce((a, r) => [a[0]! + (r.low ?? 0), a[1]! + (r.high ?? 0)], [0, 0]);
    expect(sum).toEqual([e.low, e.high]);
  });
});

describe('other books', () => {
  it.each(Object.keys(REGIONAL_RANGES_USD).map((r) => [r]))('%s: every concern gets DOMAIN’s regional range, and the book says the touch-up price is the US one', (region) => {
    const book = regionalPriceBook(region);
    const [low, high] = REGIONAL_RANGES_USD[region]!;
    expect(() => validatePriceBook(book)).not.toThrow();
    for (const c of CONCERNS) expect(estimate(planFor('NW4', c, 3), c, book)).toMatchObject({ low, high });
    expect(book.source).toMatch(/US figures/);
  });

  it('a per-cm² book scales with the treated area, with its minimum for small areas', () => {
    const book: PriceBookInput = {
      version: 1,
      name: 'per cm²',
      currency: 'EUR',
      concerns: { shaved: { by: 'cm2', low: 15, high: 20, minimum: { low: 1_500, high: 2_000 } } },
      perSession: { low: 300, high: 500 },
      touchUp: { low: 300, high: 600 },
    };
    const big = estimate(planFor('NW7'), 'shaved', book);
    const area = treatedAreaCm2(planFor('NW7'));
    expect(big).toMatchObject({ low: Math.round(15 * area), high: Math.round(20 * area), currency: 'EUR' });
    expect(estimate(planFor('NW1'), 'shaved', book)).toMatchObject({ low: 1_500, high: 2_000 });
    expect(() => estimate(planFor('NW1'), 'hairline', book)).toThrow(/priceBook\.concerns\.hairline: this book has no price/);
  });
});

describe('price book errors name the field and the value', () => {
  const bad = (over: Record<string, unknown>): unknown => ({ ...DEFAULT_PRICE_BOOK, ...over });
  const cases: [string, unknown, RegExp][] = [
    ['a lower-case currency', bad({ currency: 'usd' }), /priceBook\.currency: .*ISO 4217.*got "usd"/],
    ['a negative touch-up price', bad({ touchUp: { low: -5, high: 10 } }), /priceBook\.touchUp\.low: .*got -5/],
    ['a range upside down', bad({ perSession: { low: 900, high: 100 } }), /priceBook\.perSession\.high: high must not be below low.*got 100/],
    ['an unknown field', bad({ tax: 0.2 }), /priceBook\.tax: unknown field \(got 0\.2\)/],
    ['an unknown concern', bad({ concerns: { beard: { by: 'treatment', low: 1, high: 2 } } }), /priceBook\.concerns\.beard/],
    [
      'area bands out of order',
      bad({ concerns: { shaved: { by: 'area-band', bands: [{ upToCm2: 200, low: 1, high: 2 }, { upToCm2: 100, low: 1, high: 2 }, { upToCm2: null, low: 1, high: 2 }] } } }),
      /priceBook\.concerns\.shaved\.bands\[1\]\.upToCm2: must exceed the previous band's 200 \(got 100\)/,
    ],
    [
      'a closed last band',
      bad({ concerns: { shaved: { by: 'area-band', bands: [{ upToCm2: 200, low: 1, high: 2 }] } } }),
      /priceBook\.concerns\.shaved\.bands\[0\]\.upToCm2: the last band must be open \(null\) \(got 200\)/,
    ],
    ['a newer version', bad({ version: 2 }), /priceBook\.version: .*got 2/],
  ];
  it.each(cases)('%s', (_, book, message) => {
    expect(() => validatePriceBook(book)).toThrow(PriceBookError);
    expect(() => validatePriceBook(book)).toThrow(message);
  });
});
