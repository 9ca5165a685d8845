import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BACKUP_KEY,
  createAutosave,
  downloadProject,
  loadLocal,
  makeProject,
  parseProject,
  type Project,
  ProjectError,
  projectFileName,
  saveLocal,
  serializeProject,
  STORAGE_KEY,
  type StorageLike,
} from '../examples/project.js';
import { defaultPlanInput, PLAN_VERSION, PlanError, validatePlan } from '../src/index.js';

/** A Map-backed Storage; `full` makes setItem throw like a full localStorage. */
class FakeStorage implements StorageLike {
  readonly map = new Map<string, string>();
  full = false;
  broken = false;
  writes = 0;
  getItem(key: string): string | null {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.writes++;
    this.map.set(key, value);
  }
}

const sample = (): Project =>
  makeProject(defaultPlanInput('client-42'), { day: 400, sessionsShown: 3, beforeAfter: true, zoom: 1.5 }, new Date('2026-03-01T10:00:00Z'));

function errorOf(f: () => unknown): ProjectError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProjectError) return e;
    throw e;
  }
  throw new Error('expected a ProjectError');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('project files', () => {
  it('serialize then parse gives back the same project, as pretty JSON without a photo', () => {
    const p = sample();
    const text = serializeProject(p);
    expect(text).toContain('\n  "plan": {');
    expect(text).not.toMatch(/photo/i);
    expect(parseProject(text)).toEqual(p);
    expect(serializeProject(parseProject(text))).toBe(text);
  });

  it('a parsed project plan validates to the same plan as the original', () => {
    const p = sample();
    expect(validatePlan(parseProject(serializeProject(p)).plan)).toEqual(validatePlan(p.plan));
  });

  it('serializing drops fields a caller attached, such as a photo', () => {
    const p = { ...sample(), photo: 'data:image/jpeg;base64,AAAA' } as Project;
    expect(JSON.parse(serializeProject(p))).not.toHaveProperty('photo');
  });

  it('a bare plan with a version opens as a project with empty UI state and no save time', () => {
    const fixture = readFileSync(new URL('./fixtures/plan-v1-default.json', import.meta.url), 'utf8');
    const p = parseProject(fixture, 'plan-v1-default.json');
    expect(p.app).toBe('smp-sim');
    expect(p.savedAt).toBeNull();
    expect(p.ui).toEqual({});
    expect(p.plan).toEqual(JSON.parse(fixture));
  });

  it('the oldest plan version (1) keeps opening inside a project', () => {
    const plan = { ...defaultPlanInput('old'), version: 1 };
    expect(PLAN_VERSION).toBeGreaterThanOrEqual(1);
    expect(parseProject(serializeProject(makeProject(plan))).plan.version).toBe(1);
  });

  it('text that is not JSON is refused, naming the file and showing how it starts', () => {
    const e = errorOf(() => parseProject('<html>oops</html>', 'client.smp.json'));
    expect(e.name).toBe('ProjectError');
    expect(e.field).toBe('(file)');
    expect(e.message).toMatch(/^client\.smp\.json: is not a project or plan \(not JSON: .*it starts with "<html>oops<\/html>"\)$/);
  });

  it('a UTF-8 byte-order mark before the JSON is tolerated', () => {
    expect(parseProject(`\ufeff${serializeProject(sample())}`)).toEqual(sample());
  });

  it('JSON that is not an object, or has neither app nor version, is refused', () => {
    expect(errorOf(() => parseProject('[1,2]')).message).toBe('project file: (file) must be a JSON object (got [1,2])');
    expect(errorOf(() => parseProject('{"name":"x"}')).message).toContain('neither an smp-sim project nor a plan');
  });

  it('a file from another app is refused naming the app field and its value', () => {
    const e = errorOf(() => parseProject(JSON.stringify({ ...sample(), app: 'inkbook' }), 'a.json'));
    expect(e.field).toBe('app');
    expect(e.value).toBe('inkbook');
    expect(e.message).toBe('a.json: app must be "smp-sim": this is not an smp-sim project (got "inkbook")');
  });

  it('a project from a future format is refused naming format and its value', () => {
    const e = errorOf(() => parseProject(JSON.stringify({ ...sample(), format: 2 }), 'new.smp.json'));
    expect(e.field).toBe('format');
    expect(e.value).toBe(2);
    expect(e.message).toBe('new.smp.json: format is from a newer smp-sim; this build reads project format 1 or older (got 2)');
    expect(errorOf(() => parseProject(JSON.stringify({ ...sample(), format: '1' }))).field).toBe('format');
  });

  it('a bad savedAt, a missing plan and a non-object ui are each refused by field', () => {
    expect(errorOf(() => parseProject(JSON.stringify({ ...sample(), savedAt: 'yesterday' }))).field).toBe('savedAt');
    const { plan: _plan, ...noPlan } = sample();
    expect(errorOf(() => parseProject(JSON.stringify(noPlan))).message).toBe('project file: plan is missing (got nothing)');
    expect(errorOf(() => parseProject(JSON.stringify({ ...sample(), ui: [1] }))).field).toBe('ui');
  });

  it('a PlanError message passes through intact, prefixed with the file, and keeps its path', () => {
    const p = sample();
    const bad = { ...p, plan: { ...p.plan, sessions: [{ day: 0, cumulative: 0.5, shade: 0.5 }, { day: 14, cumulative: 0.4, shade: 0.6 }] } };
    let planMessage = '';
    try {
      validatePlan(bad.plan);
    } catch (err) {
      planMessage = (err as PlanError).message;
    }
    expect(planMessage).toMatch(/^plan\.sessions\[1\]\.cumulative: /);
    const e = errorOf(() => parseProject(JSON.stringify(bad), 'client.smp.json'));
    expect(e.message).toBe(`client.smp.json: ${planMessage}`);
    expect(e.field).toBe('plan.sessions[1].cumulative');
    expect(e.value).toBe(0.4);
    expect(e.cause).toBeInstanceOf(PlanError);
  });

  it('a plan from a newer smp-sim is refused through validatePlan', () => {
    const e = errorOf(() => parseProject(JSON.stringify({ ...defaultPlanInput('x'), version: PLAN_VERSION + 1 }), 'p.json'));
    expect(e.field).toBe('plan.version');
    expect(e.message).toMatch(/^p\.json: plan\.version: made by a newer smp-sim/);
  });

  it('unknown UI fields are kept and known UI fields of the wrong type are dropped', () => {
    const p = { ...sample(), ui: { day: -3, sessionsShown: 1.5, beforeAfter: 'yes', zoom: 2 } };
    expect(parseProject(JSON.stringify(p)).ui).toEqual({ zoom: 2 });
  });
});

