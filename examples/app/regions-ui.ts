// Region tools: the region list in the panel (name, kind, area in cm², select, delete) and, with the Regions
// tool, vertex editing on the stage (drag a vertex or, from inside, the whole region; double-click or
// long-press an edge to add a vertex; Delete or a long-press on a vertex removes it). The edits are the pure
// functions of examples/edit; every change goes through the studio's edit path (validated, undoable).
import { insidePolygon } from '../../src/raster.js';
import { deleteRegion, insertVertex, moveRegion, moveVertex, nearestVertex, planAreasCm2, removeVertex, renameRegion, setRegionKind, type RegionKind } from '../edit/index.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';
import { hitRadiusPx } from './touch.js';

const LONG_PRESS_MS = 550;
/** Screen pixels within which a pointer hits a vertex or an edge. */
const HIT_PX = 10;

type Pt = readonly [number, number];

/** The vertex nearest to `p` within `tol` mm over all regions, the selected one first; or null. */
export function hitVertex(regions: readonly { points: readonly Pt[] }[], p: Pt, tol: number, prefer: number | null): { region: number; vertex: number } | null {
  const order = prefer !== null && regions[prefer] ? [prefer, ...[...regions.keys()].filter((i) => i !== prefer)] : [...regions.keys()];
  for (const r of order) {
    const v = nearestVertex(regions[r]!.points, p);
    if (v && v.distance <= tol) return { region: r, vertex: v.index };
  }
  return null;
}

/** The topmost region containing `p` (later regions are drawn over earlier ones), or null. */
export function regionUnder(regions: readonly { points: readonly Pt[] }[], p: Pt): number | null {
  for (let i = regions.length - 1; i >= 0; i--) if (insidePolygon(regions[i]!.points, p[0], p[1])) return i;
  return null;
}

const round2 = (v: number): number => Math.round(v * 100) / 100 || 0;

