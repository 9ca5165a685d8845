// The SVG overlay over the stage: treated areas, exclusions and scars, and the hairline with its handles.
// Handles shrink so that they never overlap at any zoom (their radius is under half the on-screen gap to the
// nearest other handle), and a handle drag is one undo step.
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

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

/** Draws the overlay after every frame and registers the hairline-handle tool on the stage. */
export function mountOverlay(svg: SVGSVGElement, stage: Stage, studio: Studio, edits: { moveHairlinePoint: (i: number, mm: [number, number]) => void }): Overlay {
  const coarse = window.matchMedia('(pointer: coarse)');

  function draw(): void {
    const { wrap } = stage.els;
    svg.replaceChildren();
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
    const r = handleRadius(pts, coarse.matches ? 12 : 7);
    pts.forEach(([cx, cy], i) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('class', 'handle');
      c.setAttribute('cx', String(cx));
      c.setAttribute('cy', String(cy));
      c.setAttribute('r', r.toFixed(2));
      c.dataset.index = String(i);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `Hairline point ${i + 1}: drag to move${studio.ui.mirror ? ' (mirrored)' : ''}`;
      c.append(title);
      svg.append(c);
    });
  }

  stage.onDraw(draw);
  stage.addTool((_cx, _cy, e) => {
    const t = e.target as Element;
    if (!t.classList?.contains('handle')) return null;
    const index = Number((t as SVGElement).dataset.index);
    let pending: [number, number] | null = null;
    return {
      move: (cx, cy) => {
        const first = !pending;
        const mm = stage.canvasToMm(cx, cy);
        pending = [Math.round(mm[0] * 100) / 100 || 0, Math.round(mm[1] * 100) / 100 || 0];
        // at most one edit (one re-simulation request) per frame
        if (first)
          requestAnimationFrame(() => {
            const p = pending;
            pending = null;
            if (p) edits.moveHairlinePoint(index, p);
          });
      },
      end: () => {
        // the last position lands inside the gesture, before the stage seals its undo step
        const p = pending;
        pending = null;
        if (p) edits.moveHairlinePoint(index, p);
      },
    };
  });
  return { draw };
}
