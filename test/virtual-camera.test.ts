// The 3D view's virtual camera: orbit angles → a HeadFit (pose, placement, focal) that the photo's own head
// projection draws the plan through.
import { describe, expect, it } from 'vitest';
import { HEAD_RADII_MM, headToCamera, headToCameraMatrix, headToPx, outlineSupport } from '../src/head/model.js';
import { headProjection } from '../src/head/projection.js';
import { surfaceMap, surfaceToFlat } from '../src/head/surface.js';
import { ORBIT_VIEWS, defaultHeadShape, dragOrbit, normaliseOrbit, virtualFit } from '../src/head/virtual-camera.js';

const W = 640;
const H = 480;
const deg = Math.PI / 180;
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
/** The camera-frame direction of a head-frame direction. */
const dirInCamera = (fit: ReturnType<typeof virtualFit>, h: readonly number[]) => headToCamera(headToCameraMatrix(fit), [0, 0, 0], h);

describe('virtualFit', () => {
  it('the Top view looks down the head’s vertical axis, the face toward the bottom of the picture', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.top, W, H);
    // camera z points into the scene: the head's up axis points straight back at the camera
    expect(dot(dirInCamera(fit, [0, 1, 0]), [0, 0, -1])).toBeCloseTo(1, 9);
    // the nose (head +Z) points down the picture (camera +y)
    expect(dot(dirInCamera(fit, [0, 0, 1]), [0, 1, 0])).toBeCloseTo(1, 9);
  });

  it('a dot at the vertex projects to the image centre in the Top view, and is drawn', () => {
    const head = defaultHeadShape();
    const fit = virtualFit(head, ORBIT_VIEWS.top, W, H);
    const flat = surfaceToFlat(surfaceMap(head.radii, head.originArc), [0, head.radii.b, 0])!;
    const px: [number, number] = [0, 0];
    const drawn = headProjection(fit).mmToPx(flat[0], flat[1], px);
    expect(drawn).toBe(true);
    expect(Math.hypot(px[0] - W / 2, px[1] - H / 2)).toBeLessThan(0.5);
  });

  it('each named view faces its side of the head toward the camera', () => {
    const toward = { front: [0, 0, 1], left: [1, 0, 0], right: [-1, 0, 0], back: [0, 0, -1], top: [0, 1, 0] } as const;
    for (const [name, o] of Object.entries(ORBIT_VIEWS)) {
      const fit = virtualFit(null, o, W, H);
      // the outward direction of that side points at the camera (camera −z)
      expect(dot(dirInCamera(fit, toward[name as keyof typeof toward]), [0, 0, -1]), name).toBeCloseTo(1, 9);
    }
  });

  it('the Left view shows the subject’s left side with the face toward the picture’s left', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.left, W, H);
    const nose = headToPx(fit, [0, 0, fit.radii.c]);
    const occiput = headToPx(fit, [0, 0, -fit.radii.c]);
    expect(nose[0]).toBeLessThan(W / 2);
    expect(occiput[0]).toBeGreaterThan(W / 2);
  });

  it('orbiting keeps the head inside the frame from every side and height', () => {
    for (let az = -180; az < 180; az += 15)
      for (let el = -30; el <= 90; el += 15) {
        const fit = virtualFit({ ...defaultHeadShape(), radii: { a: 90, b: 140, c: 112 } }, { azimuth: az * deg, elevation: el * deg }, W, H);
        // the ellipsoid's exact outline: its extremes in the four image directions
        expect(-outlineSupport(fit, -1, 0).h, `left edge at ${az}°, ${el}°`).toBeGreaterThan(0);
        expect(outlineSupport(fit, 1, 0).h, `right edge at ${az}°, ${el}°`).toBeLessThan(W);
        expect(-outlineSupport(fit, 0, -1).h, `top edge at ${az}°, ${el}°`).toBeGreaterThan(0);
        expect(outlineSupport(fit, 0, 1).h, `bottom edge at ${az}°, ${el}°`).toBeLessThan(H);
      }
  });

  it('the head fills most of the frame (not a speck): the mean head spans over 60 % of the picture’s height in the front view', () => {
    const fit = virtualFit(null, ORBIT_VIEWS.front, W, H);
    // supports: max v and max −v of the outline
    const span = outlineSupport(fit, 0, 1).h + outlineSupport(fit, 0, -1).h;
    expect(span).toBeGreaterThan(0.6 * H);
  });

  it('keeps the photo fit’s radii, origin arc and floor: the same plan lands on the same head', () => {
    const shape = { radii: { a: 80, b: 120, c: 100 }, originArc: 72, floorY: -35 };
    const fit = virtualFit(shape, ORBIT_VIEWS.front, W, H);
    expect(fit.radii).toEqual(shape.radii);
    expect(fit.originArc).toBe(72);
    expect(fit.floorY).toBe(-35);
    expect(fit.clip).toBeNull();
    expect(fit.brow).toBeNull();
  });

  it('the default head is the model’s mean head', () => {
    expect(virtualFit(null, ORBIT_VIEWS.back, W, H).radii).toEqual(HEAD_RADII_MM);
  });

  it('zooming in moves the camera closer and makes the head larger', () => {
    const far = virtualFit(null, ORBIT_VIEWS.front, W, H);
    const near = virtualFit(null, ORBIT_VIEWS.front, W, H, { zoom: 2 });
    expect(near.centre[2]).toBeLessThan(far.centre[2]);
    expect(outlineSupport(near, 1, 0).h).toBeGreaterThan(outlineSupport(far, 1, 0).h);
  });

  it('refuses a bad picture size, orbit or zoom with an error naming the field', () => {
    expect(() => virtualFit(null, ORBIT_VIEWS.front, 0, H)).toThrow(/width × height/);
    expect(() => virtualFit(null, { azimuth: NaN, elevation: 0 }, W, H)).toThrow(/orbit\.azimuth/);
    expect(() => virtualFit(null, { azimuth: 0, elevation: Infinity }, W, H)).toThrow(/orbit\.elevation/);
    expect(() => virtualFit(null, ORBIT_VIEWS.front, W, H, { zoom: 0.5 })).toThrow(/zoom/);
  });
});

