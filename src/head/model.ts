// The 3D head: an ellipsoid for the cranium, posed and placed in a pinhole camera, fitted from a HeadObservation.
// Pure: no DOM. Everything in mm (head and camera frames) or photo px.
//
// Head frame (mm): origin at the ellipsoid's centre, X toward the subject's left (the image's right in a
// frontal photo), Y up, Z forward (out of the face). Semi-axes a (X), b (Y), c (Z). The front pole (0, 0, c)
// is the soft-tissue glabella: head length is measured glabella–opisthocranion, so the ellipsoid's long axis
// runs through it.
// Camera frame (mm): x right, y down, z into the scene; photo px = principal + focalPx · (x, y) / z.
// head → camera: p = R · F · h + T with F = diag(1, −1, −1) (Y up → y down, Z forward → toward the camera)
// and R = Rroll · Rpitch · Ryaw in the signs of observation.ts (yaw > 0 sends the nose to the image's right,
// pitch > 0 sends it up, roll > 0 turns the face clockwise).
//
// Camera: a pinhole with a 35 mm-equivalent focal length (default 50 mm, a "normal" lens; portraits are
// usually taken at 50–105 mm equivalent, phone selfies at ≈ 26 mm from arm's length). At the distance the
// face's scale implies (z = focalPx / pxPerMm) it gives the right amount of perspective: the top of a head
// 100 mm behind the face shrinks by a few percent, which weak perspective would ignore. Pass
// `focal35mm: Infinity` for weak perspective (scaled orthographic).
import type { Ellipse, HeadObservation, Px } from './observation.js';

/** Head pose in radians (signs as in observation.ts). */
export interface Pose {
  yaw: number;
  pitch: number;
  roll: number;
}

/** Semi-axes of the cranial ellipsoid, mm: a half breadth (X), b height above the glabella's level (Y), c half length (Z). */
export interface HeadRadii {
  a: number;
  b: number;
  c: number;
}

/**
 * Head dimensions, men 19–65, 50th percentile (Pheasant, Bodyspace, British adults; as tabulated in the CityU
 * online anthropometry, ch. 2 §26–27): head length glabella–occiput 195 mm (SD 8), head breadth 155 mm (SD 6).
 * Height above the glabella's level (vertex ≈ 115 mm) is our assumption, checked against the 10–20 EEG system
 * (Jasper 1958): the vertex (Cz) lies half way along the nasion–inion arc of ≈ 35 cm; this ellipsoid's vertex
 * is ≈ 167 mm of midline arc from the glabella, and Garg's 8 cm mid-frontal point sits ≈ 46° up the forehead.
 */
export const HEAD_RADII_MM: Readonly<HeadRadii> = { a: 155 / 2, b: 115, c: 195 / 2 };
/** Plausible ranges for fitted radii, mm (≈ ±3 SD of the figures above; b our assumption). */
export const HEAD_RADII_RANGE = { a: [62, 95], b: [85, 145], c: [80, 115] } as const;
/** Adult mean inter-pupillary distance, mm (Dodgson 2004, "Variation and extrema of human interpupillary distance": mean ≈ 63 mm). */
export const IPD_MM = 63;
/** Midline arc from the glabella to the mid-frontal hairline point, mm (Garg's "8-cm rule"; DOMAIN "Hairline design"). */
export const MID_FRONTAL_ARC_MM = 80;
/** Default 35 mm-equivalent focal length, mm. */
export const DEFAULT_FOCAL_35MM = 50;
/** Nothing is drawn below this head-frame height, mm (about the ear tops and the nape; our assumption). */
export const DEFAULT_FLOOR_Y_MM = -40;

/** A line in photo px below which nothing is drawn: points p with (p − point) · normal > 0 are cut. */
export interface ClipLine {
  x: number;
  y: number;
  nx: number;
  ny: number;
  /** Only within this distance (px) of the point along the line; Infinity for the whole line. */
  halfWidth: number;
}

