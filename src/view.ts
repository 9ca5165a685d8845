// The one place that owns mm → pixels. Pure: no DOM, no Pixi.
// Scalp map: mm, x right, y down, origin at the mid-frontal hairline point, scalp at y < 0.
// A ScalpView maps it onto the background image's pixels (world space = background pixel space), with the
// map's y axis foreshortened by q = squash (1 seen from above; ≈ 0.3–0.6 for the top of the head in a
// frontal photo):
//   px = originX + pxPerMm · ( cos θ · x − sin θ · q · y)
//   py = originY + pxPerMm · ( sin θ · x + cos θ · q · y)

/** Maps scalp mm to background-image pixels: scale, the pixel of the mm origin, and a rotation (radians, x toward y). */
export interface ScalpView {
  /** Pixels per mm (> 0). */
  pxPerMm: number;
  /** Pixel x of the mm origin (mid-frontal hairline point). */
  originX: number;
  /** Pixel y of the mm origin. */
  originY: number;
  /** Rotation in radians; positive turns the mm x axis toward the pixel y axis (clockwise on screen). */
  rotation: number;
  /** Foreshortening of the map's y axis, 0 < squash ≤ 1 (default 1: seen from straight above). */
  squash?: number;
}

/** An axis-aligned box in mm (or px); an empty one has min > max. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A 2-vector written by the `out` forms. */
export type Vec2 = [number, number];

/** The identity view: 1 px per mm, origin at pixel (0, 0), no rotation. */
export function identityView(): ScalpView {
  return { pxPerMm: 1, originX: 0, originY: 0, rotation: 0 };
}

/** Scalp mm (x, y) → background pixels, written into `out` when given. */
export function mmToPx(view: ScalpView, x: number, y: number, out: Vec2 = [0, 0]): Vec2 {
  const c = Math.cos(view.rotation) * view.pxPerMm;
  const s = Math.sin(view.rotation) * view.pxPerMm;
  const qy = (view.squash ?? 1) * y;
  out[0] = view.originX + c * x - s * qy;
  out[1] = view.originY + s * x + c * qy;
  return out;
}

/** Background pixels (px, py) → scalp mm, the exact inverse of mmToPx; written into `out` when given. */
export function pxToMm(view: ScalpView, px: number, py: number, out: Vec2 = [0, 0]): Vec2 {
  const c = Math.cos(view.rotation) / view.pxPerMm;
  const s = Math.sin(view.rotation) / view.pxPerMm;
  const dx = px - view.originX;
  const dy = py - view.originY;
  out[0] = c * dx + s * dy;
  out[1] = (-s * dx + c * dy) / (view.squash ?? 1);
  return out;
}

/**
 * The view as a 3×3 column-major matrix (mm → px, for a `mat3` uniform): [a, b, 0, c, d, 0, tx, ty, 1] with
 * px = a·x + c·y + tx, py = b·x + d·y + ty. Written into `out` when given.
 */
export function viewMatrix(view: ScalpView, out: Float32Array = new Float32Array(9)): Float32Array {
  const c = Math.cos(view.rotation) * view.pxPerMm;
  const s = Math.sin(view.rotation) * view.pxPerMm;
  const q = view.squash ?? 1;
  out[0] = c;
  out[1] = s;
  out[2] = 0;
  out[3] = -s * q;
  out[4] = c * q;
  out[5] = 0;
  out[6] = view.originX;
  out[7] = view.originY;
  out[8] = 1;
  return out;
}

/**
 * The view that fits `bounds` (mm) into a widthPx × heightPx frame, `marginPx` clear on every side, centred,
 * at `rotation` radians (default 0) and `squash` (default 1). A zero-size or empty box counts as 1 mm wide; a negative room as 1 px.
 */
export function fitView(bounds: Bounds, widthPx: number, heightPx: number, marginPx = 0, rotation = 0, squash = 1): ScalpView {
  const empty = !(bounds.maxX >= bounds.minX && bounds.maxY >= bounds.minY);
  const cx = empty ? 0 : (bounds.minX + bounds.maxX) / 2;
  const cy = empty ? 0 : (bounds.minY + bounds.maxY) / 2;
  const hw = empty ? 0.5 : Math.max(0.5, (bounds.maxX - bounds.minX) / 2);
  const hh = (empty ? 0.5 : Math.max(0.5, (bounds.maxY - bounds.minY) / 2)) * squash;
  // half extents of the rotated box, in mm
  const c = Math.abs(Math.cos(rotation));
  const s = Math.abs(Math.sin(rotation));
  const ex = c * hw + s * hh;
  const ey = s * hw + c * hh;
  const roomX = Math.max(1, widthPx - 2 * marginPx);
  const roomY = Math.max(1, heightPx - 2 * marginPx);
  const pxPerMm = Math.min(roomX / (2 * ex), roomY / (2 * ey));
  // place the box centre at the frame centre
  const v: ScalpView = squash === 1 ? { pxPerMm, originX: 0, originY: 0, rotation } : { pxPerMm, originX: 0, originY: 0, rotation, squash };
  const [bx, by] = mmToPx(v, cx, cy);
  v.originX = widthPx / 2 - bx;
  v.originY = heightPx / 2 - by;
  return v;
}

/** An empty box (min = +∞, max = −∞), which grows by including points. */
export function emptyBounds(): Bounds {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

/** The box of the first `count` points of an interleaved xy array (mm), e.g. a Dots' `xy`; NaNs skipped. */
export function boundsOf(points: { xy: ArrayLike<number>; count?: number }, out: Bounds = emptyBounds()): Bounds {
  const xy = points.xy;
  const n = Math.min(points.count ?? xy.length >> 1, xy.length >> 1);
  let { minX, minY, maxX, maxY } = out;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  out.minX = minX;
  out.minY = minY;
  out.maxX = maxX;
  out.maxY = maxY;
  return out;
}

/** The box of polygons given as [x, y] point lists (a plan's regions, a hairline). */
export function boundsOfPolygons(polygons: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, out: Bounds = emptyBounds()): Bounds {
  for (const poly of polygons)
    for (const [x, y] of poly) {
      if (x < out.minX) out.minX = x;
      if (x > out.maxX) out.maxX = x;
      if (y < out.minY) out.minY = y;
      if (y > out.maxY) out.maxY = y;
    }
  return out;
}
