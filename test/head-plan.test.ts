// The plan a photo proposes: the proposed bald area in scalp mm stays behind the hairline (the forehead is
// never treated), and the scale bar picks a round length that fits.
import { describe, expect, it } from 'vitest';
import { behindHairline, proposedRegions, scaleBarMm } from '../examples/app/head-plan.js';
import { fitHead, headProjection } from '../src/head/index.js';
import { insidePolygon } from '../src/raster.js';
import { hairlinePoints } from '../src/presets.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

describe('the plan a photo proposes', () => {
  it('keeps the proposed treated area behind the hairline, so nothing in front of the line (the forehead) is treated', () => {
    const truth = truthFit({ pxPerMm: 4 });
    const obs = syntheticObservation(truth);
    const fit = fitHead(obs);
    const proj = headProjection(fit);
    // a proposed area in photo px that runs from the upper forehead over the top of the head
    const ring: [number, number][] = [];
    for (let i = 0; i <= 24; i++) {
      const t = (i / 24) * Math.PI;
      const p: [number, number] = [0, 0];
      proj.mmToPx(60 * Math.cos(t), 30 - 110 * Math.sin(t), p);
      ring.push(p);
    }
    obs.proposedArea = [ring];
    const line = hairlinePoints('mature');
    const regions = proposedRegions(obs, fit, line);
    expect(regions.length).toBeGreaterThan(0);
    const behind = behindHairline(line);
    let n = 0;
    for (const r of regions)
      for (const [x, y] of r.points) {
        n++;
        // on or behind the line: inside the behind-polygon or on its edge (rounded to 0.1 mm)
        expect(insidePolygon(behind, x, y - 0.2) || insidePolygon(behind, x, y) || insidePolygon(behind, x, y + 0.2)).toBe(true);
      }
    expect(n).toBeGreaterThan(3);
    // without a hairline the whole proposed area is kept, forehead included
    const all = proposedRegions(obs, fit, null);
    expect(Math.max(...all.flatMap((r) => r.points.map((p) => p[1])))).toBeGreaterThan(10);
  });

  it('a scale bar is the longest round length (1, 2, 5, 10, 20, 50, 100 mm) that fits', () => {
    expect(scaleBarMm(1.5, 140)).toBe(50);
    expect(scaleBarMm(20, 140)).toBe(5);
    expect(scaleBarMm(0.5, 140)).toBe(100);
  });
});
