// The head model: fitting a posed ellipsoid to an observation, laying the flat scalp map on it, and projecting
// through the photo's camera (positions, Jacobians, culling, clips), forward and back.
import { describe, expect, it } from 'vitest';
import { arcForThirds, DEFAULT_HAIRLINE_HEIGHT, HAIRLINE_HEIGHTS, hairlineHeights, suggestHairline } from '../src/head/hairline.js';
import { adjustHead, dragHandle, facesCamera, fitHead, headHandles, headToCamera, headToCameraMatrix, headToPx, silhouetteExtent } from '../src/head/model.js';
import { allocProjected, dotEllipse, flatProjection, headProjection, pxPolygonToMm } from '../src/head/projection.js';
import { surfaceMap, surfacePoint } from '../src/head/surface.js';
import { mmToPx as viewMmToPx } from '../src/view.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

const deg = Math.PI / 180;
/** Plan points over a typical treated area (temple to temple, hairline to crown), mm. */
function planGrid(step = 10): number[] {
  const out: number[] = [];
  for (let y = -200; y <= 10; y += step) for (let x = -100; x <= 100; x += step) out.push(x, y);
  return out;
}
const POSES = {
  frontal: { yaw: 0, pitch: 0, roll: 0 },
  threeQuarter: { yaw: 35 * deg, pitch: -5 * deg, roll: 4 * deg },
  tiltedDown: { yaw: 0, pitch: -40 * deg, roll: 0 },
};

describe('fitHead', () => {
  it('recovers the breadth and height of a synthetic frontal head within 3 mm and puts the front pole on the glabella', () => {
    const truth = truthFit({ radii: { a: 74, b: 108, c: 94 } });
    const obs = syntheticObservation(truth);
    const fit = fitHead(obs);
    expect(Math.abs(fit.radii.a - 74)).toBeLessThan(3);
    expect(Math.abs(fit.radii.b - 108)).toBeLessThan(3);
    const g = headToPx(fit, [0, 0, fit.radii.c]);
    expect(Math.hypot(g[0] - obs.face!.glabella[0], g[1] - obs.face!.glabella[1])).toBeLessThan(0.01);
  });

  it('follows a three-quarter pose: the fitted top of the head lands within 2 % of the head height of the true one', () => {
    const truth = truthFit({ pose: POSES.threeQuarter });
    const fit = fitHead(syntheticObservation(truth));
    const tTop = headHandles(truth).top;
    const fTop = headHandles(fit).top;
    expect(Math.hypot(tTop[0] - fTop[0], tTop[1] - fTop[1])).toBeLessThan(0.02 * 2 * truth.radii.b * 4);
  });

  it('without a scale takes it from the pupils (63 mm apart), and without a face from the outline', () => {
    const obs = syntheticObservation(truthFit({ pxPerMm: 5 }));
    const noScale = fitHead({ ...obs, scale: null });
    expect(noScale.focalPx / headPointDepth(noScale)).toBeGreaterThan(5 * 0.8);
    expect(noScale.focalPx / headPointDepth(noScale)).toBeLessThan(5 * 1.2);
    const noFace = fitHead({ ...obs, scale: null, face: null });
    expect(Math.abs(headToPx(noFace, [0, 0, 0])[0] - obs.outline!.cx)).toBeLessThan(1);
    expect(noFace.brow).toBeNull();
  });

  it('refuses an observation with nothing to fit, and names bad fields', () => {
    const obs = syntheticObservation(truthFit());
    expect(() => fitHead({ ...obs, face: null, scale: null, outline: null })).toThrow(/no scale, no face and no outline/);
    expect(() => fitHead({ ...obs, width: 0 })).toThrow(/width × height/);
    expect(() => fitHead({ ...obs, scale: { pxPerMm: -1, sd: 0, source: 'ruler' } })).toThrow(/scale.pxPerMm.*-1/);
    expect(() => fitHead({ ...obs, outline: { ...obs.outline!, rx: 0 } })).toThrow(/outline/);
    expect(() => fitHead(obs, { focal35mm: 0 })).toThrow(/focal35mm/);
    expect(() => fitHead({ ...obs, face: { ...obs.face!, glabella: [NaN, 1] } })).toThrow(/face.glabella/);
  });
});

