// Region tools: the region list in the panel (name, kind, area in cm², select, delete) and, with the Regions
// tool, vertex editing on the stage (drag a vertex; double-click or long-press an edge to add one; Delete or
// long-press on a vertex removes it). Every change goes through the studio's edit path (validated, undoable).
import type { Stage } from './stage.js';
import type { Studio } from './state.js';
import { polygonAreaCm2, insertVertex, removeVertex, moveVertex, nearestEdge, nearestVertex, treatedAreaCm2 } from './region-ops.js';

const LONG_PRESS_MS = 550;

export function mountRegions(stage: Stage, studio: Studio, say: (t: string, k?: 'info' | 'error') => void): { sync(): void } {
  const list = document.getElementById('region-list') as HTMLUListElement;
  const total = document.getElementById('region-total') as HTMLParagraphElement;

  const edit = (fn: Parameters<Studio['edit']>[0], group: string | null = null) => {
    const err = studio.edit(fn, group);
    if (err) say(err.message, 'error');
    return !err;
  };

  function sync(): void {
    const plan = studio.plan;
    list.replaceChildren(
      ...plan.regions.map((r, i) => {
        const li = document.createElement('li');
        li.className = studio.ui.selectedRegion === i ? 'selected' : '';
        const pick = document.createElement('input');
        pick.type = 'radio';
        pick.name = 'region-pick';
        pick.checked = studio.ui.selectedRegion === i;
        pick.setAttribute('aria-label', `Select region ${i + 1}`);
        pick.addEventListener('change', () => studio.setUi({ selectedRegion: i }));
        const name = document.createElement('input');
        name.type = 'text';
        name.value = r.name;
        name.placeholder = `region ${i + 1}`;
        name.maxLength = 120;
        name.setAttribute('aria-label', `Name of region ${i + 1}`);
        name.addEventListener('change', () => edit((d) => (d.plan.regions[i]!.name = name.value)));
        const kind = document.createElement('select');
        kind.setAttribute('aria-label', `Kind of region ${i + 1}`);
        for (const k of ['treated', 'exclusion', 'scar']) kind.append(new Option(k, k, false, k === r.kind));
        kind.addEventListener('change', () => edit((d) => (d.plan.regions[i]!.kind = kind.value as 'treated')));
        const area = document.createElement('span');
        area.className = 'area';
        area.textContent = `${polygonAreaCm2(r.points).toFixed(1)} cm²`;
        const del = document.createElement('button');
        del.type = 'button';
        del.textContent = '✕';
        del.setAttribute('aria-label', `Delete region ${i + 1}`);
        del.addEventListener('click', () => {
          if (edit((d) => d.plan.regions.splice(i, 1))) studio.setUi({ selectedRegion: null });
        });
        li.append(pick, name, kind, area, del);
        return li;
      }),
    );
    total.textContent = `Treated in total: ${treatedAreaCm2(plan.regions).toFixed(1)} cm²`;
  }

  // the Regions tool on the stage
  stage.addTool((cx, cy, e) => {
    if (studio.ui.tool !== 'regions') return null;
    const mm = stage.canvasToMm(cx, cy);
    const tol = 10 / stage.pxPerMmOnScreen(); // 10 screen px, in mm
    const regions = studio.plan.regions;
    const sel = studio.ui.selectedRegion;
    const v = nearestVertex(regions, mm, tol, sel);
    if (v) {
      studio.setUi({ selectedRegion: v.region });
      let moved = false;
      const timer = setTimeout(() => {
        // long-press on a vertex removes it
        if (!moved) edit((d) => removeVertex(d.plan, v.region, v.vertex));
      }, LONG_PRESS_MS);
      return {
        move: (x, y) => {
          const p = stage.canvasToMm(x, y);
          if (!moved && Math.hypot(x - cx, y - cy) < 4) return;
          moved = true;
          clearTimeout(timer);
          edit((d) => moveVertex(d.plan, v.region, v.vertex, [round2(p[0]), round2(p[1])]), 'region:vertex');
        },
        end: () => clearTimeout(timer),
      };
    }
    const edge = nearestEdge(regions, mm, tol, sel);
    if (edge && (e.detail >= 2 || e.pointerType === 'touch')) {
      if (e.detail >= 2) {
        edit((d) => insertVertex(d.plan, edge.region, edge.edge, [round2(mm[0]), round2(mm[1])]));
        return { move: () => {}, end: () => {} };
      }
      const timer = setTimeout(() => edit((d) => insertVertex(d.plan, edge.region, edge.edge, [round2(mm[0]), round2(mm[1])])), LONG_PRESS_MS);
      return { move: () => clearTimeout(timer), end: () => clearTimeout(timer) };
    }
    // a click inside a region selects it (the topmost)
    const hit = (e.target as Element).closest?.('polygon[data-region]') as SVGElement | null;
    if (hit) {
      studio.setUi({ selectedRegion: Number(hit.dataset.region) });
      stage.redraw();
      return { move: () => {}, end: () => {} };
    }
    return null;
  });

  window.addEventListener('keydown', (e) => {
    if ((e.key === 'Delete' || e.key === 'Backspace') && studio.ui.tool === 'regions' && hover) {
      const t = e.target as HTMLElement;
      if (t.tagName === 'INPUT' || t.tagName === 'SELECT') return;
      e.preventDefault();
      const h = hover;
      edit((d) => removeVertex(d.plan, h.region, h.vertex));
    }
  });
  // the vertex under the pointer, for Delete
  let hover: { region: number; vertex: number } | null = null;
  stage.els.wrap.addEventListener('pointermove', (e) => {
    if (studio.ui.tool !== 'regions') return;
    const r = stage.els.wrap.getBoundingClientRect();
    const mm = stage.canvasToMm(e.clientX - r.left, e.clientY - r.top);
    hover = nearestVertex(studio.plan.regions, mm, 10 / stage.pxPerMmOnScreen(), studio.ui.selectedRegion);
  });

  return { sync };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100 || 0;
}
