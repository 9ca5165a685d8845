import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  downloadProject,
  makeProject,
  parseProject,
  type Project,
  ProjectError,
  projectFileName,
  serializeProject,
  base64ToBytes,
  bytesToBase64,
} from '../examples/project.js';
import { defaultPlanInput, PLAN_VERSION, PlanError, validatePlan } from '../src/index.js';

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

  it('serializing drops fields a caller attached that are not part of the format', () => {
    const p = { ...sample(), thumbnail: 'data:image/jpeg;base64,AAAA' } as Project;
    expect(JSON.parse(serializeProject(p))).not.toHaveProperty('thumbnail');
  });

  it('a version-1 project file (fixture) opens with no alignment and saves as version 2 with the same plan and UI', () => {
    const text = readFileSync(new URL('./fixtures/project-v1.smp.json', import.meta.url), 'utf8');
    expect(JSON.parse(text).format).toBe(1);
    const p = parseProject(text, 'project-v1.smp.json');
    expect(p.align).toBeNull();
    expect(p.ui).toEqual({ day: 200, beforeAfter: true, split: 0.4 });
    const again = JSON.parse(serializeProject(p));
    expect(again.format).toBe(2);
    expect(again.plan).toEqual(JSON.parse(text).plan);
    expect(parseProject(serializeProject(p))).toEqual(p);
  });

  it('a version-2 project keeps its alignment and, when included, its photo byte for byte', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 255);
    const align = { pxPerMm: 2.5, originX: 410.5, originY: 120, rotation: 0.05, squash: 0.45 };
    const p = makeProject(defaultPlanInput('c'), { day: 30 }, new Date('2026-03-01T10:00:00Z'), align, { name: 'client.jpg', type: 'image/jpeg', base64: bytesToBase64(bytes) });
    const back = parseProject(serializeProject(p));
    expect(back.align).toEqual(align);
    expect(base64ToBytes(back.photo!.base64)).toEqual(bytes);
    expect(back.photo!.name).toBe('client.jpg');
  });

  it('a damaged alignment, photo or oversized UI state is refused naming the field', () => {
    const base = JSON.parse(serializeProject(sample()));
    const bad = (patch: object) => errorOf(() => parseProject(JSON.stringify({ ...base, ...patch })));
    expect(bad({ align: { pxPerMm: -1, originX: 0, originY: 0, rotation: 0 } }).field).toBe('align.pxPerMm');
    expect(bad({ align: { pxPerMm: 1, originX: 'x', originY: 0, rotation: 0 } }).field).toBe('align.originX');
    expect(bad({ photo: { name: 'a.jpg', type: 'text/html', base64: '' } }).field).toBe('photo.type');
    expect(bad({ photo: { name: 'a.jpg', type: 'image/jpeg', base64: '<script>' } }).field).toBe('photo.base64');
    const huge = bad({ ui: { notes: 'x'.repeat(50_000) } });
    expect(huge.field).toBe('ui.notes');
    expect(huge.message).toMatch(/too long/);
    const many = bad({ ui: { notes: Array.from({ length: 4000 }, (_, i) => i) } });
    expect(many.field).toBe('ui');
    expect(many.message).toMatch(/too large/);
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
    const e = errorOf(() => parseProject(JSON.stringify({ ...sample(), format: 3 }), 'new.smp.json'));
    expect(e.field).toBe('format');
    expect(e.value).toBe(3);
    expect(e.message).toBe('new.smp.json: format is from a newer smp-sim; this build reads project format 2 or older (got 3)');
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

  it('unknown UI fields are kept; known UI fields of the wrong type or out of range are refused, naming the field', () => {
    const p = { ...sample(), ui: { day: 30, zoom: 2 } };
    expect(parseProject(JSON.stringify(p)).ui).toEqual({ day: 30, zoom: 2 });
    for (const [k, v] of [['day', -3], ['sessionsShown', 1.5], ['beforeAfter', 'yes'], ['split', 2], ['effect', 'x']] as const) {
      const e = errorOf(() => parseProject(JSON.stringify({ ...sample(), ui: { [k]: v } })));
      expect(e.field).toBe(`ui.${k}`);
      expect(e.value).toBe(v);
    }
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
