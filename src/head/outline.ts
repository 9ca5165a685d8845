// The head's outline above the ears, from the person mask: the mask's top and side edges above the brows (or,
// with no face, over the top of the person), sub-cell positioned on the soft mask, fitted with an ellipse.
import { fitEllipse } from './ellipse.js';
import type { Ellipse, FaceFeatures, Px, Raster } from './observation.js';

/** Mask value taken as the person's edge (the selfie mask is soft: 0–255). */
const EDGE = 128;

/** Where between cells i and i+1 the mask crosses EDGE (linear), as a fraction of a cell. */
function crossing(a: number, b: number): number {
  return a === b ? 0.5 : Math.min(1, Math.max(0, (EDGE - a) / (b - a)));
}

/**
 * Outline points of the head in photo px: the first person cell from the top in each column, and the first from
 * the left and from the right in each row, above the brow line (with a face) or over the person's top rows (with
 * none: down to 0.8 × the widest row met so far, a head's proportion above the ears). Points on the photo's
 * border are left out (the head is cut there, not outlined).
 */
export function outlinePoints(mask: Raster, face: Pick<FaceFeatures, 'browTops'> | null): Px[] {
  const { width: w, height: h, data, scale } = mask;
  const at = (x: number, y: number) => data[y * w + x]!;
  let top = -1;
  for (let y = 0; y < h && top < 0; y++) for (let x = 0; x < w; x++) if (at(x, y) >= EDGE) { top = y; break; }
  if (top < 0) return [];
  // the rows that hold the head above the ears
  let bottom: number;
  if (face) {
    bottom = Math.min(h - 1, Math.floor(Math.min(face.browTops[0][1], face.browTops[1][1]) / scale));
  } else {
    let widest = 0;
    bottom = top;
    for (let y = top; y < h; y++) {
      let l = -1, r = -1;
      for (let x = 0; x < w; x++) if (at(x, y) >= EDGE) { if (l < 0) l = x; r = x; }
      widest = Math.max(widest, r - l + 1);
      if (y - top > 0.8 * widest) break;
      bottom = y;
    }
  }
  const pts: Px[] = [];
  const cellToPx = (x: number, y: number): Px => [(x + 0.5) * scale, (y + 0.5) * scale];
  for (let y = top; y <= bottom; y++) {
    let l = -1, r = -1;
    for (let x = 0; x < w; x++) if (at(x, y) >= EDGE) { if (l < 0) l = x; r = x; }
    if (l > 0) pts.push(cellToPx(l - 1 + crossing(at(l - 1, y), at(l, y)), y));
    if (r >= 0 && r < w - 1) pts.push(cellToPx(r + crossing(at(r, y), at(r + 1, y)) , y));
  }
  for (let x = 0; x < w; x++) {
    for (let y = top; y <= bottom; y++) {
      if (at(x, y) < EDGE) continue;
      if (y > 0) pts.push(cellToPx(x, y - 1 + crossing(at(x, y - 1), at(x, y))));
      break;
    }
  }
  return pts;
}

/** The head outline as an ellipse fitted to outlinePoints, or null when the mask gives no plausible one. */
export function outlineFromMask(mask: Raster, face: Pick<FaceFeatures, 'browTops'> | null): Ellipse | null {
  const pts = outlinePoints(mask, face);
  if (pts.length < 12) return null;
  const e = fitEllipse(pts);
  if (!e) return null;
  const W = mask.width * mask.scale, H = mask.height * mask.scale;
  const plausible = e.cx > 0 && e.cx < W && e.cy > 0 && e.cy < 1.5 * H && Math.max(e.rx, e.ry) < 1.5 * Math.max(W, H) && Math.min(e.rx, e.ry) > 4 * mask.scale;
  return plausible ? e : null;
}
