// The plan: a client's treatment design, a JSON document that users save and reopen.
// All lengths are millimetres on the flattened scalp (x right, y down); densities are dots per cm².
// Every default below traces to a row of shared/docs/DOMAIN.md or says "our assumption".
import { z } from './schema.js';
import { describe, InputError, pathString, safeParse, text } from './errors.js';
import { HAIR_COLORS, suggestedShades } from './dilution.js';

/** The plan format this build writes; older versions are migrated on load. */
export const PLAN_VERSION = 1;

/** Refusal threshold for one simulation (expected dots, sessions and touch-ups together). */
export const MAX_DOTS = 5_000_000;

/** Thrown for any invalid plan: `path` is the field (e.g. `sessions[1].cumulative`), `value` what was found. */
export class PlanError extends InputError {
  constructor(path: string, value: unknown, problem: string) {
    const p = text(path ?? '');
    super(`plan${p ? (p.startsWith('[') ? '' : '.') + p : '.(root)'}: ${text(problem)} (got ${describe(value)})`, p, value);
    this.name = 'PlanError';
  }
}

export { describe };

/** A finite number in [lo, hi] (zod 4 rejects NaN and ±Infinity). */
const range = (lo: number, hi: number) => z.number().check(z.minimum(lo), z.maximum(hi));
/** A whole number in [lo, hi]. */
const intRange = (lo: number, hi: number) => z.int().check(z.minimum(lo), z.maximum(hi));
/** Largest coordinate magnitude, mm: a flattened scalp is < 500 mm across; ±2 m leaves room for enlarged bench heads and bounds every grid. */
export const MAX_COORD_MM = 2_000;
/** Most vertices of one region, and of all regions together: a scalp outline needs a few hundred. */
export const MAX_REGION_POINTS = 4_000;
export const MAX_TOTAL_POINTS = 20_000;
const coord = range(-MAX_COORD_MM, MAX_COORD_MM);
const point = z.tuple([coord, coord]);

/** Hairline styles artists name (DOMAIN "Hairline design": broken, jagged, defined, feathered, rounded, boxed, peaked; mature): each sets softness defaults. */
export const HAIRLINE_STYLES = ['soft', 'defined', 'mature', 'widows-peak', 'rounded', 'boxed', 'broken'] as const;
export type HairlineStyle = (typeof HAIRLINE_STYLES)[number];

/**
 * Softness by style. transitionMm: the sparse, irregular zone in front of the line (Shapiro: first 0.5–1 cm soft;
 * "defined" narrows it to a crisp 2 mm, "broken" widens it to 12 mm: [clinic] a broken/jagged line scatters dots in
 * front of the line). gradientMm: from the line to full density, within Shapiro's 2–4 cm for every style.
 * irregularity: 0 = a ruled line, 1 = strongly broken (our scale). frontDensity: share of full density right at
 * the line, falling to 0 across the transition zone (our assumption).
 */
export const HAIRLINE_STYLE_DEFAULTS: Record<
  HairlineStyle,
  { transitionMm: number; gradientMm: number; irregularity: number; frontDensity: number }
> = {
  soft: { transitionMm: 8, gradientMm: 25, irregularity: 0.7, frontDensity: 0.3 },
  defined: { transitionMm: 2, gradientMm: 20, irregularity: 0.1, frontDensity: 0.8 },
  mature: { transitionMm: 7, gradientMm: 25, irregularity: 0.5, frontDensity: 0.4 },
  'widows-peak': { transitionMm: 6, gradientMm: 22, irregularity: 0.4, frontDensity: 0.45 },
  rounded: { transitionMm: 7, gradientMm: 25, irregularity: 0.45, frontDensity: 0.4 },
  boxed: { transitionMm: 4, gradientMm: 20, irregularity: 0.25, frontDensity: 0.6 },
  broken: { transitionMm: 12, gradientMm: 30, irregularity: 1, frontDensity: 0.25 },
};

const regionSchema = z.strictObject({
  /** A name for the UI and reports. */
  name: z._default(z.string().check(z.maxLength(120)), ''),
  /** treated: gets dots; exclusion: never gets dots; scar: gets dots that take and keep pigment less evenly. */
  kind: z.enum(['treated', 'exclusion', 'scar']),
  /** Polygon vertices in mm, at least 3; closed implicitly; even-odd rule. */
  points: z.array(point).check(z.minLength(3), z.maxLength(MAX_REGION_POINTS)),
  /** Multiplies the target density inside this region (e.g. a denser crown). Our assumption: 1. */
  densityScale: z._default(range(0, 4), 1),
  /** UV dose on this region relative to its place on the head: 0 always under a hat, 1 as its place gets (default), up to 2.5; used to 0.01. */
  sunExposure: z._default(range(0, 2.5), 1),
});

