// Full storage and no storage: when the browser's storage refuses a write (its quota is full) or there is none
// (IndexedDB unavailable: a private window, a locked-down browser), a banner says so and stays — no message,
// start-up or later edit replaces it — until a write succeeds again. It names the reason and the ways out: save
// a project file now, or free space by exporting the client records and deleting clients. At start the studio
// asks the browser to keep its storage (navigator.storage.persist()), so that it is not evicted under pressure.

/** Whether an error is the browser's storage being full. */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: unknown; code?: unknown; message?: unknown; inner?: unknown } | null;
  if (!err) return false;
  if (err.name === 'QuotaExceededError' || err.code === 22 || err.code === 1014) return true;
  return typeof err.message === 'string' && /quota/i.test(err.message);
}

let asked: Promise<boolean> | null = null;
/** Asks once per page for persistent storage; resolves whether the browser granted it (false where it cannot). */
export function askPersistence(): Promise<boolean> {
  asked ??= (async () => {
    try {
      return (await navigator.storage?.persist?.()) ?? false;
    } catch {
      return false;
    }
  })();
  return asked;
}

export type StorageProblem = 'none' | 'full' | 'failed';

export interface StorageBanner {
  /** Shows (or updates) the banner; `detail` is the browser's reason. */
  show(problem: StorageProblem, detail: string): void;
  /** A write succeeded: the banner goes, unless there is no storage at all. Resolves whether it was shown. */
  clear(): boolean;
  readonly problem: StorageProblem | null;
}

interface BannerDeps {
  /** Saves the project as a file now (the Save… button). */
  saveNow: () => void;
  /** Shows where the client records are exported and deleted (to free space). */
  freeSpace: () => void;
}

/** The banner, placed under the header; hidden until a problem is shown. */
export function mountStorageBanner(after: Element, deps: BannerDeps): StorageBanner {
  const box = document.createElement('div');
  box.id = 'storage-banner';
  box.className = 'storage-banner';
  box.setAttribute('role', 'alert');
  box.hidden = true;
  const text = document.createElement('span');
  text.id = 'storage-banner-text';
  const save = Object.assign(document.createElement('button'), { type: 'button', id: 'storage-save', textContent: 'Save the project file now' });
  const free = Object.assign(document.createElement('button'), { type: 'button', id: 'storage-free', textContent: 'Free space: export and delete records' });
  save.addEventListener('click', () => deps.saveNow());
  free.addEventListener('click', () => deps.freeSpace());
  box.append(text, save, free);
  after.after(box);
  let problem: StorageProblem | null = null;
  return {
    get problem() {
      return problem;
    },
    show(p, detail) {
      if (problem === 'none' && p !== 'none') return; // no storage at all says the most
      problem = p;
      const why = detail ? ` (${detail})` : '';
      text.textContent =
        p === 'none'
          ? `This browser gives the studio no storage${why}: nothing is kept on this device, and closing or reloading the tab loses this work. Save the project file now, and again before you close the tab.`
          : p === 'full'
            ? `This device’s storage is full${why}: the latest edits are not saved on it (the plan is kept in a small backup where it fits; the photo is not). Save the project file now, or free space by exporting the client records and deleting clients you no longer need here.`
            : `The studio could not save on this device${why}: the latest edits are not kept here. Save the project file now.`;
      free.hidden = p === 'none';
      box.hidden = false;
      document.body.dataset.storage = p;
    },
    clear() {
      if (problem === null || problem === 'none') return false;
      problem = null;
      box.hidden = true;
      delete document.body.dataset.storage;
      return true;
    },
  };
}
