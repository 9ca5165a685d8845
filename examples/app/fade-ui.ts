// The area that fades first, on the stage: with "Fade map" ticked, each 1-cm² cell of the treated area is
// tinted by the year it falls due (the aging model's fadeMap: UV by position on the head, per-region sun,
// correlated healing), earliest in red, with the first one named. Computed in the consultation worker.
import type { FadeMap } from '../../src/aging/index.js';
import { scalpZone, SCALP_ZONES } from '../../src/aging/index.js';
import type { ConsultEngine } from '../../workers/consult-client.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Colour of a due year between the earliest and latest of the map: red (soonest) → amber → green. */
export function dueColour(year: number, first: number, last: number): string {
  const t = last > first ? Math.min(1, Math.max(0, (year - first) / (last - first))) : 0;
  const hue = Math.round(t * 120);
  return `hsl(${hue} 85% 50%)`;
}

export function mountFade(svg: SVGSVGElement, stage: Stage, studio: Studio, worker: ConsultEngine, say: (t: string, k?: 'info' | 'error') => void) {
  const box = document.getElementById('fade-map') as HTMLInputElement;
  let map: FadeMap | null = null;
  let key = '';

  async function refresh(): Promise<void> {
    if (!box.checked) return;
    const k = JSON.stringify(studio.doc.plan);
    if (k === key && map) return stage.redraw();
    key = k;
    document.body.dataset.fade = 'running';
    try {
      const m = await worker.fadeMap(studio.doc.plan);
      if (!m || k !== key) return;
      map = m;
      document.body.dataset.fade = 'ready';
      if (m.first) say(`Fades first: the ${SCALP_ZONES[scalpZone(m.first.x, m.first.y)]} (around year ${m.first.dueYear.toFixed(1)}); red cells fall due soonest.`);
      stage.redraw();
    } catch (e) {
      say(`The fade map could not be made: ${(e as Error).message}`, 'error');
    }
  }
  box.addEventListener('change', () => (box.checked ? void refresh() : stage.redraw()));
  studio.subscribe((c) => c.plan && box.checked && void refresh());

  stage.onDraw(() => {
    if (!box.checked || !map) return;
    const m = map;
    let first = Infinity;
    let last = -Infinity;
    for (const y of m.dueYear) if (Number.isFinite(y)) (first = Math.min(first, y)), (last = Math.max(last, y));
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('class', 'fade-map');
    for (let r = 0; r < m.h; r++)
      for (let c = 0; c < m.w; c++) {
        const y = m.dueYear[r * m.w + c]!;
        if (!Number.isFinite(y)) continue;
        const x0 = m.x0 + c * m.cellMm;
        const y0 = m.y0 + r * m.cellMm;
        const pts = [
          [x0, y0],
          [x0 + m.cellMm, y0],
          [x0 + m.cellMm, y0 + m.cellMm],
          [x0, y0 + m.cellMm],
        ].map(([x, yy]) => stage.mmToCanvas(x!, yy!).join(','));
        const poly = document.createElementNS(SVG, 'polygon');
        poly.setAttribute('points', pts.join(' '));
        poly.setAttribute('fill', dueColour(y, first, last));
        const t = document.createElementNS(SVG, 'title');
        t.textContent = `due around year ${y.toFixed(1)}`;
        poly.append(t);
        g.append(poly);
      }
    svg.prepend(g);
  });
}
