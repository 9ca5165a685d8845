// Client records in Chromium's real IndexedDB: each test opens its own database.
import { Dexie } from 'dexie';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRecords, RecordsFileError, SCHEMA_V1, foldName, type Records } from '../examples/consult/records.js';
import planV1 from './fixtures/plan-v1-default.json' with { type: 'json' };

const opened: Records[] = [];
let dbCount = 0;

afterEach(async () => {
  for (const r of opened.splice(0)) {
    r.close();
    await Dexie.delete(r.db.name);
  }
});

/** Records in a fresh database; the clock is pinned when `at` is given. */
async function fresh(at?: () => string, name = `records-test-${Date.now()}-${dbCount++}`): Promise<Records> {
  const r = await openRecords({ name, ...(at ? { now: () => new Date(at()) } : {}) });
  opened.push(r);
  return r;
}

async function jpeg(shade: number): Promise<Blob> {
  const c = new OffscreenCanvas(64, 48);
  const g = c.getContext('2d')!;
  g.fillStyle = `rgb(${shade}, ${shade - 20}, ${shade - 40})`;
  g.fillRect(0, 0, 64, 48);
  return c.convertToBlob({ type: 'image/jpeg' });
}

const bytes = async (b: Blob | undefined) => Array.from(new Uint8Array(await b!.arrayBuffer()));

/** Everything in the database, photo bytes included, as one comparable value. */
async function snapshot(r: Records): Promise<unknown> {
  const blobs = await r.db.blobs.orderBy('id').toArray();
  return {
    clients: await r.db.clients.orderBy('id').toArray(),
    projects: await r.db.projects.orderBy('id').toArray(),
    blobs: await Promise.all(blobs.map(async (b) => ({ ...b, blob: await bytes(b.blob) }))),
  };
}

/** A client with one project, a photo and one report. */
async function seedOne(r: Records, name = 'Łukasz Żółć-Größe') {
  const client = await r.saveClient({ name, notes: 'patch test done' });
  const project = await r.saveProject({ clientId: client.id, title: 'Norwood V', plan: planV1, alignment: { tilt: 0.6, turn: 2 }, photo: await jpeg(200) });
  await r.addReport(project.id, new Blob(['%PDF-1.3 test'], { type: 'application/pdf' }), 'report.pdf');
  return { client, project: (await r.getProject(project.id))! };
}

/** Rewrites one entry of an export zip (photos are stored, not deflated, so bytes stay where they were). */
async function rezip(file: Blob, edit: (entries: Record<string, Uint8Array>) => void): Promise<Blob> {
  const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
  edit(entries);
  const z: Zippable = {};
  for (const [k, v] of Object.entries(entries)) z[k] = [v, { level: 0 }];
  return new Blob([zipSync(z) as BlobPart], { type: 'application/zip' });
}

