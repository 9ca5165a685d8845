// The clinical panels of the Consultation tab (issue 21), all kept in the client's record on this device:
// the medical intake (an editable template; the flags its answers raise), the consent signed on the tablet, and
// the hairline sign-off (the design as approved, the after picture and the plan drawing, dated and sealed; a later
// edit makes a new version). The visits panel is visits-ui.ts. Mounted by records-ui.ts, behind the tab.
import {
  DEFAULT_INTAKE_TEMPLATE,
  consentContent,
  intakeFlags,
  missingAnswers,
  sameDesign,
  sameScope,
  validateIntakeAnswers,
  validateIntakeTemplate,
  type IntakeAnswers,
  type IntakeTemplate,
  type SignedRecord,
} from '../../src/consult/index.js';
import type { ClinicalRecords } from '../consult/clinical-records.js';
import type { Records } from '../consult/records.js';
import { planDrawing } from './plan-drawing.js';
import { mountSignaturePad, signaturePng } from './signature-pad.js';
import type { StudioDoc } from './state.js';
import { mountVisits, type Outlook } from './visits-ui.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** What the report takes from the record. */
export interface ClinicalReport {
  notes: string[];
  signatures: { title: string; signer: string; date: string; version: number; image: Blob; note?: string }[];
}

/** What the panels need. */
export interface ClinicalDeps {
  records: () => Promise<Records>;
  /** The record the studio holds (saved to or opened from the records), or null. */
  record: () => { id: string; clientId: string } | null;
  onRecord: (fn: () => void) => void;
  /** Saves the studio's project to the client's record (quietly); null when it could not (the reason was said). */
  save: (quiet?: boolean) => Promise<{ id: string; clientId: string } | null>;
  current: () => StudioDoc;
  clientName: () => string;
  /** The healed after picture of the current design on the client's photo (or the sample), cut to the head. */
  afterPicture: () => Promise<{ image: Blob; day: number; caption: string }>;
  /** The simulated picture for a day after session 1, cut as the after picture is, with its pixels. */
  dayPicture: (day: number) => Promise<{ image: Blob; pixels: ImageData }>;
  /** The model's outlook for the design on the stage (the visits' re-based forecast). */
  outlook?: () => Outlook | null;
  /** Calls fn whenever the studio's document changes (the sign-off says when the design differs from the signed one). */
  subscribe?: (fn: (c: { plan: boolean; cause: string }) => void) => void;
  say: (t: string, k?: 'info' | 'error') => void;
}

