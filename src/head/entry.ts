// smp-sim/head's public functions with their arguments checked once, at entry (ArgumentError naming the argument,
// the field and the value), over the unchecked functions the core's loops call (model.ts, projection.ts,
// surface.ts, hairline.ts). A projection's grid is trusted when a projection made here returned it.
import { ArgumentError, int, list, num, obj, oneOf, parse, point, zPoint, zRange } from '../errors.js';
import { MAX_COORD_MM } from '../plan.js';
import { z } from '../schema.js';
import type { ScalpView } from '../view.js';
import * as H from './hairline.js';
import * as M from './model.js';
import type { FaceFeatures, HeadObservation, Px, Raster } from './observation.js';
import * as P from './projection.js';
import * as S from './surface.js';

/** Largest photo side, px, and how far outside the photo a px point may lie. */
const MAX_SIDE = 100_000;
const PX = 1e6;
const px = zPoint(PX);
const finite = zRange(-1e9, 1e9);
const angle = zRange(-2 * Math.PI, 2 * Math.PI);
/** A positive number, or Infinity (a focal length: Infinity is the weak-perspective camera). */
const positiveOrInfinity = (min: number) =>
  z.custom<number>((v) => typeof v === 'number' && (v === Infinity || (Number.isFinite(v) && v >= min)), { message: `expected a number ≥ ${min}, or Infinity` });
const side = z.int().check(z.minimum(1), z.maximum(MAX_SIDE));
/** Radii a head model is defined for, mm (HEAD_RADII_RANGE with room for hand-set priors). */
const radius = zRange(20, 500);
const radii = z.looseObject({ a: radius, b: radius, c: radius });
const pose = z.looseObject({ yaw: angle, pitch: angle, roll: angle });
const ellipse = z.looseObject({ cx: zRange(-PX, PX), cy: zRange(-PX, PX), rx: zRange(1e-3, PX), ry: zRange(1e-3, PX), angle: finite });
const raster = z
  .looseObject({ width: side, height: side, scale: zRange(1e-3, 1e4), data: z.instanceof(Uint8Array) })
  .check(z.refine((r) => r.width * r.height <= 1e8 && r.data.length >= r.width * r.height, { message: 'expected at most 1e8 cells and data of width × height bytes' }));

const fitSchema = z
  .looseObject({
    width: side,
    height: side,
    radii,
    pose,
    centre: z.tuple([zRange(-1e7, 1e7), zRange(-1e7, 1e7), zRange(-1e7, 1e7)]),
    focalPx: positiveOrInfinity(1e-3),
    orthoPxPerMm: zRange(1e-4, 1e4),
    principal: px,
    originArc: z.number().check(z.gt(0), z.lt(250)),
    floorY: zRange(-1000, 1000),
    clip: z.nullable(ellipse),
    brow: z.nullable(z.looseObject({ x: zRange(-PX, PX), y: zRange(-PX, PX), nx: zRange(-1, 1), ny: zRange(-1, 1), halfWidth: z.number().check(z.minimum(0)) })),
  })
  .check(
    z.refine((f) => f.focalPx === Infinity || (Number.isFinite(f.focalPx) && f.centre[2] > Math.max(f.radii.a, f.radii.b, f.radii.c)), {
      message: 'the head must lie wholly in front of the camera (centre z beyond its largest radius) under a finite or Infinity focal length',
      path: ['centre'],
    }),
  );

/** The face points the face-thirds read (faceThird, arcForThirds, hairlineHeights). */
const thirdsFaceSchema = z.looseObject({ glabella: px, noseBase: px, chin: px });

const faceSchema = z.looseObject({
  score: z.optional(zRange(0, 1)),
  pupils: z.tuple([px, px]),
  irisDiameters: z.tuple([zRange(0, PX), zRange(0, PX)]),
  lateralCanthi: z.tuple([px, px]),
  browTops: z.tuple([px, px]),
  glabella: px,
  noseBase: px,
  chin: px,
  foreheadTop: px,
  pose,
  mesh: z.optional(z.instanceof(Float32Array)),
});

