// Named points of the 478-point face mesh (MediaPipe order, as @vladmandic/human returns it) and the
// FaceFeatures read from it. Which iris block (468–472 or 473–477) belongs to which eye differs between
// MediaPipe builds, so each iris is given to the eye whose corners surround it.
import type { FaceFeatures, Px } from './observation.js';
import { poseFromMesh } from './pose.js';

/** Mesh indices used here (subject's own right/left). */
export const MESH = {
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  rightBrowUpper: [70, 63, 105, 66, 107],
  leftBrowUpper: [300, 293, 334, 296, 336],
  glabella: 9,
  noseTip: 1,
  noseBase: 2,
  chin: 152,
  foreheadTop: 10,
  mouthRight: 61,
  mouthLeft: 291,
  cheekRight: 234,
  cheekLeft: 454,
  /** Forehead points whose surroundings are sampled as the client's reference skin. */
  forehead: [151, 108, 337],
  /** The face's outline, clockwise in the image from the top (point 10). */
  faceOval: [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
    150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109],
  /** The two iris blocks: centre, then four points on the rim. */
  irisBlocks: [468, 473],
} as const;

/** Number of points of a face mesh with iris refinement. */
export const MESH_POINTS = 478;

/** Point i of an (x, y, z) mesh. */
export function meshPoint(mesh: ArrayLike<number>, i: number): [number, number, number] {
  return [mesh[3 * i]!, mesh[3 * i + 1]!, mesh[3 * i + 2]!];
}

function xy(mesh: ArrayLike<number>, i: number): Px {
  return [mesh[3 * i]!, mesh[3 * i + 1]!];
}

function mid(a: Px, b: Px): Px {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

function dist(a: Px, b: Px): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The iris centre and its diameter along the eye's own axis (the rim pair most parallel to it), px. */
function iris(mesh: ArrayLike<number>, block: number, axis: Px): { centre: Px; diameter: number } {
  const rim = [1, 2, 3, 4].map((k) => xy(mesh, block + k));
  const pairs: [Px, Px][] = [[rim[0]!, rim[2]!], [rim[1]!, rim[3]!]];
  let best = pairs[0]!;
  let bestCos = -1;
  for (const p of pairs) {
    const d = dist(p[0], p[1]);
    const c = d > 0 ? Math.abs((p[1][0] - p[0][0]) * axis[0] + (p[1][1] - p[0][1]) * axis[1]) / d : 0;
    if (c > bestCos) {
      bestCos = c;
      best = p;
    }
  }
  return { centre: xy(mesh, block), diameter: dist(best[0], best[1]) };
}

/** FaceFeatures from a 478-point mesh in photo px (z growing away from the camera) and the detector's score. */
export function featuresFromMesh(mesh: Float32Array, score: number): FaceFeatures {
  if (mesh.length !== MESH_POINTS * 3) throw new RangeError(`mesh: expected ${MESH_POINTS * 3} numbers, got ${mesh.length}`);
  const rEye = mid(xy(mesh, MESH.rightEyeOuter), xy(mesh, MESH.rightEyeInner));
  const lEye = mid(xy(mesh, MESH.leftEyeOuter), xy(mesh, MESH.leftEyeInner));
  const eyeLen = dist(rEye, lEye) || 1;
  const axis: Px = [(lEye[0] - rEye[0]) / eyeLen, (lEye[1] - rEye[1]) / eyeLen];
  // each iris block goes to the nearer eye
  const [a, b] = MESH.irisBlocks.map((blk) => iris(mesh, blk, axis)) as [ReturnType<typeof iris>, ReturnType<typeof iris>];
  const aIsRight = dist(a.centre, rEye) + dist(b.centre, lEye) <= dist(a.centre, lEye) + dist(b.centre, rEye);
  const [ir, il] = aIsRight ? [a, b] : [b, a];
  // "up" in the image, perpendicular to the eye line (roll-aware): the brow top is the furthest point that way
  const up: Px = [axis[1], -axis[0]];
  const browTop = (idx: readonly number[]): Px => {
    let best = xy(mesh, idx[0]!);
    for (const i of idx) {
      const p = xy(mesh, i);
      if (p[0] * up[0] + p[1] * up[1] > best[0] * up[0] + best[1] * up[1]) best = p;
    }
    return best;
  };
  return {
    score,
    pupils: [ir.centre, il.centre],
    irisDiameters: [ir.diameter, il.diameter],
    lateralCanthi: [xy(mesh, MESH.rightEyeOuter), xy(mesh, MESH.leftEyeOuter)],
    browTops: [browTop(MESH.rightBrowUpper), browTop(MESH.leftBrowUpper)],
    glabella: xy(mesh, MESH.glabella),
    noseBase: xy(mesh, MESH.noseBase),
    chin: xy(mesh, MESH.chin),
    foreheadTop: xy(mesh, MESH.foreheadTop),
    pose: poseFromMesh(mesh),
    mesh,
  };
}

/** The face's outline polygon (MESH.faceOval) in photo px. */
export function faceOval(mesh: ArrayLike<number>): Px[] {
  return MESH.faceOval.map((i) => xy(mesh, i));
}