/** A fitted head: plain data (structured-clonable), adjusted by hand through adjustHead / dragHandle. */
export interface HeadFit {
  /** Photo size, px. */
  width: number;
  height: number;
  radii: HeadRadii;
  pose: Pose;
  /** Ellipsoid centre in the camera frame, mm (z = distance from the camera). */
  centre: [number, number, number];
  /** Focal length in px; Infinity for weak perspective (then `orthoPxPerMm` scales). */
  focalPx: number;
  /** Px per mm of the weak-perspective camera (used only when focalPx is Infinity). */
  orthoPxPerMm: number;
  /** Principal point, px (the photo's centre). */
  principal: [number, number];
  /** Midline arc from the glabella (front pole) to the flat map's origin, the mid-frontal hairline point, mm. */
  originArc: number;
  /** Head-frame height below which nothing is drawn, mm. */
  floorY: number;
  /** The head's outline in the photo: dots whose centre falls outside are not drawn; null: the ellipsoid's own silhouette only. */
  clip: Ellipse | null;
  /** The brow line: nothing below it across the face; null without a face. */
  brow: ClipLine | null;
}

/** Options of fitHead. */
export interface FitOptions {
  /** 35 mm-equivalent focal length, mm (default 50; Infinity for weak perspective). */
  focal35mm?: number;
  /** Overrides the pose (default: the face's, else 0). */
  pose?: Partial<Pose>;
  /** Prior radii (default HEAD_RADII_MM); fitted a and b replace them when the outline allows. */
  radii?: Partial<HeadRadii>;
  /** Midline arc glabella → mid-frontal point, mm (default MID_FRONTAL_ARC_MM). */
  originArc?: number;
  /** Head-frame floor, mm (default DEFAULT_FLOOR_Y_MM). */
  floorY?: number;
}

type V3 = [number, number, number];
/** Row-major 3×3. */
export type M3 = [number, number, number, number, number, number, number, number, number];

/** R = Rroll · Rpitch · Ryaw (camera-frame rotations; see the header). */
export function poseMatrix(p: Pose): M3 {
  const ca = Math.cos(p.yaw), sa = Math.sin(p.yaw);
  const cb = Math.cos(p.pitch), sb = Math.sin(p.pitch);
  const cg = Math.cos(p.roll), sg = Math.sin(p.roll);
  // yaw: x' = x cos − z sin, z' = x sin + z cos
  const Y: M3 = [ca, 0, -sa, 0, 1, 0, sa, 0, ca];
  // pitch: y' = y cos + z sin, z' = −y sin + z cos
  const P: M3 = [1, 0, 0, 0, cb, sb, 0, -sb, cb];
  // roll: x' = x cos − y sin, y' = x sin + y cos
  const Rr: M3 = [cg, -sg, 0, sg, cg, 0, 0, 0, 1];
  return mul(Rr, mul(P, Y));
}

function mul(A: M3, B: M3): M3 {
  const o = new Array(9).fill(0) as M3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) o[3 * i + j] = A[3 * i]! * B[j]! + A[3 * i + 1]! * B[3 + j]! + A[3 * i + 2]! * B[6 + j]!;
  return o;
}

/** The head → camera rotation including the axis flip F: p = M · h + T. */
export function headToCameraMatrix(fit: HeadFit): M3 {
  const R = poseMatrix(fit.pose);
  // R · F: negate the 2nd and 3rd columns
  return [R[0], -R[1], -R[2], R[3], -R[4], -R[5], R[6], -R[7], -R[8]];
}

/** Head-frame point → camera frame, written into out. */
export function headToCamera(M: M3, T: readonly number[], h: readonly number[], out: V3 = [0, 0, 0]): V3 {
  const x = h[0]!, y = h[1]!, z = h[2]!;
  out[0] = M[0] * x + M[1] * y + M[2] * z + T[0]!;
  out[1] = M[3] * x + M[4] * y + M[5] * z + T[1]!;
  out[2] = M[6] * x + M[7] * y + M[8] * z + T[2]!;
  return out;
}

