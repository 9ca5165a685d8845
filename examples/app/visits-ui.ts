// Follow-up visits against the plan (issue 21): each visit's photo is kept in the client's record and shown beside
// (or blended over) the simulated picture for that day; the consultant taps the areas that need more; a measuring
// spot on treated scalp compares the darkening seen with the darkening simulated, and the touch-up forecast is
// re-based on it (src/consult/visits.ts says how). The comparison is at the same place of the frame, so the visit's
// photo is taken framed as the first one (the panel says so).
import { rebaseForecast, type VisitMark, type VisitMeasure } from '../../src/consult/visits.js';
import type { ClinicalRecords, Visit } from '../consult/clinical-records.js';
import type { StudioDoc } from './state.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** The model's outlook for the design on the stage: its darkness curve, when it is settled, the forecast touch-up years. */
export interface Outlook {
  curve: { days: ArrayLike<number>; darkness: ArrayLike<number> };
  settledDay: number;
  dueYears: number[];
}

interface Deps {
  clinical: () => Promise<ClinicalRecords>;
  /** The simulated picture for a day after session 1 (day < 0: the before photo), cut to the head. */
  dayPicture: (day: number) => Promise<{ image: Blob; pixels: ImageData }>;
  current: () => StudioDoc;
  outlook?: () => Outlook | null;
  say: (t: string, k?: 'info' | 'error') => void;
}

const lin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

/** Mean linear-light luminance of an image inside a circle given in fractions (r of the width). */
export function meanLuminance(img: ImageData, spot: VisitMark): number {
  const { width: w, height: h, data } = img;
  const cx = spot.x * w;
  const cy = spot.y * h;
  const r = Math.max(1, spot.r * w);
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(h, Math.ceil(cy + r)); y++)
    for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, Math.ceil(cx + r)); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
      const i = (y * w + x) * 4;
      sum += 0.2126 * lin(data[i]! / 255) + 0.7152 * lin(data[i + 1]! / 255) + 0.0722 * lin(data[i + 2]! / 255);
      n++;
    }
  return n ? sum / n : 0;
}

async function pixelsOf(blob: Blob, width: number, height: number): Promise<ImageData> {
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d')!;
  g.drawImage(bmp, 0, 0, width, height);
  bmp.close();
  return g.getImageData(0, 0, width, height);
}

