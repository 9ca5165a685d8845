import { describe, expect, it } from 'vitest';
import {
  type ScalpView,
  boundsOf,
  boundsOfPolygons,
  emptyBounds,
  fitView,
  mmToPx,
  pxToMm,
  viewMatrix,
} from '../src/view.js';

/** mulberry32: a seeded stream for the random views. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomView(r: () => number): ScalpView {
  const v: ScalpView = { pxPerMm: 0.1 + r() * 20, originX: (r() - 0.5) * 4000, originY: (r() - 0.5) * 4000, rotation: (r() - 0.5) * 4 * Math.PI };
  if (r() < 0.5) v.squash = 0.2 + r() * 0.8; // half of them foreshortened, as on a frontal photo
  return v;
}

describe('view: mm ↔ px', () => {
  it('mmToPx then pxToMm returns the point within 1e-9 for random views', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const v = randomView(r);
      const x = (r() - 0.5) * 400;
      const y = (r() - 0.5) * 400;
      const [px, py] = mmToPx(v, x, y);
      const [mx, my] = pxToMm(v, px, py);
      expect(Math.abs(mx - x)).toBeLessThan(1e-9);
      expect(Math.abs(my - y)).toBeLessThan(1e-9);
    }
  });

  it('pxToMm then mmToPx returns the pixel within 1e-9', () => {
    const r = rng(2);
    for (let i = 0; i < 500; i++) {
      const v = randomView(r);
      const px = r() * 2000;
      const py = r() * 2000;
      const [x, y] = pxToMm(v, px, py);
      const [qx, qy] = mmToPx(v, x, y);
      expect(Math.abs(qx - px)).toBeLessThan(1e-9 * Math.max(1, Math.abs(px)) * 10);
      expect(Math.abs(qy - py)).toBeLessThan(1e-9 * Math.max(1, Math.abs(py)) * 10);
    }
  });

  it('the mm origin lands on (originX, originY) and 1 mm is pxPerMm pixels in every direction', () => {
    const v: ScalpView = { pxPerMm: 4, originX: 450, originY: 600, rotation: 0.7 };
    expect(mmToPx(v, 0, 0)).toEqual([450, 600]);
    const r = rng(3);
    for (let i = 0; i < 50; i++) {
      const a = r() * 2 * Math.PI;
      const [px, py] = mmToPx(v, Math.cos(a), Math.sin(a));
      expect(Math.hypot(px - 450, py - 600)).toBeCloseTo(4, 12);
    }
  });

  it('rotation 0 keeps the axes: x right, y down (the crown, y < 0, is above the hairline)', () => {
    const v: ScalpView = { pxPerMm: 2, originX: 10, originY: 20, rotation: 0 };
    expect(mmToPx(v, 5, 0)).toEqual([20, 20]);
    expect(mmToPx(v, 0, -5)).toEqual([10, 10]);
  });

  it('rotation turns x toward y (a quarter turn sends +x mm to +y px)', () => {
    const v: ScalpView = { pxPerMm: 1, originX: 0, originY: 0, rotation: Math.PI / 2 };
    const [px, py] = mmToPx(v, 1, 0);
    expect(px).toBeCloseTo(0, 12);
    expect(py).toBeCloseTo(1, 12);
    const [qx, qy] = mmToPx(v, 0, 1);
    expect(qx).toBeCloseTo(-1, 12);
    expect(qy).toBeCloseTo(0, 12);
  });

  it('the out argument is written and returned', () => {
    const out: [number, number] = [0, 0];
    const v: ScalpView = { pxPerMm: 3, originX: 1, originY: 2, rotation: 0 };
    expect(mmToPx(v, 1, 1, out)).toBe(out);
    expect(out).toEqual([4, 5]);
    expect(pxToMm(v, 4, 5, out)).toBe(out);
    expect(out).toEqual([1, 1]);
  });
});

describe('view: matrix', () => {
  it('viewMatrix (column-major 3×3) applied to a point agrees with mmToPx', () => {
    const r = rng(4);
    for (let i = 0; i < 200; i++) {
      const v = randomView(r);
      const m = viewMatrix(v);
      expect(m.length).toBe(9);
      expect([m[2], m[5], m[8]]).toEqual([0, 0, 1]);
      const x = (r() - 0.5) * 300;
      const y = (r() - 0.5) * 300;
      const px = m[0]! * x + m[3]! * y + m[6]!;
      const py = m[1]! * x + m[4]! * y + m[7]!;
      const [ex, ey] = mmToPx(v, x, y);
      // float32 storage: relative error ~1e-7 of the magnitudes involved
      const tol = 1e-6 * (Math.abs(v.originX) + Math.abs(v.originY) + v.pxPerMm * 600);
      expect(Math.abs(px - ex)).toBeLessThan(tol);
      expect(Math.abs(py - ey)).toBeLessThan(tol);
    }
  });
});

describe('view: fitting', () => {
  const box = { minX: -75, minY: -175, maxX: 75, maxY: 14 };

  it('fitView puts the bounds inside the frame with the margin, touching it on one axis', () => {
    for (const [w, h, m] of [
      [900, 700, 20],
      [256, 256, 0],
      [400, 1200, 50],
    ] as const) {
      const v = fitView(box, w, h, m);
      const [x0, y0] = mmToPx(v, box.minX, box.minY);
      const [x1, y1] = mmToPx(v, box.maxX, box.maxY);
      expect(x0).toBeGreaterThanOrEqual(m - 1e-9);
      expect(y0).toBeGreaterThanOrEqual(m - 1e-9);
      expect(x1).toBeLessThanOrEqual(w - m + 1e-9);
      expect(y1).toBeLessThanOrEqual(h - m + 1e-9);
      const touchesX = Math.abs(x0 - m) < 1e-6 && Math.abs(x1 - (w - m)) < 1e-6;
      const touchesY = Math.abs(y0 - m) < 1e-6 && Math.abs(y1 - (h - m)) < 1e-6;
      expect(touchesX || touchesY).toBe(true);
      // centred
      expect((x0 + x1) / 2).toBeCloseTo(w / 2, 9);
      expect((y0 + y1) / 2).toBeCloseTo(h / 2, 9);
    }
  });

  it('fitView with a rotation keeps every corner of the box inside the frame', () => {
    const v = fitView(box, 500, 500, 10, 0.5);
    for (const [x, y] of [
      [box.minX, box.minY],
      [box.maxX, box.minY],
      [box.maxX, box.maxY],
      [box.minX, box.maxY],
    ] as const) {
      const [px, py] = mmToPx(v, x, y);
      expect(px).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(px).toBeLessThanOrEqual(490 + 1e-9);
      expect(py).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(py).toBeLessThanOrEqual(490 + 1e-9);
    }
  });

  it('fitView of an empty or zero-size box still gives a finite view', () => {
    for (const b of [emptyBounds(), { minX: 3, minY: 3, maxX: 3, maxY: 3 }]) {
      const v = fitView(b, 100, 100, 60);
      expect(Number.isFinite(v.pxPerMm) && v.pxPerMm > 0).toBe(true);
      expect(Number.isFinite(v.originX) && Number.isFinite(v.originY)).toBe(true);
    }
  });

  it('boundsOf matches a linear scan of the first count points', () => {
    const r = rng(5);
    const xy = new Float32Array(2 * 1000).map(() => (r() - 0.5) * 300);
    const b = boundsOf({ xy, count: 700 });
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < 700; i++) {
      minX = Math.min(minX, xy[2 * i]!);
      maxX = Math.max(maxX, xy[2 * i]!);
      minY = Math.min(minY, xy[2 * i + 1]!);
      maxY = Math.max(maxY, xy[2 * i + 1]!);
    }
    expect(b).toEqual({ minX, minY, maxX, maxY });
    expect(boundsOf({ xy: new Float32Array(0) })).toEqual(emptyBounds());
  });

  it('boundsOfPolygons covers every vertex of every polygon', () => {
    const b = boundsOfPolygons([
      [
        [0, 0],
        [10, -5],
      ],
      [[-3, 7]],
    ]);
    expect(b).toEqual({ minX: -3, minY: -5, maxX: 10, maxY: 7 });
  });

  it('squash foreshortens only the map y axis: the crown comes closer to the hairline, widths stay', () => {
    const flat: ScalpView = { pxPerMm: 4, originX: 500, originY: 600, rotation: 0 };
    const tilted: ScalpView = { ...flat, squash: 0.4 };
    expect(mmToPx(tilted, 0, -175)[1]).toBeCloseTo(600 - 0.4 * 4 * 175, 9);
    expect(mmToPx(tilted, 70, 0)).toEqual(mmToPx(flat, 70, 0));
    const p = pxToMm(tilted, ...mmToPx(tilted, 12.5, -88));
    expect(p[0]).toBeCloseTo(12.5, 9);
    expect(p[1]).toBeCloseTo(-88, 9);
    const f = fitView({ minX: -75, minY: -175, maxX: 75, maxY: 0 }, 600, 600, 0, 0, 0.5);
    const top = mmToPx(f, 0, -175)[1];
    const bottom = mmToPx(f, 0, 0)[1];
    expect(bottom - top).toBeCloseTo(0.5 * 175 * f.pxPerMm, 6);
    expect(f.squash).toBe(0.5);
  });
});