/** Camera-frame point → photo px, written into out. */
export function cameraToPx(fit: HeadFit, p: readonly number[], out: [number, number] = [0, 0]): [number, number] {
  if (fit.focalPx === Infinity) {
    out[0] = fit.principal[0] + fit.orthoPxPerMm * p[0]!;
    out[1] = fit.principal[1] + fit.orthoPxPerMm * p[1]!;
  } else {
    out[0] = fit.principal[0] + (fit.focalPx * p[0]!) / p[2]!;
    out[1] = fit.principal[1] + (fit.focalPx * p[1]!) / p[2]!;
  }
  return out;
}

/** The camera ray through photo px (u, v): origin and direction in the camera frame. */
export function pxRay(fit: HeadFit, u: number, v: number): { o: V3; d: V3 } {
  if (fit.focalPx === Infinity) return { o: [(u - fit.principal[0]) / fit.orthoPxPerMm, (v - fit.principal[1]) / fit.orthoPxPerMm, 0], d: [0, 0, 1] };
  return { o: [0, 0, 0], d: [(u - fit.principal[0]) / fit.focalPx, (v - fit.principal[1]) / fit.focalPx, 1] };
}

/** Px per mm at the head centre's depth. */
export function centrePxPerMm(fit: HeadFit): number {
  return fit.focalPx === Infinity ? fit.orthoPxPerMm : fit.focalPx / fit.centre[2];
}

/** Head-frame point → photo px. */
export function headToPx(fit: HeadFit, h: readonly number[], out: [number, number] = [0, 0]): [number, number] {
  return cameraToPx(fit, headToCamera(headToCameraMatrix(fit), fit.centre, h), out);
}

/** Whether the outward normal at head-frame point h faces the camera. */
export function facesCamera(fit: HeadFit, h: readonly number[]): boolean {
  const { a, b, c } = fit.radii;
  const M = headToCameraMatrix(fit);
  const n = [h[0]! / (a * a), h[1]! / (b * b), h[2]! / (c * c)];
  const nc = [M[0] * n[0]! + M[1] * n[1]! + M[2] * n[2]!, M[3] * n[0]! + M[4] * n[1]! + M[5] * n[2]!, M[6] * n[0]! + M[7] * n[1]! + M[8] * n[2]!];
  const p = headToCamera(M, fit.centre, h);
  const view = fit.focalPx === Infinity ? [0, 0, 1] : p;
  return nc[0]! * view[0]! + nc[1]! * view[1]! + nc[2]! * view[2]! < 0;
}

/** The first hit of the ray through photo px (u, v) with the ellipsoid, head frame; null on a miss. */
export function rayHit(fit: HeadFit, u: number, v: number): V3 | null {
  const { o, d } = pxRay(fit, u, v);
  const M = headToCameraMatrix(fit);
  // inverse of an orthonormal M is its transpose
  const T = fit.centre;
  const oc = [o[0] - T[0], o[1] - T[1], o[2] - T[2]];
  const oh = [M[0] * oc[0]! + M[3] * oc[1]! + M[6] * oc[2]!, M[1] * oc[0]! + M[4] * oc[1]! + M[7] * oc[2]!, M[2] * oc[0]! + M[5] * oc[1]! + M[8] * oc[2]!];
  const dh = [M[0] * d[0] + M[3] * d[1] + M[6] * d[2], M[1] * d[0] + M[4] * d[1] + M[7] * d[2], M[2] * d[0] + M[5] * d[1] + M[8] * d[2]];
  const r = [fit.radii.a, fit.radii.b, fit.radii.c];
  let A = 0, B = 0, C = -1;
  for (let i = 0; i < 3; i++) {
    const os = oh[i]! / r[i]!;
    const ds = dh[i]! / r[i]!;
    A += ds * ds;
    B += 2 * os * ds;
    C += os * os;
  }
  const disc = B * B - 4 * A * C;
  if (disc < 0) return null;
  const t = (-B - Math.sqrt(disc)) / (2 * A);
  return [oh[0]! + t * dh[0]!, oh[1]! + t * dh[1]!, oh[2]! + t * dh[2]!];
}

/**
 * The ellipsoid's outline in the photo as a dual conic C* = P Q* Pᵀ (3×3 row-major): exact for the pinhole and
 * weak-perspective cameras. Q* = [[A⁻¹ − T Tᵀ, −T], [−Tᵀ, −1]] is the dual of the ellipsoid (p − T)ᵀ A (p − T) = 1.
 */
