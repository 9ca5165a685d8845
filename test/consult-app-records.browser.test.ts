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

/** A record's alignment as the studio writes it: the studio document beside the plan. */
const ALIGNMENT = { align: { pxPerMm: 2.5, originX: 320, originY: 90, rotation: 0.05, squash: 0.6 }, name: 'Norwood V' };

/** A client with one project, a photo and one report. */
async function seedOne(r: Records, name = 'Łukasz Żółć-Größe') {
  const client = await r.saveClient({ name, notes: 'patch test done' });
  const project = await r.saveProject({ clientId: client.id, title: 'Norwood V', plan: planV1, alignment: ALIGNMENT, photo: await jpeg(200) });
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

/** Edits records.json of an export file. */
const manifest = (file: Blob, edit: (m: any) => void) =>
  rezip(file, (e) => {
    const m = JSON.parse(strFromU8(e['records.json']!));
    edit(m);
    e['records.json'] = strToU8(JSON.stringify(m));
  });

/** Where the central directory entry (`central`) or local header of a zip entry starts. */
function headerOf(zip: Uint8Array, name: string, central: boolean): number {
  const sig = central ? [0x50, 0x4b, 0x01, 0x02] : [0x50, 0x4b, 0x03, 0x04];
  const nameAt = central ? 46 : 30;
  const want = strToU8(name);
  for (let i = 0; i < zip.length - nameAt - want.length; i++)
    if (sig.every((b, k) => zip[i + k] === b) && want.every((b, k) => zip[i + nameAt + k] === b)) return i;
  throw new Error(`no entry ${name}`);
}

/** Writes the uncompressed size a zip declares for an entry, in its directory and its local header. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  v.setUint32(headerOf(zip, name, true) + 24, size, true);
  v.setUint32(headerOf(zip, name, false) + 22, size, true);
  return zip;
}

/** The export's photo entry name. */
const photoEntry = (e: Record<string, Uint8Array>, m: any) => `blobs/${m.blobs.find((b: any) => b.kind === 'photo').id}`;

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
    expect(p!.alignment).toEqual(ALIGNMENT);
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
    // what the records hold is what an export of them can be read back with (records-schema.ts's limits)
    await expect(r.saveClient({ name: 'A'.repeat(201) })).rejects.toThrow(/client\.name: at most 200 characters \(got 201\)/);
    await expect(r.saveClient({ name: 'Ana', notes: 'x'.repeat(20_001) })).rejects.toThrow(/client\.notes: .*20000 characters \(got 20001 characters\)/);
    await expect(r.saveProject({ clientId: c.id, plan: planV1, alignment: { align: { pxPerMm: -1, originX: 0, originY: 0, rotation: 0 } } })).rejects.toThrow(/project\.alignment\.align\.pxPerMm: must be > 0 \(got -1\)/);
    await expect(r.saveProject({ clientId: c.id, plan: planV1, title: 'T'.repeat(201) })).rejects.toThrow(/project\.title/);
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
    expect(await other.importAll(new File([file], 'records.zip'))).toEqual({
      clients: 2, projects: 2, files: 4, added: expect.arrayContaining(['Łukasz Żółć-Größe', 'Дмитрий']), replaced: 0, replacedNames: [], keptNewer: [], keptMine: [], rekeyed: 0, unchanged: 0,
    });
    expect(await snapshot(other)).toEqual(await snapshot(r));
    // importing the same file again changes nothing (records are matched by id) and says so
    expect(await other.importAll(file)).toMatchObject({ clients: 0, projects: 0, files: 0, replaced: 0, unchanged: 4 });
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
    expect([t.projects, t.replaced, t.replacedNames, t.keptNewer]).toEqual([1, 1, ['Ana: Norwood V'], []]);
    expect(await snapshot(other)).toEqual(await snapshot(r));
  });

  it('a file whose project, photo and report ids are another client’s takes nothing of theirs: they get new ids, and deleting the new client leaves the other’s photo', async () => {
    const r = await fresh();
    const ana = await seedOne(r, 'Ana');
    const anaBefore = { project: await r.getProject(ana.project.id), photo: await bytes(await r.photo(ana.project)), report: await (await r.report(ana.project.reports[0]!))!.text() };
    // a file made on another device, whose one project, photo and report use Ana's ids (crafted, or a bad merge)
    const src = await fresh();
    const eve = await seedOne(src, 'Eve');
    const evePhoto = await bytes(await src.photo(eve.project));
    const crafted = await rezip(await src.exportAll(), (e) => {
      const m = JSON.parse(strFromU8(e['records.json']!));
      const ids = new Map([[eve.project.photoId!, ana.project.photoId!], [eve.project.reports[0]!.blobId, ana.project.reports[0]!.blobId]]);
      m.projects[0].id = ana.project.id;
      m.projects[0].photoId = ids.get(m.projects[0].photoId);
      m.projects[0].reports[0].blobId = ids.get(m.projects[0].reports[0].blobId);
      for (const b of m.blobs) {
        e[`blobs/${ids.get(b.id)}`] = e[`blobs/${b.id}`]!;
        delete e[`blobs/${b.id}`];
        b.id = ids.get(b.id);
      }
      e['records.json'] = strToU8(JSON.stringify(m));
    });
    const s = await r.importAll(crafted);
    expect(s).toMatchObject({ clients: 1, projects: 1, files: 2, added: ['Eve'], replaced: 0, rekeyed: 3 });
    // Ana's project, photo and report are as they were, and still hers
    expect(await r.getProject(ana.project.id)).toEqual(anaBefore.project);
    expect(await bytes(await r.photo(ana.project))).toEqual(anaBefore.photo);
    expect(await (await r.report(ana.project.reports[0]!))!.text()).toBe(anaBefore.report);
    // Eve's project is hers, under its own ids, with her photo
    const [eveProject] = await r.listProjects(eve.client.id);
    expect(eveProject!.id).not.toBe(ana.project.id);
    expect(eveProject!.photoId).not.toBe(ana.project.photoId);
    expect(await bytes(await r.photo(eveProject!))).toEqual(evePhoto);
    expect(await r.db.blobs.count()).toBe(4);
    // deleting Eve deletes her two files and nothing of Ana's
    await r.deleteClient(eve.client.id);
    expect(await bytes(await r.photo(ana.project))).toEqual(anaBefore.photo);
    expect(await r.db.blobs.where('clientId').equals(ana.client.id).count()).toBe(2);
    expect(await r.db.blobs.count()).toBe(2);
  });

  it('the user chooses per client which version to keep (this device’s or the file’s), the default is the newer, and cancelling changes nothing', async () => {
    let clock = '2026-10-01T10:00:00Z';
    const r = await fresh(() => clock);
    const ana = await seedOne(r, 'Ana');
    const bo = await seedOne(r, 'Bo');
    const october = await r.exportAll();
    clock = '2026-11-01T10:00:00Z';
    for (const x of [ana, bo]) await r.saveProject({ id: x.project.id, clientId: x.client.id, title: 'Norwood V', plan: { ...planV1, seed: 'november' } });
    const before = await snapshot(r);
    const seen: unknown[] = [];
    // cancelled: nothing changes
    const cancelled = await r.importAll(new File([october], 'october.zip'), async (c) => (seen.push(c), null)).catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(RecordsFileError);
    expect((cancelled as Error).message).toMatch(/^october\.zip was not imported: the import was cancelled\. Nothing was changed\.$/);
    expect(await snapshot(r)).toEqual(before);
    expect(seen[0]).toEqual([
      { clientId: ana.client.id, name: 'Ana', mine: '2026-11-01T10:00:00.000Z', theirs: '2026-10-01T10:00:00.000Z' },
      { clientId: bo.client.id, name: 'Bo', mine: '2026-11-01T10:00:00.000Z', theirs: '2026-10-01T10:00:00.000Z' },
    ]);
    // Ana: the user takes the file's older version; Bo: the default, the newer (this device's)
    const s = await r.importAll(october, async () => ({ [ana.client.id]: 'theirs' }));
    expect([s.clients, s.projects, s.replacedNames, s.keptNewer, s.keptMine]).toEqual([1, 1, ['Ana: Norwood V'], ['Bo', 'Bo: Norwood V'], []]);
    expect(((await r.getProject(ana.project.id))!.plan as { seed: string }).seed).toBe(planV1.seed);
    expect(((await r.getProject(bo.project.id))!.plan as { seed: string }).seed).toBe('november');
    // the other way round: a device with the older version keeps it when the user says so, though the file is newer
    const november = await r.exportAll();
    const other = await fresh(() => '2026-10-01T10:00:00Z');
    await other.importAll(october);
    const t = await other.importAll(november, async (c) => Object.fromEntries(c.map((x) => [x.clientId, 'mine' as const])));
    expect([t.clients, t.projects, t.keptMine]).toEqual([0, 0, ['Bo', 'Bo: Norwood V']]);
    expect(((await other.getProject(bo.project.id))!.plan as { seed: string }).seed).toBe(planV1.seed);
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
      // item 10: a malformed alignment is refused at import, naming the field and the value
      ['a project whose alignment has an impossible scale', (f) => manifest(f, (m) => (m.projects[0].alignment.align.pxPerMm = -1)), /projects\[0\]\.alignment\.align\.pxPerMm: must be > 0 \(got -1\)/],
      ['a project whose alignment is not an object', (f) => manifest(f, (m) => (m.projects[0].alignment = 'tilted')), /projects\[0\]\.alignment: must be an object or null \(got "tilted"\)/],
      ['a project whose alignment has a part the studio does not know', (f) => manifest(f, (m) => (m.projects[0].alignment.tilt = 0.6)), /projects\[0\]\.alignment\.tilt: is not a part of a studio document .*\(got 0\.6\)/],
      ['a project whose fitted head is not a head', (f) => manifest(f, (m) => (m.projects[0].alignment.head = { width: 'wide' })), /projects\[0\]\.alignment\.head/],
      // item 4: duplicate ids and files shared across projects or clients
      ['two clients with one id', (f) => manifest(f, (m) => m.clients.push({ ...m.clients[0], name: 'Eve' })), /clients\[1\]\.id: is used twice in the file .*\(got "[0-9a-f-]{36}"\)/],
      ['two projects with one id', (f) => manifest(f, (m) => m.projects.push({ ...m.projects[0], photoId: null, reports: [] })), /projects\[1\]\.id: is used twice in the file .*\(got "[0-9a-f-]{36}"\)/],
      ['two files with one id', (f) => manifest(f, (m) => m.blobs.push({ ...m.blobs[0] })), /blobs\[2\]\.id: is used twice in the file/],
      ['one photo used by two projects', (f) => manifest(f, (m) => m.projects.push({ ...m.projects[0], id: 'second', reports: [] })), /projects\[1\]\.photoId: refers to a file that projects\[0\] .* uses too/],
      ['a project using the photo of another client in the file', (f) => manifest(f, (m) => { m.clients.push({ ...m.clients[0], id: 'eve', name: 'Eve' }); m.projects[0].clientId = 'eve'; m.projects[0].reports = []; }), /projects\[0\]\.photoId: refers to a file of another client/],
      // item 8: types, ranges, sizes, nesting and prototype names
      ['a prototype name as an id', (f) => manifest(f, (m) => { m.clients[0].id = 'constructor'; }), /clients\[0\]\.id: must not be a prototype name \(got "constructor"\)/],
      ['a prototype name as a key', (f) => manifest(f, (m) => Object.defineProperty(m.projects[0].alignment, '__proto__', { value: { polluted: 1 }, enumerable: true })), /projects\[0\]\.alignment\.__proto__: is a prototype name/],
      ['a client name of 201 characters', (f) => manifest(f, (m) => (m.clients[0].name = 'A'.repeat(201))), /clients\[0\]\.name: .*200.* \(got "AAAA/],
      ['notes of 5 MB', (f) => manifest(f, (m) => (m.clients[0].notes = 'x'.repeat(5_000_000))), /clients\[0\]\.notes: .*20000/],
      ['a field the format does not have', (f) => manifest(f, (m) => (m.clients[0].vip = true)), /clients\[0\]: .*vip/],
      ['a date that is not a date', (f) => manifest(f, (m) => (m.projects[0].updatedAt = 'yesterday')), /projects\[0\]\.updatedAt: expected an ISO 8601 time \(got "yesterday"\)/],
      ['a photo whose type is not an image', (f) => manifest(f, (m) => (m.blobs.find((b: any) => b.kind === 'photo').type = 'text/html')), /blobs\[\d\]\.type: a photo must have an image type/],
      [
        'records.json nested 100,000 levels deep',
        (f) => rezip(f, (e) => { e['records.json'] = strToU8(strFromU8(e['records.json']!).replace(/"alignment": ?\{/, `"alignment":{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)},`)); }),
        /projects\[0\]\.alignment\.deep.*: is nested deeper than 32 levels/,
      ],
      // item 7: zip bombs, refused from the zip's directory before inflating, or while inflating
      [
        'a photo entry declaring 2 GB',
        (f) => rezip(f, () => {}).then(async (z) => { const b = new Uint8Array(await z.arrayBuffer()); const m = JSON.parse(strFromU8(unzipSync(b)['records.json']!)); return new Blob([declareSize(b, photoEntry({}, m), 2 ** 31) as BlobPart]); }),
        /entry "blobs\/[0-9a-f-]+" declares 2147483648 bytes, more than the limit of 100000000/,
      ],
      [
        'a photo entry that inflates to 64 MB of zeros while declaring the photo’s size',
        async (f) => {
          const e = unzipSync(new Uint8Array(await f.arrayBuffer()));
          const m = JSON.parse(strFromU8(e['records.json']!));
          const photo = photoEntry(e, m);
          const z: Zippable = {};
          for (const [k, v] of Object.entries(e)) z[k] = k === photo ? [new Uint8Array(64_000_000), { level: 1 }] : [v, { level: 0 }];
          return new Blob([declareSize(zipSync(z), photo, e[photo]!.length) as BlobPart]);
        },
        /entry "blobs\/[0-9a-f-]+" inflates to more than the \d+ bytes it declares/,
      ],
      ['an entry that records.json does not refer to', (f) => rezip(f, (e) => { e['blobs/stowaway'] = new Uint8Array(1000); }), /entry "blobs\/stowaway" is not referred to by records\.json/],
      ['an entry that is not part of a records export', (f) => rezip(f, (e) => { e['readme.txt'] = strToU8('hello'); }), /entry "readme\.txt" is not part of a records export/],
      ['a file from a newer studio', (f) => rezip(f, (e) => { const m = JSON.parse(strFromU8(e['records.json']!)); m.version = 99; e['records.json'] = strToU8(JSON.stringify(m)); }), /newer version of the studio/],
    ];
    for (const [what, damage, message] of cases)
      it(what, async () => {
        const { file, target, before } = await setup();
        const bad = await damage(file);
        const err = await target.importAll(new File([bad], 'clients.zip')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RecordsFileError);
        expect((err as Error).message).toMatch(message);
        expect((err as Error).message).toMatch(/^clients\.zip was not imported: .*Nothing was changed\.$/s);
        expect(await snapshot(target)).toEqual(before);
      });

    it('a write that fails halfway (here: the files table refuses) rolls the whole import back', async () => {
      const { file, target, before } = await setup();
      await target.db.blobs.clear();
      const cleared = await snapshot(target);
      target.db.blobs.hook('creating', () => {
        throw new Error('disk full');
      });
      // the user takes the file's version (the device's has the same date and would be left as it is)
      await expect(target.importAll(file, async (c) => Object.fromEntries(c.map((x) => [x.clientId, 'theirs' as const])))).rejects.toThrow(/disk full/);
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
