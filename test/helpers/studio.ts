// The studio as the e2e tests and the scripts (bench:studio, readme:photos) start it: `npm start`'s vite dev
// server on a free local port, and Debian's headless Chromium.
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const root = new URL('../..', import.meta.url).pathname;

/** The studio's dev server and a browser: `base` is the studio's URL; close() stops both. */
export async function startStudio(): Promise<{ base: string; browser: Browser; close(): Promise<void> }> {
  const server = await createServer({ configFile: `${root}vite.config.ts`, server: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
  await server.listen();
  const addr = server.httpServer!.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
