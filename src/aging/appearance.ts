// appearanceAt(dots, plan, day): every dot's opacity, radius, hue, chroma and softness at one instant.
//
// Closed form per dot, so a shader can evaluate it from the same per-dot attributes and a time uniform.
// Every deposit event has a clock: a layer's day (sessions[l].day, or touchUps[t].year·365 for a touch-up
// layer). All functions of time (healing curve, fade, spread, drift, blowout ramp) depend only on
// (clock, tissue class) and are tabulated once per call (≤ 24 clocks × 2 classes); per dot the kernel does
// one integer hash, one more per touch-up done since its birth, and a few multiply-adds, with no exp/pow.
//
// Per dot (shade s, radius r0, hue h0 from simulate; R its healed retention from dots.seed):
//   deposit opacity  o_e = min(1, dose_e · (w0(a) + w1(a)·R_e) · F_k(a))      a = day − clock of event e
//   healing          w0 = scabDarken·(1 − S(7,10,a)),  w1 = ghostShare·S(7,10,a)·(1 − S(28,42,a)) + S(28,42,a)
//   fade             F_k = (1 − settleLoss·(1 − e^(−a/settleTau))) · e^(−rate_k·a/365)
//   dot opacity      1 − Π_e (1 − o_e), × (1 − (1 − blowoutOpacity)·blowout)
//   radius           r0 · √(Σ_e o_e·ρ_e² / Σ_e o_e) · scab(last) · (1 + blowoutGrow·blowout)
//                    ρ_e = (1 + spreadMax·(1 − e^(−years_e/spreadTau))) · (1 + redarkenGrow)^k_e
// where the events e are the dot's birth (k = 0) and each touch-up that re-darkens it (chosen by hash of
// dots.seed with probability redarkenShare; k = 1, 2, … in order), years_e the age of that deposit: one disc
// whose area is the darkness-weighted mean of its deposits' areas. S is the smoothstep.
import { FLAG_SCAR, type Dots } from '../dots.js';
import { hash2 } from '../hash.js';
import type { Plan } from '../plan.js';
import type { Appearance } from './types.js';
import { type AgingParams, DEFAULT_AGING, fadeRate } from './params.js';

/** Hash salt of a dot's birth variates (retention, blowout); distinct from simulate's. The GLSL port uses it too. */
export const SALT_BIRTH = 0x41470000;
/** Hash salt of touch-up t's variates (SALT_PICK + t: re-darken pick, retention, blowout). */
export const SALT_PICK = 0x41471000;

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
 * its deposits; touch-up t's re-darkenings share clock sessions + t); fade is [class·clocks + c].
 */
export interface AgingTables {
  day: number;
  clocks: number;
  sessions: number;
  /** Touch-ups whose day is ≤ day (only these can have re-darkened a dot). */
  touchUpsDone: number;
  clockDay: Float64Array;
  w0: Float64Array;
  w1: Float64Array;
  fade: Float64Array;
  scab: Float64Array;
  crisp: Float64Array;
  spread: Float64Array;
  soft: Float64Array;
  drift: Float64Array;
  blow: Float64Array;
  /** Per layer: 1 / planned shade (to carry a dot's own shade variation into its re-darkening dose). */
  invLayerShade: Float64Array;
  /** Per touch-up: redarkenShare as a 12-bit threshold (share × 4096), and the re-darkening dose. */
  pick: Float64Array;
  dose: Float64Array;
  /** Per class (0 skin, 1 scar): mean retention, retention spread, blowout threshold (16-bit). */
  retMean: Float64Array;
  retSpread: Float64Array;
  blowThresh: Float64Array;
  baseChroma: number;
  driftHue: number;
  driftAmount: number;
  driftChroma: number;
}

