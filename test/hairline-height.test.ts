// Issue 18 §4: the mid-frontal hairline from the face's own proportions, checked on the hand-read points of the
// shared portraits (test/fixtures/portrait-landmarks.json: numbers only, no photo). The face here is built from
// those points (pupils from photos-by-hand.json), the head fitted to it and the default hairline suggested; its
// mid-frontal point must sit 0.9–1.3 face-thirds above the glabella and its temple points on the lines up from
// the outer eye corners.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HAIRLINE_HEIGHT,
  faceThird,
  fitHead,
  HAIRLINE_HEIGHTS,
  hairlineHeights,
  suggestHairline,
  type FaceFeatures,
  type HeadObservation,
  type Px,
} from '../src/head/index.js';
import byHand from './fixtures/photos-by-hand.json' with { type: 'json' };
import landmarks from './fixtures/portrait-landmarks.json' with { type: 'json' };

interface Hand {
  width: number;
  height: number;
  glabella: Px;
  noseBase: Px;
  chin: Px;
  browTops: [Px, Px];
  lateralCanthi: [Px, Px];
}
const PORTRAITS = landmarks.photos as unknown as Record<string, Hand>;
const PUPILS = Object.fromEntries(Object.entries(byHand.photos).map(([name, p]) => [name.slice(0, 2), p.pupils as unknown as [Px, Px]]));

/** An observation of the portrait from the hand-read points alone (no outline: the head keeps its mean radii). */
function observation(id: string): HeadObservation {
  const h = PORTRAITS[id]!;
  const pupils = PUPILS[id]!;
  const roll = Math.atan2(pupils[1][1] - pupils[0][1], pupils[1][0] - pupils[0][0]);
  const face: FaceFeatures = {
    score: 1,
    pupils,
    irisDiameters: [0, 0],
    lateralCanthi: h.lateralCanthi,
    browTops: h.browTops,
    glabella: h.glabella,
    noseBase: h.noseBase,
    chin: h.chin,
    foreheadTop: h.glabella,
    pose: { yaw: 0, pitch: 0, roll },
    mesh: new Float32Array(0),
  };
  return { width: h.width, height: h.height, face, scale: null, outline: null, personMask: null, classes: null, proposedArea: null, notes: [] };
}

/** Face-thirds above the hand-read glabella of a photo point. */
function thirdsAbove(id: string, p: Px): number {
  const h = PORTRAITS[id]!;
  const { up, thirdPx } = faceThird({ glabella: h.glabella, noseBase: h.noseBase, chin: h.chin } as FaceFeatures);
  return ((p[0] - h.glabella[0]) * up[0] + (p[1] - h.glabella[1]) * up[1]) / thirdPx;
}

describe('the hairline height on the shared portraits (hand-read points)', () => {
  it.for(Object.keys(PORTRAITS))('portrait %s: the default mid-frontal point sits 0.9–1.3 face-thirds above the glabella, every preset in order', (id) => {
    const obs = observation(id);
    const fit = fitHead(obs);
    const s = suggestHairline(obs, fit);
    const t = thirdsAbove(id, s.originPx);
    expect(t).toBeGreaterThanOrEqual(0.9);
    expect(t).toBeLessThanOrEqual(1.3);
    expect(t).toBeCloseTo(HAIRLINE_HEIGHTS[DEFAULT_HAIRLINE_HEIGHT], 2);
    // both rules are read in mm and in thirds; Garg's 8 cm is a plausible forehead on every portrait
    const h = hairlineHeights(obs.face!, s.fit);
    expect(h.current.arcMm).toBeCloseTo(s.originArc, 6);
    expect(h.garg.thirds).toBeGreaterThan(0.7);
    expect(h.garg.thirds).toBeLessThan(1.4);
    expect(h.thirds.arcMm).toBeGreaterThan(55);
    expect(h.thirds.arcMm).toBeLessThan(125);
    const heights = (['youthful', 'mature', 'conservative'] as const).map((k) => thirdsAbove(id, suggestHairline(obs, fit, { thirds: HAIRLINE_HEIGHTS[k] }).originPx));
    expect(heights[0]!).toBeLessThan(heights[1]!);
    expect(heights[1]!).toBeLessThan(heights[2]!);
  });

  it.for(Object.keys(PORTRAITS))('portrait %s: the temple points lie on the lines up from the outer eye corners, above the brows', (id) => {
    const obs = observation(id);
    const s = suggestHairline(obs, fitHead(obs));
    const h = PORTRAITS[id]!;
    const { up, thirdPx } = faceThird(obs.face!);
    s.templesPx.forEach((p, i) => {
      const c = h.lateralCanthi[i]!;
      const dx = p[0] - c[0], dy = p[1] - c[1];
      // across the line (perpendicular to the face's up) within 1 % of a third; above the brows along it
      expect(Math.abs(dx * up[1] - dy * up[0])).toBeLessThan(0.01 * thirdPx);
      expect(thirdsAbove(id, p)).toBeGreaterThan(0.3);
    });
  });
});
