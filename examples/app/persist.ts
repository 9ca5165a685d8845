// Saved work on this device: the project (plan, alignment, UI) is written ahead to IndexedDB after every edit
// (in the next task, coalesced: one write at a time, the latest edit next), so a crashed tab or browser loses at
// most the edit in flight; the photo is kept there as a Blob (never sent anywhere); "New", "Forget photo" and
// deleting the client in the records clear it. Each save carries
// a revision: a tab that finds a newer revision from another tab does not overwrite it silently but asks.
// When the page is hidden or closed, the pending project is also written synchronously to localStorage (a
// small journal), because an IndexedDB write started then may not finish; the newer of the two wins at start.
import { openDB, type IDBPDatabase } from 'idb';
import { parseProject, ProjectError, serializeProject, type Project } from '../project.js';

/** The key-value store persistence needs (IndexedDB in the page; a Map in tests). */
export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/** IndexedDB database and store names. */
export const DB_NAME = 'smp-sim';
export const STORE = 'studio';
/** localStorage key of the synchronous journal written when the page goes away. */
export const JOURNAL_KEY = 'smp-sim/journal';

/** An IndexedDB-backed KV (one object store); writes are durable (on disk) when they resolve. */
export async function idbKV(name = DB_NAME): Promise<KV> {
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(d) {
      if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
    },
  });
  const write = async (fn: (store: { put(v: unknown, k: string): unknown; delete(k: string): unknown }) => unknown) => {
    // strict: the commit is flushed to disk before it resolves, so a killed browser keeps it
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    void fn(tx.store);
    await tx.done;
  };
  return {
    get: (k) => db.get(STORE, k),
    set: (k, v) => write((s) => s.put(v, k)),
    del: (k) => write((s) => s.delete(k)),
  };
}

/** A Map-backed KV (tests, or a browser without IndexedDB). */
export function memoryKV(): KV {
  const m = new Map<string, unknown>();
  return {
    get: async (k) => structuredClone(m.get(k)),
    set: async (k, v) => void m.set(k, structuredClone(v)),
    del: async (k) => void m.delete(k),
  };
}

/** A stored project: its JSON text, a revision that grows with every save, and which tab wrote it. */
export interface StoredProject {
  text: string;
  revision: number;
  tab: string;
  savedAt: string;
}

/** A stored photo. */
export interface StoredPhoto {
  blob: Blob;
  name: string;
}

/** What load() found: a project (or null, with the reason when something was unreadable) and the photo. */
export interface Restored {
  project: Project | null;
  photo: StoredPhoto | null;
  reason: string | null;
}

/** The synchronous journal's storage (localStorage in the page). */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface PersistOptions {
  /** Time from an edit to its write, ms (default 0: the next task; edits made meanwhile are coalesced). */
  delayMs?: number;
  /** This tab's id (random per page load). */
  tab: string;
  journal?: SyncStorage | null;
  /** Another tab saved a newer revision than this tab last saw, and this tab has edits: the user must choose. */
  onConflict?: (theirs: Project, revision: number) => void;
  /** After every save attempt; `error` is what the storage threw, when it threw. */
  onSaved?: (ok: boolean, reason: string | null, revision: number, error?: unknown) => void;
}

