// The page around the stage: project and photo buttons, undo/redo (buttons and keys), the stage toggles,
// alignment tools, drag-and-drop, autosave with the kept photo, the other-tab conflict banner, and start-up
// (restore what the user had, or the sample).
import { defaultPlanInput } from '../../src/index.js';
import type { Project } from '../project.js';
import { docOf, projectOf, uiFromProject } from './project-doc.js';
import type { linkEngine } from './engine-link.js';
import { firstGuessAlignment, isProjectFile, onDropFiles, PhotoError, projectPhotoFile, readEmbeddedPhoto, readPhotoFile, readProjectFile, saveProjectFile } from './io.js';
import type { LoadedPhoto } from '../photo.js';
import { rotatedPhoto } from './face-question.js';
import { idbKV, memoryKV, Persist } from './persist.js';
import { askPersistence, isQuotaError, mountStorageBanner } from './storage-ui.js';
import { sampleBackgrounds } from './sample-bg.js';
import type { Stage } from './stage.js';
import { defaultUi, type Studio, type Tool } from './state.js';
import { clampDay } from './timeline-ui.js';

/** The element with this id, typed; a missing one is a bug in index.html. */
export const $ = <T extends Element>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`studio: #${id} is missing from index.html`);
  return el as unknown as T;
};

interface ShellDeps {
  studio: Studio;
  stage: Stage;
  say: (text: string, kind?: 'info' | 'error') => void;
  link: ReturnType<typeof linkEngine>;
  /** Analyses a photo just shown (`fresh`: fit the head and propose; else keep the saved fit). */
  onPhoto: (bg: NonNullable<Stage['background']>, fresh: boolean) => void;
}

