// The studio's state ↔ a project file (pure; tested in node): which UI fields a project keeps, and the
// document's parts (plan, alignment or fitted head, designs, consultation) in and out.
import { makeProject, type Project } from '../project.js';
import { defaultUi, type StudioDoc, type StudioUi } from './state.js';

/** The UI fields a project file keeps (the rest of the UI state is per session). */
export function uiForProject(ui: StudioUi): Project['ui'] {
  return { day: ui.day, beforeAfter: ui.beforeAfter, split: ui.split, mirror: ui.mirror, overlay: ui.overlay, effect: ui.effect, light: ui.light };
}

export function uiFromProject(u: Project['ui']): StudioUi {
  const ui = defaultUi();
  if (typeof u.day === 'number') ui.day = u.day;
  if (typeof u.beforeAfter === 'boolean') ui.beforeAfter = u.beforeAfter;
  if (typeof u.split === 'number' && u.split >= 0 && u.split <= 1) ui.split = u.split;
  if (typeof u.mirror === 'boolean') ui.mirror = u.mirror;
  if (typeof u.overlay === 'boolean') ui.overlay = u.overlay;
  if (u.effect === 'shaved' || u.effect === 'density') ui.effect = u.effect;
  if (typeof u.light === 'number' && u.light >= 0 && u.light <= 1) ui.light = u.light;
  return ui;
}

/** The project file of a studio document and UI state, stamped now. */
export function projectOf(doc: StudioDoc, ui: StudioUi, at = new Date()): Project {
  const p = makeProject(doc.plan, uiForProject(ui), at, doc.align);
  if (doc.name) p.name = doc.name;
  if (doc.designs?.length) p.designs = doc.designs;
  if (doc.consult) p.consult = doc.consult;
  if (doc.head) p.head = doc.head;
  return p;
}

/** The studio document a project file holds. */
export function docOf(p: Project): StudioDoc {
  return { plan: p.plan, align: p.align, name: p.name, designs: p.designs, consult: p.consult, head: p.head ?? null };
}