const hairlineSchema = z.strictObject({
  style: z._default(z.enum(HAIRLINE_STYLES), 'mature'),
  /** The line through its points, temple to temple; the scalp is the side holding most of the treated area. */
  points: z.array(point).check(z.minLength(2), z.maxLength(2_000)),
  transitionMm: z.optional(range(0, 40)),
  gradientMm: z.optional(range(0, 120)),
  irregularity: z.optional(range(0, 1)),
  frontDensity: z.optional(range(0, 1)),
  /** Needle points per dot in the soft zone: a single point at the hairline (DOMAIN "Dots"). */
  needlePoints: z._default(intRange(1, 9), 1),
});

/**
 * Dots per cm² at full density: DOMAIN "Density", full-density SMP ≈ 100 at 1 mm spacing (Rassman: about 1 mm apart);
 * 110 is 0.95 mm apart, natural follicular sites 86–91. Was 90, then 100, before the healed-tone calibrations
 * (docs/calibration.md, "What moved"): at 100 the healed look could not reach the measured stubble tone.
 */
export const DEFAULT_DENSITY_TARGET = 110;

/** The default plan's follicular clustering (see density.clustering): real follicles cluster next to singles (Liu et al.); 0.1 ours. */
export const DEFAULT_CLUSTERING = Object.freeze({ share: 0.1, spreadMm: 0.5 });

/** Relative needle depth of a visit: 1 the upper dermis as intended; deeper blows out more (spread, blue cast), shallower sheds with the scab. */
const depth = z._default(range(0.5, 2), 1);

const densitySchema = z.strictObject({
  /** Dots per cm² at full density. DOMAIN: ≈100 at 1 mm spacing; natural sites 86–91. Default DEFAULT_DENSITY_TARGET (110). */
  target: z._default(range(0, 1_000), DEFAULT_DENSITY_TARGET),
  /** Simplex-noise modulation: real follicles are uneven (Liu et al.). amplitude 0–1 of target; our assumption 0.2 at 6 mm. */
  noise: z._default(z.strictObject({ amplitude: z._default(range(0, 1), 0.2), scaleMm: z._default(range(0.5, 200), 6) }), {
    amplitude: 0.2,
    scaleMm: 6,
  }),
  /**
   * Share of dots that get 1–2 close companions, spreadMm apart: real follicles cluster next to singles (Liu et al.;
   * 86–91 sites/cm² hold 2.4–2.5 hairs each). 0 in a bare plan (pure blue noise); the default plan uses
   * DEFAULT_CLUSTERING, a modest 0.1 (ours): about one dot in five then has a companion.
   */
  clustering: z._default(z.strictObject({ share: z._default(range(0, 1), 0), spreadMm: z._default(range(0.1, 3), 0.5) }), {
    share: 0,
    spreadMm: 0.5,
  }),
});

const sessionSchema = z.strictObject({
  /** Days after the first session (DOMAIN: 7–30 days apart). */
  day: range(0, 36_500),
  /** Cumulative share of the target density reached after this session (Liu et al.: 0.3 / 0.7 / 1.0). */
  cumulative: z.number().check(z.gt(0), z.maximum(1)),
  /**
   * Darkness of the deposited shade, 0 (skin) – 1 (undiluted black); lightest first (DOMAIN "Sessions"). Left out, it
   * comes from the dilution table for the plan's skin type and hair colour (suggestedShades).
   */
  shade: z.optional(range(0, 1)),
  /** Needle diameter in mm (DOMAIN: 0.18–0.35; #8 = 0.25). */
  needleMm: z._default(range(0.1, 0.6), 0.25),
  /** Needle points per dot away from the hairline (DOMAIN: 3-point, up to 6–7; 7-point fades less). */
  needlePoints: z._default(intRange(1, 9), 3),
  /** Relative needle depth, 0.5–2 (1 as intended). */
  depth,
});

const touchUpSchema = z.strictObject({
  /** Years after the first session. */
  year: z.number().check(z.gt(0), z.maximum(50)),
  /** Share of existing dots the artist re-darkens (our assumption: most). */
  redarkenShare: z._default(range(0, 1), 0.7),
  /**
   * New dots added between the old ones, as a share of the target density (our assumption: 0.05, so the 0.5 of
   * headroom holds 10 touch-ups: 20–30 years of visits every 2–6 years).
   */
  addFraction: z._default(range(0, 0.5), 0.05),
  shade: z._default(range(0, 1), 0.8),
  needleMm: z._default(range(0.1, 0.6), 0.25),
  needlePoints: z._default(intRange(1, 9), 3),
  /** Relative needle depth, 0.5–2 (1 as intended). */
  depth,
});

