// The plan a photo proposes: the proposed bald area in scalp mm stays behind the hairline's soft zone (the forehead
// is never treated), feathered into the hair, none for a full head of hair; the area's front follows a moved
// hairline; a brushed treated area gets dots where ink may go; and the scale bar picks a round length that fits.
import { describe, expect, it } from 'vitest';
import { brushStroke, strokeShape } from '../examples/edit/index.js';
import {
  aheadOfHairlineCm2,
  behindHairline,
  FEATHER,
  followHairline,
  FRONT_MARGIN_MM,
  fullHairRegion,
  hasFullHair,
  proposedRegions,
  scaleBarMm,
  withHairlineArc,
} from '../examples/app/head-plan.js';
import { fitHead, headProjection, PIXEL_CLASS, suggestHairline, type HeadFit, type HeadObservation } from '../src/head/index.js';
import { insidePolygon } from '../src/raster.js';
import { defaultPlanInput, hairlinePoints } from '../src/presets.js';
import { lookMap } from '../src/render/photo-look.js';
import { simulate } from '../src/simulate.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

/** A fitted synthetic photo with a proposed area (photo px) from the upper forehead over the top, and classes: `top` on the head. */
function photo(top: number = PIXEL_CLASS.scalp): { obs: HeadObservation; fit: HeadFit } {
  const truth = truthFit({ pxPerMm: 4 });
  const obs = syntheticObservation(truth);
  const fit = fitHead(obs);
  const proj = headProjection(fit);
  const ring: [number, number][] = [];
  for (let i = 0; i <= 24; i++) {
    const t = (i / 24) * Math.PI;
    const p: [number, number] = [0, 0];
    proj.mmToPx(60 * Math.cos(t), 30 - 110 * Math.sin(t), p);
    ring.push(p);
  }
  obs.proposedArea = [ring];
  const scale = 4;
  const w = Math.ceil(obs.width / scale), h = Math.ceil(obs.height / scale);
  obs.classes = { width: w, height: h, scale, data: new Uint8Array(w * h).fill(top) };
  return { obs, fit };
}

/** The photo px of a map point through a fit. */
const px = (fit: HeadFit, x: number, y: number): [number, number] => {
  const p: [number, number] = [0, 0];
  headProjection(fit).mmToPx(x, y, p);
  return p;
};

