// The one place that turns scalp mm into photo px (and back). Pure: no DOM.
// A Projection maps the flat scalp map (mm) to photo px with, per point, the local Jacobian (px per mm along
// the map's x and y) and whether the point is drawn. Two kinds:
//  - flat: the affine ScalpView of view.ts (the sample scalp, photos without a fit): one Jacobian, all drawn;
//  - head: the flat map laid on a fitted ellipsoid (surface.ts) and seen through the photo's camera
//    (model.ts). For speed the map is sampled once per fit on a 2 mm grid of the flat map (positions in the
//    head frame), and once per pose into px; each dot is then a bilinear lookup, and its Jacobian is that
//    lookup's own derivative (so it agrees with finite differences of the positions). A dot is drawn when it
//    faces the camera (interpolated cosine > 0), stays above the head's floor, and its px lies inside the
//    observed outline and not below the brow line.
// A dot of radius r mm is drawn as the ellipse J · r · (cos t, sin t): squashed where the scalp turns away.
import { type Bounds, type ScalpView, type Vec2, mmToPx as flatMmToPx, pxToMm as flatPxToMm, viewMatrix } from '../view.js';
import { type HeadFit, cameraToPx, headToCamera, headToCameraMatrix, headToPx, insideClips, rayHit } from './model.js';
import { type SurfaceMap, phiAtArc, section, sectionPoint, surfaceMap, surfaceToFlat, thetaAtArc } from './surface.js';

/** Many projected points: px (x, y interleaved), Jacobian (∂px/∂x, ∂py/∂x, ∂px/∂y, ∂py/∂y per point, px/mm), drawn (1) or not (0). */
export interface ProjectedDots {
  count: number;
  px: Float32Array;
  jac: Float32Array;
  visible: Uint8Array;
}

/** Allocates ProjectedDots for n points. */
export function allocProjected(n: number): ProjectedDots {
  return { count: n, px: new Float32Array(2 * n), jac: new Float32Array(4 * n), visible: new Uint8Array(n) };
}

/** Scalp mm ↔ photo px, with the local Jacobian and visibility (see the header). */
export interface Projection {
  readonly kind: 'flat' | 'head';
  /** The flat projection's view (flat only). */
  readonly view?: ScalpView;
  /** Scalp mm → photo px into out; returns whether the point is drawn. */
  mmToPx(x: number, y: number, out?: Vec2): boolean;
  /** Jacobian at scalp mm (x, y) into out [∂px/∂x, ∂py/∂x, ∂px/∂y, ∂py/∂y]; returns whether the point is drawn. */
  jacobian(x: number, y: number, out: Float32Array | number[]): boolean;
  /** Photo px → scalp mm into out; returns false where the px is off the head (out then holds the nearest point on the head's edge, or NaN). */
  pxToMm(u: number, v: number, out?: Vec2): boolean;
  /** Projects the first `count` points of an interleaved mm array into `out` (allocated when absent or too small). */
  project(xy: ArrayLike<number>, count: number, out?: ProjectedDots): ProjectedDots;
}

/** The ellipse of a circle of radius r mm under Jacobian j (4 values from `offset`): semi-axes (px, major first) and the major axis' angle (radians, x toward y). */
export function dotEllipse(jac: ArrayLike<number>, offset: number, r: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const a = jac[offset]!, b = jac[offset + 1]!, c = jac[offset + 2]!, d = jac[offset + 3]!;
  // M = J Jᵀ = [[a²+c², ab+cd], [ab+cd, b²+d²]]; its eigen-decomposition gives the axes
  const m11 = a * a + c * c;
  const m12 = a * b + c * d;
  const m22 = b * b + d * d;
  const tr = (m11 + m22) / 2;
  const q = Math.sqrt(Math.max(0, ((m11 - m22) / 2) ** 2 + m12 * m12));
  out[0] = r * Math.sqrt(tr + q);
  out[1] = r * Math.sqrt(Math.max(0, tr - q));
  out[2] = 0.5 * Math.atan2(2 * m12, m11 - m22);
  return out;
}

/**
 * A photo px polygon (the proposed treated area, a brush stroke) as scalp mm: each vertex through pxToMm, a
 * vertex off the head taken to the nearest point of the head's edge; vertices with no answer are dropped.
 */
export function pxPolygonToMm(proj: Projection, polygon: ReadonlyArray<readonly [number, number]>): [number, number][] {
  const out: [number, number][] = [];
  const mm: Vec2 = [0, 0];
  for (const [u, v] of polygon) {
    proj.pxToMm(u, v, mm);
    if (Number.isFinite(mm[0]) && Number.isFinite(mm[1])) out.push([mm[0], mm[1]]);
  }
  return out;
}

