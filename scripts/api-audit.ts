// The public-API audit (issue 23): every exported function of the entry points called with hostile arguments
// (test/helpers/public-api.ts), each call classified: a result, a result with NaN in it, an error of the
// library's own types, a raw error from inside (TypeError, RangeError, …), or a call still running after
// --limit seconds (the worker running the calls is then stopped and a fresh one goes on with the next call).
//   npx tsx scripts/api-audit.ts [--runs=40] [--limit=10] [--only=substring] [--out=/tmp/api-audit.json]
import { writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import {
  argsOf,
  documentedNaN,
  exportedFunctions,
  findNaN,
  hostileCall,
  loadEntries,
  loadFixtures,
  NOT_PLAIN_DATA,
  validCalls,
} from '../test/helpers/public-api.js';

type Kind = 'ok' | 'nan' | 'library-error' | 'raw-error' | 'long';
interface Outcome {
  i: number;
  name: string;
  kind: Kind;
  where: string;
  detail: string;
}

const LIBRARY_ERRORS = new Set(['InputError', 'ArgumentError', 'PlanError', 'PriceBookError']);

/** The library's own error types by their class chain's names (so the script reads builds before and after the error hierarchy). */
function isLibraryError(e: unknown): boolean {
  for (let p = e && typeof e === 'object' ? Object.getPrototypeOf(e) : null; p; p = Object.getPrototypeOf(p))
    if (LIBRARY_ERRORS.has((p as { constructor?: { name?: string } }).constructor?.name ?? '')) return true;
  return false;
}

const seedOf = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** The audit's calls in a fixed order: [function, hostile call] (the same in every process for the same runs). */
async function plan(runs: number, only: string) {
  const entries = await loadEntries();
  const fixtures = await loadFixtures(entries);
  const valid = validCalls(fixtures);
  const names = exportedFunctions(entries).filter((n) => !(n in NOT_PLAIN_DATA) && n.includes(only));
  const calls: { name: string; fn: (...a: unknown[]) => unknown; cls: boolean; make: () => { args: unknown[]; where: string } }[] = [];
  for (const name of names) {
    const [entry, key] = name.split(':') as [keyof typeof entries, string];
    const fn = entries[entry][key] as (...a: unknown[]) => unknown;
    const v = valid[name];
    if (!v) throw new Error(`${name}: no valid call in test/helpers/public-api.ts`);
    const cls = /^class\b/.test(Function.prototype.toString.call(fn));
    for (const h of fc.sample(hostileCall(), { seed: seedOf(name), numRuns: runs })) calls.push({ name, fn, cls, make: () => argsOf(v, h) });
  }
  return calls;
}

async function runFrom(start: number, runs: number, only: string): Promise<void> {
  const calls = await plan(runs, only);
  for (let i = start; i < calls.length; i++) {
    const c = calls[i]!;
    const { args, where } = c.make();
    parentPort!.postMessage({ started: i, total: calls.length, name: c.name, where });
    let out: Omit<Outcome, 'i' | 'name' | 'where'>;
    try {
      let r = c.cls ? new (c.fn as unknown as new (...a: unknown[]) => unknown)(...args) : c.fn(...args);
      if (r instanceof Promise) r = await r;
      if (r && typeof (r as { close?: unknown }).close === 'function' && c.name.endsWith('createEngine')) (r as { close(): void }).close();
      const at = c.cls ? null : findNaN(r);
      out = at && !documentedNaN(c.name, r, at) ? { kind: 'nan', detail: at } : { kind: 'ok', detail: '' };
    } catch (e) {
      out = isLibraryError(e)
        ? { kind: 'library-error', detail: String((e as Error).message).slice(0, 200) }
        : { kind: 'raw-error', detail: `${(e as Error)?.name}: ${String((e as Error)?.message ?? e).slice(0, 200)}` };
    }
    parentPort!.postMessage({ done: { i, name: c.name, where, ...out } });
  }
  parentPort!.postMessage({ finished: true });
}

if (!isMainThread) {
  const d = workerData as { start: number; runs: number; only: string };
  await runFrom(d.start, d.runs, d.only);
} else {
  const arg = (k: string, d: string): string => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
  const runs = Number(arg('runs', '40'));
  const limitS = Number(arg('limit', '10'));
  const only = arg('only', '');
  const outFile = arg('out', '/tmp/api-audit.json');
  const outcomes: Outcome[] = [];
  let total = 0;
  let start = 0;
  for (;;) {
    const result = await new Promise<'finished' | 'long'>((resolve, reject) => {
      // tsx's loader registered inside the worker (an --import in execArgv does not reach it under node 20)
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
      const w = new Worker(boot, { eval: true, workerData: { start, runs, only }, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
      let current: { i: number; name: string; where: string } | null = null;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (current) {
            outcomes.push({ ...current, kind: 'long', detail: `still running after ${limitS} s` });
            start = current.i + 1;
          }
          void w.terminate();
          resolve('long');
        }, limitS * 1000 + (current ? 0 : 120_000));
      };
      arm();
      w.on('message', (m: { started?: number; total?: number; name?: string; where?: string; done?: Outcome; finished?: boolean }) => {
        if (m.started !== undefined) {
          total = m.total!;
          current = { i: m.started, name: m.name!, where: m.where! };
          arm();
        } else if (m.done) {
          outcomes.push(m.done);
          current = null;
        } else if (m.finished) {
          clearTimeout(timer);
          void w.terminate();
          resolve('finished');
        }
      });
      w.on('error', (e) => {
        clearTimeout(timer);
        if (current) {
          outcomes.push({ ...current, kind: 'raw-error', detail: `the process died: ${String(e).slice(0, 200)}` });
          start = current.i + 1;
          resolve('long');
        } else reject(e);
      });
    });
    if (result === 'finished' || start >= total) break;
  }
  const count = (k: Kind) => outcomes.filter((o) => o.kind === k).length;
  const fns = new Set(outcomes.map((o) => o.name));
  const bad = new Set(outcomes.filter((o) => o.kind === 'nan' || o.kind === 'raw-error' || o.kind === 'long').map((o) => o.name));
  console.log(`${fns.size} functions, ${outcomes.length} calls (${runs} each): ${count('ok')} results, ${count('library-error')} library errors; ` +
    `${count('raw-error')} raw errors, ${count('nan')} returned NaN, ${count('long')} ran past ${limitS} s; ${bad.size} functions with a failure`);
  for (const name of [...fns].sort()) {
    const mine = outcomes.filter((o) => o.name === name);
    const n = (k: Kind) => mine.filter((o) => o.kind === k).length;
    if (n('raw-error') + n('nan') + n('long') === 0) continue;
    const ex = mine.find((o) => o.kind === 'long') ?? mine.find((o) => o.kind === 'nan') ?? mine.find((o) => o.kind === 'raw-error')!;
    console.log(`  ${name}: raw ${n('raw-error')}, NaN ${n('nan')}, long ${n('long')}; e.g. ${ex.where}: ${ex.detail.slice(0, 110)}`);
  }
  writeFileSync(outFile, JSON.stringify(outcomes, null, 1));
}
