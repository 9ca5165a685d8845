// smp-sim studio — the table of contents. One plan on a client's photo (or the built-in sample scalp), edited
// live, with the session/years timeline, before/after, the coverage chart and the touch-up forecast.
//   app/state.ts        the one state object: edit(change) → validate → undo step → notify
//   app/history.ts      undo/redo
//   app/stage.ts        renderer, camera, gestures, before/after; its projection is the one place mm → px
//   app/head-ui.ts      the plan on the client's own head: face, scale, fitted head, look, ruler, PNG export
//   app/head3d-ui.ts    the 3D view: the fitted (or mean) head from a virtual camera, orbited, the same dots
//   app/face-status.ts  "Finding the face…" on a new photo, the plan hidden until the head is fitted
//   app/overlay.ts      regions and hairline handles over the stage
//   app/regions-ui.ts   region tools (vertices, whole regions) and the region list; app/brush-ui.ts brush and eraser
//   edit/               the pure plan edits all of these make (regions, brush strokes, hairline, sessions)
//   app/controls.ts     the control panel, from one table
//   app/sessions-ui.ts  per-session and touch-up lists
//   app/timeline-ui.ts  day slider, play, phase text, chart, stats
//   app/fade-ui.ts      the area that fades first, as a map of due years on the stage
//   app/designs-ui.ts   two or three designs, compared side by side on the same photo and day
//   app/consult-ui.ts   the consultation: stage, concern, schedule and aftercare, price, forecast
//   app/report-ui.ts    the client's PDF report (report-pictures.ts: cut to the head); app/records-ui.ts records
//   app/engine-link.ts  the engine worker: simulate, coverage, forecast, crash recovery
//   app/persist.ts      autosave (IndexedDB), the kept photo, tabs; app/io.ts files in and out
//   app/shell.ts        the page around it: buttons, keys, messages, photo and project flows
// Nothing here makes a network request.
import { defaultPlanInput } from '../src/index.js';
import { mountControls } from './app/controls.js';
import { mountDesigns } from './app/designs-ui.js';
import { mountConsult } from './app/consult-ui.js';
import { mountRecords } from './app/records-ui.js';
import { createEngine } from '../workers/client.js';
import { createConsultEngine } from '../workers/consult-client.js';
import { mountFade } from './app/fade-ui.js';
import { buildReport, reportSchedule } from './app/report-ui.js';
import { clinicalPictures } from './app/clinical-pictures.js';
import { linkEngine } from './app/engine-link.js';
import { mountOverlay } from './app/overlay.js';
import { followHairline } from './app/head-plan.js';
import { addHandle, moveHandle, removeHandle } from './edit/index.js';
import { mountRegions } from './app/regions-ui.js';
import { mountSessions } from './app/sessions-ui.js';
import { mountShell, $ } from './app/shell.js';
import { Stage } from './app/stage.js';
import { Studio, defaultUi } from './app/state.js';
import { mountBrush } from './app/brush-ui.js';
import { mountHead } from './app/head-ui.js';
import { mountFaceStatus } from './app/face-status.js';
import { mountHead3d } from './app/head3d-ui.js';
import { CHART_DAYS, mountTimeline } from './app/timeline-ui.js';
import { registerServiceWorkerWhenIdle } from './app/pwa-register.js';
import { whenIdle } from './app/idle.js';

const studio = new Studio({ plan: defaultPlanInput(), align: null }, defaultUi());
const say = (text: string, kind: 'info' | 'error' = 'info') => {
  const m = $<HTMLParagraphElement>('message');
  m.textContent = text;
  m.className = `message ${kind === 'error' ? 'error' : ''}`;
};

const stage = await Stage.create(
  { wrap: $('canvas-wrap'), canvas: $('scalp'), before: $('before'), split: $('split-handle'), zoomLabel: $('zoom-label') },
  studio,
);
const hairlineEdit = (fn: Parameters<Studio['edit']>[0], group: string | null = null) => {
  const err = studio.edit(fn, group);
  if (err) say(err.message, 'error');
  if (!group) studio.seal();
  return !err;
};
const overlay = mountOverlay($('overlay'), stage, studio, {
  move: (i, mm) =>
    hairlineEdit((d) => {
      const before = d.plan.hairline?.points;
      d.plan = moveHandle(d.plan, i, mm, { mirror: studio.ui.mirror });
      // on a fitted photo the treated area's front follows the line (issue 18)
      if (d.head && before && d.plan.hairline) d.plan.regions = followHairline(d.plan.regions, before, d.plan.hairline.points);
    }, 'hairline:drag'),
  add: (mm) => {
    const tol = 12 / stage.pxPerMmOnScreen();
    const r = addHandle(studio.doc.plan, mm, { mirror: studio.ui.mirror, toleranceMm: tol });
    return !!r && hairlineEdit((d) => (d.plan = r.plan));
  },
  remove: (i) => hairlineEdit((d) => (d.plan = removeHandle(d.plan, i, { mirror: studio.ui.mirror }))),
});
const regions = mountRegions(stage, studio, say);
mountBrush($('overlay'), stage, studio, say);
const controls = mountControls($('controls'), studio, say);
const sessions = mountSessions($('sessions-panel'), studio, say);
const designs = await mountDesigns(stage, studio, say);