/** Tabulates every function of time the kernel needs at `day` (a few hundred exp calls, independent of the dot count). */
export function agingTables(plan: Plan, day: number, params: AgingParams = DEFAULT_AGING): AgingTables {
  const p = params;
  const nS = plan.sessions.length;
  const days = layerDays(plan);
  const n = days.length;
  const mk = () => new Float64Array(n);
  const w0 = mk(), w1 = mk(), scab = mk(), crisp = mk(), spread = mk(), soft = mk(), drift = mk(), blow = mk();
  const fade = new Float64Array(2 * n);
  const rates = [fadeRate(plan, p, false), fadeRate(plan, p, true)];
  const hd = p.hueDrift[plan.pigment.kind];
  for (let c = 0; c < n; c++) {
    const a = day - days[c]!;
    if (!(a >= 0)) continue; // not yet deposited: the kernel never reads this clock
    const y = a / 365;
    const s1 = smoothstep(p.shedStartDays, p.shedEndDays, a);
    const s2 = smoothstep(p.ghostEndDays, p.healedDays, a);
    w0[c] = p.scabDarken * (1 - s1);
    w1[c] = p.ghostShare * s1 * (1 - s2) + s2;
    const settle = 1 - p.settleLoss * (1 - Math.exp(-a / p.settleTauDays));
    fade[c] = settle * Math.exp(-rates[0]! * y);
    fade[n + c] = settle * Math.exp(-rates[1]! * y);
    scab[c] = 1 + p.scabGrow * (1 - s1);
    crisp[c] = p.scabSoftness + (1 - p.scabSoftness) * s1;
    spread[c] = 1 + p.spreadMax * (1 - Math.exp(-y / p.spreadTauYears));
    soft[c] = 1 - (1 - p.softness) * Math.exp(-p.softnessPerYear * y);
    drift[c] = hd.tauYears > 0 ? 1 - Math.exp(-y / hd.tauYears) : 1;
    blow[c] = smoothstep(0, p.blowoutOnsetDays, a);
  }
  let touchUpsDone = 0;
  while (touchUpsDone < plan.touchUps.length && days[nS + touchUpsDone]! <= day) touchUpsDone++;
  const invLayerShade = mk();
  for (let l = 0; l < n; l++) {
    const s = l < nS ? plan.sessions[l]!.shade : plan.touchUps[l - nS]!.shade;
    invLayerShade[l] = s > 0 ? 1 / s : 0;
  }
  const pick = new Float64Array(plan.touchUps.length);
  const dose = new Float64Array(plan.touchUps.length);
  plan.touchUps.forEach((t, i) => {
    pick[i] = t.redarkenShare * 4096;
    dose[i] = t.shade * p.redarkenDose;
  });
  const pBlow = (k: number) => Math.min(1, p.blowoutProbability * (k ? p.scarBlowout : 1)) * 65536;
  return {
    day,
    clocks: n,
    sessions: nS,
    touchUpsDone,
    clockDay: days,
    w0, w1, fade, scab, crisp, spread, soft, drift, blow,
    invLayerShade,
    pick,
    dose,
    retMean: Float64Array.of(p.retention, p.retention * p.scarRetention),
    retSpread: Float64Array.of(p.retentionSpread, p.retentionSpread * p.scarRetentionSpread),
    blowThresh: Float64Array.of(pBlow(0), pBlow(1)),
    baseChroma: p.chroma[plan.pigment.kind],
    driftHue: hd.targetHue,
    driftAmount: hd.amount,
    driftChroma: hd.chroma,
  };
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
  const n = dots.count;
  if (!out) out = allocAppearance(n);
  else if (out.opacity.length !== n) Object.assign(out, allocAppearance(n));
  out.day = day;
  if (dots.sessions !== plan.sessions.length || dots.layerStart.length !== plan.sessions.length + plan.touchUps.length + 1)
    throw new RangeError(
      `appearanceAt: dots have ${dots.sessions} sessions and ${dots.layerStart.length - 1} layers, the plan ${plan.sessions.length} and ${plan.sessions.length + plan.touchUps.length}`,
    );
  evaluate(dots, agingTables(plan, day, params), params, out, 0, n);
  return out;
}

