// A small SVG line chart of coverage over the years: no dependencies, no fonts or files from anywhere.
// renderCoverageChart redraws everything (a few hundred points: well under a millisecond); setChartNow
// moves only the cursor, for scrubbing. Presentation attributes give sane colours; CSS classes
// (smp-chart-*) override them.

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Days per year on the chart's axis (the aging model counts 365). */
export const DAYS_PER_YEAR = 365;

/** What the chart shows. Days count from the first session; coverage is 0–1 (shown as %). */
export interface CoverageChartData {
  /** Sample days, ascending. */
  days: ArrayLike<number>;
  /** Total coverage at each sample day. */
  total: ArrayLike<number>;
  /** Optional per-region curves, same sample days. */
  perRegion?: { name: string; values: ArrayLike<number> }[];
  /** The timeline's current day (the cursor). */
  now: number;
  /** Day a touch-up falls due (from touchUpForecast), or null if none within the forecast. */
  dueDay: number | null;
  /** Coverage level (0–1, absolute: threshold × settled coverage) below which a touch-up is due; null hides the line. */
  threshold: number | null;
  /** Days of the treatment sessions. */
  sessions: ArrayLike<number>;
  /** Days of planned touch-ups. */
  touchUps: ArrayLike<number>;
  /** Aftercare and expected reactions as day ranges (drawn as thin bands along the top, one row per kind). */
  bands?: { from: number; to: number; kind: 'avoid' | 'care' | 'reaction'; title: string }[];
}

/** Size and scales. */
export interface ChartOptions {
  /** Pixels (the SVG's viewBox; CSS may scale it). */
  width: number;
  height: number;
  /** Years on the x axis, from 0. Default 10. */
  years?: number;
  /** A non-linear time axis: share 0–1 of the plot width at a day, and its inverse (default linear in years). */
  timeScale?: { toUnit(day: number): number; fromUnit(unit: number): number };
  /** Top of the y axis as coverage 0–1; default: just above the highest curve, in steps of 10 %. */
  yMax?: number;
}

/** Where things are: plot rectangle and the mappings between days, coverage and viewBox x/y. */
export interface ChartLayout {
  width: number;
  height: number;
  /** Plot rectangle in viewBox units. */
  left: number;
  top: number;
  right: number;
  bottom: number;
  maxDay: number;
  yMax: number;
  /** viewBox x of a day. */
  x(day: number): number;
  /** viewBox y of a coverage 0–1. */
  y(coverage: number): number;
  /** Day at a viewBox x, clamped to 0…maxDay. */
  day(x: number): number;
}

interface ChartState {
  layout: ChartLayout;
  data: CoverageChartData;
  cursor: SVGLineElement;
  title: SVGTitleElement;
}

const charts = new WeakMap<SVGSVGElement, ChartState>();

function el<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const k in attrs) e.setAttribute(k, String(attrs[k]));
  if (text !== undefined) e.textContent = text;
  parent.append(e);
  return e;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Coverage at a day, interpolated linearly between samples (clamped at the ends); NaN without samples. */
export function valueAt(days: ArrayLike<number>, values: ArrayLike<number>, day: number): number {
  const n = Math.min(days.length, values.length);
  if (n === 0) return NaN;
  if (day <= days[0]!) return values[0]!;
  if (day >= days[n - 1]!) return values[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid;
    else hi = mid;
  }
  const t = (day - days[lo]!) / (days[hi]! - days[lo]! || 1);
  return values[lo]! + t * (values[hi]! - values[lo]!);
}

/** "touch-up due ~year 4.3", or a line saying none falls due within the forecast. */
export function dueLabel(dueDay: number | null): string {
  return dueDay === null ? 'no touch-up due within the forecast' : `touch-up due ~year ${(dueDay / DAYS_PER_YEAR).toFixed(1)}`;
}

function summary(data: CoverageChartData): string {
  const now = Math.max(0, data.now);
  const c = valueAt(data.days, data.total, now);
  const at = `year ${(now / DAYS_PER_YEAR).toFixed(1)}`;
  const cov = Number.isFinite(c) ? `${Math.round(c * 100)}% coverage at ${at}` : `no coverage data at ${at}`;
  return `Coverage over time: ${cov}; ${dueLabel(data.dueDay)}`;
}

