// The report's pictures: every one cropped to the same box — the client's whole head, crown to chin, with a
// margin (or, on the sample scalp, the treated area) — at the photo's own resolution: the renderer draws the photo
// full size (renderFullSize, the export's path) and the box is cut out of it. Pictures that would repeat another
// (with touch-ups on a day before the first touch-up) are left out and their caption says so instead.
import { DEFAULT_AGING, agingTables, type Dots, type Plan } from '../../src/index.js';
import { outlineConic, outlineSupport, type HeadFit, type Projection } from '../../src/head/index.js';
import type { Ellipse, Px } from '../../src/head/observation.js';
import type { ScalpRenderer } from '../../src/render/index.js';

/** A rectangle of photo px (integers, inside the photo). */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A box of photo px, not yet rounded or clamped. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Margin around the head or the treated area, as a share of the box's larger side, each way. */
export const CROP_MARGIN = 0.08;
/** Crown-to-chin height of an adult head over its breadth (ANSUR: menton–vertex ≈ 232 mm, breadth ≈ 155 mm): the chin when no face was found. */
export const HEAD_HEIGHT_PER_BREADTH = 1.5;
/** Longest side of a report picture, px: larger crops are scaled down (300 dpi over a 86-mm column is ≈ 1000 px). */
export const MAX_PICTURE_PX = 2000;

/**
 * The whole head in photo px: the fitted head's outline (its ellipsoid's silhouette, and the observed outline it
 * clips to) from the crown to the sides, down to the chin (the face's, else HEAD_HEIGHT_PER_BREADTH × the breadth
 * below the crown).
 */
export function headBox(fit: HeadFit, chin: Px | null = null, outline: Ellipse | null = fit.clip): Box {
  const C = outlineConic(fit);
  const box: Box = {
    left: -outlineSupport(fit, -1, 0, C).h,
    top: -outlineSupport(fit, 0, -1, C).h,
    right: outlineSupport(fit, 1, 0, C).h,
    bottom: -Infinity,
  };
  if (outline) {
    // the axis-aligned extents of a rotated ellipse
    const c = Math.cos(outline.angle), s = Math.sin(outline.angle);
    const hx = Math.hypot(outline.rx * c, outline.ry * s);
    const hy = Math.hypot(outline.rx * s, outline.ry * c);
    box.left = Math.min(box.left, outline.cx - hx);
    box.right = Math.max(box.right, outline.cx + hx);
    box.top = Math.min(box.top, outline.cy - hy);
  }
  box.bottom = chin ? chin[1] : box.top + HEAD_HEIGHT_PER_BREADTH * (box.right - box.left);
  if (!(box.right > box.left && box.bottom > box.top) || ![box.left, box.top, box.right, box.bottom].every(Number.isFinite))
    throw new RangeError(`headBox: the fitted head gives no box (got ${JSON.stringify(box)})`);
  return box;
}

/** The px box of the drawn points of a projection (the treated area's dots on the sample); null when none is drawn. */
export function drawnBox(projection: Projection, xy: ArrayLike<number>, count: number): Box | null {
  const p = projection.project(xy, count);
  const box: Box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  for (let i = 0; i < count; i++) {
    if (!p.visible[i]) continue;
    const x = p.px[2 * i]!, y = p.px[2 * i + 1]!;
    if (x < box.left) box.left = x;
    if (x > box.right) box.right = x;
    if (y < box.top) box.top = y;
    if (y > box.bottom) box.bottom = y;
  }
  return box.right >= box.left ? box : null;
}

