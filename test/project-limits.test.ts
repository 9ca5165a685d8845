// Every field of a project file has a type, a range and a size limit, checked once where the file enters
// (issue 23, item 8): huge texts, impossible heads, absurd UI values, deep nesting and prototype names are refused
// with the project's own error naming the field, and arbitrary JSON never gets past the boundary as anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPlanInput } from '../src/index.js';
import { DEFAULT_PRICE_BOOK } from '../src/consult/index.js';
import { defaultConsult, validateConsult } from '../examples/app/consult-state.js';
import { memoryKV, Persist } from '../examples/app/persist.js';
import { docOf, projectOf, uiFromProject } from '../examples/app/project-doc.js';
import { defaultUi, Studio, type StudioDoc } from '../examples/app/state.js';
import { MAX_DEPTH, MAX_TEXT_CHARS } from '../examples/project-check.js';
import { parseProject, ProjectError, serializeProject, type Project } from '../examples/project.js';
import { HORIZON_DAYS } from '../examples/timeline.js';
import { truthFit } from './helpers/synthetic-head.js';

/** A project with every part: plan, placement, fitted head, designs, consultation (its custom book kept, unused) and UI. */
function full(): Record<string, unknown> {
  const doc: StudioDoc = {
    plan: defaultPlanInput('limits'),
    align: { pxPerMm: 3, originX: 400, originY: 200, rotation: 0, squash: 0.6 },
    name: 'Soft',
    designs: [{ name: 'Sharp', plan: defaultPlanInput('b') }],
    consult: { ...defaultConsult(new Date('2026-12-01T00:00:00Z')), book: 'default', customBook: structuredClone(DEFAULT_PRICE_BOOK) },
    head: truthFit({ pxPerMm: 4 }),
  };
  return JSON.parse(serializeProject(projectOf(doc, defaultUi(), new Date('2026-12-01T10:00:00Z'))));
}

