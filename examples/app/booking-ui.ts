// The booking's details in the Consultation tab: a session's parts besides the needling (set-up and numbing,
// mapping, aftercare talk; editable), the calendar table with each session's parts, and why "Use these dates in
// the plan" is disabled when it is. bookState is pure (tested in node); the rest is DOM.
import { SESSION_HOURS, fmtHours, type Schedule, type SessionTimes } from '../../src/consult/index.js';
import type { PlanInput } from '../../src/plan.js';
import type { ConsultSettings } from './consult-state.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** Whether "Use these dates in the plan" can act, and the sentence that says why (or what it will do). */
export function bookState(schedule: Schedule | null, plan: PlanInput, error = ''): { disabled: boolean; why: string } {
  if (!schedule) return { disabled: true, why: `No dates to use: ${error || 'the sessions could not be booked'}.` };
  const planDays = (plan.sessions ?? []).map((s) => s.day ?? 0);
  const booked = schedule.sessions.map((s) => s.day);
  if (planDays.length !== booked.length) return { disabled: true, why: `No dates to use: the plan has ${planDays.length} sessions, the booking ${booked.length}.` };
  if (booked.every((d, i) => d === planDays[i])) return { disabled: true, why: `The plan already uses these dates (sessions on days ${booked.join(', ')} after the first).` };
  return { disabled: false, why: `Moves the plan's sessions to days ${booked.join(', ')} after the first (now ${planDays.join(', ')}), so the timeline matches the calendar. Undoable.` };
}

const FIELDS: { key: keyof SessionTimes; label: string }[] = [
  { key: 'setupMinutes', label: 'Set-up and numbing' },
  { key: 'firstMappingMinutes', label: 'Mapping, session 1' },
  { key: 'mappingMinutes', label: 'Mapping, later sessions' },
  { key: 'aftercareMinutes', label: 'Aftercare talk' },
];

/** The editable parts of a session (minutes), for the booking section. */
export function mountSessionTimes(settings: () => ConsultSettings, setSettings: (p: Partial<ConsultSettings>) => void) {
  const inputs = FIELDS.map(({ key, label }) => {
    const input = el('input', { id: `consult-${key}`, type: 'number', min: '0', max: '240', step: '5' });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (!(Number.isInteger(v) && v >= 0 && v <= 240)) {
        input.setCustomValidity('whole minutes 0–240');
        input.reportValidity();
        return;
      }
      input.setCustomValidity('');
      setSettings({ times: { ...settings().times, [key]: v } });
    });
    return { key, input, row: el('div', { className: 'control' }, el('label', { htmlFor: input.id, textContent: `${label} (min)` }), input) };
  });
  const box = el(
    'details',
    { className: 'session-times' },
    el('summary', { textContent: 'A session is booked with its set-up, mapping and aftercare talk' }),
    ...inputs.map((i) => i.row),
    el('p', { className: 'note', textContent: `Needle time is the dots ÷ the rate, rounded up to a quarter hour. Clinics book sessions of ${SESSION_HOURS[0]}–${SESSION_HOURS[1]} h; these minutes are our defaults, edit them to your studio's.` }),
  );
  return {
    element: box,
    sync(s: ConsultSettings): void {
      for (const i of inputs) if (document.activeElement !== i.input) i.input.value = String(s.times[i.key]);
    },
  };
}

/** The calendar table: date, time and each session's parts. */
export function scheduleTable(schedule: Schedule): HTMLTableElement {
  const t = el('table', { className: 'calendar', id: 'consult-calendar' });
  t.append(el('tr', {}, ...['#', 'Date', 'Time', 'Booked', 'Dots'].map((h) => el('th', { textContent: h }))));
  for (const x of schedule.sessions) {
    const p = x.parts;
    const booked = el('td', { className: 'parts' }, el('strong', { textContent: fmtHours(x.durationMinutes) }), el('br'), `set-up ${fmtHours(p.setup)} · mapping ${fmtHours(p.mapping)} · needle ${fmtHours(p.needle)} · aftercare ${fmtHours(p.aftercare)}`);
    const long = x.durationMinutes > SESSION_HOURS[1] * 60;
    if (long) booked.classList.add('warn');
    t.append(
      el(
        'tr',
        {},
        el('td', { textContent: String(x.index + 1) }),
        el('td', { textContent: `${x.date}${x.moved ? ' (moved)' : ''}` }),
        el('td', { textContent: `${x.startTime}–${x.endTime}` }),
        booked,
        el('td', { textContent: x.dots.toLocaleString() }),
      ),
    );
  }
  return t;
}
