// The client's report renders from one snapshot of the project (issue 23, item 11): switching designs while its
// pictures are being made changes nothing in it — captions, pictures, plan summary, schedule and estimate are all
// of the design that was active when the report was asked for.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultPlanInput, simulate, validatePlan, type Dots, type Plan } from '../src/index.js';
import { touchUpCost } from '../src/consult/index.js';
import { fitHead } from '../src/head/model.js';
import { headProjection } from '../src/head/projection.js';
import { lookMap } from '../src/render/photo-look.js';
import { ScalpRenderer } from '../src/render/index.js';
import type { ReportData } from '../examples/consult/report-data.js';
import { chosenBook, scheduleFor, validateConsult, type ConsultSettings } from '../examples/app/consult-state.js';
import { switchDesign } from '../examples/app/designs.js';
import { buildReport } from '../examples/app/report-ui.js';
import type { Stage } from '../examples/app/stage.js';
import { defaultUi, Studio } from '../examples/app/state.js';
import { syntheticObservation, truthFit } from './helpers/synthetic-head.js';

// the PDF itself is tested elsewhere: here, what goes into it
const made: ReportData[] = [];
vi.mock('../examples/consult/report.js', () => ({
  makeReport: async (data: ReportData) => {
    made.push(data);
    return new Blob(['%PDF'], { type: 'application/pdf' });
  },
}));

const renderers: ScalpRenderer[] = [];
afterEach(() => {
  while (renderers.length) renderers.pop()!.destroy();
});

const W = 600;
const H = 750;

async function scene() {
  const obs = syntheticObservation(truthFit({ width: W, height: H, pxPerMm: 1.6, glabella: [300, 420] }));
  const fit = fitHead(obs);
  const photo = new OffscreenCanvas(W, H);
  const g = photo.getContext('2d')!;
  g.fillStyle = 'rgb(40, 48, 70)';
  g.fillRect(0, 0, W, H);
  g.fillStyle = 'rgb(214, 170, 140)';
  g.beginPath();
  g.ellipse(obs.outline!.cx, (obs.outline!.cy - obs.outline!.ry + obs.face!.chin[1]) / 2, obs.outline!.rx, (obs.face!.chin[1] - obs.outline!.cy + obs.outline!.ry) / 2, 0, 0, 2 * Math.PI);
  g.fill();
  const r = await ScalpRenderer.create({ width: 320, height: 240, background: '#000000' });
  renderers.push(r);
  r.setBackground(photo);
  r.fitToBackground();
  r.setProjection(headProjection(fit));
  r.setPhotoLook({ map: lookMap(fit, W, H, {}), blurPx: 0.6, stubble: null });
  const stage = { renderer: r, background: { kind: 'photo' }, projection: headProjection(fit), redraw: () => {} } as unknown as Stage;
  const studio = new Studio({ plan: defaultPlanInput(), align: null });
  const a = { ...defaultPlanInput('design-a'), density: { ...defaultPlanInput().density, target: 100 } };
  const b = { ...defaultPlanInput('design-b'), density: { ...defaultPlanInput().density, target: 35 } };
  const consult = validateConsult({ client: 'Snapshot Client', start: '2027-01-04', timeZone: 'UTC' });
  studio.open({ plan: a, align: null, name: 'Design A', designs: [{ name: 'Design B', plan: b }], consult, head: fit }, defaultUi());
  return { studio, stage, obs };
}

/** The report's inputs as the studio gives them; `during` runs at the first simulation (while the report is being made). */
function deps(s: Awaited<ReturnType<typeof scene>>, during: () => void) {
  let first = true;
  return {
    studio: s.studio,
    stage: s.stage,
    results: { dots: null, dotsPlan: null, forecast: null, curve: null, simMs: 0 },
    simulate: async (p: unknown): Promise<Dots> => {
      if (first) {
        first = false;
        during();
      }
      await new Promise((r) => setTimeout(r, 0));
      return simulate(p as Parameters<typeof simulate>[0]);
    },
    forecast: async (p = s.studio.doc.plan, c: ConsultSettings = s.studio.doc.consult!) => touchUpCost(validatePlan(p), await chosenBook(c), { years: [5, 10] }),
    schedule: (plan: Plan = s.studio.plan, c: ConsultSettings = s.studio.doc.consult!, dots: Dots | null = null) => scheduleFor(plan, c, dots),
    observation: () => s.obs,
  };
}

const bytes = async (d: ReportData) => Promise.all((d.images ?? []).map(async (im) => new Uint8Array(await (im.image as Blob).arrayBuffer())));

describe('the report’s snapshot', () => {
  it('switching designs while the report is made changes nothing in it: same captions, pictures, summary, schedule and estimate', async () => {
    const s = await scene();
    made.length = 0;
    await buildReport(deps(s, () => {}));
    const calm = made.pop()!;
    await buildReport(
      deps(s, () => {
        // the user clicks "Use" on design B while the pictures render
        expect(s.studio.edit((d) => switchDesign(d, 0))).toBeNull();
      }),
    );
    const busy = made.pop()!;
    expect(s.studio.doc.name).toBe('Design B'); // the switch did happen, during the report
    expect(busy.images!.map((i) => i.caption)).toEqual(calm.images!.map((i) => i.caption));
    expect(busy.images!.map((i) => i.caption)).toContain('Design A (chosen), year 1');
    expect(busy.plan).toEqual(calm.plan);
    expect(busy.schedule).toEqual(calm.schedule);
    expect(busy.estimate).toEqual(calm.estimate);
    expect(busy.forecast).toEqual(calm.forecast);
    const [a, b] = [await bytes(calm), await bytes(busy)];
    a.forEach((im, i) => expect(b[i], calm.images![i]!.caption).toEqual(im));
  });
});
