// The aging kernel (evaluate in src/aging/appearance.ts) as GLSL ES 3.00, for a vertex shader: the same
// lowbias32 hash in highp uint arithmetic, the same salts and bit slices, the same operation order, so a dot's
// appearance on the GPU matches appearanceAt's to float32 rounding (test/aging-glsl.browser.test.ts checks every
// dot). Pure: no DOM, no Pixi; the renderer or any WebGL2 program includes AGING_GLSL and uploads agingUniforms.
//
// Per-clock tables go up packed four to a vec4 (a float array costs a whole vec4 slot per element on most GPUs,
// and ES 3.0 only promises 256 vertex uniform vectors): about 180 vectors in all. Each dot's place factors (UV
// exposure by position, its region's sun factor, the smooth area noise) are computed here from its position and
// region as localFactors computes them on the CPU. The CPU's float comparisons
// against thresholds (pick, blowout, "deposited yet?") are made exact integer ones here: for an integer k,
// k < p ⇔ k < ⌈p⌉, and day ≥ clockDay becomes a bit mask computed in float64 on the CPU.
import { FLAG_HAIRLINE, FLAG_SCAR } from '../dots.js';
import type { AgingParams } from '../aging/params.js';
import { type AgingTables, MAX_REGION_SUN, SALT_BIRTH, SALT_PICK } from '../aging/appearance.js';

/** Most clocks (layers) a plan can have: plan.ts allows 12 sessions and 12 touch-ups. */
export const MAX_CLOCKS = 24;

/** [name, GLSL type, array length or 0, what it holds (ASCII: it ends up in the shader)]: the one list behind the declarations and AGING_UNIFORM_TYPES. */
const UNIFORMS = [
  ['smpHeal', 'vec4', MAX_CLOCKS, 'per clock: w0, w1, log2 fade on skin, log2 fade on scar'],
  ['smpHair', 'vec4', MAX_CLOCKS, 'per clock: log2 fade on skin, on scar, for hairline dots (hairline needle); 0, 0'],
  ['smpBlow', 'vec4', MAX_CLOCKS, 'per clock: blowout when hash bits 16-31 (birth) or 22-31 (re-darkening) are below: skin16, scar16, skin10, scar10'],
  ['smpShape', 'vec4', MAX_CLOCKS, 'per clock: scab, crisp, spread, soft'],
  ['smpTone', 'vec4', MAX_CLOCKS, 'per clock: drift, blow, invLayerShade, re-darkening dose (touch-up clocks)'],
  ['smpPick', 'int', MAX_CLOCKS, 'per touch-up clock: ceil(redarkenShare * 4096): re-darkened when hash bits 0-11 are below it (int: uint arrays have no setter in Pixi)'],
  ['smpRegionSun', 'ivec4', MAX_REGION_SUN / 16, 'per region: sunExposure in hundredths, one byte each, 16 to an ivec4'],
  ['smpRetMean', 'vec2', 0, 'mean healed retention on skin, scar'],
  ['smpRetSpread', 'vec2', 0, 'retention spread on skin, scar'],
  ['smpUv', 'vec4', 0, 'vertex x, y (mm), 1 / head radius (1/mm), diffuse share'],
  ['smpUvMix', 'vec4', 0, 'fade multiplier base, gain per exposure; area retention spread, 1 / area scale (1/mm)'],
  ['smpAreaSeed', 'uint', 0, 'seed of the area retention noise'],
  ['smpBlowAB', 'vec2', 0, 'the blue halo (a, b) at full blowout'],
  ['smpSessions', 'uint', 0, 'sessions in the plan (clocks at or above it are touch-ups)'],
  ['smpTouchUpsDone', 'uint', 0, 'touch-ups done by the day'],
  ['smpDeposited', 'uint', 0, 'bit l set when layer l is deposited by the day'],
  ['smpBaseChroma', 'float', 0, "the pigment's base chroma"],
  ['smpDriftHue', 'float', 0, 'hue the pigment drifts toward, degrees'],
  ['smpDriftAmount', 'float', 0, 'share of the way to smpDriftHue at full drift'],
  ['smpDriftChroma', 'float', 0, 'chroma added at full drift'],
  ['smpGrow', 'float', 0, '1 + redarkenGrow'],
  ['smpBlowDim', 'float', 0, '1 - blowoutOpacity'],
  ['smpBlowGrow', 'float', 0, 'blowoutGrow'],
  ['smpBlowSoft', 'float', 0, 'blowoutSoftness'],
  ['smpBlowCool', 'float', 0, 'blowoutCool'],
  ['smpSoftness', 'float', 0, 'healed softness (of dots not yet deposited)'],
] as const;

type UniformName = (typeof UNIFORMS)[number][0];

