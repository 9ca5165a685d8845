// Work the first screen does not need, run when the page is idle (after the first dots), a piece per idle period.

/** Runs `fn` when the page is idle (requestIdleCallback; a short timeout where there is none, as in Safari). */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, 200);
}

/** Runs each step in an idle period of its own, in order. */
export function eachWhenIdle<T>(items: readonly T[], step: (item: T, index: number) => void): void {
  let i = 0;
  const next = () => {
    if (i >= items.length) return;
    step(items[i]!, i);
    i++;
    whenIdle(next);
  };
  whenIdle(next);
}
