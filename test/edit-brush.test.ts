// Brush and eraser: strokes become polygons in mm whose area is the stroke's, and the engine honours them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brushStroke, eraseStroke, planAreasCm2, regionAreaCm2, strokeShape, multiPolygonAreaMm2 } from '../examples/edit/index.js';
import { defaultPlanInput, simulate, validatePlan, type PlanInput } from '../src/index.js';
import { insidePolygon } from '../src/raster.js';

const square = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s]];
const plan = (...regions: PlanInput['regions']): PlanInput => ({ version: 1, seed: 'brush', regions });
const capsule = (r: number, length: number) => 2 * r * length + Math.PI * r * r;

describe('a stroke becomes a polygon', () => {
  it.each([
    ['a horizontal stroke', [[0, -50], [40, -50]], 5],
    ['a diagonal stroke with a thin brush', [[-30, -20], [-5, 4.5]], 2],
    ['a long stroke with a wide brush, drawn as many pointer samples', Array.from({ length: 61 }, (_, i) => [-60 + 2 * i, -80]), 12],
  ] as const)('%s has the area of its capsule (2·r·L + π·r²) within 1 %', (_, points, r) => {
    const pts = points.map((p) => [p[0], p[1]] as [number, number]);
    const length = Math.hypot(pts[pts.length - 1]![0] - pts[0]![0], pts[pts.length - 1]![1] - pts[0]![1]);
    const shape = strokeShape({ points: pts, radiusMm: r });
    expect(shape).toHaveLength(1);
    expect(Math.abs(multiPolygonAreaMm2(shape) / capsule(r, length) - 1)).toBeLessThan(0.01);
  });

  it('a single tap is a disc of the brush radius', () => {
    const shape = strokeShape({ points: [[3, 4]], radiusMm: 6 });
    expect(Math.abs(multiPolygonAreaMm2(shape) / (Math.PI * 36) - 1)).toBeLessThan(0.01);
  });

  it('a stroke that loops back on itself leaves a hole in the middle', () => {
    const ring = Array.from({ length: 73 }, (_, i) => [30 * Math.cos((i * Math.PI) / 36), 30 * Math.sin((i * Math.PI) / 36)] as [number, number]);
    const shape = strokeShape({ points: ring, radiusMm: 4 });
    expect(shape).toHaveLength(1);
    expect(shape[0]).toHaveLength(2); // the outline and one hole
    // an annulus between radii 26 and 34 (the polyline's chords cut a little off the ideal circle)
    expect(Math.abs(multiPolygonAreaMm2(shape) / (Math.PI * (34 ** 2 - 26 ** 2)) - 1)).toBeLessThan(0.01);
  });

  it('a bad radius or point is refused with the value', () => {
    expect(() => strokeShape({ points: [[0, 0]], radiusMm: 0 })).toThrow(/brush radius: expected mm > 0, got 0/);
    expect(() => strokeShape({ points: [[0, NaN]], radiusMm: 2 })).toThrow(/stroke\.points\[0\]/);
    expect(() => strokeShape({ points: [], radiusMm: 2 })).toThrow(/no points/);
  });
});

describe('the brush', () => {
  it('a stroke over bare scalp adds a new treated region whose area matches the stroke within 5 %', () => {
    const { plan: p, region } = brushStroke(plan(), { points: [[0, -50], [40, -50]], radiusMm: 5 });
    expect(region).toBe(0);
    expect(p.regions).toHaveLength(1);
    expect(p.regions[0]!.kind).toBe('treated');
    const area = regionAreaCm2(p.regions[0]!.points) * 100;
    expect(Math.abs(area / capsule(5, 40) - 1)).toBeLessThan(0.05);
    expect(() => validatePlan(p)).not.toThrow();
    // and the engine agrees on the area it fills with dots
    const engine = simulate(p).stats.areaCm2 * 100;
    expect(Math.abs(engine / capsule(5, 40) - 1)).toBeLessThan(0.05);
  });

  it('a stroke over a treated region grows that region instead of adding one', () => {
    const { plan: p, region } = brushStroke(plan({ kind: 'treated', points: square(0, 0, 30), name: 'Top' }), { points: [[20, 15], [60, 15]], radiusMm: 5 });
    expect(region).toBe(0);
    expect(p.regions).toHaveLength(1);
    expect(p.regions[0]!.name).toBe('Top');
    // the square plus the part of the stroke outside it: a 30 × 10 mm band and the end's half disc
    const expected = 900 + 300 + (Math.PI * 25) / 2;
    expect(Math.abs((regionAreaCm2(p.regions[0]!.points) * 100) / expected - 1)).toBeLessThan(0.01);
  });

  it('an exclusion drawn inside the treated area removes every dot inside it', () => {
    const base = defaultPlanInput('exclusion');
    const stroke = { points: [[-10, -90], [10, -95], [20, -80]] as [number, number][], radiusMm: 6 };
    const { plan: p, region } = brushStroke(base, stroke, { kind: 'exclusion', name: 'Scar to avoid' });
    expect(region).toBe(1);
    const excl = p.regions[1]!;
    expect(excl.kind).toBe('exclusion');
    const inside = (d: ReturnType<typeof simulate>) => {
      let n = 0;
      for (let i = 0; i < d.count; i++) if (insidePolygon(excl.points, d.xy[2 * i]!, d.xy[2 * i + 1]!)) n++;
      return n;
    };
    const before = simulate(base);
    const after = simulate(p);
    expect(inside(before)).toBeGreaterThan(100);
    expect(inside(after)).toBe(0);
    expect(after.count).toBeLessThan(before.count);
    expect(planAreasCm2(p.regions).treated).toBeCloseTo(planAreasCm2(base.regions).treated - regionAreaCm2(excl.points), 6);
  });
});