export function mountVisits(host: HTMLElement, deps: Deps) {
  let clientId: string | null = null;
  let projectId: string | null = null;
  const label = el('select', { id: 'visit-label' });
  for (const l of ['Session 2', 'Session 3', 'Session 4', 'Touch-up', 'Check-up']) label.append(new Option(l));
  const date = el('input', { type: 'date', id: 'visit-date', value: new Date().toLocaleDateString('sv-SE') });
  const day = el('input', { type: 'number', id: 'visit-day', min: '0', max: '3650', step: '1' });
  const photo = el('input', { type: 'file', id: 'visit-photo', accept: 'image/jpeg,image/png,image/webp', hidden: true });
  const add = el('button', { type: 'button', id: 'visit-add', textContent: 'Add the visit’s photo…' });
  const list = el('div', { id: 'visit-list' });
  const defaultDay = () => {
    const sessions = deps.current().plan.sessions ?? [];
    const m = /Session (\d)/.exec(label.value);
    const s = m ? sessions[Number(m[1]) - 1] : undefined;
    day.value = String(s?.day ?? Math.max(...sessions.map((x) => x.day ?? 0), 0) + 120);
  };
  label.addEventListener('change', defaultDay);
  add.addEventListener('click', () => photo.click());
  photo.addEventListener('change', async () => {
    const f = photo.files?.[0];
    photo.value = '';
    if (!f || !clientId) return;
    try {
      await (await deps.clinical()).addVisit(clientId, { projectId, date: date.value, day: Number(day.value), label: label.value, photo: f });
      deps.say(`${label.value}: the photo is kept in the client’s record. Tap it where the scalp needs more.`);
      await load(clientId, projectId);
    } catch (e) {
      deps.say(`The visit was not added: ${(e as Error).message}`, 'error');
    }
  });
  const form = el(
    'div',
    { className: 'visit-form' },
    el('div', { className: 'control' }, el('label', { htmlFor: label.id, textContent: 'Visit' }), label),
    el('div', { className: 'control' }, el('label', { htmlFor: date.id, textContent: 'Date' }), date),
    el('div', { className: 'control' }, el('label', { htmlFor: day.id, textContent: 'Day after session 1' }), day),
    add,
    photo,
  );
  const note = el('p', { className: 'note', textContent: 'Take the visit’s photo framed as the first one: it is compared with the simulated picture at the same place of the frame.' });
  host.append(el('h3', { textContent: 'Follow-up visits' }), note, form, list);

  async function visitView(c: ClinicalRecords, v: Visit & { id: string }): Promise<HTMLElement> {
    const box = el('div', { className: 'visit' });
    box.dataset.visit = v.id;
    const blob = await c.picture(v.photoId);
    const sim = await deps.dayPicture(v.day).catch(() => null);
    const title = el('p', { className: 'visit-title', textContent: `${v.label} · ${v.date} · day ${v.day} of the plan` });
    const pair = el('div', { className: 'visit-pair' });
    const simFig = el('figure', {}, el('figcaption', { textContent: `The plan for day ${v.day}` }));
    if (sim) {
      const img = el('img', { alt: `Simulated picture for day ${v.day}` });
      img.src = URL.createObjectURL(sim.image);
      simFig.prepend(img);
    }
    const stage = el('div', { className: 'visit-photo' });
    const photoImg = el('img', { alt: `The photo of ${v.label}` });
    if (blob) photoImg.src = URL.createObjectURL(blob);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 1 1');
    svg.setAttribute('preserveAspectRatio', 'none');
    stage.append(photoImg, svg);
    const visitFig = el('figure', {}, stage, el('figcaption', { textContent: 'The scalp at the visit (tap: needs more)' }));
    pair.append(simFig, visitFig);
    // blended: the visit's photo over the simulated picture
    const blend = el('input', { type: 'range', min: '0', max: '1', step: '0.05', value: '0' });
    blend.setAttribute('aria-label', 'Blend the visit’s photo over the plan');
    const overlay = el('img', { className: 'visit-blend', alt: '' });
    if (blob) overlay.src = photoImg.src;
    overlay.style.opacity = '0';
    simFig.append(overlay);
    blend.addEventListener('input', () => (overlay.style.opacity = blend.value));

    let marks: VisitMark[] = [...v.marks];
    let mode: 'mark' | 'measure' = 'mark';
    let spot: VisitMark | null = null;
    const drawMarks = () => {
      svg.replaceChildren(
        ...marks.map((m) => {
          const e = document.createElementNS('http://www.w3.org/2000/svg', 'ellipse');
          e.setAttribute('cx', String(m.x));
          e.setAttribute('cy', String(m.y));
          e.setAttribute('rx', String(m.r));
          e.setAttribute('ry', String((m.r * (photoImg.naturalWidth || 1)) / (photoImg.naturalHeight || 1)));
          e.setAttribute('class', 'mark');
          return e;
        }),
        ...(spot ? [Object.assign(document.createElementNS('http://www.w3.org/2000/svg', 'circle'), {})] : []).map((e) => {
          e.setAttribute('cx', String(spot!.x));
          e.setAttribute('cy', String(spot!.y));
          e.setAttribute('r', String(spot!.r));
          e.setAttribute('class', 'spot');
          return e;
        }),
      );
      marksNote.textContent = marks.length ? `${marks.length} area${marks.length > 1 ? 's' : ''} marked as needing more.` : 'No area marked.';
    };
    const marksNote = el('p', { className: 'note' });
    stage.addEventListener('click', async (e) => {
      const r = stage.getBoundingClientRect();
      const x = (e.clientX - r.left) / r.width;
      const y = (e.clientY - r.top) / r.height;
      if (mode === 'measure') {
        spot = { x, y, r: 0.06 };
        drawMarks();
        await measure();
        return;
      }
      const hit = marks.findIndex((m) => Math.hypot(m.x - x, (m.y - y) * (r.height / r.width)) < m.r);
      marks = hit >= 0 ? marks.filter((_, i) => i !== hit) : [...marks, { x, y, r: 0.05 }];
      drawMarks();
      try {
        await c.updateVisit(v.id, { marks });
        document.body.dataset.visitMarks = String(marks.length);
      } catch (err) {
        deps.say(`The marks were not saved: ${(err as Error).message}`, 'error');
      }
    });
    const measureBtn = el('button', { type: 'button', textContent: 'Measure: tap treated scalp' });
    measureBtn.addEventListener('click', () => {
      mode = mode === 'mark' ? 'measure' : 'mark';
      measureBtn.textContent = mode === 'measure' ? 'Back to marking' : 'Measure: tap treated scalp';
      stage.classList.toggle('measuring', mode === 'measure');
    });
    const result = el('p', { className: 'visit-result' });
    const showRebase = (m: VisitMeasure, tries = 0) => {
      const o = deps.outlook?.();
      // the design's outlook is worked out after the page opens: wait for it (up to a minute) before saying it is missing
      if (!o && deps.outlook && tries < 60) {
        result.textContent = 'Re-basing the touch-up forecast once it is worked out…';
        setTimeout(() => showRebase(m, tries + 1), 1000);
        return;
      }
      try {
        if (!o) throw new Error('the forecast for this design is still being worked out');
        const r = rebaseForecast({ days: Array.from(o.curve.days), darkness: Array.from(o.curve.darkness) }, v.day, m, o.dueYears, o.settledDay);
        result.textContent = `${r.text} ${o.dueYears.length ? `First touch-up: year ${o.dueYears[0]!.toFixed(1)} planned → year ${r.dueYears[0]!.toFixed(1)} re-based on this visit.` : 'No touch-up falls due within the forecast.'}`;
      } catch (err) {
        result.textContent = `Measured (${(m.visit * 100).toFixed(1)} % seen against ${(m.simulated * 100).toFixed(1)} % simulated and ${(m.before * 100).toFixed(1)} % before); the forecast is not re-based: ${(err as Error).message}.`;
      }
    };
    async function measure(): Promise<void> {
      if (!spot || !sim || !blob) return;
      try {
        const before = await deps.dayPicture(-1);
        const w = sim.pixels.width;
        const h = sim.pixels.height;
        const seen = await pixelsOf(blob, w, h);
        const m: VisitMeasure = { before: meanLuminance(before.pixels, spot), simulated: meanLuminance(sim.pixels, spot), visit: meanLuminance(seen, spot) };
        await c.updateVisit(v.id, { measured: m });
        showRebase(m);
      } catch (err) {
        deps.say(`Not measured: ${(err as Error).message}`, 'error');
      }
    }
    if (v.measured) showRebase(v.measured);
    photoImg.addEventListener('load', drawMarks);
    drawMarks();
    box.append(title, pair, el('div', { className: 'control' }, el('span', { textContent: 'Blend' }), blend), marksNote, measureBtn, result);
    return box;
  }

  async function load(client: string | null, project: string | null): Promise<void> {
    clientId = client;
    projectId = project;
    host.hidden = !client;
    if (!day.value) defaultDay();
    if (!client) {
      list.replaceChildren();
      return;
    }
    const c = await deps.clinical();
    const visits = await c.visits(client);
    list.replaceChildren(...(await Promise.all(visits.map((v) => visitView(c, v)))));
  }

  return {
    element: host,
    load: (rec: { id: string; clientId: string } | null) => load(rec?.clientId ?? null, rec?.id ?? null),
  };
}