const LEVEL = { stop: 'Stop', caution: 'Caution', note: 'Note' } as const;
const local = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function mountClinical(host: HTMLElement, deps: ClinicalDeps) {
  let store: ClinicalRecords | null = null;
  const clinical = async (): Promise<ClinicalRecords> => {
    if (!store) {
      const [{ ClinicalRecords }, r] = await Promise.all([import('../consult/clinical-records.js'), deps.records()]);
      store = new ClinicalRecords(r.db);
    }
    return store;
  };
  let template: IntakeTemplate = DEFAULT_INTAKE_TEMPLATE;
  let answers: IntakeAnswers = {};
  let signed: SignedRecord[] = [];
  let verified = new Map<string, boolean>();
  /** The record, when the studio still shows its client (after a reload, "New" or another name it does not). */
  let active: { id: string; clientId: string } | null = null;

  // ---------------------------------------------------------------- intake
  const status = el('p', { className: 'note', id: 'clinical-status' });
  const start = el('button', { type: 'button', id: 'clinical-start', textContent: 'Start this client’s record' });
  start.addEventListener('click', async () => {
    if (await deps.save(true)) deps.say('The client’s record is on this device: the intake, consent and sign-off are kept in it.');
  });
  const form = el('div', { className: 'intake', id: 'intake-form' });
  const flags = el('ul', { className: 'flags', id: 'intake-flags' });
  const missing = el('p', { className: 'note', id: 'intake-missing' });
  const tplText = el('textarea', { id: 'intake-template-json', spellcheck: false });
  const tplApply = el('button', { type: 'button', textContent: 'Apply template' });
  const tplReset = el('button', { type: 'button', textContent: 'Default template' });
  const tplBox = el('details', {}, el('summary', { textContent: 'Edit the intake form (JSON template)' }), el('p', { className: 'note', textContent: 'Questions, the rules that raise flags, and the consent statements. A starting template for your studio’s own form, to be reviewed by your own advisers.' }), tplText, el('div', { className: 'actions' }, tplApply, tplReset));

  async function saveIntake(): Promise<void> {
    if (!active) return;
    try {
      await (await clinical()).saveIntake(active.clientId, template, answers);
      document.body.dataset.intakeSaved = String(Date.now());
    } catch (e) {
      deps.say(`The intake was not saved: ${(e as Error).message}`, 'error');
    }
  }
  const setAnswer = (id: string, value: string, detail?: string) => {
    const next = { ...answers };
    if (!value && !detail) delete next[id];
    else next[id] = detail ? { value, detail } : { value };
    answers = validateIntakeAnswers(template, next);
    drawFlags();
    void saveIntake();
  };
  async function applyTemplate(t: unknown): Promise<void> {
    try {
      const checked = validateIntakeTemplate(t);
      // answers to questions the new form no longer asks are dropped; the signed consents keep theirs
      const kept = Object.fromEntries(Object.entries(answers).filter(([k, a]) => checked.questions.some((q) => q.id === k && (q.kind !== 'choice' || q.options!.some((o) => o.value === a.value)))));
      template = checked;
      answers = validateIntakeAnswers(template, kept);
      drawForm();
      await saveIntake();
      deps.say('Intake form applied.');
    } catch (e) {
      deps.say(`The intake form was not applied: ${(e as Error).message}`, 'error');
    }
  }
  tplApply.addEventListener('click', () => {
    try {
      void applyTemplate(JSON.parse(tplText.value));
    } catch (e) {
      deps.say(`The intake form was not applied: ${(e as Error).message}`, 'error');
    }
  });
  tplReset.addEventListener('click', () => void applyTemplate(DEFAULT_INTAKE_TEMPLATE));

  function drawForm(): void {
    tplText.value = JSON.stringify(template, null, 2);
    form.replaceChildren(
      ...template.questions.map((q) => {
        const a = answers[q.id];
        const row = el('div', { className: 'question' });
        row.dataset.question = q.id;
        const label = el('span', { className: 'q', textContent: q.text, id: `intake-q-${q.id}` });
        row.append(label);
        if (q.kind === 'yesno') {
          const group = el('div', { className: 'yesno', role: 'radiogroup' });
          group.setAttribute('aria-labelledby', label.id);
          for (const v of ['yes', 'no'] as const) {
            const input = el('input', { type: 'radio', name: `intake-${q.id}`, id: `intake-${q.id}-${v}`, value: v, checked: a?.value === v });
            input.addEventListener('change', () => {
              setAnswer(q.id, v, v === 'yes' ? a?.detail : undefined);
              drawForm();
            });
            group.append(el('label', { htmlFor: input.id }, input, v === 'yes' ? 'Yes' : 'No'));
          }
          row.append(group);
          if (q.detail && a?.value === 'yes') {
            const d = el('input', { type: 'text', id: `intake-${q.id}-detail`, placeholder: q.detail, value: a.detail ?? '', maxLength: 2000 });
            d.setAttribute('aria-label', q.detail);
            d.addEventListener('change', () => setAnswer(q.id, 'yes', d.value.trim() || undefined));
            row.append(d);
          }
        } else if (q.kind === 'choice') {
          const sel = el('select', { id: `intake-${q.id}` });
          sel.setAttribute('aria-labelledby', label.id);
          sel.append(new Option('— choose —', ''), ...q.options!.map((o) => new Option(o.label, o.value)));
          sel.value = a?.value ?? '';
          sel.addEventListener('change', () => setAnswer(q.id, sel.value));
          row.append(sel);
        } else {
          const input = q.kind === 'date' ? el('input', { type: 'date', id: `intake-${q.id}`, value: a?.value ?? '' }) : el('textarea', { id: `intake-${q.id}`, value: a?.value ?? '', maxLength: 2000, rows: 2 });
          input.setAttribute('aria-labelledby', label.id);
          input.addEventListener('change', () => setAnswer(q.id, input.value.trim()));
          row.append(input);
        }
        return row;
      }),
    );
    drawFlags();
  }

  function drawFlags(): void {
    const f = intakeFlags(template, answers);
    flags.replaceChildren(...f.map((x) => el('li', { className: x.level }, el('strong', { textContent: `${LEVEL[x.level]}: ` }), x.consultant, ...(x.report ? [el('span', { className: 'note', textContent: ' (noted in the report)' })] : []))));
    const m = missingAnswers(template, answers);
    missing.textContent = m.length ? `${m.length} question${m.length > 1 ? 's' : ''} not answered yet: ${m.map((q) => q.text.replace(/\?$/, '')).slice(0, 3).join('; ')}${m.length > 3 ? '; …' : ''}.` : 'Every question is answered.';
    drawButtons();
  }

  // ---------------------------------------------------------------- consent
  const statements = el('ol', { className: 'statements', id: 'consent-statements' });
  const consentSigner = el('input', { type: 'text', id: 'consent-signer', maxLength: 120, autocomplete: 'off' });
  const consentPadHost = el('div');
  const consentPad = mountSignaturePad(consentPadHost, 'consent-pad', 'The client signs the consent here');
  const consentSign = el('button', { type: 'button', id: 'consent-sign', textContent: 'Sign the consent' });
  const consentWhy = el('p', { className: 'note', id: 'consent-why' });
  const consentList = el('ul', { className: 'signed', id: 'consent-signed' });

  // ---------------------------------------------------------------- hairline sign-off
  const designStatus = el('p', { id: 'design-status' });
  const designThumbs = el('div', { className: 'thumbs', id: 'design-thumbs' });
  const designSigner = el('input', { type: 'text', id: 'design-signer', maxLength: 120, autocomplete: 'off' });
  const designPadHost = el('div');
  const designPad = mountSignaturePad(designPadHost, 'design-pad', 'The client signs off the design here');
  const designSign = el('button', { type: 'button', id: 'design-sign', textContent: 'Sign off this design' });
  const designWhy = el('p', { className: 'note', id: 'design-why' });
  const designList = el('ul', { className: 'signed', id: 'design-signed' });

  const signerRow = (label: string, input: HTMLInputElement) => el('div', { className: 'control' }, el('label', { htmlFor: input.id, textContent: label }), input);

  function drawButtons(): void {
    const name = deps.clientName().trim();
    for (const i of [consentSigner, designSigner]) if (document.activeElement !== i && !i.value) i.value = name;
    const noRecord = active ? '' : 'Start the client’s record first.';
    const m = missingAnswers(template, answers).length;
    const why = noRecord || (m ? `Answer the ${m} question${m > 1 ? 's' : ''} left first.` : !consentPad.signature() ? 'The client signs in the box above.' : '');
    consentSign.disabled = !!why;
    consentWhy.textContent = why || 'Signing seals the answers, the flags and these statements with the signature and the time; it can never be changed, only signed again as a new version.';
    const dWhy = noRecord || (!designPad.signature() ? 'The client signs in the box above.' : '');
    designSign.disabled = !!dWhy;
    designWhy.textContent = dWhy || 'Signing saves the design to the record and seals it with the after picture, the plan drawing, the signature and the time.';
  }
  consentPad.onChange(drawButtons);
  designPad.onChange(drawButtons);

  async function signedItem(r: SignedRecord): Promise<HTMLLIElement> {
    const ok = verified.get(r.id);
    const img = el('img', { className: 'signature-thumb', alt: `${r.signer}’s signature` });
    img.src = URL.createObjectURL(await signaturePng(r.signature, 0.5));
    img.onload = () => URL.revokeObjectURL(img.src);
    const li = el('li', {}, `${r.kind === 'consent' ? 'Consent' : 'Design'} v${r.version} · ${local(r.signedAt)} · ${r.signer} · `, el('span', { className: ok ? 'ok' : 'warn', textContent: ok ? 'sealed, unchanged' : 'does not match its seal' }), img);
    li.dataset.version = String(r.version);
    return li;
  }

  async function drawSigned(): Promise<void> {
    const consents = signed.filter((r) => r.kind === 'consent');
    consentList.replaceChildren(...(await Promise.all(consents.map(signedItem))));
    const designs = active ? sameScope(signed, 'design', active.clientId, active.id) : [];
    designList.replaceChildren(...(await Promise.all(designs.map(signedItem))));
    const last = designs[designs.length - 1];
    const plan = deps.current().plan;
    if (!last) designStatus.textContent = active ? 'This design is not signed off yet.' : '';
    else if (sameDesign(last, plan)) designStatus.textContent = `Signed off as version ${last.version} on ${local(last.signedAt)}: the design on the stage is the one signed.`;
    else designStatus.textContent = `Signed off as version ${last.version} on ${local(last.signedAt)}; the design has changed since. Signing again makes version ${last.version + 1}; version ${last.version} stays as signed.`;
    designStatus.className = last && !sameDesign(last, plan) ? 'warn' : '';
    designThumbs.replaceChildren();
    if (last) {
      const c = await clinical();
      for (const f of last.files) {
        const blob = await c.picture(f.blobId);
        if (!blob) continue;
        const img = el('img', { alt: f.role === 'after' ? 'The after picture as signed off' : 'The plan as signed off' });
        img.src = URL.createObjectURL(blob);
        img.onload = () => URL.revokeObjectURL(img.src);
        designThumbs.append(img);
      }
    }
  }

  consentSign.addEventListener('click', async () => {
    const sig = consentPad.signature();
    if (!active || !sig) return;
    consentSign.disabled = true;
    try {
      const r = await (await clinical()).sign({ kind: 'consent', clientId: active.clientId, projectId: null, signer: consentSigner.value, content: consentContent(template, answers), signature: sig });
      consentPad.clear();
      deps.say(`Consent version ${r.version} signed and kept in the client’s record.`);
      await load();
    } catch (e) {
      deps.say(`The consent was not signed: ${(e as Error).message}`, 'error');
    } finally {
      drawButtons();
    }
  });

  designSign.addEventListener('click', async () => {
    const sig = designPad.signature();
    if (!active || !sig) return;
    designSign.disabled = true;
    deps.say('Signing off: saving the design and drawing the after picture…');
    try {
      // the record's project is saved with the design being signed, so the record holds what was approved
      const rec = await deps.save(true);
      if (!rec) return;
      const doc = deps.current();
      const [after, drawing] = await Promise.all([deps.afterPicture(), planDrawing(doc.plan)]);
      const r = await (await clinical()).sign({
        kind: 'design',
        clientId: rec.clientId,
        projectId: rec.id,
        signer: designSigner.value,
        content: { type: 'design', designName: doc.name || 'Design A', plan: doc.plan, summary: [after.caption], afterDay: after.day },
        signature: sig,
        pictures: [
          { role: 'after', blob: after.image },
          { role: 'plan', blob: drawing },
        ],
      });
      designPad.clear();
      deps.say(`Design signed off (version ${r.version}) with the after picture and the plan; kept in the client’s record.`);
      await load();
    } catch (e) {
      deps.say(`The design was not signed off: ${(e as Error).message}`, 'error');
    } finally {
      drawButtons();
    }
  });

  // ---------------------------------------------------------------- loading the record
  async function load(): Promise<void> {
    const rec = deps.record();
    active = null;
    if (rec) {
      const r = await deps.records();
      const client = await r.getClient(rec.clientId);
      if (client && client.name === deps.clientName().trim()) active = rec;
    }
    start.hidden = !!active;
    status.textContent = active ? `In ${deps.clientName().trim()}’s record on this device.` : 'The intake, consent and sign-off are kept in the client’s record on this device: start it (the client’s name above) or open it from the list.';
    if (active) {
      const c = await clinical();
      const intake = await c.intake(active.clientId);
      template = intake?.template ?? DEFAULT_INTAKE_TEMPLATE;
      answers = intake?.answers ?? {};
      signed = await c.signed(active.clientId);
      verified = new Map(await Promise.all(signed.map(async (s) => [s.id, await c.verify(s)] as const)));
    } else {
      template = DEFAULT_INTAKE_TEMPLATE;
      answers = {};
      signed = [];
    }
    form.inert = !active;
    statements.replaceChildren(...template.consent.map((s) => el('li', { textContent: s })));
    drawForm();
    await drawSigned();
    drawButtons();
    await visits.load(active);
    document.body.dataset.clinical = active ? `${active.clientId}:${signed.length}` : 'none';
  }

  const visits = mountVisits(el('div'), { clinical, dayPicture: deps.dayPicture, current: deps.current, ...(deps.outlook ? { outlook: deps.outlook } : {}), say: deps.say });
  let redraw = 0;
  deps.subscribe?.((c) => {
    if (!c.plan && c.cause !== 'open') return; // the timeline and other UI changes leave the design as it is
    // the sign-off's status follows the design on the stage (at most once a frame)
    cancelAnimationFrame(redraw);
    redraw = requestAnimationFrame(() => void drawSigned().then(drawButtons));
  });

  host.append(
    el('h3', { textContent: 'Medical intake' }),
    status,
    start,
    form,
    missing,
    flags,
    tplBox,
    el('h3', { textContent: 'Consent' }),
    statements,
    signerRow('Signed by', consentSigner),
    consentPadHost,
    consentSign,
    consentWhy,
    consentList,
    el('h3', { textContent: 'Hairline sign-off' }),
    designStatus,
    designThumbs,
    signerRow('Signed by', designSigner),
    designPadHost,
    designSign,
    designWhy,
    designList,
    visits.element,
  );
  deps.onRecord(() => void load().catch((e) => deps.say(`The client’s record could not be read: ${(e as Error).message}`, 'error')));
  void load().catch(() => {});

  return {
    /** Re-reads the record (the studio's client or design changed). */
    refresh: () => void load().catch(() => {}),
    /** What the report prints from the record: the intake's notes for the client and the latest consent and sign-off. */
    async reportPart(): Promise<ClinicalReport | null> {
      await load();
      if (!active) return null;
      const notes = intakeFlags(template, answers).flatMap((f) => (f.report ? [f.report] : []));
      const out: ClinicalReport = { notes, signatures: [] };
      const consent = signed.filter((r) => r.kind === 'consent').pop();
      const design = sameScope(signed, 'design', active.clientId, active.id).pop();
      const plan = deps.current().plan;
      for (const r of [consent, design]) {
        if (!r) continue;
        out.signatures.push({
          title: r.kind === 'consent' ? 'Consent to treatment' : 'Hairline and design sign-off',
          signer: r.signer,
          date: new Date(r.signedAt).toLocaleDateString('sv-SE'), // YYYY-MM-DD on this device's calendar
          version: r.version,
          image: await signaturePng(r.signature),
          ...(r.kind === 'design' && !sameDesign(r, plan) ? { note: 'The design in this report has changed since it was signed off; the signed version is kept in your record.' } : {}),
        });
      }
      return out;
    },
  };
}
