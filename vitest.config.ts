// The tests: a node project and a browser project (Debian's Chromium through Playwright). The studio's own
// config is vite.config.ts; nothing here switches on environment variables.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { faceAssets } from './examples/vite-assets.js';
import { CHROMIUM, CHROMIUM_ARGS } from './test/helpers/chromium.js';

export default defineConfig({
  root: '.',
  publicDir: false,
  plugins: [faceAssets()],
  // the shared photos sit beside the repository (../shared/photos), read by path in browser tests
  server: { fs: { allow: ['..'] } },
  worker: { format: 'es' },
  // pre-bundled up front so a browser test does not reload when it first meets them
  optimizeDeps: { include: ['comlink', 'pixi.js', 'pixi.js/unsafe-eval', 'seedrandom/lib/alea.js', 'simplex-noise', 'zod', 'zod/mini', 'zod/v4/locales/en.js'] },
  test: {
    // a poll waits on state, not on the machine's speed: on a busy machine a redraw can take seconds (default 1 s)
    expect: { poll: { timeout: 120_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          // generous: no test may depend on how fast the machine is; the slow ones (package, e2e) wait on state
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
