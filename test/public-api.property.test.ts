// Issue 23, "the library refuses bad input": every exported function of smp-sim, smp-sim/head, smp-sim/consult,
// smp-sim/render (plain data) and smp-sim/worker, called with arbitrary arguments (test/helpers/public-api.ts),
// gives a result without NaN in it or an error of the library's own type (InputError: PlanError, ArgumentError,
// PriceBookError, IntakeError, SignOffError) naming the argument; work beyond a documented bound is refused up front, so no call runs long
// (a call that did would hold this file past its time). scripts/api-audit.ts runs the same calls, each classified.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, InputError } from '../src/errors.js';
import {
  argsOf,
  documentedNaN,
  ENTRY_NAMES,
  exportedFunctions,
  findNaN,
  type Fixtures,
  hostileCall,
  loadEntries,
  loadFixtures,
  NOT_PLAIN_DATA,
  validCalls,
} from './helpers/public-api.js';

const entries = await loadEntries();
const names = exportedFunctions(entries).filter((n) => !(n in NOT_PLAIN_DATA));
let fixtures: Fixtures;
let valid: Record<string, () => unknown[]>;
beforeAll(async () => {
  fixtures = await loadFixtures(entries);
  valid = validCalls(fixtures);
});

/** Functions whose valid call costs a simulation, a forecast or a head projection: fewer runs keep the file short. */
const HEAVY = /touchUpCost|estimate$|stageAreaCm2|[hH]eadProjection|suggestHairline|estimateBlurSigma|\(api\):(forecast|coverage)|touchUpForecast|fadeMap|coverageCurve|arcForThirds|hairlineHeights|dragHandle|shaveHead|stubbleTone|lookMap|consultationIcs|aftercareEvents|scheduleSessions/;

const seedOf = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
};

function call(name: string, args: unknown[]): unknown {
  const [entry, key] = name.split(':') as [keyof typeof entries, string];
  const fn = entries[entry][key] as (...a: unknown[]) => unknown;
  if (/^class\b/.test(Function.prototype.toString.call(fn))) return new (fn as unknown as new (...a: unknown[]) => unknown)(...args);
  const r = fn(...args);
  if (name.endsWith(':createEngine')) (r as { close(): void }).close();
  return r;
}

describe('the harness', () => {
  it('has a valid call for every exported function of the entry points (a new export fails here until it gets one)', () => {
    expect(ENTRY_NAMES.length).toBe(6);
    expect(names.length).toBeGreaterThan(90);
    expect(names.filter((n) => !valid[n])).toEqual([]);
    expect(Object.keys(valid).filter((n) => !names.includes(n))).toEqual([]);
  });

  it('starts from valid calls: each gives a result without NaN (bar documented NaN)', async () => {
    for (const n of names) {
      let r = call(n, valid[n]!());
      if (r instanceof Promise) r = await r;
      const at = /^smp-sim(\/\w+)?:[A-Z]/.test(n) ? null : findNaN(r);
      expect(at === null || documentedNaN(n, r, at), `${n}: NaN at ${at}`).toBe(true);
    }
  });
});

describe.each(ENTRY_NAMES)('%s', (entry) => {
  const mine = names.filter((n) => n.startsWith(`${entry}:`));
  it.each(mine)('%s refuses arbitrary arguments with an InputError naming them, or returns a result without NaN', async (name) => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostileCall(), async (h) => {
        const { args, where } = argsOf(valid[name]!, h);
        let r: unknown;
        try {
          r = call(name, args);
          if (r instanceof Promise) r = await r;
        } catch (e) {
          if (!(e instanceof InputError)) throw new Error(`${name} with junk in ${where} threw a raw ${(e as Error)?.name}: ${(e as Error)?.message}`);
          expect(e.message.length).toBeGreaterThan(0);
          expect(e.message).toMatch(/\(got .*\)|got /);
          refused++;
          return;
        }
        const at = /:[A-Z]/.test(name) ? null : findNaN(r);
        if (at !== null && !documentedNaN(name, r, at)) throw new Error(`${name} with junk in ${where} returned NaN at ${at}`);
      }),
      { numRuns: HEAVY.test(name) ? 8 : 30, seed: seedOf(name), endOnFailure: true },
    );
    expect(refused).toBeGreaterThanOrEqual(0);
  });
});

