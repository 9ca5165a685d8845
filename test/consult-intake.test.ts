// Issue 21: the medical intake (an editable template, answers that raise flags) and the signed records (consent and
// hairline sign-off, sealed, versioned, never changed).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INTAKE_TEMPLATE,
  type IntakeAnswers,
  type Signature,
  type SignedRecord,
  consentContent,
  intakeFlags,
  missingAnswers,
  sameDesign,
  sealSigned,
  validateIntakeAnswers,
  validateIntakeTemplate,
  validateSignature,
  verifySigned,
} from '../src/consult/index.js';
import { defaultPlanInput } from '../src/index.js';

const t = validateIntakeTemplate(DEFAULT_INTAKE_TEMPLATE);
const allNo: IntakeAnswers = Object.fromEntries(
  t.questions.filter((q) => q.kind === 'yesno').map((q) => [q.id, { value: 'no' }]),
);
const clean: IntakeAnswers = { ...allNo, 'patch-test': { value: 'no-reaction' }, 'photo-consent': { value: 'record' } };
/** A signature: a wavy line across most of a 400 × 150 pad. */
const sig: Signature = { width: 400, height: 150, strokes: [Array.from({ length: 60 }, (_, i) => [30 + i * 5.5, 75 + 30 * Math.sin(i / 3)]).flat()] };

describe('the intake template', () => {
  it('the default asks what SMP clinics ask: keloids, scalp conditions, blood thinners, isotretinoin, diabetes, pregnancy, pigment allergies, the patch test, MRI and photo consent', () => {
    const text = t.questions.map((q) => q.text).join(' ');
    for (const w of [/keloid/i, /scalp condition/i, /blood thinners/i, /isotretinoin/i, /diabetes/i, /pregnant/i, /pigment/i, /patch test/i, /MRI/, /photos/i]) expect(text).toMatch(w);
  });

  it('a clean intake raises no flag and misses no required answer', () => {
    expect(intakeFlags(t, clean)).toEqual([]);
    expect(missingAnswers(t, clean)).toEqual([]);
    expect(missingAnswers(t, {}).map((q) => q.id)).toContain('keloid');
  });

  it('keloids raise “patch test first” (with a note for the report) until the patch test shows no reaction', () => {
    const keloid = { ...clean, keloid: { value: 'yes', detail: 'after an appendectomy' }, 'patch-test': { value: 'not-done' } };
    const flags = intakeFlags(t, keloid);
    expect(flags[0]).toMatchObject({ rule: 'keloid-patch-test', level: 'stop' });
    expect(flags[0]!.consultant).toMatch(/patch test first/);
    expect(flags[0]!.report).toMatch(/patch test first/);
    const tested = intakeFlags(t, { ...keloid, 'patch-test': { value: 'no-reaction' } });
    expect(tested.map((f) => f.rule)).toEqual(['keloid-watch']);
    expect(intakeFlags(t, { ...keloid, 'patch-test': { value: 'reaction' } }).map((f) => f.rule)).toEqual(['keloid-patch-test', 'patch-test-reaction', 'keloid-watch']);
  });

  it('each risky answer raises its flag, stops first', () => {
    for (const [q, rule] of [['scalp', 'scalp-active'], ['blood-thinners', 'blood-thinners'], ['isotretinoin', 'isotretinoin'], ['diabetes', 'diabetes'], ['pregnancy', 'pregnancy'], ['allergy', 'allergy-patch-test'], ['mri', 'mri']] as const) {
      const flags = intakeFlags(t, { ...clean, 'patch-test': { value: 'not-done' }, [q]: { value: 'yes' } });
      expect(flags.map((f) => f.rule), q).toContain(rule);
    }
    const many = intakeFlags(t, { ...clean, mri: { value: 'yes' }, diabetes: { value: 'yes' }, pregnancy: { value: 'yes' } });
    expect(many.map((f) => f.level)).toEqual(['stop', 'caution', 'note']);
  });

  it('an edited template is checked: unknown questions in rules, wrong options, duplicates and unknown fields name the field', () => {
    const edit = (f: (x: any) => void) => {
      const x = structuredClone(DEFAULT_INTAKE_TEMPLATE) as any;
      f(x);
      return () => validateIntakeTemplate(x);
    };
    expect(edit((x) => (x.rules[0].when.question = 'kelod'))).toThrow(/intakeTemplate\.rules\[0\]\.when\.question: no such question.*"kelod"/);
    expect(edit((x) => (x.rules[0].unless.is = ['fine']))).toThrow(/rules\[0\]\.unless\.is\[0\]: expected one of not-done, booked, no-reaction, reaction.*"fine"/);
    expect(edit((x) => (x.questions[1].id = 'keloid'))).toThrow(/questions\[1\]\.id: duplicate/);
    expect(edit((x) => (x.questions[0].colour = 'red'))).toThrow(/questions\[0\]\.colour: unknown field/);
    expect(edit((x) => (x.consent = []))).toThrow(/intakeTemplate\.consent/);
    // a studio's own question and rule work like the default's
    const own = validateIntakeTemplate(
      edit((x) => {
        x.questions.push({ id: 'hair-system', text: 'Do you wear a hair system?', kind: 'yesno' });
        x.rules.push({ id: 'hair-system', when: { question: 'hair-system', is: ['yes'] }, level: 'note', consultant: 'Ask about the adhesive.' });
      })() as never,
    );
    expect(intakeFlags(own, { ...clean, 'hair-system': { value: 'yes' } }).map((f) => f.rule)).toEqual(['hair-system']);
  });

  it('answers are checked against the template, naming the question and the value', () => {
    expect(() => validateIntakeAnswers(t, { keloid: { value: 'maybe' } })).toThrow(/answers\.keloid\.value: expected yes or no.*"maybe"/);
    expect(() => validateIntakeAnswers(t, { 'patch-test': { value: 'ok' } })).toThrow(/answers\.patch-test\.value: expected one of/);
    expect(() => validateIntakeAnswers(t, { shoe: { value: 'no' } })).toThrow(/answers\.shoe: no such question/);
    expect(() => validateIntakeAnswers(t, { 'patch-test-date': { value: '12/01/2027' } })).toThrow(/expected a date/);
    expect(validateIntakeAnswers(t, clean)).toEqual(clean);
  });
});

