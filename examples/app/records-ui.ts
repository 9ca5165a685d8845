// Client records on this device (IndexedDB, dexie): save the current project under the client's name, find a
// client, reopen their latest project with its photo, delete a client with every photo and report, export all
// records as one file and import it back (a damaged or newer file changes nothing). Also the "Make the report"
// button, whose PDF is kept with the client's project.
import type { Client, ImportChoice, ImportConflict, ImportSummary, Records } from '../consult/records.js';
import type { StudioDoc } from './state.js';
import { mountClinical, type ClinicalDeps, type ClinicalReport } from './clinical-ui.js';
import { isQuotaError } from './storage-ui.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A time as the artist reads it: "2026-11-01 10:00" (UTC, as stored). */
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * Asks, for each client that is on this device and in the file in other versions, which to keep: a modal
 * dialog with one pair of choices per client, the newer preselected. Resolves the choices by client id (a
 * preselection left as it is means "the newer of each record"), or null when the artist cancels.
 */
export function chooseImport(conflicts: ImportConflict[]): Promise<Record<string, ImportChoice> | null> {
  const dlg = el('dialog', { id: 'records-import-choice', className: 'import-choice' });
  const rows = conflicts.map((c, i) => {
    const newer = c.mine >= c.theirs ? 'mine' : 'theirs';
    const radio = (value: 'mine' | 'theirs', text: string) => {
      const r = el('input', { type: 'radio', name: `choice-${i}`, value, checked: value === newer });
      return el('label', {}, r, ` ${text}`);
    };
    const mine = radio('mine', `Keep this device’s (${when(c.mine)}${newer === 'mine' ? ', newer' : ', older'})`);
    const theirs = radio('theirs', `Take the file’s (${when(c.theirs)}${newer === 'theirs' ? ', newer' : ', older'})`);
    const set = el('fieldset', {}, el('legend', { textContent: c.name }), mine, theirs);
    set.dataset.client = c.clientId;
    return { c, set, newer };
  });
  const ok = el('button', { type: 'button', id: 'records-import-ok', textContent: 'Import' });
  const cancel = el('button', { type: 'button', id: 'records-import-cancel', textContent: 'Cancel' });
  dlg.append(
    el('h3', { textContent: 'These clients are on this device in another version' }),
    el('p', { textContent: 'For each client, choose which version to keep. The newer one is chosen unless you change it; nothing is changed until you press Import.' }),
    ...rows.map((r) => r.set),
    el('div', { className: 'actions' }, ok, cancel),
  );
  document.body.append(dlg);
  dlg.showModal();
  return new Promise((resolve) => {
    const done = (v: Record<string, ImportChoice> | null) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    ok.addEventListener('click', () => {
      const out: Record<string, ImportChoice> = {};
      for (const r of rows) {
        const picked = r.set.querySelector<HTMLInputElement>('input:checked')?.value as 'mine' | 'theirs' | undefined;
        out[r.c.clientId] = !picked || picked === r.newer ? 'newer' : picked;
      }
      done(out);
    });
    cancel.addEventListener('click', () => done(null));
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(null);
    });
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What an import changed, in words (the message after it). */
export function importMessage(file: string, s: ImportSummary): string {
  const parts: string[] = [];
  const newProjects = s.projects - s.replaced;
  if (s.added.length) parts.push(`added ${plural(s.added.length, 'client')} (${s.added.join(', ')})`);
  if (newProjects) parts.push(`added ${plural(newProjects, 'project')}`);
  if (s.replacedNames.length) parts.push(`replaced by the file’s version: ${s.replacedNames.join(', ')}`);
  if (s.keptNewer.length) parts.push(`kept this device’s newer ${s.keptNewer.join(', ')} (the file’s older version was not imported)`);
  if (s.keptMine.length) parts.push(`kept this device’s ${s.keptMine.join(', ')}, as you chose`);
  if (s.rekeyed) parts.push(`${plural(s.rekeyed, 'project or file', 'projects or files')} stored under new ids, because another client’s record on this device has theirs`);
  const what = parts.length ? `: ${parts.join('; ')}` : ': nothing changed, this device already has every record in it';
  return `Imported ${plural(s.clients, 'client')} and ${plural(s.projects, 'project')} from ${file}${what}.`;
}

/** After a write the device's storage refused for lack of space. */
const FULL = ' This device’s storage is full: free space by exporting the records and deleting clients you no longer need here.';

/** Tabs of the studio tell each other about deleted clients on this channel. */
const CHANNEL = 'smp-sim-records';
interface Deleted {
  type: 'client-deleted';
  id: string;
  name: string;
  photos: Blob[];
}

interface Deps {
  clientName: () => string;
  /** The studio document and the photo now on the stage (null on the sample). */
  current: () => { doc: StudioDoc; photo: { blob: Blob; name: string } | null };
  /** Opens a saved document and photo in the studio. */
  open: (doc: StudioDoc, photo: File | null, source: string) => Promise<void>;
  /**
   * A client was deleted from the records: erase every other copy of them on this device (the studio's autosave,
   * journal, kept photo, designs and undo history) when the studio holds their work (`open`: it was opened from
   * or saved to their record; otherwise their name or one of their photos is found in it). Resolves true when
   * the studio was cleared.
   */
  forget: (who: { name: string; photos: Blob[]; open: boolean }) => Promise<boolean>;
  report: (record?: ClinicalReport | null) => Promise<{ pdf: Blob; name: string }>;
  /** The intake, consent, sign-off and visit panels' pictures (clinical-ui.ts); without it they are not shown. */
  clinical?: Pick<ClinicalDeps, 'afterPicture' | 'dayPicture' | 'outlook' | 'subscribe'>;
  say: (t: string, k?: 'info' | 'error') => void;
}

const LINK_KEY = 'smp-sim:records-current';

export function mountRecords(host: HTMLElement, deps: Deps): void {
  let records: Records | null = null;
  let project: { id: string; clientId: string } | null = null;
  const watchers: (() => void)[] = [];
  // the record the studio holds now (saved to or opened from the records); the clinical panels follow it
  const link = {
    get current() {
      return project;
    },
    set current(p: { id: string; clientId: string } | null) {
      project = p;
      // remembered on this device so that a reload keeps the studio on the same record (ids only, no client data)
      try {
        if (p) localStorage.setItem(LINK_KEY, JSON.stringify(p));
        else localStorage.removeItem(LINK_KEY);
      } catch {
        /* storage refused: the link lasts until the page closes */
      }
      for (const w of watchers) w();
    },
  };
  const get = async (): Promise<Records> => {
    if (!records) {
      const { openRecords } = await import('../consult/records.js');
      records = await openRecords();
    }
    return records;
  };

  const make = el('button', { type: 'button', id: 'make-report', textContent: 'Make the client’s report (PDF)' });
  const save = el('button', { type: 'button', id: 'records-save', textContent: 'Save to client records' });
  const search = el('input', { type: 'search', id: 'records-search', placeholder: 'Find a client (name or 2026-11)' });
  search.setAttribute('aria-label', 'Find a client');
  const list = el('ul', { id: 'records-list', className: 'design-list' });
  const exp = el('button', { type: 'button', id: 'records-export', textContent: 'Export all records' });
  const imp = el('button', { type: 'button', id: 'records-import-button', textContent: 'Import records…' });
  const impFile = el('input', { type: 'file', id: 'records-import', accept: '.zip,application/zip', hidden: true });

  make.addEventListener('click', async () => {
    make.disabled = true;
    deps.say('Making the report: rendering the pictures…');
    try {
      const { pdf, name } = await deps.report(await clinical?.reportPart());
      download(pdf, name);
      if (link.current) await (await get()).addReport(link.current.id, pdf, name);
      deps.say(`The report ${name} is in your downloads${link.current ? ' and kept with the client’s record' : ''}. Nothing was uploaded.`);
      document.body.dataset.report = name;
    } catch (e) {
      deps.say(`The report could not be made: ${(e as Error).message}`, 'error');
    } finally {
      make.disabled = false;
    }
  });

  /** Saves the studio's project under the client's name (creating the client); resolves to the record, or null with the reason said. */
  async function saveCurrent(quiet = false): Promise<{ id: string; clientId: string } | null> {
    const name = deps.clientName().trim();
    if (!name) {
      deps.say('Enter the client’s name above first.', 'error');
      return null;
    }
    try {
      const r = await get();
      const { doc, photo } = deps.current();
      let client = (await r.listClients(name)).find((c) => c.name === name);
      client ??= await r.saveClient({ name });
      const { plan, ...rest } = doc;
      // the plan is the record's plan; the rest of the studio document (alignment, designs, consultation) rides along
      const p = await r.saveProject({
        ...(link.current?.clientId === client.id ? { id: link.current.id } : {}),
        clientId: client.id,
        title: doc.name || 'Design A',
        plan,
        alignment: rest,
        photo: photo ? photo.blob : null,
      });
      link.current = { id: p.id, clientId: client.id };
      if (!quiet)
        deps.say(
          `Saved ${name}’s project in the client records on this device.${r.persisted ? '' : ' The browser did not grant persistent storage, so it could clear them if space runs out: export the records now and then.'}`,
        );
      await refresh();
      return link.current;
    } catch (e) {
      deps.say(`Not saved: ${(e as Error).message}${isQuotaError(e) ? FULL : ''}`, 'error');
      return null;
    }
  }
  save.addEventListener('click', () => void saveCurrent());

  async function openClient(c: Client): Promise<void> {
    try {
      const r = await get();
      const [p] = await r.listProjects(c.id);
      if (!p) {
        deps.say(`${c.name} has no saved project yet.`, 'error');
        return;
      }
      // a record stored before its parts were checked at import may be malformed: say which field, open nothing
      const { checkProjectDoc } = await import('../consult/records-schema.js');
      checkProjectDoc(p.plan, p.alignment, 'project');
      const rest = (p.alignment ?? {}) as Omit<StudioDoc, 'plan'>;
      const blob = await r.photo(p);
      await deps.open({ ...rest, align: rest.align ?? null, plan: p.plan as StudioDoc['plan'] }, blob ? new File([blob], `${c.name}.jpg`, { type: blob.type }) : null, `${c.name}’s record`);
      link.current = { id: p.id, clientId: c.id };
    } catch (e) {
      deps.say(`${c.name}’s project could not be opened: ${(e as Error).message}. The studio is unchanged; the record is kept.`, 'error');
    }
  }

  /** Lists the clients found; when the records cannot be read (no storage), says so once instead of failing. */
  async function refresh(): Promise<void> {
    let r: Records;
    let clients: Client[];
    try {
      r = await get();
      clients = await r.listClients(search.value);
    } catch (e) {
      list.replaceChildren(el('li', { textContent: `The client records cannot be read in this browser (${(e as Error).message}).` }));
      return;
    }
    list.replaceChildren(
      ...clients.slice(0, 50).map((c) => {
        const open = el('button', { type: 'button', textContent: 'Open' });
        open.setAttribute('aria-label', `Open ${c.name}`);
        open.addEventListener('click', () => void openClient(c));
        const del = el('button', { type: 'button', textContent: '✕' });
        del.setAttribute('aria-label', `Delete ${c.name} and their photos`);
        del.addEventListener('click', async () => {
          if (!confirm(`Delete ${c.name}, their projects, photos and reports from this device?`)) return;
          try {
            const photos = await r.clientPhotos(c.id);
            await r.deleteClient(c.id);
            // other tabs of the studio drop the client's work too, rather than autosaving it back
            channel?.postMessage({ type: 'client-deleted', id: c.id, name: c.name, photos } satisfies Deleted);
            const open = link.current?.clientId === c.id;
            if (open) link.current = null;
            const cleared = await deps.forget({ name: c.name, photos, open });
            deps.say(
              `${c.name} is deleted from this device, photos included${cleared ? ' (the studio held their project: it is cleared, with its autosave and undo history, and shows the sample)' : ''}.`,
            );
          } catch (e) {
            deps.say(`${c.name} could not be deleted completely: ${(e as Error).message}`, 'error');
          }
          await refresh();
        });
        return el('li', {}, el('span', { textContent: `${c.name} · ${c.updatedAt.slice(0, 10)}` }), open, del);
      }),
    );
  }
  search.addEventListener('input', () => void refresh());
  exp.addEventListener('click', async () => {
    try {
      const { recordsFileName } = await import('../consult/records.js');
      download(await (await get()).exportAll(), recordsFileName());
      deps.say('All records are in your downloads as one file. Keep it safe: it holds client photos.');
    } catch (e) {
      deps.say(`The records could not be exported: ${(e as Error).message}`, 'error');
    }
  });
  imp.addEventListener('click', () => impFile.click());
  impFile.addEventListener('change', async () => {
    const f = impFile.files?.[0];
    impFile.value = '';
    if (!f) return;
    try {
      deps.say(`Reading ${f.name}…`);
      const s = await (await get()).importAll(f, chooseImport);
      deps.say(importMessage(f.name, s));
      await refresh();
    } catch (e) {
      deps.say(isQuotaError(e) ? `${f.name} was not imported: ${(e as Error).message}${FULL} Nothing was changed.` : (e as Error).message, 'error');
    }
  });

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener('message', async (e: MessageEvent<Deleted>) => {
    const m = e.data;
    if (m?.type !== 'client-deleted' || typeof m.name !== 'string') return;
    const open = link.current?.clientId === m.id;
    if (open) link.current = null;
    try {
      if (await deps.forget({ name: m.name, photos: Array.isArray(m.photos) ? m.photos : [], open }))
        deps.say(`${m.name} was deleted in another tab: their project is closed here too, and this tab will not save it back.`);
    } catch (err) {
      deps.say(`${m.name} was deleted in another tab, but this tab could not clear their project: ${(err as Error).message}`, 'error');
    }
    document.body.dataset.deletedElsewhere = m.id;
    await refresh().catch(() => {});
  });

  host.append(
    el('h3', { textContent: 'Report' }),
    make,
    el('h3', { textContent: 'Client records (this device)' }),
    save,
    search,
    list,
    el('div', { className: 'actions' }, exp, imp, impFile),
  );
  const clinical = deps.clinical
    ? mountClinical(host, {
        ...deps.clinical,
        records: get,
        record: () => link.current,
        onRecord: (fn) => watchers.push(fn),
        save: saveCurrent,
        current: () => deps.current().doc,
        clientName: deps.clientName,
        say: deps.say,
      })
    : null;
  void refresh().catch(() => {});
  void restoreLink();

  /** After a reload: the record the studio held, if it is still on the device. */
  async function restoreLink(): Promise<void> {
    try {
      const raw = JSON.parse(localStorage.getItem(LINK_KEY) ?? 'null') as { id?: unknown; clientId?: unknown } | null;
      if (!raw || typeof raw.id !== 'string' || typeof raw.clientId !== 'string') return;
      const r = await get();
      const [p, c] = await Promise.all([r.getProject(raw.id), r.getClient(raw.clientId)]);
      // the clinical panels check that the studio still shows this client before they use it
      if (p?.clientId === raw.clientId && c) link.current = { id: p.id, clientId: c.id };
    } catch {
      /* no link: the consultant opens the record from the list */
    }
  }
}
