// The report's picture box and which with-touch-up pictures it shows, in node (the pixels are checked in
// consult-app-report-pictures.browser.test.ts).
import { describe, expect, it } from 'vitest';
import { CROP_MARGIN, HEAD_HEIGHT_PER_BREADTH, cropOf, drawnBox, headBox, touchUpDays } from '../examples/app/report-pictures.js';
import { flatProjection } from '../src/head/projection.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

const days = [1, 3, 5, 8].map((y) => ({ day: y * 365, caption: `Year ${y}` }));

describe('the report pictures’ box', () => {
  it('holds the whole head, crown to chin: the fitted outline’s top and sides and the face’s chin', () => {
    const fit = truthFit({ width: 1200, height: 1500, pxPerMm: 4, glabella: [600, 700] });
    const obs = syntheticObservation(fit);
    const box = headBox(fit, obs.face!.chin, obs.outline);
    expect(box.bottom).toBe(obs.face!.chin[1]);
    // the crown: the outline's top, within a px
    expect(box.top).toBeLessThanOrEqual(obs.outline!.cy - obs.outline!.ry + 1);
    expect(box.top).toBeGreaterThan(obs.outline!.cy - obs.outline!.ry - 0.15 * obs.outline!.ry);
    expect(box.left).toBeLessThanOrEqual(obs.outline!.cx - obs.outline!.rx + 1);
    expect(box.right).toBeGreaterThanOrEqual(obs.outline!.cx + obs.outline!.rx - 1);
    // a head is taller than wide, and the box is head-sized: 120–200 mm wide at the face's 4 px/mm (the skull's
    // widest part lies behind the face, further from the camera, so it looks a little narrower than its 152 mm)
    expect((box.bottom - box.top) / (box.right - box.left)).toBeGreaterThan(1.1);
    expect((box.right - box.left) / 4).toBeGreaterThan(120);
    expect((box.right - box.left) / 4).toBeLessThan(200);
  });

  it('without a face, reaches a head’s proportion below the crown', () => {
    const fit = truthFit();
    const box = headBox(fit, null, null);
    expect(box.bottom - box.top).toBeCloseTo(HEAD_HEIGHT_PER_BREADTH * (box.right - box.left), 6);
  });

  it('grows the box by the margin, rounds outwards and stays inside the photo', () => {
    const c = cropOf({ left: 100.4, top: 50.6, right: 300.2, bottom: 450.5 }, 1000, 1000);
    const m = CROP_MARGIN * 399.9;
    expect(c).toEqual({ x: Math.floor(100.4 - m), y: Math.floor(50.6 - m), width: Math.ceil(300.2 + m) - Math.floor(100.4 - m), height: Math.ceil(450.5 + m) - Math.floor(50.6 - m) });
    expect(cropOf({ left: -50, top: -20, right: 900, bottom: 990 }, 800, 1000)).toEqual({ x: 0, y: 0, width: 800, height: 1000 });
    expect(() => cropOf({ left: 2000, top: 0, right: 2100, bottom: 10 }, 800, 600)).toThrow(/cropOf: the box .* lies outside the 800 × 600 photo/);
    expect(() => cropOf({ left: 0, top: 0, right: 1, bottom: 1 }, 0, 600)).toThrow(/cropOf: photo size .* got 0 × 600/);
  });

  it('on the sample, bounds the treated area’s drawn dots', () => {
    const proj = flatProjection({ pxPerMm: 2, originX: 100, originY: 50, rotation: 0 });
    const xy = Float32Array.of(-10, 0, 30, 40, 5, -20);
    expect(drawnBox(proj, xy, 3)).toEqual({ left: 80, top: 10, right: 160, bottom: 130 });
    expect(drawnBox(proj, xy, 0)).toBeNull();
  });
});

describe('the with-touch-up pictures', () => {
  it('show only the days after the first touch-up, and the caption says the earlier ones look the same as without', () => {
    const t = touchUpDays(days, [6.8, 3.5]);
    expect(t.shown.map((d) => d.caption)).toEqual(['Year 5', 'Year 8']);
    expect(t.note).toBe('Years 1 and 3: the same as without touch-ups (the first touch-up is at year 3.5).');
    expect(touchUpDays(days, [2]).note).toBe('Year 1: the same as without touch-ups (the first touch-up is at year 2).');
  });

  it('show every day when the first touch-up comes before them all, and none without touch-ups', () => {
    expect(touchUpDays(days, [0.5])).toEqual({ shown: days, note: null });
    expect(touchUpDays(days, [])).toEqual({ shown: [], note: null });
    const late = touchUpDays(days, [9]);
    expect(late.shown).toEqual([]);
    expect(late.note).toMatch(/^Years 1, 3, 5 and 8: the same as without touch-ups \(the first touch-up is at year 9\)\.$/);
  });
});
