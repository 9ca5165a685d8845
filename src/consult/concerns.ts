// What the client comes for, and the defaults each concern sets: sessions, density and effect.
// Defaults trace to DOMAIN.md ("Sessions", "Density", "Scars and alopecia", "Consultation facts from the
// seed") or say "ours".
import { HAIR_COLORS } from '../dilution.js';
import { int, list, num, obj, oneOf, opt } from '../errors.js';
import { DEFAULT_DENSITY_TARGET, type Plan, type PlanInput, type Session, validatePlan } from '../plan.js';
import { defaultPlanInput, suggestedShades } from '../presets.js';

/** The concerns a consultation starts from. */
export const CONCERNS = ['shaved', 'hairline', 'density', 'scar-fue', 'scar-fut', 'alopecia'] as const;
export type ConcernId = (typeof CONCERNS)[number];

/** The defaults a concern sets, with where they come from. */
export interface ConcernDefaults {
  id: ConcernId;
  label: string;
  /** shaved: a buzz-cut look on a shaved head; density: dots under existing hair, hair kept long (DOMAIN "Who uses it"). */
  effect: 'shaved' | 'density';
  /** Suggested number of sessions. */
  sessions: number;
  /** Target density, dots/cm². */
  densityTarget: number;
  /** Days between sessions (DOMAIN "Sessions": 7–30). */
  spacingDays: number;
  /** Things to check before booking (waiting times, stability), shown in the consultation. */
  notes: string[];
  /** The DOMAIN.md rows the defaults come from. */
  source: string;
}

/** Days between sessions by default: DEFAULT_SESSIONS' 14, inside DOMAIN "Sessions" 7–30. */
export const DEFAULT_SPACING_DAYS = 14;

/** The defaults per concern. */
export const CONCERN_DEFAULTS: Readonly<Record<ConcernId, ConcernDefaults>> = Object.freeze({
  shaved: {
    id: 'shaved',
    label: 'Shaved look',
    effect: 'shaved',
    sessions: 3,
    densityTarget: DEFAULT_DENSITY_TARGET,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: [],
    source: 'Sessions: most clients 3. Density: the plan\'s calibrated default (docs/calibration.md: the healed shaved look reads as stubble).',
  },
  hairline: {
    id: 'hairline',
    label: 'Hairline only',
    effect: 'shaved',
    sessions: 3,
    densityTarget: DEFAULT_DENSITY_TARGET,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: ['Even a small area such as a widow’s peak takes 3–4 treatments.', 'Never drastically lower the hairline; most men settle at a mature (Norwood II) line.'],
    source: 'Consultation facts: 3–4 treatments even for a small area. Hairline design: mature line. Density as the shaved look.',
  },
  density: {
    id: 'density',
    label: 'Density under hair',
    effect: 'density',
    sessions: 3,
    densityTarget: 60,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: ['Hair is kept long: the dots shade the scalp between hairs.'],
    source: 'Sessions: most clients 3. Density 60/cm²: ours, the low end of 60–100 follicular units/cm² (the dots only shade the gaps between hairs).',
  },
  'scar-fue': {
    id: 'scar-fue',
    label: 'Scar cover-up (FUE dot scars)',
    effect: 'shaved',
    sessions: 4,
    densityTarget: DEFAULT_DENSITY_TARGET,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: ['Wait 9–12 months after the transplant before treating the scars.', 'Scar tissue takes pigment less evenly and fades faster.'],
    source: 'Scars and alopecia: wait 9–12 months; 2–4 sessions. Sessions: scars may need a 4th.',
  },
  'scar-fut': {
    id: 'scar-fut',
    label: 'Scar cover-up (FUT strip)',
    effect: 'shaved',
    sessions: 4,
    densityTarget: DEFAULT_DENSITY_TARGET,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: ['Wait 9–12 months after the transplant before treating the scar.', 'Scar tissue takes pigment less evenly and fades faster.'],
    source: 'Scars and alopecia: a linear strip that can run ear to ear; wait 9–12 months; 2–4 sessions. Sessions: scars may need a 4th.',
  },
  alopecia: {
    id: 'alopecia',
    label: 'Alopecia patches',
    effect: 'shaved',
    sessions: 4,
    densityTarget: DEFAULT_DENSITY_TARGET,
    spacingDays: DEFAULT_SPACING_DAYS,
    notes: ['Treat once the pattern has been stable for at least 12 months.', 'Many clients have the whole scalp treated so new patches do not show.'],
    source: 'Scars and alopecia: stable ≥ 12 months; many treat the whole scalp. Sessions: alopecia may need a 4th.',
  },
} satisfies Record<ConcernId, ConcernDefaults>);

/** The defaults of a concern; throws RangeError naming an unknown one. */
export function concernDefaults(concern: ConcernId): ConcernDefaults {
  return CONCERN_DEFAULTS[oneOf('concern', concern, CONCERNS)];
}

/**
 * Suggested session count: 3 (DOMAIN "Sessions": most clients), a 4th for scars, alopecia or very dry,
 * flaky skin (the plan's `dry`), with the reasons.
 */
