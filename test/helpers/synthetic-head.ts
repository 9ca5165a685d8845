// A synthetic HeadObservation from a known head: landmarks and outline computed by projecting points of a
// posed ellipsoid (sampled, not through the fitter's formulas), so fits can be checked against the truth.
import { type HeadFit, headToCamera, headToCameraMatrix, headToPx } from '../../src/head/model.js';
import type { HeadObservation, Px } from '../../src/head/observation.js';

export interface TruthOptions {
  width?: number;
  height?: number;
  radii?: { a: number; b: number; c: number };
  pose?: { yaw: number; pitch: number; roll: number };
  /** Px per mm at the glabella. */
  pxPerMm?: number;
  /** Where the glabella lands, px. */
  glabella?: Px;
  /** 35 mm-equivalent focal length (Infinity: weak perspective). */
  focal35mm?: number;
}

/** The true head as a HeadFit (placed so the glabella lands on `glabella` at `pxPerMm`). */
export function truthFit(o: TruthOptions = {}): HeadFit {
  const width = o.width ?? 1200;
  const height = o.height ?? 1500;
  const radii = o.radii ?? { a: 76, b: 112, c: 96 };
  const pose = o.pose ?? { yaw: 0, pitch: 0, roll: 0 };
  const s = o.pxPerMm ?? 4;
  const g = o.glabella ?? [600, 800];
  const f35 = o.focal35mm ?? 50;
  const focalPx = f35 === Infinity ? Infinity : (f35 * Math.hypot(width, height)) / Math.hypot(36, 24);
  const fit: HeadFit = {
    width, height, radii: { ...radii }, pose: { ...pose }, centre: [0, 0, 0], focalPx, orthoPxPerMm: s,
    principal: [width / 2, height / 2], originArc: 80, floorY: -40, clip: null, brow: null,
  };
  // place: solve the centre so that the front pole projects on g at depth focal/s (by iteration on headToPx)
  const z = focalPx === Infinity ? 1000 : focalPx / s;
  fit.centre = [0, 0, z];
  for (let it = 0; it < 50; it++) {
    const p = headToPx(fit, [0, 0, radii.c]);
    const k = focalPx === Infinity ? s : focalPx / z;
    fit.centre[0] += (g[0] - p[0]) / k;
    fit.centre[1] += (g[1] - p[1]) / k;
    // the glabella's depth is where 1 mm spans s px
    if (focalPx !== Infinity) fit.centre[2] += z - headToCamera(headToCameraMatrix(fit), fit.centre, [0, 0, radii.c])[2];
  }
  return fit;
}

/** The observation a perfect detector would report for the true head. */
export function syntheticObservation(truth: HeadFit, s = truth.orthoPxPerMm): HeadObservation {
  const { a, b, c } = truth.radii;
  const P = (x: number, y: number, z: number): Px => headToPx(truth, [x, y, z]);
  // the outline above the ears: sample the ellipsoid's upper part (head y ≥ −20), take the top and widest extents
  let minV = Infinity, minU = Infinity, maxU = -Infinity, vAtMin = 0, vAtMax = 0;
  for (let i = 0; i <= 180; i++)
    for (let j = 0; j <= 360; j++) {
      const t = (i / 180) * Math.PI;
      const f = (j / 360) * 2 * Math.PI;
      const h = [a * Math.sin(t) * Math.cos(f), b * Math.cos(t), c * Math.sin(t) * Math.sin(f)];
      if (h[1]! < -20) continue;
      const [u, v] = headToPx(truth, h);
      if (v < minV) minV = v;
      if (u < minU) { minU = u; vAtMin = v; }
      if (u > maxU) { maxU = u; vAtMax = v; }
    }
  const cy = (vAtMin + vAtMax) / 2;
  const outline = { cx: (minU + maxU) / 2, cy, rx: (maxU - minU) / 2, ry: cy - minV, angle: 0 };
  return {
    width: truth.width,
    height: truth.height,
    face: {
      score: 0.99,
      pupils: [P(-31.5, -12, c - 18), P(31.5, -12, c - 18)],
      irisDiameters: [11.7 * s, 11.7 * s],
      lateralCanthi: [P(-46, -14, c - 30), P(46, -14, c - 30)],
      browTops: [P(-28, 8, c - 10), P(28, 8, c - 10)],
      glabella: P(0, 0, c),
      noseBase: P(0, -55, c + 5),
      chin: P(0, -125, c - 15),
      foreheadTop: P(0, 50, c - 12),
      pose: { ...truth.pose },
      mesh: new Float32Array(0),
    },
    scale: { pxPerMm: s, sd: 0.05 * s, source: 'iris+ipd' },
    outline,
    personMask: null,
    classes: null,
    proposedArea: null,
    notes: [],
  };
}
