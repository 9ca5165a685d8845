// npm run bench [-- --quick] [--cases=hairline,tiny] [--no-peers] [--save]
// The engine (simulate) against Bridson-style Poisson-disk samplers from npm on the same density field, at
// 10k, 100k and 1M dots and several shapes of work; one aligned line per method and case.
//   warm:   min … mean ± sd over repeats in ms, back to back. Engine: a full GC, warm-up ≥ 2 runs and ≥ 0.3 s,
//           then ≥ 5 runs and ≥ 0.3 s (≤ 50). Peers: 3 / 2 / 1 runs at 10k / 100k / 1M right after their GC series
//           (a warm-up at 10k only; 1M peers are skipped with --quick)
//   GC:     the headline: min … mean with a full GC (untimed) before every run and the previous result dropped.
//           Engine ≥ 7 runs and ≥ 0.3 s; peers 3 / 2 / 1 runs. Every engine run builds its density field.
//   M/s:    dots per second from the after-GC mean time;  eng×: engine M/s over the peer's, both after GC
//   B/dot:  output bytes per dot: the engine's typed arrays (BYTES_PER_DOT, "out"); for the peers the
//           heap retained by their array-of-arrays result after a full GC ("heapΔ")
//   quality on the dots of the run, density normalised by the shared field: localRatio = 0.1 % quantile
//           of NN·√density over its mean; clump% = share with NN·√density below half the mean; peak,
//           lowF (mean power below f = 0.5) and spiky of the radial periodogram of a ~10k-dot window
//           (spectrum omitted for the 1 cm² circles); "4 sessions" is measured on session 1 (25 %).
//   rep%:   share of the dots whose offsets to their 4 nearest neighbours, rounded to 0.001 mm, recur
//           elsewhere in the run (repetitionShare): the tile repeating; 0 for Poisson-disk fills
import { execSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultTile } from '../src/tile.js';
import { engineSource } from './engine.js';
import { firstDots } from './first-dots.js';
import { type BenchCase, cases, mdotsPerS, mdotsPerSGc, type Row } from './cases.js';
import { num, sink } from './lib.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const peers = !args.includes('--no-peers');
const save = args.includes('--save');
const filterArg = args.find((a) => a.startsWith('--cases='));
const filters = filterArg ? filterArg.slice('--cases='.length).split(',').filter(Boolean) : [];
const unknown = args.filter((a) => !['--quick', '--no-peers', '--save'].includes(a) && !a.startsWith('--cases='));
if (unknown.length) throw new Error(`Unknown bench argument: ${unknown.join(' ')} (use --quick, --cases=a,b, --no-peers, --save).`);
const chosen: BenchCase[] = filters.length ? cases.filter((c) => filters.some((f) => c.name.includes(f))) : cases;

const COLS: [string, number, 'l' | 'r'][] = [
  ['method', 26, 'l'],
  ['case', 24, 'l'],
  ['dots', 9, 'r'],
  ['warm ms: min … mean ± sd', 28, 'r'],
  ['GC ms: min … mean', 20, 'r'],
  ['M/s', 7, 'r'],
  ['B/dot', 11, 'r'],
  ['eng×', 7, 'r'],
  ['locR', 6, 'r'],
  ['clump%', 7, 'r'],
  ['peak', 6, 'r'],
  ['lowF', 6, 'r'],
  ['spiky', 6, 'r'],
  ['rep%', 6, 'r'],
];
const line = (cells: string[]) => cells.map((c, i) => (COLS[i]![2] === 'l' ? c.padEnd(COLS[i]![1]) : c.padStart(COLS[i]![1]))).join(' ').trimEnd();

function format(r: Row): string {
  const t = r.timing;
  const time = t.runs ? `${num(t.min)} … ${num(t.mean)} ± ${num(t.sd, 2)}` : r.note ?? '';
  const extra = t.runs && r.note ? `  (${r.note})` : '';
  const g = r.gcTiming;
  const q = r.quality;
  return line([
    r.method,
    r.case,
    r.dots ? r.dots.toLocaleString('en-US') : '',
    time,
    g?.runs ? `${num(g.min)} … ${num(g.mean)}` : '',
    t.runs ? num(mdotsPerSGc(r)) : '',
    r.bytesPerDot !== undefined ? `${num(r.bytesPerDot)} ${r.bytesHow ?? ''}` : '',
    r.engineRatio !== undefined ? num(r.engineRatio) : '',
    q ? num(q.localRatio, 2) : '',
    q ? num(q.clumpShare * 100, 2) : '',
    q?.peak !== undefined ? num(q.peak) : '',
    q?.lowFrequencyPower !== undefined ? num(q.lowFrequencyPower, 2) : '',
    q?.spikiness !== undefined ? num(q.spikiness) : '',
    q?.repetition !== undefined ? num(q.repetition * 100, 2) : '',
  ]) + extra;
}

const t0 = performance.now();
defaultTile();
const tileMs = performance.now() - t0;
console.log(`smp-sim bench  node ${process.version}  ${quick ? '--quick ' : ''}${peers ? '' : '--no-peers '}cases: ${chosen.length}/${cases.length}`);
console.log(`engine timed: ${engineSource}`);
console.log(`engine tile decode (shipped asset; one-time per process, excluded from every timing): ${tileMs.toFixed(1)} ms`);
for (const l of await firstDots()) console.log(l);
console.log(line(COLS.map((c) => c[0])));
const all: Row[] = [];
for (const c of chosen) {
  for (const r of await c.run({ quick, peers })) {
    console.log(format(r));
    all.push(r);
  }
}
console.log(`sink ${sink.value.toFixed(3)}  total ${((performance.now() - t0) / 1000).toFixed(1)} s`);

if (save) {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: keep 'unknown'
  }
  const date = new Date().toISOString();
  const file = fileURLToPath(new URL('./history.jsonl', import.meta.url));
  const lines = all
    .filter((r) => r.timing.runs > 0)
    .map((r) =>
      JSON.stringify({
        commit,
        date,
        case: r.case,
        method: r.method,
        dots: r.dots,
        ms: +r.timing.mean.toFixed(3),
        msMin: +r.timing.min.toFixed(3),
        mdotsPerS: +mdotsPerS(r).toFixed(4),
        ...(r.gcTiming?.runs ? { msGc: +r.gcTiming.mean.toFixed(3), msGcMin: +r.gcTiming.min.toFixed(3), mdotsPerSGc: +mdotsPerSGc(r).toFixed(4) } : {}),
        quality: r.quality ? Object.fromEntries(Object.entries(r.quality).map(([k, v]) => [k, +(v as number).toFixed(4)])) : null,
      }),
    );
  appendFileSync(file, lines.join('\n') + '\n');
  console.log(`saved ${lines.length} lines to bench/history.jsonl (${commit})`);
}
