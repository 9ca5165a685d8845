// Sessions and touch-ups as editable lists: each edit gives a valid plan or a message naming field and value.
import { describe, expect, it } from 'vitest';
import { addSession, addTouchUp, EditError, removeSession, removeTouchUp, setSession, setTouchUp } from '../examples/edit/index.js';
import { defaultPlanInput, PlanError, simulate, validatePlan, type PlanInput } from '../src/index.js';
import { digestLayers } from './helpers/digest.js';

const small = (): PlanInput => ({ version: 1, seed: 'sessions', regions: [{ kind: 'treated', points: [[0, 0], [20, 0], [20, 20], [0, 20]] }] });

describe('sessions', () => {
  it('per session the day, shade, needle size and points are set, and the rest is kept', () => {
    const p = setSession(defaultPlanInput(), 1, { day: 20, shade: 0.6, needleMm: 0.3, needlePoints: 5 });
    expect(validatePlan(p).sessions[1]).toEqual({ depth: 1, day: 20, cumulative: 0.7, shade: 0.6, needleMm: 0.3, needlePoints: 5 });
    expect(p.sessions![0]).toEqual(defaultPlanInput().sessions![0]);
  });

  it("a plan without sessions edits the engine's default sessions", () => {
    const p = setSession(small(), 2, { shade: 0.9 });
    expect(p.sessions!.map((s) => s.shade)).toEqual([0.5, 0.65, 0.9]);
  });

  it('a refused edit names the field and the value', () => {
    expect(() => setSession(defaultPlanInput(), 2, { day: 3 })).toThrow(PlanError);
    expect(() => setSession(defaultPlanInput(), 2, { day: 3 })).toThrow(/^plan\.sessions\[2\]\.day: must not precede the previous session's day 14 \(got 3\)$/);
    expect(() => setSession(defaultPlanInput(), 0, { shade: 1.5 })).toThrow(/^plan\.sessions\[0\]\.shade: .*\(got 1\.5\)$/);
    expect(() => setSession(defaultPlanInput(), 0, { needlePoints: 2.5 })).toThrow(/^plan\.sessions\[0\]\.needlePoints: /);
    expect(() => setSession(defaultPlanInput(), 7, { shade: 0.5 })).toThrow(/sessions\[7\]: no such session/);
  });

  it('a new session comes 14 days after the last and reaches full density; the dots of the first sessions do not move', () => {
    const p = addSession(small());
    const s = validatePlan(p).sessions;
    expect(s.map((x) => x.day)).toEqual([0, 14, 28, 42]);
    expect(s.map((x) => x.cumulative)).toEqual([0.3, 0.7, 0.85, 1]);
    expect(digestLayers(simulate(p), 2)).toBe(digestLayers(simulate(small()), 2));
  });

  it('removing a session keeps at least one, and the new last one reaches full density', () => {
    const p = removeSession(small(), 2);
    expect(validatePlan(p).sessions.map((x) => x.cumulative)).toEqual([0.3, 1]);
    expect(removeSession(small(), 0).sessions!.map((x) => x.cumulative)).toEqual([0.7, 1]);
    const one = removeSession(removeSession(small(), 2), 1);
    expect(() => removeSession(one, 0)).toThrow(EditError);
  });
});

describe('touch-ups', () => {
  it('are an editable list: year, re-darkened share and shade', () => {
    let { plan: p, touchUp } = addTouchUp(defaultPlanInput());
    expect(touchUp).toBe(0);
    expect(validatePlan(p).touchUps[0]).toMatchObject({ year: 4, redarkenShare: 0.7, shade: 0.8 });
    p = setTouchUp(p, 0, { redarkenShare: 0.5, shade: 0.7 });
    ({ plan: p } = addTouchUp(p, { redarkenShare: 0.9 }));
    expect(validatePlan(p).touchUps.map((t) => [t.year, t.redarkenShare, t.shade])).toEqual([[4, 0.5, 0.7], [8, 0.9, 0.8]]);
    p = removeTouchUp(p, 0);
    expect(p.touchUps!.map((t) => t.year)).toEqual([8]);
  });

  it('a changed year keeps the list in year order; a new one slots in where its year puts it', () => {
    let { plan: p } = addTouchUp(defaultPlanInput(), { year: 3 });
    ({ plan: p } = addTouchUp(p, { year: 6 }));
    p = setTouchUp(p, 1, { year: 2 });
    expect(p.touchUps!.map((t) => t.year)).toEqual([2, 3]);
    const added = addTouchUp(p, { year: 2.5 });
    expect(added.touchUp).toBe(1);
    expect(added.plan.touchUps!.map((t) => t.year)).toEqual([2, 2.5, 3]);
  });

  it('refusals name the touch-up field and value', () => {
    const { plan: p } = addTouchUp(defaultPlanInput());
    expect(() => setTouchUp(p, 0, { redarkenShare: 2 })).toThrow(/^plan\.touchUps\[0\]\.redarkenShare: .*\(got 2\)$/);
    expect(() => setTouchUp(p, 0, { year: 0.05 })).toThrow(/^plan\.touchUps\[0\]\.year: must come after the last session \(day 28\) \(got 0\.05\)$/);
    expect(() => addTouchUp(p, { year: 4 })).toThrow(/^plan\.touchUps\[1\]\.year: must come after the previous touch-up \(year 4\)/);
    expect(() => setTouchUp(p, 3, { shade: 0.5 })).toThrow(/touchUps\[3\]: no such touch-up/);
  });

  it('a −0 from a slider is stored as 0, so Save → Open keeps the bytes', () => {
    const { plan: p } = addTouchUp(defaultPlanInput(), { shade: -0 });
    expect(Object.is(p.touchUps![0]!.shade, -0)).toBe(false);
    expect(Object.is(setSession(defaultPlanInput(), 0, { shade: -0 }).sessions![0]!.shade, -0)).toBe(false);
  });
});
