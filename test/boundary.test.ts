import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../src/', import.meta.url).pathname;
/** Core files: everything in src/ except the renderer adapter (src/render/). */
function coreFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'render' ? [] : coreFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('the core stays pure', () => {
  const files = coreFiles();

  it('finds the core files', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it.each(files.map((f) => [f.slice(root.length), f]))('%s never imports pixi.js or the renderer, touches DOM globals or calls Math.random', (_, f) => {
    const src = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(src).not.toMatch(/from\s+['"]pixi\.js/);
    expect(src).not.toMatch(/from\s+['"][./]*render\//);
    expect(src).not.toMatch(/\b(document|window|navigator|localStorage|HTMLCanvasElement)\b/);
    expect(src).not.toMatch(/Math\.random/);
    expect(src).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|WebSocket/);
  });

  it('the public entry loads in plain node without DOM globals', async () => {
    expect(typeof (globalThis as Record<string, unknown>).document).toBe('undefined');
    const m = await import('../src/index.js');
    expect(typeof m.simulate).toBe('function');
  });
});