function niceYMax(data: CoverageChartData): number {
  let m = data.threshold ?? 0;
  for (let i = 0; i < data.total.length; i++) m = Math.max(m, data.total[i]!);
  for (const r of data.perRegion ?? []) for (let i = 0; i < r.values.length; i++) m = Math.max(m, r.values[i]!);
  if (!Number.isFinite(m)) m = 1;
  return Math.min(10, Math.max(1, Math.ceil((m * 1.08) / 0.1 - 1e-9))) / 10;
}

/** The layout renderCoverageChart uses for these options and data (exported for tests and hit-testing). */
export function chartLayout(data: CoverageChartData, opts: ChartOptions): ChartLayout {
  const width = Math.max(80, opts.width);
  const height = Math.max(60, opts.height);
  const maxDay = Math.max(1, (opts.years ?? 10) * DAYS_PER_YEAR);
  const yMax = opts.yMax ?? niceYMax(data);
  const left = 40;
  const right = width - 12;
  const top = 20;
  const bottom = height - 26;
  const sx = (right - left) / maxDay;
  const sy = (bottom - top) / yMax;
  const ts = opts.timeScale;
  return {
    width,
    height,
    left,
    top,
    right,
    bottom,
    maxDay,
    yMax,
    x: ts ? (day) => left + ts.toUnit(day) * (right - left) : (day) => left + day * sx,
    y: (c) => bottom - c * sy,
    day: ts
      ? (x) => Math.min(maxDay, Math.max(0, ts.fromUnit((x - left) / (right - left))))
      : (x) => Math.min(maxDay, Math.max(0, (x - left) / sx)),
  };
}

/**
 * Draws the coverage chart into `svg` (replacing its contents): years 0…10 on x, % coverage on y, the total
 * and per-region curves, a dashed threshold, session and touch-up ticks, a "now" cursor and the due label.
 */
