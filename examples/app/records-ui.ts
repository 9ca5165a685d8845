// Client records on this device (IndexedDB, dexie): save the current project under the client's name, find a
// client, reopen their latest project with its photo, delete a client with every photo and report, export all
// records as one file and import it back (a damaged or newer file changes nothing). Also the "Make the report"
// button, whose PDF is kept with the client's project.
import type { Client, Records } from '../consult/records.js';
import type { StudioDoc } from './state.js';

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
  report: () => Promise<{ pdf: Blob; name: string }>;
  say: (t: string, k?: 'info' | 'error') => void;
}

export function mountRecords(host: HTMLElement, deps: Deps): void {
  let records: Records | null = null;
  let currentProject: { id: string; clientId: string } | null = null;
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
      const { pdf, name } = await deps.report();
      download(pdf, name);
      if (currentProject) await (await get()).addReport(currentProject.id, pdf, name);
      deps.say(`The report ${name} is in your downloads${currentProject ? ' and kept with the client’s record' : ''}. Nothing was uploaded.`);
      document.body.dataset.report = name;
    } catch (e) {
      deps.say(`The report could not be made: ${(e as Error).message}`, 'error');
    } finally {
      make.disabled = false;
    }
  });

  save.addEventListener('click', async () => {
    const name = deps.clientName().trim();
    if (!name) {
      deps.say('Enter the client’s name above first.', 'error');
      return;
    }
    try {
      const r = await get();
      const { doc, photo } = deps.current();
      let client = (await r.listClients(name)).find((c) => c.name === name);
      client ??= await r.saveClient({ name });
      const { plan, ...rest } = doc;
      // the plan is the record's plan; the rest of the studio document (alignment, designs, consultation) rides along
      const p = await r.saveProject({
        ...(currentProject?.clientId === client.id ? { id: currentProject.id } : {}),
        clientId: client.id,
        title: doc.name || 'Design A',
        plan,
        alignment: rest,
        photo: photo ? photo.blob : null,
      });
      currentProject = { id: p.id, clientId: client.id };
      deps.say(
        `Saved ${name}’s project in the client records on this device.${r.persisted ? '' : ' The browser did not grant persistent storage, so it could clear them if space runs out: export the records now and then.'}`,
      );
      await refresh();
    } catch (e) {
      deps.say(`Not saved: ${(e as Error).message}`, 'error');
    }
  });

  async function openClient(c: Client): Promise<void> {
    const r = await get();
    const [p] = await r.listProjects(c.id);
    if (!p) {
      deps.say(`${c.name} has no saved project yet.`, 'error');
      return;
    }
    const rest = (p.alignment ?? {}) as Omit<StudioDoc, 'plan'>;
    const blob = await r.photo(p);
    await deps.open({ ...rest, align: rest.align ?? null, plan: p.plan as StudioDoc['plan'] }, blob ? new File([blob], `${c.name}.jpg`, { type: blob.type }) : null, `${c.name}’s record`);
    currentProject = { id: p.id, clientId: c.id };
  }

  async function refresh(): Promise<void> {
    const r = await get();
    const clients = await r.listClients(search.value);
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
            const open = currentProject?.clientId === c.id;
            if (open) currentProject = null;
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
    const { recordsFileName } = await import('../consult/records.js');
    download(await (await get()).exportAll(), recordsFileName());
    deps.say('All records are in your downloads as one file. Keep it safe: it holds client photos.');
  });
  imp.addEventListener('click', () => impFile.click());
  impFile.addEventListener('change', async () => {
    const f = impFile.files?.[0];
    impFile.value = '';
    if (!f) return;
    try {
      const s = await (await get()).importAll(f);
      const kept = s.keptNewer.length ? ` Kept this device’s newer ${s.keptNewer.join(', ')} (the file’s older version${s.keptNewer.length > 1 ? 's were' : ' was'} not imported).` : '';
      const replaced = s.replaced ? ` ${s.replaced} project${s.replaced > 1 ? 's' : ''} on this device replaced by the file’s newer version.` : '';
      deps.say(`Imported ${s.clients} clients and ${s.projects} projects from ${f.name}.${replaced}${kept}`);
      await refresh();
    } catch (e) {
      deps.say((e as Error).message, 'error');
    }
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
  void refresh().catch(() => {});
}