export function outlineConic(fit: HeadFit): number[] {
  const M = headToCameraMatrix(fit);
  const { a, b, c } = fit.radii;
  const d = [a * a, b * b, c * c];
  const T = fit.centre;
  const Q = new Array(16).fill(0) as number[];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += M[3 * i + k]! * d[k]! * M[3 * j + k]!;
      Q[4 * i + j] = s - T[i]! * T[j]!;
    }
    Q[4 * i + 3] = -T[i]!;
    Q[12 + i] = -T[i]!;
  }
  Q[15] = -1;
  const [cx, cy] = fit.principal;
  const f = fit.focalPx;
  const P =
    f === Infinity
      ? [fit.orthoPxPerMm, 0, 0, cx, 0, fit.orthoPxPerMm, 0, cy, 0, 0, 0, 1]
      : [f, 0, cx, 0, 0, f, cy, 0, 0, 0, 1, 0];
  const C = new Array(9).fill(0) as number[];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) for (let l = 0; l < 4; l++) s += P[4 * i + k]! * Q[4 * k + l]! * P[4 * j + l]!;
      C[3 * i + j] = s;
    }
  return C;
}

/** The outline's extreme point in image direction (dx, dy) (unit): the tangent line dx·u + dy·v = h farthest along it, and its touching point, px. */
export function outlineSupport(fit: HeadFit, dx: number, dy: number, C: number[] = outlineConic(fit)): { h: number; at: Px } {
  // lines l = (dx, dy, −h) tangent to the conic: lᵀ C* l = 0
  const A = C[8]!;
  const B = -2 * (dx * C[2]! + dy * C[5]!);
  const D = dx * dx * C[0]! + 2 * dx * dy * C[1]! + dy * dy * C[4]!;
  const disc = Math.sqrt(Math.max(0, B * B - 4 * A * D));
  const h1 = (-B + disc) / (2 * A);
  const h2 = (-B - disc) / (2 * A);
  const h = Math.max(h1, h2);
  const l = [dx, dy, -h];
  const p = [0, 1, 2].map((i) => C[3 * i]! * l[0]! + C[3 * i + 1]! * l[1]! + C[3 * i + 2]! * l[2]!);
  return { h, at: [p[0]! / p[2]!, p[1]! / p[2]!] };
}

/** Extent of the ellipsoid's outline in image direction (dx, dy) (unit), px from the projected centre. */
export function silhouetteExtent(fit: HeadFit, dx: number, dy: number): number {
  const ctr = headToPx(fit, [0, 0, 0]);
  return outlineSupport(fit, dx, dy).h - (ctr[0] * dx + ctr[1] * dy);
}

/** Support of an observed outline ellipse in direction (dx, dy), px from the origin. */
function ellipseSupport(e: Ellipse, dx: number, dy: number): number {
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const p1 = dx * c + dy * s;
  const p2 = -dx * s + dy * c;
  return e.cx * dx + e.cy * dy + Math.sqrt(e.rx * e.rx * p1 * p1 + e.ry * e.ry * p2 * p2);
}

const finite = (v: number): boolean => typeof v === 'number' && Number.isFinite(v);
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

function checkPx(name: string, p: Px | undefined): void {
  if (!p || !finite(p[0]) || !finite(p[1])) throw new RangeError(`fitHead: ${name} must be two finite px, got ${JSON.stringify(p)}`);
}

/**
 * Fits the head to what the photo shows: scale from `scale` (else the pupils at IPD_MM, else the outline at the
 * mean head breadth), pose from the face (else 0, or options.pose), the front pole on the glabella at the face's
 * depth (else the centre on the outline's centre), breadth and height from the outline's side and top extents.
 * Throws a RangeError naming the field when the observation has neither a scale, a face nor an outline.
 */
