// Photo px per mm from the eyes: the iris's horizontal visible diameter and the inter-pupillary distance are
// each an adult average with a known spread (anthropometry.ts), so each gives px/mm with an uncertainty; the
// two are combined by inverse-variance weighting, the spread widened when they disagree (Birge ratio).
import { IPD_MM, IRIS_DIAMETER_MM } from './anthropometry.js';
import type { FaceFeatures, PhotoScale } from './observation.js';

/** One px/mm estimate with its one-sigma uncertainty. */
export interface ScaleEstimate {
  pxPerMm: number;
  sd: number;
}

/**
 * Landmark error of one eye's iris diameter, px: a floor for the pixel grid (Human truncates its landmarks to whole
 * px) plus a share of the diameter. No error is published for this iris model on stills; the share is read from
 * the shared photos, where the two eyes' diameters of one frontal face differ by 0–44 % (median ≈ 10 %), i.e. a
 * per-eye sd of ≈ 10 %/√2 ≈ 7 %, rounded up to 10 %.
 */
const IRIS_PX_ERROR = { floor: 1, share: 0.1 } as const;
/** Landmark error of a pupil centre, px (same status as IRIS_PX_ERROR). */
const PUPIL_PX_ERROR = { floor: 0.7, share: 0.01 } as const;
/** Extra relative error per unit |sin yaw| of the IPD after the foreshortening correction (yaw itself is uncertain). */
const IPD_YAW_ERROR = 0.15;

/** px/mm from the iris diameters [right, left] in px (0 = not measured); null when neither was measured. */
export function scaleFromIris(diameters: readonly [number, number]): ScaleEstimate | null {
  const ds = diameters.filter((d) => Number.isFinite(d) && d > 0);
  if (ds.length === 0) return null;
  const d = ds.reduce((s, v) => s + v, 0) / ds.length;
  const pxErr = Math.hypot(IRIS_PX_ERROR.floor, IRIS_PX_ERROR.share * d) / Math.sqrt(ds.length);
  // two eyes that disagree say more about the error than the assumed figure
  const spread = ds.length === 2 ? Math.abs(ds[0]! - ds[1]!) / 2 : 0;
  const relPx = Math.max(pxErr, spread) / d;
  const rel = Math.hypot(IRIS_DIAMETER_MM.sd / IRIS_DIAMETER_MM.mean, relPx);
  const k = d / IRIS_DIAMETER_MM.mean;
  return { pxPerMm: k, sd: k * rel };
}

/**
 * px/mm from the pupils' distance in px, corrected for the head's turn: the eye line's image length shrinks
 * by √(1 − (cos pitch · sin yaw)²) (pose.ts frames).
 */
export function scaleFromIpd(ipdPx: number, pose: { yaw: number; pitch: number } = { yaw: 0, pitch: 0 }): ScaleEstimate | null {
  if (!(Number.isFinite(ipdPx) && ipdPx > 0)) return null;
  const s = Math.cos(pose.pitch) * Math.sin(pose.yaw);
  const shrink = Math.sqrt(Math.max(0.05, 1 - s * s));
  const ipd = ipdPx / shrink;
  const rel = Math.hypot(IPD_MM.sd / IPD_MM.mean, Math.hypot(PUPIL_PX_ERROR.floor, PUPIL_PX_ERROR.share * ipdPx) / ipdPx, IPD_YAW_ERROR * Math.abs(s));
  const k = ipd / IPD_MM.mean;
  return { pxPerMm: k, sd: k * rel };
}

/** Inverse-variance mean of estimates; the sd grows by the Birge ratio when they disagree beyond their errors. */
export function combineScales(estimates: readonly ScaleEstimate[]): ScaleEstimate | null {
  const es = estimates.filter((e) => Number.isFinite(e.pxPerMm) && e.pxPerMm > 0 && Number.isFinite(e.sd) && e.sd > 0);
  if (es.length === 0) return null;
  let sw = 0;
  let swk = 0;
  for (const e of es) {
    const w = 1 / (e.sd * e.sd);
    sw += w;
    swk += w * e.pxPerMm;
  }
  const k = swk / sw;
  let sd = 1 / Math.sqrt(sw);
  if (es.length > 1) {
    const chi2 = es.reduce((s, e) => s + ((e.pxPerMm - k) / e.sd) ** 2, 0);
    sd *= Math.max(1, Math.sqrt(chi2 / (es.length - 1)));
  }
  return { pxPerMm: k, sd };
}

/** The photo's scale at the face from its iris and pupils (null when neither could be measured). */
export function scaleFromFace(face: Pick<FaceFeatures, 'pupils' | 'irisDiameters' | 'pose'>): PhotoScale | null {
  const [r, l] = face.pupils;
  const iris = scaleFromIris(face.irisDiameters);
  const ipd = scaleFromIpd(Math.hypot(l[0] - r[0], l[1] - r[1]), face.pose);
  const both = combineScales([iris, ipd].filter((e): e is ScaleEstimate => e !== null));
  if (!both) return null;
  return { ...both, source: iris && ipd ? 'iris+ipd' : iris ? 'iris' : 'ipd' };
}