export function suggestedSessionCount(concern: ConcernId, skin: Pick<Plan['skin'], 'dryness'> = { dryness: 'normal' }): { count: number; reasons: string[] } {
  const c = concernDefaults(concern);
  oneOf('skin.dryness', obj('skin', skin).dryness, ['dry', 'normal', 'oily'] as const);
  const reasons: string[] = ['Most clients need 3 sessions.'];
  if (c.sessions > 3) reasons.push(`${c.label}: a 4th session is usually needed.`);
  if (skin.dryness === 'dry') reasons.push('Very dry, flaky skin holds pigment less well: a 4th session is suggested.');
  return { count: reasons.length > 1 ? 4 : 3, reasons };
}

/**
 * Cumulative share of the target density after each of `n` sessions. 3: Liu et al.'s 0.3 / 0.7 / 1.0
 * (DOMAIN "Sessions"); other counts (ours): session 1 stays at 0.3 (it maps and dusts), the rest evenly to 1.
 */
export function sessionRamp(n: number): number[] {
  int('sessions', n, 1, 12);
  if (n === 1) return [1];
  if (n === 2) return [0.5, 1];
  if (n === 3) return [0.3, 0.7, 1];
  return Array.from({ length: n }, (_, i) => (i === 0 ? 0.3 : Math.round((0.3 + (0.7 * i) / (n - 1)) * 1000) / 1000));
}

/** Options for planSessions. */
export interface SessionOptions {
  /** Days between sessions; default 14 (DOMAIN "Sessions": 7–30). */
  spacingDays?: number;
  fitzpatrick?: number;
  hairColor?: Plan['hairColor'];
  /** Needle diameter in mm; default 0.25 (#8). */
  needleMm?: number;
}

/** The plan's sessions for a count: cumulative ramp, shades lightest first (suggestedShades), evenly spaced. */
export function planSessions(n: number, opts: SessionOptions = {}): Session[] {
  const ramp = sessionRamp(n);
  obj('options', opts, true);
  const spacing = opt(opts.spacingDays, DEFAULT_SPACING_DAYS, (v) => num('spacingDays', v, 1, 365));
  const needleMm = opt(opts.needleMm, 0.25, (v) => num('needleMm', v, 0.1, 0.6));
  const shades = suggestedShades(opts.fitzpatrick ?? 3, opts.hairColor ?? 'black', n);
  return ramp.map((cumulative, i) => ({ day: i * spacing, cumulative, shade: shades[i]!, needleMm, needlePoints: 3, depth: 1 }));
}

const round2 = (v: number): number => Math.round(v * 100) / 100 || 0;

/**
 * Scar templates on the map's occipital (donor) area behind the crown, mm (ours: the default map ends at the
 * crown, y ≈ −175, so the donor band lies at y ≈ −195 … −240). FUE: a band of dot scars; FUT: a thin strip,
 * ear to ear, inside a treated band so the cover-up blends.
 */
export function scarTemplate(kind: 'scar-fue' | 'scar-fut'): PlanInput['regions'] {
  oneOf('kind', kind, ['scar-fue', 'scar-fut'] as const);
  const band = (cy: number, rx: number, ry: number): [number, number][] => {
    const pts: [number, number][] = [];
    for (let i = 0; i < 48; i++) {
      const a = (2 * Math.PI * i) / 48;
      // a superellipse (exponent 0.5 on |cos|, |sin|): a rounded rectangle
      const c = Math.cos(a);
      const s = Math.sin(a);
      pts.push([round2(rx * Math.sign(c) * Math.abs(c) ** 0.5), round2(cy + ry * Math.sign(s) * Math.abs(s) ** 0.5)]);
    }
    return pts;
  };
  if (kind === 'scar-fue') return [{ name: 'FUE donor area', kind: 'scar', points: band(-215, 85, 22), densityScale: 1 }];
  return [
    { name: 'Around the FUT scar', kind: 'treated', points: band(-218, 115, 22), densityScale: 1 },
    { name: 'FUT strip scar', kind: 'scar', points: band(-218, 105, 4), densityScale: 1 },
  ];
}

/**
 * A plan for a concern: `base` (default: defaultPlanInput()) with the concern's sessions and density target;
 * for the scar concerns, a scar template is added when the base has no scar region yet.
 */
export function concernPlan(concern: ConcernId, base: PlanInput = defaultPlanInput(), sessions?: number): PlanInput {
  const c = concernDefaults(concern);
  validatePlan(obj('base', base)); // a plan document to edit: refused with a PlanError naming the field, never echoed with junk
  const n = sessions ?? c.sessions;
  const skin = obj('base.skin', base.skin, true);
  const fitzpatrick = opt(skin.fitzpatrick, 3, (v) => int('base.skin.fitzpatrick', v, 1, 6));
  const hairColor = opt(base.hairColor, 'black', (v) => oneOf('base.hairColor', v, HAIR_COLORS));
  const density = obj('base.density', base.density, true);
  if (base.regions !== undefined) list('base.regions', base.regions, 254);
  (base.regions ?? []).forEach((r: unknown, i: number) => obj(`base.regions[${i}]`, r));
  const out: PlanInput = {
    ...base,
    sessions: planSessions(n, { spacingDays: c.spacingDays, fitzpatrick, hairColor }),
    density: { ...density, target: c.densityTarget },
  };
  if ((concern === 'scar-fue' || concern === 'scar-fut') && !(base.regions ?? []).some((r: PlanInput['regions'][number]) => r.kind === 'scar'))
    out.regions = [...(base.regions ?? []), ...scarTemplate(concern)];
  return out;
}