describe('client records on the device', () => {
  it('asks the browser to keep the records (persistent storage)', async () => {
    const persist = vi.spyOn(navigator.storage, 'persist');
    const r = await fresh();
    expect(persist).toHaveBeenCalledTimes(1);
    expect(typeof r.persisted).toBe('boolean');
    persist.mockRestore();
  });

  it('a client, their project, photo, alignment and report are all there after the app is closed and opened again', async () => {
    const r = await fresh();
    const { client, project } = await seedOne(r);
    const photo = await bytes(await r.photo(project));
    r.close();
    const again = await openRecords({ name: r.db.name });
    opened.push(again);
    expect(await again.getClient(client.id)).toMatchObject({ name: client.name, notes: 'patch test done', createdAt: client.createdAt });
    const [p] = await again.listProjects(client.id);
    expect(p!.plan).toEqual(planV1);
    expect(p!.alignment).toEqual({ tilt: 0.6, turn: 2 });
    expect(await bytes(await again.photo(p!))).toEqual(photo);
    expect(p!.reports.map((x) => x.fileName)).toEqual(['report.pdf']);
    expect(await (await again.report(p!.reports[0]!))!.text()).toBe('%PDF-1.3 test');
  });

  it('refuses an invalid plan or an unknown client, naming the field, and stores nothing', async () => {
    const r = await fresh();
    const c = await r.saveClient({ name: 'Ana' });
    await expect(r.saveProject({ clientId: c.id, plan: { ...planV1, seed: 42 } })).rejects.toThrow(/plan\.seed/);
    await expect(r.saveProject({ clientId: 'nobody', plan: planV1 })).rejects.toThrow(/project\.clientId: no client "nobody"/);
    await expect(r.saveClient({ name: '   ' })).rejects.toThrow(/client\.name/);
    expect(await r.db.projects.count()).toBe(0);
  });

  it('lists clients newest first and finds them by any part of the name, accents ignored, and by date', async () => {
    let clock = '2025-03-10T09:00:00Z';
    const r = await fresh(() => clock);
    const lukasz = await r.saveClient({ name: 'Łukasz Żółć-Größe' });
    clock = '2026-11-02T10:00:00Z';
    const ilias = await r.saveClient({ name: 'Ηλίας Παπαδόπουλος' });
    clock = '2026-11-20T10:00:00Z';
    const anna = await r.saveClient({ name: 'Anna Berg' });
    const names = (list: { name: string }[]) => list.map((c) => c.name);
    expect(names(await r.listClients())).toEqual([anna.name, ilias.name, lukasz.name]);
    expect(names(await r.listClients('zolc'))).toEqual([lukasz.name]);
    expect(names(await r.listClients('GROSSE łukasz'))).toEqual([lukasz.name]);
    expect(names(await r.listClients('ηλιας'))).toEqual([ilias.name]);
    expect(names(await r.listClients('2026-11'))).toEqual([anna.name, ilias.name]);
    expect(names(await r.listClients('2026-11-02'))).toEqual([ilias.name]);
    expect(names(await r.listClients('berg 2025'))).toEqual([]);
    // saving a project brings its client to the top
    clock = '2026-11-30T10:00:00Z';
    await r.saveProject({ clientId: lukasz.id, plan: planV1 });
    expect(names(await r.listClients())[0]).toBe(lukasz.name);
    expect(names(await r.listClients('2026-11-30'))).toEqual([lukasz.name]);
    expect(foldName('  Søren  ÆRØ ')).toBe('soren aero');
  });

  it('deleting a client deletes their projects, photos and reports, and nobody else’s', async () => {
    const r = await fresh();
    const a = await seedOne(r, 'Ana');
    const b = await seedOne(r, 'Bo');
    expect(await r.db.blobs.where('clientId').equals(a.client.id).count()).toBe(2);
    await r.deleteClient(a.client.id);
    expect(await r.getClient(a.client.id)).toBeUndefined();
    expect(await r.db.projects.where('clientId').equals(a.client.id).count()).toBe(0);
    expect(await r.db.blobs.where('clientId').equals(a.client.id).count()).toBe(0);
    expect(await r.db.blobs.get(a.project.photoId!)).toBeUndefined();
    expect(await r.photo(b.project)).toBeDefined();
    expect(await r.db.blobs.count()).toBe(2);
  });

  it('replacing or removing a project photo leaves no orphaned file', async () => {
    const r = await fresh();
    const { client, project } = await seedOne(r);
    const replaced = await r.saveProject({ id: project.id, clientId: client.id, plan: planV1, photo: await jpeg(120) });
    expect(replaced.photoId).not.toBe(project.photoId);
    expect(await r.db.blobs.get(project.photoId!)).toBeUndefined();
    const kept = await r.saveProject({ id: project.id, clientId: client.id, plan: planV1 });
    expect(kept.photoId).toBe(replaced.photoId);
    await r.saveProject({ id: project.id, clientId: client.id, plan: planV1, photo: null });
    expect(await r.db.blobs.where({ clientId: client.id }).count()).toBe(1); // the report only
  });

  it('exports everything as one file that imports into an empty device unchanged', async () => {
    const r = await fresh();
    await seedOne(r, 'Łukasz Żółć-Größe');
    await seedOne(r, 'Дмитрий');
    const file = await r.exportAll();
    expect(file.type).toBe('application/zip');
    const other = await fresh();
    expect(await other.importAll(new File([file], 'records.zip'))).toEqual({ clients: 2, projects: 2, files: 4, replaced: 0, keptNewer: [] });
    expect(await snapshot(other)).toEqual(await snapshot(r));
    // importing the same file again changes nothing (records are matched by id)
    await other.importAll(file);
    expect(await snapshot(other)).toEqual(await snapshot(r));
  });

  it('importing an older export never reverts newer work on the device: the newer version is kept and the summary names it', async () => {
    let clock = '2026-10-01T10:00:00Z';
    const r = await fresh(() => clock);
    const { client, project } = await seedOne(r, 'Ana');
    const lastMonth = await r.exportAll();
    clock = '2026-11-01T10:00:00Z';
    await r.saveProject({ id: project.id, clientId: client.id, title: 'Norwood V', plan: { ...planV1, seed: 'newer' }, photo: await jpeg(90) });
    const before = await snapshot(r);
    const s = await r.importAll(new File([lastMonth], 'old.zip'));
    expect(s.keptNewer).toEqual(['Ana', 'Ana: Norwood V']);
    expect([s.clients, s.projects, s.files, s.replaced]).toEqual([0, 0, 0, 0]);
    expect(await snapshot(r)).toEqual(before);
    expect(((await r.getProject(project.id))!.plan as { seed: string }).seed).toBe('newer');
    // the other way round, a newer export replaces the older version, and its old photo goes with it
    const now = await r.exportAll();
    const other = await fresh(() => '2026-10-01T10:00:00Z');
    await other.importAll(lastMonth);
    const t = await other.importAll(now);
    expect([t.projects, t.replaced, t.keptNewer]).toEqual([1, 1, []]);
    expect(await snapshot(other)).toEqual(await snapshot(r));
  });

  describe('a damaged, foreign or newer file is refused with a message and changes nothing', () => {
    async function setup() {
      const source = await fresh();
      const { client } = await seedOne(source, 'Ana');
      const file = await source.exportAll();
      // the target already knows this client under another name: a partial import would show
      const target = await fresh();
      await target.importAll(file);
      await target.saveClient({ id: client.id, name: 'Ana Renamed' });
      await seedOne(target, 'Bo');
      return { file, target, before: await snapshot(target) };
    }

    const cases: [string, (file: Blob) => Promise<Blob>, RegExp][] = [
      ['a photo with one byte changed', (f) => rezip(f, (e) => { const k = Object.keys(e).find((n) => n.startsWith('blobs/'))!; e[k]![10] = e[k]![10]! ^ 0xff; }), /damaged .*checksum/],
      ['a file cut short', async (f) => f.slice(0, Math.floor(f.size / 2)), /damaged/],
      ['a photo instead of an export', async () => jpeg(90), /not a records export/],
      ['records.json that is not JSON', (f) => rezip(f, (e) => { e['records.json'] = strToU8('{"app": "smp-sim", '); }), /damaged .*not valid JSON/],
      ['a project whose plan is broken', (f) => rezip(f, (e) => { const m = JSON.parse(strFromU8(e['records.json']!)); m.projects[0].plan.density.target = -3; e['records.json'] = strToU8(JSON.stringify(m)); }), /plan.*density\.target/],
      ['a project of a client missing from the file', (f) => rezip(f, (e) => { const m = JSON.parse(strFromU8(e['records.json']!)); m.clients = []; e['records.json'] = strToU8(JSON.stringify(m)); }), /damaged/],
      ['a file from a newer studio', (f) => rezip(f, (e) => { const m = JSON.parse(strFromU8(e['records.json']!)); m.version = 99; e['records.json'] = strToU8(JSON.stringify(m)); }), /newer version of the studio/],
    ];
    for (const [what, damage, message] of cases)
      it(what, async () => {
        const { file, target, before } = await setup();
        const bad = await damage(file);
        const err = await target.importAll(new File([bad], 'clients.zip')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RecordsFileError);
        expect((err as Error).message).toMatch(message);
        expect((err as Error).message).toMatch(/^clients\.zip was not imported: .*Nothing was changed\.$/);
        expect(await snapshot(target)).toEqual(before);
      });

    it('a write that fails halfway (here: the files table refuses) rolls the whole import back', async () => {
      const { file, target, before } = await setup();
      await target.db.blobs.clear();
      const cleared = await snapshot(target);
      target.db.blobs.hook('creating', () => {
        throw new Error('disk full');
      });
      await expect(target.importAll(file)).rejects.toThrow(/disk full/);
      expect(await snapshot(target)).toEqual(cleared);
      expect(cleared).not.toEqual(before);
    });
  });

  it('a version-1 database on the device is upgraded: photos move out of projects, names become searchable', async () => {
    const name = `records-v1-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const photo = await jpeg(180);
    await v1.table('clients').add({ id: 'c1', name: 'Łukasz Żółć-Größe', createdAt: '2025-05-01T10:00:00.000Z' });
    await v1.table('projects').add({ id: 'p1', clientId: 'c1', plan: planV1, photo, updatedAt: '2025-05-02T10:00:00.000Z' });
    await v1.table('projects').add({ id: 'p2', clientId: 'c1', plan: planV1, updatedAt: '2025-05-03T10:00:00.000Z' });
    v1.close();

    const r = await fresh(undefined, name);
    expect(r.db.verno).toBe(3);
    const [client] = await r.listClients('zolc');
    expect(client).toMatchObject({ id: 'c1', nameKey: 'lukasz zolc-grosse', notes: '', updatedAt: '2025-05-01T10:00:00.000Z' });
    const [p2, p1] = await r.listProjects('c1');
    expect(p1).toMatchObject({ id: 'p1', title: 'Project', alignment: null, reports: [], photoId: 'p1-photo' });
    expect('photo' in p1!).toBe(false);
    expect(await bytes(await r.photo(p1!))).toEqual(await bytes(photo));
    expect(p2!.photoId).toBeNull();
    // and the upgraded records behave like new ones: deleting the client deletes the moved photo
    await r.deleteClient('c1');
    expect(await r.db.blobs.count()).toBe(0);
  });
});
