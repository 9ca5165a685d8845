// The studio's state and edit path, in node: undo/redo, gestures as one step, validation, persistence rules.
import { describe, expect, it, vi } from 'vitest';
import { History } from '../examples/app/history.js';
import { sessionsFor, setHairlineStyle } from '../examples/app/plan-edits.js';
import { moveHandle } from '../examples/edit/index.js';
import { hitVertex, regionUnder } from '../examples/app/regions-ui.js';
import { Persist, memoryKV, JOURNAL_KEY, type SyncStorage } from '../examples/app/persist.js';
import { Studio, defaultUi } from '../examples/app/state.js';
import { makeProject } from '../examples/project.js';
import { defaultPlanInput, simulate, validatePlan } from '../src/index.js';
import { digestDots } from './helpers/digest.js';

const fresh = () => new Studio({ plan: defaultPlanInput('s'), align: null }, defaultUi());
const hash = (s: Studio) => JSON.stringify(s.doc);

describe('history', () => {
  it('undo and redo walk back and forth through recorded states, and a new edit clears redo', () => {
    const h = new History<number>();
    h.record(0);
    h.record(1);
    expect(h.undo(2)).toBe(1);
    expect(h.undo(1)).toBe(0);
    expect(h.undo(0)).toBeNull();
    expect(h.redo(0)).toBe(1);
    h.record(1);
    expect(h.canRedo).toBe(false);
  });

  it('edits of one gesture group are one step until sealed', () => {
    const h = new History<number>();
    h.record(0, 'drag');
    h.record(1, 'drag');
    h.record(2, 'drag');
    h.seal();
    h.record(3, 'drag');
    expect(h.depth).toBe(2);
    expect(h.undo(4)).toBe(3);
    expect(h.undo(3)).toBe(0);
  });

  it('keeps at least 100 steps (200 by default) and drops the oldest beyond', () => {
    const h = new History<number>();
    for (let i = 0; i < 250; i++) h.record(i);
    expect(h.depth).toBe(200);
    let s: number | null = 250;
    let last = -1;
    while (s !== null) {
      last = s;
      s = h.undo(s);
    }
    expect(last).toBe(50);
  });
});

describe('the studio state', () => {
  it('a handle drag of many moves is one undo step, and undo restores the exact plan', () => {
    const s = fresh();
    const before = hash(s);
    for (let k = 1; k <= 20; k++) s.edit((d) => (d.plan = moveHandle(d.plan, 2, [-40 + k, -10 - k])), 'hairline:drag');
    s.seal();
    expect(hash(s)).not.toBe(before);
    expect(s.undo()).toBe(true);
    expect(hash(s)).toBe(before);
    expect(s.redo()).toBe(true);
    expect(s.plan.hairline!.points[2]).toEqual([-20, -30]);
  });

  it('undoes three separate steps in order and survives more than 100 edits', () => {
    const s = fresh();
    const states = [hash(s)];
    for (let i = 0; i < 120; i++) {
      s.edit((d) => (d.plan.density = { ...d.plan.density, target: 40 + i }));
      states.push(hash(s));
    }
    for (let i = 0; i < 100; i++) s.undo();
    expect(hash(s)).toBe(states[20]);
    for (let i = 0; i < 100; i++) s.redo();
    expect(hash(s)).toBe(states[120]);
  });

  it('an invalid edit is returned as a PlanError naming the field and value, and changes nothing', () => {
    const s = fresh();
    const before = hash(s);
    const listener = vi.fn();
    s.subscribe(listener);
    const err = s.edit((d) => (d.plan.density = { target: -3 }));
    expect(err?.message).toMatch(/plan\.density\.target: .*\(got -3\)/);
    expect(hash(s)).toBe(before);
    expect(listener).not.toHaveBeenCalled();
    expect(s.history.canUndo).toBe(false);
  });

  it('an alignment edit is undoable like a plan edit, and a broken alignment is refused', () => {
    const s = fresh();
    s.edit((d) => (d.align = { pxPerMm: 2, originX: 10, originY: 20, rotation: 0 }));
    s.edit((d) => (d.align = { ...d.align!, originX: 30 }));
    s.undo();
    expect(s.doc.align?.originX).toBe(10);
    expect(s.edit((d) => (d.align = { ...d.align!, pxPerMm: Number.NaN }))?.message).toMatch(/align\.pxPerMm/);
  });

  it('notifies plan and alignment changes apart, and UI changes are not undoable', () => {
    const s = fresh();
    const seen: string[] = [];
    s.subscribe((c) => seen.push(`${c.cause}:${c.plan ? 'p' : ''}${c.align ? 'a' : ''}${c.ui ? 'u' : ''}`));
    s.edit((d) => (d.plan.seed = 'x'));
    s.setUi({ day: 5 });
    s.edit((d) => (d.align = { pxPerMm: 1, originX: 0, originY: 0, rotation: 0 }));
    s.undo();
    expect(seen).toEqual(['edit:p', 'ui:u', 'edit:a', 'undo:a']);
    expect(s.ui.day).toBe(5);
  });
});