/** A flat projection through a ScalpView (view.ts): the same px as before, every point drawn. */
export function flatProjection(view: ScalpView): Projection {
  const v: ScalpView = { ...view };
  const m = viewMatrix(v);
  const [ja, jb, jc, jd] = [m[0]!, m[1]!, m[3]!, m[4]!];
  return {
    kind: 'flat',
    view: v,
    mmToPx(x, y, out: Vec2 = [0, 0]) {
      flatMmToPx(v, x, y, out);
      return true;
    },
    jacobian(_x, _y, out) {
      out[0] = ja;
      out[1] = jb;
      out[2] = jc;
      out[3] = jd;
      return true;
    },
    pxToMm(u, w, out: Vec2 = [0, 0]) {
      flatPxToMm(v, u, w, out);
      return true;
    },
    project(xy, count, out) {
      const o = out && out.visible.length >= count ? out : allocProjected(count);
      o.count = count;
      const { px, jac, visible } = o;
      const tx = m[6]!, ty = m[7]!;
      for (let i = 0; i < count; i++) {
        const x = xy[2 * i]!;
        const y = xy[2 * i + 1]!;
        px[2 * i] = ja * x + jc * y + tx;
        px[2 * i + 1] = jb * x + jd * y + ty;
        const k = 4 * i;
        jac[k] = ja;
        jac[k + 1] = jb;
        jac[k + 2] = jc;
        jac[k + 3] = jd;
        visible[i] = 1;
      }
      return o;
    },
  };
}

/** The flat-map box a head projection samples, mm, and its grid step. */
export const HEAD_GRID = { minX: -200, maxX: 200, minY: -380, maxY: 110, step: 2 } as const;

/** The flat map sampled on the head: head-frame positions per grid node (NaN off the map). Depends on radii and originArc only. */
export interface SurfaceGrid {
  map: SurfaceMap;
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  step: number;
  /** Head-frame xyz per node. */
  pos: Float64Array;
}

/** Samples the surface map on HEAD_GRID (one section table per grid row). */
export function surfaceGrid(map: SurfaceMap, box: Bounds & { step: number } = HEAD_GRID): SurfaceGrid {
  const { step } = box;
  const nx = Math.round((box.maxX - box.minX) / step) + 1;
  const ny = Math.round((box.maxY - box.minY) / step) + 1;
  const pos = new Float64Array(3 * nx * ny).fill(NaN);
  const p: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < ny; j++) {
    const y = box.minY + j * step;
    const theta = thetaAtArc(map.mid, map.originArc - y);
    if (!Number.isFinite(theta)) continue;
    const sec = section(map.radii, theta);
    for (let i = 0; i < nx; i++) {
      const phi = phiAtArc(sec, box.minX + i * step);
      if (!Number.isFinite(phi)) continue;
      sectionPoint(sec, phi, p);
      const k = 3 * (j * nx + i);
      pos[k] = p[0];
      pos[k + 1] = p[1];
      pos[k + 2] = p[2];
    }
  }
  return { map, nx, ny, x0: box.minX, y0: box.minY, step, pos };
}

/**
 * The head projection of a fit: the flat map on the fitted ellipsoid seen through the photo's camera. Pass a
 * SurfaceGrid from an earlier projection of the same radii and originArc to skip resampling (pose and
 * placement edits only).
 */
export function headProjection(fit: HeadFit, grid?: SurfaceGrid): HeadProjection {
  return new HeadProjection(fit, grid);
}

/** A Projection through a HeadFit (see headProjection). */
export class HeadProjection implements Projection {
  readonly kind = 'head' as const;
  readonly fit: HeadFit;
  readonly grid: SurfaceGrid;
  /** Per grid node: px x, px y, and the drawn-ness potential (> 0 drawn: the facing cosine, cut by the floor); NaN px off the map. */
  private readonly nodes: Float32Array;