export async function mountShell({ studio, stage, say, link, onPhoto }: ShellDeps) {
  const tab = Math.random().toString(36).slice(2); // a per-page id, not part of any simulation
  // storage full or missing: a lasting banner with the way out (storage-ui.ts)
  const banner = mountStorageBanner($('conflict'), {
    saveNow: () => $<HTMLButtonElement>('save-project').click(),
    freeSpace: () => {
      document.getElementById('tab-consult')?.click();
      const exp = document.getElementById('records-export');
      exp?.scrollIntoView({ block: 'center' });
      exp?.focus();
    },
  });
  void askPersistence().then((granted) => (document.body.dataset.persisted = String(granted)));
  let kv;
  try {
    kv = await idbKV();
  } catch (e) {
    kv = memoryKV();
    banner.show('none', (e as Error)?.message ?? String(e));
  }
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  const persist = new Persist(kv, {
    tab,
    journal: storage,
    onConflict: (theirs) => {
      conflictTheirs = theirs;
      $<HTMLDivElement>('conflict').hidden = false;
    },
    onSaved: (ok, reason, revision, error) => {
      if (ok) {
        document.body.dataset.saved = String(revision);
        if (banner.clear()) say('Autosave works again: the project is saved on this device.');
      } else if (reason && !/another tab/.test(reason)) banner.show(isQuotaError(error) ? 'full' : 'failed', error instanceof Error ? error.message : reason);
    },
  });
  let conflictTheirs: Project | null = null;
  let photo: { blob: Blob; name: string } | null = null;
  let sampleTone = -1;

  const project = (): Project => projectOf(studio.doc, studio.ui);
  studio.subscribe((c) => {
    if (c.cause === 'open' && !persistReady) return;
    if (c.plan || c.align || c.ui) persist.schedule(project);
    // the sample scalp follows the client's skin type
    if (stage.background?.kind === 'sample' && studio.plan.skin.fitzpatrick !== sampleTone) showSample();
  });
  let persistReady = false;
  window.addEventListener('pagehide', () => persist.flushOnLeave());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && persist.flushOnLeave());

  const samples = sampleBackgrounds(1400, 1100, 'studio');
  function showSample(): void {
    sampleTone = studio.plan.skin.fitzpatrick;
    // a draft at once; the full picture (made in a worker) replaces it in the same canvas
    const { canvas, view, full, done } = samples.get(sampleTone);
    const bg = { kind: 'sample' as const, source: canvas, width: canvas.width, height: canvas.height, view, name: 'sample scalp' };
    stage.setBackground(bg);
    document.body.dataset.sample = done ? 'full' : 'draft';
    if (!done)
      void full.then(() => {
        if (stage.background !== bg) return;
        stage.refreshBackground();
        document.body.dataset.sample = 'full';
      });
    studio.setUi({ alignMode: false });
    sync();
  }

  /** Shows a photo; `align` is the saved placement, or null for a first guess (then align mode is on); `ready`: already decoded. */
  async function showPhoto(file: Blob & { name: string }, align: Project['align'], keep: boolean, head: Project['head'] = null, ready?: LoadedPhoto): Promise<boolean> {
    say(`Loading ${file.name}…`);
    try {
      const loaded = ready ?? (await readPhotoFile(file));
      stage.setBackground({ kind: 'photo', source: loaded.bitmap, width: loaded.width, height: loaded.height, view: loaded.width ? stage.view : stage.view, name: file.name });
      photo = { blob: file, name: file.name };
      if (keep)
        await persist.savePhoto(file, file.name).catch((e) => banner.show(isQuotaError(e) ? 'full' : 'failed', `the photo could not be kept: ${(e as Error)?.message ?? String(e)}`));
      const fresh = !align && !(head && head.width === loaded.width && head.height === loaded.height);
      if (!fresh) {
        stage.applyView();
      } else {
        // at once a flat first guess; the fitted head replaces it when the face analysis is done
        studio.edit((d) => {
          d.align = firstGuessAlignment(studio.plan, loaded.width, loaded.height);
          d.head = null;
        });
        studio.seal();
        studio.setUi({ alignMode: true });
      }
      onPhoto(stage.background!, fresh);
      sync();
      say(
        `${loaded.message ? `${loaded.message} ` : ''}${align ? '' : 'Drag to move the plan onto the scalp, Shift+scroll or Size to scale it, set Tilt and Turn, then untick "Align". '}The photo stays on this device.`,
      );
      document.body.dataset.photo = file.name;
      return true;
    } catch (e) {
      say(e instanceof PhotoError ? e.message : `Could not open ${file.name}: ${e instanceof Error ? e.message : e}`, 'error');
      return false;
    }
  }

  /** Opens a project whole or not at all: its photo is decoded first, and a refused one (PhotoError) changes nothing. */
  async function openProject(p: Project, source: string): Promise<void> {
    const embedded = projectPhotoFile(p);
    const loaded = embedded ? await readEmbeddedPhoto(embedded, source) : null;
    link.cancel();
    studio.open(docOf(p), uiFromProject(p.ui));
    if (embedded) await showPhoto(embedded, p.align, true, p.head ?? null, loaded!);
    else if (stage.background?.kind !== 'photo') showSample();
    else stage.applyView();
    say(`Opened ${source}.`);
  }

  async function openFiles(files: File[]): Promise<void> {
    for (const f of files) {
      if (isProjectFile(f)) {
        try {
          await openProject(await readProjectFile(f), f.name);
        } catch (e) {
          say(e instanceof Error ? e.message : String(e), 'error');
        }
      } else await showPhoto(f, null, true);
    }
  }

  // ------------------------------------------------------------ buttons
  const click = (id: string, fn: () => void) => $<HTMLButtonElement>(id).addEventListener('click', fn);
  /** The sample plan on the sample scalp, with a fresh history and no photo. */
  function openSample(): void {
    photo = null;
    link.cancel();
    studio.open({ plan: defaultPlanInput(), align: null }, defaultUi());
    showSample();
    delete document.body.dataset.photo;
  }
  click('new-project', () => {
    if (!confirm('Start a new project from the sample plan? The current plan and the kept photo are replaced (save first if you need them).')) return;
    void persist.forgetPhoto();
    openSample();
    say('New project.');
  });
  click('open-project-button', () => $<HTMLInputElement>('open-project').click());
  click('open-photo-button', () => $<HTMLInputElement>('open-photo').click());
  $<HTMLInputElement>('open-project').addEventListener('change', (e) => {
    const el = e.currentTarget as HTMLInputElement;
    const files = [...(el.files ?? [])];
    el.value = '';
    void openFiles(files);
  });
  $<HTMLInputElement>('open-photo').addEventListener('change', (e) => {
    const el = e.currentTarget as HTMLInputElement;
    const f = el.files?.[0];
    el.value = '';
    if (f) void showPhoto(f, null, true);
  });
  click('save-project', async () => {
    const withPhoto = $<HTMLInputElement>('include-photo').checked && photo;
    const name = await saveProjectFile(project(), `smp-plan-${studio.plan.seed}`, withPhoto ? photo : null);
    say(`Saved ${name} to your downloads (${withPhoto ? 'with the photo' : 'the photo is not included'}).`);
  });
  click('forget-photo', () => {
    photo = null;
    void persist.forgetPhoto();
    studio.edit((d) => (d.align = null));
    delete document.body.dataset.photo;
    showSample();
    say('The photo is forgotten on this device.');
  });
  click('use-sample', () => showSample());
  click('undo', () => studio.undo());
  click('redo', () => studio.redo());
  click('fit', () => stage.fit());
  click('conflict-theirs', async () => {
    $<HTMLDivElement>('conflict').hidden = true;
    await persist.resolve(null);
    if (conflictTheirs) await openProject(conflictTheirs, 'the other tab’s version').catch((e) => say((e as Error).message, 'error'));
  });
  click('conflict-mine', async () => {
    $<HTMLDivElement>('conflict').hidden = true;
    await persist.resolve(project);
    say('Kept this tab’s version.');
  });
  onDropFiles($('canvas-wrap'), (files) => void openFiles(files));

  // ------------------------------------------------------------ toggles and alignment
  const check = (id: string, fn: (on: boolean) => void) =>
    $<HTMLInputElement>(id).addEventListener('change', (e) => fn((e.currentTarget as HTMLInputElement).checked));
  check('before-after', (on) => studio.setUi({ beforeAfter: on }));
  check('show-hairline', (on) => studio.setUi({ overlay: on }));
  check('mirror', (on) => studio.setUi({ mirror: on }));
  check('align-mode', (on) => studio.setUi({ alignMode: on && stage.background?.kind === 'photo' }));
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="tool"]'))
    r.addEventListener('change', () => r.checked && studio.setUi({ tool: r.value as Tool, selectedRegion: r.value === 'move' ? null : studio.ui.selectedRegion }));
  const alignSlider = (id: string, set: (v: number) => Partial<NonNullable<Project['align']>>) => {
    const el = $<HTMLInputElement>(id);
    el.addEventListener('input', () => {
      const a = studio.doc.align;
      if (a) studio.edit((d) => (d.align = { ...a, ...set(Number(el.value)) }), `align:${id}`);
    });
    el.addEventListener('change', () => studio.seal());
  };
  alignSlider('tilt', (v) => ({ squash: v }));
  alignSlider('turn', (v) => ({ rotation: (v * Math.PI) / 180 }));
  // Size: a relative control, ±1 = ×/÷ 2 from where the drag began
  let sizeBase: number | null = null;
  $<HTMLInputElement>('size').addEventListener('input', (e) => {
    const el = e.currentTarget as HTMLInputElement;
    const a = studio.doc.align;
    if (!a) return;
    sizeBase ??= a.pxPerMm;
    const r = stage.els.wrap.getBoundingClientRect();
    stage.scalePlanAbout(r.width / 2, r.height / 2, (sizeBase * 2 ** Number(el.value)) / a.pxPerMm, 'align:size');
  });
  $<HTMLInputElement>('size').addEventListener('change', (e) => {
    (e.currentTarget as HTMLInputElement).value = '0';
    sizeBase = null;
    studio.seal();
  });

  // ------------------------------------------------------------ keys
  window.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t && (t.tagName === 'INPUT' && (t as HTMLInputElement).type === 'text')) return;
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    if (mod && k === 'z' && !e.shiftKey) {
      e.preventDefault();
      studio.undo();
    } else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) {
      e.preventDefault();
      studio.redo();
    }
  });

  function sync(): void {
    const ui = studio.ui;
    $<HTMLButtonElement>('undo').disabled = !studio.history.canUndo;
    $<HTMLButtonElement>('redo').disabled = !studio.history.canRedo;
    $<HTMLInputElement>('before-after').checked = ui.beforeAfter;
    $<HTMLInputElement>('show-hairline').checked = ui.overlay;
    $<HTMLInputElement>('mirror').checked = ui.mirror;
    const onPhoto = stage.background?.kind === 'photo';
    $<HTMLInputElement>('align-mode').checked = ui.alignMode && onPhoto;
    $<HTMLInputElement>('align-mode').disabled = !onPhoto;
    $<HTMLButtonElement>('forget-photo').disabled = !onPhoto && !photo;
    $<HTMLElement>('align-tools').hidden = !(ui.alignMode && onPhoto);
    const a = studio.doc.align;
    if (a) {
      $<HTMLInputElement>('tilt').value = String(a.squash ?? 1);
      $<HTMLInputElement>('turn').value = String((a.rotation * 180) / Math.PI);
    }
    for (const r of document.querySelectorAll<HTMLInputElement>('input[name="tool"]')) r.checked = r.value === ui.tool;
    $<HTMLElement>('brush-tools').hidden = ui.tool !== 'brush' && ui.tool !== 'eraser';
  }

  /** Restores the saved project and photo (or starts on the sample) and starts autosaving. */
  async function start(): Promise<void> {
    const restored = await persist.load();
    if (restored.reason) say(restored.reason, 'error');
    let opened = false;
    if (restored.project) {
      try {
        studio.open(docOf(restored.project), uiFromProject(restored.project.ui));
        opened = true;
      } catch (e) {
        say(`The autosaved plan could not be opened (${e instanceof Error ? e.message : e}); showing the sample plan.`, 'error');
      }
    }
    if (!opened) studio.open({ plan: defaultPlanInput(), align: null }, defaultUi());
    const kept = restored.photo;
    if (kept && opened) {
      const file = new File([kept.blob], kept.name, { type: kept.blob.type });
      if (!(await showPhoto(file, restored.project?.align ?? null, false, restored.project?.head ?? null))) showSample();
    } else showSample();
    persistReady = true;
    sync();
  }

  // for the end-to-end tests and the console: the studio's current state
  (window as unknown as { smpStudio: unknown }).smpStudio = {
    get dots() {
      return link.results.dots;
    },
    get plan() {
      return studio.plan;
    },
    get doc() {
      return studio.doc;
    },
    get forecast() {
      return link.results.forecast;
    },
    get camera() {
      return stage.renderer.getCamera();
    },
    get ui() {
      return studio.ui;
    },
    setDay: (d: number) => studio.setUi({ day: clampDay(d) }),
    mmToCanvas: (x: number, y: number) => stage.mmToCanvas(x, y),
    edit: (fn: (p: unknown) => void) => {
      const err = studio.edit((d) => fn(d.plan));
      if (err) say(err.message, 'error');
      studio.seal();
    },
    undo: () => studio.undo(),
    redo: () => studio.redo(),
    flush: () => persist.flush(),
  };

  /** Opens a studio document (from the client records) with its photo, keeping the UI state. */
  async function openDoc(doc: Parameters<Studio['open']>[0], file: File | null, source: string): Promise<void> {
    studio.open(doc, { ...studio.ui, compare: null, selectedRegion: null });
    if (file) await showPhoto(file, doc.align, true, doc.head ?? null);
    else {
      photo = null;
      void persist.forgetPhoto();
      showSample();
    }
    say(`Opened ${source}.`);
  }

  /**
   * A client was deleted from the records. When the studio holds their work (opened from their record, or their
   * name or one of their photos is in it), every copy goes: the autosave, the journal, the kept photo, the
   * designs and the undo history; the studio shows the sample. Resolves whether it did.
   */
  async function forgetClient(who: { name: string; photos: Blob[]; open: boolean }): Promise<boolean> {
    const needle = JSON.stringify(who.name).slice(1, -1); // as the name appears inside the saved JSON
    await persist.eraseUnreadableWith(needle).catch(() => {});
    const kept = await persist.keptPhoto().catch(() => null);
    const same = (n: string | undefined) => !!n && n.normalize('NFC').trim().toLowerCase() === who.name.normalize('NFC').trim().toLowerCase();
    let holds = who.open || same(studio.doc.consult?.client) || [photo?.name, kept?.name].some((n) => same(n?.replace(/\.jpg$/i, '')));
    for (const mine of [photo?.blob, kept?.blob]) for (const theirs of who.photos) if (!holds && mine && (await sameBytes(mine, theirs))) holds = true;
    if (!holds) return false;
    await persist.erase();
    openSample();
    await persist.flush();
    return true;
  }

  /** Turns the photo shown clockwise by `deg` and shows it as a new photo (kept on this device, its face analysed afresh). */
  async function rotatePhoto(deg: 90 | 180 | 270): Promise<void> {
    if (!photo) return;
    await showPhoto(await rotatedPhoto(new File([photo.blob], photo.name, { type: photo.blob.type }), deg), null, true);
  }

  return { sync, start, openDoc, forgetClient, rotatePhoto, photo: () => photo };
}

async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const x = new Uint8Array(await a.arrayBuffer());
  const y = new Uint8Array(await b.arrayBuffer());
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
