// The consultation side of the panel: stage of loss and concern presets (they fill the plan; undoable), the
// booking (dates from a start date in the studio's zone, weekends and closed days skipped, hours from the dots),
// aftercare and expected reactions, the calendar as .ics, the price estimate from an editable price book, and
// the touch-up forecast with its cost (computed in the consultation worker). The settings live in the project.
import {
  CONCERNS,
  REGIONAL_RANGES_USD,
  STAGES,
  STAGE_TEMPLATE_SOURCE,
  aftercareEvents,
  concernDefaults,
  concernPlan,
  consultationIcs,
  estimate,
  stageAreaCm2,
  stageInfo,
  stagePlan,
  suggestedSessionCount,
  treatedAreaCm2,
  validatePriceBook,
  withScheduledDays,
  type ConcernId,
  type Schedule,
  type StageId,
} from '../../src/consult/index.js';
import type { PlanInput } from '../../src/plan.js';
import type { ConsultEngine } from '../../workers/consult-client.js';
import { calendarIds, chosenBook, clientIdAfterRename, defaultConsult, newClientId, scheduleFor, type ConsultSettings } from './consult-state.js';
import { bookState, mountSessionTimes, scheduleTable } from './booking-ui.js';
import type { Results } from './engine-link.js';
import { eachWhenIdle } from './idle.js';
import type { Studio } from './state.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** A labelled control row. */
function row(label: string, input: HTMLElement & { id: string }): HTMLDivElement {
  const l = el('label', { htmlFor: input.id, textContent: label });
  return el('div', { className: 'control' }, l, input);
}