describe('plan edits', () => {
  it('sessions follow the count with the documented 30/70/100 % for three, lightest first', () => {
    const p = defaultPlanInput();
    p.sessions = sessionsFor(p, 3, 21);
    expect(p.sessions.map((s) => s.cumulative)).toEqual([0.3, 0.7, 1]);
    expect(p.sessions.map((s) => s.day)).toEqual([0, 21, 42]);
    expect(p.sessions[0]!.shade!).toBeLessThan(p.sessions[2]!.shade!);
    p.sessions = sessionsFor(p, 4);
    expect(validatePlan(p).sessions).toHaveLength(4);
  });

});

describe('region hit tests', () => {
  const square = (x: number, y: number, side: number): [number, number][] => [
    [x, y],
    [x + side, y],
    [x + side, y - side],
    [x, y - side],
  ];
  it('a vertex is hit within the tolerance, the selected region first; the topmost region is under a point', () => {
    const regions = [{ points: square(0, 0, 10) }, { points: square(5, -5, 10) }];
    expect(hitVertex(regions, [10.5, 0.2], 1, null)).toEqual({ region: 0, vertex: 1 });
    expect(hitVertex(regions, [5, -5], 0.5, null)).toEqual({ region: 1, vertex: 0 });
    expect(hitVertex(regions, [7, -7], 0.5, null)).toBeNull();
    expect(regionUnder(regions, [7, -7])).toBe(1);
    expect(regionUnder(regions, [2, -2])).toBe(0);
    expect(regionUnder(regions, [30, 30])).toBeNull();
  });
});

