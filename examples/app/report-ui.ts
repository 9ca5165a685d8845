// The client's report: gathers the plan, the booking with aftercare, the estimate and the touch-up forecast,
// renders the before/after pictures on the client's photo (or the sample) at the days a client asks about —
// before beside healed, after session 1, years 1, 3, 5 and 8, with and without touch-ups, and the other designs,
// every one cut to the client's head (the sample's treated area) at the photo's own resolution (report-pictures.ts)
// — and makes the PDF in the browser (jsPDF, loaded only now). Nothing is uploaded; the PDF goes to the downloads.
import { DEFAULT_AGING, agingTables, validatePlan, type Dots, type Plan, type PlanInput } from '../../src/index.js';
import { aftercareEvents, concernDefaults, estimate, fmtHours, stageInfo, type Schedule, type TouchUpCost } from '../../src/consult/index.js';
import type { ReportData } from '../consult/report-data.js';
import { clientPigment, clientSkin } from '../consult/client-words.js';
import type { ClinicalReport } from './clinical-ui.js';
import type { HeadFit } from '../../src/head/index.js';
import type { HeadObservation } from '../../src/head/observation.js';
import { cropOf, drawnBox, headBox, renderPictures, touchUpDays, type Crop, type Shot } from './report-pictures.js';
import { chosenBook, defaultConsult, scheduleFor, type ConsultSettings } from './consult-state.js';
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

/** The report's booking: the sessions of the snapshot's plan with its settings, or null when they cannot be booked. */
export function reportSchedule(plan: Plan, s: ConsultSettings, dots: Dots | null): Schedule | null {
  try {
    return scheduleFor(plan, s, dots);
  } catch {
    return null;
  }
}

interface Deps {
  studio: Studio;
  stage: Stage;
  results: Results;
  simulate: (plan: unknown) => Promise<Dots>;
  /** The touch-up forecast with its cost for this plan and these settings (the report's snapshot). */
  forecast: (plan: PlanInput, settings: ConsultSettings) => Promise<TouchUpCost | null>;
  /** The sessions booked for this plan and these settings (dots per session from `dots` when given), or null. */
  schedule: (plan: Plan, settings: ConsultSettings, dots: Dots | null) => Schedule | null;
  /** What the face analysis found on the photo shown (its chin and outline bound the pictures), or null. */
  observation?: () => HeadObservation | null;
  /** From the client's record (clinical-ui.ts): the intake's notes and the signatures, or null. */
  record?: ClinicalReport | null | undefined;
}

/**
 * The box every picture shows: on a photo with a fitted head, the whole head (crown to chin, with a margin);
 * otherwise (the sample scalp, a photo placed by hand) the treated area, i.e. the drawn dots; else the whole background.
 */
export function reportCrop(stage: Stage, head: HeadFit | null, observation: HeadObservation | null, dots: Dots): Crop {
  const { width, height } = stage.renderer.backgroundSize();
  if (head && head.width === width && head.height === height) {
    const o = observation && observation.width === width && observation.height === height ? observation : null;
    return cropOf(headBox(head, o?.face?.chin ?? null, o?.outline ?? head.clip), width, height);
  }
  const box = drawnBox(stage.projection, dots.xy, dots.count);
  return box ? cropOf(box, width, height) : { x: 0, y: 0, width, height };
}

/** Builds the report's data and makes the PDF. */
export async function buildReport(deps: Deps): Promise<{ pdf: Blob; name: string }> {
  const data = await reportData(deps);
  const { makeReport } = await import('../consult/report.js');
  const { reportFileName } = await import('../consult/report-data.js');
  return { pdf: await makeReport(data), name: reportFileName(data.client.name, data.date) };
}

/**
 * The report's data, pictures included, from one snapshot of the project taken when it is called: switching
 * designs (or any edit) while the pictures render changes nothing in this report — its captions, pictures,
 * schedule, estimate and forecast are all of the design that was active then.
 */
