// smp-sim studio: one plan on a client's photo (or the built-in sample scalp), edited live, with the
// session/years timeline, before/after, the coverage chart and the touch-up forecast. The page is a thin
// adapter: the engine runs in a worker, the look of every dot on a day is the aging model evaluated on the
// GPU (the renderer's setAging: a few uniforms per frame), the renderer owns drawing, view.ts owns mm → px.
// Nothing here makes a network request; the project autosaves to this browser only.
import {
  DEFAULT_AGING,
  DEFAULT_SESSIONS,
  HAIRLINE_STYLE_DEFAULTS,
  PlanError,
  agingTables,
  defaultPlanInput,
  hairlinePoints,
  suggestedShades,
  validatePlan,
  type Dots,
  type HairlineStyle,
  type Plan,
  type PlanInput,
  type TouchUpForecast,
} from '../src/index.js';
import { ScalpRenderer, boundsOfPolygons, fitView, mmToPx, renderSampleScalp, type ScalpView } from '../src/render/index.js';
import { createEngine, isSuperseded } from '../workers/client.js';
import { dueLabel, onScrub, renderCoverageChart, setChartNow } from './chart.js';
import { loadPhoto, PhotoError } from './photo.js';
import { createAutosave, downloadProject, loadLocal, makeProject, parseProject, type ProjectUi } from './project.js';
import { dayAt, formatDay, phaseAt, positionOf } from './timeline.js';

const $ = <T extends Element>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`studio: #${id} is missing from index.html`);
  return el as unknown as T;
};

const HORIZON_DAYS = 3650;
/** Coverage chart samples: daily through the healing months, then weekly to year 10. */
const CHART_DAYS = Float64Array.from([
  ...Array.from({ length: 121 }, (_, i) => i),
  ...Array.from({ length: Math.floor((HORIZON_DAYS - 121) / 7) + 1 }, (_, i) => 121 + i * 7),
  HORIZON_DAYS,
]);

// ---------------------------------------------------------------- state
interface Background {
  kind: 'sample' | 'photo';
  source: CanvasImageSource & (HTMLCanvasElement | OffscreenCanvas | ImageBitmap);
  width: number;
  height: number;
  view: ScalpView;
  name: string;
}

const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
})();

let planInput: PlanInput = defaultPlanInput();
let plan: Plan = validatePlan(planInput);
let ui: ProjectUi = { day: 120, beforeAfter: false, split: 0.5 };
let dots: Dots | null = null;
/** The plan `dots` were simulated from (the edited plan may be ahead of them while the worker runs). */
let dotsPlan: Plan = plan;
let background: Background | null = null;
let forecast: TouchUpForecast | null = null;
let curve: { days: Float64Array; total: Float32Array } | null = null;
let lastSimMs = 0;

const engine = createEngine();
const autosave = storage
  ? createAutosave(storage, { onSave: (r) => r.ok || say(`Could not autosave: ${r.reason}`, 'error') })
  : null;

// ---------------------------------------------------------------- elements
const wrap = $<HTMLDivElement>('canvas-wrap');
const canvas = $<HTMLCanvasElement>('scalp');
const beforeCanvas = $<HTMLCanvasElement>('before');
const splitHandle = $<HTMLDivElement>('split-handle');
const overlay = $<SVGSVGElement>('overlay');
const chart = $<SVGSVGElement>('chart');
const daySlider = $<HTMLInputElement>('day');
const message = $<HTMLParagraphElement>('message');

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  message.textContent = text;
  message.className = `message ${kind === 'error' ? 'error' : ''}`;
}

// ---------------------------------------------------------------- renderer and camera
const renderer = await ScalpRenderer.create({
  canvas,
  width: Math.max(1, wrap.clientWidth),
  height: Math.max(1, wrap.clientHeight),
  resolution: Math.min(2, window.devicePixelRatio || 1),
});
/** Canvas CSS px = world px × zoom + (x, y). */
let camera = { zoom: 1, x: 0, y: 0 };

function fitCamera(): void {
  if (!background) return;
  const w = wrap.clientWidth;
  const h = wrap.clientHeight;
  const zoom = Math.min(w / background.width, h / background.height);
  camera = { zoom, x: (w - background.width * zoom) / 2, y: (h - background.height * zoom) / 2 };
  renderer.setCamera(camera);
  showZoom();
}

