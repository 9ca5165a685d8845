// The pure geometry of photo analysis: pose from a face mesh, px/mm from the eyes, ellipse fitting.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { IPD_MM, IRIS_DIAMETER_MM } from '../src/head/anthropometry.js';
import { combineScales, scaleFromFace, scaleFromIpd, scaleFromIris } from '../src/head/calibration.js';
import { fitEllipse } from '../src/head/ellipse.js';
import { featuresFromMesh, MESH, MESH_POINTS } from '../src/head/landmarks.js';
import type { Px } from '../src/head/observation.js';
import { poseFromMesh, poseFromRotation, rotationFromPose, type Pose } from '../src/head/pose.js';

const deg = Math.PI / 180;

/** A head-frame face (mm; x to the subject's left, y down, z to the back), a sketch of an adult face. */
const HEAD_POINTS: Record<number, [number, number, number]> = {
  [MESH.rightEyeOuter]: [-45, 0, 8],
  [MESH.rightEyeInner]: [-15, 0, 4],
  [MESH.leftEyeOuter]: [45, 0, 8],
  [MESH.leftEyeInner]: [15, 0, 4],
  [MESH.cheekRight]: [-70, 15, 40],
  [MESH.cheekLeft]: [70, 15, 40],
  [MESH.mouthRight]: [-25, 70, 5],
  [MESH.mouthLeft]: [25, 70, 5],
  [MESH.noseTip]: [0, 40, -20],
  [MESH.noseBase]: [0, 50, -10],
  [MESH.chin]: [0, 110, 0],
  [MESH.glabella]: [0, -20, -2],
  [MESH.foreheadTop]: [0, -70, 5],
  // iris blocks: centre then rim (right, top, left, bottom in the head frame), radius 5.85 mm
  468: [31.5, 0, 0], 469: [25.65, 0, 0], 470: [31.5, -5.85, 0], 471: [37.35, 0, 0], 472: [31.5, 5.85, 0],
  473: [-31.5, 0, 0], 474: [-25.65, 0, 0], 475: [-31.5, -5.85, 0], 476: [-37.35, 0, 0], 477: [-31.5, 5.85, 0],
};
for (const i of [...MESH.rightBrowUpper, ...MESH.leftBrowUpper]) {
  const side = (MESH.leftBrowUpper as readonly number[]).includes(i) ? 1 : -1;
  const k = (side > 0 ? MESH.leftBrowUpper : MESH.rightBrowUpper).indexOf(i as never);
  HEAD_POINTS[i] = [side * (50 - 9 * k), -22 - (k === 2 ? 4 : 0), 0];
}

/** The sketch face posed, scaled to px and projected orthographically around (cx, cy); z kept (px, away from the camera). */
function posedMesh(pose: Pose, pxPerMm = 4, cx = 500, cy = 400): Float32Array {
  const r = rotationFromPose(pose);
  const mesh = new Float32Array(MESH_POINTS * 3);
  for (const [k, p] of Object.entries(HEAD_POINTS)) {
    const i = Number(k);
    const q = [0, 1, 2].map((row) => r[3 * row]! * p[0] + r[3 * row + 1]! * p[1] + r[3 * row + 2]! * p[2]);
    mesh.set([cx + pxPerMm * q[0]!, cy + pxPerMm * q[1]!, pxPerMm * q[2]!], 3 * i);
  }
  return mesh;
}