export function fitHead(obs: HeadObservation, options: FitOptions = {}): HeadFit {
  const { width, height } = obs;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0))
    throw new RangeError(`fitHead: width × height must be positive integers, got ${width} × ${height}`);
  const face = obs.face;
  if (face) {
    checkPx('face.glabella', face.glabella);
    checkPx('face.pupils[0]', face.pupils[0]);
    checkPx('face.pupils[1]', face.pupils[1]);
  }
  const outline = obs.outline;
  if (outline && !(finite(outline.cx) && finite(outline.cy) && outline.rx > 0 && outline.ry > 0 && finite(outline.angle)))
    throw new RangeError(`fitHead: outline must have finite centre, positive radii and a finite angle, got ${JSON.stringify(outline)}`);
  const focal35 = options.focal35mm ?? DEFAULT_FOCAL_35MM;
  if (!(focal35 > 0)) throw new RangeError(`fitHead: focal35mm must be > 0, got ${focal35}`);
  const prior: HeadRadii = { ...HEAD_RADII_MM, ...options.radii };
  for (const k of ['a', 'b', 'c'] as const)
    if (!(prior[k] > 0)) throw new RangeError(`fitHead: radii.${k} must be > 0, got ${prior[k]}`);

  let pxPerMm: number;
  if (obs.scale) {
    if (!(obs.scale.pxPerMm > 0)) throw new RangeError(`fitHead: scale.pxPerMm must be > 0, got ${obs.scale.pxPerMm}`);
    pxPerMm = obs.scale.pxPerMm;
  } else if (face) {
    const ipd = Math.hypot(face.pupils[1][0] - face.pupils[0][0], face.pupils[1][1] - face.pupils[0][1]);
    if (!(ipd > 0)) throw new RangeError(`fitHead: face.pupils coincide (${JSON.stringify(face.pupils)}) and there is no scale`);
    pxPerMm = ipd / IPD_MM / Math.max(0.3, Math.cos(face.pose.yaw));
  } else if (outline) {
    pxPerMm = Math.max(outline.rx, outline.ry) / prior.a;
  } else throw new RangeError('fitHead: the observation has no scale, no face and no outline: nothing to fit (use the ruler)');

  const pose: Pose = { yaw: 0, pitch: 0, roll: 0, ...(face?.pose ?? {}), ...options.pose };
  for (const k of ['yaw', 'pitch', 'roll'] as const) if (!finite(pose[k])) throw new RangeError(`fitHead: pose.${k} must be finite, got ${pose[k]}`);
  const diag = Math.hypot(width, height);
  const focalPx = focal35 === Infinity ? Infinity : (focal35 * diag) / Math.hypot(36, 24);
  const fit: HeadFit = {
    width,
    height,
    radii: { ...prior },
    pose,
    centre: [0, 0, 0],
    focalPx,
    orthoPxPerMm: pxPerMm,
    principal: [width / 2, height / 2],
    originArc: options.originArc ?? MID_FRONTAL_ARC_MM,
    floorY: options.floorY ?? DEFAULT_FLOOR_Y_MM,
    clip: outline ? { ...outline } : null,
    brow: null,
  };
  if (!(fit.originArc > 0 && fit.originArc < 250)) throw new RangeError(`fitHead: originArc must be in (0, 250) mm, got ${fit.originArc}`);

  const place = (): void => {
    if (face) anchorPoint(fit, [0, 0, fit.radii.c], face.glabella, pxPerMm);
    else anchorPoint(fit, [0, 0, 0], [outline!.cx, outline!.cy], pxPerMm);
  };
  place();
  if (outline) {
    // breadth (a) from the outline's half-width, height (b) from its top, on the exact outline of the posed
    // ellipsoid; the length c follows a (the head's shape kept). A view from above or behind, where top and
    // sides do not tell a from b, keeps the priors for what it cannot see.
    const top = ellipseSupport(outline, 0, -1);
    const half = (ellipseSupport(outline, 1, 0) + ellipseSupport(outline, -1, 0)) / 2;
    const M = headToCameraMatrix(fit);
    const seesB = Math.abs(M[4]) > 0.5; // the head's up axis mostly in the image plane
    const seesA = Math.abs(M[0]) > 0.5;
    const solve = (key: 'a' | 'b', target: number, measure: () => number): void => {
      let [lo, hi] = HEAD_RADII_RANGE[key] as readonly number[] as [number, number];
      for (let k = 0; k < 40; k++) {
        fit.radii[key] = 0.5 * (lo + hi);
        if (key === 'a') fit.radii.c = clamp((prior.c * fit.radii.a) / prior.a, HEAD_RADII_RANGE.c[0], HEAD_RADII_RANGE.c[1]);
        place();
        if (measure() < target) lo = fit.radii[key];
        else hi = fit.radii[key];
      }
    };
    for (let iter = 0; iter < 3; iter++) {
      if (seesA) solve('a', half, () => (outlineSupport(fit, 1, 0).h + outlineSupport(fit, -1, 0).h) / 2);
      if (seesB) solve('b', top, () => outlineSupport(fit, 0, -1).h);
    }
  }
  if (face) fit.brow = browLine(face);
  return fit;
}

