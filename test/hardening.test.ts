// Hostile plans (issue 12): far-apart regions, combs and slivers either simulate or are refused with a
// PlanError up front, and no geometry gets past the dot cap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityField } from '../src/field.js';
import { MAX_DOTS, PlanError, type PlanInput, simulate, validatePlan } from '../src/index.js';
import { MAX_COORD_MM } from '../src/plan.js';
import { edgeRows, ownerAt, regionAt } from '../src/raster.js';

type Pt = [number, number];
const square = (x0: number, y0: number, s: number): Pt[] => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]];

/** A comb: a spine at x ∈ [x0 − 1, x0] and `teeth` horizontal teeth of height `t` every `pitch` mm, `len` mm long. */
function comb(x0: number, y0: number, teeth: number, pitch: number, t: number, len: number, offset = 0): Pt[] {
  const pts: Pt[] = [[x0 - 1, y0]];
  for (let k = 0; k < teeth; k++) {
    const y = y0 + k * pitch + offset;
    pts.push([x0, y], [x0 + len, y], [x0 + len, y + t], [x0, y + t]);
  }
  pts.push([x0 - 1, y0 + teeth * pitch]);
  return pts;
}

const plan = (regions: PlanInput['regions'], target = 90, over: Partial<PlanInput> = {}): PlanInput => ({
  version: 1,
  seed: 'hostile',
  regions,
  density: { target },
  ...over,
});