/** The zoom label: background (photo or sample) pixels per screen pixel, in %. */
function showZoom(): void {
  $<HTMLSpanElement>('zoom-label').textContent = `${Math.round(camera.zoom * 100)} %`;
}

function mmToCanvas(x: number, y: number): [number, number] {
  const [px, py] = mmToPx(background?.view ?? plainView(), x, y);
  return [px * camera.zoom + camera.x, py * camera.zoom + camera.y];
}

function plainView(): ScalpView {
  return { pxPerMm: 1, originX: 0, originY: 0, rotation: 0 };
}

function setBackground(bg: Background): void {
  background = bg;
  renderer.setBackground(bg.source);
  renderer.setView(bg.view);
  fitCamera();
  redraw();
}

function sampleBackground(): Background {
  const w = 1400;
  const h = 1100;
  const { canvas: c, view } = renderSampleScalp(w, h, { seed: 'studio', fitzpatrick: plan.skin.fitzpatrick });
  return { kind: 'sample', source: c, width: w, height: h, view, name: 'sample scalp' };
}

// ---------------------------------------------------------------- plan edits
/** Applies an edit to the user's plan document; an invalid result is shown and not applied. */
function edit(change: (p: PlanInput) => void): void {
  const next = structuredClone(planInput);
  change(next);
  let valid: Plan;
  try {
    valid = validatePlan(next);
  } catch (e) {
    if (e instanceof PlanError) {
      say(e.message, 'error');
      syncControls();
      return;
    }
    throw e;
  }
  const backgroundTone = plan.skin.fitzpatrick !== valid.skin.fitzpatrick;
  planInput = next;
  plan = valid;
  say('');
  if (backgroundTone && background?.kind === 'sample') setBackground(sampleBackground());
  syncControls();
  simulate();
  refreshOutlook();
  save();
}

function save(): void {
  autosave?.schedule(() => makeProject(planInput, ui));
}

async function simulate(): Promise<void> {
  const t0 = performance.now();
  const input = planInput;
  try {
    const d = await engine.simulate(input);
    if (input !== planInput) return; // a newer edit is on its way
    lastSimMs = performance.now() - t0;
    crashes = 0;
    if (/retrying/.test(message.textContent ?? '')) say('Recovered: the engine was restarted and your plan is unchanged.');
    dots = d;
    dotsPlan = plan;
    renderer.setDots(d);
    updateAppearance();
    drawStats();
    document.body.dataset.dots = String(d.count);
  } catch (e) {
    if (isSuperseded(e)) return;
    report(e);
  }
}

async function refreshOutlook(): Promise<void> {
  const input = planInput;
  try {
    const [c, f] = await Promise.all([engine.coverage(input, CHART_DAYS), engine.forecast(input)]);
    if (input !== planInput) return;
    curve = c;
    forecast = f;
    drawChart();
    drawStats();
    document.body.dataset.outlook = 'ready';
  } catch (e) {
    if (isSuperseded(e)) return;
    report(e);
  }
}

/** Engine crashes since the last good result: the first few retry on a fresh worker, then the studio stops and says so. */
let crashes = 0;
const MAX_CRASH_RETRIES = 2;

function report(e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'EngineCrashedError') {
    crashes++;
    if (crashes > MAX_CRASH_RETRIES) {
      say(`${err.message}. The engine stopped ${crashes} times on this plan; your plan is saved on this device. Undo the last change (Open… a saved copy) or lower the density, then edit to try again.`, 'error');
      crashes = 0;
      return;
    }
    say(`${err.message}. Your plan is safe; retrying…`, 'error');
    setTimeout(() => {
      simulate();
      refreshOutlook();
    }, 300);
    return;
  }
  say(err.message, 'error');
}

// ---------------------------------------------------------------- time
function day(): number {
  return ui.day ?? 120;
}

function setDay(d: number): void {
  ui.day = Math.min(HORIZON_DAYS, Math.max(0, d));
  daySlider.value = String(Math.round(positionOf(ui.day, HORIZON_DAYS) * 1000));
  updateAppearance();
  setChartNow(chart, ui.day);
  save();
}

function updateAppearance(): void {
  $<HTMLOutputElement>('day-label').textContent = formatDay(day());
  $<HTMLParagraphElement>('phase').textContent = phaseAt(plan, day(), DEFAULT_AGING);
  if (!dots) return;
  renderer.setAging(agingTables(dotsPlan, day(), DEFAULT_AGING), DEFAULT_AGING);
  redraw();
}