/** Places the head so that head point h lands on photo px `at` at the depth where 1 mm spans pxPerMm px. */
function anchorPoint(fit: HeadFit, h: V3, at: Px, pxPerMm: number): void {
  const M = headToCameraMatrix(fit);
  const rot = headToCamera(M, [0, 0, 0], h);
  if (fit.focalPx === Infinity) {
    fit.orthoPxPerMm = pxPerMm;
    fit.centre = [(at[0] - fit.principal[0]) / pxPerMm - rot[0], (at[1] - fit.principal[1]) / pxPerMm - rot[1], 1000 - rot[2]];
    return;
  }
  const z = fit.focalPx / pxPerMm;
  const p = [((at[0] - fit.principal[0]) * z) / fit.focalPx, ((at[1] - fit.principal[1]) * z) / fit.focalPx, z];
  fit.centre = [p[0]! - rot[0], p[1]! - rot[1], p[2]! - rot[2]];
}

/** The brow line: through both brow tops, cutting toward the chin, across the face (out to the canthi and a half again). */
function browLine(face: NonNullable<HeadObservation['face']>): ClipLine {
  const [r, l] = face.browTops;
  const x = (r[0] + l[0]) / 2;
  const y = (r[1] + l[1]) / 2;
  let tx = l[0] - r[0];
  let ty = l[1] - r[1];
  const len = Math.hypot(tx, ty) || 1;
  tx /= len;
  ty /= len;
  let nx = -ty;
  let ny = tx;
  if ((face.chin[0] - x) * nx + (face.chin[1] - y) * ny < 0) {
    nx = -nx;
    ny = -ny;
  }
  const [cr, cl] = face.lateralCanthi;
  const span = Math.hypot(cl[0] - cr[0], cl[1] - cr[1]);
  return { x, y, nx, ny, halfWidth: 0.75 * span };
}

/** Whether photo px (u, v) lies on the drawable side of the fit's clips (the outline and the brow line). */
export function insideClips(fit: HeadFit, u: number, v: number): boolean {
  const e = fit.clip;
  if (e) {
    const c = Math.cos(e.angle);
    const s = Math.sin(e.angle);
    const dx = u - e.cx;
    const dy = v - e.cy;
    const p = (dx * c + dy * s) / e.rx;
    const q = (-dx * s + dy * c) / e.ry;
    if (p * p + q * q > 1) return false;
  }
  const b = fit.brow;
  if (b) {
    const dx = u - b.x;
    const dy = v - b.y;
    if (dx * b.nx + dy * b.ny > 0 && Math.abs(-dx * b.ny + dy * b.nx) <= b.halfWidth) return false;
  }
  return true;
}

/** Changes made by hand: radii (top = b, sides = a, length = c), pose, the origin's arc, the outline clip. */
export interface HeadAdjustment {
  radii?: Partial<HeadRadii>;
  pose?: Partial<Pose>;
  originArc?: number;
  /** Moves the head in the photo, px (the whole head, keeping its depth). */
  shiftPx?: readonly [number, number];
  clip?: Ellipse | null;
}