function refusal(doc: unknown): ProjectError {
  try {
    parseProject(typeof doc === 'string' ? doc : JSON.stringify(doc), 'client.smp.json');
  } catch (e) {
    if (e instanceof ProjectError) return e;
    throw new Error(`not a ProjectError: ${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 300));
  }
  throw new Error('expected the project to be refused');
}

/** `doc` with the value at `path` replaced. */
function set(doc: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(doc);
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy;
}

const MB50 = 'x'.repeat(50 * 1024 * 1024);

describe('a project file’s limits', () => {
  it('the full project used below is itself accepted', () => {
    expect(() => parseProject(JSON.stringify(full()))).not.toThrow();
  });

  it('a 50 MB text in the unused custom price book or anywhere under the head is refused, naming the field and its size', () => {
    for (const [path, field] of [
      [['consult', 'customBook'], 'consult.customBook'],
      [['consult', 'customBook', 'source'], 'consult.customBook.source'],
      [['head', 'note'], 'head.note'],
      [['head', 'clip'], 'head.clip'],
      [['designs', 0, 'name'], 'designs[0].name'],
    ] as const) {
      const big = path[0] === 'consult' || path[1] === 'note';
      const e = refusal(set(full(), [...path], big ? MB50 : 'x'.repeat(MAX_TEXT_CHARS + 1)));
      expect(e.field).toBe(field);
      expect(e.message).toContain(big ? '52,428,800 characters' : '10,001 characters');
      expect(e.message).toMatch(/too long/);
    }
  });

  it('a timeline day of 1e300 (or any UI value out of its range) is refused naming ui.day and the value', () => {
    const e = refusal(set(full(), ['ui', 'day'], 1e300));
    expect(e.field).toBe('ui.day');
    expect(e.value).toBe(1e300);
    expect(e.message).toBe(`client.smp.json: ui.day must be ≤ ${HORIZON_DAYS} (got 1e+300)`);
    expect(refusal(set(full(), ['ui', 'light'], -1)).field).toBe('ui.light');
  });

  it('an autosave that holds a day of 1e300 opens with a message saying what was reset, and edits then work', async () => {
    const kv = memoryKV();
    const text = JSON.stringify(set(full(), ['ui', 'day'], 1e300));
    await kv.set('project', { text, revision: 3, tab: 'old', savedAt: '2026-12-01T10:00:00Z' });
    const restored = await new Persist(kv, { tab: 'now' }).load();
    expect(restored.reason).toMatch(/^saved project: ui\.day must be ≤ 3650 \(got 1e\+300\); the saved view settings .* were reset/);
    expect(restored.project).not.toBeNull();
    const studio = new Studio({ plan: defaultPlanInput(), align: null });
    studio.open(docOf(restored.project!), uiFromProject(restored.project!.ui));
    expect(studio.ui.day).toBe(defaultUi().day);
    expect(studio.doc.designs?.[0]?.name).toBe('Sharp');
    expect(studio.edit((d) => (d.plan.density = { ...d.plan.density, target: 70 }))).toBeNull();
  });

  it('impossible head values are refused naming the field: radii ≤ 0, focal length ≤ 0, the head behind the camera, NaN in an edit', () => {
    const bad: [(string | number)[], unknown, string][] = [
      [['head', 'radii', 'a'], 0, 'head.radii.a'],
      [['head', 'radii', 'b'], -50, 'head.radii.b'],
      [['head', 'focalPx'], 0, 'head.focalPx'],
      [['head', 'focalPx'], -3000, 'head.focalPx'],
      [['head', 'centre', 2], -800, 'head.centre[2]'],
      [['head', 'centre', 2], 40, 'head.centre[2]'],
      [['head', 'width'], 1.5, 'head.width'],
      [['head', 'pose', 'roll'], 7, 'head.pose.roll'],
      [['head', 'brow'], { x: 0, y: 0, nx: 0, ny: 1 }, 'head.brow.halfWidth'],
      [['head', 'centre'], [0, 0], 'head.centre'],
    ];
    for (const [path, value, field] of bad) expect(refusal(set(full(), path, value)).field, field).toBe(field);
    expect(refusal(set(full(), ['head', 'centre', 2], -800)).message).toMatch(/in front of the camera/);
    const studio = new Studio({ plan: defaultPlanInput(), align: null });
    const err = studio.edit((d) => (d.head = { ...truthFit(), focalPx: Number.NaN }));
    expect(err?.message).toMatch(/^head\.focalPx: .*\(got NaN\)/);
    expect(studio.doc.head).toBeUndefined();
  });

  it('deep nesting is refused with the project’s own error naming where, not a stack overflow later', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const depth of [MAX_DEPTH + 1, 20_000, 1_000_000]) {
      const text = JSON.stringify(full()).replace('"book":"default"', `"book":"default","x":${deep(depth)}`);
      const e = refusal(text);
      expect(e.message).toMatch(/nested too deeply/);
      expect(e.field).toMatch(/^consult\.x/);
    }
    const inUi = refusal(JSON.stringify(set(full(), ['ui', 'deep'], 0)).replace('"deep":0', `"deep":${deep(5000)}`));
    expect(inUi.field).toMatch(/^ui\.deep/);
  });

  it('prototype names are refused as price-book, region and stage ids and as field names anywhere', () => {
    for (const book of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const e = refusal(set(full(), ['consult', 'book'], book));
      expect(e.field).toBe('consult.book');
      expect(e.message).toContain(JSON.stringify(book));
    }
    for (const stage of ['constructor', '__proto__']) expect(refusal(set(full(), ['consult', 'stage'], stage)).field).toBe('consult.stage');
    expect(refusal(JSON.stringify(full()).replace('"concerns":{', '"concerns":{"__proto__":{"by":"treatment","low":1,"high":2},')).field).toBe('consult.customBook.concerns.__proto__');
    expect(refusal(JSON.stringify(full()).replace('"concerns":{', '"concerns":{"constructor":{"by":"treatment","low":1,"high":2},')).field).toBe('consult.customBook.concerns.constructor');
    expect(refusal(JSON.stringify(full()).replace('"ui":{', '"ui":{"__proto__":{"day":1},')).field).toBe('ui.__proto__');
    // the consultation's own check (the studio's edit path) says the same without the file's help
    expect(() => validateConsult({ book: 'custom', customBook: JSON.parse('{"version":1,"name":"x","currency":"USD","concerns":{"__proto__":{"by":"treatment","low":1,"high":2}},"perSession":{"low":1,"high":2},"touchUp":{"low":1,"high":2}}') })).toThrow(
      /consult\.customBook: priceBook\.concerns\.__proto__: unknown concern/,
    );
  });
});

/** Every path of a JSON value (objects' fields and arrays' items), up to `max`. */
function paths(v: unknown, max = 4000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[v, []]];
  while (stack.length && out.length < max) {
    const [x, p] = stack.pop()!;
    if (p.length) out.push(p);
    if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) stack.push([y, [...p, Array.isArray(x) ? Number(k) : k]]);
  }
  return out;
}

/** Things a hostile or careless file puts in a field: any JSON, texts just past the limit, absurd numbers, deep arrays. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(1e300, -1e300, -1, 0, 1e-300, 2 ** 53, '', '__proto__', 'constructor', null, true, [], {}),
  fc.integer({ min: MAX_TEXT_CHARS + 1, max: 3 * MAX_TEXT_CHARS }).map((len) => 'y'.repeat(len)),
  fc.integer({ min: 1, max: 3000 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`) as unknown),
);