/** The box grown by `margin` × its larger side each way, rounded outwards and clamped to the photo (w × h). */
export function cropOf(box: Box, width: number, height: number, margin = CROP_MARGIN): Crop {
  if (!(width >= 1 && height >= 1)) throw new RangeError(`cropOf: photo size must be ≥ 1 × 1 px, got ${width} × ${height}`);
  if (!(margin >= 0)) throw new RangeError(`cropOf: margin must be ≥ 0, got ${margin}`);
  const m = margin * Math.max(box.right - box.left, box.bottom - box.top);
  const x0 = Math.max(0, Math.floor(box.left - m));
  const y0 = Math.max(0, Math.floor(box.top - m));
  const x1 = Math.min(width, Math.ceil(box.right + m));
  const y1 = Math.min(height, Math.ceil(box.bottom + m));
  if (!(x1 > x0 && y1 > y0)) throw new RangeError(`cropOf: the box ${JSON.stringify(box)} lies outside the ${width} × ${height} photo`);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Share (0–1) of the pixels of two same-sized RGBA pictures where a channel differs by `levels` of 255 or more. */
export function changedShare(a: ImageData, b: ImageData, levels = 3): number {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError(`changedShare: sizes differ, ${a.width} × ${a.height} and ${b.width} × ${b.height}`);
  const da = a.data, db = b.data;
  let n = 0;
  for (let i = 0; i < da.length; i += 4)
    if (Math.abs(da[i]! - db[i]!) >= levels || Math.abs(da[i + 1]! - db[i + 1]!) >= levels || Math.abs(da[i + 2]! - db[i + 2]!) >= levels) n++;
  return n / (da.length / 4);
}

/** One picture to make: the plan and its dots (null: the photo alone), the day, what it says, its heading. */
export interface Shot {
  plan: Plan;
  dots: Dots | null;
  day: number;
  caption: string;
  group: string;
}

/** A made picture: the JPEG and, for comparisons, its pixels. */
export interface Picture {
  image: Blob;
  pixels: ImageData;
  caption: string;
  group: string;
}

/**
 * Renders each shot full size (camera ignored) and cuts `crop` out of it, scaled down only past MAX_PICTURE_PX;
 * JPEG at quality 0.9. The renderer's dots and aging are left as the last shot set them, its dots shown (the caller restores them).
 */
export async function renderPictures(r: ScalpRenderer, shots: readonly Shot[], crop: Crop): Promise<Picture[]> {
  const f = Math.min(1, MAX_PICTURE_PX / Math.max(crop.width, crop.height));
  const w = Math.max(1, Math.round(crop.width * f));
  const h = Math.max(1, Math.round(crop.height * f));
  const out: Picture[] = [];
  try {
    for (const s of shots) {
      if (s.dots) {
        r.setDots(s.dots);
        r.setAging(agingTables(s.plan, s.day, DEFAULT_AGING), DEFAULT_AGING);
        r.setDotsVisible(true);
      } else r.setDotsVisible(false);
      const full = r.renderFullSize();
      const cut = new OffscreenCanvas(crop.width, crop.height);
      cut.getContext('2d')!.putImageData(full, -crop.x, -crop.y, crop.x, crop.y, crop.width, crop.height);
      let canvas = cut;
      if (f < 1) {
        canvas = new OffscreenCanvas(w, h);
        const g = canvas.getContext('2d')!;
        g.imageSmoothingQuality = 'high';
        g.drawImage(cut, 0, 0, w, h);
      }
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, w, h);
      const image = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      out.push({ image, pixels, caption: s.caption, group: s.group });
    }
  } finally {
    r.setDotsVisible(true);
  }
  return out;
}

/** The years of a list ("1", "1 and 3", "1, 3 and 5"). */
function years(ys: readonly number[]): string {
  const s = ys.map((y) => String(Math.round(y * 10) / 10));
  return s.length < 2 ? s.join('') : `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}`;
}

/**
 * Which days get a with-touch-up picture: those after the first touch-up (before it the plan is the same as
 * without); `note` says so for the others, or null when none is left out. `touchUpYears` sorted or not.
 */
export function touchUpDays(days: readonly { day: number; caption: string }[], touchUpYears: readonly number[]): {
  shown: { day: number; caption: string }[];
  note: string | null;
} {
  if (!touchUpYears.length) return { shown: [], note: null };
  const first = Math.min(...touchUpYears);
  const shown = days.filter((d) => d.day > first * 365);
  const before = days.filter((d) => d.day <= first * 365);
  if (!before.length) return { shown, note: null };
  const ys = before.map((d) => d.day / 365);
  const whole = ys.every((y) => Number.isInteger(Math.round(y * 10) / 10));
  const what = whole ? `Year${ys.length > 1 ? 's' : ''} ${years(ys)}` : before.map((d) => d.caption).join(', ');
  return {
    shown,
    note: `${what}: the same as without touch-ups (the first touch-up is at year ${Math.round(first * 10) / 10}).`,
  };
}
