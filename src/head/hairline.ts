// A hairline suggested from the face (DOMAIN.md "Hairline design"): the mid-frontal point by Garg's 8-cm rule
// (7–9 cm of forehead above the glabella) or by facial thirds (hairline–glabella ≈ glabella–nose base ≈ nose
// base–chin), the temple (frontotemporal) points on the line up from the lateral canthi (Shapiro & Shapiro),
// set back from the mid-frontal point by the style's recession. Pure.
import type { Vec2 } from '../view.js';
import { type HeadFit, MID_FRONTAL_ARC_MM, adjustHead, headToPx } from './model.js';
import type { HeadObservation, Px } from './observation.js';
import { headProjection } from './projection.js';
import { surfaceMap, surfacePoint } from './surface.js';

/** Options of suggestHairline. */
export interface HairlineSuggestOptions {
  /** 'garg' (default): the mid-frontal point `arcMm` of forehead above the glabella; 'thirds': by facial thirds. */
  method?: 'garg' | 'thirds';
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

/** The suggested hairline for a face (throws a RangeError naming the option or saying the face is missing). */
export function suggestHairline(obs: HeadObservation, fit: HeadFit, options: HairlineSuggestOptions = {}): HairlineSuggestion {
  const face = obs.face;
  if (!face) throw new RangeError('suggestHairline: no face in the observation (place the hairline by hand)');
  const method = options.method ?? 'garg';
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

  let originArc = arcMm;
  if (method === 'thirds') {
    const along = (p: Px, q: Px): number => (p[0] - q[0]) * ux + (p[1] - q[1]) * uy;
    const third = (along(face.glabella, face.noseBase) + along(face.noseBase, face.chin)) / 2;
    // the midline arc whose point shows `third` px above the glabella (the projected height grows with the arc up to the outline)
    const map = surfaceMap(fit.radii, fit.originArc);
    const height = (s: number): number => {
      const h = surfacePoint(map, 0, fit.originArc - s);
      return h ? along(headToPx(fit, h), face.glabella) : NaN;
    };
    let lo = 20;
    let hi = 150;
    for (let k = 0; k < 50; k++) {
      const mid = 0.5 * (lo + hi);
      if (height(mid) < third) lo = mid;
      else hi = mid;
    }
    originArc = 0.5 * (lo + hi);
  }
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
