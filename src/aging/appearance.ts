// appearanceAt(dots, plan, day): every dot's opacity, radius, hue, chroma and softness at one instant.
//
// Closed form per dot, so a shader can evaluate it from the same per-dot attributes and a time uniform.
// Every deposit event has a clock: a layer's day (sessions[l].day, or touchUps[t].year·365 for a touch-up
// layer). All functions of time (healing curve, fade, spread, drift, blowout ramp) depend only on
// (clock, tissue class) and are tabulated once per call (≤ 24 clocks × 2 classes); per dot the kernel does
// one integer hash, one more per touch-up done since its birth, and a few multiply-adds, with no exp/pow.
//
// Per dot (shade s, radius r0, hue h0 from simulate; R its healed retention from dots.seed, times the smooth
// area factor q(x, y); m(x, y) its place's UV fade multiplier, localFactors):
//   deposit opacity  o_e = min(1, dose_e · (w0(a) + w1(a)·R_e) · e^(L_k(a)·m))      a = day − clock of event e
//   healing          w0 = settle·scabDarken·(1 − S(7,10,a)),  w1 = settle·depth_e·(ghostShare·S(7,10,a)·(1 − S(28,42,a)) + S(28,42,a))
//   fade             settle = 1 − settleLoss·(1 − e^(−max(0, a − healedDays)/settleTau)),  L_k = −rate_k·needle_k·a/365 (k: tissue, hairline needle)
//   dot opacity      1 − Π_e (1 − o_e), × (1 − (1 − blowoutOpacity)·blowout)
//   radius           r0 · √(Σ_e o_e·ρ_e² / Σ_e o_e) · scab(last) · (1 + blowoutGrow·blowout)
//                    ρ_e = (1 + spreadMax·(1 − e^(−years_e/spreadTau))) · (1 + redarkenGrow)^k_e
// where the events e are the dot's birth (k = 0) and each touch-up that re-darkens it (chosen by hash of
// dots.seed with probability redarkenShare; k = 1, 2, … in order), years_e the age of that deposit: one disc
// whose area is the darkness-weighted mean of its deposits' areas. S is the smoothstep. A blowout mixes a blue
// halo into the colour in OkLab (a, b): hue and chroma of (1 − cool·b)·c0·(cos h, sin h) + b·blueChroma·(cos 230°, sin 230°).
//
// Where on the head (DOMAIN "Years": UV is the strongest accelerator; the crown gets the most sun): m = (1 − uvShare)
// + uvShare·sun·region.sunExposure·exposure(x, y)/uvReference, exposure from the angle to the zenith on a spherical
// head; q = 1 + areaRetentionSpread·n(x, y), n smooth value noise in mm ("varying by area", DOMAIN "Healing").
import { FLAG_HAIRLINE, FLAG_SCAR, checkedDots, type Dots } from '../dots.js';
import { ArgumentError, obj } from '../errors.js';
import { deriveSeed32 } from '../hash.js';
import { checkedPlan, type Plan } from '../plan.js';
import type { Appearance } from './types.js';
import { type AgingParams, DEFAULT_AGING, baseFadeRate, checkedParams, needleFadeOf } from './params.js';

/** Hash salt of a dot's birth variates (retention, blowout); distinct from simulate's. The GLSL port uses it too. */
export const SALT_BIRTH = 0x41470000;
/** Hash salt of touch-up t's variates (SALT_PICK + t: re-darken pick, retention, blowout). */
export const SALT_PICK = 0x41471000;
/** Most regions whose sunExposure the tables carry (plan.ts allows 254). */
export const MAX_REGION_SUN = 256;

/** hash.ts's hash2, repeated here so the hot loop calls a module-local function V8 inlines (tests check they agree). */
function hash2local(a: number, b: number): number {
  let x = (a ^ Math.imul(b, 0x9e3779b9)) + 0x632be5ab;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = e1 > e0 ? Math.min(1, Math.max(0, (x - e0) / (e1 - e0))) : x >= e1 ? 1 : 0;
  return t * t * (3 - 2 * t);
}

