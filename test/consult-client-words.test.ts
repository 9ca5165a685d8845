// Issue 21: the client's PDF speaks to a client. What the report prints from the plan and the estimate carries no
// internal names (our docs' "DOMAIN", the engine's "smp-carbon", the price book's "2 bands").
import { describe, expect, it } from 'vitest';
import { defaultPlanInput, validatePlan } from '../src/index.js';
import { CONCERNS, REGIONAL_RANGES_USD, STAGES, concernDefaults, concernPlan, estimate, regionalPriceBook, stageInfo, stagePlan } from '../src/consult/index.js';
import { clientPigment, clientSkin, internalTerms } from '../examples/consult/client-words.js';
import { DEFAULT_REACTIONS, DEFAULT_RISKS, SIMULATION_NOTE } from '../examples/consult/report-data.js';

describe('the words on the client’s report', () => {
  it('the check finds the names the issue saw in a report', () => {
    expect(internalTerms('shaved: priced by treated area, 2 bands.')).toEqual(['bands']);
    expect(internalTerms('Pigment smp-carbon')).toEqual(['smp-carbon']);
    expect(internalTerms('touch-ups every few years (DOMAIN: every 2–6)')).toEqual(['DOMAIN']);
    expect(internalTerms('Not included: touch-ups every few years, 350–1,000 USD each.')).toEqual([]);
  });

  it('every estimate reason, for every concern, stage and regional price, is free of internal names', () => {
    const books = [undefined, ...Object.keys(REGIONAL_RANGES_USD).map((r) => regionalPriceBook(r as keyof typeof REGIONAL_RANGES_USD))];
    const seen: string[] = [];
    for (const stage of STAGES)
      for (const concern of CONCERNS) {
        const plan = validatePlan(concernPlan(concern, stagePlan(stage)));
        for (const book of books) for (const r of estimate(plan, concern, book).reasons) seen.push(r.text);
        seen.push(concernDefaults(concern).label, stageInfo(stage).label);
      }
    expect(seen.length).toBeGreaterThan(STAGES.length * CONCERNS.length * 4);
    expect(seen.flatMap(internalTerms)).toEqual([]);
  });

  it('the pigment and skin are described in words, and the risks, reactions and note are too', () => {
    for (const kind of ['smp-carbon', 'iron-oxide', 'tattoo-ink'] as const) expect(internalTerms(clientPigment(kind))).toEqual([]);
    const plan = validatePlan({ ...defaultPlanInput(), skin: { fitzpatrick: 5, dryness: 'dry', sun: 'high' } });
    expect(clientSkin(plan.skin)).toBe('Skin type V (Fitzpatrick), dry skin, a lot of sun');
    expect([...DEFAULT_RISKS, ...DEFAULT_REACTIONS, SIMULATION_NOTE].flatMap(internalTerms)).toEqual([]);
  });
});
