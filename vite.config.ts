// The studio (vite, rooted in examples/): `npm start` serves it, `npm run build:app` builds it. The tests have
// their own config, vitest.config.ts.
import { defineConfig } from 'vite';
import { faceAssets } from './examples/vite-assets.js';

export default defineConfig({
  root: 'examples',
  base: './',
  publicDir: false,
  plugins: [faceAssets()],
  build: { outDir: '../dist-app', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // pre-bundled up front so the studio does not reload when it first meets them
  optimizeDeps: { include: ['comlink', 'pixi.js', 'seedrandom', 'simplex-noise', 'zod'] },
  server: { fs: { allow: ['..'] } },
});