/** The day each layer's dots are deposited: sessions[l].day, then touchUps[t].year · 365. */
export function layerDays(plan: Plan): Float64Array {
  const nS = plan.sessions.length;
  const out = new Float64Array(nS + plan.touchUps.length);
  for (let l = 0; l < nS; l++) out[l] = plan.sessions[l]!.day;
  for (let t = 0; t < plan.touchUps.length; t++) out[nS + t] = plan.touchUps[t]!.year * 365;
  return out;
}

/**
 * Per-clock tables for one instant: what a shader receives as uniforms. Index c is the layer (the clock of
 * its deposits; touch-up t's re-darkenings share clock sessions + t); per-class arrays are [class·clocks + c],
 * class 0 skin, 1 scar.
 */
export interface AgingTables {
  day: number;
  clocks: number;
  sessions: number;
  /** Touch-ups whose day is ≤ day (only these can have re-darkened a dot). */
  touchUpsDone: number;
  clockDay: Float64Array;
  /** Healing weights with settling folded in: scab (w0) and healed-retention (w1, × the visit's depth retention). */
  w0: Float64Array;
  w1: Float64Array;
  /** ln of the fade at a unit place multiplier, per class, for the visit's needle and for the hairline needle (the GPU gets log2: its exp2 is the exact one). */
  logFade: Float64Array;
  logFadeHair: Float64Array;
  scab: Float64Array;
  crisp: Float64Array;
  spread: Float64Array;
  soft: Float64Array;
  drift: Float64Array;
  blow: Float64Array;
  /** Skin redness after the deposit, 0–1 (DOMAIN "Healing": day 0–2 red). */
  redness: Float64Array;
  /** Per layer: 1 / planned shade (to carry a dot's own shade variation into its re-darkening dose). */
  invLayerShade: Float64Array;
  /** Per touch-up: redarkenShare as a 12-bit threshold (share × 4096), and the re-darkening dose. */
  pick: Float64Array;
  dose: Float64Array;
  /** Per class and clock: blowout when the hash's 16 (birth) or 10 (re-darkening) bits are below these whole numbers. */
  blow16: Float64Array;
  blow10: Float64Array;
  /** Per class (0 skin, 1 scar): mean retention, retention spread. */
  retMean: Float64Array;
  retSpread: Float64Array;
  baseChroma: number;
  driftHue: number;
  driftAmount: number;
  driftChroma: number;
  /** The blue halo's (a, b) at full blowout: blowoutChroma·(cos, sin)(blowoutHue). */
  blowA: number;
  blowB: number;
  /** Place factors: the vertex (mm), 1 / head radius, diffuse share; m = uvBase + uvGain·exposure·regionSun. */
  uvVertexX: number;
  uvVertexY: number;
  uvInvRadius: number;
  uvDiffuse: number;
  uvBase: number;
  uvGain: number;
  /** Per region: sunExposure quantised to 0.01 (0–255 hundredths). */
  regionSun: Uint8Array;
  /** Area retention noise: seed, spread, 1 / feature size (mm). */
  areaSeed: number;
  areaSpread: number;
  areaInvScale: number;
}

/** Tabulates every function of time the kernel needs at `day` (a few hundred exp calls, independent of the dot count). */
export function agingTables(plan: Plan, day: number, params: AgingParams = DEFAULT_AGING): AgingTables {
  const valid = checkedPlan(plan);
  checkDay('agingTables', day);
  const T = agingTablesValid(valid, day, checkedParams('agingTables: params', params));
  const shape: Record<string, number> = {};
  for (const [k, v] of Object.entries(T)) shape[k] = ArrayBuffer.isView(v) ? (v as unknown as ArrayLike<number>).length : -1;
  publicTables.set(T, { clocks: T.clocks, sessions: T.sessions, shape });
  return T;
}

/** The tables agingTables returned, with their shape (what agingUniforms takes, smp-sim/render). */
const publicTables = new WeakMap<object, { clocks: number; sessions: number; shape: Record<string, number> }>();

