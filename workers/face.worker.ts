// The face worker: @vladmandic/human (face mesh + iris, and the `selfie` person mask) on the tfjs wasm backend,
// every model and .wasm file loaded from the app's own origin (face-assets/, examples/vite-assets.ts). It turns
// a photo into a HeadObservation (src/head/analyse.ts). Spawned by face-client.ts; models load on first use.
import * as Comlink from 'comlink';
import { Human, type Config } from '@vladmandic/human';
import { observe } from '../src/head/analyse.js';
import { MESH_POINTS } from '../src/head/landmarks.js';
import type { HeadObservation } from '../src/head/observation.js';

/** Longest side of the working grid the mask and the classes are computed on, cells. */
export const GRID_SIDE = 512;
/** Side of the face-mesh model's input crop (facemesh.json: 192 × 192); its z comes in these units. */
const MESH_INPUT = 192;

/** Milliseconds spent per stage of one analysis. */
export interface FaceTimings {
  load: number;
  detect: number;
  segment: number;
  classify: number;
  total: number;
}

/** What analyse returns: the observation, where the time went and which tfjs backend ran the models. */
export interface FaceAnalysis {
  observation: HeadObservation;
  timings: FaceTimings;
  /** 'wasm' normally; Human falls back to another backend (much slower) when wasm cannot start, e.g. under a CSP without 'wasm-unsafe-eval'. */
  backend: string;
}

/** The worker's API (through comlink). */
export interface FaceWorkerApi {
  /** Loads the models from `assetBase` (absolute URL of face-assets/); resolves with the ms it took (0 if loaded). */
  load(assetBase: string): Promise<number>;
  /** Analyses a photo (an ImageBitmap is transferred and closed). */
  analyse(image: ImageBitmap | ImageData, assetBase: string): Promise<FaceAnalysis>;
}

function config(assetBase: string): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: `${assetBase}wasm/`,
    modelBasePath: `${assetBase}human/`,
    debug: false,
    cacheModels: false,
    // every call analyses its photo afresh (no reuse of the previous call's face box)
    cacheSensitivity: 0,
    warmup: 'none',
    async: true,
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 1, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    filter: { enabled: false },
    segmentation: { enabled: true, modelPath: `${assetBase}selfie/selfie.json`, mode: 'alpha' },
  } as Partial<Config>;
}

let human: Human | null = null;
let loading: Promise<number> | null = null;

const api: FaceWorkerApi = {
  load(assetBase) {
    if (human) return Promise.resolve(0);
    loading ??= (async () => {
      const t0 = performance.now();
      const h = new Human(config(assetBase));
      await h.load();
      human = h;
      return performance.now() - t0;
    })().catch((e: unknown) => {
      loading = null; // a failed load (e.g. offline before the files were cached) is retried by the next call
      throw e;
    });
    return loading;
  },

  async analyse(image, assetBase) {
    const t0 = performance.now();
    const load = await api.load(assetBase);
    const h = human!;
    const bitmap = image instanceof ImageBitmap ? image : await createImageBitmap(image);
    const { width, height } = bitmap;
    const t1 = performance.now();
    let face: { mesh: Float32Array; score: number } | null = null;
    try {
      const res = await h.detect(bitmap);
      const f = res.face[0];
      if (f && f.mesh.length === MESH_POINTS) {
        // x, y are photo px; z is in the model crop's units: bring it to px (the crop is f.box's size)
        const zScale = Math.max(f.box[2], f.box[3]) / MESH_INPUT;
        const mesh = new Float32Array(MESH_POINTS * 3);
        f.mesh.forEach((p, i) => mesh.set([p[0], p[1], (p[2] ?? 0) * zScale], 3 * i));
        face = { mesh, score: f.score };
      }
    } catch {
      face = null; // a photo the detector cannot read is a photo without a face
    }
    const t2 = performance.now();
    // the working grid: the photo resampled, and the person mask on it
    const gridScale = Math.max(1, Math.max(width, height) / GRID_SIDE);
    const gw = Math.max(1, Math.round(width / gridScale)), gh = Math.max(1, Math.round(height / gridScale));
    const canvas = new OffscreenCanvas(gw, gh);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, gw, gh);
    const grid = ctx.getImageData(0, 0, gw, gh);
    bitmap.close();
    let mask: Uint8Array | null = null;
    try {
      const t = await h.segmentation(grid);
      if (t) {
        const alpha = (await t.data()) as Int32Array;
        t.dispose();
        if (alpha.length === gw * gh) mask = Uint8Array.from(alpha, (v) => Math.max(0, Math.min(255, v)));
      }
    } catch {
      mask = null;
    }
    const t3 = performance.now();
    const observation = observe({ width, height, grid, gridScale: width / gw, face, mask });
    const t4 = performance.now();
    const transfers: Transferable[] = [];
    if (observation.face) transfers.push(observation.face.mesh.buffer);
    if (observation.personMask) transfers.push(observation.personMask.data.buffer);
    if (observation.classes) transfers.push(observation.classes.data.buffer);
    return Comlink.transfer(
      { observation, timings: { load, detect: t2 - t1, segment: t3 - t2, classify: t4 - t3, total: t4 - t0 }, backend: h.tf.getBackend() as string },
      transfers,
    );
  },
};

Comlink.expose(api);
