// Save… as the studio does it (examples/app/io.ts saveProjectFile), in node: the downloaded file, with or
// without the photo, reopens to the same studio.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultPlanInput } from '../src/index.js';
import { defaultConsult } from '../examples/app/consult-state.js';
import { docOf, projectOf, uiFromProject } from '../examples/app/project-doc.js';
import { defaultUi, type StudioDoc } from '../examples/app/state.js';
import { parseProject } from '../examples/project.js';
import { truthFit } from './helpers/synthetic-head.js';

// io.ts places a first guess with the renderer's view helpers (pixi.js, which needs a page); Save… uses none of them
vi.mock('../src/render/index.js', () => ({ boundsOfPolygons: () => null, fitView: () => null }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Runs Save… and returns the text of the file it offered for download. */
async function save(doc: StudioDoc, ui: ReturnType<typeof defaultUi>, photo: { blob: Blob; name: string } | null): Promise<string> {
  const files: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (files.push(b as Blob), 'blob:saved'));
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.stubGlobal('document', { body: { append: () => {} }, createElement: () => ({ click: () => {}, remove: () => {}, style: {} }) });
  const { saveProjectFile } = await import('../examples/app/io.js');
  await saveProjectFile(projectOf(doc, ui, new Date('2026-11-30T10:00:00Z')), 'client', photo);
  expect(files).toHaveLength(1);
  return files[0]!.text();
}

describe('Save… and Open…', () => {
  // every part of a project: the plan, its placement, the fitted head, the design's name, the other designs,
  // the consultation and the UI state a project keeps
  const doc: StudioDoc = {
    plan: defaultPlanInput('active'),
    align: { pxPerMm: 3.5, originX: 410, originY: 220, rotation: 0.05, squash: 0.6 },
    name: 'Soft front',
    designs: [
      { name: 'Sharp front', plan: { ...defaultPlanInput('b'), density: { ...defaultPlanInput('b').density, target: 60 } } },
      { name: 'Full', plan: defaultPlanInput('c') },
    ],
    consult: { ...defaultConsult(new Date('2026-11-30T00:00:00Z')), client: 'Ærøskøbing Ødegård', stage: 'NW5', dotsPerHour: 5200 },
    head: truthFit({ pxPerMm: 4 }),
  };
  const ui = { ...defaultUi(), day: 365, beforeAfter: true, split: 0.3, mirror: false, overlay: false, effect: 'density' as const, light: 0.5 };
  const kept = (u: ReturnType<typeof defaultUi>) => [u.day, u.beforeAfter, u.split, u.mirror, u.overlay, u.effect, u.light];

  for (const withPhoto of [false, true])
    it(`a saved file ${withPhoto ? 'with' : 'without'} the photo reopens to the same studio: plan, placement, fitted head, design names, other designs, consultation, UI${withPhoto ? ' and the photo’s bytes' : ''}`, async () => {
      const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) & 255));
      const photo = withPhoto ? { blob: new Blob([bytes], { type: 'image/jpeg' }), name: 'client.jpg' } : null;
      const reopened = parseProject(await save(doc, ui, photo), 'client.smp.json');
      expect(docOf(reopened)).toEqual(doc);
      expect(kept(uiFromProject(reopened.ui))).toEqual(kept(ui));
      if (withPhoto) {
        expect(reopened.photo).toMatchObject({ name: 'client.jpg', type: 'image/jpeg' });
        expect(new Uint8Array(Buffer.from(reopened.photo!.base64, 'base64'))).toEqual(bytes);
      } else expect(reopened.photo).toBeUndefined();
    });
});
