// The aging kernel's GLSL port (src/render/aging-glsl.ts) on WebGL2 in headless Chromium (SwiftShader): a vertex
// shader runs smpAging for every dot, transform feedback captures its five outputs, and each is compared with
// appearanceAt on the CPU. Tolerances are float32 rounding: the CPU works in float64 and stores float32.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgingParams, type Appearance, type Dots, type Plan, type PlanInput, DEFAULT_AGING, agingParams, agingTables, appearanceAt, defaultPlanInput, simulate, validatePlan } from '../src/index.js';
import { FLAG_SCAR } from '../src/dots.js';
import { AGING_GLSL, AGING_UNIFORM_TYPES, MAX_CLOCKS, type AgingUniforms, agingUniforms } from '../src/render/index.js';

const YEAR = 365;
/** Days to compare: before, on the day of a session or touch-up (the ≥ edge), scab, ghosting, healed, years with touch-ups. */
const DAYS = [-1, 0, 3, 14, 20, 35, 60, 400, 3 * YEAR, 3.2 * YEAR, 6.5 * YEAR, 9.5 * YEAR];
const OUTPUTS = ['opacity', 'radius', 'hue', 'chroma', 'softness'] as const;
type Output = (typeof OUTPUTS)[number];
/**
 * Absolute tolerance, except radius (relative) and hue: the colour's distance in OkLab (a, b), chroma × the hue
 * difference in radians — a blowout's hue comes from atan(b, a) of a mix that can be nearly grey, where a tiny
 * (a, b) difference is a visible-to-nobody hue difference. Hue and chroma allow 5e-5: that mix takes GPU sin, cos and
 * atan, which are not correctly rounded (SwiftShader's err by ≈ 1e-5 at chroma 0.1).
 */
const TOL: Record<Output, number> = { opacity: 2e-5, radius: 1e-5, hue: 5e-5, chroma: 5e-5, softness: 2e-5 };

const VERTEX = `#version 300 es
${AGING_GLSL}
in highp uint aSeed;
in highp float aShade;
in highp float aRadius;
in highp float aHue;
in highp uint aLayer;
in highp uint aFlags;
in highp vec2 aXY;
in highp uint aRegion;
out highp float vOpacity;
out highp float vRadius;
out highp float vHue;
out highp float vChroma;
out highp float vSoftness;
void main() {
  smpAging(aSeed, aShade, aRadius, aHue, aLayer, aFlags, aXY, aRegion, vOpacity, vRadius, vHue, vChroma, vSoftness);
  gl_Position = vec4(0.0, 0.0, 0.0, 1.0);
  gl_PointSize = 1.0;
}`;
const FRAGMENT = `#version 300 es
precision mediump float;
out vec4 color;
void main() { color = vec4(0.0); }`;
const VARYINGS = ['vOpacity', 'vRadius', 'vHue', 'vChroma', 'vSoftness'];

let gl: WebGL2RenderingContext;
let program: WebGLProgram;

function compile(type: number, src: string): WebGLShader {
  const s = gl.createShader(type)!;
  gl.shaderSource(s, src);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
  return s;
}

