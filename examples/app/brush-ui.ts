// Brush and eraser on the stage: a stroke (the pointer's path in scalp mm, the brush's radius) becomes a
// polygon in mm (examples/edit/brush.ts: rasterised, marching squares, simplified) that joins the region of
// the chosen kind under it or starts a new one; the eraser cuts it out of what it crosses. One stroke is one
// undo step. The stroke is shown as it is drawn.
import { brushStroke, eraseStroke } from '../edit/index.js';
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
        if (err) say(err.message, 'error');
      },
    };
  });
}