/** Depth of the front pole (glabella) in the camera frame, mm. */
function headPointDepth(fit: ReturnType<typeof fitHead>): number {
  return headToCamera(headToCameraMatrix(fit), fit.centre, [0, 0, fit.radii.c])[2];
}

describe('the flat map on the head', () => {
  const truth = truthFit();
  const map = surfaceMap(truth.radii, 80);

  it('keeps arc lengths: 10 mm along the map is 10 mm of scalp along the midline and across it', () => {
    const chord = (x0: number, y0: number, x1: number, y1: number): number => {
      let len = 0;
      let prev = surfacePoint(map, x0, y0)!;
      for (let k = 1; k <= 100; k++) {
        const p = surfacePoint(map, x0 + ((x1 - x0) * k) / 100, y0 + ((y1 - y0) * k) / 100)!;
        len += Math.hypot(p[0] - prev[0], p[1] - prev[1], p[2] - prev[2]);
        prev = p;
      }
      return len;
    };
    expect(chord(0, -50, 0, -60)).toBeCloseTo(10, 2);
    expect(chord(0, -120, 0, -250)).toBeCloseTo(130, 1);
    expect(chord(0, -90, 80, -90)).toBeCloseTo(80, 1);
    expect(chord(0, -10, -60, -10)).toBeCloseTo(60, 1);
  });

  it('puts the origin on the midline 80 mm of forehead above the glabella, and the crown (y −175) behind the vertex', () => {
    const o = surfacePoint(map, 0, 0)!;
    expect(o[0]).toBe(0);
    expect(o[1]).toBeGreaterThan(40);
    expect(o[2]).toBeGreaterThan(40);
    const crown = surfacePoint(map, 0, -175)!;
    expect(crown[2]).toBeLessThan(0);
    expect(crown[1]).toBeGreaterThan(0.5 * truth.radii.b);
  });

  it('the sampled grid agrees with the exact map within 0.05 mm', () => {
    const proj = headProjection(truth);
    for (let y = -300; y <= 60; y += 17.3)
      for (let x = -110; x <= 110; x += 13.7) {
        const e = surfacePoint(map, x, y);
        const g = proj.headPoint(x, y);
        if (!e || !g) continue;
        expect(Math.hypot(e[0] - g[0], e[1] - g[1], e[2] - g[2])).toBeLessThan(0.05);
      }
  });
});