const obsSchema = z.looseObject({
  width: side,
  height: side,
  // a part the analysis did not find may be null or left out
  face: z.optional(z.nullable(faceSchema)),
  scale: z.optional(z.nullable(z.looseObject({ pxPerMm: zRange(1e-4, 1e4), sd: zRange(0, 1e4), source: z.enum(['iris', 'ipd', 'iris+ipd', 'ruler']) }))),
  outline: z.optional(z.nullable(ellipse)),
  personMask: z.optional(z.nullable(raster)),
  classes: z.optional(z.nullable(raster)),
  proposedArea: z.optional(z.nullable(z.array(z.array(px).check(z.maxLength(20_000))).check(z.maxLength(254)))),
  notes: z.optional(z.array(z.string().check(z.maxLength(10_000))).check(z.maxLength(1_000))),
});

/** The grids of projections made here: trusted as they are. */
const trusted = new WeakSet<object>();
const trust = <T extends object>(v: T): T => (trusted.add(v), v);
const isTrusted = (v: unknown): boolean => v !== null && typeof v === 'object' && trusted.has(v);

/** A fit argument, checked in full (a few µs: a fit is a few dozen numbers, and may come from a file or a worker). */
function fitArg(where: string, fit: unknown): M.HeadFit {
  parse(where, fitSchema, fit);
  return fit as M.HeadFit;
}

/** A fit argument of smp-sim/render (null allowed where `nullable`). */
export function fitArgOrNull(where: string, fit: unknown, nullable = true): M.HeadFit | null {
  if (fit === null && nullable) return null;
  return fitArg(where, fit);
}

/** A Raster argument: whole sides, a positive scale, width × height bytes (at most 1e8). */
export function rasterArg(where: string, r: unknown): Raster {
  parse(where, raster, r);
  return r as Raster;
}

function faceArg(where: string, face: unknown, thirdsOnly = false): FaceFeatures {
  parse(where, thirdsOnly ? thirdsFaceSchema : faceSchema, face);
  const f = face as FaceFeatures;
  if (f.mesh) for (let i = 0; i < Math.min(f.mesh.length, 3 * 478); i++) num(`${where}.mesh[${i}]`, f.mesh[i], -1e9, 1e9);
  if (Math.hypot(f.glabella[0] - f.chin[0], f.glabella[1] - f.chin[1]) < 1e-6) throw new ArgumentError(`${where}.chin`, f.chin, 'expected apart from the glabella');
  return f;
}

function obsArg(where: string, obs: unknown): HeadObservation {
  parse(where, obsSchema, obs);
  const o = obs as HeadObservation;
  if (o.face) faceArg(`${where}.face`, o.face);
  return o;
}

/** A result that must hold no NaN: one means the arguments, though each in range, describe no head (the message says which call). */
function sound<T>(where: string, args: string, v: T): T {
  const bad = (x: unknown): boolean => {
    if (typeof x === 'number') return Number.isNaN(x);
    if (Array.isArray(x)) return x.some(bad);
    if (x && typeof x === 'object' && !ArrayBuffer.isView(x)) return Object.values(x).some(bad);
    return false;
  };
  if (bad(v)) throw new ArgumentError(`${where}: ${args}`, undefined, 'these arguments describe no visible head point (the result would be NaN)');
  return v;
}

const outArg = <T extends unknown[]>(where: string, out: unknown, n: number): T | undefined => {
  if (out === undefined) return undefined;
  if (!Array.isArray(out)) throw new ArgumentError(where, out, `expected an array of ${n} numbers to write`);
  return out as T;
};

/** Fits a posed ellipsoid and a pinhole camera to an observation. */
export function fitHead(obs: HeadObservation, options: M.FitOptions = {}): M.HeadFit {
  const o = obsArg('fitHead: obs', obs);
  parse(
    'fitHead: options',
    z.optional(
      z.strictObject({
        focal35mm: z.optional(positiveOrInfinity(5)),
        pose: z.optional(z.strictObject({ yaw: z.optional(angle), pitch: z.optional(angle), roll: z.optional(angle) })),
        radii: z.optional(z.strictObject({ a: z.optional(radius), b: z.optional(radius), c: z.optional(radius) })),
        originArc: z.optional(z.number().check(z.gt(0), z.lt(250))),
        floorY: z.optional(zRange(-1000, 1000)),
      }),
    ),
    options,
  );
  if (!o.scale && !o.face && !o.outline) throw new ArgumentError('fitHead: obs', 'no scale, no face and no outline', 'nothing to fit (use the ruler)');
  if (!o.scale && o.face && Math.hypot(o.face.pupils[1][0] - o.face.pupils[0][0], o.face.pupils[1][1] - o.face.pupils[0][1]) < 1e-6)
    throw new ArgumentError('fitHead: obs.face.pupils', o.face.pupils, 'coincide, and there is no scale');
  const fit = M.fitHead(o, options ?? {});
  const r = fitSchema.safeParse(fit);
  if (!r.success || !sound('fitHead', 'obs', [fit.centre, fit.radii]))
    throw new ArgumentError('fitHead: obs', 'this observation', 'no head in front of the camera fits it (check scale.pxPerMm and the outline)');
  return fit;
}

