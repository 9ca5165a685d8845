// Photo analysis in its worker on the shared portraits (read by path, never stored): a face in every frontal
// photo, a px/mm scale that agrees with the pupils measured by hand, a proposed treated area that covers the bald
// top and leaves the face alone, and a clear note — not an error — when there is no face.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { IPD_MM } from '../src/head/anthropometry.js';
import { insidePolygon } from '../src/head/image.js';
import { PIXEL_CLASS, type HeadObservation, type Px } from '../src/head/observation.js';
import { createFaceAnalyser, type FaceAnalyser } from '../workers/face-client.js';
import byHand from './fixtures/photos-by-hand.json' with { type: 'json' };

interface HandPhoto {
  pupils: [Px, Px];
  baldTop?: Px[];
  faceBelowBrows?: Px[];
}
const PHOTOS = byHand.photos as unknown as Record<string, HandPhoto>;
const FRONTAL = ['01', '03', '04', '07', '09', '10', '11', '12', '13', '15'];
const THREE_QUARTER = ['06', '14'];
const named = (prefix: string) => Object.keys(PHOTOS).find((n) => n.startsWith(`${prefix}_`))!;

let analyser: FaceAnalyser;
const seen = new Map<string, HeadObservation>();
let photosReadable = true;

async function bitmapOf(name: string): Promise<ImageBitmap> {
  const b64 = await commands.readFile(`../shared/photos/${name}`, 'base64');
  return createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }));
}

/** The observation of a shared photo (analysed once per run). */
async function observe(name: string): Promise<HeadObservation> {
  if (!seen.has(name)) seen.set(name, await analyser.analyse(await bitmapOf(name)));
  return seen.get(name)!;
}

const inArea = (o: HeadObservation, p: Px) => (o.proposedArea ?? []).some((ring) => insidePolygon(p[0], p[1], ring));
const classAt = (o: HeadObservation, p: Px) => {
  const c = o.classes!;
  const x = Math.floor(p[0] / c.scale), y = Math.floor(p[1] / c.scale);
  return c.data[y * c.width + x];
};

beforeAll(async () => {
  analyser = createFaceAnalyser();
  try {
    await commands.readFile(`../shared/photos/${named('04')}`, 'base64');
  } catch {
    photosReadable = false;
  }
});

afterAll(() => analyser?.close());

describe('face analysis on the shared photos', () => {
  it.for(THREE_QUARTER)('photo %s (three-quarter): a face is found', async (id, { skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here (photos are never part of the repo)');
    const o = await observe(named(id));
    expect(o.face).not.toBeNull();
    expect(o.face!.score).toBeGreaterThan(0.5);
  });

  it.for([...FRONTAL, ...THREE_QUARTER])('photo %s: one face, upright: nothing for the studio to ask before fitting', async (id, { skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here (photos are never part of the repo)');
    const o = await observe(named(id));
    expect(o.faces, id).toHaveLength(1);
    expect(o.faceTurn, id).toBe(0);
  });

  it.for(FRONTAL)('photo %s: a face is found, with pupils near the hand-measured ones', async (id, { skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here (photos are never part of the repo)');
    const name = named(id);
    const o = await observe(name);
    expect(o.face, name).not.toBeNull();
    const hand = PHOTOS[name]!.pupils;
    const ipd = Math.hypot(hand[1][0] - hand[0][0], hand[1][1] - hand[0][1]);
    // each detected pupil lies on the iris the hand measure names (within half an iris ≈ IPD / 11)
    for (const k of [0, 1] as const) {
      const d = Math.hypot(o.face!.pupils[k][0] - hand[k][0], o.face!.pupils[k][1] - hand[k][1]);
      expect(d, `${name} pupil ${k}`).toBeLessThan(ipd / 10);
    }
  });

  it.for([...FRONTAL, ...THREE_QUARTER])('photo %s: px/mm agrees within 10 % with the hand-measured inter-pupil distance over 63 mm', async (id, { skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here');
    const name = named(id);
    const o = await observe(name);
    const [r, l] = PHOTOS[name]!.pupils;
    const byHandPxPerMm = Math.hypot(l[0] - r[0], l[1] - r[1]) / IPD_MM.mean;
    expect(o.scale, name).not.toBeNull();
    expect(Math.abs(o.scale!.pxPerMm / byHandPxPerMm - 1), name).toBeLessThan(0.1);
    expect(o.scale!.sd).toBeGreaterThan(0);
    expect(o.scale!.source).toBe('iris+ipd');
  });

  it.for(Object.keys(PHOTOS).filter((n) => PHOTOS[n]!.baldTop).map((n) => n.slice(0, 2)))(
    'photo %s: the proposed treated area covers the bald top and none of the face below the brows',
    async (id, { skip }) => {
      if (!photosReadable) skip('shared/photos is not readable here');
      const name = named(id);
      const o = await observe(name);
      expect(o.proposedArea?.length, name).toBeGreaterThan(0);
      for (const p of PHOTOS[name]!.baldTop!) expect(inArea(o, p), `${name} bald point ${p}`).toBe(true);
      for (const p of PHOTOS[name]!.faceBelowBrows ?? []) {
        expect(inArea(o, p), `${name} face point ${p}`).toBe(false);
        expect(classAt(o, p), `${name} face point ${p} class`).toBe(PIXEL_CLASS.face);
      }
    },
  );

  // the head's breadth at the temples is ≈ 110–120 mm, nearly twice the IPD: the fitted half-width must exceed 0.8 IPD
  it('every frontal photo gets a head outline above the face: centred over the eyes, its half-width over 0.8 × the IPD', async ({ skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here');
    for (const id of FRONTAL) {
      const name = named(id);
      const o = await observe(name);
      const e = o.outline!;
      expect(e, name).not.toBeNull();
      const [r, l] = o.face!.pupils;
      const ipd = Math.hypot(l[0] - r[0], l[1] - r[1]);
      expect(Math.abs(e.cx - (r[0] + l[0]) / 2), name).toBeLessThan(0.5 * ipd);
      expect(Math.min(e.rx, e.ry), name).toBeGreaterThan(0.8 * ipd);
      expect(e.cy, name).toBeLessThan((r[1] + l[1]) / 2);
    }
  });

  it('no face (the top of a bald head alone, and a blank image): the ruler note, an empty face and scale, no error', async ({ skip }) => {
    if (!photosReadable) skip('shared/photos is not readable here');
    const full = await bitmapOf(named('03'));
    const top = await createImageBitmap(full, 0, 0, full.width, Math.round(full.height * 0.18));
    const o = await analyser.analyse(top);
    expect(o.face).toBeNull();
    expect(o.scale).toBeNull();
    expect(o.notes.join(' ')).toMatch(/use the ruler|with the ruler/);
    const blank = new ImageData(320, 240);
    const b = await analyser.analyse(blank);
    expect(b.face).toBeNull();
    expect(b.notes.join(' ')).toMatch(/ruler/);
    expect([b.width, b.height]).toEqual([320, 240]);
  });
});