/**
 * The three documented default sessions: 30 / 70 / 100 % (Liu et al.), 14 days apart, lightest first; later sessions
 * vary shade and dot size (DOMAIN "Sessions": S1 maps and dusts, a colour test, with a fine #6; S2 fills gaps darker
 * with a #8; S3 adds depth with a #10; needle sizes ours within DOMAIN "Dots" 0.18–0.35 mm).
 */
export const DEFAULT_SESSIONS = [
  { day: 0, cumulative: 0.3, shade: 0.5, needleMm: 0.2, needlePoints: 3, depth: 1 },
  { day: 14, cumulative: 0.7, shade: 0.65, needleMm: 0.25, needlePoints: 3, depth: 1 },
  { day: 28, cumulative: 1, shade: 0.8, needleMm: 0.3, needlePoints: 3, depth: 1 },
];

const planSchema = z.strictObject({
  version: z.int().check(z.minimum(1)),
  seed: z._default(z.string().check(z.minLength(1), z.maxLength(200)), 'smp'),
  regions: z.array(regionSchema).check(z.maxLength(254)),
  hairline: z._default(z.nullable(hairlineSchema), null),
  density: z._default(densitySchema, { target: DEFAULT_DENSITY_TARGET, noise: { amplitude: 0.2, scaleMm: 6 }, clustering: { share: 0, spreadMm: 0.5 } }),
  sessions: z._default(z.array(sessionSchema).check(z.minLength(1), z.maxLength(12)), DEFAULT_SESSIONS),
  /** Later visits that re-darken and add dots; the aging model uses them. */
  touchUps: z._default(z.array(touchUpSchema).check(z.maxLength(12)), []),
  skin: z._default(
    z.strictObject({
      /** Fitzpatrick phototype I–VI as 1–6. */
      fitzpatrick: z._default(intRange(1, 6), 3),
      /** Very dry skin fades faster (the seed); contested (one clinic: oily faster). */
      dryness: z._default(z.enum(['dry', 'normal', 'oily']), 'normal'),
      /** UV is the strongest accelerator of fading (DOMAIN "Years"). */
      sun: z._default(z.enum(['low', 'moderate', 'high']), 'moderate'),
    }),
    { fitzpatrick: 3, dryness: 'normal', sun: 'moderate' },
  ),
  pigment: z._default(
    z.strictObject({
      /** smp-carbon fades lighter without changing hue; tattoo-ink drifts blue/green; iron-oxide may drift warm. */
      kind: z._default(z.enum(['smp-carbon', 'iron-oxide', 'tattoo-ink']), 'smp-carbon'),
      /** Per-dot spread of darkness, ± share of the session shade (DOMAIN: variation is a feature). Our assumption 0.12. */
      shadeVariation: z._default(range(0, 1), 0.12),
      /** Per-dot spread of hue in degrees, ±. Our assumption 8. */
      hueVariationDeg: z._default(range(0, 90), 8),
      /** Per-dot spread of size, ± share. Our assumption 0.15. */
      sizeVariation: z._default(range(0, 0.8), 0.15),
    }),
    { kind: 'smp-carbon', shadeVariation: 0.12, hueVariationDeg: 8, sizeVariation: 0.15 },
  ),
  hairColor: z._default(z.enum(HAIR_COLORS), 'black'),
});

/** A plan as a user may write it: optional fields may be left out. */
export type PlanInput = z.input<typeof planSchema>;
/** A validated plan: every field present, hairline softness resolved from its style. */
export type Plan = Omit<z.output<typeof planSchema>, 'hairline' | 'sessions'> & { hairline: ResolvedHairline | null; sessions: Session[] };
export type Region = z.output<typeof regionSchema>;
/** A validated session: its shade filled in from the dilution table when the plan left it out. */
export type Session = Required<z.output<typeof sessionSchema>>;
export type TouchUp = z.output<typeof touchUpSchema>;
export type ResolvedHairline = Required<z.output<typeof hairlineSchema>>;

/** Upgrades an older plan document to the current version, step by step. Add a step per format change. */
const MIGRATIONS: Record<number, (plan: Record<string, unknown>) => Record<string, unknown>> = {};