describe('orbit', () => {
  it('wraps the azimuth and clamps the elevation', () => {
    const o = normaliseOrbit({ azimuth: 3 * Math.PI, elevation: 2 });
    expect(o.azimuth).toBeCloseTo(Math.PI, 12);
    expect(o.elevation).toBe(Math.PI / 2);
    expect(normaliseOrbit({ azimuth: 0, elevation: -2 }).elevation).toBe(-Math.PI / 6);
  });

  it('a drag to the right turns the face to the viewer’s right; a drag down lifts the camera over the head', () => {
    const o = dragOrbit(ORBIT_VIEWS.front, 100, 0, 480);
    const fit = virtualFit(null, o, W, H);
    expect(headToPx(fit, [0, 0, fit.radii.c])[0]).toBeGreaterThan(W / 2);
    const up = dragOrbit(ORBIT_VIEWS.front, 0, 100, 480);
    expect(up.elevation).toBeGreaterThan(0);
    // a full shorter side of drag turns by half a turn
    expect(dragOrbit(ORBIT_VIEWS.front, 480, 0, 480).azimuth).toBeCloseTo(Math.PI, 12);
  });

  it('every point of the head is in front of the camera from any orbit', () => {
    for (let az = -180; az < 180; az += 30) {
      const fit = virtualFit(null, { azimuth: az * deg, elevation: 0.3 }, W, H);
      const M = headToCameraMatrix(fit);
      for (const h of [[fit.radii.a, 0, 0], [0, fit.radii.b, 0], [0, 0, fit.radii.c], [0, 0, -fit.radii.c], [0, -fit.radii.b, 0]])
        expect(headToCamera(M, fit.centre, h)[2]).toBeGreaterThan(0);
    }
  });
});