describe('the cases the audit named', () => {
  const core = entries['smp-sim'] as typeof import('../src/index.js');
  const consult = entries['smp-sim/consult'] as typeof import('../src/consult/index.js');

  it("addDays('2027-01-04', NaN) is refused naming days and NaN, not written as 0NaN-NaN-NaN", () => {
    expect(() => consult.addDays('2027-01-04', NaN)).toThrow(ArgumentError);
    expect(() => consult.addDays('2027-01-04', NaN)).toThrow('days: expected a whole number');
    expect(() => consult.addDays('2027-01-04', NaN)).toThrow('(got NaN)');
    expect(consult.addDays('2027-01-04', 10)).toBe('2027-01-14');
  });

  it('appearanceAt, fadeMap and touchUpForecast refuse dots.count 1e9 against arrays of a few hundred, up front', () => {
    const dots = { ...(fixtures.dots as object), count: 1e9 } as never;
    const plan = fixtures.plan as never;
    for (const f of [() => core.appearanceAt(dots, plan, 30), () => core.fadeMap(dots, plan), () => core.touchUpForecast(dots, plan)]) {
      expect(f).toThrow(ArgumentError);
      expect(f).toThrow(/dots\.count: .*\(got 1000000000\)/);
    }
  });

  it('spacingQuality refuses an Infinity count and a count beyond its array', () => {
    const xy = new Float32Array([0, 0, 1, 1]);
    expect(() => core.spacingQuality(xy, Infinity)).toThrow(/spacingQuality: count: .*\(got Infinity\)/);
    expect(() => core.spacingQuality(xy, 3)).toThrow(/spacingQuality: count: expected a whole number in \[0, 2\] \(got 3\)/);
  });

  it('zoneTransitions refuses a span of 1e15 ms (31,000 years) up front, and finds the two changes of a year', () => {
    expect(() => consult.zoneTransitions('Europe/Berlin', 0, 1e15)).toThrow(/toMs: at most 200 years/);
    expect(consult.zoneTransitions('Europe/Berlin', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1))).toHaveLength(2);
  });

  it('a coverage scan beyond MAX_DOT_DAYS is refused before the work, naming the options', async () => {
    const { MAX_DOT_DAYS } = await import('../src/aging/coverage.js');
    const dots = fixtures.dots as { count: number };
    const days = Math.ceil(MAX_DOT_DAYS / dots.count) + 1;
    if (days <= 100_000) expect(() => core.coverageCurve(fixtures.dots as never, fixtures.plan as never, new Float64Array(days))).toThrow(/coverageCurve: options: at most 1000000000 dot-days/);
    else expect(() => core.coverageCurve(fixtures.dots as never, fixtures.plan as never, new Float64Array(100_001))).toThrow(/days/);
  });

  it('a weak-perspective fit (focalPx Infinity) is a fit: fitHead, headHandles and headToPx take it; a focal35mm of -1 is refused', async () => {
    const head = entries['smp-sim/head'] as typeof import('../src/head/index.js');
    const { syntheticObservation, truthFit } = await import('./helpers/synthetic-head.js');
    const truth = truthFit({ focal35mm: Infinity });
    const fit = head.fitHead(syntheticObservation(truth), { focal35mm: Infinity });
    expect(fit.focalPx).toBe(Infinity);
    expect(Number.isFinite(head.headHandles(fit).top[1])).toBe(true);
    expect(head.headToPx(truth, [0, 0, truth.radii.c])[0]).toBeCloseTo(600, 6);
    expect(() => head.fitHead(syntheticObservation(truth), { focal35mm: -1 })).toThrow(/fitHead: options\.focal35mm: expected a number ≥ 5, or Infinity \(got -1\)/);
  });

  it('a value zod cannot read (an object without valueOf or toString) is refused naming its place, not with a TypeError from inside zod', () => {
    const doc = { ...core.defaultPlanInput(), seed: { length: Object.create(null) } };
    expect(() => core.validatePlan(doc)).toThrow(/plan\.seed\.length: expected JSON data/);
  });

  it('every refusal is an InputError, a RangeError of the library, that names the argument: the errors form one small hierarchy', () => {
    const e = new ArgumentError('addDays: days', NaN, 'expected a whole number');
    expect(e).toBeInstanceOf(InputError);
    expect(e).toBeInstanceOf(RangeError);
    expect(e.path).toBe('addDays: days');
    expect(Number.isNaN(e.value)).toBe(true);
    expect(() => core.validatePlan({})).toThrow(InputError);
    expect(() => consult.validatePriceBook({})).toThrow(InputError);
    expect(() => consult.validateIntakeAnswers(consult.DEFAULT_INTAKE_TEMPLATE, { keloid: { value: 'maybe' } })).toThrow(consult.IntakeError);
    expect(new consult.IntakeError('answers.keloid.value', 'maybe', 'expected yes or no')).toBeInstanceOf(InputError);
    expect(() => consult.validateSignature({ width: 400, height: 150, strokes: [[1, 1, 3, 3]] })).toThrow(consult.SignOffError);
    expect(new consult.SignOffError('signer: expected a name (got "")')).toBeInstanceOf(InputError);
    expect(new consult.SignOffError('signer: expected a name (got "")').path).toBe('signer');
  });

  it('the signed-record helpers refuse huge input up front: sha256Hex past 64 MiB, drawSignature past 200,000 numbers', async () => {
    await expect(consult.sha256Hex(new Uint8Array(64 * 1024 * 1024 + 1))).rejects.toThrow(/sha256Hex: data\.length: expected at most 67108864 bytes \(got 67108865\)/);
    const ctx = { lineWidth: 1, lineCap: 'butt', lineJoin: 'miter', strokeStyle: '', beginPath() {}, moveTo() {}, lineTo() {}, stroke() {} } as never;
    const strokes = Array.from({ length: 20 }, () => Array.from({ length: 20_000 }, () => 10));
    expect(() => consult.drawSignature(ctx, { width: 400, height: 150, strokes }, 1)).toThrow(/signature\.strokes: expected at most 200000 numbers in all \(got 400000\)/);
    expect(() => consult.drawSignature(ctx, { width: 400, height: 150, strokes: [[10, NaN]] }, 1)).toThrow(/signature\.strokes\[0\]\[0\]: a point outside the pad \(got 10, NaN\)/);
    expect(() => consult.fmtHours(NaN)).toThrow(/fmtHours: minutes: .*\(got NaN\)/);
  });
});
