// Files in and out: Open… / Save… projects (.smp.json, optionally with the photo), Photo… and drag-and-drop
// of either onto the stage. Nothing leaves the device: downloads go through a Blob URL.
import { boundsOfPolygons, fitView, type ScalpView } from '../../src/render/index.js';
import type { Plan } from '../../src/plan.js';
import { loadPhoto, PhotoError, type LoadedPhoto } from '../photo.js';
import { base64ToBytes, bytesToBase64, downloadProject, parseProject, ProjectError, type Project } from '../project.js';

/** A first guess of the plan's placement on a head-and-shoulders portrait: over the top of the head. */
export function firstGuessAlignment(plan: Plan, width: number, height: number): ScalpView {
  const bounds = boundsOfPolygons([...plan.regions.map((r) => r.points), ...(plan.hairline ? [plan.hairline.points] : [])]);
  // the middle 40 % of the width, 5–28 % of the height, foreshortened as a frontal photo sees the top of the head
  const view = fitView(bounds, width * 0.4, height * 0.23, 0, 0, 0.45);
  view.originX += width * 0.3;
  view.originY += height * 0.05;
  return view;
}

/** Is this file a project (by name or type) rather than a photo? */
export function isProjectFile(f: File): boolean {
  return /\.json$/i.test(f.name) || f.type === 'application/json';
}

/** Reads a project file; throws ProjectError with a message naming the file. */
export async function readProjectFile(f: Blob & { name: string }): Promise<Project> {
  return parseProject(await f.text(), f.name);
}

/** Loads a photo file (refused with a reason, or downscaled); throws PhotoError. */
export async function readPhotoFile(f: Blob & { name?: string }): Promise<LoadedPhoto> {
  return loadPhoto(f);
}

/**
 * Decodes a project's embedded photo before anything of the studio changes; a photo the loader refuses (not an
 * image, damaged, too large) becomes a ProjectError naming the file and `photo`, saying nothing was changed.
 */
export async function readEmbeddedPhoto(file: File, source: string): Promise<LoadedPhoto> {
  try {
    return await loadPhoto(file);
  } catch (e) {
    if (!(e instanceof PhotoError)) throw e;
    throw new ProjectError(`${source}: photo: ${e.message} The project was not opened; nothing was changed.`, 'photo', file.name, { cause: e });
  }
}

/** The embedded photo of a project as a File, or null. */
export function projectPhotoFile(p: Project): File | null {
  if (!p.photo) return null;
  return new File([base64ToBytes(p.photo.base64) as BlobPart], p.photo.name, { type: p.photo.type });
}

/** Offers the project as a download; with `photo`, the photo goes inside the file, every other part unchanged. Returns the file name. */
export async function saveProjectFile(project: Project, name: string, photo: { blob: Blob; name: string } | null): Promise<string> {
  let p: Project = { ...project };
  delete p.photo;
  if (photo) {
    const bytes = new Uint8Array(await photo.blob.arrayBuffer());
    p = { ...p, photo: { name: photo.name, type: photo.blob.type || 'image/jpeg', base64: bytesToBase64(bytes) } };
  }
  return downloadProject(p, name);
}

/** Calls `onFiles` with the files dropped on `target` (highlighting it while something is dragged over). */
export function onDropFiles(target: HTMLElement, onFiles: (files: File[]) => void): void {
  target.addEventListener('dragover', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    target.classList.add('dropping');
  });
  target.addEventListener('dragleave', () => target.classList.remove('dropping'));
  target.addEventListener('drop', (e) => {
    target.classList.remove('dropping');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    onFiles(files);
  });
}

export { PhotoError };