/** A tables argument: a result of agingTables, its shape unchanged and every number in it finite (O(clocks)); throws ArgumentError. */
export function checkedTables(where: string, t: unknown): AgingTables {
  const rec = t !== null && typeof t === 'object' ? publicTables.get(t) : undefined;
  if (!rec) throw new ArgumentError(where, t, 'expected the result of agingTables(plan, day, params)');
  const T = t as AgingTables;
  if (T.clocks !== rec.clocks || T.sessions !== rec.sessions) throw new ArgumentError(`${where}.clocks`, T.clocks, `expected ${rec.clocks} clocks of ${rec.sessions} sessions, as agingTables made it`);
  for (const [k, n] of Object.entries(rec.shape)) {
    const v = (T as unknown as Record<string, unknown>)[k];
    if (n >= 0) {
      if (!ArrayBuffer.isView(v) || (v as unknown as ArrayLike<number>).length !== n) throw new ArgumentError(`${where}.${k}`, v, `expected the ${n} numbers agingTables made`);
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) throw new ArgumentError(`${where}.${k}[${i}]`, a[i], 'expected a finite number');
    } else if (typeof v === 'number' && !Number.isFinite(v)) throw new ArgumentError(`${where}.${k}`, v, 'expected a finite number');
    else if (typeof v !== 'number') throw new ArgumentError(`${where}.${k}`, v, 'expected a number');
  }
  return T;
}

