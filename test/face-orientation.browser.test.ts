// A face upside down, or two faces on one photo, are found and asked about rather than fitted silently (issue 23,
// item 12): portraits 01 and 10 (public domain) turned and put side by side in memory, run through the face
// worker as the studio runs it. Nothing composed here is written anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { faceQuestion, rotatedPhoto } from '../examples/app/face-question.js';
import { createFaceAnalyser, type FaceAnalyser } from '../workers/face-client.js';

const P01 = '01_front_nw7_eisenhower_pd.jpg';
const P10 = '10_front_nw3_harry_truman_pd.jpg';
let analyser: FaceAnalyser;
let readable = true;

async function fileOf(name: string): Promise<File> {
  const b64 = await commands.readFile(`../shared/photos/${name}`, 'base64');
  return new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/jpeg' });
}

beforeAll(async () => {
  analyser = createFaceAnalyser();
  try {
    await fileOf(P01);
  } catch {
    readable = false;
  }
});
afterAll(() => analyser?.close());

describe('a face the studio must ask about', () => {
  it('portrait 01 upright: one face, upright, nothing to ask', async ({ skip }) => {
    if (!readable) skip('shared/photos is not readable here');
    const o = await analyser.analyse(await createImageBitmap(await fileOf(P01)));
    expect(o.faces).toHaveLength(1);
    expect(o.faceTurn).toBe(0);
    expect(o.face).not.toBeNull();
    expect(faceQuestion(o)).toBeNull();
  });

  it('portrait 01 turned 180°: found upside down, not fitted as upright; rotating the photo back gives an upright face', async ({ skip }) => {
    if (!readable) skip('shared/photos is not readable here');
    const turned = await rotatedPhoto(await fileOf(P01), 180);
    const o = await analyser.analyse(await createImageBitmap(turned));
    expect(o.faceTurn).toBe(180);
    expect(o.face).toBeNull(); // the mesh read upside down (its chin on the forehead) is not used
    expect(o.notes.join(' ')).toMatch(/upside down/);
    const q = faceQuestion(o)!;
    expect(q.text).toMatch(/upside down/);
    expect(q.choices.map((c) => c.action)).toEqual([{ kind: 'rotate', deg: 180 }]);
    // the face's box is where the face is in the turned photo: its centre in the lower half
    expect(o.faces![0]!.y + o.faces![0]!.height / 2).toBeGreaterThan(1200); // 01 is 2,400 px tall
    const back = await analyser.analyse(await createImageBitmap(await rotatedPhoto(turned, 180)));
    expect(back.faceTurn).toBe(0);
    expect(back.face).not.toBeNull();
    expect(back.face!.chin[1]).toBeGreaterThan(back.face!.glabella[1]);
    expect(faceQuestion(back)).toBeNull();
  });

  it('portraits 01 and 10 side by side: two faces found, the studio asks which, and each choice analyses that face', async ({ skip }) => {
    if (!readable) skip('shared/photos is not readable here');
    const [a, b] = [await createImageBitmap(await fileOf(P01)), await createImageBitmap(await fileOf(P10))];
    const pair = async () => {
      const c = new OffscreenCanvas(a.width + b.width, Math.max(a.height, b.height));
      const g = c.getContext('2d')!;
      g.drawImage(a, 0, 0);
      g.drawImage(b, a.width, 0);
      return createImageBitmap(c);
    };
    const o = await analyser.analyse(await pair());
    expect(o.faces).toHaveLength(2);
    expect(o.faces![0]!.x + o.faces![0]!.width).toBeLessThan(a.width);
    expect(o.faces![1]!.x).toBeGreaterThan(a.width);
    const q = faceQuestion(o)!;
    expect(q.text).toMatch(/2 faces/);
    expect(q.choices.map((c) => c.label)).toEqual(['The face on the left', 'The face on the right']);
    for (const [i, c] of q.choices.entries()) {
      const near = (c.action as { near: [number, number] }).near;
      const chosen = await analyser.analyse(await pair(), { near });
      const x = (chosen.face!.pupils[0][0] + chosen.face!.pupils[1][0]) / 2;
      expect(i === 0 ? x < a.width : x > a.width, `choice ${i}`).toBe(true);
      expect(faceQuestion(chosen, true)).toBeNull();
    }
  });
});