let playing = 0;
$<HTMLButtonElement>('play').addEventListener('click', () => {
  const button = $<HTMLButtonElement>('play');
  if (playing) {
    cancelAnimationFrame(playing);
    playing = 0;
    button.textContent = '▶';
    return;
  }
  button.textContent = '❚❚';
  let p = positionOf(day(), HORIZON_DAYS);
  if (p >= 0.999) p = 0;
  let last = performance.now();
  const step = (now: number) => {
    p = Math.min(1, p + (now - last) / 15_000); // the whole track in 15 s
    last = now;
    setDay(dayAt(p, HORIZON_DAYS));
    if (p < 1) playing = requestAnimationFrame(step);
    else {
      playing = 0;
      button.textContent = '▶';
    }
  };
  playing = requestAnimationFrame(step);
});
daySlider.addEventListener('input', () => setDay(dayAt(Number(daySlider.value) / 1000, HORIZON_DAYS)));
onScrub(chart, (d) => setDay(d));

// ---------------------------------------------------------------- drawing
let frame = 0;
function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderer.render();
    if (ui.beforeAfter) drawBefore();
    drawOverlay();
  });
}

/** The "before" half: the same frame without the dots, clipped to the left of the split. */
function drawBefore(): void {
  renderer.setDotsVisible(false);
  renderer.render();
  beforeCanvas.width = canvas.width;
  beforeCanvas.height = canvas.height;
  beforeCanvas.getContext('2d')!.drawImage(canvas, 0, 0);
  renderer.setDotsVisible(true);
  renderer.render();
  const split = (ui.split as number | undefined) ?? 0.5;
  beforeCanvas.style.clipPath = `inset(0 ${(1 - split) * 100}% 0 0)`;
  splitHandle.style.left = `${split * 100}%`;
}

function setBeforeAfter(on: boolean): void {
  ui.beforeAfter = on;
  beforeCanvas.hidden = !on;
  splitHandle.hidden = !on;
  $<HTMLInputElement>('before-after').checked = on;
  redraw();
  save();
}

const SVG = 'http://www.w3.org/2000/svg';
/** Fingers need bigger handles than a mouse does. */
const coarsePointer = window.matchMedia('(pointer: coarse)');

function drawOverlay(): void {
  const show = $<HTMLInputElement>('show-hairline').checked;
  overlay.replaceChildren();
  overlay.setAttribute('viewBox', `0 0 ${wrap.clientWidth} ${wrap.clientHeight}`);
  if (!show) return;
  for (const r of plan.regions) {
    const poly = document.createElementNS(SVG, 'polygon');
    poly.setAttribute('class', 'region');
    poly.setAttribute('points', r.points.map(([x, y]) => mmToCanvas(x, y).join(',')).join(' '));
    overlay.append(poly);
  }
  const hl = planInput.hairline;
  if (!hl) return;
  const path = document.createElementNS(SVG, 'polyline');
  path.setAttribute('class', 'curve');
  path.setAttribute('points', hl.points.map(([x, y]) => mmToCanvas(x, y).join(',')).join(' '));
  overlay.append(path);
  hl.points.forEach(([x, y], i) => {
    const [cx, cy] = mmToCanvas(x, y);
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('class', 'handle');
    c.setAttribute('cx', String(cx));
    c.setAttribute('cy', String(cy));
    c.setAttribute('r', coarsePointer.matches ? '12' : '7');
    c.dataset.index = String(i);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `Hairline point ${i + 1}: drag to move`;
    c.append(title);
    overlay.append(c);
  });
}

// ---------------------------------------------------------------- pointer: hairline handles, pan, zoom, align
let drag: { kind: 'handle'; index: number } | { kind: 'pan' | 'align'; x: number; y: number } | { kind: 'split' } | null = null;