describe('headProjection', () => {
  for (const [name, pose] of Object.entries(POSES)) {
    it(`${name}: mm → px → mm comes back within 0.3 mm for every drawn point`, () => {
      const proj = headProjection(fitHead(syntheticObservation(truthFit({ pose }))));
      const xy = planGrid(13);
      const out = proj.project(xy, xy.length / 2);
      let drawn = 0;
      const back: [number, number] = [0, 0];
      for (let i = 0; i < out.count; i++) {
        if (!out.visible[i]) continue;
        drawn++;
        expect(proj.pxToMm(out.px[2 * i]!, out.px[2 * i + 1]!, back)).toBe(true);
        expect(Math.hypot(back[0] - xy[2 * i]!, back[1] - xy[2 * i + 1]!)).toBeLessThan(0.3);
      }
      expect(drawn).toBeGreaterThan(out.count / 5);
    });

    it(`${name}: each dot's Jacobian matches finite differences of the exact map (2 %)`, () => {
      const fit = fitHead(syntheticObservation(truthFit({ pose })));
      const proj = headProjection(fit);
      const map = surfaceMap(fit.radii, fit.originArc);
      const exact = (x: number, y: number): [number, number] => headToPx(fit, surfacePoint(map, x, y)!);
      const J = [0, 0, 0, 0];
      const h = 0.05;
      let checked = 0;
      for (let y = -190; y <= 0; y += 9.1)
        for (let x = -95; x <= 95; x += 8.3) {
          if (!proj.jacobian(x, y, J)) continue;
          const scale = Math.hypot(...J);
          const [ax, ay] = exact(x - h, y);
          const [bx, by] = exact(x + h, y);
          const [cx, cy] = exact(x, y - h);
          const [dx, dy] = exact(x, y + h);
          const fd = [(bx - ax) / (2 * h), (by - ay) / (2 * h), (dx - cx) / (2 * h), (dy - cy) / (2 * h)];
          for (let k = 0; k < 4; k++) expect(Math.abs(fd[k]! - J[k]!)).toBeLessThan(0.02 * scale);
          checked++;
        }
      expect(checked).toBeGreaterThan(50);
    });
  }

  it('frontal: a dot high on the top is squashed (axes < 1 : 2.5) and one just below the hairline is nearly round (> 0.8)', () => {
    const proj = headProjection(fitHead(syntheticObservation(truthFit())));
    const J = [0, 0, 0, 0];
    const e: [number, number, number] = [0, 0, 0];
    expect(proj.jacobian(0, -70, J)).toBe(true);
    dotEllipse(J, 0, 1, e);
    expect(e[1] / e[0]).toBeLessThan(0.4);
    expect(proj.jacobian(0, 30, J)).toBe(true);
    dotEllipse(J, 0, 1, e);
    expect(e[1] / e[0]).toBeGreaterThan(0.8);
  });

  it('culls the far side: from the front the crown and back are hidden; turned right (yaw +60°) the left side hides and the right shows', () => {
    const front = headProjection(fitHead(syntheticObservation(truthFit())));
    const p: [number, number] = [0, 0];
    expect(front.mmToPx(0, -60, p)).toBe(true);
    expect(front.mmToPx(0, -260, p)).toBe(false);
    const turned = headProjection(fitHead(syntheticObservation(truthFit({ pose: { yaw: 60 * deg, pitch: 0, roll: 0 } }))));
    expect(turned.mmToPx(110, -60, p)).toBe(false);
    expect(turned.mmToPx(-110, -60, p)).toBe(true);
    // agrees with the exact normal test on the ellipsoid
    const h = turned.headPoint(110, -60)!;
    expect(facesCamera(turned.fit, h)).toBe(false);
  });

  it('draws nothing outside the outline or below the brow line', () => {
    for (const pose of Object.values(POSES)) {
      const obs = syntheticObservation(truthFit({ pose }));
      const fit = fitHead(obs);
      const proj = headProjection(fit);
      const xy: number[] = [];
      for (let y = -300; y <= 100; y += 4) for (let x = -160; x <= 160; x += 4) xy.push(x, y);
      const out = proj.project(xy, xy.length / 2);
      const e = obs.outline!;
      const b = fit.brow!;
      for (let i = 0; i < out.count; i++) {
        if (!out.visible[i]) continue;
        const u = out.px[2 * i]!, v = out.px[2 * i + 1]!;
        expect(((u - e.cx) / e.rx) ** 2 + ((v - e.cy) / e.ry) ** 2).toBeLessThanOrEqual(1 + 1e-6);
        const across = Math.abs(-(u - b.x) * b.ny + (v - b.y) * b.nx);
        if (across <= b.halfWidth) expect((u - b.x) * b.nx + (v - b.y) * b.ny).toBeLessThanOrEqual(0);
      }
    }
  });

  it('a px off the head maps back to false and to a point on its edge', () => {
    const proj = headProjection(fitHead(syntheticObservation(truthFit())));
    const out: [number, number] = [0, 0];
    expect(proj.pxToMm(5, 5, out)).toBe(false);
    expect(Number.isFinite(out[0]) && Number.isFinite(out[1])).toBe(true);
  });

  it('reuses a grid across pose edits and rebuilds it when the radii change', () => {
    const fit = fitHead(syntheticObservation(truthFit()));
    const p1 = headProjection(fit);
    const p2 = headProjection(adjustHead(fit, { pose: { yaw: 0.2 } }), p1.grid);
    expect(p2.grid).toBe(p1.grid);
    const p3 = headProjection(adjustHead(fit, { radii: { b: 120 } }), p1.grid);
    expect(p3.grid).not.toBe(p1.grid);
  });
});

