// The virtual camera of the 3D head view: orbit angles → a HeadFit with no photo. Pure: no DOM.
// The client's head (radii, origin arc, floor: from the photo's fit, else the mean head) is posed and placed in
// a pinhole camera looking at a point on the head's vertical axis, so the same projection (projection.ts) that
// lays the plan on a photo lays it on the virtual picture: one dot pipeline for both.
// Orbit: azimuth turns the camera about the head's vertical axis, from the front (0) toward the subject's left
// (+π/2: the Left view shows the subject's left side); elevation lifts it above the horizontal (+π/2: the Top
// view looks straight down the head's vertical axis, the face toward the bottom of the picture, as when the
// camera is lifted over the head from the front). In model.ts's pose signs this is yaw = −azimuth, pitch =
// −elevation, roll = 0.
import { DEFAULT_FLOOR_Y_MM, DEFAULT_FOCAL_35MM, HEAD_RADII_MM, type HeadFit, type HeadRadii, MID_FRONTAL_ARC_MM, headToCamera, headToCameraMatrix } from './model.js';

/** Camera angles about the head, radians (see the header). */
export interface Orbit {
  azimuth: number;
  elevation: number;
}

/** The named views: front, the subject's left and right sides, top and back. */
export const ORBIT_VIEWS = {
  front: { azimuth: 0, elevation: 0 },
  left: { azimuth: Math.PI / 2, elevation: 0 },
  right: { azimuth: -Math.PI / 2, elevation: 0 },
  top: { azimuth: 0, elevation: Math.PI / 2 },
  back: { azimuth: Math.PI, elevation: 0 },
} as const satisfies Record<string, Orbit>;

/** A named view. */
export type OrbitView = keyof typeof ORBIT_VIEWS;

/** Elevation limits, radians: from a little below the horizontal to straight above. */
export const ELEVATION_RANGE: readonly [number, number] = [-Math.PI / 6, Math.PI / 2];

/** What of a head the virtual camera needs (a HeadFit has it all). */
export type HeadShape = Pick<HeadFit, 'radii' | 'originArc' | 'floorY'>;

/** The mean head (model.ts priors): the 3D view's head when there is no fitted photo. */
export function defaultHeadShape(): HeadShape {
  return { radii: { ...HEAD_RADII_MM }, originArc: MID_FRONTAL_ARC_MM, floorY: DEFAULT_FLOOR_Y_MM };
}

/** Options of virtualFit. */
export interface VirtualCameraOptions {
  /** 35 mm-equivalent focal length, mm (default model.ts's 50). */
  focal35mm?: number;
  /** Fraction of the picture's shorter side the head's bounding sphere fills (default 0.92). */
  fill?: number;
  /** Magnification, ≥ 1 moves the camera closer (default 1: the whole head in the frame). */
  zoom?: number;
}

/** The head-frame height the camera looks at, mm: a third of the way up from the glabella's level to the vertex, so the scalp sits in the middle of the picture. */
export function lookAtHeight(radii: HeadRadii): number {
  return radii.b / 3;
}

/** Orbit angles turned into a valid orbit: azimuth wrapped to (−π, π], elevation clamped to ELEVATION_RANGE. Throws a RangeError naming a non-finite field. */
export function normaliseOrbit(orbit: Orbit): Orbit {
  if (!Number.isFinite(orbit.azimuth)) throw new RangeError(`virtual camera: orbit.azimuth must be finite, got ${orbit.azimuth}`);
  if (!Number.isFinite(orbit.elevation)) throw new RangeError(`virtual camera: orbit.elevation must be finite, got ${orbit.elevation}`);
  let az = orbit.azimuth % (2 * Math.PI);
  if (az > Math.PI) az -= 2 * Math.PI;
  if (az <= -Math.PI) az += 2 * Math.PI;
  const el = Math.min(ELEVATION_RANGE[1], Math.max(ELEVATION_RANGE[0], orbit.elevation));
  return { azimuth: az, elevation: el };
}

/**
 * The HeadFit of a virtual picture width × height px of `head` seen from `orbit`: pose from the angles, the
 * look-at point (lookAtHeight on the vertical axis) on the optical axis at the picture's centre, the distance
 * chosen so the whole head (its bounding sphere about the look-at point) fills `fill` of the shorter side at
 * zoom 1. No outline clip and no brow line: only the head's own silhouette and floor cut the dots.
 */
export function virtualFit(head: HeadShape | null, orbit: Orbit, width: number, height: number, options: VirtualCameraOptions = {}): HeadFit {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0))
    throw new RangeError(`virtual camera: width × height must be positive integers, got ${width} × ${height}`);
  const shape = head ?? defaultHeadShape();
  const { a, b, c } = shape.radii;
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`virtual camera: radii must be > 0, got ${JSON.stringify(shape.radii)}`);
  const focal35 = options.focal35mm ?? DEFAULT_FOCAL_35MM;
  if (!(focal35 > 0 && Number.isFinite(focal35))) throw new RangeError(`virtual camera: focal35mm must be finite and > 0, got ${focal35}`);
  const fill = options.fill ?? 0.92;
  if (!(fill > 0 && fill <= 1)) throw new RangeError(`virtual camera: fill must be in (0, 1], got ${fill}`);
  const zoom = options.zoom ?? 1;
  if (!(zoom >= 1 && zoom <= 8)) throw new RangeError(`virtual camera: zoom must be in [1, 8], got ${zoom}`);
  const o = normaliseOrbit(orbit);
  const focalPx = (focal35 * Math.hypot(width, height)) / Math.hypot(36, 24);
  const t = lookAtHeight(shape.radii);
  // every point of the ellipsoid lies within R of the look-at point (0, t, 0)
  const R = Math.max(a, c, b + t);
  // a sphere of radius R at distance D fills f·R / √(D² − R²) px: solve for half the shorter side × fill
  const half = (fill * Math.min(width, height)) / 2;
  const D = (R * Math.sqrt(1 + (focalPx / half) ** 2)) / zoom;
  const fit: HeadFit = {
    width,
    height,
    radii: { a, b, c },
    pose: { yaw: -o.azimuth, pitch: -o.elevation, roll: 0 },
    centre: [0, 0, 0],
    focalPx,
    orthoPxPerMm: focalPx / D,
    principal: [width / 2, height / 2],
    originArc: shape.originArc,
    floorY: shape.floorY,
    clip: null,
    brow: null,
  };
  // the look-at point on the optical axis at distance D: centre = (0, 0, D) − M · (0, t, 0)
  const p = headToCamera(headToCameraMatrix(fit), [0, 0, 0], [0, t, 0]);
  fit.centre = [-p[0], -p[1], D - p[2]];
  return fit;
}

/** The orbit after a drag of (dx, dy) canvas px: a drag across the picture's shorter side of `side` px turns the head by π. Right drags turn the head to the viewer's right (the camera to its left); down drags lift the camera. */
export function dragOrbit(orbit: Orbit, dx: number, dy: number, side: number): Orbit {
  if (!(Number.isFinite(dx) && Number.isFinite(dy))) throw new RangeError(`virtual camera: drag must be finite, got ${dx}, ${dy}`);
  const k = Math.PI / Math.max(1, side);
  return normaliseOrbit({ azimuth: orbit.azimuth - dx * k, elevation: orbit.elevation + dy * k });
}