/** The kernel: dots [i0, i1) into `out` at the same indices. Layers are contiguous, so per-layer values are loop constants. */
export function evaluate(dots: Dots, T: AgingTables, p: AgingParams, out: Appearance, i0: number, i1: number): void {
  const { session, seed, shade, radius, hue, flags, layerStart } = dots;
  const { opacity: oOp, radius: oRad, hue: oHue, chroma: oChroma, softness: oSoft } = out;
  const { clockDay, w0, w1, fade, scab, crisp, spread, soft, drift, blow, invLayerShade, pick, dose } = T;
  // module bindings read once: transpilers (tsx, vite) turn each use of an import into a getter call
  const hash = hash2local;
  const SCAR = FLAG_SCAR;
  const nS = T.sessions;
  const nC = T.clocks;
  const tuDone = T.touchUpsDone;
  const day = T.day;
  const baseChroma = T.baseChroma;
  const driftHue = T.driftHue;
  const driftAmount = T.driftAmount;
  const driftChroma = T.driftChroma;
  const grow = 1 + p.redarkenGrow;
  const blowDim = 1 - p.blowoutOpacity;
  const blowGrow = p.blowoutGrow;
  const blowSoft = p.blowoutSoftness;
  const blowHue = p.blowoutHue;
  const blowCool = p.blowoutCool;
  const blowChroma = p.blowoutChroma;
  const rmN = T.retMean[0]!, rmS = T.retMean[1]!;
  const rsN = T.retSpread[0]!, rsS = T.retSpread[1]!;
  const btN = T.blowThresh[0]!, btS = T.blowThresh[1]!;
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
    const w0l = w0[l]!, w1l = w1[l]!, fN = fade[l]!, fS = fade[nC + l]!;
    const radL = spread[l]!, softL = soft[l]!, driftL = drift[l]!, blowL = blow[l]!;
    const scabL = scab[l]!, crispL = crisp[l]!, invShade = invLayerShade[l]!;
    const t0 = l >= nS ? l - nS + 1 : 0;
    for (let i = a0; i < a1; i++) {
      const h = seed[i]!;
      const sc = flags[i]! & SCAR;
      const rm = sc ? rmS : rmN;
      const rs = sc ? rsS : rsN;
      const bt = sc ? btS : btN;
      const bt10 = bt * (1 / 64);
      const s = shade[i]!;
      // birth deposit: retention from the low 16 bits, blowout from the high 16 bits of one hash
      const v = hash(h, SALT_BIRTH);
      let R = rm * (1 + rs * (((v & 0xffff) + 0.5) * R16 - 1));
      R = R < 0 ? 0 : R > 1 ? 1 : R;
      let o = s * (w0l + w1l * R) * (sc ? fS : fN);
      if (o > 1) o = 1;
      let trans = 1 - o;
      let sum = o;
      let dsum = o * driftL;
      let bl = v >>> 16 < bt ? blowL : 0;
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
        let R2 = rm * (1 + rs * ((((u >>> 12) & 0x3ff) + 0.5) * R10 - 1));
        R2 = R2 < 0 ? 0 : R2 > 1 ? 1 : R2;
        let o2 = dose[t]! * s * invShade * (w0[c]! + w1[c]! * R2) * fade[sc ? nC + c : c]!;
        if (o2 > 1) o2 = 1;
        trans *= 1 - o2;
        sum += o2;
        dsum += o2 * drift[c]!;
        if (u >>> 22 < bt10 && blow[c]! > bl) bl = blow[c]!;
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
      if (bl > 0) {
        let dh = blowHue - hh;
        dh = dh > 180 ? dh - 360 : dh < -180 ? dh + 360 : dh;
        hh += dh * blowCool * bl;
      }
      oHue[i] = hh >= 360 ? hh - 360 : hh < 0 ? hh + 360 : hh;
      const ch = baseChroma + driftChroma * d + blowChroma * bl;
      oChroma[i] = ch > 1 ? 1 : ch;
    }
  }
}