/** agingTables for arguments already checked (the core's loops: one call per scanned day). */
export function agingTablesValid(plan: Plan, day: number, params: AgingParams): AgingTables {
  const p = params;
  const nS = plan.sessions.length;
  const days = layerDays(plan);
  const n = days.length;
  const mk = () => new Float64Array(n);
  const w0 = mk(), w1 = mk(), scab = mk(), crisp = mk(), spread = mk(), soft = mk(), drift = mk(), blow = mk(), redness = mk();
  const logFade = new Float64Array(2 * n);
  const logFadeHair = new Float64Array(2 * n);
  const blow16 = new Float64Array(2 * n);
  const blow10 = new Float64Array(2 * n);
  const rates = [baseFadeRate(plan, p, false), baseFadeRate(plan, p, true)];
  const hairNeedle = plan.hairline ? needleFadeOf(p, plan.hairline.needlePoints) : 0;
  const hd = p.hueDrift[plan.pigment.kind];
  const visit = (c: number) => (c < nS ? plan.sessions[c]! : plan.touchUps[c - nS]!);
  for (let c = 0; c < n; c++) {
    const v = visit(c);
    const depth = v.depth;
    for (let k = 0; k < 2; k++) {
      const pb = Math.min(1, p.blowoutProbability * (k ? p.scarBlowout : 1) * depth ** p.depthBlowoutPower);
      blow16[k * n + c] = Math.ceil(pb * 65536);
      blow10[k * n + c] = Math.ceil(pb * 1024);
    }
    const a = day - days[c]!;
    if (!(a >= 0)) continue; // not yet deposited: the kernel never reads this clock
    const y = a / 365;
    const s1 = smoothstep(p.shedStartDays, p.shedEndDays, a);
    const s2 = smoothstep(p.ghostEndDays, p.healedDays, a);
    // settling starts once healed: the healed look is retention's alone, then it settles over the months after
    const settle = a > p.healedDays ? 1 - p.settleLoss * (1 - Math.exp(-(a - p.healedDays) / p.settleTauDays)) : 1;
    const shallow = depth < 1 ? 1 - p.shallowLoss * (1 - depth) : 1;
    w0[c] = settle * p.scabDarken * (1 - s1);
    w1[c] = settle * shallow * (p.ghostShare * s1 * (1 - s2) + s2);
    const needle = needleFadeOf(p, v.needlePoints);
    for (let k = 0; k < 2; k++) {
      logFade[k * n + c] = -rates[k]! * needle * y;
      logFadeHair[k * n + c] = -rates[k]! * (plan.hairline ? hairNeedle : needle) * y;
    }
    scab[c] = 1 + p.scabGrow * (1 - s1);
    crisp[c] = p.scabSoftness + (1 - p.scabSoftness) * s1;
    spread[c] = 1 + p.spreadMax * (1 - Math.exp(-y / p.spreadTauYears));
    soft[c] = 1 - (1 - p.softness) * Math.exp(-p.softnessPerYear * y);
    drift[c] = hd.tauYears > 0 ? 1 - Math.exp(-y / hd.tauYears) : 1;
    blow[c] = smoothstep(0, p.blowoutOnsetDays, a);
    redness[c] = 1 - smoothstep(0, p.rednessDays, a);
  }
  let touchUpsDone = 0;
  while (touchUpsDone < plan.touchUps.length && days[nS + touchUpsDone]! <= day) touchUpsDone++;
  const invLayerShade = mk();
  for (let l = 0; l < n; l++) {
    const s = visit(l).shade;
    invLayerShade[l] = s > 0 ? 1 / s : 0;
  }
  const pick = new Float64Array(plan.touchUps.length);
  const dose = new Float64Array(plan.touchUps.length);
  plan.touchUps.forEach((t, i) => {
    pick[i] = t.redarkenShare * 4096;
    dose[i] = t.shade * p.redarkenDose;
  });
  const regionSun = new Uint8Array(MAX_REGION_SUN);
  plan.regions.forEach((r, i) => (regionSun[i] = Math.round(Math.min(2.55, Math.max(0, r.sunExposure ?? 1)) * 100)));
  const hueRad = (p.blowoutHue * Math.PI) / 180;
  return {
    day,
    clocks: n,
    sessions: nS,
    touchUpsDone,
    clockDay: days,
    w0, w1, logFade, logFadeHair, scab, crisp, spread, soft, drift, blow, redness,
    invLayerShade,
    pick,
    dose,
    blow16,
    blow10,
    retMean: Float64Array.of(p.retention, p.retention * p.scarRetention),
    retSpread: Float64Array.of(p.retentionSpread, p.retentionSpread * p.scarRetentionSpread),
    baseChroma: p.chroma[plan.pigment.kind],
    driftHue: hd.targetHue,
    driftAmount: hd.amount,
    driftChroma: hd.chroma,
    blowA: p.blowoutChroma * Math.cos(hueRad),
    blowB: p.blowoutChroma * Math.sin(hueRad),
    uvVertexX: p.uvVertexMm[0],
    uvVertexY: p.uvVertexMm[1],
    uvInvRadius: 1 / p.uvHeadRadiusMm,
    uvDiffuse: p.uvDiffuse,
    uvBase: 1 - p.uvShare,
    uvGain: (p.uvShare * p.sun[plan.skin.sun]) / p.uvReference,
    regionSun,
    areaSeed: deriveSeed32(plan.seed, 'aging-area'),
    areaSpread: p.areaRetentionSpread,
    areaInvScale: 1 / p.areaScaleMm,
  };
}

/** Throws a RangeError unless day is a finite number of days. */
function checkDay(where: string, day: number): void {
  if (typeof day !== 'number' || !Number.isFinite(day) || Math.abs(day) > 1e6)
    throw new ArgumentError(`${where}: day`, day, 'expected a finite number of days within ±1e6');
}

/**
 * Relative UV dose by place on the scalp map (mm), 0–1: 1 where the head faces the sky (params.uvVertexMm), less
 * toward the front, sides and back: diffuse·(1 + cos θ)/2 + (1 − diffuse)·max(0, cos θ), θ = distance / head radius.
 * cos θ is its Taylor polynomial to θ⁶ (within 0.3 % over the scalp, θ < 2.2), so the CPU and a GPU agree to float32
 * rounding where GPU cosines are coarse.
 */
