// Issue 21: the clinical part of a client's record in Chromium's real IndexedDB: the intake, the signed consent and
// hairline sign-off (never changed, versioned), visits; kept across a reopen, carried by export/import, refused
// when a signed record in a file was altered, deleted with the client.
import { Dexie } from 'dexie';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openRecords, type Records } from '../examples/consult/records.js';
import { ClinicalRecords } from '../examples/consult/clinical-records.js';
import { DEFAULT_INTAKE_TEMPLATE, consentContent, validateIntakeTemplate, type Signature } from '../src/consult/index.js';
import planV1 from './fixtures/plan-v1-default.json' with { type: 'json' };

const opened: Records[] = [];
let n = 0;
afterEach(async () => {
  for (const r of opened.splice(0)) {
    r.close();
    await Dexie.delete(r.db.name);
  }
});
async function fresh(name = `clinical-test-${Date.now()}-${n++}`): Promise<{ r: Records; c: ClinicalRecords }> {
  const r = await openRecords({ name });
  opened.push(r);
  return { r, c: new ClinicalRecords(r.db) };
}
async function jpeg(shade: number): Promise<Blob> {
  const cv = new OffscreenCanvas(32, 24);
  const g = cv.getContext('2d')!;
  g.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
  g.fillRect(0, 0, 32, 24);
  return cv.convertToBlob({ type: 'image/jpeg' });
}
const sig: Signature = { width: 400, height: 150, strokes: [Array.from({ length: 60 }, (_, i) => [30 + i * 5.5, 75 + 30 * Math.sin(i / 3)]).flat()] };
const t = validateIntakeTemplate(DEFAULT_INTAKE_TEMPLATE);
const answers = { keloid: { value: 'yes', detail: 'chest, 2019' }, 'patch-test': { value: 'not-done' } };

/** A client with an intake, a signed consent and a signed-off design with its after picture. */
async function seed(r: Records, c: ClinicalRecords) {
  const client = await r.saveClient({ name: 'Łukasz Żółć' });
  const project = await r.saveProject({ clientId: client.id, plan: planV1, photo: await jpeg(200) });
  await c.saveIntake(client.id, t, answers);
  const consent = await c.sign({ kind: 'consent', clientId: client.id, projectId: null, signer: 'Łukasz Żółć', content: consentContent(t, answers), signature: sig });
  const design = await c.sign({
    kind: 'design',
    clientId: client.id,
    projectId: project.id,
    signer: 'Łukasz Żółć',
    content: { type: 'design', designName: 'Design A', plan: planV1, summary: ['Treated area 120 cm²'], afterDay: 120 },
    signature: sig,
    pictures: [{ role: 'after', blob: await jpeg(90) }],
  });
  return { client, project, consent, design };
}

async function rezip(file: Blob, edit: (m: any) => void): Promise<Blob> {
  const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
  const m = JSON.parse(strFromU8(entries['records.json']!));
  edit(m);
  entries['records.json'] = strToU8(JSON.stringify(m));
  const z: Zippable = {};
  for (const [k, v] of Object.entries(entries)) z[k] = [v, { level: 0 }];
  return new Blob([zipSync(z) as BlobPart], { type: 'application/zip' });
}