function canvasPoint(e: PointerEvent | WheelEvent): [number, number] {
  const r = wrap.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

// Two fingers on a tablet pinch-zoom and pan, as the wheel and a drag do with a mouse.
const touches = new Map<number, [number, number]>();
let pinch: { dist: number; mid: [number, number] } | null = null;

function pinchState(): { dist: number; mid: [number, number] } {
  const [a, b] = [...touches.values()] as [[number, number], [number, number]];
  return { dist: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
}

wrap.addEventListener('pointerdown', (e) => {
  if (e.pointerType === 'touch') {
    touches.set(e.pointerId, canvasPoint(e));
    if (touches.size === 2) {
      // a second finger turns whatever the first began into a pinch (a handle edit already applied stays)
      drag = null;
      pendingHandle = null;
      pinch = pinchState();
      e.preventDefault();
      return;
    }
    if (touches.size > 2) return;
  }
  const target = e.target as Element;
  if (target === splitHandle) drag = { kind: 'split' };
  else if (target.classList.contains('handle')) drag = { kind: 'handle', index: Number((target as SVGElement).dataset.index) };
  else drag = { kind: $<HTMLInputElement>('align-mode').checked ? 'align' : 'pan', x: e.clientX, y: e.clientY };
  wrap.setPointerCapture(e.pointerId);
  e.preventDefault();
});

let pendingHandle: { index: number; mm: [number, number] } | null = null;
wrap.addEventListener('pointermove', (e) => {
  if (touches.has(e.pointerId)) touches.set(e.pointerId, canvasPoint(e));
  if (pinch && touches.size === 2) {
    const now = pinchState();
    // what was under the fingers' midpoint stays under it: scale about the old midpoint, then follow it
    zoomAbout(pinch.mid[0], pinch.mid[1], now.dist / Math.max(1, pinch.dist), now.mid[0] - pinch.mid[0], now.mid[1] - pinch.mid[1]);
    pinch = now;
    return;
  }
  if (!drag) return;
  if (drag.kind === 'split') {
    const [x] = canvasPoint(e);
    ui.split = Math.min(1, Math.max(0, x / wrap.clientWidth));
    redraw();
  } else if (drag.kind === 'handle') {
    const [cx, cy] = canvasPoint(e);
    const mm = renderer.canvasToMm(cx, cy);
    const first = !pendingHandle;
    pendingHandle = { index: drag.index, mm: [round2(mm[0]), round2(mm[1])] };
    if (first)
      requestAnimationFrame(() => {
        const h = pendingHandle;
        pendingHandle = null;
        if (h) edit((p) => void (p.hairline!.points[h.index] = h.mm));
      });
  } else {
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    drag.x = e.clientX;
    drag.y = e.clientY;
    if (drag.kind === 'pan') {
      camera = { ...camera, x: camera.x + dx, y: camera.y + dy };
      renderer.setCamera(camera);
    } else if (background) {
      background.view = { ...background.view, originX: background.view.originX + dx / camera.zoom, originY: background.view.originY + dy / camera.zoom };
      renderer.setView(background.view);
    }
    redraw();
  }
});
const endDrag = (e: PointerEvent) => {
  touches.delete(e.pointerId);
  if (pinch) {
    if (touches.size < 2) pinch = null;
    return;
  }
  if (drag?.kind === 'split') save();
  drag = null;
};
wrap.addEventListener('pointerup', endDrag);
wrap.addEventListener('pointercancel', endDrag);

wrap.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const [cx, cy] = canvasPoint(e);
    zoomAbout(cx, cy, Math.exp(-e.deltaY * 0.0015));
  },
  { passive: false },
);

/**
 * Scales by f about canvas point (cx, cy), then moves by (dx, dy) canvas px: the camera, or in "Align map to
 * photo" mode the plan on the photo.
 */
function zoomAbout(cx: number, cy: number, f: number, dx = 0, dy = 0): void {
  if ($<HTMLInputElement>('align-mode').checked && background) {
    // scale the scalp map about the pointer, in background pixels
    const wx = (cx - camera.x) / camera.zoom;
    const wy = (cy - camera.y) / camera.zoom;
    const v = background.view;
    background.view = {
      ...v,
      pxPerMm: v.pxPerMm * f,
      originX: wx + (v.originX - wx) * f + dx / camera.zoom,
      originY: wy + (v.originY - wy) * f + dy / camera.zoom,
    };
    renderer.setView(background.view);
  } else {
    camera = { zoom: camera.zoom * f, x: cx + (camera.x - cx) * f + dx, y: cy + (camera.y - cy) * f + dy };
    renderer.setCamera(camera);
  }
  showZoom();
  redraw();
}

new ResizeObserver(() => {
  renderer.resize(Math.max(1, wrap.clientWidth), Math.max(1, wrap.clientHeight));
  fitCamera();
  redraw();
}).observe(wrap);