let started = false;
const link = linkEngine(studio, CHART_DAYS, {
  onDots: (r) => {
    const t0 = performance.now();
    stage.renderer.setDots(r.dots!); // uploads, and on a fitted photo projects every dot through the head
    timeline.showDay();
    timeline.drawStats();
    stage.redraw();
    document.body.dataset.dots = String(r.dots!.count);
    if (!started) {
      started = true;
      registerServiceWorkerWhenIdle(say);
      setTimeout(() => whenIdle(() => head.prepare()), 3000);
    }
    // main-thread time of taking a plan edit's dots (bench/studio.ts reads these)
    performance.measure('smp:dots', { start: t0, end: performance.now() });
  },
  onOutlook: () => {
    timeline.drawChart();
    timeline.drawStats();
    document.body.dataset.outlook = 'ready';
  },
  say,
});
const timeline = mountTimeline(
  { slider: $('day'), play: $('play'), dayLabel: $('day-label'), phase: $('phase'), chart: $('chart'), stats: $('stats') },
  stage,
  studio,
  link.results,
);

const head = mountHead($('overlay'), stage, studio, say, (deg) => shell.rotatePhoto(deg));
// the face models load while the user picks a photo (or a few seconds after the start, when idle)
$('open-photo-button').addEventListener('click', () => head.prepare());
$('canvas-wrap').addEventListener('dragenter', () => head.prepare());
mountFaceStatus(stage, studio);
mountHead3d(stage, studio, link.results, () => head.observation, say);
const shell = await mountShell({ studio, stage, say, link, onPhoto: (bg, fresh) => void head.analyse(bg, fresh) });
const consultWorker = createConsultEngine();
const consult = mountConsult($('consult-panel'), studio, link.results, say, consultWorker);
mountFade($('overlay'), stage, studio, consultWorker, say);
let reportEngine: ReturnType<typeof createEngine> | null = null; // its own worker: never supersedes the stage's
mountRecords(consult.host, {
  clientName: consult.clientName,
  current: () => ({ doc: studio.doc, photo: shell.photo() }),
  open: shell.openDoc,
  forget: shell.forgetClient,
  report: (record) =>
    buildReport({ studio, stage, results: link.results, simulate: (p) => (reportEngine ??= createEngine()).simulate(p), forecast: consult.forecast, schedule: reportSchedule, observation: () => head.observation, record }),
  clinical: {
    ...clinicalPictures({ studio, stage, results: link.results, simulate: (p) => (reportEngine ??= createEngine()).simulate(p), observation: () => head.observation }),
    subscribe: (fn) => void studio.subscribe(fn),
  },
  say,
});

// one subscription keeps every view in step with the state, whatever changed it (edit, undo, open)
studio.subscribe((c) => {
  if (c.plan || c.cause === 'open') {
    controls.sync();
    sessions.sync();
    regions.sync();
    timeline.showDay();
  }
  if (c.align) {
    stage.applyView();
    if (c.cause === 'undo' || c.cause === 'redo' || c.cause === 'open') head.applyLook();
  }
  if (c.ui) {
    head.refreshLook();
    timeline.showDay();
    stage.syncBeforeAfter();
  }
  if (c.designs || c.ui || c.cause === 'open') designs.sync();
  if (c.plan || c.designs || c.cause === 'open') consult.sync();
  if (c.plan && c.cause !== 'edit') say(c.cause === 'undo' ? 'Undone.' : c.cause === 'redo' ? 'Redone.' : '');
  else if (c.plan) say('');
  shell.sync();
  head.sync();
  // a plan edit alone changes nothing drawn by WebGL until its dots come (onDots redraws): the overlay only
  if (c.plan && !c.ui && !c.align && !c.designs && c.cause === 'edit') stage.redrawOverlay();
  else stage.redraw();
  void overlay;
});

await shell.start();