/** agingUniforms' result, keyed by GLSL uniform name: arrays and vectors as typed arrays, scalars as numbers. */
export interface AgingUniforms {
  smpHeal: Float32Array;
  smpHair: Float32Array;
  smpBlow: Float32Array;
  smpShape: Float32Array;
  smpTone: Float32Array;
  smpPick: Int32Array;
  smpRegionSun: Int32Array;
  smpRetMean: Float32Array;
  smpRetSpread: Float32Array;
  smpUv: Float32Array;
  smpUvMix: Float32Array;
  smpAreaSeed: number;
  smpBlowAB: Float32Array;
  smpSessions: number;
  smpTouchUpsDone: number;
  smpDeposited: number;
  smpBaseChroma: number;
  smpDriftHue: number;
  smpDriftAmount: number;
  smpDriftChroma: number;
  smpGrow: number;
  smpBlowDim: number;
  smpBlowGrow: number;
  smpBlowSoft: number;
  smpBlowCool: number;
  smpSoftness: number;
}
// the interface and the declaration list name the same uniforms (a compile error otherwise)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type NamesMatch = Assert<Same<keyof AgingUniforms, UniformName>>;

/** GLSL type of each uniform ('float', 'uint', 'vec2', 'vec4', 'vec4[24]', 'int[24]', 'ivec4[16]'): picks the gl.uniform* call. */
export const AGING_UNIFORM_TYPES: Readonly<Record<UniformName, string>> = Object.freeze(
  Object.fromEntries(UNIFORMS.map(([name, type, n]) => [name, n ? `${type}[${n}]` : type])) as Record<UniformName, string>,
);

const u = (x: number): string => `0x${(x >>> 0).toString(16)}u`;

/**
 * GLSL ES 3.00 (no #version line) for a vertex shader: the uniforms above and
 * `void smpAging(uint seed, float shade, float radius0, float hue0, uint layer, uint flags, vec2 xy, uint region,
 *   out float opacity, out float radius, out float hue, out float chroma, out float softness)`,
 * taking a dot's Dots fields (layer = dots.layer, xy its position in mm) and giving its appearanceAt values.
 */
export const AGING_GLSL = `${UNIFORMS.map(([name, type, n, doc]) => `uniform highp ${type} ${name}${n ? `[${n}]` : ''}; // ${doc}`).join('\n')}

