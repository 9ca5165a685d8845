// The plan as a drawing (for the hairline sign-off's snapshot): the treated areas, exclusions and scars, and the
// hairline, in mm seen from above, with a 1-cm grid. Drawn from the plan alone, so it shows exactly what was signed.
import { validatePlan, type PlanInput } from '../../src/plan.js';

const FILL = { treated: 'rgba(60, 90, 140, 0.35)', exclusion: 'rgba(200, 80, 60, 0.25)', scar: 'rgba(150, 110, 40, 0.35)' } as const;

/** A PNG of the plan, `px` wide (height follows the plan's extent). */
export async function planDrawing(input: PlanInput, px = 900): Promise<Blob> {
  const plan = validatePlan(input);
  const pts = [...plan.regions.flatMap((r) => r.points), ...(plan.hairline?.points ?? [])];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const pad = 15;
  const x0 = Math.min(...xs) - pad;
  const y0 = Math.min(...ys) - pad;
  const w = Math.max(...xs) + pad - x0;
  const h = Math.max(...ys) + pad - y0;
  const s = px / w;
  const c = new OffscreenCanvas(px, Math.max(1, Math.round(h * s)));
  const g = c.getContext('2d')!;
  g.fillStyle = '#fbfaf7';
  g.fillRect(0, 0, c.width, c.height);
  g.strokeStyle = '#e4e0d8';
  g.lineWidth = 1;
  for (let x = Math.ceil(x0 / 10) * 10; x < x0 + w; x += 10) {
    g.beginPath();
    g.moveTo((x - x0) * s, 0);
    g.lineTo((x - x0) * s, c.height);
    g.stroke();
  }
  for (let y = Math.ceil(y0 / 10) * 10; y < y0 + h; y += 10) {
    g.beginPath();
    g.moveTo(0, (y - y0) * s);
    g.lineTo(c.width, (y - y0) * s);
    g.stroke();
  }
  for (const r of plan.regions) {
    g.beginPath();
    r.points.forEach(([x, y], i) => (i ? g.lineTo((x - x0) * s, (y - y0) * s) : g.moveTo((x - x0) * s, (y - y0) * s)));
    g.closePath();
    g.fillStyle = FILL[r.kind];
    g.fill('evenodd');
    g.strokeStyle = 'rgba(40, 40, 40, 0.6)';
    g.lineWidth = 1.5;
    g.stroke();
  }
  if (plan.hairline) {
    g.beginPath();
    plan.hairline.points.forEach(([x, y], i) => (i ? g.lineTo((x - x0) * s, (y - y0) * s) : g.moveTo((x - x0) * s, (y - y0) * s)));
    g.strokeStyle = '#1a1a1a';
    g.lineWidth = 3;
    g.stroke();
  }
  g.fillStyle = '#333';
  g.font = `${Math.round(14 * (px / 900))}px sans-serif`;
  g.fillText('1 cm grid · the treated area and the hairline, as on the studio’s stage', 8, c.height - 8);
  return c.convertToBlob({ type: 'image/png' });
}
