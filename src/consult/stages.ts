// Stage-of-loss presets: Hamilton–Norwood I–VII (with III vertex and the A variants) and Ludwig I–III as
// starting treated regions and hairlines on the scalp map (mm; origin at the mid-frontal hairline point,
// x right, y down, scalp at y < 0, crown near y ≈ −175, as in presets.ts).
//
// DOMAIN "Stages of loss": no published cm² per region or per Norwood stage exists, so every shape here is
// smp-sim's own template, scaled to the default top-of-head map (≈ 224 cm²) and the whole scalp
// (≈ 492 ± 31 cm², Patel & Patel 2026). The UI must say so: STAGE_TEMPLATE_SOURCE is the sentence to show.
import { num, obj, oneOf, opt } from '../errors.js';
import { checkedPlan, type Plan, type PlanInput, type Region, validatePlan } from '../plan.js';
import { defaultPlanInput, hairlinePoints } from '../presets.js';
import { regionAreasMm2 } from '../aging/index.js';

/** The stage presets, Norwood then Ludwig, in order of growing treated area within each family. */
export const STAGES = [
  'NW1', 'NW2', 'NW2a', 'NW3', 'NW3a', 'NW3v', 'NW4', 'NW4a', 'NW5', 'NW5a', 'NW6', 'NW7',
  'L1', 'L2', 'L3',
] as const;
export type StageId = (typeof STAGES)[number];

/** What the UI and the reports show for the templates' origin (DOMAIN "Stages of loss"). */
export const STAGE_TEMPLATE_SOURCE =
  "Stage templates are smp-sim's own: no published treated area per Norwood or Ludwig stage exists. " +
  'Shapes are drawn on a scalp map of the top of the head (whole scalp ≈ 492 ± 31 cm², Patel & Patel 2026); ' +
  'edit them to fit the client.';

/** Whole scalp area, cm² (DOMAIN "Stages of loss": 492 ± 31 cm², Patel & Patel 2026). */
export const WHOLE_SCALP_CM2 = 492;

/** A stage's name and what it looks like (DOMAIN "Stages of loss"). */
export interface StageInfo {
  id: StageId;
  family: 'norwood' | 'ludwig';
  /** Short label, e.g. "Norwood III vertex". */
  label: string;
  /** The pattern in one sentence (DOMAIN "Stages of loss"). */
  description: string;
}

/**
 * Template geometry, mm (ours). front: the zone behind the designed hairline, `depthMm` back from the
 * mid-frontal point and `widthMm` across; crown: a vertex ellipse centred at (0, cyMm); oval: a Ludwig
 * thinning oval centred at (0, cyMm) (the frontal line is kept, so no hairline).
 */
interface Template {
  info: Omit<StageInfo, 'id'>;
  hairline: 'soft' | 'mature' | null;
  front?: { depthMm: number; widthMm: number };
  crown?: { cyMm: number; rxMm: number; ryMm: number };
  oval?: { cyMm: number; rxMm: number; ryMm: number };
}

const NW = 'norwood' as const;
const LU = 'ludwig' as const;

// Depths and radii are ours: chosen so the area grows with the stage, the NW IV–V bridge narrows and closes
// at VI, and NW VII (only a horseshoe fringe left) covers about half of the whole scalp.
const TEMPLATES: Record<StageId, Template> = {
  NW1: { info: { family: NW, label: 'Norwood I', description: 'Juvenile hairline, no recession: a hairline refinement band only.' }, hairline: 'soft', front: { depthMm: 18, widthMm: 120 } },
  NW2: { info: { family: NW, label: 'Norwood II', description: 'Mature hairline, temple recession up to about 2 cm.' }, hairline: 'mature', front: { depthMm: 32, widthMm: 130 } },
  NW2a: { info: { family: NW, label: 'Norwood IIa', description: 'The whole front line moves back evenly, without a central tuft.' }, hairline: 'mature', front: { depthMm: 42, widthMm: 130 } },
  NW3: { info: { family: NW, label: 'Norwood III', description: 'Deeper temple recession: the first cosmetically significant stage.' }, hairline: 'mature', front: { depthMm: 52, widthMm: 138 } },
  NW3a: { info: { family: NW, label: 'Norwood IIIa', description: 'The front recedes evenly to about 2 cm in front of the mid-coronal line.' }, hairline: 'mature', front: { depthMm: 68, widthMm: 138 } },
  NW3v: { info: { family: NW, label: 'Norwood III vertex', description: 'Norwood III recession with thinning at the crown.' }, hairline: 'mature', front: { depthMm: 52, widthMm: 138 }, crown: { cyMm: -140, rxMm: 30, ryMm: 30 } },
  NW4: { info: { family: NW, label: 'Norwood IV', description: 'Front and crown loss separated by a band (bridge) of hair.' }, hairline: 'mature', front: { depthMm: 70, widthMm: 140 }, crown: { cyMm: -140, rxMm: 40, ryMm: 42 } },
  NW4a: { info: { family: NW, label: 'Norwood IVa', description: 'The front recedes evenly past the mid-coronal line, no separate crown.' }, hairline: 'mature', front: { depthMm: 105, widthMm: 140 } },
  NW5: { info: { family: NW, label: 'Norwood V', description: 'Front and crown loss larger; the bridge between them narrows.' }, hairline: 'mature', front: { depthMm: 80, widthMm: 144 }, crown: { cyMm: -140, rxMm: 52, ryMm: 52 } },
  NW5a: { info: { family: NW, label: 'Norwood Va', description: 'The front recedes evenly to the vertex.' }, hairline: 'mature', front: { depthMm: 140, widthMm: 144 } },
  NW6: { info: { family: NW, label: 'Norwood VI', description: 'The bridge is gone: front and crown loss are one bald area.' }, hairline: 'mature', front: { depthMm: 192, widthMm: 148 } },
  NW7: { info: { family: NW, label: 'Norwood VII', description: 'Only a horseshoe fringe of hair is left at the sides and back.' }, hairline: 'mature', front: { depthMm: 212, widthMm: 160 } },
  L1: { info: { family: LU, label: 'Ludwig I', description: 'Thinning over the crown and part line; the frontal hairline is kept.' }, hairline: null, oval: { cyMm: -85, rxMm: 28, ryMm: 55 } },
  L2: { info: { family: LU, label: 'Ludwig II', description: 'Wider thinning over the top; the frontal hairline is kept.' }, hairline: null, oval: { cyMm: -88, rxMm: 42, ryMm: 68 } },
  L3: { info: { family: LU, label: 'Ludwig III', description: 'Near-total thinning over the top; a frontal rim is kept.' }, hairline: null, oval: { cyMm: -92, rxMm: 56, ryMm: 80 } },
};