  constructor(fit: HeadFit, grid?: SurfaceGrid) {
    this.fit = fit;
    const same = grid && grid.map.originArc === fit.originArc && grid.map.radii.a === fit.radii.a && grid.map.radii.b === fit.radii.b && grid.map.radii.c === fit.radii.c;
    this.grid = same ? grid : surfaceGrid(surfaceMap(fit.radii, fit.originArc));
    const { pos } = this.grid;
    const n = this.grid.nx * this.grid.ny;
    const nodes = (this.nodes = new Float32Array(3 * n));
    for (let k = 0; k < n; k++) {
      nodes[3 * k] = NaN;
      nodes[3 * k + 1] = NaN;
      nodes[3 * k + 2] = -1;
    }
    const M = headToCameraMatrix(fit);
    const T = fit.centre;
    const { a, b, c } = fit.radii;
    const ortho = fit.focalPx === Infinity;
    const cam: [number, number, number] = [0, 0, 0];
    const uv: [number, number] = [0, 0];
    for (let k = 0; k < n; k++) {
      const hx = pos[3 * k]!;
      if (Number.isNaN(hx)) continue;
      const hy = pos[3 * k + 1]!;
      const hz = pos[3 * k + 2]!;
      headToCamera(M, T, [hx, hy, hz], cam);
      cameraToPx(fit, cam, uv);
      nodes[3 * k] = uv[0];
      nodes[3 * k + 1] = uv[1];
      const gx = hx / (a * a), gy = hy / (b * b), gz = hz / (c * c);
      const nx = M[0] * gx + M[1] * gy + M[2] * gz;
      const ny = M[3] * gx + M[4] * gy + M[5] * gz;
      const nz = M[6] * gx + M[7] * gy + M[8] * gz;
      const vx = ortho ? 0 : cam[0], vy = ortho ? 0 : cam[1], vz = ortho ? 1 : cam[2];
      const cos = -(nx * vx + ny * vy + nz * vz) / (Math.hypot(nx, ny, nz) * Math.hypot(vx, vy, vz));
      // the floor: fade to −1 within 1 mm below it, so interpolation cuts at it
      nodes[3 * k + 2] = Math.min(cos, hy - fit.floorY);
    }
  }

  /** Head-frame point of scalp mm (x, y) through the grid (bilinear), or null off the map. */
  headPoint(x: number, y: number): [number, number, number] | null {
    const g = this.grid;
    const fx = (x - g.x0) / g.step;
    const fy = (y - g.y0) / g.step;
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    if (!(i >= 0 && j >= 0 && i < g.nx - 1 && j < g.ny - 1)) return null;
    const tx = fx - i, ty = fy - j;
    const k = j * g.nx + i;
    const out: [number, number, number] = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      const p00 = g.pos[3 * k + d]!, p10 = g.pos[3 * (k + 1) + d]!, p01 = g.pos[3 * (k + g.nx) + d]!, p11 = g.pos[3 * (k + g.nx + 1) + d]!;
      out[d] = (p00 * (1 - tx) + p10 * tx) * (1 - ty) + (p01 * (1 - tx) + p11 * tx) * ty;
    }
    return Number.isNaN(out[0]) ? null : out;
  }

  mmToPx(x: number, y: number, out: Vec2 = [0, 0]): boolean {
    return this.one(x, y, out, null);
  }

  jacobian(x: number, y: number, out: Float32Array | number[]): boolean {
    return this.one(x, y, [0, 0], out);
  }

  private one(x: number, y: number, out: Vec2, jac: Float32Array | number[] | null): boolean {
    const tmp = allocProjected(1);
    projectGrid(this, Float32Array.of(x, y), 1, tmp);
    out[0] = tmp.px[0]!;
    out[1] = tmp.px[1]!;
    if (jac) for (let d = 0; d < 4; d++) jac[d] = tmp.jac[d]!;
    return tmp.visible[0] === 1;
  }

  pxToMm(u: number, v: number, out: Vec2 = [0, 0]): boolean {
    const fit = this.fit;
    let hit = rayHit(fit, u, v);
    let onHead = hit !== null;
    if (!hit) {
      // off the head: the nearest point of its outline on the way to the head's centre in the photo
      const c = headToPx(fit, [0, 0, 0]);
      let lo = 0;
      let hi = 1;
      for (let k = 0; k < 40; k++) {
        const mid = 0.5 * (lo + hi);
        if (rayHit(fit, c[0] + (u - c[0]) * mid, c[1] + (v - c[1]) * mid)) lo = mid;
        else hi = mid;
      }
      hit = rayHit(fit, c[0] + (u - c[0]) * lo, c[1] + (v - c[1]) * lo);
    }
    const r = hit ? surfaceToFlat(this.grid.map, hit, out) : null;
    if (!r) {
      out[0] = NaN;
      out[1] = NaN;
      return false;
    }
    if (onHead) this.refine(u, v, out);
    return onHead && insideClips(fit, u, v) && hit![1] >= fit.floorY;
  }

  /** Newton steps on the sampled forward map, so that pxToMm inverts mmToPx as drawn (not just the exact surface). */
  private refine(u: number, v: number, out: Vec2): void {
    const t = allocProjected(1);
    const xy = [out[0], out[1]];
    const f = new Float32Array(2);
    for (let k = 0; k < 3; k++) {
      f[0] = xy[0]!;
      f[1] = xy[1]!;
      projectGrid(this, f, 1, t);
      const ru = u - t.px[0]!;
      const rv = v - t.px[1]!;
      if (!(Number.isFinite(ru) && Number.isFinite(rv))) return;
      const [a, b, c, d] = [t.jac[0]!, t.jac[1]!, t.jac[2]!, t.jac[3]!];
      const det = a * d - b * c;
      if (!(Math.abs(det) > 1e-9)) return;
      // [a c; b d] · δ = r
      const dx = (d * ru - c * rv) / det;
      const dy = (-b * ru + a * rv) / det;
      if (Math.hypot(dx, dy) > 2) return; // far from the sampled map: keep the exact answer
      xy[0]! += dx;
      xy[1]! += dy;
    }
    out[0] = xy[0]!;
    out[1] = xy[1]!;
  }

  project(xy: ArrayLike<number>, count: number, out?: ProjectedDots): ProjectedDots {
    const o = out && out.visible.length >= count ? out : allocProjected(count);
    o.count = count;
    if (xy instanceof Float32Array) projectGrid(this, xy, count, o);
    else projectGrid(this, Float32Array.from({ length: 2 * count }, (_, i) => xy[i]!), count, o);
    return o;
  }

  /** The node table (for projectGrid). */
  get nodeTable(): Float32Array {
    return this.nodes;
  }
}