// ---------------------------------------------------------------- controls
const bind = <T extends HTMLInputElement | HTMLSelectElement>(id: string, on: (el: T) => void, event = 'input') =>
  $<T>(id).addEventListener(event, (e) => on(e.currentTarget as T));

bind<HTMLSelectElement>(
  'hairline-style',
  (el) =>
    edit((p) => {
      if (el.value === 'none') p.hairline = null;
      else {
        const style = el.value as HairlineStyle;
        p.hairline = { style, points: hairlinePoints(style), needlePoints: 1 };
      }
    }),
  'change',
);
bind<HTMLInputElement>('transition', (el) => edit((p) => p.hairline && (p.hairline.transitionMm = Number(el.value))));
bind<HTMLInputElement>('irregularity', (el) => edit((p) => p.hairline && (p.hairline.irregularity = Number(el.value))));
bind<HTMLInputElement>('density', (el) => edit((p) => (p.density = { ...p.density, target: Number(el.value) })));
bind<HTMLInputElement>('noise', (el) =>
  edit((p) => (p.density = { ...p.density, noise: { scaleMm: 6, ...p.density?.noise, amplitude: Number(el.value) } })),
);
bind<HTMLInputElement>('cluster', (el) =>
  edit((p) => (p.density = { ...p.density, clustering: { spreadMm: 0.5, ...p.density?.clustering, share: Number(el.value) } })),
);
bind<HTMLInputElement>('seed', (el) => el.value && edit((p) => (p.seed = el.value)), 'change');
bind<HTMLSelectElement>('sessions', (el) => edit((p) => (p.sessions = sessionsFor(Number(el.value), spacing(p), p))), 'change');
bind<HTMLInputElement>('spacing', (el) => edit((p) => (p.sessions = sessionsFor(p.sessions?.length ?? 3, Number(el.value), p))));
bind<HTMLSelectElement>(
  'touchup',
  (el) => edit((p) => (p.touchUps = el.value === '0' ? [] : el.value.split(',').map((y) => ({ year: Number(y) })))),
  'change',
);
bind<HTMLSelectElement>(
  'fitzpatrick',
  (el) =>
    edit((p) => {
      p.skin = { ...p.skin, fitzpatrick: Number(el.value) };
      p.sessions = sessionsFor(p.sessions?.length ?? 3, spacing(p), p);
    }),
  'change',
);
bind<HTMLSelectElement>('dryness', (el) => edit((p) => (p.skin = { ...p.skin, dryness: el.value as Plan['skin']['dryness'] })), 'change');
bind<HTMLSelectElement>('sun', (el) => edit((p) => (p.skin = { ...p.skin, sun: el.value as Plan['skin']['sun'] })), 'change');
bind<HTMLSelectElement>(
  'pigment',
  (el) => edit((p) => (p.pigment = { ...p.pigment, kind: el.value as Plan['pigment']['kind'] })),
  'change',
);
bind<HTMLSelectElement>(
  'hair-color',
  (el) =>
    edit((p) => {
      p.hairColor = el.value as Plan['hairColor'];
      p.sessions = sessionsFor(p.sessions?.length ?? 3, spacing(p), p);
    }),
  'change',
);
bind<HTMLInputElement>('before-after', (el) => setBeforeAfter(el.checked), 'change');
bind<HTMLInputElement>('align-mode', () => syncAlignTools(), 'change');
bind<HTMLInputElement>('tilt', (el) => adjustView({ squash: Number(el.value) }));
bind<HTMLInputElement>('turn', (el) => adjustView({ rotation: (Number(el.value) * Math.PI) / 180 }));

/** Changes the map's placement on the background about the hairline's midpoint (mm origin stays put). */
function adjustView(change: Partial<ScalpView>): void {
  if (!background) return;
  background.view = { ...background.view, ...change };
  renderer.setView(background.view);
  redraw();
}

function syncAlignTools(): void {
  const on = $<HTMLInputElement>('align-mode').checked;
  $<HTMLSpanElement>('align-tools').hidden = !on;
  if (!background) return;
  $<HTMLInputElement>('tilt').value = String(background.view.squash ?? 1);
  $<HTMLInputElement>('turn').value = String((background.view.rotation * 180) / Math.PI);
}
bind<HTMLInputElement>('show-hairline', () => redraw(), 'change');
$<HTMLButtonElement>('fit').addEventListener('click', () => {
  fitCamera();
  redraw();
});

