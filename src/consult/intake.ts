// The medical intake: an editable template of questions and the rules that turn answers into flags the
// consultant sees (and, where the rule says, a note in the client's report), plus the consent statements the client
// signs. The default covers what SMP clinics ask before a first session; it is a starting point for a studio's
// own form (reviewed by its own advisers), not medical or legal advice. Pure: no DOM, no storage.
import { describe, InputError, obj, safeParse, text as shown } from '../errors.js';
import { z } from '../schema.js';

/** Thrown for an invalid template or answers: `path` names the field, the message the value. A kind of InputError. */
export class IntakeError extends InputError {
  constructor(path: string, value: unknown, problem: string) {
    super(`${shown(path) || 'intake'}: ${shown(problem)} (got ${describe(value)})`, path, value);
    this.name = 'IntakeError';
  }
}

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected an id of lower-case letters, digits and dashes'));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const questionSchema = z.strictObject({
  id,
  /** The question as the client reads it. */
  text: text(400),
  /** yes/no, one of `options`, free text, or a date (YYYY-MM-DD). */
  kind: z.enum(['yesno', 'choice', 'text', 'date']),
  options: z.optional(z.array(z.strictObject({ value: id, label: text(120) })).check(z.minLength(2), z.maxLength(12))),
  /** Asked for details when the answer is yes (e.g. "Which medicine?"). */
  detail: z.optional(text(200)),
  /** Must be answered before the consent can be signed. Default true for yes/no and choice. */
  required: z.optional(z.boolean()),
});

const conditionSchema = z.strictObject({ question: id, is: z.array(z.string().check(z.maxLength(40))).check(z.minLength(1)) });

const ruleSchema = z.strictObject({
  id,
  when: conditionSchema,
  /** The rule stays quiet when this holds (e.g. a patch test showed no reaction). */
  unless: z.optional(conditionSchema),
  /** stop: do not start before it is resolved; caution: plan around it; note: something to tell the client. */
  level: z.enum(['stop', 'caution', 'note']),
  /** What the consultant sees. */
  consultant: text(400),
  /** A note for the client's report, in words for the client. */
  report: z.optional(text(400)),
});

const templateSchema = z.strictObject({
  version: z.literal(1),
  name: text(120),
  questions: z.array(questionSchema).check(z.minLength(1), z.maxLength(60)),
  rules: z.array(ruleSchema).check(z.maxLength(100)),
  /** The statements the client agrees to by signing the consent. */
  consent: z.array(text(600)).check(z.minLength(1), z.maxLength(20)),
});

/** A question of the intake form. */
export type IntakeQuestion = z.output<typeof questionSchema>;
/** A rule: when an answer is one of `is` (unless …), a flag at `level`. */
export type IntakeRule = z.output<typeof ruleSchema>;
/** An intake template: questions, rules and consent statements. */
export type IntakeTemplate = z.output<typeof templateSchema>;
/** One answer: the value ('yes'/'no', an option's value, text, or a date) and optional details. */
export interface IntakeAnswer {
  value: string;
  detail?: string;
}
/** The answers by question id. */
export type IntakeAnswers = Record<string, IntakeAnswer>;

/** A flag raised by the answers. */
export interface IntakeFlag {
  rule: string;
  question: string;
  level: IntakeRule['level'];
  consultant: string;
  report?: string;
}

const yes = (qid: string) => ({ question: qid, is: ['yes'] });

/**
 * The default intake: what SMP clinics ask before a first session (keloid or raised scars, active scalp
 * conditions, blood thinners, isotretinoin, diabetes, pregnancy, pigment allergies, the patch test and its
 * result, MRI, photo consent), the flags the answers raise, and the consent statements (DOMAIN.md
 * "Consultation facts": risks and expected reactions). A template: edit it to the studio's own form.
 */