export function mountRegions(stage: Stage, studio: Studio, say: (t: string, k?: 'info' | 'error') => void): { sync(): void } {
  const list = document.getElementById('region-list') as HTMLUListElement;
  const total = document.getElementById('region-total') as HTMLParagraphElement;

  const edit = (fn: Parameters<Studio['edit']>[0], group: string | null = null): boolean => {
    const err = studio.edit(fn, group);
    if (err) say(err.message, 'error');
    if (group === null) studio.seal();
    return !err;
  };

  function sync(): void {
    const plan = studio.plan;
    const areas = planAreasCm2(plan.regions);
    list.replaceChildren(
      ...plan.regions.map((r, i) => {
        const li = document.createElement('li');
        li.className = studio.ui.selectedRegion === i ? 'selected' : '';
        const pick = document.createElement('input');
        pick.type = 'radio';
        pick.name = 'region-pick';
        pick.checked = studio.ui.selectedRegion === i;
        pick.setAttribute('aria-label', `Select region ${i + 1}`);
        pick.addEventListener('change', () => studio.setUi({ selectedRegion: i, tool: 'regions' }));
        const name = document.createElement('input');
        name.type = 'text';
        name.value = r.name;
        name.placeholder = `region ${i + 1}`;
        name.maxLength = 120;
        name.setAttribute('aria-label', `Name of region ${i + 1}`);
        name.addEventListener('change', () => edit((d) => (d.plan = renameRegion(d.plan, i, name.value))));
        const kind = document.createElement('select');
        kind.setAttribute('aria-label', `Kind of region ${i + 1}`);
        for (const k of ['treated', 'exclusion', 'scar']) kind.append(new Option(k, k, false, k === r.kind));
        kind.addEventListener('change', () => edit((d) => (d.plan = setRegionKind(d.plan, i, kind.value as RegionKind))));
        const area = document.createElement('span');
        area.className = 'area';
        area.textContent = `${(areas.perRegion[i] ?? 0).toFixed(1)} cm²`;
        const del = document.createElement('button');
        del.type = 'button';
        del.textContent = '✕';
        del.setAttribute('aria-label', `Delete region ${i + 1}`);
        del.addEventListener('click', () => {
          if (edit((d) => (d.plan = deleteRegion(d.plan, i)))) studio.setUi({ selectedRegion: null });
        });
        // the label is the radio's hit area (44 px on a touch screen: examples/touch.css)
        const pickArea = document.createElement('label');
        pickArea.className = 'pick';
        pickArea.append(pick);
        li.append(pickArea, name, kind, area, del);
        return li;
      }),
    );
    total.textContent = `Treated in total: ${areas.treated.toFixed(1)} cm² (treated and scar areas, less exclusions)`;
  }

  stage.addTool((cx, cy, e) => {
    if (studio.ui.tool !== 'regions') return null;
    const mm = stage.canvasToMm(cx, cy);
    const tol = hitRadiusPx(e, HIT_PX) / stage.pxPerMmOnScreen();
    const regions = studio.plan.regions;
    const sel = studio.ui.selectedRegion;
    const v = hitVertex(regions, mm, tol, sel);
    if (v) {
      if (sel !== v.region) studio.setUi({ selectedRegion: v.region });
      let moved = false;
      // a long press on a vertex (touch) removes it
      const timer = setTimeout(() => !moved && edit((d) => (d.plan = removeVertex(d.plan, v.region, v.vertex))), LONG_PRESS_MS);
      return {
        move: (x, y) => {
          if (!moved && Math.hypot(x - cx, y - cy) < 4) return;
          moved = true;
          clearTimeout(timer);
          const p = stage.canvasToMm(x, y);
          edit((d) => (d.plan = moveVertex(d.plan, v.region, v.vertex, [round2(p[0]), round2(p[1])])), 'region:vertex');
        },
        end: () => clearTimeout(timer),
      };
    }
    if (sel !== null && regions[sel]) {
      // double-click (or long-press) on the selected region's edge adds a vertex there
      const add = () => edit((d) => (d.plan = insertVertex(d.plan, sel, [round2(mm[0]), round2(mm[1])], tol)?.plan ?? d.plan));
      if (e.detail >= 2) {
        add();
        return { move: () => {}, end: () => {} };
      }
    }
    const under = regionUnder(regions, mm);
    if (under === null) {
      if (sel !== null) studio.setUi({ selectedRegion: null });
      return null; // empty stage: pan
    }
    if (under !== sel) studio.setUi({ selectedRegion: under });
    // drag from inside moves the whole region (one undo step); a long press near an edge adds a vertex
    let last = mm;
    let moved = false;
    const timer =
      e.pointerType === 'touch' ? setTimeout(() => !moved && edit((d) => (d.plan = insertVertex(d.plan, under, [round2(mm[0]), round2(mm[1])], tol * 2)?.plan ?? d.plan)), LONG_PRESS_MS) : 0;
    return {
      move: (x, y) => {
        if (!moved && Math.hypot(x - cx, y - cy) < 4) return;
        moved = true;
        clearTimeout(timer);
        const p = stage.canvasToMm(x, y);
        const dx = round2(p[0] - last[0]);
        const dy = round2(p[1] - last[1]);
        if (!dx && !dy) return;
        last = [last[0] + dx, last[1] + dy];
        edit((d) => (d.plan = moveRegion(d.plan, under, dx, dy)), 'region:move');
      },
      end: () => clearTimeout(timer),
    };
  });

  // Delete or Backspace removes the vertex under the pointer
  let hover: { region: number; vertex: number } | null = null;
  stage.els.wrap.addEventListener('pointermove', (e) => {
    if (studio.ui.tool !== 'regions') return;
    const r = stage.els.wrap.getBoundingClientRect();
    hover = hitVertex(studio.plan.regions, stage.canvasToMm(e.clientX - r.left, e.clientY - r.top), HIT_PX / stage.pxPerMmOnScreen(), studio.ui.selectedRegion);
  });
  window.addEventListener('keydown', (e) => {
    if (!(e.key === 'Delete' || e.key === 'Backspace') || studio.ui.tool !== 'regions' || !hover) return;
    const t = e.target as HTMLElement;
    if (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') return;
    e.preventDefault();
    const h = hover;
    hover = null;
    edit((d) => (d.plan = removeVertex(d.plan, h.region, h.vertex)));
  });

  return { sync };
}