/** Autosave of the project and keeping of the photo, with revisions across tabs. */
export class Persist {
  private seen = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: (() => Project) | null = null;
  private conflicted = false;
  private writing = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kv: KV,
    private readonly opts: PersistOptions,
  ) {}

  /** The revision this tab last loaded or saved. */
  get revision(): number {
    return this.seen;
  }

  /** A save is scheduled and not yet written. */
  get pending(): boolean {
    return this.next !== null;
  }

  /** Reads the saved project (the newer of IndexedDB and the journal) and photo; never throws. */
  async load(): Promise<Restored> {
    let stored: StoredProject | null = null;
    let reason: string | null = null;
    try {
      stored = ((await this.kv.get('project')) as StoredProject | undefined) ?? null;
    } catch (e) {
      reason = `browser storage cannot be read (${(e as Error).message})`;
    }
    const journal = this.readJournal();
    let keepJournal = false;
    if (journal && (!stored || journal.revision > stored.revision)) {
      stored = journal;
      try {
        await this.kv.set('project', journal);
      } catch {
        keepJournal = true; // IndexedDB refused (full): the journal stays the only copy
      }
    }
    if (!keepJournal) this.opts.journal?.removeItem(JOURNAL_KEY);
    let project: Project | null = null;
    if (stored) {
      this.seen = stored.revision;
      try {
        project = parseProject(stored.text, 'saved project');
      } catch (e) {
        project = withoutBadUi(stored.text, e);
        if (project) reason = `${(e as Error).message}; the saved view settings (timeline day, before/after, look) were reset, the plan and the rest are restored`;
        else {
          reason = `${(e as Error).message}; it is kept in this browser's storage as "project-unreadable"`;
          await this.kv.set('project-unreadable', stored).catch(() => {});
        }
      }
    }
    let photo: StoredPhoto | null = null;
    try {
      photo = ((await this.kv.get('photo')) as StoredPhoto | undefined) ?? null;
    } catch {
      photo = null;
    }
    return { project, photo, reason };
  }

  /**
   * Saves `make()` after the edit (write-ahead): in the next task, or, while a write is in flight, as soon as it
   * is done; edits made meanwhile are coalesced into one write of the latest.
   */
  schedule(make: () => Project): void {
    this.next = make;
    if (this.timer === null && !this.writing) this.timer = setTimeout(() => void this.flush(), this.opts.delayMs ?? 0);
  }

  /** Writes the pending project now (IndexedDB); resolves with whether it was saved. */
  flush(): Promise<boolean> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const make = this.next;
    this.next = null;
    if (!make) return this.chain.then(() => true);
    this.writing = true;
    const p = this.chain.then(() => this.write(make(), false));
    this.chain = p.then(
      (ok) => {
        this.writing = false;
        // the edits made while this one was written go next (not after a conflict: the user chooses first)
        if (ok && this.next && this.timer === null) void this.flush();
      },
      () => void (this.writing = false),
    );
    return p;
  }

  /**
   * Erases the autosaved project, the kept photo, the unreadable copy and the journal from this device (their
   * client was deleted). A save not yet written is dropped; the caller opens what the studio shows next.
   */
  async erase(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
    await this.chain; // a write in flight must not bring back what is erased
    this.opts.journal?.removeItem(JOURNAL_KEY);
    for (const k of ['project', 'photo', 'project-unreadable']) await this.kv.del(k);
  }

  /** Erases the unreadable copy of an autosave when its text contains `needle` (a deleted client's name). */
  async eraseUnreadableWith(needle: string): Promise<void> {
    const stored = (await this.kv.get('project-unreadable')) as StoredProject | undefined;
    if (stored && typeof stored.text === 'string' && stored.text.includes(needle)) await this.kv.del('project-unreadable');
  }

  /** The photo kept on this device, or null. */
  async keptPhoto(): Promise<StoredPhoto | null> {
    return ((await this.kv.get('photo')) as StoredPhoto | undefined) ?? null;
  }

  /**
   * The page is going away: the pending project goes to the synchronous journal at once (an IndexedDB write may
   * not finish), then to IndexedDB as usual.
   */
  flushOnLeave(): void {
    const make = this.next;
    if (!make || !this.opts.journal) {
      void this.flush();
      return;
    }
    const entry: StoredProject = { text: serializeProject(make()), revision: this.seen + 1, tab: this.opts.tab, savedAt: new Date().toISOString() };
    try {
      this.opts.journal.setItem(JOURNAL_KEY, JSON.stringify(entry));
    } catch {
      /* too large for localStorage: IndexedDB below still tries */
    }
    void this.flush();
  }

  /** After a conflict: overwrite the other tab's project with ours (`keep`), or take theirs (caller reopens it). */
  async resolve(keep: (() => Project) | null): Promise<void> {
    this.conflicted = false;
    const stored = ((await this.kv.get('project')) as StoredProject | undefined) ?? null;
    this.seen = stored?.revision ?? this.seen;
    if (keep) await this.write(keep(), true);
  }

  /** Keeps the photo on this device (IndexedDB). */
  async savePhoto(blob: Blob, name: string): Promise<void> {
    await this.kv.set('photo', { blob, name } satisfies StoredPhoto);
  }

  /** Forgets the kept photo. */
  async forgetPhoto(): Promise<void> {
    await this.kv.del('photo');
  }

  private async write(p: Project, force: boolean): Promise<boolean> {
    try {
      const stored = ((await this.kv.get('project')) as StoredProject | undefined) ?? null;
      if (!force && stored && stored.revision > this.seen && stored.tab !== this.opts.tab) {
        // another tab saved since we last looked: never overwrite it silently
        if (!this.conflicted) {
          this.conflicted = true;
          let theirs: Project | null = null;
          try {
            theirs = parseProject(stored.text, 'project saved in another tab');
          } catch {
            theirs = null;
          }
          if (theirs) this.opts.onConflict?.(theirs, stored.revision);
        }
        this.next = () => p; // keep ours pending until the user chooses
        this.opts.onSaved?.(false, 'another tab changed this project', this.seen);
        return false;
      }
      const revision = Math.max(this.seen, stored?.revision ?? 0) + 1;
      await this.kv.set('project', { text: serializeProject(p), revision, tab: this.opts.tab, savedAt: new Date().toISOString() } satisfies StoredProject);
      this.seen = revision;
      this.opts.journal?.removeItem(JOURNAL_KEY);
      this.opts.onSaved?.(true, null, revision);
      return true;
    } catch (e) {
      // IndexedDB refused (its quota is full, or it broke): the plan goes to the small synchronous journal where it
      // fits, so a reload still has the last edit
      let journaled = false;
      if (this.opts.journal)
        try {
          this.opts.journal.setItem(JOURNAL_KEY, JSON.stringify({ text: serializeProject(p), revision: this.seen + 1, tab: this.opts.tab, savedAt: new Date().toISOString() } satisfies StoredProject));
          journaled = true;
        } catch {
          /* the journal is full too */
        }
      const reason = `could not save on this device (${(e as Error)?.message ?? String(e)})${journaled ? '; the plan is kept in a small backup' : ''}`;
      this.opts.onSaved?.(false, reason, this.seen, e);
      return false;
    }
  }

  private readJournal(): StoredProject | null {
    try {
      const text = this.opts.journal?.getItem(JOURNAL_KEY);
      if (!text) return null;
      const j = JSON.parse(text) as StoredProject;
      return typeof j.text === 'string' && typeof j.revision === 'number' ? j : null;
    } catch {
      return null;
    }
  }
}

/** An autosave refused only for its UI state (e.g. a timeline day of 1e300 kept by an older build): the rest of it, with the UI state reset; else null. */
function withoutBadUi(text: string, e: unknown): Project | null {
  if (!(e instanceof ProjectError) || !/^ui(\.|$)/.test(e.field)) return null;
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    delete doc.ui;
    return parseProject(JSON.stringify(doc), 'saved project');
  } catch {
    return null;
  }
}
