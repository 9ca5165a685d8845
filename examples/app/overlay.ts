// The SVG overlay over the stage: treated areas, exclusions and scars, and the hairline with its handles.
// Handles shrink so that they never overlap at any zoom (their radius is under half the on-screen gap to the
// nearest other handle), and a handle drag is one undo step.
import type { Stage } from './stage.js';
import type { Studio } from './state.js';
import { hitRadiusPx, nearestWithin } from './touch.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Handle radius in px: the preferred size for the pointer, but never half the gap to the nearest handle or more. */
export function handleRadius(points: readonly (readonly [number, number])[], preferred: number, min = 3): number {
  let gap = Infinity;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) gap = Math.min(gap, Math.hypot(points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]));
  return Math.max(Math.min(min, gap * 0.45), Math.min(preferred, gap * 0.45));
}

export interface Overlay {
  draw(): void;
}

export interface HairlineEdits {
  move(i: number, mm: [number, number]): void;
  /** Adds a handle on the line near `mm`; false when the line is not near. */
  add(mm: [number, number]): boolean;
  remove(i: number): void;
}

const LONG_PRESS_MS = 550;

/**
 * Draws the overlay after every frame and registers the hairline tool on the stage (Move tool): drag a handle;
 * double-click (or long-press) the line to add one; Delete over a handle (or a long press on it) removes it.
 */
export function mountOverlay(svg: SVGSVGElement, stage: Stage, studio: Studio, edits: HairlineEdits): Overlay {
  const coarse = window.matchMedia('(pointer: coarse)');
  /** The hairline handles as last drawn, canvas px (a finger grabs the nearest within 22 px, whatever its drawn size). */
  let handles: [number, number][] = [];

  function draw(): void {
    const { wrap } = stage.els;
    svg.replaceChildren();
    handles = [];
    svg.setAttribute('viewBox', `0 0 ${wrap.clientWidth} ${wrap.clientHeight}`);
    if (!studio.ui.overlay) return;
    const plan = studio.plan;
    plan.regions.forEach((r, i) => {
      const poly = document.createElementNS(SVG, 'polygon');
      poly.setAttribute('class', `region ${r.kind}${studio.ui.selectedRegion === i ? ' selected' : ''}`);
      poly.setAttribute('points', r.points.map(([x, y]) => stage.mmToCanvas(x, y).join(',')).join(' '));
      poly.dataset.region = String(i);
      svg.append(poly);
    });
    const sel = studio.ui.selectedRegion;
    if (studio.ui.tool === 'regions' && sel !== null && plan.regions[sel]) {
      const pts = plan.regions[sel]!.points.map(([x, y]) => stage.mmToCanvas(x, y));
      const r = handleRadius(pts, coarse.matches ? 9 : 5, 2);
      for (const [cx, cy] of pts) {
        const c = document.createElementNS(SVG, 'circle');
        c.setAttribute('class', 'vertex');
        c.setAttribute('cx', String(cx));
        c.setAttribute('cy', String(cy));
        c.setAttribute('r', r.toFixed(2));
        svg.append(c);
      }
    }
    const hl = plan.hairline;
    if (!hl) return;
    const pts = hl.points.map(([x, y]) => stage.mmToCanvas(x, y));
    const path = document.createElementNS(SVG, 'polyline');
    path.setAttribute('class', 'curve');
    path.setAttribute('points', pts.map((p) => p.join(',')).join(' '));
    svg.append(path);
    if (studio.ui.tool !== 'move') return;
    handles = pts;
    const r = handleRadius(pts, coarse.matches ? 12 : 7);
    pts.forEach(([cx, cy], i) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('class', 'handle');
      c.setAttribute('cx', String(cx));
      c.setAttribute('cy', String(cy));
      c.setAttribute('r', r.toFixed(2));
      c.dataset.index = String(i);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `Hairline point ${i + 1}: drag to move${studio.ui.mirror ? ' (mirrored)' : ''}; Delete removes it`;
      c.append(title);
      svg.append(c);
    });
  }

  stage.onDraw(draw);
  let hover: number | null = null;
  svg.addEventListener('pointerover', (e) => {
    const t = e.target as SVGElement;
    hover = t.classList?.contains('handle') ? Number(t.dataset.index) : null;
  });
  svg.addEventListener('pointerout', () => (hover = null));
  window.addEventListener('keydown', (e) => {
    if (!(e.key === 'Delete' || e.key === 'Backspace') || hover === null || studio.ui.tool !== 'move') return;
    const t = e.target as HTMLElement;
    if (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') return;
    e.preventDefault();
    edits.remove(hover);
    hover = null;
  });
  // double-click on the hairline adds a handle there
  stage.addTool((cx, cy, e) => {
    if (studio.ui.tool !== 'move' || !studio.plan.hairline || e.detail < 2) return null;
    return edits.add(stage.canvasToMm(cx, cy)) ? { move: () => {}, end: () => {} } : null;
  });
  stage.addTool((cx0, cy0, e) => {
    const t = e.target as Element;
    // the handle under a mouse or a pen; for a finger the nearest within 22 px (44 px across, at any zoom)
    const index = t.classList?.contains('handle') ? Number((t as SVGElement).dataset.index) : studio.ui.tool === 'move' ? nearestWithin(handles, cx0, cy0, hitRadiusPx(e, 0)) : null;
    if (index === null) return null;
    let pending: [number, number] | null = null;
    let moved = false;
    // a long press on a handle (touch) removes it
    const timer = e.pointerType === 'touch' ? setTimeout(() => !moved && edits.remove(index), LONG_PRESS_MS) : 0;
    return {
      move: (cx, cy) => {
        if (!moved && Math.hypot(cx - cx0, cy - cy0) < 3) return;
        moved = true;
        clearTimeout(timer);
        const first = !pending;
        const mm = stage.canvasToMm(cx, cy);
        pending = [Math.round(mm[0] * 100) / 100 || 0, Math.round(mm[1] * 100) / 100 || 0];
        // at most one edit (one re-simulation request) per frame
        if (first)
          requestAnimationFrame(() => {
            const p = pending;
            pending = null;
            if (p) edits.move(index, p);
          });
      },
      end: () => {
        clearTimeout(timer);
        // the last position lands inside the gesture, before the stage seals its undo step
        const p = pending;
        pending = null;
        if (p) edits.move(index, p);
      },
    };
  });
  return { draw };
}
