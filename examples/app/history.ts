// Undo/redo over whole documents (the plan and the photo alignment are small): each edit records the state
// before it. A gesture (a drag, a brush stroke) is one step: edits sharing a group key coalesce until seal().

/** An undo/redo stack of snapshots of T, at most `limit` steps back. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private group: string | null = null;

  /** At most `limit` undo steps are kept (default 200; the studio promises at least 100). */
  constructor(readonly limit = 200) {}

  /**
   * Records `before`, the state an edit is about to replace. With a `group` key equal to the open group's,
   * nothing is recorded (the gesture's first state is already there); any record clears the redo list.
   */
  record(before: T, group: string | null = null): void {
    this.future.length = 0;
    if (group !== null && group === this.group) return;
    this.group = group;
    this.past.push(before);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
  }

  /** Ends the open gesture: the next edit is a new step even with the same group key. */
  seal(): void {
    this.group = null;
  }

  /** The state to go back to from `current`, or null when there is nothing to undo. */
  undo(current: T): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(current);
    this.group = null;
    return prev;
  }

  /** The state to go forward to from `current`, or null when there is nothing to redo. */
  redo(current: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(current);
    this.group = null;
    return next;
  }

  /** Forgets every step (a new or opened project starts a fresh history). */
  clear(): void {
    this.past.length = 0;
    this.future.length = 0;
    this.group = null;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Steps available to undo. */
  get depth(): number {
    return this.past.length;
  }
}
