// smp-sim/render's plain-data functions with their arguments checked once, at entry (ArgumentError naming the
// argument, the field and the value), over the unchecked functions the renderer's loops call (view.ts, ink.ts,
// photo-look.ts, sample-scalp.ts, shave.ts, aging-glsl.ts).
import { checkedTables, type AgingTables } from '../aging/appearance.js';
import { checkedParams, type AgingParams } from '../aging/params.js';
import { ArgumentError, finiteAll, int, list, num, obj, opt, parse, point } from '../errors.js';
import { fitArgOrNull, rasterArg, viewArg } from '../head/entry.js';
import type { HeadFit } from '../head/model.js';
import type { Raster } from '../head/observation.js';
import { z } from '../schema.js';
import * as V from '../view.js';
import * as G from './aging-glsl.js';
import * as I from './ink.js';
import * as L from './photo-look.js';
import * as SS from './sample-scalp.js';
import * as SH from './shave.js';

/** Largest image side a plain-data render function takes, px (and at most 1e8 px in all). */
const MAX_SIDE = 100_000;
const COORD = 1e9;

function rgbaArg(where: string, img: unknown): L.Rgba {
  const o = obj(where, img);
  const w = int(`${where}.width`, o.width, 1, MAX_SIDE);
  const h = int(`${where}.height`, o.height, 1, MAX_SIDE);
  if (w * h > 1e8) throw new ArgumentError(where, `${w} × ${h}`, 'expected at most 1e8 px');
  if (!(o.data instanceof Uint8Array || o.data instanceof Uint8ClampedArray)) throw new ArgumentError(`${where}.data`, o.data, 'expected RGBA bytes (Uint8Array or Uint8ClampedArray)');
  if (o.data.length < 4 * w * h) throw new ArgumentError(`${where}.data.length`, o.data.length, `expected 4 × ${w} × ${h}`);
  return o as unknown as L.Rgba;
}

function vec2Out(where: string, out: unknown): V.Vec2 | undefined {
  if (out === undefined) return undefined;
  if (!Array.isArray(out)) throw new ArgumentError(where, out, 'expected an array [x, y] to write');
  return out as V.Vec2;
}

function boundsArg(where: string, b: unknown, allowEmpty: boolean): V.Bounds {
  const o = obj(where, b);
  for (const k of ['minX', 'minY', 'maxX', 'maxY'] as const) {
    const v = o[k];
    if (!(typeof v === 'number' && !Number.isNaN(v) && (allowEmpty || Number.isFinite(v)))) throw new ArgumentError(`${where}.${k}`, v, 'expected a number');
  }
  return o as unknown as V.Bounds;
}

export { flatProjection, headProjection } from '../head/entry.js';

/** The view as a column-major 3×3 matrix (mm → px) for a shader uniform. */
export function viewMatrix(view: V.ScalpView, out?: Float32Array): Float32Array {
  viewArg('viewMatrix: view', view);
  if (out !== undefined && !(out instanceof Float32Array && out.length >= 9)) throw new ArgumentError('viewMatrix: out', out, 'expected a Float32Array of 9');
  return V.viewMatrix(view, out);
}

/** Scalp mm → background px. */
export function mmToPx(view: V.ScalpView, x: number, y: number, out?: V.Vec2): V.Vec2 {
  viewArg('mmToPx: view', view);
  num('mmToPx: x', x, -COORD, COORD);
  num('mmToPx: y', y, -COORD, COORD);
  return V.mmToPx(view, x, y, vec2Out('mmToPx: out', out));
}

/** Background px → scalp mm (exact inverse of mmToPx). */
export function pxToMm(view: V.ScalpView, px: number, py: number, out?: V.Vec2): V.Vec2 {
  viewArg('pxToMm: view', view);
  num('pxToMm: px', px, -COORD, COORD);
  num('pxToMm: py', py, -COORD, COORD);
  return V.pxToMm(view, px, py, vec2Out('pxToMm: out', out));
}