describe('head pose', () => {
  it('rotationFromPose and poseFromRotation are inverses', () => {
    for (const pose of [{ yaw: 0.3, pitch: -0.2, roll: 0.1 }, { yaw: -0.9, pitch: 0.5, roll: -0.4 }, { yaw: 0, pitch: 0, roll: 0 }]) {
      const back = poseFromRotation(rotationFromPose(pose));
      expect(back.yaw).toBeCloseTo(pose.yaw, 10);
      expect(back.pitch).toBeCloseTo(pose.pitch, 10);
      expect(back.roll).toBeCloseTo(pose.roll, 10);
    }
  });

  it('a frontal upright face has no yaw, pitch or roll', () => {
    const p = poseFromMesh(posedMesh({ yaw: 0, pitch: 0, roll: 0 }));
    expect(Math.abs(p.yaw) + Math.abs(p.pitch) + Math.abs(p.roll)).toBeLessThan(0.03);
  });

  it('yaw > 0 moves the nose tip to the image right, pitch > 0 moves it up, roll > 0 turns the eye line clockwise', () => {
    const nose = (m: Float32Array): Px => [m[3 * MESH.noseTip]!, m[3 * MESH.noseTip + 1]!];
    const front = nose(posedMesh({ yaw: 0, pitch: 0, roll: 0 }));
    expect(nose(posedMesh({ yaw: 20 * deg, pitch: 0, roll: 0 }))[0]).toBeGreaterThan(front[0]);
    expect(nose(posedMesh({ yaw: 0, pitch: 20 * deg, roll: 0 }))[1]).toBeLessThan(front[1]);
    const rolled = featuresFromMesh(posedMesh({ yaw: 0, pitch: 0, roll: 15 * deg }), 1);
    // the subject's left eye (image right) goes down when the face turns clockwise
    expect(rolled.lateralCanthi[1][1]).toBeGreaterThan(rolled.lateralCanthi[0][1]);
  });

  it('recovers yaw, pitch and roll of synthetic rotated meshes within 3°', () => {
    const rng = seedrandom('pose');
    for (let n = 0; n < 40; n++) {
      const pose = { yaw: (rng() - 0.5) * 100 * deg, pitch: (rng() - 0.5) * 60 * deg, roll: (rng() - 0.5) * 60 * deg };
      const got = poseFromMesh(posedMesh(pose));
      expect(Math.abs(got.yaw - pose.yaw)).toBeLessThan(3 * deg);
      expect(Math.abs(got.pitch - pose.pitch)).toBeLessThan(3 * deg);
      expect(Math.abs(got.roll - pose.roll)).toBeLessThan(3 * deg);
    }
  });
});

describe('face features', () => {
  it('gives each iris to the eye around it, whichever block the model put first', () => {
    const m = posedMesh({ yaw: 0, pitch: 0, roll: 0 });
    const f = featuresFromMesh(m, 0.9);
    // the subject's right pupil is on the image left
    expect(f.pupils[0][0]).toBeLessThan(f.pupils[1][0]);
    expect(f.pupils[0][0]).toBeCloseTo(500 - 4 * 31.5, 3);
    expect(f.irisDiameters[0]).toBeCloseTo(4 * 11.7, 3);
    // brow tops above the eyes, glabella between the brows
    for (const b of f.browTops) expect(b[1]).toBeLessThan(f.pupils[0][1]);
    expect(f.score).toBe(0.9);
  });

  it('names the field and the bad value of a mesh of the wrong size', () => {
    expect(() => featuresFromMesh(new Float32Array(468 * 3), 1)).toThrow(/mesh: expected 1434 numbers, got 1404/);
  });
});

