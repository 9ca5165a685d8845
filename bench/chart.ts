// npm run bench:chart — reads bench/history.jsonl (written by `npm run bench -- --save`) and writes
// bench/history.svg: one small panel per case, the engine's M dots/s over the saved runs (solid) and the
// best peer's (dashed), log scale. Plain string building, no libraries.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Entry {
  commit: string;
  date: string;
  case: string;
  method: string;
  dots: number;
  mdotsPerS: number;
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const entries: Entry[] = readFileSync(here('./history.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Entry)
  .filter((e) => Number.isFinite(e.mdotsPerS) && e.mdotsPerS > 0);

// one x position per saved run (commit + date), in file order
const runs: string[] = [];
for (const e of entries) {
  const key = `${e.commit} ${e.date}`;
  if (!runs.includes(key)) runs.push(key);
}
const caseNames: string[] = [];
for (const e of entries) if (!caseNames.includes(e.case)) caseNames.push(e.case);

const PW = 300; // panel size
const PH = 170;
const M = { l: 44, r: 10, t: 22, b: 30 };
const COLS = 3;
const W = COLS * PW;
const H = Math.ceil(caseNames.length / COLS) * PH + 40;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(1));

const parts: string[] = [];
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="10">`);
parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
parts.push(`<text x="8" y="16" font-size="13">smp-sim bench: M dots/s per saved run (log scale) — engine solid, best peer dashed</text>`);
/** Method names of the peers; every other row is the engine (simulate, aging, worker). */
const PEERS = ['poisson-disk-sampling', 'fast-2d-poisson-disk'];

caseNames.forEach((name, k) => {
  const ox = (k % COLS) * PW;
  const oy = 30 + Math.floor(k / COLS) * PH;
  const mine = entries.filter((e) => e.case === name);
  const engine = new Map<number, number>();
  const peer = new Map<number, number>();
  for (const e of mine) {
    const x = runs.indexOf(`${e.commit} ${e.date}`);
    const m = PEERS.some((name) => e.method.startsWith(name)) ? peer : engine; // aging and worker rows are the engine's
    m.set(x, Math.max(m.get(x) ?? 0, e.mdotsPerS));
  }
  const values = [...engine.values(), ...peer.values()];
  const lo = Math.log10(Math.min(...values)) - 0.1;
  const hi = Math.log10(Math.max(...values)) + 0.1;
  const y0 = Math.floor(lo);
  const y1 = Math.ceil(hi);
  const px = (i: number) => ox + M.l + (runs.length > 1 ? (i / (runs.length - 1)) * (PW - M.l - M.r) : (PW - M.l - M.r) / 2);
  const py = (v: number) => oy + M.t + (1 - (Math.log10(v) - y0) / (y1 - y0)) * (PH - M.t - M.b);
  parts.push(`<text x="${ox + M.l}" y="${oy + 14}" font-size="11" font-weight="bold">${esc(name)}</text>`);
  parts.push(`<rect x="${ox + M.l}" y="${oy + M.t}" width="${PW - M.l - M.r}" height="${PH - M.t - M.b}" fill="none" stroke="#ccc"/>`);
  for (let d = y0; d <= y1; d++) {
    const y = py(10 ** d);
    parts.push(`<line x1="${ox + M.l}" x2="${ox + PW - M.r}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${ox + M.l - 4}" y="${(y + 3).toFixed(1)}" text-anchor="end" fill="#666">${fmt(10 ** d)}</text>`);
  }
  runs.forEach((r, i) => {
    if (!mine.some((e) => `${e.commit} ${e.date}` === r)) return;
    parts.push(`<text x="${px(i).toFixed(1)}" y="${oy + PH - M.b + 12}" text-anchor="middle" fill="#666">${esc(r.split(' ')[0]!)}</text>`);
  });
  const series = (m: Map<number, number>, color: string, dash: string) => {
    const pts = [...m.entries()].sort((a, b) => a[0] - b[0]).map(([i, v]) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`);
    if (pts.length > 1) parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.6"${dash}/>`);
    for (const p of pts) {
      const [x, y] = p.split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${color}"/>`);
    }
    const last = [...m.entries()].sort((a, b) => a[0] - b[0]).pop();
    if (last) parts.push(`<text x="${(px(last[0]) + 5).toFixed(1)}" y="${(py(last[1]) - 4).toFixed(1)}" fill="${color}">${fmt(last[1])}</text>`);
  };
  series(peer, '#d62728', ' stroke-dasharray="4 3"');
  series(engine, '#1f77b4', '');
});
parts.push('</svg>');
writeFileSync(here('./history.svg'), parts.join('\n') + '\n');
console.log(`wrote bench/history.svg: ${caseNames.length} cases, ${runs.length} saved runs`);