/** The hot loop of HeadProjection.project (monomorphic: Float32Array in, typed arrays out). */
function projectGrid(proj: HeadProjection, xy: Float32Array, count: number, o: ProjectedDots): void {
  const { px, jac, visible } = o;
  const g = proj.grid;
  const { nx, ny, x0, y0 } = g;
  const inv = 1 / g.step;
  const N = proj.nodeTable;
  const fit = proj.fit;
  const clip = fit.clip;
  const hasClip = clip !== null;
  const ce = clip ? Math.cos(clip.angle) : 1, se = clip ? Math.sin(clip.angle) : 0;
  const irx = clip ? 1 / clip.rx : 0, iry = clip ? 1 / clip.ry : 0;
  const ccx = clip ? clip.cx : 0, ccy = clip ? clip.cy : 0;
  const brow = fit.brow;
  const hasBrow = brow !== null;
  const bx = brow ? brow.x : 0, by = brow ? brow.y : 0, bnx = brow ? brow.nx : 0, bny = brow ? brow.ny : 0, bhw = brow ? brow.halfWidth : 0;
  const row = 3 * nx;
  for (let n = 0; n < count; n++) {
    const fx = (xy[2 * n]! - x0) * inv;
    const fy = (xy[2 * n + 1]! - y0) * inv;
    const q = 4 * n;
    if (!(fx >= 0 && fy >= 0 && fx < nx - 1 && fy < ny - 1)) {
      px[2 * n] = NaN;
      px[2 * n + 1] = NaN;
      jac[q] = jac[q + 1] = jac[q + 2] = jac[q + 3] = 0;
      visible[n] = 0;
      continue;
    }
    const i = fx | 0;
    const j = fy | 0;
    const tx = fx - i, ty = fy - j;
    const k = 3 * (j * nx + i);
    const u00 = N[k]!, v00 = N[k + 1]!, w00 = N[k + 2]!;
    const u10 = N[k + 3]!, v10 = N[k + 4]!, w10 = N[k + 5]!;
    const u01 = N[k + row]!, v01 = N[k + row + 1]!, w01 = N[k + row + 2]!;
    const u11 = N[k + row + 3]!, v11 = N[k + row + 4]!, w11 = N[k + row + 5]!;
    const ua = u00 + (u10 - u00) * tx, ub = u01 + (u11 - u01) * tx;
    const va = v00 + (v10 - v00) * tx, vb = v01 + (v11 - v01) * tx;
    const u = ua + (ub - ua) * ty;
    const v = va + (vb - va) * ty;
    px[2 * n] = u;
    px[2 * n + 1] = v;
    jac[q] = ((u10 - u00) * (1 - ty) + (u11 - u01) * ty) * inv;
    jac[q + 1] = ((v10 - v00) * (1 - ty) + (v11 - v01) * ty) * inv;
    jac[q + 2] = (ub - ua) * inv;
    jac[q + 3] = (vb - va) * inv;
    const wa = w00 + (w10 - w00) * tx, wb = w01 + (w11 - w01) * tx;
    let vis = wa + (wb - wa) * ty > 0 && u === u; // NaN nodes fail u === u
    if (vis && hasClip) {
      const dx = u - ccx, dy = v - ccy;
      const a = (dx * ce + dy * se) * irx, b = (-dx * se + dy * ce) * iry;
      vis = a * a + b * b <= 1;
    }
    if (vis && hasBrow) {
      const dx = u - bx, dy = v - by;
      vis = !(dx * bnx + dy * bny > 0 && Math.abs(-dx * bny + dy * bnx) <= bhw);
    }
    visible[n] = vis ? 1 : 0;
  }
}