describe('browser storage', () => {
  it('saveLocal then loadLocal round-trips under the versioned key', () => {
    const s = new FakeStorage();
    expect(saveLocal(s, sample())).toEqual({ ok: true, reason: null });
    expect([...s.map.keys()]).toEqual([STORAGE_KEY]);
    expect(STORAGE_KEY).toBe('smp-sim/project/v1');
    expect(loadLocal(s)).toEqual({ project: sample(), reason: null });
  });

  it('empty storage loads as null without a reason', () => {
    expect(loadLocal(new FakeStorage())).toEqual({ project: null, reason: null });
  });

  it('corrupt stored text loads as null with a reason, stays in place and is copied to the backup key', () => {
    const s = new FakeStorage();
    s.map.set(STORAGE_KEY, '{"app":"smp-sim","format":1,"plan":{"vers');
    const r = loadLocal(s);
    expect(r.project).toBeNull();
    expect(r.reason).toMatch(/^saved project: is not a project or plan \(not JSON/);
    expect(r.reason).toContain(BACKUP_KEY);
    expect(s.map.get(STORAGE_KEY)).toBe('{"app":"smp-sim","format":1,"plan":{"vers');
    expect(s.map.get(BACKUP_KEY)).toBe('{"app":"smp-sim","format":1,"plan":{"vers');
    const writes = s.writes;
    loadLocal(s);
    expect(s.writes).toBe(writes); // the same corrupt text is not written again
  });

  it('saving over corrupt stored text keeps that text in the backup key first', () => {
    const s = new FakeStorage();
    s.map.set(STORAGE_KEY, 'garbage from an older build');
    expect(saveLocal(s, sample()).ok).toBe(true);
    expect(s.map.get(BACKUP_KEY)).toBe('garbage from an older build');
    expect(loadLocal(s).project).toEqual(sample());
  });

  it('saving over a valid project does not touch the backup key', () => {
    const s = new FakeStorage();
    s.map.set(BACKUP_KEY, 'older garbage');
    saveLocal(s, sample());
    saveLocal(s, { ...sample(), ui: { day: 1 } });
    expect(s.map.get(BACKUP_KEY)).toBe('older garbage');
  });

  it('full or disabled storage never throws: save and load report a reason', () => {
    const s = new FakeStorage();
    s.full = true;
    expect(saveLocal(s, sample())).toEqual({ ok: false, reason: 'browser storage is full' });
    s.broken = true;
    expect(saveLocal(s, sample()).ok).toBe(false);
    const r = loadLocal(s);
    expect(r.project).toBeNull();
    expect(r.reason).toMatch(/^browser storage cannot be read/);
  });

  it('corrupt text that cannot be backed up is not overwritten by a save', () => {
    const s = new FakeStorage();
    s.map.set(STORAGE_KEY, 'garbage');
    s.full = true;
    expect(saveLocal(s, sample()).ok).toBe(false);
    expect(s.map.get(STORAGE_KEY)).toBe('garbage');
  });

  it('autosave writes once, the latest project, after edits pause for the delay', () => {
    vi.useFakeTimers();
    const s = new FakeStorage();
    const results: boolean[] = [];
    const auto = createAutosave(s, { delayMs: 500, onSave: (r) => results.push(r.ok) });
    for (let day = 0; day < 10; day++) {
      auto.schedule({ ...sample(), ui: { day } });
      vi.advanceTimersByTime(100);
    }
    expect(s.writes).toBe(0);
    expect(auto.pending).toBe(true);
    vi.advanceTimersByTime(500);
    expect(s.writes).toBe(1);
    expect(results).toEqual([true]);
    expect(auto.pending).toBe(false);
    expect(loadLocal(s).project?.ui).toEqual({ day: 9 });
  });

  it('autosave flush saves now, cancel drops the pending save, and a thunk is called only when saving', () => {
    vi.useFakeTimers();
    const s = new FakeStorage();
    const auto = createAutosave(s, { delayMs: 500 });
    let built = 0;
    auto.schedule(() => (built++, sample()));
    expect(built).toBe(0);
    expect(auto.flush()).toEqual({ ok: true, reason: null });
    expect(built).toBe(1);
    expect(auto.flush()).toBeNull();
    auto.schedule({ ...sample(), ui: { day: 7 } });
    auto.cancel();
    vi.advanceTimersByTime(1000);
    expect(loadLocal(s).project?.ui).toEqual(sample().ui);
  });
});

describe('downloads', () => {
  it('project file names are sanitised and end in .smp.json', () => {
    expect(projectFileName('Client: J/Doe?')).toBe('Client- J-Doe-.smp.json');
    expect(projectFileName('a.smp.json')).toBe('a.smp.json');
    expect(projectFileName('  ..  ')).toBe('project.smp.json');
  });

  it('downloadProject hands a JSON Blob URL to a hidden <a download> and revokes it later', async () => {
    vi.useFakeTimers();
    const clicked: { href: string; download: string }[] = [];
    const blobs: Blob[] = [];
    const revoked: string[] = [];
    const body = { append: vi.fn() };
    const a = {
      href: '',
      download: '',
      rel: '',
      style: {} as Record<string, string>,
      click() {
        clicked.push({ href: this.href, download: this.download });
      },
      remove: vi.fn(),
    };
    const env = {
      document: { createElement: () => a, body } as never,
      URL: {
        createObjectURL: (b: Blob) => (blobs.push(b), 'blob:local/1'),
        revokeObjectURL: (u: string) => void revoked.push(u),
      } as never,
    };
    expect(downloadProject(sample(), 'Client 42', env)).toBe('Client 42.smp.json');
    expect(clicked).toEqual([{ href: 'blob:local/1', download: 'Client 42.smp.json' }]);
    expect(a.remove).toHaveBeenCalled();
    expect(blobs[0]!.type).toBe('application/json');
    expect(parseProject(await blobs[0]!.text())).toEqual(sample());
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(revoked).toEqual(['blob:local/1']);
  });
});