export const DEFAULT_INTAKE_TEMPLATE: IntakeTemplate = {
  version: 1,
  name: 'SMP medical intake (default template)',
  questions: [
    { id: 'keloid', text: 'Have you ever formed keloid or raised (hypertrophic) scars?', kind: 'yesno', detail: 'Where, and after what?' },
    { id: 'scalp', text: 'Do you have an active scalp condition (psoriasis, eczema, seborrhoeic dermatitis, folliculitis, an infection or open wounds)?', kind: 'yesno', detail: 'Which, and is it treated?' },
    { id: 'blood-thinners', text: 'Do you take blood thinners (e.g. warfarin, apixaban, rivaroxaban, clopidogrel, daily aspirin)?', kind: 'yesno', detail: 'Which medicine?' },
    { id: 'isotretinoin', text: 'Have you taken isotretinoin (Roaccutane, Accutane) in the last 6 months?', kind: 'yesno', detail: 'When was the last dose?' },
    { id: 'diabetes', text: 'Do you have diabetes?', kind: 'yesno', detail: 'Type, and how is it controlled?' },
    { id: 'pregnancy', text: 'Are you pregnant or breast-feeding?', kind: 'yesno' },
    { id: 'allergy', text: 'Have you ever reacted to tattoo or micropigmentation pigment, hair dye, or metals such as nickel?', kind: 'yesno', detail: 'To what, and how?' },
    {
      id: 'patch-test',
      text: 'Patch test with the pigment',
      kind: 'choice',
      options: [
        { value: 'not-done', label: 'Not done' },
        { value: 'booked', label: 'Done, waiting for the result' },
        { value: 'no-reaction', label: 'No reaction' },
        { value: 'reaction', label: 'Reaction' },
      ],
    },
    { id: 'patch-test-date', text: 'Date of the patch test', kind: 'date', required: false },
    { id: 'mri', text: 'Do you expect to have an MRI scan?', kind: 'yesno' },
    {
      id: 'photo-consent',
      text: 'Photos of your head',
      kind: 'choice',
      options: [
        { value: 'record', label: 'Kept on this device for my record only' },
        { value: 'share', label: 'Also shown to other clients, without my name' },
        { value: 'none', label: 'No photos' },
      ],
    },
    { id: 'other', text: 'Anything else we should know (other medicines, conditions, previous scalp treatments)?', kind: 'text', required: false },
  ],
  rules: [
    {
      id: 'keloid-patch-test',
      when: yes('keloid'),
      unless: { question: 'patch-test', is: ['no-reaction'] },
      level: 'stop',
      consultant: 'Keloid or raised scars: do a patch test first and wait for it to heal before session 1.',
      report: 'You told us you have formed keloid or raised scars: we do a patch test first and watch it heal before your first session.',
    },
    {
      id: 'keloid-watch',
      when: yes('keloid'),
      level: 'caution',
      consultant: 'Keloid history: watch each session’s healing; stop if raised scars form.',
      report: 'Because of your keloid history we check how each session heals before the next.',
    },
    {
      id: 'scalp-active',
      when: yes('scalp'),
      level: 'stop',
      consultant: 'Active scalp condition: treat only when it is calm, with the client’s doctor’s advice.',
      report: 'We wait until your scalp condition is calm (with your doctor’s advice) before treating it.',
    },
    {
      id: 'blood-thinners',
      when: yes('blood-thinners'),
      level: 'caution',
      consultant: 'Blood thinners: more bleeding, the pigment may hold less well. Never advise stopping them; the prescribing doctor decides.',
      report: 'Blood thinners can make the skin bleed more during a session. Do not stop or change them without your doctor.',
    },
    {
      id: 'isotretinoin',
      when: yes('isotretinoin'),
      level: 'stop',
      consultant: 'Isotretinoin in the last 6 months: wait until 6 months after the last dose (fragile, slow-healing skin).',
      report: 'After isotretinoin the skin heals poorly: we start 6 months after your last dose.',
    },
    {
      id: 'diabetes',
      when: yes('diabetes'),
      level: 'caution',
      consultant: 'Diabetes: healing may be slower and infection likelier; ask how well it is controlled.',
      report: 'With diabetes healing can take longer: keep to the aftercare and tell us early about redness that does not settle.',
    },
    {
      id: 'pregnancy',
      when: yes('pregnancy'),
      level: 'stop',
      consultant: 'Pregnant or breast-feeding: postpone the sessions.',
      report: 'We postpone the sessions until after pregnancy and breast-feeding.',
    },
    {
      id: 'allergy-patch-test',
      when: yes('allergy'),
      unless: { question: 'patch-test', is: ['no-reaction'] },
      level: 'stop',
      consultant: 'Reaction to pigment, dye or metal: patch test first.',
      report: 'Because you have reacted to pigment, dye or metal before, we do a patch test first.',
    },
    {
      id: 'patch-test-reaction',
      when: { question: 'patch-test', is: ['reaction'] },
      level: 'stop',
      consultant: 'The patch test reacted: do not use this pigment.',
      report: 'Your skin reacted to the patch test: we will not use that pigment.',
    },
    {
      id: 'patch-test-pending',
      when: { question: 'patch-test', is: ['booked'] },
      level: 'caution',
      consultant: 'Patch test done: read its result before session 1.',
    },
    {
      id: 'mri',
      when: yes('mri'),
      level: 'note',
      consultant: 'MRI expected: tell the client to mention the pigment to the radiographer.',
      report: 'Pigment in the skin can warm up or show on an MRI scan: tell the radiographer you have scalp micropigmentation.',
    },
    {
      id: 'no-photos',
      when: { question: 'photo-consent', is: ['none'] },
      level: 'caution',
      consultant: 'No photo consent: do not keep photos in the record (design on the sample scalp, or delete the photo after the consultation).',
    },
  ],
  consent: [
    'I have answered the health questions truthfully and will tell the studio if anything changes before a session.',
    'I understand that scalp micropigmentation is semi-permanent: the dots fade over the years and touch-ups are needed to keep the look.',
    'I have been told the risks: infection, an allergic reaction to the pigment, granulomas or keloids, and interference with MRI scans; and what to expect: slight bleeding, swelling, redness and light crusting.',
    'I understand that the pictures I was shown are a computer simulation of the plan, not a promise of the result.',
    'I agree to follow the aftercare I was given.',
  ],
};