describe('saved work on the device', () => {
  const journal = (): SyncStorage & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  };
  const proj = (seed: string) => makeProject(defaultPlanInput(seed), { day: 9 }, new Date('2026-01-01T00:00:00Z'), { pxPerMm: 2, originX: 1, originY: 2, rotation: 0 });

  it('autosave writes the latest project once edits pause, and load gives it back with the photo', async () => {
    vi.useFakeTimers();
    const kv = memoryKV();
    const a = new Persist(kv, { tab: 'a', delayMs: 500 });
    await a.load();
    for (const seed of ['1', '2', '3']) a.schedule(() => proj(seed));
    await vi.advanceTimersByTimeAsync(600);
    await a.savePhoto(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), 'c.jpg');
    vi.useRealTimers();
    const back = await new Persist(kv, { tab: 'b' }).load();
    expect(back.project?.plan.seed).toBe('3');
    expect(back.project?.align).toEqual({ pxPerMm: 2, originX: 1, originY: 2, rotation: 0 });
    expect(back.photo?.name).toBe('c.jpg');
    expect(new Uint8Array(await back.photo!.blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('two tabs do not overwrite each other silently: the older tab is told and keeps its edit pending', async () => {
    const kv = memoryKV();
    const conflicts: string[] = [];
    const a = new Persist(kv, { tab: 'a' });
    const b = new Persist(kv, { tab: 'b', onConflict: (theirs) => conflicts.push(theirs.plan.seed!) });
    await a.load();
    await b.load();
    a.schedule(() => proj('from-a'));
    expect(await a.flush()).toBe(true);
    b.schedule(() => proj('from-b'));
    expect(await b.flush()).toBe(false);
    expect(conflicts).toEqual(['from-a']);
    expect(b.pending).toBe(true);
    expect((await new Persist(kv, { tab: 'c' }).load()).project?.plan.seed).toBe('from-a');
    await b.resolve(() => proj('from-b'));
    expect((await new Persist(kv, { tab: 'c' }).load()).project?.plan.seed).toBe('from-b');
  });

  it('an edit pending when the page closes is in the synchronous journal and wins at the next start', async () => {
    const kv = memoryKV();
    const j = journal();
    const a = new Persist({ ...kv, set: () => new Promise(() => {}) }, { tab: 'a', journal: j }); // IndexedDB never finishes
    await a.load();
    a.schedule(() => proj('last-edit'));
    a.flushOnLeave();
    expect(j.map.has(JOURNAL_KEY)).toBe(true);
    const back = await new Persist(kv, { tab: 'b', journal: j }).load();
    expect(back.project?.plan.seed).toBe('last-edit');
    expect(j.map.has(JOURNAL_KEY)).toBe(false);
  });

  it('a write refused by a full storage keeps the plan in the journal, says why, and start-up keeps the journal while the storage still refuses', async () => {
    const kv = memoryKV();
    const j = journal();
    const quota = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const saved: [boolean, string | null, unknown][] = [];
    const a = new Persist({ ...kv, set: quota }, { tab: 'a', journal: j, onSaved: (ok, reason, _r, error) => saved.push([ok, reason, error]) });
    await a.load();
    a.schedule(() => proj('refused-edit'));
    expect(await a.flush()).toBe(false);
    expect(saved[0]![0]).toBe(false);
    expect(saved[0]![1]).toMatch(/quota has been exceeded.*kept in a small backup/);
    expect((saved[0]![2] as DOMException).name).toBe('QuotaExceededError');
    // the next start, storage still full: the edit is there, and the journal is not dropped
    const again = await new Persist({ ...kv, set: quota }, { tab: 'b', journal: j }).load();
    expect(again.project?.plan.seed).toBe('refused-edit');
    expect(j.map.has(JOURNAL_KEY)).toBe(true);
    // once the storage takes writes again, start-up moves it there
    expect((await new Persist(kv, { tab: 'c', journal: j }).load()).project?.plan.seed).toBe('refused-edit');
    expect(j.map.has(JOURNAL_KEY)).toBe(false);
    expect((await new Persist(kv, { tab: 'd' }).load()).project?.plan.seed).toBe('refused-edit');
  });

  it('an unreadable saved project is reported and kept aside, never thrown', async () => {
    const kv = memoryKV();
    await kv.set('project', { text: '{"app":"smp-sim","format":2,"plan":{"version":1,"regions":"x"}}', revision: 3, tab: 'x', savedAt: '' });
    const back = await new Persist(kv, { tab: 'a' }).load();
    expect(back.project).toBeNull();
    expect(back.reason).toMatch(/plan\.regions/);
    expect(await kv.get('project-unreadable')).toBeTruthy();
  });

  it('the same plan gives the same dots after a save and reload (bytes)', async () => {
    const kv = memoryKV();
    const a = new Persist(kv, { tab: 'a' });
    await a.load();
    const p = proj('bytes');
    p.plan.sessions = [{ day: 0, cumulative: 1, shade: -0 }];
    a.schedule(() => p);
    await a.flush();
    const back = (await new Persist(kv, { tab: 'b' }).load()).project!;
    expect(digestDots(simulate(back.plan))).toBe(digestDots(simulate(p.plan)));
  });
});

describe('designs and consultation settings', () => {
  it('switching designs swaps the active plan with the chosen one and keeps every design', async () => {
    const { switchDesign, nextDesignName } = await import('../examples/app/designs.js');
    const doc = { plan: defaultPlanInput('a'), name: 'Design A', designs: [{ name: 'Design B', plan: defaultPlanInput('b') }] };
    switchDesign(doc, 0);
    expect(doc.plan.seed).toBe('b');
    expect(doc.name).toBe('Design B');
    expect(doc.designs).toEqual([{ name: 'Design A', plan: defaultPlanInput('a') }]);
    expect(nextDesignName(['Design A', 'Design B'])).toBe('Design C');
  });

  it('a project holds at most three designs, each valid; a bad one is refused naming it', () => {
    const s = fresh();
    expect(s.edit((d) => (d.designs = [{ name: 'B', plan: defaultPlanInput('b') }, { name: 'C', plan: defaultPlanInput('c') }]))).toBeNull();
    expect(s.edit((d) => d.designs!.push({ name: 'D', plan: defaultPlanInput('d') }))?.message).toMatch(/designs.*at most 3/);
    const bad = s.edit((d) => (d.designs![1]!.plan = { ...defaultPlanInput('c'), density: { target: -1 } }));
    expect(bad?.message).toMatch(/designs\[1\]\.plan\.density\.target/);
  });

  it('consultation settings are validated: a bad zone, date or price book names the field', async () => {
    const { validateConsult, defaultConsult } = await import('../examples/app/consult-state.js');
    expect(defaultConsult(new Date('2026-11-30T12:00:00Z')).start).toBe('2026-12-07');
    expect(() => validateConsult({ timeZone: 'Mars/Olympus' })).toThrow(/consult\.timeZone/);
    expect(() => validateConsult({ start: '7 Dec' })).toThrow(/consult\.start/);
    expect(() => validateConsult({ book: 'custom', customBook: { currency: 'usd' } })).toThrow(/priceBook\./);
    expect(() => validateConsult({ book: 'Atlantis' })).toThrow(/consult\.book/);
    const s = fresh();
    expect(s.edit((d) => (d.consult = { ...defaultConsult(), dotsPerHour: -5 }))?.message).toMatch(/consult\.dotsPerHour/);
  });
});

describe('the studio and its project file', () => {
  it('a document with designs, consultation and a fitted head round-trips through the project file unchanged', async () => {
    const { projectOf, docOf, uiFromProject } = await import('../examples/app/project-doc.js');
    const { parseProject, serializeProject } = await import('../examples/project.js');
    const { defaultConsult } = await import('../examples/app/consult-state.js');
    const { truthFit } = await import('./helpers/synthetic-head.js');
    const doc = {
      plan: defaultPlanInput('p'),
      align: null,
      name: 'Design A',
      designs: [{ name: 'Design B', plan: defaultPlanInput('q') }],
      consult: { ...defaultConsult(new Date('2026-11-30T00:00:00Z')), client: 'Ærøskøbing Ødegård' },
      head: truthFit({ pxPerMm: 4 }),
    };
    const ui = { ...defaultUi(), day: 365, effect: 'density' as const, light: 0.5 };
    const back = parseProject(serializeProject(projectOf(doc, ui, new Date('2026-11-30T10:00:00Z'))));
    expect(docOf(back)).toEqual(doc);
    const u = uiFromProject(back.ui);
    expect([u.day, u.effect, u.light]).toEqual([365, 'density', 0.5]);
  });
});
