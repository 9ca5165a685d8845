// The face worker's model and wasm files, served from the app's own origin (no CDN; the CSP stays closed):
// in dev (`npm start`, the vitest browser tests) a middleware answers /face-assets/…, and `vite build` emits
// the same files under face-assets/. Imported by vite.config.ts and vitest.config.ts.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** URL folder (under the app's base) the face worker loads its files from. */
export const FACE_ASSETS_DIR = 'face-assets';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// each package's main file sits in its dist/ folder (neither exports ./package.json)
const humanModels = join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
const tfjsWasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

/** Served name (under face-assets/) → file on disk. Only what the face worker loads. */
export const FACE_ASSET_FILES: Readonly<Record<string, string>> = Object.fromEntries([
  ...['blazeface', 'facemesh', 'iris'].flatMap((m) => [`${m}.json`, `${m}.bin`].map((f) => [`human/${f}`, join(humanModels, f)])),
  ...['selfie.json', 'selfie.bin'].map((f) => [`selfie/${f}`, join(here, 'models', 'selfie', f)]),
  // tfjs picks the simd or the plain build; the threaded one only runs cross-origin isolated, which we never are
  ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`wasm/${f}`, join(tfjsWasm, f)]),
]);

function contentType(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.wasm')) return 'application/wasm';
  return 'application/octet-stream';
}

/** The Vite plugin: serves FACE_ASSET_FILES in dev and emits them into the build. */
export function faceAssets(): Plugin {
  for (const [name, file] of Object.entries(FACE_ASSET_FILES))
    if (!existsSync(file)) throw new Error(`faceAssets: ${name} is missing (${file}); run npm install`);
  return {
    name: 'smp-sim:face-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!;
        const at = path.indexOf(`/${FACE_ASSETS_DIR}/`);
        const file = at < 0 ? undefined : FACE_ASSET_FILES[path.slice(at + FACE_ASSETS_DIR.length + 2)];
        if (!file) return next();
        const body = readFileSync(file);
        res.setHeader('Content-Type', contentType(file));
        res.setHeader('Content-Length', body.length);
        res.setHeader('Cache-Control', 'max-age=3600');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [name, file] of Object.entries(FACE_ASSET_FILES))
        this.emitFile({ type: 'asset', fileName: `${FACE_ASSETS_DIR}/${name}`, source: readFileSync(file) });
    },
  };
}

/**
 * The engine's blue-noise tile as a file in the build: `vite build` swaps src/tile-asset.ts's 2.3 MB base64 literal
 * for the name of a binary file emitted beside the scripts (assets/smp-tile-<hash>.bin), which the workers fetch
 * from this origin (loadDefaultTile). A fresh worker then parses a small script and fetches 1.8 MB instead of
 * parsing the literal (format 1 measured in Chromium: 50–60 ms against 180–280 ms for a cold load). `npm start` and the
 * tests keep the literal. Goes in both `plugins` (it emits the file) and `worker.plugins` (the workers' bundles).
 */
export function tileAsset(): Plugin {
  const source = join(here, '..', 'src', 'tile-asset.ts');
  const literal = /'([A-Za-z0-9+/=]+)'/.exec(readFileSync(source, 'utf8'))?.[1];
  if (!literal) throw new Error('tileAsset: src/tile-asset.ts holds no tile (run npm run build:tile)');
  const bytes = Buffer.from(literal, 'base64');
  const name = `smp-tile-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.bin`;
  return {
    name: 'smp-sim:tile-asset',
    apply: 'build',
    load(id) {
      if (id.split('?')[0] !== source) return null;
      return `export const TILE_ASSET = null;\nexport const TILE_FILE = ${JSON.stringify(`./${name}`)};\n`;
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: `assets/${name}`, source: bytes });
    },
  };
}