function zodPath(e: z.core.$ZodError, input: unknown): { path: string; value: unknown; message: string } {
  const issue = e.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  let value: unknown = input;
  for (const k of keys) value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[k as PropertyKey];
  const path = keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
  return { path, value, message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message };
}

/** Checks a template (e.g. the studio's edited JSON): unique ids, options where needed, rules that name real questions and options. Throws IntakeError. */
export function validateIntakeTemplate(input: unknown): IntakeTemplate {
  return checkedTemplate('intakeTemplate', input);
}

/** A zod parse whose first issue (or a value zod cannot read) becomes an IntakeError naming `where` and the field. */
function parsed<T>(where: string, schema: z.ZodMiniType<T>, input: unknown): T {
  const r = safeParse(schema, input, (path, value) => {
    throw new IntakeError(`${where}${path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}`, value, 'expected JSON-like data (numbers, strings, lists, plain objects)');
  });
  if (!r.success) {
    const { path, value, message } = zodPath(r.error, input);
    throw new IntakeError(`${where}${path}`, value, message);
  }
  return r.data;
}

function checkedTemplate(where: string, input: unknown): IntakeTemplate {
  const t = parsed(where, templateSchema, input);
  const byId = new Map<string, IntakeQuestion>();
  t.questions.forEach((q, i) => {
    if (byId.has(q.id)) throw new IntakeError(`${where}.questions[${i}].id`, q.id, 'duplicate question id');
    if ((q.kind === 'choice') !== !!q.options) throw new IntakeError(`${where}.questions[${i}].options`, q.options, q.kind === 'choice' ? 'a choice needs options' : `a ${q.kind} question has no options`);
    byId.set(q.id, q);
  });
  const ruleIds = new Set<string>();
  t.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) throw new IntakeError(`${where}.rules[${i}].id`, rule.id, 'duplicate rule id');
    ruleIds.add(rule.id);
    for (const part of ['when', 'unless'] as const) {
      const c = rule[part];
      if (!c) continue;
      const q = byId.get(c.question);
      if (!q) throw new IntakeError(`${where}.rules[${i}].${part}.question`, c.question, 'no such question');
      const allowed = q.kind === 'yesno' ? ['yes', 'no'] : q.kind === 'choice' ? q.options!.map((o) => o.value) : null;
      if (!allowed) throw new IntakeError(`${where}.rules[${i}].${part}.question`, c.question, 'rules can only test yes/no and choice questions');
      c.is.forEach((v, j) => {
        if (!allowed.includes(v)) throw new IntakeError(`${where}.rules[${i}].${part}.is[${j}]`, v, `expected one of ${allowed.join(', ')}`);
      });
    }
  });
  return t;
}

const isRequired = (q: IntakeQuestion): boolean => q.required ?? (q.kind === 'yesno' || q.kind === 'choice');

/** Checks answers against their template: every answer names a question and fits its kind. Unanswered questions are allowed (see missingAnswers). Throws IntakeError. */
export function validateIntakeAnswers(template: IntakeTemplate, input: unknown): IntakeAnswers {
  return checkedAnswers(checkedTemplate('template', template), input);
}

