// From what the models saw (a face mesh, a person mask) and the photo on a working grid to a HeadObservation.
// Pure: the face worker runs the models and calls this; node tests call it on synthetic heads.
import { scaleFromFace } from './calibration.js';
import { classifyHead, proposeArea } from './classify.js';
import type { Rgba } from './image.js';
import { featuresFromMesh } from './landmarks.js';
import type { FaceBox, HeadObservation, Raster } from './observation.js';
import { outlineFromMask } from './outline.js';

/** Messages of HeadObservation.notes. */
export const NOTES = {
  noFace: 'No face found: set the scale with the ruler (two points and their distance in mm).',
  noMask: 'The head could not be told from the background: adjust the head outline by hand.',
  noOutline: 'No head outline found: adjust the head outline by hand.',
  noScalp: 'No bare scalp found on this photo: draw the treated area with the region tools.',
  turned: 'The face is turned: the scale from the eyes is less certain; check it with the ruler.',
  upsideDown: 'The face is upside down in this photo: rotate the photo to fit the plan to the head.',
  sideways: 'The face lies on its side in this photo: rotate the photo to fit the plan to the head.',
  severalFaces: 'There is more than one face on this photo: choose the client’s face.',
} as const;

/** The face's turn in the photo from its roll (radians, clockwise), in quarter turns: beyond ±45° it is not upright. */
export function quarterTurn(roll: number): 0 | 90 | 180 | 270 {
  const q = ((Math.round(roll / (Math.PI / 2)) % 4) + 4) % 4;
  return (q * 90) as 0 | 90 | 180 | 270;
}

/** What the models saw, and the photo on the working grid. */
export interface AnalysisInput {
  /** Photo size, px. */
  width: number;
  height: number;
  /** The photo resampled to the working grid (photo px per cell = gridScale). */
  grid: Rgba;
  gridScale: number;
  /** The face mesh (478 × x, y, z in photo px, z away from the camera) and its score, or null. */
  face: { mesh: Float32Array; score: number } | null;
  /** Person mask on the grid (255 = person), or null when segmentation failed. */
  mask: Uint8Array | null;
  /** Every face the detector found, left to right (default none listed). */
  faces?: FaceBox[];
  /** The face reads better with the photo upside down (the detector's second opinion): `face` is then null. */
  upsideDown?: boolean;
}

/** The HeadObservation of a photo. Never throws on a photo without a face (a back or top view). */
export function observe(input: AnalysisInput): HeadObservation {
  const { width, height, grid, gridScale } = input;
  const notes: string[] = [];
  const face = input.face ? featuresFromMesh(input.face.mesh, input.face.score) : null;
  const faceTurn = input.upsideDown ? 180 : face ? quarterTurn(face.pose.roll) : 0;
  const faces = input.faces ?? [];
  if (faceTurn === 180) notes.push(NOTES.upsideDown);
  else if (faceTurn !== 0) notes.push(NOTES.sideways);
  else if (faces.length > 1) notes.push(NOTES.severalFaces);
  if (!face && !input.upsideDown) notes.push(NOTES.noFace);
  const scale = face ? scaleFromFace(face) : null;
  if (face && Math.abs(face.pose.yaw) > (25 * Math.PI) / 180) notes.push(NOTES.turned);
  const personMask: Raster | null = input.mask ? { width: grid.width, height: grid.height, scale: gridScale, data: input.mask } : null;
  let hasPerson = false;
  if (personMask) for (let i = 0; i < personMask.data.length && !hasPerson; i++) hasPerson = personMask.data[i]! >= 128;
  if (!hasPerson) notes.push(NOTES.noMask);
  const outline = hasPerson ? outlineFromMask(personMask!, face) : null;
  if (hasPerson && !outline) notes.push(NOTES.noOutline);
  let classes: Raster | null = null;
  let proposedArea: HeadObservation['proposedArea'] = null;
  if (hasPerson) {
    const c = classifyHead({ image: grid, scale: gridScale, mask: personMask, face, outline, pxPerMm: scale?.pxPerMm ?? null });
    classes = c.classes;
    proposedArea = proposeArea(c, face, { pxPerMm: scale?.pxPerMm ?? null });
    if (proposedArea.length === 0) notes.push(NOTES.noScalp);
  }
  return { width, height, face, scale, outline, personMask: hasPerson ? personMask : null, classes, proposedArea, notes, faces, faceTurn };
}