describe('the eraser', () => {
  it('erasing across a region cuts it in two regions with the same settings, side by side', () => {
    const p = plan({ kind: 'scar', points: square(0, 0, 30), name: 'Scar', densityScale: 0.8 }, { kind: 'treated', points: square(100, 100, 5) });
    const q = eraseStroke(p, { points: [[15, -10], [15, 40]], radiusMm: 3 });
    expect(q.regions).toHaveLength(3);
    expect(q.regions.slice(0, 2).map((r) => [r.kind, r.name, r.densityScale])).toEqual([['scar', 'Scar', 0.8], ['scar', 'Scar', 0.8]]);
    expect(q.regions[2]).toEqual(p.regions[1]);
    const total = q.regions.slice(0, 2).reduce((a, r) => a + regionAreaCm2(r.points), 0) * 100;
    expect(Math.abs(total - (900 - 6 * 30)) / (900 - 180)).toBeLessThan(0.01);
  });

  it('erasing inside a region leaves a hole the engine keeps free of dots', () => {
    const p = plan({ kind: 'treated', points: square(0, 0, 40) });
    const q = eraseStroke(p, { points: [[20, 20]], radiusMm: 8 });
    expect(q.regions).toHaveLength(1);
    const hole = Math.PI * 64;
    expect(Math.abs(regionAreaCm2(q.regions[0]!.points) * 100 - (1600 - hole)) / hole).toBeLessThan(0.02);
    const dots = simulate(q);
    expect(dots.count).toBeGreaterThan(500);
    for (let i = 0; i < dots.count; i++) expect(Math.hypot(dots.xy[2 * i]! - 20, dots.xy[2 * i + 1]! - 20)).toBeGreaterThan(7.9);
    // painting over the hole again fills it: the bridged ring unites like any polygon
    const back = brushStroke(q, { points: [[20, 20]], radiusMm: 9 }).plan;
    expect(back.regions).toHaveLength(1);
    expect(regionAreaCm2(back.regions[0]!.points) * 100).toBeCloseTo(1600, 0);
  });

  it('a region erased entirely is removed, and a stroke that touches nothing changes nothing', () => {
    const p = plan({ kind: 'treated', points: square(0, 0, 30) }, { kind: 'exclusion', points: square(50, 50, 4) });
    expect(eraseStroke(p, { points: [[52, 52]], radiusMm: 5 }).regions).toEqual([p.regions[0]]);
    expect(eraseStroke(p, { points: [[-50, -50]], radiusMm: 5 })).toBe(p);
    // `only` limits the eraser to the chosen regions
    expect(eraseStroke(p, { points: [[52, 52], [20, 20]], radiusMm: 5 }, { only: [1] }).regions[0]).toEqual(p.regions[0]);
  });
});

describe('brush and eraser on random strokes', () => {
  const strokeArb = fc.record({
    points: fc.array(fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 })), { minLength: 1, maxLength: 6 }),
    radiusMm: fc.integer({ min: 1, max: 12 }),
  });

  it('painting never shrinks the treated area and erasing never grows it; every result is a valid plan', () => {
    fc.assert(
      fc.property(strokeArb, strokeArb, (a, b) => {
        const start = plan({ kind: 'treated', points: square(-20, -20, 40) });
        const painted = brushStroke(start, a).plan;
        const erased = eraseStroke(painted, b);
        const area = (p: PlanInput) => planAreasCm2(p.regions).treated;
        expect(area(painted)).toBeGreaterThanOrEqual(area(start) - 1e-9);
        expect(area(erased)).toBeLessThanOrEqual(area(painted) + 1e-9);
        // what the eraser took is what its stroke covered of the painted area, no more
        expect(area(painted) - area(erased)).toBeLessThanOrEqual(multiPolygonAreaMm2(strokeShape(b)) / 100 + 1e-6);
        for (const p of [painted, erased]) expect(() => validatePlan(p)).not.toThrow();
      }),
      { numRuns: 40 },
    );
  });
});