function checkedAnswers(template: IntakeTemplate, input: unknown): IntakeAnswers {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new IntakeError('answers', input, 'expected an object of answers by question id');
  const byId = new Map(template.questions.map((q) => [q.id, q]));
  const out: IntakeAnswers = {};
  for (const [qid, raw] of Object.entries(input as Record<string, unknown>)) {
    const q = byId.get(qid);
    if (!q) throw new IntakeError(`answers.${qid}`, raw, 'no such question in the template');
    const a = raw as Partial<IntakeAnswer> | null;
    if (!a || typeof a !== 'object' || Array.isArray(a) || ArrayBuffer.isView(a)) throw new IntakeError(`answers.${qid}`, raw, 'expected an answer { value, detail? }');
    if (typeof a.value !== 'string') throw new IntakeError(`answers.${qid}.value`, a?.value, 'expected a string');
    const v = a.value;
    if (v.length > 2000) throw new IntakeError(`answers.${qid}.value`, `${v.slice(0, 20)}…`, 'longer than 2,000 characters');
    if (q.kind === 'yesno' && v !== 'yes' && v !== 'no') throw new IntakeError(`answers.${qid}.value`, v, 'expected yes or no');
    if (q.kind === 'choice' && !q.options!.some((o) => o.value === v)) throw new IntakeError(`answers.${qid}.value`, v, `expected one of ${q.options!.map((o) => o.value).join(', ')}`);
    if (q.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new IntakeError(`answers.${qid}.value`, v, 'expected a date YYYY-MM-DD');
        if (a.detail !== undefined && (typeof a.detail !== 'string' || a.detail.length > 2000)) throw new IntakeError(`answers.${qid}.detail`, a.detail, 'expected text up to 2,000 characters');
    if (v === '' && !a.detail) continue;
    out[qid] = a.detail ? { value: v, detail: a.detail } : { value: v };
  }
  return out;
}

/** The required questions not answered yet, in the template's order. */
export function missingAnswers(template: IntakeTemplate, answers: IntakeAnswers): IntakeQuestion[] {
  template = checkedTemplate('template', template);
  answers = checkedAnswers(template, answers);
  return template.questions.filter((q) => isRequired(q) && !answers[q.id]?.value);
}

const holds = (c: IntakeRule['when'], answers: IntakeAnswers): boolean => c.is.includes(answers[c.question]?.value ?? '');

/** The flags the answers raise, in the template's rule order, stops first. */
export function intakeFlags(template: IntakeTemplate, answers: IntakeAnswers): IntakeFlag[] {
  const t = checkedTemplate('template', template);
  return flagsOf(t, checkedAnswers(t, answers));
}

/** The flags of checked answers to a checked template. */
function flagsOf(template: IntakeTemplate, answers: IntakeAnswers): IntakeFlag[] {
  const order = { stop: 0, caution: 1, note: 2 } as const;
  return template.rules
    .filter((r) => holds(r.when, answers) && !(r.unless && holds(r.unless, answers)))
    .map((r) => ({ rule: r.id, question: r.when.question, level: r.level, consultant: r.consultant, ...(r.report ? { report: r.report } : {}) }))
    .sort((a, b) => order[a.level] - order[b.level]);
}

/** An answer as the client and the report read it: "Yes: warfarin", the option's label, the date or the text. */
export function answerText(q: IntakeQuestion, a: IntakeAnswer | undefined): string {
  q = parsed('question', questionSchema, q);
  if ((q.kind === 'choice') !== !!q.options) throw new IntakeError('question.options', q.options, q.kind === 'choice' ? 'a choice needs options' : `a ${q.kind} question has no options`);
  if (a !== undefined) {
    obj('answer', a);
    if (typeof a.value !== 'string' || a.value.length > 2000) throw new IntakeError('answer.value', a.value, 'expected text up to 2,000 characters');
    if (a.detail !== undefined && (typeof a.detail !== 'string' || a.detail.length > 2000)) throw new IntakeError('answer.detail', a.detail, 'expected text up to 2,000 characters');
  }
  return textOf(q, a);
}

/** answerText of a checked question and answer. */
function textOf(q: IntakeQuestion, a: IntakeAnswer | undefined): string {
  if (!a?.value) return '—';
  const v = q.kind === 'yesno' ? (a.value === 'yes' ? 'Yes' : 'No') : q.kind === 'choice' ? (q.options!.find((o) => o.value === a.value)?.label ?? a.value) : a.value;
  return a.detail ? `${v}: ${a.detail}` : v;
}
