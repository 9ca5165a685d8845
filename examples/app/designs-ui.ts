// Designs side by side: the active design and up to two others kept in the project. "Compare" shows another
// design on the right of the split, on the same photo and the same day (a second renderer over the first, its
// dots from a second engine worker); "Use" switches to it; the list is undoable like any edit.
import { DEFAULT_AGING, agingTables, validatePlan, type Dots, type Plan } from '../../src/index.js';
import { ScalpRenderer } from '../../src/render/index.js';
import { createEngine, isSuperseded } from '../../workers/client.js';
import type { Stage } from './stage.js';
import { MAX_DESIGNS, type Studio } from './state.js';
import { nextDesignName, switchDesign } from './designs.js';

export async function mountDesigns(stage: Stage, studio: Studio, say: (t: string, k?: 'info' | 'error') => void): Promise<{ sync(): void }> {
  const list = document.getElementById('design-list') as HTMLUListElement;
  const nameInput = document.getElementById('design-name') as HTMLInputElement;
  const dup = document.getElementById('design-duplicate') as HTMLButtonElement;
  const canvas = document.getElementById('compare') as HTMLCanvasElement;
  const labels = document.getElementById('compare-labels') as HTMLDivElement;
  let renderer: ScalpRenderer | null = null;
  let engine: ReturnType<typeof createEngine> | null = null;
  let shown: { plan: Plan; dots: Dots } | null = null;
  let wanted = '';

  const edit = (fn: Parameters<Studio['edit']>[0]) => {
    const err = studio.edit(fn);
    studio.seal();
    if (err) say(err.message, 'error');
  };

  nameInput.addEventListener('change', () => edit((d) => (d.name = nameInput.value.trim().slice(0, 60))));
  dup.addEventListener('click', () =>
    edit((d) => {
      const names = [d.name || 'Design A', ...(d.designs ?? []).map((x) => x.name)];
      d.name ||= 'Design A';
      // the copy is kept in the list; the user goes on editing the active one
      (d.designs ??= []).push({ name: d.name, plan: structuredClone(d.plan) });
      d.name = nextDesignName(names);
    }),
  );

  async function ensureRenderer(): Promise<ScalpRenderer> {
    if (!renderer) {
      const { wrap } = stage.els;
      renderer = await ScalpRenderer.create({
        canvas,
        width: Math.max(1, wrap.clientWidth),
        height: Math.max(1, wrap.clientHeight),
        resolution: Math.min(2, window.devicePixelRatio || 1),
      });
      if (stage.background) renderer.setBackground(stage.background.source);
      new ResizeObserver(() => renderer?.resize(Math.max(1, wrap.clientWidth), Math.max(1, wrap.clientHeight))).observe(wrap);
    }
    return renderer;
  }
  stage.onBackground((bg) => renderer?.setBackground(bg.source));

  /** Simulates the compared design when it changed, then draws. */
  async function refreshCompare(): Promise<void> {
    const i = studio.ui.compare;
    const other = i === null ? null : studio.doc.designs?.[i];
    canvas.hidden = !other;
    labels.hidden = !other;
    if (!other) {
      stage.syncBeforeAfter();
      return;
    }
    if (studio.ui.beforeAfter) studio.setUi({ beforeAfter: false });
    (document.getElementById('compare-left') as HTMLElement).textContent = studio.doc.name || 'Design A';
    (document.getElementById('compare-right') as HTMLElement).textContent = other.name;
    const key = JSON.stringify(other.plan);
    if (key !== wanted) {
      wanted = key;
      try {
        engine ??= createEngine();
        const plan = validatePlan(other.plan);
        const dots = await engine.simulate(other.plan);
        if (key !== wanted) return;
        const r = await ensureRenderer();
        r.setDots(dots);
        shown = { plan, dots };
        document.body.dataset.compareDots = String(dots.count);
      } catch (e) {
        if (!isSuperseded(e)) say(`The other design could not be simulated: ${(e as Error).message}`, 'error');
        return;
      }
    }
    stage.syncBeforeAfter();
    stage.redraw();
  }

  stage.onDraw(() => {
    if (!renderer || !shown || studio.ui.compare === null || canvas.hidden) return;
    renderer.setCamera(stage.renderer.getCamera());
    renderer.setView(stage.view);
    renderer.setAging(agingTables(shown.plan, studio.ui.day, DEFAULT_AGING), DEFAULT_AGING);
    renderer.render();
    const s = studio.ui.split;
    canvas.style.clipPath = `inset(0 0 0 ${s * 100}%)`;
    stage.els.split.style.left = `${s * 100}%`;
  });

  function sync(): void {
    const designs = studio.doc.designs ?? [];
    if (document.activeElement !== nameInput) nameInput.value = studio.doc.name ?? '';
    dup.disabled = designs.length >= MAX_DESIGNS - 1;
    list.replaceChildren(
      ...designs.map((d, i) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = d.name;
        const cmp = document.createElement('button');
        cmp.type = 'button';
        cmp.textContent = studio.ui.compare === i ? 'Stop comparing' : 'Compare';
        cmp.setAttribute('aria-pressed', String(studio.ui.compare === i));
        cmp.setAttribute('aria-label', `${studio.ui.compare === i ? 'Stop comparing with' : 'Compare with'} ${d.name}`);
        cmp.addEventListener('click', () => studio.setUi({ compare: studio.ui.compare === i ? null : i }));
        const use = document.createElement('button');
        use.type = 'button';
        use.textContent = 'Use';
        use.setAttribute('aria-label', `Continue with ${d.name}`);
        use.addEventListener('click', () => {
          edit((doc) => switchDesign(doc, i));
          if (studio.ui.compare === i) studio.setUi({ compare: i }); // the former active design is now at i
        });
        const del = document.createElement('button');
        del.type = 'button';
        del.textContent = '✕';
        del.setAttribute('aria-label', `Delete ${d.name}`);
        del.addEventListener('click', () => {
          if (studio.ui.compare !== null) studio.setUi({ compare: null });
          edit((doc) => doc.designs!.splice(i, 1));
        });
        li.append(name, cmp, use, del);
        return li;
      }),
    );
    if (studio.ui.compare !== null && !designs[studio.ui.compare]) studio.setUi({ compare: null });
    void refreshCompare();
  }
  return { sync };
}