/** A copy of the fit with the adjustment applied, the front pole kept where it was in the photo (radii and pose edits). */
export function adjustHead(fit: HeadFit, adj: HeadAdjustment): HeadFit {
  const next: HeadFit = structuredCloneFit(fit);
  const anchor = headToPx(fit, [0, 0, fit.radii.c]);
  const s = fit.focalPx === Infinity ? fit.orthoPxPerMm : fit.focalPx / headToCamera(headToCameraMatrix(fit), fit.centre, [0, 0, fit.radii.c])[2];
  if (adj.radii)
    for (const k of ['a', 'b', 'c'] as const) {
      const v = adj.radii[k];
      if (v === undefined) continue;
      if (!(v >= HEAD_RADII_RANGE[k][0] && v <= HEAD_RADII_RANGE[k][1]))
        throw new RangeError(`adjustHead: radii.${k} must be in [${HEAD_RADII_RANGE[k].join(', ')}] mm, got ${v}`);
      next.radii[k] = v;
    }
  if (adj.pose)
    for (const k of ['yaw', 'pitch', 'roll'] as const) {
      const v = adj.pose[k];
      if (v === undefined) continue;
      if (!(finite(v) && Math.abs(v) <= Math.PI)) throw new RangeError(`adjustHead: pose.${k} must be in [−π, π], got ${v}`);
      next.pose[k] = v;
    }
  if (adj.originArc !== undefined) {
    if (!(adj.originArc > 0 && adj.originArc < 250)) throw new RangeError(`adjustHead: originArc must be in (0, 250) mm, got ${adj.originArc}`);
    next.originArc = adj.originArc;
  }
  if (adj.clip !== undefined) next.clip = adj.clip ? { ...adj.clip } : null;
  if (adj.shiftPx && !(finite(adj.shiftPx[0]) && finite(adj.shiftPx[1]))) throw new RangeError(`adjustHead: shiftPx must be finite, got ${JSON.stringify(adj.shiftPx)}`);
  const at: Px = adj.shiftPx ? [anchor[0] + adj.shiftPx[0], anchor[1] + adj.shiftPx[1]] : anchor;
  anchorPoint(next, [0, 0, next.radii.c], at, s);
  return next;
}

function structuredCloneFit(f: HeadFit): HeadFit {
  return {
    ...f,
    radii: { ...f.radii },
    pose: { ...f.pose },
    centre: [...f.centre],
    principal: [...f.principal],
    clip: f.clip ? { ...f.clip } : null,
    brow: f.brow ? { ...f.brow } : null,
  };
}

/** Handles for the studio, px: the silhouette's top and sides (drag with dragHandle) and the front pole (glabella). */
export function headHandles(fit: HeadFit): { top: Px; left: Px; right: Px; front: Px } {
  const C = outlineConic(fit);
  return {
    top: outlineSupport(fit, 0, -1, C).at,
    left: outlineSupport(fit, -1, 0, C).at,
    right: outlineSupport(fit, 1, 0, C).at,
    front: headToPx(fit, [0, 0, fit.radii.c]),
  };
}

/** The fit after dragging a handle to photo px `to`: 'top' sets the height (b), 'left'/'right' the breadth (a), 'front' moves the head. */
export function dragHandle(fit: HeadFit, handle: 'top' | 'left' | 'right' | 'front', to: Px): HeadFit {
  checkPx(`dragHandle(${handle})`, to);
  if (handle === 'front') {
    const f = headToPx(fit, [0, 0, fit.radii.c]);
    return adjustHead(fit, { shiftPx: [to[0] - f[0], to[1] - f[1]] });
  }
  // bisect the radius until the outline's extreme reaches the pointer (the front pole stays put)
  const key = handle === 'top' ? 'b' : 'a';
  const [dx, dy] = handle === 'top' ? [0, -1] : handle === 'left' ? [-1, 0] : [1, 0];
  const target = to[0] * dx + to[1] * dy;
  let [lo, hi] = HEAD_RADII_RANGE[key] as readonly number[] as [number, number];
  let best = fit;
  for (let k = 0; k < 40; k++) {
    const mid = 0.5 * (lo + hi);
    best = adjustHead(fit, { radii: { [key]: mid } });
    if (outlineSupport(best, dx, dy).h < target) lo = mid;
    else hi = mid;
  }
  return best;
}