/** What any accepted project satisfies, whatever the file said. */
function checkAccepted(p: Project): void {
  // every text within its limit, the photo's base64 aside
  for (const path of paths({ ...p, photo: undefined }, 1e6)) {
    let v: unknown = p;
    for (const k of path) v = (v as Record<string | number, unknown>)[k];
    if (typeof v === 'string') expect(v.length, path.join('.')).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  }
  const ui = uiFromProject(p.ui);
  expect(ui.day).toBeGreaterThanOrEqual(0);
  expect(ui.day).toBeLessThanOrEqual(HORIZON_DAYS);
  if (p.ui.day !== undefined) expect(p.ui.day).toBe(ui.day);
  if (p.head) {
    const { radii, focalPx, centre } = p.head;
    expect(Math.min(radii.a, radii.b, radii.c)).toBeGreaterThan(0);
    expect(focalPx).toBeGreaterThan(0);
    expect(centre[2]).toBeGreaterThan(Math.max(radii.a, radii.b, radii.c)); // the whole head in front of the camera
  }
  // it opens in the studio and takes an edit; saved again, it reads back the same
  const studio = new Studio({ plan: defaultPlanInput(), align: null });
  studio.open(docOf(p), uiFromProject(p.ui));
  expect(studio.edit((d) => (d.name = 'checked'))).toBeNull();
  expect(parseProject(serializeProject(p))).toEqual(p);
}

describe('arbitrary JSON at the project boundary', () => {
  const run = (text: string): void => {
    let p: Project;
    try {
      p = parseProject(text, 'fuzz.smp.json');
    } catch (e) {
      expect(e, (e as Error)?.message).toBeInstanceOf(ProjectError);
      expect((e as ProjectError).field.length).toBeGreaterThan(0);
      expect((e as ProjectError).message.startsWith('fuzz.smp.json: ')).toBe(true);
      return;
    }
    checkAccepted(p);
  };

  it('any JSON document: a parsed project, or a ProjectError naming a field', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => run(JSON.stringify(v))), { numRuns: 300, seed: 23 });
  });

  it('a full project with any one field replaced by a hostile value: a parsed project that keeps every limit, or a ProjectError naming a field', () => {
    const base = full();
    const all = paths(base);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), hostileValue, (i, v) => run(JSON.stringify(set(base, all[i]!, v)))),
      { numRuns: 400, seed: 8 },
    );
  });

  it('a full project with a hostile field added anywhere: the same', () => {
    const base = full();
    const objects = paths(base).filter((p) => {
      let v: unknown = base;
      for (const k of p) v = (v as Record<string | number, unknown>)[k];
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: objects.length }), fc.string({ maxLength: 12 }), hostileValue, (i, key, v) =>
        run(JSON.stringify(set(base, [...(objects[i] ?? []), key], v))),
      ),
      { numRuns: 300, seed: 9 },
    );
  });
});
