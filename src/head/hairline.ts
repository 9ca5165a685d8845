// A hairline suggested from the face (DOMAIN.md "Hairline design"): the mid-frontal point by facial thirds
// (hairline–glabella ≈ glabella–nose base ≈ nose base–chin, as the photo shows them; the default, times the
// height preset) or by Garg's 8-cm rule (7–9 cm of forehead arc above the glabella), the temple (frontotemporal)
// points on the line up from the lateral canthi (Shapiro & Shapiro), set back from the mid-frontal point by the
// style's recession. Both heights are reported in mm of forehead arc and in face-thirds (hairlineHeights). Pure.
import type { Vec2 } from '../view.js';
import { type HeadFit, MID_FRONTAL_ARC_MM, adjustHead, headToPx } from './model.js';
import type { FaceFeatures, HeadObservation, Px } from './observation.js';
import { headProjection } from './projection.js';
import { surfaceMap, surfacePoint } from './surface.js';

/**
 * Hairline height presets, face-thirds above the glabella (the upper third hairline–glabella as a share of the
 * face's middle and lower thirds). Ours, about the rule of thirds' 1.0, a mature or conservative line a little higher
 * (Garg's 7–9 cm reads 0.9–1.2 thirds on the shared portraits): youthful 0.95, mature 1.05, conservative 1.15. The face
 * model's glabella sits a little above the brows, so on hand-read points each reads ≈ 0.05–0.1 thirds higher.
 */
export const HAIRLINE_HEIGHTS = { youthful: 0.95, mature: 1.05, conservative: 1.15 } as const;
/** A height preset's name. */
export type HairlineHeight = keyof typeof HAIRLINE_HEIGHTS;
/** The preset a fresh photo gets. */
export const DEFAULT_HAIRLINE_HEIGHT: HairlineHeight = 'mature';
/** Range of the mid-frontal arc a hand-set height may take, mm above the glabella. Ours: 4–13 cm covers 0.6–2 thirds. */
export const HAIRLINE_ARC_RANGE_MM = [40, 130] as const;

/** Options of suggestHairline. */
export interface HairlineSuggestOptions {
  /** 'thirds' (default): the preset's face-thirds above the glabella; 'garg': `arcMm` of forehead arc above it. */
  method?: 'garg' | 'thirds';
  /** Face-thirds above the glabella for 'thirds', 0.6–2 (default HAIRLINE_HEIGHTS.mature). */
  thirds?: number;
  /** Garg's distance, mm of forehead arc above the glabella, 70–90 (default 80). */
  arcMm?: number;
  /** How far the temple points sit behind the mid-frontal point, mm (default 15; the style's own: presets' RECESSION). */
  recessionMm?: number;
}

/** A suggested hairline: the fit moved so the flat origin is the suggested mid-frontal point, and the temple points. */
export interface HairlineSuggestion {
  method: 'garg' | 'thirds';
  /** The fit with originArc set to the suggestion (project the plan through this one). */
  fit: HeadFit;
  /** Midline arc from the glabella to the mid-frontal point, mm. */
  originArc: number;
  /** Where the flat map's origin (the mid-frontal point) lands in the photo, px. */
  originPx: Px;
  /** Temple points [subject's right, left] in scalp mm (x < 0 first), on the lines up from the lateral canthi. */
  templesMm: [Vec2, Vec2];
  /** The same in photo px. */
  templesPx: [Px, Px];
  /** Temple to temple along the map, mm (for presets' hairlinePoints widthMm). */
  widthMm: number;
}

/** The face's up direction in the photo (chin → glabella, unit) and one face-third in px along it (mean of glabella–nose base and nose base–chin). */
export function faceThird(face: FaceFeatures): { up: Px; thirdPx: number } {
  const l = Math.hypot(face.glabella[0] - face.chin[0], face.glabella[1] - face.chin[1]) || 1;
  const up: Px = [(face.glabella[0] - face.chin[0]) / l, (face.glabella[1] - face.chin[1]) / l];
  const along = (p: Px, q: Px): number => (p[0] - q[0]) * up[0] + (p[1] - q[1]) * up[1];
  return { up, thirdPx: (along(face.glabella, face.noseBase) + along(face.noseBase, face.chin)) / 2 };
}

/** Photo px above the glabella (along the face's up) of the midline point `arcMm` of forehead arc above it, on the fitted head. */
export function heightPxOfArc(face: FaceFeatures, fit: HeadFit, arcMm: number, map = surfaceMap(fit.radii, fit.originArc)): number {
  const { up } = faceThird(face);
  const h = surfacePoint(map, 0, fit.originArc - arcMm);
  if (!h) return NaN;
  const p = headToPx(fit, h);
  return (p[0] - face.glabella[0]) * up[0] + (p[1] - face.glabella[1]) * up[1];
}