export function uvExposure(x: number, y: number, params: AgingParams = DEFAULT_AGING): number {
  const dx = x - params.uvVertexMm[0];
  const dy = y - params.uvVertexMm[1];
  const inv = 1 / params.uvHeadRadiusMm;
  return exposureOf((dx * dx + dy * dy) * inv * inv, params.uvDiffuse);
}

/** exposure from u = θ² (see uvExposure); the GLSL port repeats it operation for operation. */
function exposureOf(u: number, diffuse: number): number {
  let c = 1 + u * (-0.5 + u * (1 / 24 - u * (1 / 720)));
  c = c < -1 ? -1 : c;
  return diffuse * 0.5 * (1 + c) + (1 - diffuse) * (c > 0 ? c : 0);
}

/** Smooth value noise in [−1, 1] over the scalp map (lattice spacing 1 / invScale mm), from a 32-bit seed. */
export function areaNoise(seed: number, x: number, y: number, invScale: number): number {
  const gx = x * invScale;
  const gy = y * invScale;
  const fx = Math.floor(gx);
  const fy = Math.floor(gy);
  const ix = fx | 0;
  const iy = fy | 0;
  let tx = gx - fx;
  let ty = gy - fy;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const L = (i: number, j: number) => (hash2local(hash2local(seed, i), j) >>> 8) * (2 / 16777216) - 1;
  const a = L(ix, iy);
  const b = L(ix + 1, iy);
  const c = L(ix, iy + 1);
  const d = L(ix + 1, iy + 1);
  return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

/** Per-dot place factors: fade-rate multiplier m and retention multiplier q (see the file comment). */
export interface LocalFactors {
  fadeMul: Float32Array;
  retMul: Float32Array;
}

const localCache = new WeakMap<Dots, { key: string; value: LocalFactors }>();

/**
 * Every dot's place factors for these tables (cached per dots object and the tables' place fields, so a timeline or
 * a coverage curve computes them once). Float32, as the GPU computes them.
 */
export function localFactors(dots: Dots, T: AgingTables): LocalFactors {
  const key = [T.uvVertexX, T.uvVertexY, T.uvInvRadius, T.uvDiffuse, T.uvBase, T.uvGain, T.areaSeed, T.areaSpread, T.areaInvScale, T.regionSun.join(',')].join(';');
  const hit = localCache.get(dots);
  if (hit && hit.key === key && hit.value.fadeMul.length === dots.count) return hit.value;
  const n = dots.count;
  const fadeMul = new Float32Array(n);
  const retMul = new Float32Array(n);
  const { xy, region } = dots;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    const dx = (x - T.uvVertexX) * T.uvInvRadius;
    const dy = (y - T.uvVertexY) * T.uvInvRadius;
    const e = exposureOf(dx * dx + dy * dy, T.uvDiffuse);
    fadeMul[i] = T.uvBase + T.uvGain * e * (T.regionSun[region[i]!]! * 0.01);
    retMul[i] = T.areaSpread > 0 ? 1 + T.areaSpread * areaNoise(T.areaSeed, x, y, T.areaInvScale) : 1;
  }
  const value = { fadeMul, retMul };
  localCache.set(dots, { key, value });
  return value;
}

/** The treated skin's redness on `day`, 0–1: the strongest of every visit's (DOMAIN "Healing": day 0–2 red). */
export function rednessAt(plan: Plan, day: number, params: AgingParams = DEFAULT_AGING): number {
  const T = agingTables(plan, day, params);
  let r = 0;
  for (let c = 0; c < T.clocks; c++) if (day >= T.clockDay[c]!) r = Math.max(r, T.redness[c]!);
  return r;
}

/** Allocates an Appearance for `count` dots (all zero). */
export function allocAppearance(count: number): Appearance {
  return {
    day: 0,
    opacity: new Float32Array(count),
    radius: new Float32Array(count),
    hue: new Float32Array(count),
    chroma: new Float32Array(count),
    softness: new Float32Array(count),
  };
}

/**
 * How every dot looks on `day` (days after the first session; fractional allowed). Dots not yet deposited have
 * opacity 0 (and their healed radius). Writes into `out` when given (its arrays are replaced if their length is
 * not dots.count). Pure: same inputs → same bytes.
 */