/** Offers text as a file download (nothing leaves the device). */
function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function mountConsult(host: HTMLElement, studio: Studio, results: Results, say: (t: string, k?: 'info' | 'error') => void, worker: ConsultEngine) {
  host.classList.add('consult');
  const settings = (): ConsultSettings => studio.doc.consult ?? defaultConsult();
  const setSettings = (patch: Partial<ConsultSettings>) => {
    const err = studio.edit((d) => (d.consult = { ...settings(), ...patch }));
    studio.seal();
    if (err) say(err.message, 'error');
  };

  // ---------------------------------------------------------------- tabs
  const tabPlan = document.getElementById('tab-plan') as HTMLButtonElement;
  const tabConsult = document.getElementById('tab-consult') as HTMLButtonElement;
  const planPanel = document.getElementById('plan-panel') as HTMLDivElement;
  const showTab = (consult: boolean) => {
    tabPlan.setAttribute('aria-selected', String(!consult));
    tabConsult.setAttribute('aria-selected', String(consult));
    planPanel.hidden = consult;
    host.hidden = !consult;
    if (consult) sync();
  };
  tabPlan.addEventListener('click', () => showTab(false));
  tabConsult.addEventListener('click', () => showTab(true));

  // ---------------------------------------------------------------- client, stage, concern
  const client = el('input', { id: 'consult-client', type: 'text', maxLength: 120, placeholder: 'Client name', autocomplete: 'off' });
  client.addEventListener('change', () => {
    const s = settings();
    const name = client.value.trim();
    setSettings({ client: name, clientId: clientIdAfterRename(s.client, name, s.clientId) });
  });

  const stage = el('select', { id: 'consult-stage' });
  stage.append(new Option('— choose —', ''));
  for (const s of STAGES) stage.append(new Option(stageInfo(s).label, s));
  // each stage's area (≈ 25 ms each) when the page is idle, not before the first dots
  eachWhenIdle([...stage.options].slice(1), (o) => (o.text = `${stageInfo(o.value as StageId).label} · ${Math.round(stageAreaCm2(o.value as StageId))} cm²`));
  const stageNote = el('p', { className: 'note' });
  stage.addEventListener('change', () => {
    if (!stage.value) return;
    const id = stage.value as StageId;
    const err = studio.edit((d) => {
      d.plan = stagePlan(id, d.plan);
      d.consult = { ...settings(), stage: id };
    });
    studio.seal();
    if (err) say(err.message, 'error');
    else say(`${stageInfo(id).label}: the treated area and hairline are a starting point — edit them freely (Ctrl+Z undoes).`);
  });

  const concern = el('select', { id: 'consult-concern' });
  for (const c of CONCERNS) concern.append(new Option(concernDefaults(c).label, c));
  const concernNotes = el('ul');
  concern.addEventListener('change', () => {
    const c = concern.value as ConcernId;
    const err = studio.edit((d) => {
      d.plan = concernPlan(c, d.plan);
      d.consult = { ...settings(), concern: c };
    });
    studio.seal();
    if (err) say(err.message, 'error');
  });
  const area = el('p', { className: 'note' });

  // ---------------------------------------------------------------- booking
  const start = el('input', { id: 'consult-start', type: 'date' });
  start.addEventListener('change', () => start.value && setSettings({ start: start.value }));
  const zone = el('input', { id: 'consult-zone', type: 'text', spellcheck: false });
  const zones = el('datalist', { id: 'consult-zones' });
  try {
    for (const z of (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone')) zones.append(new Option(z));
  } catch {
    /* older browsers: free text */
  }
  zone.setAttribute('list', 'consult-zones');
  zone.addEventListener('change', () => setSettings({ timeZone: zone.value.trim() }));
  const time = el('input', { id: 'consult-time', type: 'time' });
  time.addEventListener('change', () => time.value && setSettings({ startTime: time.value.slice(0, 5) }));
  const weekdays = el('div', { className: 'weekdays', role: 'group' });
  weekdays.setAttribute('aria-label', 'Closed weekdays');
  const dayBoxes = WEEKDAYS.map((name, i) => {
    const box = el('input', { type: 'checkbox', id: `consult-closed-${i}` });
    box.addEventListener('change', () => setSettings({ closedWeekdays: dayBoxes.map((b, j) => (b.checked ? j : -1)).filter((j) => j >= 0) }));
    weekdays.append(el('label', { htmlFor: box.id }, box, name));
    return box;
  });
  const closedDates = el('input', { id: 'consult-closed-dates', type: 'text', placeholder: '2027-04-05, 2027-12-24' });
  closedDates.addEventListener('change', () =>
    setSettings({ closedDates: closedDates.value.split(/[\s,;]+/).filter(Boolean) }),
  );
  const rate = el('input', { id: 'consult-rate', type: 'number', min: '100', max: '100000', step: '100' });
  rate.addEventListener('change', () => setSettings({ dotsPerHour: Number(rate.value) }));
  const times = mountSessionTimes(settings, setSettings);
  const book = el('button', { type: 'button', id: 'consult-book', textContent: 'Use these dates in the plan' });
  const bookWhy = el('p', { className: 'note', id: 'consult-book-why' });
  book.setAttribute('aria-describedby', bookWhy.id);
  let scheduleError = '';
  const calendar = el('div');
  const warnings = el('ul', { className: 'warn' });
  const aftercare = el('ul');
  const ics = el('button', { type: 'button', id: 'consult-ics', textContent: 'Download calendar (.ics)' });
  let schedule: Schedule | null = null;
  book.addEventListener('click', () => {
    if (!schedule) return;
    const s = schedule;
    const err = studio.edit((d) => (d.plan = withScheduledDays(d.plan, s)));
    studio.seal();
    if (err) say(err.message, 'error');
  });
  ics.addEventListener('click', () => {
    if (!schedule) return;
    // the UIDs derive from the client's id and the design: give the client one first (kept in the project)
    if (!settings().clientId) setSettings({ clientId: newClientId() });
    const s = settings();
    const text = consultationIcs(schedule, aftercareEvents(schedule), { stamp: new Date(), name: s.client ? `SMP — ${s.client}` : 'SMP sessions', ...calendarIds(s, studio.doc.name) });
    download(text, `smp-sessions-${(s.client || studio.plan.seed).replace(/[^\p{L}\p{N}]+/gu, '-')}.ics`, 'text/calendar');
    say('The calendar is in your downloads: open it to add the sessions and aftercare to any calendar.');
  });

  // ---------------------------------------------------------------- price and forecast
  const bookSel = el('select', { id: 'consult-pricebook' });
  bookSel.append(new Option('Default prices (USD)', 'default'));
  for (const r of Object.keys(REGIONAL_RANGES_USD)) bookSel.append(new Option(`${r} (USD ranges)`, r));
  bookSel.append(new Option('Custom (edit below)', 'custom'));
  bookSel.addEventListener('change', async () => {
    const v = bookSel.value;
    if (v === 'custom' && !settings().customBook) setSettings({ book: 'custom', customBook: await chosenBook(settings()) });
    else setSettings({ book: v });
  });
  const bookText = el('textarea', { id: 'consult-pricebook-json', spellcheck: false });
  const bookApply = el('button', { type: 'button', textContent: 'Apply price book' });
  bookApply.addEventListener('click', () => {
    try {
      const json = JSON.parse(bookText.value);
      validatePriceBook(json);
      setSettings({ book: 'custom', customBook: json });
      say('Price book applied.');
    } catch (e) {
      say(`Price book not applied: ${(e as Error).message}`, 'error');
    }
  });
  const bookDetails = el('details', {}, el('summary', { textContent: 'Edit the price book (JSON)' }), bookText, bookApply);
  const price = el('p', { className: 'estimate', id: 'consult-estimate' });
  const reasons = el('ul');
  const forecast = el('div', { id: 'consult-forecast' });

  host.append(
    el('h3', { textContent: 'Client' }),
    row('Name', client),
    el('h3', { textContent: 'Stage and concern' }),
    row('Stage of loss', stage),
    stageNote,
    row('Concern', concern),
    concernNotes,
    area,
    el('h3', { textContent: 'Sessions and aftercare' }),
    row('First session from', start),
    row('Time zone', zone),
    zones,
    row('Start time', time),
    el('div', { className: 'control' }, el('span', { textContent: 'Closed' }), weekdays),
    row('Closed dates', closedDates),
    row('Dots per hour', rate),
    times.element,
    calendar,
    warnings,
    book,
    bookWhy,
    el('h3', { textContent: 'Aftercare and what to expect' }),
    aftercare,
    ics,
    el('h3', { textContent: 'Price' }),
    row('Price book', bookSel),
    bookDetails,
    price,
    reasons,
    el('h3', { textContent: 'Touch-ups' }),
    forecast,
  );

  let forecastKey = '';
  async function refreshForecast(s: ConsultSettings): Promise<void> {
    const key = JSON.stringify([studio.doc.plan, s.book, s.customBook]);
    if (key === forecastKey) return;
    forecastKey = key;
    forecast.textContent = 'Working out the touch-ups…';
    try {
      const r = await worker.touchUpCost(studio.doc.plan, await chosenBook(s), { years: [5, 10] });
      if (!r || key !== forecastKey) return;
      const regionNames = studio.plan.regions.map((x, i) => x.name || `region ${i + 1}`);
      const first = r.perRegionFirstDueYear
        .map((y, i) => [y, regionNames[i]] as const)
        .filter((x): x is readonly [number, string] => x[0] !== null)
        .sort((a, b) => a[0] - b[0])[0];
      forecast.replaceChildren(
        el('p', { textContent: r.firstDueYear === null ? 'No touch-up falls due within 10 years.' : `First touch-up due ≈ year ${r.firstDueYear.toFixed(1)}${first ? ` (first in ${first[1]})` : ''}; then ${r.dueYears.slice(1).map((y) => y.toFixed(1)).join(', ') || '—'}.` }),
        el(
          'ul',
          {},
          ...r.horizons.map((h) => el('li', { textContent: `${h.years} years: ${h.touchUps} touch-up${h.touchUps === 1 ? '' : 's'}, ${Math.round(h.low).toLocaleString()}–${Math.round(h.high).toLocaleString()} ${r.currency}` })),
        ),
        el('p', { className: 'note', textContent: r.reasons.join(' ') }),
      );
      document.body.dataset.consultForecast = 'ready';
    } catch (e) {
      forecast.textContent = `The forecast could not be made: ${(e as Error).message}`;
    }
  }

  function sync(): void {
    if (host.hidden) return;
    const s = settings();
    const plan = studio.plan;
    if (document.activeElement !== client) client.value = s.client;
    stage.value = s.stage ?? '';
    stageNote.textContent = s.stage ? `${stageInfo(s.stage).description} ${STAGE_TEMPLATE_SOURCE}` : STAGE_TEMPLATE_SOURCE;
    concern.value = s.concern;
    const cd = concernDefaults(s.concern);
    const suggestion = suggestedSessionCount(s.concern, plan.skin);
    concernNotes.replaceChildren(...[...cd.notes, `${suggestion.count} sessions suggested: ${suggestion.reasons.join('; ')}`].map((n) => el('li', { textContent: n })));
    area.textContent = `Treated area: ${treatedAreaCm2(plan).toFixed(0)} cm² · ${plan.sessions.length} sessions at ${plan.density.target} dots/cm².`;
    start.value = s.start;
    if (document.activeElement !== zone) zone.value = s.timeZone;
    time.value = s.startTime;
    dayBoxes.forEach((b, i) => (b.checked = s.closedWeekdays.includes(i)));
    if (document.activeElement !== closedDates) closedDates.value = s.closedDates.join(', ');
    rate.value = String(s.dotsPerHour);
    times.sync(s);
    try {
      schedule = scheduleFor(plan, s, results.dots && results.dotsPlan === plan ? results.dots : null);
      const t = scheduleTable(schedule);
      calendar.replaceChildren(t);
      warnings.replaceChildren(...schedule.warnings.map((w) => el('li', { textContent: w })));
      aftercare.replaceChildren(
        ...aftercareEvents(schedule).map((a) => el('li', { textContent: `${a.date}${a.endDate > a.date ? ` → ${a.endDate}` : ''}: ${a.title}${a.final ? ' (after the final session)' : ` (session ${a.session + 1})`}` })),
      );
      scheduleError = '';
      ics.disabled = false;
    } catch (e) {
      schedule = null;
      scheduleError = (e as Error).message;
      calendar.textContent = `No schedule: ${scheduleError}`;
      warnings.replaceChildren();
      ics.disabled = true;
    }
    const b = bookState(schedule, studio.doc.plan, scheduleError);
    book.disabled = b.disabled;
    bookWhy.textContent = b.why;
    bookSel.value = s.book;
    void chosenBook(s).then((b) => {
      if (document.activeElement !== bookText) bookText.value = JSON.stringify(b, null, 2);
      try {
        const est = estimate(plan, s.concern, b);
        price.textContent = `${Math.round(est.low).toLocaleString()}–${Math.round(est.high).toLocaleString()} ${est.currency}`;
        reasons.replaceChildren(...est.reasons.map((r) => el('li', { textContent: r.text })));
      } catch (e) {
        price.textContent = `No estimate: ${(e as Error).message}`;
        reasons.replaceChildren();
      }
    });
    void refreshForecast(s);
  }

  return {
    sync,
    showTab,
    host,
    get schedule() {
      return schedule;
    },
    /** The touch-up forecast with its cost for a plan and settings (default the current ones), in the consultation worker. */
    forecast: async (plan: PlanInput = studio.doc.plan, s: ConsultSettings = settings()) => worker.touchUpCost(plan, await chosenBook(s), { years: [5, 10] }),
    clientName: () => settings().client,
  };
}
