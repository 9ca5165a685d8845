// What a photo tells about the client's head, in photo pixels. The face/segmentation side (workers/face*)
// produces it; the head model (src/head/model*) consumes it to fit a 3D head and to place the plan. Pure data:
// no DOM types, so it crosses a worker boundary by structured clone (typed arrays transferable).
//
// Photo pixels: x to the right, y down, origin at the top-left of the photo as displayed (EXIF applied).
// Pose angles are of the head in the camera frame, by their effect in the image: yaw > 0 moves the nose tip
// to the image's right, pitch > 0 moves it up (head tilted back, less of the top visible), roll > 0 turns the
// face clockwise in the image. Radians.

/** A point in photo pixels. */
export type Px = readonly [x: number, y: number];

/** A single-channel raster (row-major, width × height), at its own resolution: `scale` photo px per cell. */
export interface Raster {
  width: number;
  height: number;
  scale: number;
  data: Uint8Array;
}

/** Labels of a `HeadObservation.classes` raster. */
export const PIXEL_CLASS = { background: 0, face: 1, scalp: 2, hair: 3 } as const;

/** Features of a detected face, in photo px. "Right"/"left" are the subject's own. */
export interface FaceFeatures {
  /** Detector confidence 0–1. */
  score: number;
  /** Iris centres [right, left]. */
  pupils: readonly [Px, Px];
  /** Horizontal visible iris diameters [right, left], px (0 where not measured). */
  irisDiameters: readonly [number, number];
  /** Outer eye corners (lateral canthi) [right, left]. */
  lateralCanthi: readonly [Px, Px];
  /** Highest points of the brows [right, left]. */
  browTops: readonly [Px, Px];
  /** Soft-tissue glabella (between the brows). */
  glabella: Px;
  /** Nose base (subnasale). */
  noseBase: Px;
  /** Chin (menton). */
  chin: Px;
  /** Top of the face mesh on the upper forehead (MediaPipe point 10); the hairline lies above it. */
  foreheadTop: Px;
  /** Head pose from the mesh (see the header for signs), radians. */
  pose: { yaw: number; pitch: number; roll: number };
  /**
   * The whole mesh, 478 × (x px, y px, z px-ish), MediaPipe order; for consumers that need more. z grows away from
   * the camera and is brought to px by the model crop's scale (landmarks.ts names the points; the iris blocks
   * 468–472 / 473–477 are not tied to a side: see featuresFromMesh).
   */
  mesh: Float32Array;
}

/** Photo px per mm at the face's depth, with a one-sigma uncertainty, and where it came from. */
export interface PhotoScale {
  pxPerMm: number;
  sd: number;
  source: 'iris' | 'ipd' | 'iris+ipd' | 'ruler';
}

/** An ellipse in photo px; angle in radians (x axis towards y axis). */
export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
}

/** A face the detector found: its box in photo px and the detector's confidence 0–1. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** Everything the photo analysis found; any part may be missing (a back view has no face). */
export interface HeadObservation {
  width: number;
  height: number;
  face: FaceFeatures | null;
  scale: PhotoScale | null;
  /** The head's outline above the ears, fitted as an ellipse; null when no outline was found. */
  outline: Ellipse | null;
  /** Person-vs-background mask (255 = person). */
  personMask: Raster | null;
  /** Per-pixel classes (PIXEL_CLASS) inside the head: face skin, bare scalp, hair, background. */
  classes: Raster | null;
  /** Proposed treated area: the bald and thinning scalp joined to the remaining hair, photo px polygon(s). */
  proposedArea: Px[][] | null;
  /** Messages for the user (e.g. "no face found: use the ruler"). */
  notes: string[];
  /** Every face found (background faces left out), left to right; `face` is one of them. More than one: ask which. */
  faces?: FaceBox[];
  /**
   * How far the face is turned clockwise in the photo, degrees, in quarter turns: 0 upright, 90, 180 (upside down;
   * then `face` is null, as the mesh of an upside-down face is not to be trusted) or 270. Not 0: ask to rotate.
   */
  faceTurn?: 0 | 90 | 180 | 270;
}