describe('handles', () => {
  it('dragging the top handle moves the silhouette top to the pointer (within 1 px), the sides likewise', () => {
    const fit = fitHead(syntheticObservation(truthFit()));
    const h = headHandles(fit);
    const up = dragHandle(fit, 'top', [h.top[0], h.top[1] - 30]);
    expect(headHandles(up).top[1]).toBeCloseTo(h.top[1] - 30, 0);
    const wide = dragHandle(fit, 'right', [h.right[0] + 20, h.right[1]]);
    expect(headHandles(wide).right[0]).toBeCloseTo(h.right[0] + 20, 0);
    expect(silhouetteExtent(wide, 1, 0)).toBeGreaterThan(silhouetteExtent(fit, 1, 0));
    const moved = dragHandle(fit, 'front', [h.front[0] + 10, h.front[1] + 5]);
    expect(headHandles(moved).front[0]).toBeCloseTo(h.front[0] + 10, 3);
  });

  it('refuses radii out of range and names them', () => {
    const fit = fitHead(syntheticObservation(truthFit()));
    expect(() => adjustHead(fit, { radii: { b: 300 } })).toThrow(/radii.b.*300/);
    expect(() => adjustHead(fit, { pose: { yaw: NaN } })).toThrow(/pose.yaw/);
  });
});

describe('flatProjection', () => {
  it('gives the same px as the ScalpView, a constant Jacobian, every point drawn, and inverts exactly', () => {
    const view = { pxPerMm: 3, originX: 200, originY: 150, rotation: 0.3, squash: 0.6 };
    const proj = flatProjection(view);
    const xy = planGrid(25);
    const out = proj.project(xy, xy.length / 2, allocProjected(1));
    for (let i = 0; i < out.count; i++) {
      const [u, v] = viewMmToPx(view, xy[2 * i]!, xy[2 * i + 1]!);
      expect(out.px[2 * i]).toBeCloseTo(u, 3);
      expect(out.px[2 * i + 1]).toBeCloseTo(v, 3);
      expect(out.visible[i]).toBe(1);
      const back: [number, number] = [0, 0];
      proj.pxToMm(u, v, back);
      expect(back[0]).toBeCloseTo(xy[2 * i]!, 6);
      expect(back[1]).toBeCloseTo(xy[2 * i + 1]!, 6);
    }
    const e = dotEllipse(out.jac, 0, 1);
    expect(e[0]).toBeCloseTo(3, 6);
    expect(e[1]).toBeCloseTo(1.8, 6);
  });
});

