// One config for the studio (vite, rooted in examples/) and the tests (vitest: a node and a browser project).
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/** Debian's Chromium: Playwright never downloads a browser here (shared/docs/TOOLCHAIN.md). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags that keep headless Chromium off the network and on software WebGL2 (SwiftShader). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const testing = !!process.env.VITEST;

export default defineConfig({
  root: testing ? '.' : 'examples',
  base: './',
  publicDir: false,
  build: { outDir: '../dist-app', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // pre-bundled up front so neither the studio nor a browser test reloads when it first meets them
  optimizeDeps: { include: ['comlink', 'pixi.js', 'seedrandom', 'simplex-noise', 'zod'] },
  server: { fs: { allow: ['..'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          testTimeout: 120_000,
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
