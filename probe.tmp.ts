import v8 from 'node:v8';
import vm from 'node:vm';
import { hairlineHead } from './bench/workloads.js';
import { simulate } from './src/simulate.js';
import { defaultTile } from './src/tile.js';
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
defaultTile();
const w = hairlineHead(Number(process.env.N ?? 1e6), 3);
const p = w.plans[0]!;
let keep: unknown = null;
const warm: number[] = [], cold: number[] = [];
for (let i = 0; i < 15; i++) { const t0 = performance.now(); keep = simulate(p); warm.push(performance.now() - t0); }
for (let i = 0; i < 15; i++) { keep = null; gc(); const t0 = performance.now(); keep = simulate(p); cold.push(performance.now() - t0); }
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!.toFixed(1);
console.log('warm min', Math.min(...warm).toFixed(1), 'med', med(warm), '| after GC min', Math.min(...cold).toFixed(1), 'med', med(cold));
console.log('cold series', cold.map((x) => x.toFixed(0)).join(' '));