export function renderCoverageChart(svg: SVGSVGElement, data: CoverageChartData, opts: ChartOptions): ChartLayout {
  const L = chartLayout(data, opts);
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${L.width} ${L.height}`);
  svg.setAttribute('width', String(L.width));
  svg.setAttribute('height', String(L.height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('font-family', 'system-ui, sans-serif');
  svg.setAttribute('font-size', '11');
  svg.classList.add('smp-chart');
  const title = el(svg, 'title', {}, summary(data));
  svg.setAttribute('aria-label', title.textContent ?? '');

  // Axes and grid.
  const axes = el(svg, 'g', { class: 'smp-chart-axes', fill: 'currentColor' });
  const years = Math.round(L.maxDay / DAYS_PER_YEAR);
  const yearStep = years > 20 ? 5 : years > 10 ? 2 : 1;
  const tick = (day: number, label: string) => {
    const x = r2(L.x(day));
    el(axes, 'line', { class: 'smp-chart-grid', x1: x, x2: x, y1: L.top, y2: L.bottom, stroke: 'currentColor', 'stroke-opacity': 0.12 });
    el(axes, 'text', { x, y: L.bottom + 14, 'text-anchor': 'middle' }, label);
  };
  // with a stretched start, mark the healing weeks too where they have room
  if (opts.timeScale) for (const [d, label] of [[28, '4 wk'], [56, '8 wk'], [91, '3 mo'], [182, '6 mo']] as const) {
    if (L.x(d) - L.x(0) > 40 && L.x(DAYS_PER_YEAR) - L.x(d) > 30) tick(d, label);
  }
  for (let yr = 0; yr <= years; yr += yearStep) tick(yr * DAYS_PER_YEAR, String(yr));
  el(axes, 'text', { class: 'smp-chart-axis-title', x: L.right, y: L.height - 1, 'text-anchor': 'end' }, 'years');
  // Steps that land on yMax when it is a whole number of tenths (the default), so the top is labelled.
  const tenths = Math.round(L.yMax * 10);
  const yStep = L.yMax <= 0.3 ? 0.05 : tenths >= 8 && tenths % 2 === 0 ? 0.2 : 0.1;
  for (let k = 0; k * yStep <= L.yMax + 1e-9; k++) {
    const v = k * yStep;
    const y = r2(L.y(v));
    el(axes, 'line', { class: 'smp-chart-grid', x1: L.left, x2: L.right, y1: y, y2: y, stroke: 'currentColor', 'stroke-opacity': 0.12 });
    el(axes, 'text', { x: L.left - 4, y: y + 4, 'text-anchor': 'end' }, `${Math.round(v * 100)}%`);
  }
  el(axes, 'text', { class: 'smp-chart-axis-title', x: 4, y: 12 }, 'coverage');
  el(axes, 'line', { class: 'smp-chart-axis', x1: L.left, x2: L.right, y1: L.bottom, y2: L.bottom, stroke: 'currentColor' });
  el(axes, 'line', { class: 'smp-chart-axis', x1: L.left, x2: L.left, y1: L.top, y2: L.bottom, stroke: 'currentColor' });

  // Curves, clipped to the plot by a nested <svg> viewport (no ids needed).
  const plot = el(svg, 'svg', {
    class: 'smp-chart-plot',
    x: L.left,
    y: 0,
    width: L.right - L.left,
    height: L.height,
    viewBox: `${L.left} 0 ${L.right - L.left} ${L.height}`,
    overflow: 'hidden',
  });
  const line = (values: ArrayLike<number>, cls: string, stroke: string, w: number, name: string) => {
    const n = Math.min(data.days.length, values.length);
    const pts: string[] = [];
    for (let i = 0; i < n; i++) {
      const d = data.days[i]!;
      const v = values[i]!;
      if (Number.isFinite(d) && Number.isFinite(v)) pts.push(`${r2(L.x(d))},${r2(L.y(v))}`);
    }
    const pl = el(plot, 'polyline', { class: cls, points: pts.join(' '), fill: 'none', stroke, 'stroke-width': w, 'stroke-linejoin': 'round' });
    el(pl, 'title', {}, name);
    return pl;
  };
  for (const r of data.perRegion ?? []) line(r.values, 'smp-chart-region', '#8a9bb0', 1, r.name || 'region');
  line(data.total, 'smp-chart-total', '#1d4e89', 2, 'all treated regions');

  if (data.threshold !== null && Number.isFinite(data.threshold)) {
    const y = r2(L.y(data.threshold));
    const t = el(plot, 'line', {
      class: 'smp-chart-threshold',
      x1: L.left,
      x2: L.right,
      y1: y,
      y2: y,
      stroke: '#b5562b',
      'stroke-dasharray': '5 4',
    });
    el(t, 'title', {}, `touch-up threshold: ${Math.round(data.threshold * 100)}% coverage`);
  }

  const ticks = (days: ArrayLike<number>, cls: string, stroke: string, len: number, name: (i: number, d: number) => string) => {
    for (let i = 0; i < days.length; i++) {
      const d = days[i]!;
      const x = r2(L.x(d));
      const t = el(plot, 'line', { class: cls, x1: x, x2: x, y1: L.bottom, y2: L.bottom - len, stroke, 'stroke-width': 2 });
      el(t, 'title', {}, name(i, d));
    }
  };
  const rows = { avoid: 0, reaction: 1, care: 2 } as const;
  for (const b of data.bands ?? []) {
    const x0 = L.x(Math.max(0, b.from));
    const x1 = L.x(Math.min(L.maxDay, b.to));
    if (!(x1 > x0)) continue;
    const r = el(plot, 'rect', {
      class: `smp-chart-band smp-chart-band-${b.kind}`,
      x: r2(x0),
      y: L.top + rows[b.kind] * 4,
      width: r2(Math.max(1, x1 - x0)),
      height: 3,
    });
    el(r, 'title', {}, `${b.title}: day ${Math.round(b.from)}–${Math.round(b.to)}`);
  }
  ticks(data.sessions, 'smp-chart-session', '#1d4e89', 6, (i, d) => `session ${i + 1}, day ${Math.round(d)}`);
  ticks(data.touchUps, 'smp-chart-touchup', '#b5562b', 12, (_i, d) => `touch-up, year ${(d / DAYS_PER_YEAR).toFixed(1)}`);

  // Due marker and label.
  const labelY = data.threshold !== null && Number.isFinite(data.threshold) ? Math.max(L.top + 10, L.y(data.threshold) - 5) : L.top + 10;
  let labelX = L.right - 2;
  let anchor = 'end';
  if (data.dueDay !== null && data.dueDay <= L.maxDay) {
    const x = r2(L.x(data.dueDay));
    el(plot, 'line', { class: 'smp-chart-due', x1: x, x2: x, y1: L.top, y2: L.bottom, stroke: '#b5562b', 'stroke-dasharray': '2 3' });
    labelX = x + 4;
    anchor = 'start';
    if (x > (L.left + L.right) / 2) {
      labelX = x - 4;
      anchor = 'end';
    }
  }
  el(svg, 'text', { class: 'smp-chart-due-label', x: r2(labelX), y: r2(labelY), 'text-anchor': anchor, fill: '#b5562b' }, dueLabel(data.dueDay));

  const cursor = el(svg, 'line', { class: 'smp-chart-now', y1: L.top - 4, y2: L.bottom, stroke: '#d11', 'stroke-width': 1.5 });
  const state: ChartState = { layout: L, data, cursor, title };
  charts.set(svg, state);
  placeCursor(state, data.now);
  return L;
}

function placeCursor(s: ChartState, day: number): void {
  const d = Math.min(s.layout.maxDay, Math.max(0, day));
  const x = String(r2(s.layout.x(d)));
  s.cursor.setAttribute('x1', x);
  s.cursor.setAttribute('x2', x);
}

/** Moves the "now" cursor (and the accessible summary) to `day` without redrawing; no-op before the first render. */
export function setChartNow(svg: SVGSVGElement, day: number): void {
  const s = charts.get(svg);
  if (!s) return;
  s.data = { ...s.data, now: day };
  placeCursor(s, day);
  s.title.textContent = summary(s.data);
  svg.setAttribute('aria-label', s.title.textContent);
}

/** The day under a pointer's clientX on a rendered chart (clamped to the axis), or null before the first render. */
export function dayAtClientX(svg: SVGSVGElement, clientX: number, clientY = 0): number | null {
  const s = charts.get(svg);
  if (!s) return null;
  const ctm = svg.getScreenCTM();
  let x: number;
  if (ctm) x = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse()).x;
  else {
    const box = svg.getBoundingClientRect();
    x = box.width > 0 ? ((clientX - box.left) / box.width) * s.layout.width : 0;
  }
  return s.layout.day(x);
}

/** Options for onScrub. */
export interface ScrubOptions {
  /** Days per arrow-key press (Shift: ×10). Default 30. */
  keyStepDays?: number;
}

/**
 * Calls `cb(day)` while the user presses and drags on the chart (mouse, pen or touch, via pointer events
 * and pointer capture) and on arrow/Home/End keys when it has focus; returns a function that detaches it.
 */
export function onScrub(svg: SVGSVGElement, cb: (day: number) => void, opts: ScrubOptions = {}): () => void {
  const step = opts.keyStepDays ?? 30;
  let active: number | null = null;
  const emit = (e: PointerEvent) => {
    const d = dayAtClientX(svg, e.clientX, e.clientY);
    if (d !== null) cb(d);
  };
  const down = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    active = e.pointerId;
    try {
      svg.setPointerCapture(e.pointerId);
    } catch {
      // synthetic or already-ended pointers cannot be captured; dragging still works inside the chart
    }
    e.preventDefault();
    emit(e);
  };
  const move = (e: PointerEvent) => {
    if (active === e.pointerId) emit(e);
  };
  const up = (e: PointerEvent) => {
    if (active === e.pointerId) active = null;
  };
  const key = (e: KeyboardEvent) => {
    const s = charts.get(svg);
    if (!s) return;
    const now = Math.min(s.layout.maxDay, Math.max(0, s.data.now));
    const k = e.shiftKey ? step * 10 : step;
    let d: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') d = now + k;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') d = now - k;
    else if (e.key === 'Home') d = 0;
    else if (e.key === 'End') d = s.layout.maxDay;
    else return;
    e.preventDefault();
    cb(Math.min(s.layout.maxDay, Math.max(0, d)));
  };
  const prevTouch = svg.style.touchAction;
  svg.style.touchAction = 'none'; // a drag scrubs instead of scrolling the page
  if (!svg.hasAttribute('tabindex')) svg.setAttribute('tabindex', '0');
  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);
  svg.addEventListener('lostpointercapture', up);
  svg.addEventListener('keydown', key);
  return () => {
    svg.removeEventListener('pointerdown', down);
    svg.removeEventListener('pointermove', move);
    svg.removeEventListener('pointerup', up);
    svg.removeEventListener('pointercancel', up);
    svg.removeEventListener('lostpointercapture', up);
    svg.removeEventListener('keydown', key);
    svg.style.touchAction = prevTouch;
  };
}