beforeAll(() => {
  const ctx = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!ctx) throw new Error('no WebGL2 context');
  gl = ctx;
  program = gl.createProgram()!;
  gl.attachShader(program, compile(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, compile(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.transformFeedbackVaryings(program, VARYINGS, gl.INTERLEAVED_ATTRIBS);
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`link: ${gl.getProgramInfoLog(program)}`);
});

afterAll(() => {
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
});

/** Uploads agingUniforms' values with the gl.uniform* call each GLSL type needs. */
function setUniforms(u: AgingUniforms): void {
  for (const [name, type] of Object.entries(AGING_UNIFORM_TYPES)) {
    const loc = gl.getUniformLocation(program, name);
    if (!loc) throw new Error(`uniform ${name} is not active`);
    const v = u[name as keyof AgingUniforms];
    const base = type.replace(/\[\d+\]$/, '');
    if (base === 'float') gl.uniform1f(loc, v as number);
    else if (base === 'uint') typeof v === 'number' ? gl.uniform1ui(loc, v) : gl.uniform1uiv(loc, v);
    else if (base === 'int') gl.uniform1iv(loc, v as Int32Array);
    else if (base === 'vec2') gl.uniform2fv(loc, v as Float32Array);
    else if (base === 'ivec4') gl.uniform4iv(loc, v as Int32Array);
    else if (base === 'vec4') gl.uniform4fv(loc, v as Float32Array);
    else throw new Error(`uniform ${name}: unexpected type ${type}`);
  }
}

/** Every dot's appearance from the shader: [opacity, radius, hue, chroma, softness] interleaved per dot. */
function gpuAppearance(dots: Dots, u: AgingUniforms): Float32Array {
  const n = dots.count;
  gl.useProgram(program);
  setUniforms(u);
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const buffers: WebGLBuffer[] = [];
  const attrib = (name: string, data: ArrayBufferView, type: number, integer: boolean, size = 1): void => {
    const loc = gl.getAttribLocation(program, name);
    if (loc < 0) throw new Error(`attribute ${name} is not active`);
    const b = gl.createBuffer()!;
    buffers.push(b);
    gl.bindBuffer(gl.ARRAY_BUFFER, b);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    gl.enableVertexAttribArray(loc);
    if (integer) gl.vertexAttribIPointer(loc, size, type, 0, 0);
    else gl.vertexAttribPointer(loc, size, type, false, 0, 0);
  };
  attrib('aSeed', dots.seed, gl.UNSIGNED_INT, true);
  attrib('aShade', dots.shade, gl.FLOAT, false);
  attrib('aRadius', dots.radius, gl.FLOAT, false);
  attrib('aHue', dots.hue, gl.FLOAT, false);
  attrib('aLayer', dots.layer, gl.UNSIGNED_BYTE, true);
  attrib('aFlags', dots.flags, gl.UNSIGNED_BYTE, true);
  attrib('aXY', dots.xy.subarray(0, 2 * n), gl.FLOAT, false, 2);
  attrib('aRegion', dots.region, gl.UNSIGNED_BYTE, true);
  const outBuf = gl.createBuffer()!;
  gl.bindBuffer(gl.ARRAY_BUFFER, outBuf);
  gl.bufferData(gl.ARRAY_BUFFER, n * VARYINGS.length * 4, gl.STREAM_READ);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  const tf = gl.createTransformFeedback();
  gl.bindTransformFeedback(gl.TRANSFORM_FEEDBACK, tf);
  gl.bindBufferBase(gl.TRANSFORM_FEEDBACK_BUFFER, 0, outBuf);
  gl.enable(gl.RASTERIZER_DISCARD);
  gl.beginTransformFeedback(gl.POINTS);
  gl.drawArrays(gl.POINTS, 0, n);
  gl.endTransformFeedback();
  gl.disable(gl.RASTERIZER_DISCARD);
  gl.bindBufferBase(gl.TRANSFORM_FEEDBACK_BUFFER, 0, null);
  gl.bindTransformFeedback(gl.TRANSFORM_FEEDBACK, null);
  const out = new Float32Array(n * VARYINGS.length);
  gl.bindBuffer(gl.ARRAY_BUFFER, outBuf);
  gl.getBufferSubData(gl.ARRAY_BUFFER, 0, out);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  gl.bindVertexArray(null);
  const err = gl.getError();
  gl.deleteTransformFeedback(tf);
  gl.deleteVertexArray(vao);
  for (const b of [...buffers, outBuf]) gl.deleteBuffer(b);
  if (err !== gl.NO_ERROR) throw new Error(`WebGL error 0x${err.toString(16)}`);
  return out;
}

function build(over: Partial<PlanInput> = {}): { plan: Plan; dots: Dots } {
  const base = defaultPlanInput('gpu');
  const input: PlanInput = { ...base, ...over, pigment: { ...base.pigment!, ...over.pigment } };
  return { plan: validatePlan(input), dots: simulate(input) };
}

const hueDist = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

/** Dots whose CPU appearance differs between two evaluations (a branch that changes them was taken). */
function changed(a: Appearance, b: Appearance): number {
  let n = 0;
  for (let i = 0; i < a.opacity.length; i++) if (a.opacity[i] !== b.opacity[i] || a.radius[i] !== b.radius[i]) n++;
  return n;
}

interface Comparison {
  compared: number;
  worst: Record<Output, number>;
  /** Dots re-darkened by a touch-up, summed over the days. */
  touched: number;
  /** Dots with a blowout, summed over the days. */
  blown: number;
  /** Dots whose hue crossed 0°/360°, summed over the days. */
  wrapped: number;
}

/** Runs the shader and appearanceAt for every dot on each day; failures name the day, dot and values. */
function compareAll(plan: Plan, dots: Dots, params: AgingParams = DEFAULT_AGING, days = DAYS): Comparison {
  // the shader's layer is dots.layer: it must be the layerStart range appearanceAt uses
  for (let l = 0; l + 1 < dots.layerStart.length; l++)
    for (let i = dots.layerStart[l]!; i < dots.layerStart[l + 1]!; i++) if (dots.layer[i] !== l) throw new Error(`dot ${i}: session ${dots.layer[i]} in layer ${l}`);
  const noRedarken = { ...plan, touchUps: plan.touchUps.map((t) => ({ ...t, redarkenShare: 0 })) };
  const noBlowout = agingParams({ ...params, blowoutProbability: 0 });
  const r: Comparison = { compared: 0, worst: { opacity: 0, radius: 0, hue: 0, chroma: 0, softness: 0 }, touched: 0, blown: 0, wrapped: 0 };
  for (const day of days) {
    const cpu = appearanceAt(dots, plan, day, params);
    const gpu = gpuAppearance(dots, agingUniforms(agingTables(plan, day, params), params));
    expect(gpu.length).toBe(dots.count * 5);
    for (const k of OUTPUTS) {
      const c = cpu[k];
      const j = OUTPUTS.indexOf(k);
      let worst = 0;
      let at = -1;
      for (let i = 0; i < dots.count; i++) {
        const g = gpu[5 * i + j]!;
        const e = k === 'hue' ? (hueDist(g, c[i]!) * Math.PI * cpu.chroma[i]!) / 180 : k === 'radius' ? Math.abs(g - c[i]!) / Math.abs(c[i]!) : Math.abs(g - c[i]!);
        if (!(e <= worst)) (worst = e), (at = i);
      }
      if (!(worst <= TOL[k]))
        expect.fail(
          `day ${day}, ${k}: dot ${at} (layer ${dots.layer[at]}, flags ${dots.flags[at]}) GPU ${gpu[5 * at + j]} vs CPU ${c[at]}, error ${worst} > ${TOL[k]}`,
        );
      r.worst[k] = Math.max(r.worst[k], worst);
    }
    r.compared += dots.count;
    if (plan.touchUps.length) r.touched += changed(cpu, appearanceAt(dots, noRedarken, day, params));
    r.blown += changed(cpu, appearanceAt(dots, plan, day, noBlowout));
    for (let i = 0; i < dots.count; i++) if (Math.abs(cpu.hue[i]! - dots.hue[i]!) > 180) r.wrapped++;
  }
  console.log(
    `${dots.count} dots × ${days.length} days: max |Δ| ${OUTPUTS.map((k) => `${k} ${r.worst[k].toExponential(2)}`).join(', ')}` +
      ` (radius relative, hue as OkLab (a, b) distance); touched ${r.touched}, blown ${r.blown}, wrapped ${r.wrapped}`,
  );
  return r;
}

describe('the aging kernel in GLSL (WebGL2 transform feedback against appearanceAt)', () => {
  it('the shader declares exactly the uniforms agingUniforms fills', () => {
    expect(AGING_GLSL).toMatch(/^[\x09\x0a\x20-\x7e]*$/); // plain ASCII, comments included
    expect(gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS)).toBe(Object.keys(AGING_UNIFORM_TYPES).length);
    const u = agingUniforms(agingTables(build().plan, 100), DEFAULT_AGING);
    expect(Object.keys(u).sort()).toEqual(Object.keys(AGING_UNIFORM_TYPES).sort());
  });

  it("the GLSL port gives every dot of the default plan the CPU's appearance, from the day before to year 9.5", () => {
    const { plan, dots } = build();
    const r = compareAll(plan, dots);
    expect(r.compared).toBe(dots.count * DAYS.length);
    expect(r.blown).toBeGreaterThan(0);
  });

  it("the GLSL port gives every dot the CPU's appearance, day 3 to year 9.5, with touch-ups and tattoo ink", () => {
    const { plan, dots } = build({ touchUps: [{ year: 3 }, { year: 6 }, { year: 9 }], pigment: { kind: 'tattoo-ink' } });
    expect(dots.sessions).toBeLessThan(dots.layerStart.length - 1); // touch-ups added dots of their own
    const r = compareAll(plan, dots);
    expect(r.compared).toBe(dots.count * DAYS.length);
    expect(r.touched).toBeGreaterThan(0);
    expect(r.blown).toBeGreaterThan(0);
    // re-darkenings that do not enlarge the dot (redarkenGrow 0) still take the darkness-weighted radius
    expect(compareAll(plan, dots, agingParams({ redarkenGrow: 0 })).touched).toBeGreaterThan(0);
  });

  it("the GLSL port gives scar dots the CPU's appearance too, with iron-oxide drift, frequent blowouts, hues wrapping past 0°, per-region sun, depth and needle points", () => {
    const base = defaultPlanInput('gpu');
    const scar = { kind: 'scar' as const, name: 'FUT strip', points: [[-60, -120], [60, -120], [60, -110], [-60, -110]] as [number, number][], sunExposure: 2.2 };
    // a hat over the top, a deep second session with a 7-point needle, a shallow touch-up: every place and visit factor
    const sessions = base.sessions!.map((s, i) => (i === 1 ? { ...s, depth: 1.7, needlePoints: 7 } : s));
    const { plan, dots } = build({
      regions: [{ ...base.regions![0]!, sunExposure: 0.35 }, scar],
      sessions,
      touchUps: [{ year: 2, depth: 0.6 }, { year: 5 }],
      pigment: { kind: 'iron-oxide' },
    });
    let scarDots = 0;
    for (let i = 0; i < dots.count; i++) if (dots.flags[i]! & FLAG_SCAR) scarDots++;
    expect(scarDots).toBeGreaterThan(100);
    const r = compareAll(plan, dots, agingParams({ blowoutProbability: 0.2 }));
    expect(r.compared).toBe(dots.count * DAYS.length);
    expect(r.touched).toBeGreaterThan(0);
    expect(r.blown).toBeGreaterThan(0);
    expect(r.wrapped).toBeGreaterThan(0);
  });

  it(`a plan with MAX_CLOCKS (${MAX_CLOCKS}) layers, 12 sessions and 12 touch-ups, matches too, and one more is refused at the boundary (a plan holds at most 12 touch-ups)`, () => {
    const region = { kind: 'treated' as const, name: 'patch', points: [[-20, -60], [20, -60], [20, -20], [-20, -20]] as [number, number][] };
    const sessions = Array.from({ length: 12 }, (_, i) => ({ day: 7 * i, cumulative: (i + 1) / 12, shade: 0.5 + 0.03 * i }));
    const touchUps = Array.from({ length: 12 }, (_, i) => ({ year: 0.5 + 0.8 * i, addFraction: 0.04 }));
    const { plan, dots } = build({ regions: [region], hairline: null, sessions, touchUps });
    expect(dots.layerStart.length - 1).toBe(MAX_CLOCKS);
    const r = compareAll(plan, dots, DEFAULT_AGING, [-1, 0, 3, 7, 40, 80, 300, 2 * YEAR, plan.touchUps[3]!.year * YEAR, 5.3 * YEAR, 9.5 * YEAR, 12 * YEAR]);
    expect(r.touched).toBeGreaterThan(0);
    const tooMany: Plan = { ...plan, touchUps: [...plan.touchUps, { ...plan.touchUps[11]!, year: 11 }] };
    expect(() => agingUniforms(agingTables(tooMany, 100), DEFAULT_AGING)).toThrow(/plan\.touchUps: .*12/);
  });
});
