import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { type CoverageChartData, DAYS_PER_YEAR, dayAtClientX, onScrub, renderCoverageChart, setChartNow, valueAt } from '../examples/chart.js';

const STEP = 7;

/** A fading curve sampled weekly from day 0 to 10 years, settling at 60 % and fading 8 %/year. */
function data(overrides: Partial<CoverageChartData> = {}): CoverageChartData {
  const n = Math.floor((10 * DAYS_PER_YEAR) / STEP) + 1;
  const days = new Float64Array(n);
  const total = new Float32Array(n);
  const crown = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = i * STEP;
    days[i] = d;
    const built = Math.min(1, (d + 1) / 60);
    total[i] = 0.6 * built * Math.exp((-0.08 * d) / DAYS_PER_YEAR);
    crown[i] = 0.5 * built * Math.exp((-0.12 * d) / DAYS_PER_YEAR);
  }
  return {
    days,
    total,
    perRegion: [{ name: 'crown', values: crown }],
    now: 400,
    dueDay: 4.26 * DAYS_PER_YEAR,
    threshold: 0.42,
    sessions: [0, 14, 28],
    touchUps: [3 * DAYS_PER_YEAR],
    ...overrides,
  };
}

function makeSvg(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  return svg;
}

const q = <T extends Element>(svg: SVGSVGElement, sel: string) => svg.querySelector<T>(sel)!;
const cursorX = (svg: SVGSVGElement) => Number(q(svg, '.smp-chart-now').getAttribute('x1'));

afterEach(() => {
  document.body.replaceChildren();
});

