// The built studio as an installed app: build it, serve it with `vite preview`, let the service worker take
// over, stop the server, reload — the studio still opens and simulates, from this device alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const configFile = `${root}vite.config.ts`;
const outDir = mkdtempSync(join(tmpdir(), 'smp-pwa-'));
let server: PreviewServer | undefined;
let browser: Browser;
let base = '';

beforeAll(async () => {
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const addr = server.httpServer.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the installed studio (vite build + service worker)', () => {
  it('builds a manifest with the project’s icons and precaches every built file', () => {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'smp-sim studio', display: 'standalone', start_url: './' });
    const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`);
    expect(sizes).toEqual(['192x192', '512x512', '512x512 maskable']);
    const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const precached = new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]));
    const built = readFileSync(join(outDir, 'index.html'), 'utf8');
    // every script, style and worker the page loads, and the engine worker, are in the precache list
    for (const [, src] of built.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) expect(precached, src).toContain(src);
    expect([...precached].some((u) => /engine\.worker-.*\.js$/.test(u!))).toBe(true);
    for (const icon of manifest.icons) expect(precached).toContain(icon.src);
    // the page's CSP is unchanged and allows the same-origin worker; nothing inline was injected
    expect(built).toMatch(/worker-src 'self'/);
    expect(built).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>[^<]/);
  });

  it('with the server stopped, a reload still opens the studio and simulates', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
    });
    await page.goto(base);
    await page.waitForSelector('body[data-dots]', { timeout: 120_000 });
    // the service worker has installed (precached everything) and controls this page
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout: 120_000 });

    await server!.close();
    server = undefined;
    await expect(fetch(base)).rejects.toThrow();

    await page.reload();
    await page.waitForSelector('body[data-dots]', { timeout: 120_000 });
    expect(Number(await page.getAttribute('body', 'data-dots'))).toBeGreaterThan(10_000);
    // the manifest and its icons come from the cache too
    const icons = await page.evaluate(async () => {
      const m = await (await fetch('./manifest.webmanifest')).json();
      return Promise.all(m.icons.map(async (i: { src: string }) => (await fetch(i.src)).status));
    });
    expect(icons).toEqual([200, 200, 200]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