describe('signed records', () => {
  const consent = (existing: SignedRecord[], at = '2027-01-04T10:00:00.000Z') =>
    sealSigned({ id: `c${existing.length}`, kind: 'consent', clientId: 'client-1', projectId: null, signedAt: at, signer: 'Łukasz Żółć', content: consentContent(t, clean), files: [], signature: sig }, existing);

  it('a consent seals the answers in words, the flags and the statements with the signature; its digest verifies', async () => {
    const c = await consent([]);
    expect(c.version).toBe(1);
    expect(c.content.type).toBe('consent');
    expect((c.content as any).answers.find((a: any) => /keloid/.test(a.question)).answer).toBe('No');
    expect((c.content as any).statements).toEqual(DEFAULT_INTAKE_TEMPLATE.consent);
    expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifySigned(c)).toBe(true);
  });

  it('any change to what was signed (a statement, the signer, the time, a stroke, a picture’s checksum) breaks the digest', async () => {
    const c = await consent([]);
    const changes: ((x: any) => void)[] = [
      (x) => (x.content.statements[0] = 'I agree to anything.'),
      (x) => (x.signer = 'Someone else'),
      (x) => (x.signedAt = '2027-01-05T10:00:00.000Z'),
      (x) => (x.signature.strokes[0][3] += 1),
      (x) => x.files.push({ role: 'after', blobId: 'b', type: 'image/jpeg', sha256: '0'.repeat(64) }),
      (x) => (x.version = 2),
    ];
    for (const change of changes) {
      const copy = structuredClone(c);
      change(copy);
      expect(await verifySigned(copy)).toBe(false);
    }
    // key order does not matter (canonical JSON)
    const { digest, ...rest } = c;
    const reordered = JSON.parse(JSON.stringify({ digest, ...Object.fromEntries(Object.entries(rest).reverse()) }));
    expect(await verifySigned(reordered)).toBe(true);
  });

  it('signing again makes the next version and leaves the earlier one as it was', async () => {
    const v1 = await consent([]);
    const frozen = structuredClone(v1);
    const v2 = await consent([v1], '2027-02-01T09:00:00.000Z');
    expect(v2.version).toBe(2);
    expect(v1).toEqual(frozen);
    // design sign-offs count per project
    const design = (existing: SignedRecord[], projectId: string, plan: unknown) =>
      sealSigned({ id: `d${existing.length}`, kind: 'design', clientId: 'client-1', projectId, signedAt: '2027-01-04T11:00:00.000Z', signer: 'Łukasz Żółć', content: { type: 'design', designName: 'Design A', plan, summary: [], afterDay: 120 }, files: [], signature: sig }, existing);
    const plan = defaultPlanInput();
    const d1 = await design([v1, v2], 'p1', plan);
    expect(d1.version).toBe(1);
    const d2 = await design([v1, v2, d1], 'p1', { ...plan, density: { ...plan.density, target: 70 } });
    expect(d2.version).toBe(2);
    expect((await design([v1, v2, d1, d2], 'p2', plan)).version).toBe(1);
    expect(sameDesign(d1, plan)).toBe(true);
    expect(sameDesign(d1, { ...plan, density: { ...plan.density, target: 70 } })).toBe(false);
    expect(sameDesign(d1, JSON.parse(JSON.stringify(plan)))).toBe(true);
  });

  it('a tick, a dot or a signature off the pad is refused, naming what is wrong; a design needs its project', async () => {
    expect(() => validateSignature({ width: 400, height: 150, strokes: [[100, 70, 104, 72]] })).toThrow(/signature: too little to be a signature/);
    expect(() => validateSignature({ width: 400, height: 150, strokes: [] })).toThrow(/signature\.strokes: expected 1–500 strokes/);
    expect(() => validateSignature({ width: 400, height: 150, strokes: [[10, 10, 900, 10]] })).toThrow(/signature\.strokes\[0\]\[2\]: a point outside the pad.*900/);
    await expect(consent([]).then(() => sealSigned({ id: 'x', kind: 'design', clientId: 'c', projectId: null, signedAt: '2027-01-04T10:00:00Z', signer: 'A', content: { type: 'design', designName: 'A', plan: {}, summary: [], afterDay: 1 }, files: [], signature: sig }, []))).rejects.toThrow(/projectId/);
    await expect(sealSigned({ id: 'x', kind: 'consent', clientId: 'c', projectId: null, signedAt: '2027-01-04T10:00:00Z', signer: '  ', content: consentContent(t, clean), files: [], signature: sig }, [])).rejects.toThrow(/signer: expected/);
  });
});