export async function reportData({ studio, stage, results, simulate, forecast, schedule, observation, record }: Deps): Promise<ReportData> {
  // the snapshot: everything the report reads of the studio, before the first await
  const snap = freeze(structuredClone(studio.doc));
  const plan = studio.plan; // the validated form of snap.plan (the studio replaces it on an edit, never changes it)
  const s = snap.consult ?? defaultConsult();
  const shown = results.dots && results.dotsPlan === plan ? results.dots : null;
  const onPhoto = stage.background?.kind === 'photo';
  const head = onPhoto ? (snap.head ?? null) : null;
  const seen = observation?.() ?? null;
  const sched = schedule(plan, s, shown);
  const costing = forecast(snap.plan, s);
  costing.catch(() => {}); // awaited below; not an unhandled rejection meanwhile

  const dots = shown ?? (await simulate(snap.plan));
  const book = await chosenBook(s);
  const est = estimate(plan, s.concern, book);
  const cost = await costing;

  // without touch-ups: the plan as its sessions leave it; with: the planned touch-ups, or the forecast's when none are planned
  const bare: PlanInput = { ...structuredClone(snap.plan), touchUps: [] };
  const withTouchUps: PlanInput = plan.touchUps.length
    ? snap.plan
    : { ...structuredClone(snap.plan), touchUps: (cost?.dueYears ?? []).slice(0, 3).map((y) => ({ year: Math.round(y * 10) / 10 })) };
  const barePlan = validatePlan(bare);
  const bareDots = await simulate(bare);
  const days = reportDays(plan);
  // before and after side by side, then the years without and with touch-ups, all at one crop
  const first = onPhoto ? 'Your plan on your photo' : 'Your plan on the sample scalp';
  const shots: Shot[] = [
    { plan, dots: null, day: 0, caption: 'Before', group: first },
    { plan: barePlan, dots: bareDots, day: days[1]!.day, caption: `After: ${days[1]!.caption.toLowerCase()}`, group: first },
  ];
  for (const d of [days[0]!, ...days.slice(2)]) shots.push({ plan: barePlan, dots: bareDots, day: d.day, caption: d.caption, group: 'Without touch-ups' });
  const tuPlan = validatePlan(withTouchUps);
  if (tuPlan.touchUps.length) {
    const tuDots = withTouchUps === snap.plan ? dots : await simulate(withTouchUps);
    const tuYears = tuPlan.touchUps.map((t) => t.year);
    const at = ` (touch-ups at year ${tuYears.join(', ')})`;
    let { shown, note } = touchUpDays(days.slice(2), tuYears);
    // every touch-up falls after the last year shown: show the first one healed instead
    if (!shown.length) {
      const d = Math.min(...tuYears) * 365 + 56;
      shown = [{ day: d, caption: `Year ${(d / 365).toFixed(1)}, healed after the first touch-up` }];
    }
    shown.forEach((d, i) =>
      shots.push({ plan: tuPlan, dots: tuDots, day: d.day, caption: `${d.caption}${at}${i === 0 && note ? `. ${note}` : ''}`, group: 'With touch-ups' }),
    );
  }
  for (const other of snap.designs ?? []) {
    const p = validatePlan(other.plan);
    shots.push({ plan: p, dots: await simulate(other.plan), day: 365, caption: `${other.name}, year 1`, group: 'Designs compared' });
  }
  if (snap.designs?.length) shots.push({ plan, dots, day: 365, caption: `${snap.name || 'Design A'} (chosen), year 1`, group: 'Designs compared' });
  const crop = reportCrop(stage, head, seen, bareDots);
  let images: NonNullable<ReportData['images']>;
  try {
    images = (await renderPictures(stage.renderer, shots, crop)).map(({ image, caption, group }) => ({ image, caption, group }));
  } finally {
    // the stage's dots at the timeline's day again (renderFullSize kept the camera)
    stage.renderer.setDots(results.dots ?? dots);
    const shownPlan = results.dots ? results.dotsPlan : plan;
    if (shownPlan) stage.renderer.setAging(agingTables(shownPlan, studio.ui.day, DEFAULT_AGING), DEFAULT_AGING);
    stage.redraw();
  }

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
      pigment: clientPigment(plan.pigment.kind),
      skin: clientSkin(plan.skin),
    },
    images,
    schedule: (sched?.sessions ?? []).map((x) => ({
      date: `${x.date}T${x.startTime}`,
      what: `Session ${x.index + 1} of ${sched!.sessions.length}: about ${fmtHours(x.durationMinutes)} in the studio, ${fmtHours(x.parts.needle)} of it needling`,
      aftercare: after.filter((a) => a.session === x.index).map((a) => `${a.title} (${a.date}${a.endDate > a.date ? ` – ${a.endDate}` : ''})`),
    })),
    estimate: { low: est.low, high: est.high, currency: est.currency, reasons: est.reasons.map((r) => r.text) },
    ...(record ? { record } : {}),
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
  return data;
}

/** `v` frozen all the way down (the report's snapshot: nothing may change it by accident). */
function freeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) freeze(x);
  }
  return v;
}