/** A copy of a fit with radii, pose, origin arc, position or clip changed by hand. */
export function adjustHead(fit: M.HeadFit, adj: M.HeadAdjustment): M.HeadFit {
  fitArg('adjustHead: fit', fit);
  parse(
    'adjustHead: adj',
    z.strictObject({
      radii: z.optional(z.strictObject({ a: z.optional(zRange(...M.HEAD_RADII_RANGE.a)), b: z.optional(zRange(...M.HEAD_RADII_RANGE.b)), c: z.optional(zRange(...M.HEAD_RADII_RANGE.c)) })),
      pose: z.optional(z.strictObject({ yaw: z.optional(zRange(-Math.PI, Math.PI)), pitch: z.optional(zRange(-Math.PI, Math.PI)), roll: z.optional(zRange(-Math.PI, Math.PI)) })),
      originArc: z.optional(z.number().check(z.gt(0), z.lt(250))),
      shiftPx: z.optional(px),
      clip: z.optional(z.nullable(ellipse)),
    }),
    adj,
  );
  const next = M.adjustHead(fit, adj);
  if (!fitSchema.safeParse(next).success) throw new ArgumentError('adjustHead: adj', adj, 'moves the head out of the picture (behind the camera or beyond ±1e7 mm)');
  return next;
}

/** The studio's handles (px): outline top, left, right and the front pole. */
export function headHandles(fit: M.HeadFit): { top: Px; left: Px; right: Px; front: Px } {
  return sound('headHandles', 'fit', M.headHandles(fitArg('headHandles: fit', fit)));
}

/** The fit after dragging a handle to a px point. */
export function dragHandle(fit: M.HeadFit, handle: 'top' | 'left' | 'right' | 'front', to: Px): M.HeadFit {
  fitArg('dragHandle: fit', fit);
  oneOf('dragHandle: handle', handle, ['top', 'left', 'right', 'front'] as const);
  point('dragHandle: to', to, PX);
  const next = M.dragHandle(fit, handle, to);
  if (!fitSchema.safeParse(next).success) throw new ArgumentError('dragHandle: to', to, 'moves the head out of the picture');
  return next;
}

/** Head-frame point → photo px. */
export function headToPx(fit: M.HeadFit, h: readonly number[], out?: [number, number]): [number, number] {
  fitArg('headToPx: fit', fit);
  head3('headToPx: h', h);
  return sound('headToPx', 'h', M.headToPx(fit, h, outArg('headToPx: out', out, 2)));
}

function head3(where: string, h: unknown): void {
  if (!Array.isArray(h) || h.length < 3) throw new ArgumentError(where, h, 'expected a head-frame point [x, y, z] in mm');
  for (let i = 0; i < 3; i++) num(`${where}[${i}]`, h[i], -1e6, 1e6);
}

/** Whether a head-frame point faces the camera. */
export function facesCamera(fit: M.HeadFit, h: readonly number[]): boolean {
  fitArg('facesCamera: fit', fit);
  head3('facesCamera: h', h);
  return M.facesCamera(fit, h);
}

/** The ellipsoid's outline in the photo as a dual conic. */
export function outlineConic(fit: M.HeadFit): number[] {
  return sound('outlineConic', 'fit', M.outlineConic(fitArg('outlineConic: fit', fit)));
}

/** The outline's extreme point in an image direction. */
export function outlineSupport(fit: M.HeadFit, dx: number, dy: number, C?: number[]): { h: number; at: Px } {
  fitArg('outlineSupport: fit', fit);
  num('outlineSupport: dx', dx, -1e6, 1e6);
  num('outlineSupport: dy', dy, -1e6, 1e6);
  if (Math.hypot(dx, dy) < 1e-9) throw new ArgumentError('outlineSupport: dx, dy', [dx, dy], 'expected a direction (not both 0)');
  if (C !== undefined) {
    list('outlineSupport: C', C, 9);
    if (C.length !== 9) throw new ArgumentError('outlineSupport: C', C, 'expected the 9 numbers of outlineConic(fit)');
    C.forEach((v, i) => num(`outlineSupport: C[${i}]`, v, -1e300, 1e300));
  }
  return sound('outlineSupport', 'fit, dx, dy, C', M.outlineSupport(fit, dx, dy, C));
}