/** The midline arc (mm above the glabella) whose point shows `thirds` face-thirds above the glabella in the photo. */
export function arcForThirds(face: FaceFeatures, fit: HeadFit, thirds: number): number {
  const target = thirds * faceThird(face).thirdPx;
  const map = surfaceMap(fit.radii, fit.originArc);
  // the projected height grows with the arc up to the outline
  let lo = 10;
  let hi = 180;
  for (let k = 0; k < 40; k++) {
    const mid = 0.5 * (lo + hi);
    if (heightPxOfArc(face, fit, mid, map) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** A mid-frontal height in both units: mm of forehead arc above the glabella and face-thirds in the photo. */
export interface HeightReading {
  arcMm: number;
  thirds: number;
}

/** The two rules' heights on this face and fit (Garg's 8 cm; one face-third), and the fit's own. */
export function hairlineHeights(face: FaceFeatures, fit: HeadFit): { thirdPx: number; garg: HeightReading; thirds: HeightReading; current: HeightReading } {
  const { thirdPx } = faceThird(face);
  const reading = (arcMm: number): HeightReading => ({ arcMm, thirds: heightPxOfArc(face, fit, arcMm) / thirdPx });
  return { thirdPx, garg: reading(MID_FRONTAL_ARC_MM), thirds: reading(arcForThirds(face, fit, 1)), current: reading(fit.originArc) };
}

/** The suggested hairline for a face (throws a RangeError naming the option or saying the face is missing). */
export function suggestHairline(obs: HeadObservation, fit: HeadFit, options: HairlineSuggestOptions = {}): HairlineSuggestion {
  const face = obs.face;
  if (!face) throw new RangeError('suggestHairline: no face in the observation (place the hairline by hand)');
  const method = options.method ?? 'thirds';
  if (method !== 'garg' && method !== 'thirds') throw new RangeError(`suggestHairline: method must be 'garg' or 'thirds', got ${String(method)}`);
  const arcMm = options.arcMm ?? MID_FRONTAL_ARC_MM;
  if (!(arcMm >= 70 && arcMm <= 90)) throw new RangeError(`suggestHairline: arcMm must be in [70, 90] (Garg), got ${arcMm}`);
  const recession = options.recessionMm ?? 15;
  if (!(recession >= 0 && recession <= 60)) throw new RangeError(`suggestHairline: recessionMm must be in [0, 60], got ${recession}`);

  // the face's up direction in the photo: chin → glabella
  let ux = face.glabella[0] - face.chin[0];
  let uy = face.glabella[1] - face.chin[1];
  const ul = Math.hypot(ux, uy) || 1;
  ux /= ul;
  uy /= ul;

  const thirds = options.thirds ?? HAIRLINE_HEIGHTS[DEFAULT_HAIRLINE_HEIGHT];
  if (!(thirds >= 0.6 && thirds <= 2)) throw new RangeError(`suggestHairline: thirds must be in [0.6, 2], got ${thirds}`);
  const originArc = method === 'thirds' ? arcForThirds(face, fit, thirds) : arcMm;
  const next = adjustHead(fit, { originArc });
  const proj = headProjection(next);
  const originPx: Vec2 = [0, 0];
  proj.mmToPx(0, 0, originPx);

  // temple points: up the line from each lateral canthus until the map's y reaches −recession
  const temples = face.lateralCanthi.map((c): { mm: Vec2; px: Px } => {
    const mm: Vec2 = [0, 0];
    const yAt = (t: number): number => (proj.pxToMm(c[0] + ux * t, c[1] + uy * t, mm) ? mm[1] : NaN);
    const step = 2;
    let t = 0;
    let last = NaN;
    const limit = 4 * Math.max(obs.width, obs.height);
    while (t < limit) {
      const y = yAt(t);
      if (Number.isFinite(y) && y <= -recession) break;
      if (Number.isFinite(y)) last = t;
      else if (Number.isFinite(last)) break; // left the head before reaching the recession: the last point on it
      t += step;
    }
    let lo = Number.isFinite(last) ? last : 0;
    let hi = t;
    if (Number.isFinite(yAt(hi)) && yAt(hi) <= -recession)
      for (let k = 0; k < 40; k++) {
        const mid = 0.5 * (lo + hi);
        const y = yAt(mid);
        if (Number.isFinite(y) && y <= -recession) hi = mid;
        else lo = mid;
      }
    else hi = lo;
    yAt(hi);
    return { mm: [mm[0], mm[1]], px: [c[0] + ux * hi, c[1] + uy * hi] };
  });
  const [r, l] = temples as [{ mm: Vec2; px: Px }, { mm: Vec2; px: Px }];
  return {
    method,
    fit: next,
    originArc,
    originPx: [originPx[0], originPx[1]],
    templesMm: [r.mm, l.mm],
    templesPx: [r.px, l.px],
    widthMm: l.mm[0] - r.mm[0],
  };
}