describe('photo scale from the eyes', () => {
  it('an average iris and an average IPD at 4 px/mm both give 4 px/mm', () => {
    expect(scaleFromIris([4 * IRIS_DIAMETER_MM.mean, 4 * IRIS_DIAMETER_MM.mean])!.pxPerMm).toBeCloseTo(4, 10);
    expect(scaleFromIpd(4 * IPD_MM.mean)!.pxPerMm).toBeCloseTo(4, 10);
  });

  it('the uncertainty is at least the population spread of each measure', () => {
    const iris = scaleFromIris([47, 47])!;
    const ipd = scaleFromIpd(252)!;
    expect(iris.sd / iris.pxPerMm).toBeGreaterThanOrEqual(IRIS_DIAMETER_MM.sd / IRIS_DIAMETER_MM.mean);
    expect(ipd.sd / ipd.pxPerMm).toBeGreaterThanOrEqual(IPD_MM.sd / IPD_MM.mean);
    // a small iris in a small photo is mostly pixel error
    expect(scaleFromIris([8, 8])!.sd / scaleFromIris([8, 8])!.pxPerMm).toBeGreaterThan(iris.sd / iris.pxPerMm);
  });

  it('a turned head has its foreshortened eye line corrected', () => {
    const yaw = 40 * deg;
    const k = scaleFromIpd(4 * IPD_MM.mean * Math.cos(yaw), { yaw, pitch: 0 })!;
    expect(k.pxPerMm).toBeCloseTo(4, 6);
    expect(k.sd).toBeGreaterThan(scaleFromIpd(4 * IPD_MM.mean)!.sd);
  });

  it('combining weighs by inverse variance and lands between the two, with a smaller sd than either when they agree', () => {
    const c = combineScales([{ pxPerMm: 4, sd: 0.2 }, { pxPerMm: 4.1, sd: 0.4 }])!;
    expect(c.pxPerMm).toBeCloseTo((4 / 0.04 + 4.1 / 0.16) / (1 / 0.04 + 1 / 0.16), 10);
    expect(c.sd).toBeLessThan(0.2);
    // two estimates far apart: the sd widens to cover the disagreement
    const far = combineScales([{ pxPerMm: 4, sd: 0.1 }, { pxPerMm: 6, sd: 0.1 }])!;
    expect(far.sd).toBeGreaterThan(0.5);
    expect(combineScales([])).toBeNull();
  });

  it('scaleFromFace uses both measures on a synthetic face and says so', () => {
    const f = featuresFromMesh(posedMesh({ yaw: 10 * deg, pitch: 0, roll: 5 * deg }, 3), 1);
    const s = scaleFromFace(f)!;
    expect(s.source).toBe('iris+ipd');
    expect(Math.abs(s.pxPerMm - 3)).toBeLessThan(2 * s.sd);
    expect(scaleFromFace({ ...f, irisDiameters: [0, 0] })!.source).toBe('ipd');
  });
});

describe('ellipse fit (Halíř–Flusser)', () => {
  const truth = { cx: 320, cy: 260, rx: 140, ry: 180, angle: 12 * deg };
  const onEllipse = (t: number): Px => {
    const x = truth.rx * Math.cos(t), y = truth.ry * Math.sin(t);
    return [truth.cx + x * Math.cos(truth.angle) - y * Math.sin(truth.angle), truth.cy + x * Math.sin(truth.angle) + y * Math.cos(truth.angle)];
  };

  it('recovers an exact ellipse', () => {
    const e = fitEllipse(Array.from({ length: 50 }, (_, i) => onEllipse((2 * Math.PI * i) / 50)))!;
    expect(e.cx).toBeCloseTo(truth.cx, 6);
    expect(e.cy).toBeCloseTo(truth.cy, 6);
    const [rx, ry, angle] = e.rx < e.ry ? [e.rx, e.ry, e.angle] : [e.ry, e.rx, e.angle + Math.PI / 2];
    expect(rx).toBeCloseTo(truth.rx, 6);
    expect(ry).toBeCloseTo(truth.ry, 6);
    expect(Math.cos(2 * (angle - truth.angle))).toBeCloseTo(1, 8);
  });

  it('recovers a noisy upper arc (the head above the ears): centre within 4 px, axes within 3 %, angle within 2°', () => {
    const rng = seedrandom('ellipse');
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    // the upper 220° of the outline (y down: the top is at t = −90°), 1.5 px noise
    const pts = Array.from({ length: 300 }, () => {
      const t = (-200 + 220 * rng()) * deg;
      const [x, y] = onEllipse(t);
      return [x + 1.5 * gauss(), y + 1.5 * gauss()] as Px;
    });
    const e = fitEllipse(pts)!;
    expect(Math.hypot(e.cx - truth.cx, e.cy - truth.cy)).toBeLessThan(4);
    const [rx, ry, angle] = e.rx < e.ry ? [e.rx, e.ry, e.angle] : [e.ry, e.rx, e.angle + Math.PI / 2];
    expect(Math.abs(rx / truth.rx - 1)).toBeLessThan(0.03);
    expect(Math.abs(ry / truth.ry - 1)).toBeLessThan(0.03);
    expect(Math.abs(Math.sin(angle - truth.angle))).toBeLessThan(Math.sin(2 * deg));
  });

  it('gives null for too few or collinear points', () => {
    expect(fitEllipse([[0, 0], [1, 1], [2, 2]])).toBeNull();
    expect(fitEllipse(Array.from({ length: 10 }, (_, i) => [i, 2 * i] as Px))).toBeNull();
  });
});