describe('the plan a photo proposes', () => {
  it("keeps the proposed treated area behind the hairline's soft zone, so the forehead in front of it is never treated", () => {
    const { obs, fit } = photo();
    const line = hairlinePoints('mature');
    const regions = proposedRegions(obs, fit, line);
    expect(regions.length).toBeGreaterThan(0);
    const behind = behindHairline(line.map(([x, y]) => [x, y + FRONT_MARGIN_MM] as [number, number]));
    let n = 0;
    for (const r of regions)
      for (const [x, y] of r.points) {
        n++;
        // on or behind the line: inside the behind-polygon or on its edge (rounded to 0.1 mm)
        expect(insidePolygon(behind, x, y - 0.2) || insidePolygon(behind, x, y) || insidePolygon(behind, x, y + 0.2)).toBe(true);
      }
    expect(n).toBeGreaterThan(3);
    // it reaches the soft zone in front of the line (no hard edge at the line)
    expect(Math.max(...regions.flatMap((r) => r.points.map((p) => p[1])))).toBeGreaterThan(FRONT_MARGIN_MM - 1);
    // without a hairline the whole proposed area is kept, forehead included
    const all = proposedRegions(obs, fit, null);
    expect(Math.max(...all.flatMap((r) => r.points.map((p) => p[1])))).toBeGreaterThan(FRONT_MARGIN_MM + 5);
  });

  it('feathers the area into the remaining hair: a wider region at a lower density listed first, so the area owns the overlap', () => {
    const { obs, fit } = photo();
    const regions = proposedRegions(obs, fit, hairlinePoints('mature'));
    const feather = regions.filter((r) => r.densityScale === FEATHER.densityScale);
    const core = regions.filter((r) => r.densityScale === 1);
    expect(feather.length).toBeGreaterThan(0);
    expect(core.length).toBeGreaterThan(0);
    expect(regions.indexOf(feather[0]!)).toBeLessThan(regions.indexOf(core[0]!));
    // every core vertex lies inside the feather (or on its front edge), and the feather reaches further back
    for (const [x, y] of core[0]!.points) expect(feather.some((f) => insidePolygon(f.points, x, y) || insidePolygon(f.points, x, y - 0.5))).toBe(true);
    const back = (pts: [number, number][]) => Math.min(...pts.map((p) => p[1]));
    expect(back(feather[0]!.points)).toBeLessThan(back(core[0]!.points) - FEATHER.widthMm / 2);
  });

  it('proposes nothing for a full head of hair (the top behind the hairline reads as hair), and offers its two designs', () => {
    const hairy = photo(PIXEL_CLASS.hair);
    expect(hasFullHair(hairy.obs, hairy.fit)).toBe(true);
    expect(proposedRegions(hairy.obs, hairy.fit, hairlinePoints('mature'))).toEqual([]);
    const bald = photo(PIXEL_CLASS.scalp);
    expect(hasFullHair(bald.obs, bald.fit)).toBe(false);
    expect(proposedRegions(bald.obs, bald.fit, hairlinePoints('mature')).length).toBeGreaterThan(0);
    // the designs: dots under the hair over the top, or a band that runs along the hairline
    const line = hairlinePoints('mature');
    expect(fullHairRegion('density', line).points.length).toBeGreaterThan(10);
    const band = fullHairRegion('hairline', line);
    expect(insidePolygon(band.points, 0, -10)).toBe(true);
    expect(insidePolygon(band.points, 0, -60)).toBe(false);
  });

  it("moving the hairline's height moves the treated area's front edge with it; its back stays where it is on the photo", () => {
    const { obs } = photo();
    const s = suggestHairline(obs, fitHead(obs));
    const line = hairlinePoints('mature');
    const plan = { ...defaultPlanInput(), hairline: { style: 'mature' as const, points: line }, regions: proposedRegions(obs, s.fit, line) };
    const core = (p: typeof plan) => p.regions.find((r) => r.densityScale === 1)!.points;
    const front = (pts: [number, number][]) => pts.reduce((a, b) => (Math.abs(b[0]) < 20 && b[1] > a[1] ? b : a), [0, -Infinity] as [number, number]);
    const back = (pts: [number, number][]) => pts.reduce((a, b) => (b[1] < a[1] ? b : a));
    for (const d of [12, -10]) {
      const r = withHairlineArc(plan, s.fit, s.originArc + d);
      // the hairline's own points are unchanged (it is drawn about the moved origin), so it moved on the photo
      expect(r.plan.hairline!.points).toEqual(line);
      expect(Math.hypot(...(px(r.fit, 0, 0).map((v, i) => v - px(s.fit, 0, 0)[i]!) as [number, number]))).toBeGreaterThan(5);
      // the front edge keeps its place relative to the line: FRONT_MARGIN_MM in front of it, on the new fit
      expect(front(core(r.plan))[1]).toBeCloseTo(front(core(plan))[1], 0);
      // the back of the area keeps its place on the photo
      const b0 = back(core(plan)), b1 = back(core(r.plan));
      const [p0, p1] = [px(s.fit, b0[0], b0[1]), px(r.fit, b1[0], b1[1])];
      expect(Math.hypot(p1[0] - p0[0], p1[1] - p0[1])).toBeLessThan(1);
    }
  });

  it('a dragged hairline handle drags the front of the treated areas with it, not their backs, nor exclusions', () => {
    const line = hairlinePoints('mature');
    const moved = line.map(([x, y]) => [x, Math.abs(x) < 30 ? y + 8 : y] as [number, number]);
    const regions = [
      { kind: 'treated', points: [[-40, 10], [40, 10], [40, -120], [-40, -120]] as [number, number][] },
      { kind: 'exclusion', points: [[-5, 5], [5, 5], [5, -5]] as [number, number][] },
    ];
    const out = followHairline(regions, line, moved);
    expect(out[0]!.points[0]).toEqual([-40, 10]); // beside the dragged part: the line did not move there
    expect(out[0]!.points[2]).toEqual([40, -120]); // the back stays
    expect(out[1]).toBe(regions[1]);
    const mid = followHairline([{ kind: 'treated', points: [[0, 10], [10, 10], [0, -120]] as [number, number][] }], line, moved)[0]!;
    expect(mid.points[0]![1]).toBeCloseTo(18, 6);
    expect(mid.points[2]![1]).toBe(-120);
  });

  it('a brushed treated area gets dots, drawn where the look map lets ink go, on bald scalp the colour classes call face', () => {
    const { obs, fit } = photo(PIXEL_CLASS.face);
    const s = suggestHairline(obs, fit);
    const plan = { ...defaultPlanInput(), regions: [] as ReturnType<typeof defaultPlanInput>['regions'] };
    // a stroke across the bald front, just behind the hairline
    const r = brushStroke(plan, { points: [[-30, -15], [30, -15]], radiusMm: 8 }, { kind: 'treated' });
    expect(r.region).toBe(0);
    const dots = simulate(r.plan);
    expect(dots.count).toBeGreaterThan(100);
    const map = lookMap(s.fit, obs.width, obs.height, { classes: obs.classes });
    const out = headProjection(s.fit).project(dots.xy, dots.count);
    let drawable = 0;
    for (let i = 0; i < out.count; i++) {
      const c = Math.floor(out.px[2 * i]! / map.scale) + Math.floor(out.px[2 * i + 1]! / map.scale) * map.width;
      if (out.visible[i] && map.data[4 * c] === 255) drawable++;
    }
    expect(drawable / dots.count).toBeGreaterThan(0.95);
  });

  it("a treated stroke in front of the hairline's soft zone is measured (the plan puts no dots there, so the studio says so)", () => {
    const plan = defaultPlanInput();
    const line = plan.hairline!.points;
    const ahead = { points: [[-20, 40], [20, 40]] as [number, number][], radiusMm: 8 };
    const behind = { points: [[-20, -40], [20, -40]] as [number, number][], radiusMm: 8 };
    // a 40 mm × 16 mm capsule: 6.4 + π·0.8² ≈ 8.4 cm²
    expect(aheadOfHairlineCm2(strokeShape(ahead), line, 7)).toBeCloseTo(6.4 + Math.PI * 0.64, 0);
    expect(aheadOfHairlineCm2(strokeShape(behind), line, 7)).toBe(0);
    // and that is why: beside the plan's treated top, the stroke ahead adds area but no dots; one behind adds dots
    const base = simulate(plan).count;
    expect(simulate(brushStroke(plan, ahead, { kind: 'treated' }).plan).count).toBe(base);
    const far = { points: [[150, -300], [190, -300]] as [number, number][], radiusMm: 8 };
    expect(simulate(brushStroke(plan, far, { kind: 'treated' }).plan).count).toBeGreaterThan(base + 100);
  });

  it('a scale bar is the longest round length (1, 2, 5, 10, 20, 50, 100 mm) that fits', () => {
    expect(scaleBarMm(1.5, 140)).toBe(50);
    expect(scaleBarMm(20, 140)).toBe(5);
    expect(scaleBarMm(0.5, 140)).toBe(100);
  });
});

