// Brush and eraser on the stage: a stroke (the pointer's path in scalp mm, the brush's radius) becomes a
// polygon in mm (examples/edit/brush.ts: rasterised, marching squares, simplified) that joins the region of
// the chosen kind under it or starts a new one; the eraser cuts it out of what it crosses. One stroke is one
// undo step. The stroke is shown as it is drawn.
import { brushStroke, eraseStroke, strokeShape } from '../edit/index.js';
import { aheadOfHairlineCm2 } from './head-plan.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

const SVG = 'http://www.w3.org/2000/svg';

export function mountBrush(svg: SVGSVGElement, stage: Stage, studio: Studio, say: (t: string, k?: 'info' | 'error') => void): void {
  const size = document.getElementById('brush-size') as HTMLInputElement;
  const sizeOut = document.getElementById('brush-size-out') as HTMLOutputElement;
  const kind = document.getElementById('brush-kind') as HTMLSelectElement;
  const show = () => {
    size.value = String(studio.ui.brushMm);
    sizeOut.textContent = `${studio.ui.brushMm} mm`;
    kind.value = studio.ui.brushKind;
  };
  size.addEventListener('input', () => studio.setUi({ brushMm: Number(size.value) }));
  kind.addEventListener('change', () => studio.setUi({ brushKind: kind.value as 'treated' }));
  studio.subscribe((c) => c.ui && show());
  show();

  stage.addTool((cx, cy) => {
    const tool = studio.ui.tool;
    if (tool !== 'brush' && tool !== 'eraser') return null;
    const points: [number, number][] = [stage.canvasToMm(cx, cy)];
    const screen: [number, number][] = [[cx, cy]];
    const radiusMm = studio.ui.brushMm;
    const path = document.createElementNS(SVG, 'polyline');
    path.setAttribute('class', `stroke ${tool}`);
    path.setAttribute('stroke-width', String(2 * radiusMm * stage.pxPerMmOnScreen()));
    const redraw = () => {
      path.setAttribute('points', screen.map((p) => p.join(',')).join(' '));
      if (!path.isConnected) svg.append(path);
    };
    stage.onDraw(() => path.isConnected && svg.append(path)); // the overlay redraws from scratch: keep the stroke on top
    redraw();
    return {
      move: (x, y) => {
        const last = screen[screen.length - 1]!;
        if (Math.hypot(x - last[0], y - last[1]) < 2) return;
        screen.push([x, y]);
        points.push(stage.canvasToMm(x, y));
        redraw();
      },
      end: () => {
        path.remove();
        const stroke = { points, radiusMm };
        const err = studio.edit((d) => {
          if (tool === 'eraser') d.plan = eraseStroke(d.plan, stroke);
          else {
            const r = brushStroke(d.plan, stroke, { kind: studio.ui.brushKind });
            d.plan = r.plan;
            if (r.region >= 0) queueMicrotask(() => studio.setUi({ selectedRegion: r.region }));
          }
        });
        studio.seal();
        if (err) return say(err.message, 'error');
        // the hairline puts no dots in front of its soft zone: say so rather than add area that stays bare
        const hl = studio.plan.hairline;
        if (tool === 'brush' && studio.ui.brushKind !== 'exclusion' && hl) {
          const ahead = aheadOfHairlineCm2(strokeShape(stroke), hl.points, hl.transitionMm);
          if (ahead >= 0.5)
            say(`${ahead.toFixed(1)} cm² of this stroke lies in front of the hairline, where the plan puts no dots: move the hairline forward (drag its handles, or lower it under "Hairline height") to ink there.`);
        }
      },
    };
  });
}