/** A ScalpView argument: positive scale, finite origin and rotation, squash in (0, 1]. */
export function viewArg(where: string, view: unknown): ScalpView {
  parse(
    where,
    z.looseObject({
      pxPerMm: zRange(1e-6, 1e6),
      originX: zRange(-1e9, 1e9),
      originY: zRange(-1e9, 1e9),
      rotation: zRange(-1e3, 1e3),
      squash: z.optional(z.number().check(z.gt(0), z.maximum(1))),
    }),
    view,
  );
  return view as ScalpView;
}

/** The affine projection of a ScalpView (the sample scalp, unfitted photos). */
export function flatProjection(view: ScalpView): P.Projection {
  return P.flatProjection(viewArg('flatProjection: view', view));
}

function gridArg(where: string, grid: unknown): P.SurfaceGrid | undefined {
  if (grid === undefined) return undefined;
  if (!isTrusted(grid)) throw new ArgumentError(where, grid, 'expected the grid of an earlier headProjection (or nothing)');
  return grid as P.SurfaceGrid;
}

/** A Projection through a HeadFit: its headPoint and grid reuse. */
export class HeadProjection extends P.HeadProjection {
  constructor(fit: M.HeadFit, grid?: P.SurfaceGrid) {
    super(fitArg('HeadProjection: fit', fit), gridArg('HeadProjection: grid', grid));
    trust(this.grid);
  }
}

/** The projection through a fitted head. */
export function headProjection(fit: M.HeadFit, grid?: P.SurfaceGrid): HeadProjection {
  return new HeadProjection(fitArg('headProjection: fit', fit), gridArg('headProjection: grid', grid));
}

/** Allocates ProjectedDots for n points. */
export function allocProjected(n: number): P.ProjectedDots {
  return P.allocProjected(int('allocProjected: n', n, 0, 5_000_000));
}

/** A dot's ellipse (axes px, angle) from its Jacobian and radius mm. */
export function dotEllipse(jac: ArrayLike<number>, offset: number, r: number, out?: [number, number, number]): [number, number, number] {
  list('dotEllipse: jac', jac, Number.MAX_SAFE_INTEGER);
  int('dotEllipse: offset', offset, 0, Math.max(0, jac.length - 4));
  if (jac.length < 4) throw new ArgumentError('dotEllipse: jac', jac, 'expected 4 numbers from offset');
  for (let i = 0; i < 4; i++) num(`dotEllipse: jac[${offset + i}]`, jac[offset + i], -1e9, 1e9);
  num('dotEllipse: r', r, 0, 1e3);
  return P.dotEllipse(jac, offset, r, outArg('dotEllipse: out', out, 3));
}

/** A photo px polygon (proposed area, brush stroke) as scalp mm. */
export function pxPolygonToMm(proj: P.Projection, polygon: ReadonlyArray<readonly [number, number]>): [number, number][] {
  const p = obj('pxPolygonToMm: proj', proj);
  if (typeof p.pxToMm !== 'function') throw new ArgumentError('pxPolygonToMm: proj.pxToMm', p.pxToMm, 'expected a Projection (flatProjection, headProjection)');
  if (p.kind === 'flat') viewArg('pxPolygonToMm: proj.view', p.view);
  list('pxPolygonToMm: polygon', polygon, 20_000);
  Array.from(polygon).forEach((q, i) => point(`pxPolygonToMm: polygon[${i}]`, q, PX));
  let out: [number, number][];
  try {
    out = P.pxPolygonToMm(proj, polygon);
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    throw new ArgumentError('pxPolygonToMm: proj.pxToMm', String((e as Error)?.message ?? 'an error'), 'threw: expected a Projection (flatProjection, headProjection)');
  }
  out.forEach((q, i) => {
    if (!(Math.abs(q[0]) <= 1e9 && Math.abs(q[1]) <= 1e9)) throw new ArgumentError(`pxPolygonToMm: proj.pxToMm(polygon[${i}])`, q, 'expected finite mm');
  });
  return out;
}