describe('renderCoverageChart', () => {
  it('the total polyline has one point per sample day, and per-region curves are drawn too', () => {
    const svg = makeSvg();
    const d = data();
    renderCoverageChart(svg, d, { width: 600, height: 240 });
    const pts = q(svg, '.smp-chart-total').getAttribute('points')!.trim().split(/\s+/);
    expect(pts.length).toBe(d.days.length);
    expect(svg.querySelectorAll('.smp-chart-region').length).toBe(1);
    expect(q(svg, '.smp-chart-region title').textContent).toBe('crown');
  });

  it('points run left to right with the days, and higher coverage sits higher', () => {
    const svg = makeSvg();
    const d = data();
    const L = renderCoverageChart(svg, d, { width: 600, height: 240 });
    const pts = q(svg, '.smp-chart-total').getAttribute('points')!.trim().split(/\s+/).map((p) => p.split(',').map(Number) as [number, number]);
    for (let i = 1; i < pts.length; i++) expect(pts[i]![0]).toBeGreaterThan(pts[i - 1]![0]);
    expect(pts[0]![0]).toBeCloseTo(L.left, 1);
    expect(pts[pts.length - 1]![0]).toBeCloseTo(L.x(d.days[d.days.length - 1]!), 1);
    for (let i = 0; i < pts.length; i += 50) expect(pts[i]![1]).toBeCloseTo(L.y(d.total[i]!), 1);
    expect(L.y(0.6)).toBeLessThan(L.y(0.3));
    expect(L.y(0)).toBe(L.bottom);
  });

  it('the now cursor moves with now, proportionally to the day', () => {
    const svg = makeSvg();
    const L = renderCoverageChart(svg, data({ now: 0 }), { width: 600, height: 240 });
    expect(cursorX(svg)).toBeCloseTo(L.left, 1);
    const xs = [365, 730, 1825, 3650].map((now) => {
      renderCoverageChart(svg, data({ now }), { width: 600, height: 240 });
      return cursorX(svg);
    });
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect(xs[3]).toBeCloseTo(L.right, 1);
    expect(xs[1]! - xs[0]!).toBeCloseTo((L.right - L.left) / 10, 1);
    setChartNow(svg, 5 * DAYS_PER_YEAR);
    expect(cursorX(svg)).toBeCloseTo(L.x(5 * DAYS_PER_YEAR), 1);
    setChartNow(svg, 99_999);
    expect(cursorX(svg)).toBeCloseTo(L.right, 1);
  });

  it('the label shows the due year with one decimal, and says so when none is due', () => {
    const svg = makeSvg();
    renderCoverageChart(svg, data({ dueDay: 4.26 * DAYS_PER_YEAR }), { width: 600, height: 240 });
    expect(q(svg, '.smp-chart-due-label').textContent).toBe('touch-up due ~year 4.3');
    expect(svg.querySelectorAll('.smp-chart-due').length).toBe(1);
    renderCoverageChart(svg, data({ dueDay: 12.04 * DAYS_PER_YEAR }), { width: 600, height: 240 });
    expect(q(svg, '.smp-chart-due-label').textContent).toBe('touch-up due ~year 12.0');
    expect(svg.querySelectorAll('.smp-chart-due').length).toBe(0); // beyond the axis: label only
    renderCoverageChart(svg, data({ dueDay: null }), { width: 600, height: 240 });
    expect(q(svg, '.smp-chart-due-label').textContent).toBe('no touch-up due within the forecast');
  });

  it('the threshold is one dashed horizontal line at its coverage', () => {
    const svg = makeSvg();
    const L = renderCoverageChart(svg, data({ threshold: 0.42 }), { width: 600, height: 240 });
    const t = q(svg, '.smp-chart-threshold');
    expect(t.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(Number(t.getAttribute('y1'))).toBeCloseTo(L.y(0.42), 1);
    expect(t.getAttribute('y1')).toBe(t.getAttribute('y2'));
    renderCoverageChart(svg, data({ threshold: null }), { width: 600, height: 240 });
    expect(svg.querySelector('.smp-chart-threshold')).toBeNull();
  });

  it('each session and touch-up gets a tick at its day', () => {
    const svg = makeSvg();
    const L = renderCoverageChart(svg, data(), { width: 600, height: 240 });
    const sessions = [...svg.querySelectorAll('.smp-chart-session')].map((e) => Number(e.getAttribute('x1')));
    expect(sessions).toEqual([0, 14, 28].map((d) => Math.round(L.x(d) * 100) / 100));
    const touch = svg.querySelectorAll('.smp-chart-touchup');
    expect(touch.length).toBe(1);
    expect(touch[0]!.querySelector('title')!.textContent).toBe('touch-up, year 3.0');
  });

  it('the axes run 0…10 years and the y labels are percentages up to a ceiling above the curve', () => {
    const svg = makeSvg();
    const L = renderCoverageChart(svg, data(), { width: 600, height: 240 });
    const labels = [...svg.querySelectorAll('.smp-chart-axes text')].map((t) => t.textContent);
    for (let y = 0; y <= 10; y++) expect(labels).toContain(String(y));
    expect(labels).toContain('0%');
    expect(L.yMax).toBeGreaterThanOrEqual(0.6);
    expect(L.yMax).toBeLessThanOrEqual(0.7 + 1e-9);
    expect(labels).toContain(`${Math.round(L.yMax * 100)}%`);
  });

  it('it is accessible: an img with a <title> and an aria-label giving coverage now and the due year', () => {
    const svg = makeSvg();
    const d = data({ now: 365 });
    renderCoverageChart(svg, d, { width: 600, height: 240 });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.firstElementChild!.tagName.toLowerCase()).toBe('title');
    const pct = Math.round(valueAt(d.days, d.total, 365) * 100);
    expect(svg.getAttribute('aria-label')).toBe(`Coverage over time: ${pct}% coverage at year 1.0; touch-up due ~year 4.3`);
    expect(svg.firstElementChild!.textContent).toBe(svg.getAttribute('aria-label'));
    setChartNow(svg, 730);
    expect(svg.getAttribute('aria-label')).toContain('at year 2.0');
  });

  it('rendering twice replaces the chart instead of stacking a second one', () => {
    const svg = makeSvg();
    renderCoverageChart(svg, data(), { width: 600, height: 240 });
    const n = svg.querySelectorAll('*').length;
    renderCoverageChart(svg, data(), { width: 600, height: 240 });
    expect(svg.querySelectorAll('*').length).toBe(n);
    expect(svg.querySelectorAll('.smp-chart-now').length).toBe(1);
  });

  it('the chart draws with no external references (no href, no url(), no web fonts)', () => {
    const svg = makeSvg();
    renderCoverageChart(svg, data(), { width: 600, height: 240 });
    expect(svg.outerHTML).not.toMatch(/href|url\(|http:\/\/(?!www\.w3\.org)|https:/);
  });
});

describe('onScrub', () => {
  function center(svg: SVGSVGElement, x: number): { clientX: number; clientY: number } {
    const ctm = svg.getScreenCTM()!;
    const p = new DOMPoint(x, 100).matrixTransform(ctm);
    return { clientX: p.x, clientY: p.y };
  }

  it('a press at the x of a day maps back to that day within one sample step', () => {
    const svg = makeSvg();
    const d = data();
    const L = renderCoverageChart(svg, d, { width: 600, height: 240 });
    const got: number[] = [];
    const off = onScrub(svg, (day) => got.push(day));
    for (const want of [0, 100, 365, 1234.5, 2000, 3650]) {
      svg.dispatchEvent(new PointerEvent('pointerdown', { ...center(svg, L.x(want)), pointerId: 1, pointerType: 'touch', bubbles: true }));
      svg.dispatchEvent(new PointerEvent('pointerup', { pointerId: 1, pointerType: 'touch', bubbles: true }));
      expect(Math.abs(got[got.length - 1]! - want)).toBeLessThanOrEqual(STEP);
    }
    off();
  });

  it('dragging reports days while pressed and stops after release; presses outside the plot clamp to the axis', () => {
    const svg = makeSvg();
    const L = renderCoverageChart(svg, data(), { width: 600, height: 240 });
    const got: number[] = [];
    const off = onScrub(svg, (day) => got.push(day));
    svg.dispatchEvent(new PointerEvent('pointermove', { ...center(svg, L.x(500)), pointerId: 3, bubbles: true }));
    expect(got).toEqual([]); // hovering does not scrub
    svg.dispatchEvent(new PointerEvent('pointerdown', { ...center(svg, L.x(500)), pointerId: 3, pointerType: 'mouse', button: 0, bubbles: true }));
    svg.dispatchEvent(new PointerEvent('pointermove', { ...center(svg, L.x(900)), pointerId: 3, bubbles: true }));
    svg.dispatchEvent(new PointerEvent('pointermove', { ...center(svg, 2), pointerId: 3, bubbles: true }));
    svg.dispatchEvent(new PointerEvent('pointerup', { pointerId: 3, bubbles: true }));
    svg.dispatchEvent(new PointerEvent('pointermove', { ...center(svg, L.x(2000)), pointerId: 3, bubbles: true }));
    expect(got.length).toBe(3);
    expect(got[0]).toBeCloseTo(500, -1);
    expect(got[1]).toBeCloseTo(900, -1);
    expect(got[2]).toBe(0);
    expect(svg.style.touchAction).toBe('none');
    off();
    svg.dispatchEvent(new PointerEvent('pointerdown', { ...center(svg, L.x(500)), pointerId: 4, bubbles: true }));
    expect(got.length).toBe(3);
  });

  it('a real click through the browser lands on the day under it, also when CSS scales the chart', async () => {
    const svg = makeSvg();
    svg.style.width = '300px'; // half size: fits the 414 px test viewport
    svg.style.height = '120px';
    const L = renderCoverageChart(svg, data(), { width: 600, height: 240 });
    const got: number[] = [];
    onScrub(svg, (day) => got.push(day));
    const want = 5 * DAYS_PER_YEAR;
    await userEvent.click(svg, { position: { x: L.x(want) * 0.5, y: 50 } });
    expect(Math.abs(got[got.length - 1]! - want)).toBeLessThanOrEqual(STEP);
    expect(dayAtClientX(svg, svg.getBoundingClientRect().left + L.left * 0.5)).toBeCloseTo(0, 5);
  });

  it('arrow keys step the day from now, Home and End jump to the ends', () => {
    const svg = makeSvg();
    renderCoverageChart(svg, data({ now: 400 }), { width: 600, height: 240 });
    const got: number[] = [];
    onScrub(svg, (day) => got.push(day), { keyStepDays: 30 });
    for (const key of ['ArrowRight', 'ArrowLeft', 'Home', 'End', 'a'])
      svg.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    expect(got).toEqual([430, 370, 0, 3650]);
  });

  it('a stretched time axis places days by the scale and maps x back to the same day, with healing-week ticks', () => {
    const svg = makeSvg();
    const toUnit = (d: number) => (d <= 120 ? (d / 120) * 0.35 : 0.35 + ((d - 120) / 3530) * 0.65);
    const fromUnit = (u: number) => (u <= 0.35 ? (u / 0.35) * 120 : 120 + ((u - 0.35) / 0.65) * 3530);
    const L = renderCoverageChart(svg, data({ now: 60 }), { width: 900, height: 150, timeScale: { toUnit, fromUnit } });
    expect(L.x(120)).toBeCloseTo(L.left + 0.35 * (L.right - L.left), 9);
    for (const d of [0, 10, 60, 119, 500, 3650]) expect(L.day(L.x(d))).toBeCloseTo(d, 6);
    expect(cursorX(svg)).toBeCloseTo(L.x(60), 1);
    expect(Array.from(svg.querySelectorAll('text')).map((t) => t.textContent)).toContain('4 wk');
  });
});
