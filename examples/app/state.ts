// The studio's one state object and its one edit path: edit(change) → validate → record undo → notify.
// Undo, autosave, re-simulation and redraw all hang off subscribe(). The document (what undo and the project
// file hold) is the plan as the user wrote it plus the plan's placement on the photo; the UI state (timeline
// day, before/after, tools) is kept and saved but not undone.
import { PlanError, validatePlan, type Plan, type PlanInput } from '../../src/plan.js';
import type { ScalpView } from '../../src/view.js';
import { History } from './history.js';
import type { HeadFit } from '../../src/head/model.js';
import { validateConsult, type ConsultSettings } from './consult-state.js';
import { headProblem } from '../project-check.js';

/** The plan's placement on a photo: scalp mm → photo px (null on the built-in sample, which has its own). */
export type Alignment = ScalpView;

/** A design kept alongside the active one, to compare and to switch to. */
export interface Design {
  name: string;
  plan: PlanInput;
}

/** The most designs a project holds, the active one included (a consultation compares two or three). */
export const MAX_DESIGNS = 3;

/** What undo/redo and the project file hold. */
export interface StudioDoc {
  plan: PlanInput;
  align: Alignment | null;
  /** The active design's name. */
  name?: string;
  /** The other designs (at most MAX_DESIGNS − 1). */
  designs?: Design[];
  /** Consultation settings (client, concern, booking, price book). */
  consult?: ConsultSettings;
  /** The head fitted to the photo (src/head): when set, it places the plan on the photo instead of `align`. */
  head?: HeadFit | null;
}

/** Stage tools: pan/zoom and handles, region vertex editing, brush and eraser masks. */
export type Tool = 'move' | 'regions' | 'brush' | 'eraser' | 'ruler';

/** UI state: saved with the project, never undone. */
export interface StudioUi {
  /** Timeline position, days after the first session. */
  day: number;
  beforeAfter: boolean;
  /** Before/after divider, 0–1 of the stage width. */
  split: number;
  /** Regions and hairline drawn over the stage. */
  overlay: boolean;
  /** Dragging and scaling move the plan on the photo instead of the camera. */
  alignMode: boolean;
  /** Hairline edits mirrored across the midline (x → −x). */
  mirror: boolean;
  tool: Tool;
  /** Index into plan.regions of the region the region tools act on, or null. */
  selectedRegion: number | null;
  /** Brush radius, mm on the scalp. */
  brushMm: number;
  /** What a brush stroke paints. */
  brushKind: 'treated' | 'exclusion' | 'scar';
  /** Index into doc.designs of the design shown on the right of the split, or null. */
  compare: number | null;
  /** On a fitted photo: a fresh buzz cut over the whole area, or dots only where scalp shows between hairs. */
  effect: 'shaved' | 'density';
  /** Harsh overhead light preview, 0 (off) – 1. */
  light: number;
  /** The head's fit handles shown on a photo. */
  headHandles: boolean;
}

/** The UI a new project starts with. */
export function defaultUi(): StudioUi {
  return {
    day: 120,
    beforeAfter: false,
    split: 0.5,
    overlay: true,
    alignMode: false,
    mirror: true,
    tool: 'move',
    selectedRegion: null,
    brushMm: 8,
    brushKind: 'treated',
    compare: null,
    effect: 'shaved',
    light: 0,
    headHandles: false,
  };
}

/** What a notification is about. */
export interface Change {
  /** The plan document changed (re-simulate, redraw, autosave). */
  plan: boolean;
  /** The alignment changed (redraw, autosave). */
  align: boolean;
  /** The design names, the other designs or the consultation settings changed. */
  designs?: boolean;
  /** UI state changed. */
  ui: boolean;
  /** Why: a user edit, undo/redo, or a whole new project. */
  cause: 'edit' | 'undo' | 'redo' | 'open' | 'ui';
}

/** Thrown by an alignment check; shaped like PlanError for the message line. */
export class AlignError extends Error {
  /** `problem`: what the field must be (default: a finite number); a `head.…` field is named as it is. */
  constructor(field: string, value: unknown, problem?: string) {
    const shown = typeof value === 'number' || value === undefined ? String(value) : (JSON.stringify(value) ?? String(value)).slice(0, 60);
    super(`${field.startsWith('head') ? '' : 'align.'}${field}: ${problem ?? `must be a finite number${field === 'pxPerMm' ? ' > 0' : ''}`} (got ${shown})`);
    this.name = 'AlignError';
  }
}

/** Checks an alignment's numbers (a broken file must not reach the renderer). */
export function checkAlign(a: Alignment | null): Alignment | null {
  if (a === null) return null;
  for (const k of ['pxPerMm', 'originX', 'originY', 'rotation'] as const)
    if (typeof a[k] !== 'number' || !Number.isFinite(a[k]) || (k === 'pxPerMm' && !(a[k] > 0))) throw new AlignError(k, a[k]);
  if (a.squash !== undefined && !(typeof a.squash === 'number' && a.squash > 0 && a.squash <= 4)) throw new AlignError('squash', a.squash);
  return a;
}

/** Checks a head fit's fields, types and ranges (a broken file or edit must not reach the projection); returns it. */
export function checkHead(h: HeadFit | null): HeadFit | null {
  if (h === null) return null;
  const bad = headProblem(h);
  if (bad) throw new AlignError(bad.field, bad.value, bad.problem);
  return h;
}