/** The view fitting a mm box into a px frame with a margin. */
export function fitView(bounds: V.Bounds, widthPx: number, heightPx: number, marginPx = 0, rotation = 0, squash = 1): V.ScalpView {
  boundsArg('fitView: bounds', bounds, true);
  // an empty box (emptyBounds: min > max) frames nothing and is allowed; any other box has finite corners
  if (bounds.maxX >= bounds.minX && bounds.maxY >= bounds.minY)
    for (const k of ['minX', 'minY', 'maxX', 'maxY'] as const) num(`fitView: bounds.${k}`, bounds[k], -COORD, COORD);
  num('fitView: widthPx', widthPx, 1, 1e6);
  num('fitView: heightPx', heightPx, 1, 1e6);
  num('fitView: marginPx', marginPx, 0, 1e6);
  num('fitView: rotation', rotation, -1e3, 1e3);
  if (!(typeof squash === 'number' && squash > 0 && squash <= 1)) throw new ArgumentError('fitView: squash', squash, 'expected (0, 1]');
  return V.fitView(bounds, widthPx, heightPx, marginPx, rotation, squash);
}

/** Box of an interleaved xy array (e.g. Dots.xy). */
export function boundsOf(points: { xy: ArrayLike<number>; count?: number }, out?: V.Bounds): V.Bounds {
  const p = obj('boundsOf: points', points);
  const xy = list('boundsOf: points.xy', p.xy, Number.MAX_SAFE_INTEGER) as ArrayLike<number>;
  const n = opt(p.count, xy.length >> 1, (v) => int('boundsOf: points.count', v, 0, xy.length >> 1));
  for (let i = 0; i < 2 * n; i++) if (typeof xy[i] !== 'number') throw new ArgumentError(`boundsOf: points.xy[${i}]`, xy[i], 'expected a number');
  if (out !== undefined) boundsArg('boundsOf: out', out, true);
  return V.boundsOf({ xy, count: n }, out);
}

/** Box of polygons ([x, y] lists: regions, hairline). */
export function boundsOfPolygons(polygons: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, out?: V.Bounds): V.Bounds {
  Array.from(list('boundsOfPolygons: polygons', polygons, 100_000)).forEach((poly, i) =>
    Array.from(list(`boundsOfPolygons: polygons[${i}]`, poly, 1_000_000)).forEach((q, j) => point(`boundsOfPolygons: polygons[${i}][${j}]`, q, COORD)),
  );
  if (out !== undefined) boundsArg('boundsOfPolygons: out', out, true);
  return V.boundsOfPolygons(polygons, out);
}

/** sRGB-encoded value → linear light. */
export function srgbToLinear(c: number): number {
  return I.srgbToLinear(num('srgbToLinear: c', c, -1e6, 1e6));
}

/** Linear light → sRGB-encoded value. */
export function linearToSrgb(c: number): number {
  return I.linearToSrgb(num('linearToSrgb: c', c, 0, 1e6));
}

/** A dot's linear transmission per channel (pigment through the epidermis, or the stubble tone). */
export function dotTransmission(hueDeg: number, chroma: number, stubble?: readonly [number, number, number] | null): [number, number, number] {
  num('dotTransmission: hueDeg', hueDeg, -1e6, 1e6);
  num('dotTransmission: chroma', chroma, 0, 1);
  if (stubble !== undefined && stubble !== null) {
    if (!Array.isArray(stubble) || stubble.length !== 3) throw new ArgumentError('dotTransmission: stubble', stubble, 'expected [r, g, b] or null');
    stubble.forEach((v, i) => num(`dotTransmission: stubble[${i}]`, v, 0, 10));
  }
  return I.dotTransmission(hueDeg, chroma, stubble);
}

