// The studio (vite, rooted in examples/): `npm start` serves it, `npm run build:app` builds it. The tests have
// their own config, vitest.config.ts.
import { defineConfig } from 'vite';
import { studioPwa } from './examples/consult/pwa.js';
import { cspPlugin } from './examples/csp.js';
import { faceAssets, tileAsset } from './examples/vite-assets.js';

export default defineConfig({
  root: 'examples',
  base: './',
  publicDir: false,
  plugins: [
    // the Content-Security-Policy: index.html's <meta> per mode, and a header from `vite` and `vite preview`
    cspPlugin(),
    // the face models, the person mask and the tfjs wasm files, served and built from this origin
    faceAssets(),
    // installable and offline when built (no service worker in `npm start`); precaches the face assets too
    studioPwa(),
    // the engine's tile as a file beside the scripts, fetched by the workers (not a 2.3 MB literal to parse)
    tileAsset(),
  ],
  build: { outDir: '../dist-app', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es', plugins: () => [tileAsset()] },
  // pre-bundled up front so the studio does not reload when it first meets them
  optimizeDeps: {
    include: ['comlink', 'pixi.js', 'pixi.js/unsafe-eval', 'seedrandom/lib/alea.js', 'simplex-noise', 'zod', 'zod/mini', 'zod/v4/locales/en.js', 'd3-contour', 'polygon-clipping', 'simplify-js', 'idb', 'dexie', 'jspdf'],
  },
  server: { fs: { allow: ['..'] } },
});
