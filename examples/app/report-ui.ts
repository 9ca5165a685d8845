// The client's report: gathers the plan, the booking with aftercare, the estimate and the touch-up forecast,
// renders the before/after pictures on the client's photo (or the sample) at the days a client asks about —
// after session 1, healed, years 1, 3, 5 and 8, with and without touch-ups, and the other designs — and makes
// the PDF in the browser (jsPDF, loaded only now). Nothing is uploaded; the PDF goes to the downloads.
import { DEFAULT_AGING, agingTables, validatePlan, type Dots, type Plan, type PlanInput } from '../../src/index.js';
import { aftercareEvents, concernDefaults, estimate, stageInfo, type Schedule, type TouchUpCost } from '../../src/consult/index.js';
import type { ReportData } from '../consult/report-data.js';
import { chosenBook, defaultConsult } from './consult-state.js';
import type { Results } from './engine-link.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

/** The days of the report's pictures, after the first session (the last session's healing decides "healed"). */
export function reportDays(plan: Plan): { day: number; caption: string }[] {
  const last = plan.sessions[plan.sessions.length - 1]!.day;
  return [
    { day: 3, caption: 'After session 1 (day 3)' },
    { day: last + 56, caption: `Healed (${Math.round((last + 56) / 7)} weeks)` },
    ...[1, 3, 5, 8].map((y) => ({ day: y * 365, caption: `Year ${y}` })),
  ];
}

interface Deps {
  studio: Studio;
  stage: Stage;
  results: Results;
  simulate: (plan: unknown) => Promise<Dots>;
  forecast: () => Promise<TouchUpCost | null>;
  schedule: () => Schedule | null;
}

/** Renders the stage's background with `dots` aged to each day, fitted, as JPEG blobs; restores the stage after. */
async function pictures(stage: Stage, shots: { plan: Plan; dots: Dots | null; day: number; caption: string; group: string }[]) {
  const r = stage.renderer;
  const camera = r.getCamera();
  r.fitToBackground();
  const out: NonNullable<ReportData['images']> = [];
  try {
    for (const s of shots) {
      if (s.dots) {
        r.setDots(s.dots);
        r.setAging(agingTables(s.plan, s.day, DEFAULT_AGING), DEFAULT_AGING);
        r.setDotsVisible(true);
      } else r.setDotsVisible(false);
      r.render();
      const blob = await new Promise<Blob | null>((res) => r.canvas.toBlob(res, 'image/jpeg', 0.88));
      if (blob) out.push({ image: blob, caption: s.caption, group: s.group });
    }
  } finally {
    r.setDotsVisible(true);
    r.setCamera(camera);
  }
  return out;
}

/** Builds the report's data and makes the PDF. */
export async function buildReport({ studio, stage, results, simulate, forecast, schedule }: Deps): Promise<{ pdf: Blob; name: string }> {
  const { makeReport } = await import('../consult/report.js');
  const { reportFileName } = await import('../consult/report-data.js');
  const s = studio.doc.consult ?? defaultConsult();
  const plan = studio.plan;
  const dots = results.dots && results.dotsPlan === plan ? results.dots : await simulate(studio.doc.plan);
  const book = await chosenBook(s);
  const est = estimate(plan, s.concern, book);
  const cost = await forecast();

  // without touch-ups: the plan as its sessions leave it; with: the planned touch-ups, or the forecast's when none are planned
  const bare: PlanInput = { ...structuredClone(studio.doc.plan), touchUps: [] };
  const withTouchUps: PlanInput = plan.touchUps.length
    ? studio.doc.plan
    : { ...structuredClone(studio.doc.plan), touchUps: (cost?.dueYears ?? []).slice(0, 3).map((y) => ({ year: Math.round(y * 10) / 10 })) };
  const barePlan = validatePlan(bare);
  const bareDots = await simulate(bare);
  const days = reportDays(plan);
  const shots: Parameters<typeof pictures>[1] = [{ plan, dots: null, day: 0, caption: 'Before', group: 'Your plan on your photo' }];
  for (const d of days) shots.push({ plan: barePlan, dots: bareDots, day: d.day, caption: d.caption, group: 'Without touch-ups' });
  const tuPlan = validatePlan(withTouchUps);
  if (tuPlan.touchUps.length) {
    const tuDots = withTouchUps === studio.doc.plan ? dots : await simulate(withTouchUps);
    const years = tuPlan.touchUps.map((t) => t.year).join(', ');
    for (const d of days.slice(2)) shots.push({ plan: tuPlan, dots: tuDots, day: d.day, caption: `${d.caption} (touch-ups at year ${years})`, group: 'With touch-ups' });
  }
  for (const other of studio.doc.designs ?? []) {
    const p = validatePlan(other.plan);
    shots.push({ plan: p, dots: await simulate(other.plan), day: 365, caption: `${other.name}, year 1`, group: 'Designs compared' });
  }
  if (studio.doc.designs?.length) shots.push({ plan, dots, day: 365, caption: `${studio.doc.name || 'Design A'} (chosen), year 1`, group: 'Designs compared' });
  const images = await pictures(stage, shots);
  stage.renderer.setDots(results.dots ?? dots);
  stage.redraw();

  const sched = schedule();
  const after = sched ? aftercareEvents(sched) : [];
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: s.timeZone }); // YYYY-MM-DD in the studio's zone
  const data: ReportData = {
    client: { name: s.client || 'Client' },
    date: today,
    paper: /^en-(US|CA)$/.test(navigator.language) ? 'letter' : 'a4',
    plan: {
      concern: concernDefaults(s.concern).label,
      ...(s.stage ? { stage: stageInfo(s.stage).label } : {}),
      areaCm2: dots.stats.areaCm2,
      dots: dots.count,
      sessions: plan.sessions.length,
      densityPerCm2: plan.density.target,
      pigment: plan.pigment.kind,
      skin: `Fitzpatrick ${['I', 'II', 'III', 'IV', 'V', 'VI'][plan.skin.fitzpatrick - 1]}, ${plan.skin.dryness} skin, ${plan.skin.sun} sun`,
    },
    images,
    schedule: (sched?.sessions ?? []).map((x) => ({
      date: `${x.date}T${x.startTime}`,
      what: `Session ${x.index + 1} of ${sched!.sessions.length} (${x.hours.toFixed(1)} h, ${x.dots.toLocaleString('en')} dots)`,
      aftercare: after.filter((a) => a.session === x.index).map((a) => `${a.title} (${a.date}${a.endDate > a.date ? ` – ${a.endDate}` : ''})`),
    })),
    estimate: { low: est.low, high: est.high, currency: est.currency, reasons: est.reasons.map((r) => r.text) },
    forecast: cost
      ? [
          {
            region: 'Whole treated area',
            firstTouchUpYear: cost.firstDueYear,
            touchUps5y: cost.horizons.find((h) => h.years === 5)?.touchUps ?? 0,
            touchUps10y: cost.horizons.find((h) => h.years === 10)?.touchUps ?? 0,
            cost5y: [cost.horizons.find((h) => h.years === 5)?.low ?? 0, cost.horizons.find((h) => h.years === 5)?.high ?? 0],
            cost10y: [cost.horizons.find((h) => h.years === 10)?.low ?? 0, cost.horizons.find((h) => h.years === 10)?.high ?? 0],
          },
        ]
      : [],
  };
  const pdf = await makeReport(data);
  return { pdf, name: reportFileName(data.client.name, today) };
}