/** Ink coverage of a patch: Σ opacity × π r² / area. */
export function patchCoverage(opacity: ArrayLike<number>, radius: ArrayLike<number>, count: number, area: number): number {
  const o = list('patchCoverage: opacity', opacity, Number.MAX_SAFE_INTEGER) as ArrayLike<number>;
  const r = list('patchCoverage: radius', radius, Number.MAX_SAFE_INTEGER) as ArrayLike<number>;
  int('patchCoverage: count', count, 0, Math.min(o.length, r.length));
  finiteAll('patchCoverage: opacity', o, count);
  finiteAll('patchCoverage: radius', r, count);
  num('patchCoverage: area', area, 1e-12, Number.MAX_VALUE);
  return I.patchCoverage(o, r, count, area);
}

/** A dot's drawn footprint (radius, edge, centre opacity) keeping opacity × area. */
export function footprint(rPx: number, alpha: number, softness: number, sigmaPx: number, out?: I.Footprint): I.Footprint {
  num('footprint: rPx', rPx, 0, 1e6);
  num('footprint: alpha', alpha, 0, 1e6);
  num('footprint: softness', softness, 0, 1e3);
  num('footprint: sigmaPx', sigmaPx, 0, 1e6);
  if (out !== undefined) {
    const o = obj('footprint: out', out);
    for (const k of Object.keys(o)) if (k !== 'radiusPx' && k !== 'edgePx' && k !== 'alpha') throw new ArgumentError(`footprint: out.${k}`, o[k], 'unknown field: expected a Footprint to write');
  }
  return I.footprint(rPx, alpha, softness, sigmaPx, out);
}

/** Share of a pixel a footprint covers at a distance. */
export function footprintCover(d: number, radiusPx: number, edgePx: number): number {
  num('footprintCover: d', d, -1e9, 1e9);
  num('footprintCover: radiusPx', radiusPx, 0, 1e9);
  num('footprintCover: edgePx', edgePx, 1e-9, 1e9);
  return I.footprintCover(d, radiusPx, edgePx);
}

/** Optical density one dot adds to a pixel. */
export function inkDensity(absorb: number): number {
  return I.inkDensity(num('inkDensity: absorb', absorb, -1e9, 1e9));
}

/** The photo's blur as a Gaussian σ, px. */
export function estimateBlurSigma(img: L.Rgba, region?: { x: number; y: number; width: number; height: number }): number {
  rgbaArg('estimateBlurSigma: img', img);
  if (region !== undefined) {
    const r = obj('estimateBlurSigma: region', region);
    for (const k of ['x', 'y', 'width', 'height'] as const) num(`estimateBlurSigma: region.${k}`, r[k], -1e9, 1e9);
  }
  return L.estimateBlurSigma(img, region);
}

/** The stubble's multiply tone from the classes raster. */
export function stubbleTone(img: L.Rgba, classes: Raster, minCells = 50): [number, number, number] | null {
  rgbaArg('stubbleTone: img', img);
  rasterArg('stubbleTone: classes', classes);
  if (Math.ceil(classes.width * classes.scale) > 4 * img.width + 4 || Math.ceil(classes.height * classes.scale) > 4 * img.height + 4)
    throw new ArgumentError('stubbleTone: classes', `${classes.width} × ${classes.height} at ${classes.scale} px`, `expected a raster over the ${img.width} × ${img.height} photo`);
  int('stubbleTone: minCells', minCells, 1, 1e9);
  return L.stubbleTone(img, classes, minCells);
}

/** The per-pixel look raster: drawable, hair, overhead light. */
export function lookMap(fit: HeadFit | null, width: number, height: number, options: L.LookMapOptions = {}): L.LookMap {
  fitArgOrNull('lookMap: fit', fit);
  int('lookMap: width', width, 1, MAX_SIDE);
  int('lookMap: height', height, 1, MAX_SIDE);
  const o = obj('lookMap: options', options, true);
  if (o.classes !== undefined && o.classes !== null) rasterArg('lookMap: options.classes', o.classes);
  if (o.personMask !== undefined && o.personMask !== null) rasterArg('lookMap: options.personMask', o.personMask);
  const scale = opt(o.scale, 1, (v) => num('lookMap: options.scale', v, 1e-3, 1e4));
  if ((o.classes === undefined || o.classes === null) && (width / scale) * (height / scale) > 1e8) throw new ArgumentError('lookMap: options.scale', scale, 'expected at most 1e8 cells');
  return L.lookMap(fit, width, height, options);
}