/** Flat scalp mm → head-frame point, exactly. */
export function surfacePoint(map: S.SurfaceMap, x: number, y: number): [number, number, number] | null {
  const m = obj('surfacePoint: map', map);
  parse('surfacePoint: map.radii', radii, m.radii);
  if (!(typeof m.originArc === 'number' && m.originArc > 0 && m.originArc < 250)) throw new ArgumentError('surfacePoint: map.originArc', m.originArc, 'expected mm in (0, 250)');
  const mid = obj('surfacePoint: map.mid', m.mid) as unknown as S.Midline;
  if (mid.b !== map.radii.b || mid.c !== map.radii.c) throw new ArgumentError('surfacePoint: map.mid', { b: mid.b, c: mid.c }, 'expected the midline of map.radii (use surfaceMap)');
  for (const k of ['theta', 'arc'] as const) {
    const a = mid[k];
    if (!(a instanceof Float64Array) || a.length < 2 || a.length !== mid.theta?.length) throw new ArgumentError(`surfacePoint: map.mid.${k}`, a, 'expected the table surfaceMap made');
    for (let i = 0; i < a.length; i++) if (!(Number.isFinite(a[i]) && (i === 0 || a[i]! > a[i - 1]!))) throw new ArgumentError(`surfacePoint: map.mid.${k}[${i}]`, a[i], 'expected finite numbers in increasing order');
  }
  num('surfacePoint: x', x, -MAX_COORD_MM, MAX_COORD_MM);
  num('surfacePoint: y', y, -MAX_COORD_MM, MAX_COORD_MM);
  const p = S.surfacePoint(map, x, y);
  return p && sound('surfacePoint', 'map, x, y', p);
}

/** The flat map on an ellipsoid (radii, origin arc). */
export function surfaceMap(radiiArg: M.HeadRadii, originArc: number): S.SurfaceMap {
  parse('surfaceMap: radii', radii, radiiArg);
  if (!(typeof originArc === 'number' && originArc > 0 && originArc < 250)) throw new ArgumentError('surfaceMap: originArc', originArc, 'expected mm in (0, 250)');
  return S.surfaceMap(radiiArg, originArc);
}

/** A hairline from the face: mid-frontal point (Garg or thirds) and temple points. */
export function suggestHairline(obs: HeadObservation, fit: M.HeadFit, options: H.HairlineSuggestOptions = {}): H.HairlineSuggestion {
  const o = obsArg('suggestHairline: obs', obs);
  fitArg('suggestHairline: fit', fit);
  if (!o.face) throw new ArgumentError('suggestHairline: obs.face', null, 'no face in the observation (place the hairline by hand)');
  parse(
    'suggestHairline: options',
    z.optional(
      z.strictObject({
        method: z.optional(z.enum(['garg', 'thirds'])),
        thirds: z.optional(zRange(0.6, 2)),
        arcMm: z.optional(zRange(70, 90)),
        recessionMm: z.optional(zRange(0, 60)),
      }),
    ),
    options,
  );
  const s = H.suggestHairline(o, fit, options ?? {});
  sound('suggestHairline', 'obs, fit', { originArc: s.originArc, originPx: s.originPx, templesMm: s.templesMm, templesPx: s.templesPx, widthMm: s.widthMm });
  return s;
}

/** The face's up direction and one face-third, px. */
export function faceThird(face: FaceFeatures): { up: Px; thirdPx: number } {
  return H.faceThird(faceArg('faceThird: face', face, true));
}

/** The midline arc (mm) that shows a given number of face-thirds above the glabella. */
export function arcForThirds(face: FaceFeatures, fit: M.HeadFit, thirds: number): number {
  faceArg('arcForThirds: face', face, true);
  fitArg('arcForThirds: fit', fit);
  num('arcForThirds: thirds', thirds, 0, 10);
  return sound('arcForThirds', 'face, fit', H.arcForThirds(face, fit, thirds));
}

/** Garg's 8 cm, one face-third and the fit's own height, each in mm of arc and in face-thirds. */
export function hairlineHeights(face: FaceFeatures, fit: M.HeadFit): ReturnType<typeof H.hairlineHeights> {
  faceArg('hairlineHeights: face', face, true);
  fitArg('hairlineHeights: fit', fit);
  return sound('hairlineHeights', 'face, fit', H.hairlineHeights(face, fit));
}
