// The built studio's Content-Security-Policy, as `vite build` + `vite preview` serve it to headless Chromium:
// header and <meta> allow only the app's own origin, and the studio still draws its dots under it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_POLICY, formatPolicy, metaPolicy, parsePolicy } from '../examples/csp.js';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'smp-csp-'));
let server: PreviewServer;
let browser: Browser;
let base = '';

/** Sources that name no other origin: the app itself, nothing, wasm compilation, and in-page blob:/data: images. */
const OWN = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:', 'data:']);

function metaOf(html: string): string {
  const m = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html);
  if (!m) throw new Error('no CSP meta in the page');
  return m[1]!;
}

beforeAll(async () => {
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile: `${root}vite.config.ts`, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const addr = server.httpServer.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  rmSync(outDir, { recursive: true, force: true });
});

describe('the built app (vite build + vite preview)', () => {
  it('sends a CSP header that allows only its own origin, with base-uri, form-action and frame-ancestors set', async () => {
    const res = await fetch(base);
    const header = res.headers.get('content-security-policy');
    expect(header).toBe(formatPolicy(APP_POLICY));
    const policy = parsePolicy(header!);
    for (const [directive, sources] of Object.entries(policy)) for (const s of sources) expect(OWN.has(s), `${directive} ${s}`).toBe(true);
    expect(policy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['worker-src']).toEqual(["'self'"]);
    expect(policy['img-src']).toEqual(["'self'", 'blob:', 'data:']);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['form-action']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(header).not.toMatch(/'unsafe-eval'|'unsafe-inline'|ws:|wss:|\*/);
  });

  it("zod under the policy: the page's scripts with zod's JIT set jitless, and the workers' zod/mini has no JIT and speaks English", () => {
    // classic zod probes `new Function` when it builds its first object schema unless jitless is set by then
    // (src/schema.ts); a bundler that took that module for side-effect free would drop the setting and the
    // English messages with it (package.json sideEffects)
    const read = (f: string) => readFileSync(join(outDir, 'assets', f), 'utf8');
    const scripts = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const jit = scripts.filter((f) => read(f).includes('payload.value = newResult;'));
    expect(jit.length).toBeGreaterThan(0);
    for (const f of jit) expect(read(f), f).toMatch(/jitless:(!0|true)/);
    const engine = scripts.find((f) => f.startsWith('engine.worker-'))!;
    expect(jit).not.toContain(engine);
    expect(read(engine)).toContain('Too small: expected');
  });

  it("index.html's <meta> carries the same policy, less frame-ancestors (which a meta cannot deliver)", async () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const served = await (await fetch(base)).text();
    expect(metaOf(served)).toBe(metaOf(html));
    expect(metaOf(html)).toBe(formatPolicy(metaPolicy(APP_POLICY)));
    expect(parsePolicy(metaOf(html))['frame-ancestors']).toBeUndefined();
    expect(metaOf(html)).not.toMatch(/'unsafe-eval'|'unsafe-inline'|ws:|wss:|\*/);
  });

  it('the studio still renders its dots under the policy, with no violation and no request elsewhere', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    const errors: string[] = [];
    const foreign: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)),
    );
    // a page error ends the wait at once (e.g. Pixi refusing to start without eval), instead of the cap
    let failed: (e: Error) => void = () => {};
    const failure = new Promise<never>((_, reject) => (failed = reject));
    page.on('pageerror', (e) => {
      errors.push(String(e));
      failed(e);
    });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
    });
    await page.goto(base);
    await Promise.race([page.waitForSelector('body[data-outlook="ready"][data-dots]', { timeout: 300_000 }), failure]);
    expect(Number(await page.getAttribute('body', 'data-dots'))).toBeGreaterThan(10_000);
    // the engine ran in its worker (a worker-src 'self' script), and nothing was blocked on the way
    expect(page.workers().some((w) => /engine/.test(w.url()))).toBe(true);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe('the dev server (npm start)', () => {
  let dev: ViteDevServer;
  afterAll(async () => dev?.close());

  it('adds only its own HMR socket and the styles its client injects, in the header and in the meta alike', async () => {
    dev = await createServer({ configFile: `${root}vite.config.ts`, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
    await dev.listen();
    const addr = dev.httpServer!.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    const header = parsePolicy(res.headers.get('content-security-policy')!);
    expect(header['connect-src']).toEqual(["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
    expect(header['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(header['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    const meta = parsePolicy(metaOf(await res.text()));
    expect(meta).toEqual(Object.fromEntries(Object.entries(header).filter(([d]) => d !== 'frame-ancestors')));
  });
});
