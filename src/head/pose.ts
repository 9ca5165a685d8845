// Head pose from the 3D face mesh, with the conventions of observation.ts: yaw > 0 moves the nose tip to the
// image's right, pitch > 0 moves it up, roll > 0 turns the face clockwise in the image.
//
// Frames. Camera: x right, y down (photo px), z away from the camera. Head: x towards the subject's left,
// y down, z towards the back of the head (a frontal, upright face has head axes = camera axes). A head point p
// lands at R·p with R = Rroll · Rpitch · Ryaw:
//   Ryaw   turns the forward direction (0, 0, −1) into (sin yaw, 0, −cos yaw),
//   Rpitch turns it into (0, −sin pitch, −cos pitch),
//   Rroll  turns the image plane clockwise (x, y) → (x cos − y sin, x sin + y cos).
// Then row 3 of R is (cos pitch · sin yaw, −sin pitch, cos pitch · cos yaw) and column 2 is
// (−sin roll · cos pitch, cos roll · cos pitch, −sin pitch), which is how poseFromRotation reads the angles back.
import { MESH } from './landmarks.js';

/** Head pose, radians (signs as in observation.ts). */
export interface Pose {
  yaw: number;
  pitch: number;
  roll: number;
}

/** A 3×3 rotation, row-major. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** The head-to-camera rotation R = Rroll · Rpitch · Ryaw of a pose (see the header). */
export function rotationFromPose({ yaw, pitch, roll }: Pose): Mat3 {
  const cy = Math.cos(yaw), sy = Math.sin(yaw);
  const cp = Math.cos(pitch), sp = Math.sin(pitch);
  const cr = Math.cos(roll), sr = Math.sin(roll);
  // M = Rpitch · Ryaw
  const m = [cy, 0, -sy, sp * sy, cp, sp * cy, cp * sy, -sp, cp * cy];
  return [
    cr * m[0]! - sr * m[3]!, cr * m[1]! - sr * m[4]!, cr * m[2]! - sr * m[5]!,
    sr * m[0]! + cr * m[3]!, sr * m[1]! + cr * m[4]!, sr * m[2]! + cr * m[5]!,
    m[6]!, m[7]!, m[8]!,
  ];
}

/** The pose of a head-to-camera rotation (inverse of rotationFromPose for |pitch| < 90°). */
export function poseFromRotation(r: Mat3): Pose {
  return {
    yaw: Math.atan2(r[6], r[8]),
    pitch: Math.atan2(-r[7], Math.hypot(r[6], r[8])),
    roll: Math.atan2(-r[1], r[4]),
  };
}

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: V3): V3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/**
 * Head pose from a face mesh ((x, y, z) per point, z growing away from the camera, same units as x and y).
 * The head's x axis is the sum of four left-minus-right pairs (eye corners, cheeks, mouth corners), its y axis
 * runs from the eyes' midpoint to the mouth's, made orthogonal to x; z completes the right-handed frame.
 */
export function poseFromMesh(mesh: ArrayLike<number>): Pose {
  const p = (i: number): V3 => [mesh[3 * i]!, mesh[3 * i + 1]!, mesh[3 * i + 2]!];
  const pairs: [number, number][] = [
    [MESH.rightEyeOuter, MESH.leftEyeOuter],
    [MESH.rightEyeInner, MESH.leftEyeInner],
    [MESH.cheekRight, MESH.cheekLeft],
    [MESH.mouthRight, MESH.mouthLeft],
  ];
  let x: V3 = [0, 0, 0];
  for (const [r, l] of pairs) x = add(x, sub(p(l), p(r)));
  x = norm(x);
  const eyes = [MESH.rightEyeOuter, MESH.rightEyeInner, MESH.leftEyeOuter, MESH.leftEyeInner].map(p).reduce(add);
  const mouth = add(p(MESH.mouthRight), p(MESH.mouthLeft));
  const down = sub([mouth[0] / 2, mouth[1] / 2, mouth[2] / 2], [eyes[0] / 4, eyes[1] / 4, eyes[2] / 4]);
  const d = dot(down, x);
  const y = norm([down[0] - d * x[0], down[1] - d * x[1], down[2] - d * x[2]]);
  const z = cross(x, y);
  // columns of R are the head axes in the camera frame
  return poseFromRotation([x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]]);
}