function migrate(input: Record<string, unknown>): Record<string, unknown> {
  let plan = input;
  const v = plan.version;
  if (v === undefined) throw new PlanError('version', v, `required; this build writes version ${PLAN_VERSION}`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new PlanError('version', v, 'expected a whole number ≥ 1');
  let version: number = v;
  if (version > PLAN_VERSION)
    throw new PlanError('version', version, `made by a newer smp-sim; this build reads up to version ${PLAN_VERSION}`);
  while (version < PLAN_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new PlanError('version', version, 'no migration from this version');
    plan = step(plan);
    version = version + 1;
    plan = { ...plan, version };
  }
  return plan;
}

/** Replaces every −0 with 0 in place: JSON writes −0 as 0, so a plan must not keep one (Save → Open keeps the bytes). */
function noNegativeZero(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (Object.is(o[k], -0)) o[k] = 0;
    else noNegativeZero(o[k]);
  }
}

/** The value at a zod issue's path in the document, for the error message. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Checks a plan document and returns it typed with defaults filled in; throws PlanError naming the field. */
export function validatePlan(input: unknown): Plan {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new PlanError('', input, 'expected a plan object');
  const migrated = migrate(input as Record<string, unknown>);
  const result = safeParse(planSchema, migrated, (path, value) => {
    throw new PlanError(pathString(path), value, 'expected JSON data (numbers, strings, lists, plain objects)');
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const value = issue.code === 'unrecognized_keys' ? valueAt(migrated, path) : valueAt(migrated, issue.path);
    const problem = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    throw new PlanError(pathString(path), value, problem);
  }
  const p = result.data;
  noNegativeZero(p);
  let vertices = 0;
  for (const r of p.regions) vertices += r.points.length;
  if (vertices > MAX_TOTAL_POINTS) throw new PlanError('regions', `${vertices} vertices`, `all regions together may have at most ${MAX_TOTAL_POINTS} vertices`);
  p.sessions.forEach((s, i) => {
    if (i === 0) return;
    const prev = p.sessions[i - 1]!;
    if (!(s.cumulative > prev.cumulative))
      throw new PlanError(`sessions[${i}].cumulative`, s.cumulative, `must exceed the previous session's ${prev.cumulative}`);
    if (!(s.day >= prev.day)) throw new PlanError(`sessions[${i}].day`, s.day, `must not precede the previous session's day ${prev.day}`);
  });
  p.touchUps.forEach((t, i) => {
    const last = p.sessions[p.sessions.length - 1]!;
    if (t.year * 365 <= last.day) throw new PlanError(`touchUps[${i}].year`, t.year, `must come after the last session (day ${last.day})`);
    if (i > 0 && !(t.year > p.touchUps[i - 1]!.year))
      throw new PlanError(`touchUps[${i}].year`, t.year, `must come after the previous touch-up (year ${p.touchUps[i - 1]!.year})`);
  });
  const totalAdd = p.touchUps.reduce((a, t) => a + t.addFraction, 0);
  if (totalAdd > TOUCH_UP_HEADROOM + 1e-9)
    throw new PlanError('touchUps', totalAdd, `new dots of all touch-ups together may add at most ${TOUCH_UP_HEADROOM} of the target density`);
  let hairline: ResolvedHairline | null = null;
  if (p.hairline) {
    const d = HAIRLINE_STYLE_DEFAULTS[p.hairline.style];
    hairline = {
      ...p.hairline,
      transitionMm: p.hairline.transitionMm ?? d.transitionMm,
      gradientMm: p.hairline.gradientMm ?? d.gradientMm,
      irregularity: p.hairline.irregularity ?? d.irregularity,
      frontDensity: p.hairline.frontDensity ?? d.frontDensity,
    };
  }
  const shades = suggestedShades(p.skin.fitzpatrick, p.hairColor, p.sessions.length);
  const sessions: Session[] = p.sessions.map((s, i) => ({ ...s, shade: s.shade ?? shades[i]! }));
  const plan: Plan = { ...p, sessions, hairline };
  validated.add(plan);
  return plan;
}

/** The plans validatePlan returned: a public function given one of them trusts it without checking it again. */
const validated = new WeakSet<object>();

/**
 * The plan argument of a public function: a plan validatePlan returned as it is, anything else validated (throws
 * PlanError naming the field). Validation happens once, at the boundary; a plan edited after validatePlan is the
 * caller's to validate again.
 */
export function checkedPlan(plan: unknown): Plan {
  return plan !== null && typeof plan === 'object' && validated.has(plan) ? (plan as Plan) : validatePlan(plan);
}

/**
 * Density above the target that touch-ups may add in total. The blue-noise ranks above 1.0 are reserved
 * for them, so adding or editing a touch-up never moves the dots of the sessions. Our assumption: 0.5.
 */
export const TOUCH_UP_HEADROOM = 0.5;