function spacing(p: PlanInput): number {
  const s = p.sessions;
  return s && s.length > 1 ? s[1]!.day - s[0]!.day : DEFAULT_SESSIONS[1]!.day;
}

/** n sessions `gap` days apart: the documented 30/70/100 % for three, an even ramp otherwise; shades for the skin and hair. */
function sessionsFor(n: number, gap: number, p: PlanInput): NonNullable<PlanInput['sessions']> {
  const shades = suggestedShades(p.skin?.fitzpatrick ?? 3, p.hairColor ?? 'black', n);
  const cumulative = n === 3 ? DEFAULT_SESSIONS.map((s) => s.cumulative) : Array.from({ length: n }, (_, i) => (i + 1) / n);
  const old = p.sessions ?? [];
  return Array.from({ length: n }, (_, i) => ({
    day: i * gap,
    cumulative: cumulative[i]!,
    shade: shades[i]!,
    needleMm: old[i]?.needleMm ?? DEFAULT_SESSIONS[0]!.needleMm,
    needlePoints: old[i]?.needlePoints ?? DEFAULT_SESSIONS[0]!.needlePoints,
  }));
}

function syncControls(): void {
  const set = (id: string, v: string | number) => ($<HTMLInputElement>(id).value = String(v));
  const out = (id: string, v: string) => ($<HTMLOutputElement>(id).textContent = v);
  const hl = plan.hairline;
  set('hairline-style', hl ? hl.style : 'none');
  for (const id of ['transition', 'irregularity']) $<HTMLInputElement>(id).disabled = !hl;
  if (hl) {
    set('transition', hl.transitionMm);
    set('irregularity', hl.irregularity);
    out('transition-out', `${hl.transitionMm} mm`);
    out('irregularity-out', hl.irregularity.toFixed(2));
  } else {
    out('transition-out', '–');
    out('irregularity-out', '–');
  }
  set('density', plan.density.target);
  out('density-out', `${plan.density.target} /cm²`);
  set('noise', plan.density.noise.amplitude);
  out('noise-out', `±${Math.round(plan.density.noise.amplitude * 100)} %`);
  set('cluster', plan.density.clustering.share);
  out('cluster-out', `${Math.round(plan.density.clustering.share * 100)} %`);
  set('seed', plan.seed);
  set('sessions', plan.sessions.length);
  const gap = plan.sessions.length > 1 ? plan.sessions[1]!.day - plan.sessions[0]!.day : 14;
  set('spacing', gap);
  out('spacing-out', `${gap} days`);
  const tu = plan.touchUps.map((t) => t.year).join(',');
  set('touchup', tu === '' ? '0' : tu);
  set('fitzpatrick', plan.skin.fitzpatrick);
  set('dryness', plan.skin.dryness);
  set('sun', plan.skin.sun);
  set('pigment', plan.pigment.kind);
  set('hair-color', plan.hairColor);
  void HAIRLINE_STYLE_DEFAULTS;
}

function drawChart(): void {
  if (!curve || !forecast) return;
  const box = chart.getBoundingClientRect();
  renderCoverageChart(
    chart,
    {
      days: curve.days,
      total: curve.total,
      now: day(),
      dueDay: forecast.dueDay,
      threshold: forecast.settledCoverage * forecast.threshold,
      sessions: plan.sessions.map((s) => s.day),
      touchUps: plan.touchUps.map((t) => t.year * 365),
    },
    {
      width: Math.max(320, Math.round(box.width)),
      height: Math.max(120, Math.round(box.height)),
      years: HORIZON_DAYS / 365,
      // the same stretched start as the slider above it, so healing weeks are readable
      timeScale: { toUnit: (d) => positionOf(d, HORIZON_DAYS), fromUnit: (u) => dayAt(u, HORIZON_DAYS) },
    },
  );
}