export function appearanceAt(
  dots: Dots,
  plan: Plan,
  day: number,
  params: AgingParams = DEFAULT_AGING,
  out?: Appearance,
): Appearance {
  const valid = checkedPlan(plan);
  checkDay('appearanceAt', day);
  const p = checkedParams('appearanceAt: params', params);
  checkedDots('appearanceAt: dots', dots, valid);
  const n = dots.count;
  if (out === undefined) out = allocAppearance(n);
  else {
    obj('appearanceAt: out', out);
    const fits = (a: unknown) => a instanceof Float32Array && a.length === n;
    if (!(fits(out.opacity) && fits(out.radius) && fits(out.hue) && fits(out.chroma) && fits(out.softness))) Object.assign(out, allocAppearance(n));
  }
  out.day = day;
  evaluate(dots, agingTablesValid(valid, day, p), p, out, 0, n);
  return out;
}

/** The kernel: dots [i0, i1) into `out` at the same indices. Layers are contiguous, so per-layer values are loop constants. */
export function evaluate(dots: Dots, T: AgingTables, p: AgingParams, out: Appearance, i0: number, i1: number): void {
  const { seed, shade, radius, hue, flags, layerStart } = dots;
  const { opacity: oOp, radius: oRad, hue: oHue, chroma: oChroma, softness: oSoft } = out;
  const { clockDay, w0, w1, logFade, logFadeHair, scab, crisp, spread, soft, drift, blow, invLayerShade, pick, dose, blow16, blow10 } = T;
  const { fadeMul, retMul } = localFactors(dots, T);
  // module bindings read once: transpilers (tsx, vite) turn each use of an import into a getter call
  const hash = hash2local;
  const exp = Math.exp;
  const SCAR = FLAG_SCAR;
  const HAIR = FLAG_HAIRLINE;
  const nS = T.sessions;
  const nC = T.clocks;
  const tuDone = T.touchUpsDone;
  const day = T.day;
  const baseChroma = T.baseChroma;
  const driftHue = T.driftHue;
  const driftAmount = T.driftAmount;
  const driftChroma = T.driftChroma;
  const blowA = T.blowA;
  const blowB = T.blowB;
  const grow = 1 + p.redarkenGrow;
  const blowDim = 1 - p.blowoutOpacity;
  const blowGrow = p.blowoutGrow;
  const blowSoft = p.blowoutSoftness;
  const blowCool = p.blowoutCool;
  const rmN = T.retMean[0]!, rmS = T.retMean[1]!;
  const rsN = T.retSpread[0]!, rsS = T.retSpread[1]!;
  const DEG = Math.PI / 180;
  const R16 = 2 / 65536;
  const R10 = 2 / 1024;
  for (let l = 0; l < nC; l++) {
    const a0 = Math.max(i0, layerStart[l]!);
    const a1 = Math.min(i1, layerStart[l + 1]!);
    if (a0 >= a1) continue;
    if (!(day >= clockDay[l]!)) {
      // not yet deposited
      oOp.fill(0, a0, a1);
      oRad.set(radius.subarray(a0, a1), a0);
      oHue.set(hue.subarray(a0, a1), a0);
      oChroma.fill(baseChroma, a0, a1);
      oSoft.fill(p.softness, a0, a1);
      continue;
    }
    const w0l = w0[l]!, w1l = w1[l]!;
    const lN = logFade[l]!, lS = logFade[nC + l]!, lHN = logFadeHair[l]!, lHS = logFadeHair[nC + l]!;
    const btN = blow16[l]!, btS = blow16[nC + l]!;
    const radL = spread[l]!, softL = soft[l]!, driftL = drift[l]!, blowL = blow[l]!;
    const scabL = scab[l]!, crispL = crisp[l]!, invShade = invLayerShade[l]!;
    const t0 = l >= nS ? l - nS + 1 : 0;
    for (let i = a0; i < a1; i++) {
      const h = seed[i]!;
      const f = flags[i]!;
      const sc = f & SCAR;
      const k = sc ? nC : 0; // class offset into per-class tables
      const hairDot = f & HAIR;
      const lt = hairDot ? logFadeHair : logFade;
      const rm = sc ? rmS : rmN;
      const rs = sc ? rsS : rsN;
      const m = fadeMul[i]!;
      const q = retMul[i]!;
      const s = shade[i]!;
      // birth deposit: retention from the low 16 bits, blowout from the high 16 bits of one hash
      const v = hash(h, SALT_BIRTH);
      let R = rm * (1 + rs * (((v & 0xffff) + 0.5) * R16 - 1)) * q;
      R = R < 0 ? 0 : R > 1 ? 1 : R;
      let o = s * (w0l + w1l * R) * exp((hairDot ? (sc ? lHS : lHN) : sc ? lS : lN) * m);
      if (o > 1) o = 1;
      let trans = 1 - o;
      let sum = o;
      let dsum = o * driftL;
      let bl = v >>> 16 < (sc ? btS : btN) ? blowL : 0;
      let g = 1;
      let ra2 = 0;
      let redarkened = 0;
      let scabF = scabL;
      let crispF = crispL;
      // touch-ups after this dot's birth that have happened: each re-darkens it with probability redarkenShare
      for (let t = t0; t < tuDone; t++) {
        // one hash per touch-up: pick from bits 0–11, retention from bits 12–21, blowout from bits 22–31
        const u = hash(h, SALT_PICK + t);
        if ((u & 0xfff) >= pick[t]!) continue;
        const c = nS + t;
        let R2 = rm * (1 + rs * ((((u >>> 12) & 0x3ff) + 0.5) * R10 - 1)) * q;
        R2 = R2 < 0 ? 0 : R2 > 1 ? 1 : R2;
        let o2 = dose[t]! * s * invShade * (w0[c]! + w1[c]! * R2) * exp(lt[k + c]! * m);
        if (o2 > 1) o2 = 1;
        trans *= 1 - o2;
        sum += o2;
        dsum += o2 * drift[c]!;
        if (u >>> 22 < blow10[k + c]! && blow[c]! > bl) bl = blow[c]!;
        scabF = scab[c]!;
        crispF = crisp[c]!;
        g *= grow;
        redarkened++;
        const re = spread[c]! * g;
        ra2 += o2 * re * re;
      }
      oOp[i] = (1 - trans) * (1 - blowDim * bl);
      // one disc for all deposits: the darkness-weighted mean of their areas (a faded, spread old dot under a fresh one)
      const rel = redarkened === 0 ? radL : sum > 0 ? Math.sqrt((o * radL * radL + ra2) / sum) : radL * g;
      oRad[i] = radius[i]! * rel * scabF * (1 + blowGrow * bl);
      oSoft[i] = (1 - (1 - softL) * (1 - blowSoft * bl)) * crispF;
      const d = sum > 0 ? dsum / sum : driftL;
      const h0 = hue[i]!;
      let hh = h0;
      if (driftAmount > 0) {
        let dh = driftHue - h0;
        dh = dh > 180 ? dh - 360 : dh < -180 ? dh + 360 : dh;
        hh += dh * driftAmount * d;
      }
      let ch = baseChroma + driftChroma * d;
      if (bl > 0) {
        // the blue halo mixed in OkLab (a, b): the pigment's own chroma hidden by cool·bl, the halo's added by bl
        const keep = (1 - blowCool * bl) * ch;
        const A = keep * Math.cos(hh * DEG) + blowA * bl;
        const B = keep * Math.sin(hh * DEG) + blowB * bl;
        ch = Math.sqrt(A * A + B * B);
        hh = Math.atan2(B, A) / DEG;
      }
      oHue[i] = hh >= 360 ? hh - 360 : hh < 0 ? hh + 360 : hh;
      oChroma[i] = ch > 1 ? 1 : ch;
    }
  }
}
