import { describe, expect, it } from 'vitest';
import { type PlanInput, defaultPlanInput, simulate, validatePlan } from '../src/index.js';
import { CONCERNS, STAGES, STAGE_TEMPLATE_SOURCE, type StageId, WHOLE_SCALP_CM2, concernDefaults, concernPlan, planSessions, sessionRamp, stageAreaCm2, stageInfo, stagePlan, suggestedSessionCount, treatedAreaCm2 } from '../src/consult/index.js';
import { regionAt } from '../src/raster.js';

const area = (s: StageId, scale = 1): number => stageAreaCm2(s, scale);

describe('stage presets', () => {
  it.each(STAGES.map((s) => [s]))('%s validates, simulates, and its shown area matches the dots the engine places', (stage) => {
    const input = stagePlan(stage);
    const plan = validatePlan(input);
    const a = treatedAreaCm2(plan);
    expect(a).toBeGreaterThan(10);
    expect(a).toBeLessThan(WHOLE_SCALP_CM2);
    // a light density keeps the test quick; the area does not depend on it
    const dots = simulate({ ...input, density: { target: 15 } });
    expect(dots.count).toBeGreaterThan(0);
    expect(dots.stats.areaCm2).toBeCloseTo(a, -1);
    expect(Math.abs(dots.stats.areaCm2 - a) / a).toBeLessThan(0.01);
    expect(stageInfo(stage).label.length).toBeGreaterThan(0);
  });

  it('the treated area grows with the stage: Norwood I → VII, III → III vertex, the A variants, Ludwig I → III', () => {
    const chains: StageId[][] = [
      ['NW1', 'NW2', 'NW3', 'NW4', 'NW5', 'NW6', 'NW7'],
      ['NW2', 'NW2a', 'NW3a', 'NW4a', 'NW5a', 'NW6'],
      ['NW3', 'NW3v', 'NW4'],
      ['NW2', 'NW2a', 'NW3'],
      ['L1', 'L2', 'L3'],
    ];
    for (const chain of chains) {
      const areas = chain.map((s) => area(s));
      for (let i = 1; i < areas.length; i++) expect(areas[i], `${chain[i]} vs ${chain[i - 1]}`).toBeGreaterThan(areas[i - 1]!);
    }
  });

  it('Norwood VII, a horseshoe fringe only, covers about half of the whole scalp (492 cm²), Norwood I under a tenth', () => {
    expect(area('NW7') / WHOLE_SCALP_CM2).toBeGreaterThan(0.4);
    expect(area('NW7') / WHOLE_SCALP_CM2).toBeLessThan(0.65);
    expect(area('NW1') / WHOLE_SCALP_CM2).toBeLessThan(0.1);
  });

  it('Norwood IV and V keep a bridge of hair between front and crown that narrows; at VI it is gone', () => {
    const bridge = (s: StageId): number => {
      const plan = validatePlan(stagePlan(s));
      let gap = 0;
      for (let y = -60; y > -140; y -= 0.5) if (regionAt(plan.regions, 0, y) < 0) gap += 0.5;
      return gap;
    };
    expect(bridge('NW4')).toBeGreaterThan(bridge('NW5'));
    expect(bridge('NW5')).toBeGreaterThan(0);
    expect(bridge('NW6')).toBe(0);
    expect(bridge('NW7')).toBe(0);
  });

  it('Norwood stages get a mature hairline through the mid-frontal point with temples ≤ 2 cm back; Ludwig keeps the frontal line (no hairline)', () => {
    for (const s of STAGES) {
      const plan = validatePlan(stagePlan(s));
      if (stageInfo(s).family === 'ludwig') {
        expect(plan.hairline).toBeNull();
        continue;
      }
      const pts = plan.hairline!.points;
      const mid = pts[Math.floor(pts.length / 2)]!;
      expect(mid).toEqual([0, 0]);
      for (const [, y] of pts) expect(y).toBeGreaterThanOrEqual(-20);
      // the region reaches in front of the line, so the transition zone has room
      expect(regionAt(plan.regions, 0, 5)).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the base plan’s scar and exclusion regions (after the new ones) and replaces its treated regions', () => {
    const base: PlanInput = {
      ...defaultPlanInput(),
      regions: [
        { name: 'old', kind: 'treated', points: [[0, 0], [10, 0], [0, -10]] },
        { name: 'mole', kind: 'exclusion', points: [[0, -50], [5, -50], [0, -55]] },
        { name: 'scar', kind: 'scar', points: [[0, -80], [5, -80], [0, -85]] },
      ],
    };
    const out = stagePlan('NW5', base);
    expect(out.regions.map((r) => r.name)).toEqual(['Norwood V: front', 'Norwood V: crown', 'mole', 'scar']);
    expect(out.seed).toBe(base.seed);
  });

  it('scales with the head: 10% larger is 21% more area', () => {
    expect(area('NW4', 1.1) / area('NW4')).toBeCloseTo(1.21, 1);
    expect(() => stagePlan('NW4', undefined, { scale: 3 })).toThrow(/scale.*got 3/);
  });

  it('says the templates are the project’s own and rejects an unknown stage by name', () => {
    expect(STAGE_TEMPLATE_SOURCE).toMatch(/own/);
    expect(STAGE_TEMPLATE_SOURCE).toMatch(/no published/);
    expect(() => stagePlan('NW8' as StageId)).toThrow(/stage: expected one of NW1.*\(got "NW8"\)/);
  });
});

describe('concerns', () => {
  it.each(CONCERNS.map((c) => [c]))('%s sets sessions and density that validate and trace to a DOMAIN row', (c) => {
    const d = concernDefaults(c);
    const plan = validatePlan(concernPlan(c));
    expect(plan.sessions).toHaveLength(d.sessions);
    expect(plan.density.target).toBe(d.densityTarget);
    expect(plan.sessions[plan.sessions.length - 1]!.cumulative).toBe(1);
    for (let i = 1; i < plan.sessions.length; i++) {
      expect(plan.sessions[i]!.shade).toBeGreaterThanOrEqual(plan.sessions[i - 1]!.shade); // lightest first
      expect(plan.sessions[i]!.day - plan.sessions[i - 1]!.day).toBeGreaterThanOrEqual(7);
      expect(plan.sessions[i]!.day - plan.sessions[i - 1]!.day).toBeLessThanOrEqual(30);
    }
    expect(d.source.length).toBeGreaterThan(10);
  });

  it('scar cover-ups get 4 sessions, a scar region and the 9–12 month wait; alopecia the 12-month stability note', () => {
    for (const c of ['scar-fue', 'scar-fut'] as const) {
      const plan = validatePlan(concernPlan(c));
      expect(plan.sessions).toHaveLength(4);
      expect(plan.regions.some((r) => r.kind === 'scar')).toBe(true);
      expect(concernDefaults(c).notes.join(' ')).toMatch(/9–12 months/);
    }
    expect(concernDefaults('alopecia').notes.join(' ')).toMatch(/12 months/);
    expect(concernDefaults('density').effect).toBe('density');
    expect(concernDefaults('shaved').effect).toBe('shaved');
  });

  it('a scar concern does not add a second scar template when the base already has a scar', () => {
    const once = concernPlan('scar-fut');
    const twice = concernPlan('scar-fut', once);
    expect(twice.regions.filter((r) => r.kind === 'scar')).toHaveLength(1);
  });

  it('suggests 3 sessions, and a 4th for scars, alopecia or very dry skin, saying why', () => {
    expect(suggestedSessionCount('shaved').count).toBe(3);
    expect(suggestedSessionCount('hairline', { dryness: 'oily' }).count).toBe(3);
    expect(suggestedSessionCount('shaved', { dryness: 'dry' })).toMatchObject({ count: 4, reasons: [expect.any(String), expect.stringMatching(/dry/)] });
    expect(suggestedSessionCount('scar-fue').count).toBe(4);
    expect(suggestedSessionCount('alopecia', { dryness: 'dry' }).count).toBe(4);
  });

  it('three sessions follow Liu et al.’s 30 / 70 / 100 %, and every ramp rises to 1', () => {
    expect(sessionRamp(3)).toEqual([0.3, 0.7, 1]);
    for (let n = 1; n <= 12; n++) {
      const r = sessionRamp(n);
      expect(r).toHaveLength(n);
      expect(r[n - 1]).toBe(1);
      for (let i = 1; i < n; i++) expect(r[i]!).toBeGreaterThan(r[i - 1]!);
      expect(() => validatePlan({ ...defaultPlanInput(), sessions: planSessions(n) })).not.toThrow();
    }
    expect(() => sessionRamp(0)).toThrow(/sessions.*got 0/);
  });
});