describe('the dot cap holds for any geometry', () => {
  it('a comb whose teeth fall between the area sample lines is refused, not estimated at 0 cm² and filled past the cap', () => {
    // 0.4 mm teeth between the sub-sample lines of 2 mm cells (at 0.25, 0.75, … mm): ≈ 6 M dots of real area
    const teeth = (y0: number) => comb(-750, y0, 499, 1, 0.4, 1500, 0.3);
    const p = plan([{ kind: 'treated', points: teeth(-1000) }, { kind: 'treated', points: teeth(-500) }], 1000);
    const err = (() => {
      try {
        simulate(p);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).message).toMatch(/more than the maximum 5,000,000/);
  });

  it('the up-front bound never under-counts: on combs, slivers and far-apart squares the dots stay within it', () => {
    fc.assert(
      fc.property(hostilePlan(), (p) => {
        const field = densityField(validatePlan(p));
        let dots: number;
        try {
          dots = simulate(p).count;
        } catch (e) {
          expect(e).toBeInstanceOf(PlanError);
          return;
        }
        expect(dots).toBeLessThanOrEqual(MAX_DOTS);
        // every session dot is a tile point kept below the bound's density; a little blue-noise count slack
        expect(dots).toBeLessThanOrEqual((field?.boundFull ?? 0) * 1.05 + 30);
      }),
      { numRuns: 30, seed: 12 },
    );
  });
});

describe('no plan stalls the engine', () => {
  it('coordinates beyond what a scalp needs are refused naming the field', () => {
    const far = plan([{ kind: 'treated', points: square(0, 0, 10) }, { kind: 'treated', points: square(200_000, 200_000, 10) }]);
    expect(() => validatePlan(far)).toThrow(/plan\.regions\[1\]\.points\[0\]\[0\]: .*2000/);
    expect(MAX_COORD_MM).toBe(2000);
  });

  it('254 regions of 1,000 vertices are refused up front (at most 20,000 vertices in all)', () => {
    const ring = (cx: number, cy: number): Pt[] => Array.from({ length: 1000 }, (_, i) => [cx + 4 * Math.cos((2 * Math.PI * i) / 1000), cy + 4 * Math.sin((2 * Math.PI * i) / 1000)]);
    const many = plan(Array.from({ length: 254 }, (_, i) => ({ kind: 'treated' as const, points: ring((i % 16) * 10, Math.floor(i / 16) * 10) })));
    expect(() => validatePlan(many)).toThrow(/plan\.regions: all regions together may have at most 20000 vertices/);
  });

  it('two 1 cm² squares at opposite corners of the coordinate range get the dots of 2 cm², no more', () => {
    const d = simulate(plan([{ kind: 'treated', points: square(-2000, -2000, 10) }, { kind: 'treated', points: square(1990, 1990, 10) }]));
    expect(d.stats.areaCm2).toBeCloseTo(2, 1);
    expect(d.count).toBeGreaterThan(150);
    expect(d.count).toBeLessThan(220);
  });

  it('a comb too intricate for its area is refused with a PlanError saying why, before the work', () => {
    // 1,000 teeth 0.05 mm tall and 1.5 m long: every cell of 1.5 m² is a boundary cell with ≈ 2,000 edges in its row
    const teeth = (x0: number): Pt[] => {
      const pts: Pt[] = [];
      for (let k = 0; k < 999; k++) pts.push([x0 + k * 1.5, -750], [x0 + k * 1.5 + 0.05, 750]);
      pts.push([x0 + 1500, 750], [x0 + 1500, -750]);
      return pts;
    };
    const p = plan([{ kind: 'treated', points: teeth(-750) }, { kind: 'treated', points: teeth(-748) }], 10);
    expect(() => simulate(p)).toThrow(/plan\.regions: more work than one simulation may take|too intricate|too many grid rows/);
  });
});

describe('the row index of edges', () => {
  it('decides every point exactly as regionAt does (combs, slivers, exclusions, random points)', () => {
    fc.assert(
      fc.property(hostilePlan(), fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 50, maxLength: 50 }), (p, uv) => {
        const valid = validatePlan(p);
        const field = densityField(valid);
        if (!field) return;
        const e = edgeRows(field.grid, valid.regions);
        const { x0, y0, cell, w, h } = field.grid;
        for (const [u, v] of uv) {
          const x = x0 + ((u + 1) / 2) * w * cell;
          const y = y0 + ((v + 1) / 2) * h * cell;
          expect(ownerAt(e, x, y)).toBe(regionAt(valid.regions, x, y));
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

/** Plans a hostile user might write: far-apart squares, combs (any orientation) and slivers, sometimes an exclusion. */
function hostilePlan(): fc.Arbitrary<PlanInput> {
  const c = fc.double({ min: -1900, max: 1500, noNaN: true });
  const farSquares = fc.tuple(c, c, c, c, fc.double({ min: 1, max: 60, noNaN: true })).map(([a, b, x, y, s]) => [
    { kind: 'treated' as const, points: square(a, b, s) },
    { kind: 'treated' as const, points: square(x, y, s) },
  ]);
  const combs = fc
    .tuple(fc.integer({ min: 2, max: 400 }), fc.double({ min: 0.2, max: 4, noNaN: true }), fc.double({ min: 0.01, max: 0.95, noNaN: true }), fc.double({ min: 1, max: 600, noNaN: true }), fc.boolean())
    .map(([n, pitch, share, len, turn]) => {
      const pts = comb(-300, -300, n, pitch, pitch * share, len);
      return [{ kind: 'treated' as const, points: turn ? pts.map(([x, y]): Pt => [y, x]) : pts }];
    });
  const slivers = fc
    .tuple(c, c, c, c, fc.double({ min: 1e-4, max: 2, noNaN: true }))
    .map(([a, b, x, y, t]) => [{ kind: 'treated' as const, points: [[a, b], [x, y], [x + t, y + t]] as Pt[] }]);
  const exclusion = fc.option(fc.tuple(c, c, fc.double({ min: 1, max: 400, noNaN: true })).map(([x, y, s]) => ({ kind: 'exclusion' as const, points: square(x, y, s) })));
  return fc
    .tuple(fc.oneof(farSquares, combs, slivers), exclusion, fc.double({ min: 1, max: 1000, noNaN: true }), fc.string({ minLength: 1, maxLength: 8 }))
    .map(([regions, ex, target, seed]) => plan(ex ? [...regions, ex] : regions, target, { seed, hairline: null }));
}