/** The designed hairline's temple recession for each hairline style used here, mm (DOMAIN "Hairline design": NW II ≤ ~20). */
const RECESSION = { soft: 10, mature: 20 } as const;
/** The region starts this far in front of the hairline, so the transition zone has room (as topOfHeadRegion). Ours. */
const FRONT_MARGIN_MM = 12;
/** Width of the designed hairline, mm (presets.hairlinePoints default). */
const HAIRLINE_WIDTH_MM = 130;
/** Vertices on each curved edge. */
const ARC_POINTS = 24;

/** Rounds to 0.01 mm, never −0 (a saved plan must reopen identical). */
const round2 = (v: number): number => Math.round(v * 100) / 100 || 0;

function ellipse(cy: number, rx: number, ry: number, s: number): [number, number][] {
  const pts: [number, number][] = [];
  const n = 2 * ARC_POINTS;
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    pts.push([round2(s * rx * Math.cos(a)), round2(s * (cy + ry * Math.sin(a)))]);
  }
  return pts;
}

/** The frontal zone: the hairline moved forward by the margin, then around the back through (0, −depth). */
function frontZone(line: [number, number][], depth: number, width: number, s: number): [number, number][] {
  const pts: [number, number][] = line.map(([x, y]) => [round2(s * x), round2(s * (y + FRONT_MARGIN_MM))]);
  const yTemple = line[line.length - 1]![1];
  const hw = width / 2;
  const ry = depth + yTemple; // from the temple line back to −depth
  for (let i = 0; i <= ARC_POINTS; i++) {
    const a = (Math.PI * i) / ARC_POINTS; // right side (0) → back → left side (π)
    pts.push([round2(s * hw * Math.cos(a)), round2(s * (yTemple - ry * Math.sin(a)))]);
  }
  return pts;
}

/** Describes a stage for the UI: label, family and its pattern in one sentence. */
export function stageInfo(stage: StageId): StageInfo {
  const t = TEMPLATES[oneOf('stage', stage, STAGES)];
  return { id: stage, ...t.info };
}

/** Options for stagePlan. */
export interface StageOptions {
  /** Multiplies every coordinate: a head this much larger or smaller than the template's. Default 1. */
  scale?: number;
}

/**
 * A plan for a stage of loss: `base` (default: defaultPlanInput()) with its treated regions and hairline
 * replaced by the stage's template; the base's scar and exclusion regions are kept, after the new ones.
 */
export function stagePlan(stage: StageId, base: PlanInput = defaultPlanInput(), opts: StageOptions = {}): PlanInput {
  const t = TEMPLATES[oneOf('stage', stage, STAGES)];
  validatePlan(obj('base', base)); // a plan document to edit: refused with a PlanError naming the field, never echoed with junk
  const s = opt(obj('options', opts, true).scale, 1, (v) => num('options.scale', v, 0.5, 2));
  const regions: PlanInput['regions'] = [];
  let hairline: PlanInput['hairline'] = null;
  if (t.hairline) {
    const line = hairlinePoints(t.hairline, { widthMm: HAIRLINE_WIDTH_MM, recessionMm: RECESSION[t.hairline] });
    hairline = { style: t.hairline, points: line.map(([x, y]) => [round2(s * x), round2(s * y)]), needlePoints: 1 };
    if (t.front) regions.push({ name: `${t.info.label}: front`, kind: 'treated', points: frontZone(line, t.front.depthMm, t.front.widthMm, s), densityScale: 1 });
  }
  if (t.crown) regions.push({ name: `${t.info.label}: crown`, kind: 'treated', points: ellipse(t.crown.cyMm, t.crown.rxMm, t.crown.ryMm, s), densityScale: 1 });
  if (t.oval) regions.push({ name: `${t.info.label}: thinning`, kind: 'treated', points: ellipse(t.oval.cyMm, t.oval.rxMm, t.oval.ryMm, s), densityScale: 1 });
  const kept = (base.regions ?? []).filter((r: PlanInput['regions'][number]) => r.kind !== 'treated');
  return { ...base, regions: [...regions, ...kept], hairline };
}

/** Treated area of a validated plan in cm²: treated and scar regions less exclusions, overlaps counted once. */
export function treatedAreaCm2(plan: Plan): number {
  plan = checkedPlan(plan);
  const areas = regionAreasMm2(plan);
  let mm2 = 0;
  plan.regions.forEach((r: Region, i: number) => {
    if (r.kind !== 'exclusion') mm2 += areas[i]!;
  });
  return Math.round(mm2) / 100;
}

/** Treated area of a stage's template in cm² (on the default plan, at `scale`), for a stage picker. */
export function stageAreaCm2(stage: StageId, scale = 1): number {
  return treatedAreaCm2(validatePlan(stagePlan(stage, defaultPlanInput(), { scale })));
}