function drawStats(): void {
  const dl = $<HTMLDListElement>('stats');
  const rows: [string, string][] = [];
  if (dots) {
    rows.push(['Dots', dots.count.toLocaleString('en')]);
    dots.stats.perLayer.forEach((n, i) =>
      rows.push([i < plan.sessions.length ? `  session ${i + 1}` : `  touch-up ${i - plan.sessions.length + 1}`, n.toLocaleString('en')]),
    );
    rows.push(['Treated area', `${dots.stats.areaCm2.toFixed(0)} cm²`]);
    rows.push(['Achieved density', `${dots.stats.densityPerCm2.toFixed(1)} /cm²`]);
    rows.push(['Simulated in', `${lastSimMs.toFixed(0)} ms (worker)`]);
  }
  if (forecast) rows.push(['Touch-up', dueLabel(forecast.dueDay)]);
  dl.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

// ---------------------------------------------------------------- files: project and photo
$<HTMLButtonElement>('new-project').addEventListener('click', () => {
  if (!confirm('Start a new project from the sample plan? The current plan is replaced (save it first if you need it).')) return;
  openProject(defaultPlanInput(), { day: 120, beforeAfter: false, split: 0.5 });
});
$<HTMLButtonElement>('save-project').addEventListener('click', () => {
  const name = downloadProject(makeProject(planInput, ui), `smp-plan-${plan.seed}`);
  say(`Saved ${name} to your downloads (the photo is not included).`);
});
bind<HTMLInputElement>(
  'open-project',
  async (el) => {
    const file = el.files?.[0];
    el.value = '';
    if (!file) return;
    try {
      const p = parseProject(await file.text(), file.name);
      openProject(p.plan, { ...ui, ...p.ui });
      say(`Opened ${file.name}.`);
    } catch (e) {
      say(e instanceof Error ? e.message : String(e), 'error');
    }
  },
  'change',
);
bind<HTMLInputElement>(
  'open-photo',
  async (el) => {
    const file = el.files?.[0];
    el.value = '';
    if (!file) return;
    say(`Loading ${file.name}…`);
    try {
      const photo = await loadPhoto(file);
      const bounds = boundsOfPolygons([...plan.regions.map((r) => r.points), ...(plan.hairline ? [plan.hairline.points] : [])]);
      // first guess for a head-and-shoulders portrait: the plan over the top of the head (the middle 40% of
      // the width, 5–28% of the height), foreshortened as a frontal photo sees it; "Align map to photo",
      // Tilt and Turn refine it
      const view = fitView(bounds, photo.width * 0.4, photo.height * 0.23, 0, 0, 0.45);
      view.originX += photo.width * 0.3;
      view.originY += photo.height * 0.05;
      setBackground({ kind: 'photo', source: photo.bitmap, width: photo.width, height: photo.height, view, name: file.name });
      $<HTMLInputElement>('align-mode').checked = true;
      syncAlignTools();
      say(`${photo.message ? `${photo.message} ` : ''}Drag to move the plan onto the scalp, scroll to scale it, set Tilt and Turn, then untick "Align map to photo". The photo stays on this device and is not saved in the project.`);
    } catch (e) {
      say(e instanceof PhotoError ? e.message : `Could not open ${file.name}: ${e instanceof Error ? e.message : e}`, 'error');
    }
  },
  'change',
);
$<HTMLButtonElement>('use-sample').addEventListener('click', () => setBackground(sampleBackground()));

function openProject(p: PlanInput, u: ProjectUi): void {
  const valid = validatePlan(p);
  planInput = structuredClone(p);
  plan = valid;
  ui = { ...u };
  if (background?.kind !== 'photo') setBackground(sampleBackground());
  else redraw();
  syncControls();
  setBeforeAfter(!!ui.beforeAfter);
  setDay(day());
  simulate();
  refreshOutlook();
  save();
}

window.addEventListener('pagehide', () => autosave?.flush());
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && autosave?.flush());

// ---------------------------------------------------------------- start
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

const restored = storage ? loadLocal(storage) : { project: null, reason: null };
if (restored.reason) say(restored.reason, 'error');
let start = { plan: defaultPlanInput(), ui };
if (restored.project) {
  try {
    validatePlan(restored.project.plan);
    start = { plan: restored.project.plan, ui: { ...ui, ...restored.project.ui } };
  } catch (e) {
    say(`The autosaved plan could not be opened (${e instanceof Error ? e.message : e}); showing the sample plan.`, 'error');
  }
}
openProject(start.plan, start.ui);
/** For the end-to-end test and the console: the studio's current state. */
(window as unknown as { smpStudio: unknown }).smpStudio = {
  get dots() {
    return dots;
  },
  get plan() {
    return plan;
  },
  get forecast() {
    return forecast;
  },
  get camera() {
    return camera;
  },
  setDay,
  edit,
};
