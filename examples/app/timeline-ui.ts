// The timeline under the stage: the day slider (stretched over the healing months), ▶ play, the phase text,
// the coverage chart with the touch-up forecast, and the stats list. Moving the day sets a few GPU uniforms.
import { DEFAULT_AGING, agingTables } from '../../src/index.js';
import { dueLabel, onScrub, renderCoverageChart, setChartNow } from '../chart.js';
import { aftercareAt, aftercareBands, dayAt, formatDay, HORIZON_DAYS, phaseAt, positionOf } from '../timeline.js';
import type { Results } from './engine-link.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

export { HORIZON_DAYS };
/** Coverage chart samples: daily through the healing months, then weekly to year 10. */
export const CHART_DAYS = Float64Array.from([
  ...Array.from({ length: 121 }, (_, i) => i),
  ...Array.from({ length: Math.floor((HORIZON_DAYS - 121) / 7) + 1 }, (_, i) => 121 + i * 7),
  HORIZON_DAYS,
]);

/** A day on the timeline: 0 … HORIZON_DAYS. */
export function clampDay(d: number): number {
  return Math.min(HORIZON_DAYS, Math.max(0, Number.isFinite(d) ? d : 0));
}

export interface TimelineElements {
  slider: HTMLInputElement;
  play: HTMLButtonElement;
  dayLabel: HTMLOutputElement;
  phase: HTMLElement;
  chart: SVGSVGElement;
  stats: HTMLDListElement;
}

export function mountTimeline(els: TimelineElements, stage: Stage, studio: Studio, results: Results) {
  let playing = 0;
  // the day the last drawn frame shows (the end-to-end tests wait on it instead of sleeping)
  stage.onDraw(() => {
    if (results.dots) document.body.dataset.drawnDay = String(studio.ui.day);
  });

  /** What the renderer's aging tables were made for. */
  let aged: { plan: unknown; day: number } = { plan: null, day: NaN };

  function setDay(d: number): void {
    studio.setUi({ day: clampDay(d) });
  }

  /** Brings slider, labels, chart cursor and the dots' look to the current day. */
  function showDay(): void {
    const t0 = performance.now();
    const day = studio.ui.day;
    els.slider.value = String(Math.round(positionOf(day, HORIZON_DAYS) * 1000));
    els.dayLabel.textContent = formatDay(day);
    const care = aftercareAt(studio.plan, day);
    els.phase.textContent = `${phaseAt(studio.plan, day, DEFAULT_AGING)}${care.length ? ` Aftercare now: ${care.join('; ')}.` : ''}`;
    setChartNow(els.chart, day);
    // the dots' look changes with the day and the dots' own plan only (a plan edit waits for its dots)
    if (results.dots && results.dotsPlan && (results.dotsPlan !== aged.plan || day !== aged.day)) {
      stage.renderer.setAging(agingTables(results.dotsPlan, day, DEFAULT_AGING), DEFAULT_AGING);
      aged = { plan: results.dotsPlan, day };
      stage.redraw();
    }
    // main-thread time of a timeline change (bench/studio.ts reads these)
    performance.measure('smp:timeline', { start: t0, end: performance.now() });
  }

  function drawChart(): void {
    const { curve, forecast } = results;
    if (!curve || !forecast) return;
    const box = els.chart.getBoundingClientRect();
    renderCoverageChart(
      els.chart,
      {
        days: curve.days,
        total: curve.total,
        now: studio.ui.day,
        dueDay: forecast.dueDay,
        threshold: forecast.referenceCoverage * forecast.threshold,
        sessions: studio.plan.sessions.map((s) => s.day),
        touchUps: studio.plan.touchUps.map((t) => t.year * 365),
        bands: aftercareBands(studio.plan),
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
    const rows: [string, string][] = [];
    const { dots, dotsPlan, forecast } = results;
    if (dots && dotsPlan) {
      rows.push(['Dots', dots.count.toLocaleString('en')]);
      dots.stats.perLayer.forEach((n, i) =>
        rows.push([i < dotsPlan.sessions.length ? `  session ${i + 1}` : `  touch-up ${i - dotsPlan.sessions.length + 1}`, n.toLocaleString('en')]),
      );
      rows.push(['Treated area', `${dots.stats.areaCm2.toFixed(0)} cm²`]);
      rows.push(['Achieved density', `${dots.stats.densityPerCm2.toFixed(1)} /cm²`]);
      rows.push(['Simulated in', `${results.simMs.toFixed(0)} ms (worker)`]);
    }
    if (forecast) rows.push(['Touch-up', dueLabel(forecast.dueDay)]);
    if (forecast?.firstArea) rows.push(['Fades first', `${forecast.firstArea.zone}, year ${forecast.firstArea.dueYear.toFixed(1)}`]);
    els.stats.replaceChildren(
      ...rows.flatMap(([k, v]) => {
        const dt = document.createElement('dt');
        dt.textContent = k;
        const dd = document.createElement('dd');
        dd.textContent = v;
        return [dt, dd];
      }),
    );
  }

  els.play.addEventListener('click', () => {
    if (playing) {
      cancelAnimationFrame(playing);
      playing = 0;
      els.play.textContent = '▶';
      els.play.setAttribute('aria-label', 'Play the timeline');
      return;
    }
    els.play.textContent = '❚❚';
    els.play.setAttribute('aria-label', 'Pause the timeline');
    let p = positionOf(studio.ui.day, HORIZON_DAYS);
    if (p >= 0.999) p = 0;
    let last = performance.now();
    const step = (now: number) => {
      p = Math.min(1, p + (now - last) / 15_000); // the whole track in 15 s
      last = now;
      setDay(dayAt(p, HORIZON_DAYS));
      if (p < 1) playing = requestAnimationFrame(step);
      else {
        playing = 0;
        els.play.textContent = '▶';
      }
    };
    playing = requestAnimationFrame(step);
  });
  els.slider.addEventListener('input', () => setDay(dayAt(Number(els.slider.value) / 1000, HORIZON_DAYS)));
  onScrub(els.chart, (d) => setDay(d));

  return { setDay, showDay, drawChart, drawStats };
}
