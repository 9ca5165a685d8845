// The studio (vite, rooted in examples/): `npm start` serves it, `npm run build:app` builds it. The tests have
// their own config, vitest.config.ts.
import { defineConfig } from 'vite';
import { studioPwa } from './examples/consult/pwa.js';

export default defineConfig({
  root: 'examples',
  base: './',
  publicDir: false,
  build: { outDir: '../dist-app', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // installable and offline when built (no service worker in `npm start`)
  plugins: [studioPwa()],
  // pre-bundled up front so the studio does not reload when it first meets them
  optimizeDeps: { include: ['comlink', 'pixi.js', 'seedrandom', 'simplex-noise', 'zod'] },
  server: { fs: { allow: ['..'] } },
});
