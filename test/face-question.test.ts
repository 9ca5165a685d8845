// The studio's question before fitting a face (examples/app/face-question.ts), from the observation alone.
import { describe, expect, it } from 'vitest';
import { quarterTurn } from '../src/head/analyse.js';
import { faceQuestion } from '../examples/app/face-question.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

const deg = Math.PI / 180;

describe('the face question', () => {
  it('a face’s roll beyond ±45° is a quarter turn of the photo; within it, upright', () => {
    expect([0, 44, -44, 46, 90, 134, 136, 180, -180, -91, -46].map((d) => quarterTurn(d * deg))).toEqual([0, 0, 0, 90, 90, 90, 180, 180, 180, 270, 270]);
  });

  it('an upright single face is fitted at once; upside down asks to rotate 180°; on its side asks to rotate it upright or fit as it is', () => {
    const o = syntheticObservation(truthFit());
    expect(faceQuestion(o)).toBeNull();
    expect(faceQuestion({ ...o, faceTurn: 0, faces: [{ x: 1, y: 1, width: 9, height: 9, score: 1 }] })).toBeNull();
    expect(faceQuestion({ ...o, face: null, faceTurn: 180 })!.choices.map((c) => c.action)).toEqual([{ kind: 'rotate', deg: 180 }]);
    expect(faceQuestion({ ...o, faceTurn: 90 })!.choices.map((c) => c.action)).toEqual([{ kind: 'rotate', deg: 270 }, { kind: 'fit' }]);
    expect(faceQuestion({ ...o, faceTurn: 270 })!.choices[0]!.action).toEqual({ kind: 'rotate', deg: 90 });
  });

  it('several faces: one choice per face, left to right, aimed at each face’s centre; once chosen, not asked again', () => {
    const faces = [0, 1, 2].map((i) => ({ x: 100 + 400 * i, y: 50, width: 200, height: 220, score: 0.9 }));
    const q = faceQuestion({ ...syntheticObservation(truthFit()), faces })!;
    expect(q.choices.map((c) => c.label)).toEqual(['The face on the left', 'The face in the middle', 'The face on the right']);
    expect(q.choices.map((c) => c.action)).toEqual(faces.map((f) => ({ kind: 'face', near: [f.x + 100, 160] })));
    expect(faceQuestion({ ...syntheticObservation(truthFit()), faces }, true)).toBeNull();
  });
});