describe('suggestHairline', () => {
  it("Garg's rule: the origin 80 mm of forehead above the glabella, temples on the canthal lines, set back by the recession", () => {
    const obs = syntheticObservation(truthFit());
    const fit = fitHead(obs);
    const s = suggestHairline(obs, fit, { method: 'garg', recessionMm: 18 });
    expect(s.method).toBe('garg');
    expect(s.originArc).toBe(80);
    // the origin lies on the midline above the glabella, below the outline's top
    expect(s.originPx[0]).toBeCloseTo(obs.face!.glabella[0], 3);
    expect(s.originPx[1]).toBeLessThan(obs.face!.glabella[1] - 40 * 4);
    for (const [i, side] of [[0, -1], [1, 1]] as const) {
      expect(s.templesMm[i][1]).toBeCloseTo(-18, 1);
      expect(Math.sign(s.templesMm[i][0])).toBe(side);
      expect(s.templesPx[i][0]).toBeCloseTo(obs.face!.lateralCanthi[i][0], 3);
    }
    // symmetric face, symmetric temples; about the width of a real hairline (temple to temple 100–140 mm)
    expect(s.templesMm[0][0]).toBeCloseTo(-s.templesMm[1][0], 0);
    expect(s.widthMm).toBeGreaterThan(90);
    expect(s.widthMm).toBeLessThan(150);
  });

  it('facial thirds: a longer middle and lower face puts the hairline higher; and refuses no face or a bad arc', () => {
    const obs = syntheticObservation(truthFit());
    const fit = fitHead(obs);
    const a = suggestHairline(obs, fit, { method: 'thirds' });
    const face = obs.face!;
    const longer = { ...obs, face: { ...face, chin: [face.chin[0], face.chin[1] + 40] as const, noseBase: [face.noseBase[0], face.noseBase[1] + 20] as const } };
    const b = suggestHairline(longer, fit, { method: 'thirds' });
    expect(b.originArc).toBeGreaterThan(a.originArc);
    expect(a.originArc).toBeGreaterThan(40);
    expect(a.originArc).toBeLessThan(120);
    expect(() => suggestHairline({ ...obs, face: null }, fit)).toThrow(/no face/);
    expect(() => suggestHairline(obs, fit, { arcMm: 100 })).toThrow(/arcMm.*100/);
    expect(() => suggestHairline(obs, fit, { thirds: 3 })).toThrow(/thirds.*3/);
  });

  it('issue 18: the default is the mature preset of face-thirds; each preset lands at its thirds, higher presets higher; Garg and thirds both read in mm and thirds', () => {
    const obs = syntheticObservation(truthFit());
    const fit = fitHead(obs);
    const s = suggestHairline(obs, fit);
    expect(s.method).toBe('thirds');
    expect(hairlineHeights(obs.face!, s.fit).current.thirds).toBeCloseTo(HAIRLINE_HEIGHTS[DEFAULT_HAIRLINE_HEIGHT], 3);
    let last = 0;
    for (const k of ['youthful', 'mature', 'conservative'] as const) {
      const t = suggestHairline(obs, fit, { thirds: HAIRLINE_HEIGHTS[k] });
      expect(t.originArc).toBeGreaterThan(last);
      last = t.originArc;
    }
    const h = hairlineHeights(obs.face!, fit);
    expect(h.garg.arcMm).toBe(80);
    expect(h.thirds.thirds).toBeCloseTo(1, 3);
    expect(h.garg.thirds).toBeGreaterThan(0.7);
    expect(h.garg.thirds).toBeLessThan(1.5);
    expect(arcForThirds(obs.face!, fit, h.garg.thirds)).toBeCloseTo(80, 1);
  });
});

describe('other views and polygons', () => {
  it('a top-down photo (pitch −80°, no face): the crown shows, the priors size the head, more of the plan is drawn than from the front', () => {
    const truth = truthFit({ pose: { yaw: 0, pitch: -80 * deg, roll: 0 } });
    const obs = { ...syntheticObservation(truth), face: null };
    // the synthetic outline stops at the ear line, which from above cuts across the crown: size from it, clip by the ellipsoid
    const fit = adjustHead(fitHead(obs, { pose: { yaw: 0, pitch: -80 * deg, roll: 0 } }), { clip: null });
    expect(fit.radii.b).toBe(115);
    const proj = headProjection(fit);
    const p: [number, number] = [0, 0];
    expect(proj.mmToPx(0, -175, p)).toBe(true);
    const xy = Float32Array.from(planGrid(10));
    const top = proj.project(xy, xy.length / 2).visible.reduce((a, b) => a + b, 0);
    const front = headProjection(fitHead(syntheticObservation(truthFit()))).project(xy, xy.length / 2).visible.reduce((a, b) => a + b, 0);
    expect(top).toBeGreaterThan(front);
  });

  it('a px polygon on the head becomes the mm polygon it was drawn from; vertices off the head land on its edge', () => {
    const proj = headProjection(fitHead(syntheticObservation(truthFit())));
    const mm: [number, number][] = [[-40, -20], [40, -20], [40, -60], [-40, -60]];
    const px = mm.map(([x, y]) => {
      const q: [number, number] = [0, 0];
      expect(proj.mmToPx(x, y, q)).toBe(true);
      return q;
    });
    const back = pxPolygonToMm(proj, [...px, [1, 1]]);
    expect(back).toHaveLength(5);
    back.slice(0, 4).forEach(([x, y], i) => expect(Math.hypot(x - mm[i]![0], y - mm[i]![1])).toBeLessThan(0.3));
    expect(back[4]!.every(Number.isFinite)).toBe(true);
  });
});
