// Per-session and touch-up lists in the panel: day, cumulative share, shade, needle size and points for each
// session; year, re-darkened share, added dots and shade for each touch-up, with add and remove. Every change
// goes through the studio's edit path (validated, undoable).
import { addSession, addTouchUp, removeSession, removeTouchUp, setSession, setTouchUp } from '../edit/index.js';
import type { Studio } from './state.js';

interface Column<K extends string> {
  key: K;
  label: string;
  min: number;
  max: number;
  step: number;
}

const SESSION_COLUMNS: Column<'day' | 'cumulative' | 'shade' | 'needleMm' | 'needlePoints'>[] = [
  { key: 'day', label: 'Day', min: 0, max: 3650, step: 1 },
  { key: 'cumulative', label: 'Cumulative', min: 0.05, max: 1, step: 0.05 },
  { key: 'shade', label: 'Shade', min: 0, max: 1, step: 0.05 },
  { key: 'needleMm', label: 'Needle mm', min: 0.1, max: 0.6, step: 0.01 },
  { key: 'needlePoints', label: 'Points', min: 1, max: 9, step: 1 },
];
const TOUCHUP_COLUMNS: Column<'year' | 'redarkenShare' | 'addFraction' | 'shade'>[] = [
  { key: 'year', label: 'Year', min: 0.1, max: 50, step: 0.1 },
  { key: 'redarkenShare', label: 'Re-darken', min: 0, max: 1, step: 0.05 },
  { key: 'addFraction', label: 'Add', min: 0, max: 0.5, step: 0.05 },
  { key: 'shade', label: 'Shade', min: 0, max: 1, step: 0.05 },
];

export function mountSessions(host: HTMLElement, studio: Studio, say: (t: string, k?: 'info' | 'error') => void): { sync(): void } {
  const sessionBox = host.querySelector<HTMLDivElement>('#session-table')!;
  const touchBox = host.querySelector<HTMLDivElement>('#touchup-table')!;

  type PlanDoc = Parameters<Parameters<Studio['edit']>[0]>[0]['plan'];
  function apply(fn: (p: PlanDoc) => PlanDoc): void {
    const err = studio.edit((d) => (d.plan = fn(d.plan)));
    studio.seal();
    if (err) {
      say(err.message, 'error');
      sync();
    }
  }

  function table<K extends string>(caption: string, cols: Column<K>[], rows: Record<K, number>[], idPrefix: string, onSet: (i: number, k: K, v: number) => void, onRemove?: (i: number) => void): HTMLTableElement {
    const t = document.createElement('table');
    t.className = 'list-table';
    const cap = document.createElement('caption');
    cap.textContent = caption;
    t.append(cap);
    const head = t.createTHead().insertRow();
    head.insertCell().outerHTML = '<th scope="col">#</th>';
    for (const c of cols) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c.label;
      head.append(th);
    }
    if (onRemove) head.append(document.createElement('th'));
    const body = t.createTBody();
    rows.forEach((row, i) => {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(i + 1);
      tr.append(th);
      for (const c of cols) {
        const input = document.createElement('input');
        input.type = 'number';
        input.id = `${idPrefix}-${i}-${c.key}`;
        input.min = String(c.min);
        input.max = String(c.max);
        input.step = String(c.step);
        input.value = String(row[c.key]);
        input.setAttribute('aria-label', `${caption.replace(/s$/, '')} ${i + 1} ${c.label.toLowerCase()}`);
        input.addEventListener('change', () => {
          const v = Number(input.value);
          if (input.value === '' || !Number.isFinite(v)) {
            say(`${caption} ${i + 1} ${c.label.toLowerCase()}: enter a number`, 'error');
            sync();
            return;
          }
          onSet(i, c.key, v);
        });
        tr.insertCell().append(input);
      }
      if (onRemove) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = '✕';
        b.setAttribute('aria-label', `Remove ${caption.replace(/s$/, '').toLowerCase()} ${i + 1}`);
        b.addEventListener('click', () => onRemove(i));
        tr.insertCell().append(b);
      }
    });
    return t;
  }

  function button(text: string, id: string, on: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.textContent = text;
    b.addEventListener('click', on);
    return b;
  }

  function sync(): void {
    const plan = studio.plan;
    const active = document.activeElement?.id;
    sessionBox.replaceChildren(
      table(
        'Sessions',
        SESSION_COLUMNS,
        plan.sessions as never,
        'session',
        (i, k, v) => apply((p) => setSession(p, i, { [k]: v })),
        plan.sessions.length > 1 ? (i) => apply((p) => removeSession(p, i)) : undefined,
      ),
      button('+ session', 'session-add', () => apply((p) => addSession(p))),
    );
    touchBox.replaceChildren(
      table('Touch-ups', TOUCHUP_COLUMNS, plan.touchUps as never, 'touchup', (i, k, v) => apply((p) => setTouchUp(p, i, { [k]: v })), (i) => apply((p) => removeTouchUp(p, i))),
      button('+ touch-up', 'touchup-add', () => apply((p) => addTouchUp(p).plan)),
    );
    if (active) document.getElementById(active)?.focus();
  }
  return { sync };
}