describe('the clinical record', () => {
  it('the intake, the consent and the sign-off with its picture are there after the records are closed and opened again', async () => {
    const { r, c } = await fresh();
    const s = await seed(r, c);
    r.close();
    const again = await openRecords({ name: r.db.name });
    opened.push(again);
    const c2 = new ClinicalRecords(again.db);
    expect((await c2.intake(s.client.id))!.answers).toEqual(answers);
    const signed = await c2.signed(s.client.id);
    expect(signed.map((x) => [x.kind, x.version])).toEqual([['consent', 1], ['design', 1]]);
    expect(signed[1]).toEqual(s.design);
    const after = await c2.picture(s.design.files[0]!.blobId);
    expect(after!.size).toBeGreaterThan(0);
    // the flags the answers raised were sealed with the consent
    expect((signed[0]!.content as any).flags[0].consultant).toMatch(/patch test first/);
  });

  it('signing again after an edit makes version 2 and leaves version 1 exactly as it was', async () => {
    const { r, c } = await fresh();
    const s = await seed(r, c);
    const v2 = await c.sign({ kind: 'design', clientId: s.client.id, projectId: s.project.id, signer: 'Łukasz Żółć', content: { type: 'design', designName: 'Design A', plan: { ...planV1, seed: 'edited' }, summary: [], afterDay: 120 }, signature: sig });
    expect(v2.version).toBe(2);
    const all = await c.signed(s.client.id);
    expect(all.find((x) => x.id === s.design.id)).toEqual(s.design);
    expect(all.filter((x) => x.kind === 'design').map((x) => x.version)).toEqual([1, 2]);
  });

  it('a sign-off whose picture was changed on the device no longer verifies; the consent still does', async () => {
    const { r, c } = await fresh();
    const s = await seed(r, c);
    expect(await c.verify(s.design)).toBe(true);
    await r.db.blobs.update(s.design.files[0]!.blobId, { blob: await jpeg(30) });
    expect(await c.verify(s.design)).toBe(false);
    expect(await c.verify(s.consent)).toBe(true);
  });

  it('export → import into another device keeps the intake, the signed records, their pictures and visits', async () => {
    const a = await fresh();
    const s = await seed(a.r, a.c);
    const v = await a.c.addVisit(s.client.id, { projectId: s.project.id, date: '2027-03-01', day: 56, label: 'Session 3', photo: await jpeg(120) });
    await a.c.updateVisit(v.id, { marks: [{ x: 0.4, y: 0.3, r: 0.05 }] });
    const file = await a.r.exportAll();
    const b = await fresh();
    const sum = await b.r.importAll(file);
    expect(sum.clients).toBe(1);
    expect((await b.c.intake(s.client.id))!.answers).toEqual(answers);
    expect(await b.c.signed(s.client.id)).toEqual(await a.c.signed(s.client.id));
    const after = await b.c.picture(s.design.files[0]!.blobId);
    expect(new Uint8Array(await after!.arrayBuffer())).toEqual(new Uint8Array(await (await a.c.picture(s.design.files[0]!.blobId))!.arrayBuffer()));
    const [visit] = await b.c.visits(s.client.id);
    expect(visit!.marks).toEqual([{ x: 0.4, y: 0.3, r: 0.05 }]);
    expect((await b.c.picture(visit!.photoId))!.size).toBeGreaterThan(0);
    // importing again changes nothing and never replaces a signed record
    await b.r.importAll(file);
    expect(await b.c.signed(s.client.id)).toEqual(await a.c.signed(s.client.id));
  });

  it('a file whose signed consent was altered, or whose signed picture was swapped, is refused and changes nothing', async () => {
    const a = await fresh();
    await seed(a.r, a.c);
    const file = await a.r.exportAll();
    const b = await fresh();
    const altered = await rezip(file, (m) => (m.clinical.find((x: any) => x.kind === 'signed' && x.record.kind === 'consent').record.content.statements[0] = 'I waive everything.'));
    await expect(b.r.importAll(altered)).rejects.toThrow(/a signed record was changed after it was signed.*consent version 1/);
    const swapped = await rezip(file, (m) => {
      const d = m.clinical.find((x: any) => x.kind === 'signed' && x.record.kind === 'design');
      const photo = m.projects[0].photoId;
      d.record.files[0].blobId = photo; // points at another picture of the same client
    });
    // refused either for the seal or, first, because the snapshot it sealed is now a file nothing refers to
    await expect(b.r.importAll(swapped)).rejects.toThrow(/signed record was changed|picture was changed|is a file that no project uses/);
    expect(await b.r.db.clients.count()).toBe(0);
    expect(await b.r.db.clinical.count()).toBe(0);
  });

  it('a file whose clinical record has the id of another client’s record on this device is refused and changes nothing', async () => {
    const b = await fresh();
    const ana = await seed(b.r, b.c);
    const file = await b.r.exportAll();
    // the same file made over as another client, Eve, keeping only Ana's intake row id (a crafted or merged file)
    const crafted = await rezip(file, (m) => {
      const rename = (id: string) => `eve-${id.slice(0, 8)}`;
      const keep = new Set([m.projects[0].photoId]);
      m.clinical = m.clinical.filter((x: any) => x.kind === 'intake').map((x: any) => ({ ...x, clientId: 'eve' }));
      m.clients = [{ ...m.clients[0], id: 'eve', name: 'Eve' }];
      m.blobs = m.blobs.filter((x: any) => keep.has(x.id)).map((x: any) => ({ ...x, clientId: 'eve' }));
      m.projects = [{ ...m.projects[0], id: rename(m.projects[0].id), clientId: 'eve', reports: [] }];
    });
    const entries = unzipSync(new Uint8Array(await crafted.arrayBuffer()));
    const z: Zippable = {};
    const m = JSON.parse(strFromU8(entries['records.json']!));
    for (const [k, v] of Object.entries(entries)) if (k === 'records.json' || m.blobs.some((x: any) => `blobs/${x.id}` === k)) z[k] = [v, { level: 0 }];
    await expect(b.r.importAll(new Blob([zipSync(z) as BlobPart]))).rejects.toThrow(/clinical record "[^"]+" has the id of another client's record on this device/);
    expect(await b.r.db.clients.count()).toBe(1);
    expect((await b.c.intake(ana.client.id))!.answers).toEqual(answers);
  });

  it('a bad intake names the field and stores nothing; deleting the client deletes the clinical part and its pictures', async () => {
    const { r, c } = await fresh();
    const s = await seed(r, c);
    await expect(c.saveIntake(s.client.id, t, { keloid: { value: 'perhaps' } })).rejects.toThrow(/answers\.keloid\.value: expected yes or no/);
    expect((await c.intake(s.client.id))!.answers).toEqual(answers);
    await expect(c.sign({ kind: 'consent', clientId: s.client.id, projectId: null, signer: 'Ł', content: consentContent(t, answers), signature: { width: 400, height: 150, strokes: [[1, 1, 3, 3]] } })).rejects.toThrow(/too little to be a signature/);
    expect((await c.signed(s.client.id)).length).toBe(2);
    await r.deleteClient(s.client.id);
    expect(await r.db.clinical.count()).toBe(0);
    expect(await r.db.blobs.count()).toBe(0);
  });

  it('a version-2 database on the device opens with the clinical table added, its records intact', async () => {
    const name = `clinical-test-upgrade-${Date.now()}`;
    const v2 = new Dexie(name);
    v2.version(2).stores({ clients: 'id, nameKey, createdAt, updatedAt', projects: 'id, clientId, updatedAt', blobs: 'id, clientId' });
    await v2.open();
    await v2.table('clients').add({ id: 'c1', name: 'Ana', nameKey: 'ana', notes: '', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    v2.close();
    const { r, c } = await fresh(name);
    expect((await r.getClient('c1'))!.name).toBe('Ana');
    await c.saveIntake('c1', t, {});
    expect(await c.intake('c1')).toBeDefined();
  });
});