highp uint smpHash(highp uint a, highp uint b) {
  highp uint x = (a ^ (b * 0x9e3779b9u)) + 0x632be5abu;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

highp float smpWrap180(highp float dh) {
  return dh > 180.0 ? dh - 360.0 : dh < -180.0 ? dh + 360.0 : dh;
}

highp float smpLattice(highp int i, highp int j) {
  return float(smpHash(smpHash(smpAreaSeed, uint(i)), uint(j)) >> 8u) * (2.0 / 16777216.0) - 1.0;
}

// smooth value noise in [-1, 1] (areaNoise)
highp float smpAreaNoise(highp vec2 p) {
  highp vec2 g = p * smpUvMix.w;
  highp vec2 f = floor(g);
  highp int ix = int(f.x);
  highp int iy = int(f.y);
  highp vec2 t = g - f;
  t = t * t * (3.0 - 2.0 * t);
  highp float a = smpLattice(ix, iy);
  highp float b = smpLattice(ix + 1, iy);
  highp float c = smpLattice(ix, iy + 1);
  highp float d = smpLattice(ix + 1, iy + 1);
  highp float ab = a + (b - a) * t.x;
  return ab + ((c + (d - c) * t.x) - ab) * t.y;
}

void smpAging(highp uint seed, highp float shade, highp float radius0, highp float hue0, highp uint layer, highp uint flags,
    highp vec2 xy, highp uint region,
    out highp float opacity, out highp float radius, out highp float hue, out highp float chroma, out highp float softness) {
  if (((smpDeposited >> layer) & 1u) == 0u) {
    opacity = 0.0;
    radius = radius0;
    hue = hue0;
    chroma = smpBaseChroma;
    softness = smpSoftness;
    return;
  }
  bool scar = (flags & ${FLAG_SCAR}u) != 0u;
  bool hair = (flags & ${FLAG_HAIRLINE}u) != 0u;
  // the dot's place: UV fade multiplier m and area retention multiplier q (localFactors)
  highp vec2 dv = (xy - smpUv.xy) * smpUv.z;
  highp float uu = dv.x * dv.x + dv.y * dv.y;
  highp float cz = max(1.0 + uu * (-0.5 + uu * (1.0 / 24.0 - uu * (1.0 / 720.0))), -1.0);
  highp float expo = smpUv.w * 0.5 * (1.0 + cz) + (1.0 - smpUv.w) * max(cz, 0.0);
  highp uint sunWord = uint(smpRegionSun[int(region >> 4u)][int((region >> 2u) & 3u)]);
  highp float sun = float((sunWord >> (8u * (region & 3u))) & 0xffu) * 0.01;
  highp float m = smpUvMix.x + smpUvMix.y * expo * sun;
  highp float q = smpUvMix.z > 0.0 ? 1.0 + smpUvMix.z * smpAreaNoise(xy) : 1.0;
  highp float rm = scar ? smpRetMean.y : smpRetMean.x;
  highp float rs = scar ? smpRetSpread.y : smpRetSpread.x;
  highp vec4 heal = smpHeal[layer];
  highp vec4 shape = smpShape[layer];
  highp vec4 tone = smpTone[layer];
  highp vec4 blowL = smpBlow[layer];
  highp vec4 hairL = smpHair[layer];
  highp uint v = smpHash(seed, ${u(SALT_BIRTH)});
  highp float R = clamp(rm * (1.0 + rs * ((float(v & 0xffffu) + 0.5) * (2.0 / 65536.0) - 1.0)) * q, 0.0, 1.0);
  highp float lf = hair ? (scar ? hairL.y : hairL.x) : (scar ? heal.w : heal.z);
  highp float o = min(shade * (heal.x + heal.y * R) * exp2(lf * m), 1.0);
  highp float trans = 1.0 - o;
  highp float sum = o;
  highp float dsum = o * tone.x;
  highp float bl = float(v >> 16u) < (scar ? blowL.y : blowL.x) ? tone.y : 0.0;
  highp float g = 1.0;
  highp float ra2 = 0.0;
  bool redarkened = false;
  highp float scabF = shape.x;
  highp float crispF = shape.y;
  for (highp uint t = layer >= smpSessions ? layer - smpSessions + 1u : 0u; t < smpTouchUpsDone; t++) {
    highp uint h = smpHash(seed, ${u(SALT_PICK)} + t);
    highp uint c = smpSessions + t;
    if (int(h & 0xfffu) >= smpPick[c]) continue;
    highp vec4 hc = smpHeal[c];
    highp vec4 sc = smpShape[c];
    highp vec4 tc = smpTone[c];
    highp vec4 bc = smpBlow[c];
    highp vec4 hh2 = smpHair[c];
    highp float R2 = clamp(rm * (1.0 + rs * ((float((h >> 12u) & 0x3ffu) + 0.5) * (2.0 / 1024.0) - 1.0)) * q, 0.0, 1.0);
    highp float lf2 = hair ? (scar ? hh2.y : hh2.x) : (scar ? hc.w : hc.z);
    highp float o2 = min(tc.w * shade * tone.z * (hc.x + hc.y * R2) * exp2(lf2 * m), 1.0);
    trans *= 1.0 - o2;
    sum += o2;
    dsum += o2 * tc.x;
    if (float(h >> 22u) < (scar ? bc.w : bc.z) && tc.y > bl) bl = tc.y;
    scabF = sc.x;
    crispF = sc.y;
    g *= smpGrow;
    redarkened = true;
    highp float re = sc.z * g;
    ra2 += o2 * re * re;
  }
  opacity = (1.0 - trans) * (1.0 - smpBlowDim * bl);
  highp float rel = !redarkened ? shape.z : sum > 0.0 ? sqrt((o * shape.z * shape.z + ra2) / sum) : shape.z * g;
  radius = radius0 * rel * scabF * (1.0 + smpBlowGrow * bl);
  softness = (1.0 - (1.0 - shape.w) * (1.0 - smpBlowSoft * bl)) * crispF;
  highp float d = sum > 0.0 ? dsum / sum : tone.x;
  highp float hh = hue0;
  if (smpDriftAmount > 0.0) hh += smpWrap180(smpDriftHue - hue0) * smpDriftAmount * d;
  highp float ch = smpBaseChroma + smpDriftChroma * d;
  if (bl > 0.0) {
    // the blue halo mixed in OkLab (a, b)
    highp float keep = (1.0 - smpBlowCool * bl) * ch;
    highp float rad = hh * 0.017453292519943295;
    highp float A = keep * cos(rad) + smpBlowAB.x * bl;
    highp float B = keep * sin(rad) + smpBlowAB.y * bl;
    ch = sqrt(A * A + B * B);
    hh = atan(B, A) * 57.29577951308232;
  }
  hue = hh >= 360.0 ? hh - 360.0 : hh < 0.0 ? hh + 360.0 : hh;
  chroma = min(ch, 1.0);
}
`;

/** A zeroed AgingUniforms (agingUniforms fills one in place). */
export function allocAgingUniforms(): AgingUniforms {
  const clocks4 = () => new Float32Array(4 * MAX_CLOCKS);
  return {
    smpHeal: clocks4(),
    smpHair: clocks4(),
    smpBlow: clocks4(),
    smpShape: clocks4(),
    smpTone: clocks4(),
    smpPick: new Int32Array(MAX_CLOCKS),
    smpRegionSun: new Int32Array(MAX_REGION_SUN / 4),
    smpRetMean: new Float32Array(2),
    smpRetSpread: new Float32Array(2),
    smpUv: new Float32Array(4),
    smpUvMix: new Float32Array(4),
    smpAreaSeed: 0,
    smpBlowAB: new Float32Array(2),
    smpSessions: 0,
    smpTouchUpsDone: 0,
    smpDeposited: 0,
    smpBaseChroma: 0,
    smpDriftHue: 0,
    smpDriftAmount: 0,
    smpDriftChroma: 0,
    smpGrow: 1,
    smpBlowDim: 0,
    smpBlowGrow: 0,
    smpBlowSoft: 0,
    smpBlowCool: 0,
    smpSoftness: 0,
  };
}

/**
 * AGING_GLSL's uniforms for one instant, from agingTables(plan, day, params) and the same params: typed arrays
 * padded to MAX_CLOCKS (Float32Array, Int32Array, Uint32Array) and numbers, keyed by uniform name. Writes into `out` when
 * given. Throws a RangeError for tables with more than MAX_CLOCKS clocks.
 */
export function agingUniforms(tables: AgingTables, params: AgingParams, out: AgingUniforms = allocAgingUniforms()): AgingUniforms {
  const T = tables;
  const n = T.clocks;
  if (n > MAX_CLOCKS) throw new RangeError(`agingUniforms: ${n} clocks (sessions + touch-ups), the shader holds at most ${MAX_CLOCKS}`);
  const { smpHeal: heal, smpHair: hair, smpBlow: blow, smpShape: shape, smpTone: tone, smpPick: pick } = out;
  heal.fill(0);
  hair.fill(0);
  blow.fill(0);
  shape.fill(0);
  tone.fill(0);
  pick.fill(0);
  let deposited = 0;
  for (let c = 0; c < n; c++) {
    // the fades in log2: GPUs' exp2 is their exact exponential (exp is exp2 of a rounded product)
    heal.set([T.w0[c]!, T.w1[c]!, T.logFade[c]! / Math.LN2, T.logFade[n + c]! / Math.LN2], 4 * c);
    hair.set([T.logFadeHair[c]! / Math.LN2, T.logFadeHair[n + c]! / Math.LN2, 0, 0], 4 * c);
    blow.set([T.blow16[c]!, T.blow16[n + c]!, T.blow10[c]!, T.blow10[n + c]!], 4 * c);
    shape.set([T.scab[c]!, T.crisp[c]!, T.spread[c]!, T.soft[c]!], 4 * c);
    const t = c - T.sessions;
    tone.set([T.drift[c]!, T.blow[c]!, T.invLayerShade[c]!, t >= 0 ? T.dose[t]! : 0], 4 * c);
    if (t >= 0) pick[c] = Math.ceil(T.pick[t]!);
    if (T.day >= T.clockDay[c]!) deposited |= 1 << c;
  }
  out.smpRetMean.set(T.retMean);
  out.smpRetSpread.set(T.retSpread);
  const sun = out.smpRegionSun;
  sun.fill(0);
  for (let r = 0; r < MAX_REGION_SUN; r++) sun[r >> 2] = sun[r >> 2]! | (T.regionSun[r]! << (8 * (r & 3)));
  out.smpUv.set([T.uvVertexX, T.uvVertexY, T.uvInvRadius, T.uvDiffuse]);
  out.smpUvMix.set([T.uvBase, T.uvGain, T.areaSpread, T.areaInvScale]);
  out.smpAreaSeed = T.areaSeed >>> 0;
  out.smpBlowAB.set([T.blowA, T.blowB]);
  out.smpSessions = T.sessions;
  out.smpTouchUpsDone = T.touchUpsDone;
  out.smpDeposited = deposited >>> 0;
  out.smpBaseChroma = T.baseChroma;
  out.smpDriftHue = T.driftHue;
  out.smpDriftAmount = T.driftAmount;
  out.smpDriftChroma = T.driftChroma;
  out.smpGrow = 1 + params.redarkenGrow;
  out.smpBlowDim = 1 - params.blowoutOpacity;
  out.smpBlowGrow = params.blowoutGrow;
  out.smpBlowSoft = params.blowoutSoftness;
  out.smpBlowCool = params.blowoutCool;
  out.smpSoftness = params.softness;
  return out;
}
