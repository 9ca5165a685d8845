// What the studio asks before it fits a photo's face (issue 23, item 12): an upside-down or sideways face is not
// fitted as if upright (its hairline would land on the chin), and of several faces none is picked silently — the
// user rotates the photo or chooses the client's face. The question is pure (tested in node); the box with its
// buttons sits under the studio's message line.
import type { FaceBox, HeadObservation } from '../../src/head/observation.js';

/** What a choice does: rotate the photo clockwise by `deg`, analyse the face nearest `near` (photo px), or fit as it is. */
export type FaceAction = { kind: 'rotate'; deg: 90 | 180 | 270 } | { kind: 'face'; near: [number, number] } | { kind: 'fit' };

/** A question with its choices, each a button. */
export interface FaceQuestion {
  text: string;
  choices: { label: string; action: FaceAction }[];
}

const where = (i: number, n: number): string =>
  n === 2 ? (i === 0 ? 'the face on the left' : 'the face on the right') : n === 3 ? ['the face on the left', 'the face in the middle', 'the face on the right'][i]! : `face ${i + 1} from the left`;

const centre = (f: FaceBox): [number, number] => [f.x + f.width / 2, f.y + f.height / 2];

/**
 * The question to ask before fitting `o`, or null to fit at once. `chosen`: the user already chose this photo's face
 * (several faces are not asked about again).
 */
export function faceQuestion(o: HeadObservation, chosen = false): FaceQuestion | null {
  const turn = o.faceTurn ?? 0;
  if (turn === 180)
    return {
      text: 'The face is upside down in this photo, so the plan was not fitted to it (it would put the hairline on the chin). Rotate the photo?',
      choices: [{ label: 'Rotate the photo 180°', action: { kind: 'rotate', deg: 180 } }],
    };
  if (turn !== 0)
    return {
      text: `The face lies on its side in this photo (turned ${turn === 90 ? 'clockwise' : 'anticlockwise'}), so the plan was not fitted yet. Rotate the photo upright?`,
      choices: [
        { label: `Rotate the photo ${turn === 90 ? 'anticlockwise' : 'clockwise'}`, action: { kind: 'rotate', deg: turn === 90 ? 270 : 90 } },
        { label: 'Fit as it is', action: { kind: 'fit' } },
      ],
    };
  const faces = o.faces ?? [];
  if (faces.length > 1 && !chosen)
    return {
      text: `There are ${faces.length} faces on this photo, so the plan was not fitted yet. Which is the client?`,
      choices: faces.map((f, i) => ({ label: where(i, faces.length).replace(/^t/, 'T'), action: { kind: 'face', near: centre(f) } })),
    };
  return null;
}

/** The question's choices under the message line (which says the question): ask(q, onChoice) shows them, clear() hides them. */
export function mountFaceQuestion(message: HTMLElement) {
  const box = document.createElement('div');
  box.id = 'face-question';
  box.className = 'face-question';
  box.setAttribute('role', 'alertdialog');
  box.hidden = true;
  message.after(box);
  return {
    ask(q: FaceQuestion, onChoice: (a: FaceAction) => void): void {
      box.setAttribute('aria-label', q.text);
      box.replaceChildren(
        ...q.choices.map((c, i) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = c.label;
          b.dataset.choice = String(i);
          b.addEventListener('click', () => {
            box.hidden = true;
            onChoice(c.action);
          });
          return b;
        }),
      );
      box.hidden = false;
      document.body.dataset.faceQuestion = q.choices[0]!.action.kind === 'face' ? 'choose' : 'rotate';
    },
    clear(): void {
      box.hidden = true;
      delete document.body.dataset.faceQuestion;
    },
  };
}

/** The photo turned clockwise by `deg` (a quarter turn or a half), as a new file of the same kind (PNG for other kinds). */
export async function rotatedPhoto(file: Blob & { name: string }, deg: 90 | 180 | 270): Promise<File> {
  const bmp = await createImageBitmap(file);
  const side = deg !== 180;
  const c = new OffscreenCanvas(side ? bmp.height : bmp.width, side ? bmp.width : bmp.height);
  const g = c.getContext('2d')!;
  g.translate(c.width / 2, c.height / 2);
  g.rotate((deg * Math.PI) / 180);
  g.drawImage(bmp, -bmp.width / 2, -bmp.height / 2);
  bmp.close();
  const type = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
  const blob = await c.convertToBlob({ type, quality: 0.95 });
  const name = file.name.replace(/(\.[^.]*)?$/, `-rotated${type === 'image/jpeg' ? '.jpg' : '.png'}`);
  return new File([blob], name, { type });
}
