// The face worker under the studio's closed Content-Security-Policy, as a user's browser meets it: every response
// (page, modules, the worker script, models, wasm) carries `script-src 'self' 'wasm-unsafe-eval'`, no request may
// leave the app's origin, and a shared photo still gets its face, scale and treated area.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceAssets } from '../examples/vite-assets.js';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const photos = `${root}../shared/photos/`;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: data:; style-src 'self'";
let server: ViteDevServer;
let browser: Browser;
let base = '';

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    plugins: [faceAssets()],
    worker: { format: 'es' },
    optimizeDeps: { include: ['comlink', '@vladmandic/human', 'd3-contour'] },
    server: { host: '127.0.0.1', port: 0, fs: { allow: [root, photos] } },
  });
  await server.listen();
  const addr = server.httpServer!.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the face worker under the closed CSP', () => {
  it('finds the face of a shared photo with every model and wasm from our origin, and asks nothing of any other', async ({ skip }) => {
    if (!existsSync(photos)) skip('shared/photos is not here (photos are never part of the repo)');
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
    });
    // the policy rides on every response, so the worker script gets it too (a worker's CSP is its own response's)
    await page.route(`${base}**`, async (route) => {
      if (route.request().url() === `${base}__face.html`)
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': CSP }, body: '<!doctype html><title>face</title>' });
      const response = await route.fetch();
      return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    });
    await page.goto(`${base}__face.html`);
    const script = `(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
      const { createFaceAnalyser } = await import('/workers/face-client.ts');
      const fa = createFaceAnalyser();
      const blob = await (await fetch('/@fs${photos}04_front_nw6_vint_cerf.jpg')).blob();
      const { observation: o, backend } = await fa.analyseTimed(await createImageBitmap(blob));
      fa.close();
      return { face: !!o.face, scale: o.scale && o.scale.pxPerMm, area: (o.proposedArea || []).length, violations, backend };
    })()`;
    const r = (await page.evaluate(script)) as { face: boolean; scale: number | null; area: number; violations: string[]; backend: string };
    // the models ran on tfjs-wasm (a blocked wasm would fall back to a slow backend and still find the face)
    expect(r.backend).toBe('wasm');
    expect(r.face).toBe(true);
    expect(r.scale).toBeGreaterThan(0);
    expect(r.area).toBeGreaterThan(0);
    expect(r.violations).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