/** Checks the other designs: at most MAX_DESIGNS − 1, each named and valid (PlanError names `designs[i].plan…`). */
export function checkDesigns(doc: StudioDoc): void {
  const list = doc.designs ?? [];
  if (list.length > MAX_DESIGNS - 1) throw new PlanError('designs', list.length, `at most ${MAX_DESIGNS} designs in a project`);
  list.forEach((d, i) => {
    if (typeof d.name !== 'string' || d.name.length > 60) throw new PlanError(`designs[${i}].name`, d.name, 'must be a name of up to 60 characters');
    try {
      validatePlan(d.plan);
    } catch (e) {
      if (e instanceof PlanError) throw new PlanError(`designs[${i}].plan.${e.path}`, e.value, e.message.replace(/^plan\.[^:]*: /, '').replace(/ \(got .*\)$/, ''));
      throw e;
    }
  });
}

/** The studio's state, its single edit path and its history. */
export class Studio {
  doc: StudioDoc;
  plan: Plan;
  ui: StudioUi;
  readonly history = new History<StudioDoc>(200);
  private listeners = new Set<(c: Change) => void>();

  constructor(doc: StudioDoc, ui: StudioUi = defaultUi()) {
    this.plan = validatePlan(doc.plan);
    this.doc = { plan: structuredClone(doc.plan), align: checkAlign(doc.align) };
    this.ui = ui;
  }

  /** Calls fn after every change; returns the unsubscribe function. */
  subscribe(fn: (c: Change) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Applies `change` to a copy of the document; if the plan validates it becomes the document (one undo step,
   * or part of the open gesture `group`) and listeners hear of it. An invalid result changes nothing and is
   * returned (PlanError names the field and value); a change that alters nothing is not recorded.
   */
  edit(change: (d: StudioDoc) => void, group: string | null = null): PlanError | AlignError | null {
    const next: StudioDoc = structuredClone(this.doc);
    try {
      change(next);
    } catch (e) {
      // the pure edits (examples/edit) refuse impossible edits with EditError naming what and why
      if (e instanceof Error && (e.name === 'EditError' || e instanceof PlanError)) return e as PlanError;
      throw e;
    }
    let plan: Plan;
    try {
      plan = validatePlan(next.plan);
      checkAlign(next.align);
      checkHead(next.head ?? null);
      checkDesigns(next);
      if (next.consult) next.consult = validateConsult(next.consult);
    } catch (e) {
      if (e instanceof PlanError || e instanceof AlignError) return e;
      if (e instanceof Error && /^consult\./.test(e.message)) return e as AlignError;
      throw e;
    }
    const planChanged = JSON.stringify(next.plan) !== JSON.stringify(this.doc.plan);
    const alignChanged = JSON.stringify([next.align, next.head]) !== JSON.stringify([this.doc.align, this.doc.head]);
    const designsChanged = JSON.stringify([next.name, next.designs, next.consult]) !== JSON.stringify([this.doc.name, this.doc.designs, this.doc.consult]);
    if (!planChanged && !alignChanged && !designsChanged) return null;
    this.history.record(this.doc, group);
    this.doc = next;
    if (planChanged) this.plan = plan;
    this.emit({ plan: planChanged, align: alignChanged, designs: designsChanged, ui: false, cause: 'edit' });
    return null;
  }

  /** Closes the open gesture (pointer up, stroke end): the next edit is a new undo step. */
  seal(): void {
    this.history.seal();
  }

  /** Goes one step back; false when there is nothing to undo. */
  undo(): boolean {
    return this.travel(this.history.undo(this.doc), 'undo');
  }

  /** Goes one step forward; false when there is nothing to redo. */
  redo(): boolean {
    return this.travel(this.history.redo(this.doc), 'redo');
  }

  /** Replaces document and UI (New, Open…, restore at start) and starts a fresh history. Throws PlanError/AlignError. */
  open(doc: StudioDoc, ui: StudioUi): void {
    const plan = validatePlan(doc.plan);
    checkAlign(doc.align);
    checkDesigns(doc);
    const consult = doc.consult ? validateConsult(doc.consult) : undefined;
    this.doc = structuredClone({
      plan: doc.plan,
      align: doc.align,
      ...(doc.name ? { name: doc.name } : {}),
      ...(doc.designs?.length ? { designs: doc.designs } : {}),
      ...(consult ? { consult } : {}),
      ...(doc.head ? { head: checkHead(doc.head) } : {}),
    });
    this.plan = plan;
    this.ui = { ...ui };
    this.history.clear();
    this.emit({ plan: true, align: true, designs: true, ui: true, cause: 'open' });
  }

  /** Changes UI state (not undoable). */
  setUi(patch: Partial<StudioUi>): void {
    let changed = false;
    for (const [k, v] of Object.entries(patch) as [keyof StudioUi, never][])
      if (this.ui[k] !== v) {
        this.ui[k] = v;
        changed = true;
      }
    if (changed) this.emit({ plan: false, align: false, ui: true, cause: 'ui' });
  }

  private travel(to: StudioDoc | null, cause: 'undo' | 'redo'): boolean {
    if (!to) return false;
    const planChanged = JSON.stringify(to.plan) !== JSON.stringify(this.doc.plan);
    const alignChanged = JSON.stringify([to.align, to.head]) !== JSON.stringify([this.doc.align, this.doc.head]);
    const designsChanged = JSON.stringify([to.name, to.designs, to.consult]) !== JSON.stringify([this.doc.name, this.doc.designs, this.doc.consult]);
    this.doc = to;
    if (planChanged) this.plan = validatePlan(to.plan);
    this.emit({ plan: planChanged, align: alignChanged, designs: designsChanged, ui: false, cause });
    return true;
  }

  private emit(c: Change): void {
    for (const fn of this.listeners) fn(c);
  }
}
