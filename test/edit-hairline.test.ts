// Hairline handles with mirror editing across the midline (on by default): symmetric lines stay symmetric.
import { describe, expect, it } from 'vitest';
import { addHandle, distanceToPolyline, EditError, isSymmetric, mirrorPartner, moveHandle, nearestOnHairline, removeHandle, symmetrise, templeHandles } from '../examples/edit/index.js';
import { defaultPlanInput, hairlinePoints, validatePlan, type PlanInput } from '../src/index.js';
import { sampleCurve } from '../src/hairline.js';

const withLine = (points: [number, number][]): PlanInput => ({ ...defaultPlanInput('hl'), hairline: { style: 'mature', points } });
const pointsOf = (p: PlanInput) => p.hairline!.points;

describe('mirror partners', () => {
  it('every handle of a template line has its partner at the mirrored index, and the middle one is its own', () => {
    const pts = hairlinePoints('mature');
    expect(isSymmetric(pts)).toBe(true);
    pts.forEach((_, i) => expect(mirrorPartner(pts, i)).toBe(pts.length - 1 - i));
    expect(templeHandles(pts)).toEqual([0, 12]);
  });
});

describe('moving a handle', () => {
  it('mirrored (the default), its partner follows to (−x, y) and the line stays symmetric', () => {
    const p = withLine(hairlinePoints('soft'));
    const q = moveHandle(p, 3, [-30, -2]);
    expect(pointsOf(q)[3]).toEqual([-30, -2]);
    expect(pointsOf(q)[9]).toEqual([30, -2]);
    expect(isSymmetric(pointsOf(q))).toBe(true);
    expect(pointsOf(p)[3]).toEqual(hairlinePoints('soft')[3]); // the input is untouched
    expect(() => validatePlan(q)).not.toThrow();
  });

  it('a temple point moves the other temple point with it', () => {
    const q = moveHandle(withLine(hairlinePoints('mature')), 0, [-70, -25]);
    expect(pointsOf(q)[12]).toEqual([70, -25]);
  });

  it('the handle on the midline stays on it when mirrored, and leaves it when mirroring is off', () => {
    const p = withLine(hairlinePoints('widows-peak'));
    expect(pointsOf(moveHandle(p, 6, [4, 15]))[6]).toEqual([0, 15]);
    expect(pointsOf(moveHandle(p, 6, [4, 15], { mirror: false }))[6]).toEqual([4, 15]);
  });

  it('with mirroring off only that handle moves, breaking symmetry on purpose; mirrored edits elsewhere still pair up', () => {
    const p = withLine(hairlinePoints('mature'));
    const broken = moveHandle(p, 2, [-45, -5], { mirror: false });
    expect(pointsOf(broken)[10]).toEqual(pointsOf(p)[10]);
    expect(isSymmetric(pointsOf(broken))).toBe(false);
    expect(mirrorPartner(pointsOf(broken), 2)).toBeNull();
    // handle 2 has lost its partner: mirrored moves of it now move it alone
    expect(pointsOf(moveHandle(broken, 2, [-44, -6]))[10]).toEqual(pointsOf(p)[10]);
    // handles 4 and 8 are still a pair
    const q = moveHandle(broken, 8, [22, -1]);
    expect(pointsOf(q)[4]).toEqual([-22, -1]);
  });
});

describe('adding and removing handles', () => {
  it('a handle added near the curve lands on it, with its mirror on the other side; the shape barely changes', () => {
    const p = withLine(hairlinePoints('mature'));
    const before = sampleCurve(pointsOf(p) as [number, number][], 64);
    const at = nearestOnHairline(pointsOf(p), [-37, -7.5])!;
    const added = addHandle(p, [-37, -7.5])!;
    const pts = pointsOf(added.plan);
    expect(pts).toHaveLength(15);
    expect(pts[added.handle]).toEqual(at.point);
    expect(isSymmetric(pts)).toBe(true);
    // the new handles lie on the old curve
    for (const h of [added.handle, pts.length - 1 - added.handle]) {
      expect(distanceToPolyline(before, pts[h]!)).toBeLessThan(0.01);
    }
    expect(() => validatePlan(added.plan)).not.toThrow();
  });

  it('with mirroring off, or on the midline, one handle is added', () => {
    const p = withLine(hairlinePoints('mature'));
    expect(pointsOf(addHandle(p, [-37, -7.5], { mirror: false })!.plan)).toHaveLength(14);
    const even = withLine(hairlinePoints('soft', { count: 12 }));
    const mid = addHandle(even, [0, 0.5])!;
    expect(pointsOf(mid.plan)).toHaveLength(13);
    expect(isSymmetric(pointsOf(mid.plan))).toBe(true);
  });

  it('a handle added on the middle segment of an even line comes with its mirror on the same segment, in order', () => {
    const even = withLine(hairlinePoints('soft', { count: 12 }));
    const added = addHandle(even, [-2, 0.2])!;
    const pts = pointsOf(added.plan);
    expect(pts).toHaveLength(14);
    expect(isSymmetric(pts)).toBe(true);
    const xs = pts.map((q) => q[0]);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('a click far from the line adds nothing', () => {
    expect(addHandle(withLine(hairlinePoints('mature')), [0, -40])).toBeNull();
  });

  it('removing a handle removes its partner too, keeps symmetry, and a line keeps two handles', () => {
    const p = withLine(hairlinePoints('mature'));
    const q = removeHandle(p, 4);
    expect(pointsOf(q)).toHaveLength(11);
    expect(isSymmetric(pointsOf(q))).toBe(true);
    expect(pointsOf(removeHandle(p, 4, { mirror: false }))).toHaveLength(12);
    const two = withLine([[-50, -10], [50, -10]]);
    expect(() => removeHandle(two, 0)).toThrow(EditError);
    expect(() => removeHandle(two, 0)).toThrow(/at least 2 handles/);
  });

  it('symmetrise copies one side onto the other', () => {
    const p = withLine(hairlinePoints('mature'));
    const broken = moveHandle(p, 2, [-45, -5], { mirror: false });
    const fixed = symmetrise(broken, 'left');
    expect(isSymmetric(pointsOf(fixed))).toBe(true);
    expect(pointsOf(fixed)[10]).toEqual([45, -5]);
    expect(isSymmetric(pointsOf(symmetrise(broken, 'right')))).toBe(true);
    expect(pointsOf(symmetrise(broken, 'right'))[2]).toEqual(pointsOf(p)[2]);
  });
});