/** The sample scalp as RGBA pixels (pure, node-safe), with its view. */
export function sampleScalpPixels(width: number, height: number, options: SS.SampleScalpOptions = {}): SS.SampleScalpPixels {
  int('sampleScalpPixels: width', width, 1, 16_384);
  int('sampleScalpPixels: height', height, 1, 16_384);
  const o = obj('sampleScalpPixels: options', options, true);
  if (o.seed !== undefined && !(typeof o.seed === 'string' ? o.seed.length <= 200 : Number.isFinite(o.seed))) throw new ArgumentError('sampleScalpPixels: options.seed', o.seed, 'expected a string or a finite number');
  if (o.fitzpatrick !== undefined) int('sampleScalpPixels: options.fitzpatrick', o.fitzpatrick, 1, 6);
  if (o.stubble !== undefined) num('sampleScalpPixels: options.stubble', o.stubble, 0, 1);
  if (o.view !== undefined) viewArg('sampleScalpPixels: options.view', o.view);
  return SS.sampleScalpPixels(width, height, options);
}

/** The default view of the sample scalp for an image size. */
export function sampleScalpView(width: number, height: number): V.ScalpView {
  num('sampleScalpView: width', width, 1, 1e6);
  num('sampleScalpView: height', height, 1, 1e6);
  return SS.sampleScalpView(width, height);
}

/** The shaved look's base: the photo's remaining hair on the fitted head drawn as bare skin. */
export function shaveHead(photo: L.Rgba, fit: HeadFit, classes: Raster, options: SH.ShaveOptions = {}): SH.ShavedBase {
  rgbaArg('shaveHead: photo', photo);
  fitArgOrNull('shaveHead: fit', fit, false);
  if (fit.width !== photo.width || fit.height !== photo.height) throw new ArgumentError('shaveHead: fit', `a fit for ${fit.width} × ${fit.height} px`, `expected the photo's ${photo.width} × ${photo.height} px`);
  rasterArg('shaveHead: classes', classes);
  parse(
    'shaveHead: options',
    z.optional(
      z.looseObject({
        personMask: z.optional(z.nullable(z.looseObject({}))),
        blurPx: z.optional(z.number().check(z.minimum(0), z.maximum(1e3))),
        seed: z.optional(z.int().check(z.minimum(0), z.maximum(2 ** 32 - 1))),
        stubble: z.optional(z.nullable(z.tuple([z.number().check(z.minimum(0), z.maximum(10)), z.number().check(z.minimum(0), z.maximum(10)), z.number().check(z.minimum(0), z.maximum(10))]))),
      }),
    ),
    options,
  );
  if (options?.personMask) rasterArg('shaveHead: options.personMask', options.personMask);
  const base = SH.shaveHead(photo, fit, classes, options ?? {});
  for (const k of ['x', 'y', 'width', 'height'] as const)
    if (!Number.isFinite(base[k])) throw new ArgumentError('shaveHead: fit', `patch ${k} ${base[k]}`, 'places no head on this photo (check its centre, focalPx and radii)');
  return base;
}

/** Zeroed AgingUniforms for agingUniforms' out. */
export function allocAgingUniforms(): G.AgingUniforms {
  const u = G.allocAgingUniforms();
  uniforms.add(u);
  return u;
}
const uniforms = new WeakSet<object>();

/** AGING_GLSL's uniform values for one instant, from agingTables(plan, day, params) and params. */
export function agingUniforms(tables: AgingTables, params: AgingParams, out?: G.AgingUniforms): G.AgingUniforms {
  checkedTables('agingUniforms: tables', tables);
  const p = checkedParams('agingUniforms: params', params);
  if (out !== undefined && !(out !== null && typeof out === 'object' && uniforms.has(out))) throw new ArgumentError('agingUniforms: out', out, 'expected the result of allocAgingUniforms()');
  return G.agingUniforms(tables, p, out);
}
