// The face worker: @vladmandic/human (face mesh + iris, and the `selfie` person mask) on the tfjs wasm backend,
// every model and .wasm file loaded from the app's own origin (face-assets/, examples/vite-assets.ts). It turns
// a photo into a HeadObservation (src/head/analyse.ts). Spawned by face-client.ts; models load on first use.
import * as Comlink from 'comlink';
import { Human, type Config } from '@vladmandic/human';
import { observe } from '../src/head/analyse.js';
import { MESH_POINTS } from '../src/head/landmarks.js';
import type { FaceBox, HeadObservation } from '../src/head/observation.js';

/** Longest side of the working grid the mask and the classes are computed on, cells. */
export const GRID_SIDE = 512;
/** Side of the face-mesh model's input crop (facemesh.json: 192 × 192); its z comes in these units. */
const MESH_INPUT = 192;
/** The most faces looked for on one photo. */
export const MAX_FACES = 4;
/** A face whose box is smaller than this share of the largest one's is a face in the background, not a client. */
export const MIN_FACE_SHARE = 0.4;
/**
 * The photo turned upside down must read this much better (detector score + mesh score, each 0–1) for the face to
 * be called upside down. On the twelve shared portraits the upright reading beat the upside-down one by 0.16 or more
 * (upright 1.78–1.94, upside down 0.92–1.77 or no face at all), both ways round.
 */
export const FLIP_MARGIN = 0.05;

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
  /** Analyses a photo (an ImageBitmap is transferred and closed); `near`: of several faces, the one nearest this photo px. */
  analyse(image: ImageBitmap | ImageData, assetBase: string, options?: AnalyseOptions): Promise<FaceAnalysis>;
}

/** Options of an analysis. */
export interface AnalyseOptions {
  /** Of several faces, analyse the one whose box centre is nearest this point (photo px); default the largest. */
  near?: readonly [number, number];
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
      detector: { rotation: true, maxDetected: MAX_FACES, minConfidence: 0.3, return: false },
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

  async analyse(image, assetBase, options = {}) {
    const t0 = performance.now();
    const load = await api.load(assetBase);
    const h = human!;
    const bitmap = image instanceof ImageBitmap ? image : await createImageBitmap(image);
    const { width, height } = bitmap;
    const t1 = performance.now();
    let face: { mesh: Float32Array; score: number } | null = null;
    let faces: FaceBox[] = [];
    let upsideDown = false;
    try {
      const found = await detectFaces(h, bitmap);
      faces = found.map((f) => f.box);
      const chosen = options.near ? nearest(found, options.near) : largest(found);
      // a second opinion: the photo turned upside down. The mesh model reads an upside-down face as an upright
      // one (its chin on the forehead) with a fair score; turned upright, the same face reads clearly better.
      const flipped = await detectFaces(h, rotated180(bitmap));
      if (chosen) {
        const mirror = nearest(flipped, [width - (chosen.box.x + chosen.box.width / 2), height - (chosen.box.y + chosen.box.height / 2)]);
        upsideDown = !!mirror && boxInside(mirror, chosen, width, height) && mirror.reading > chosen.reading + FLIP_MARGIN;
        if (!upsideDown) face = { mesh: chosen.mesh, score: chosen.box.score };
      } else upsideDown = flipped.length > 0;
      if (upsideDown) faces = flipped.map((f) => ({ ...f.box, x: width - f.box.x - f.box.width, y: height - f.box.y - f.box.height })).sort((a, b) => a.x - b.x);
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
    const observation = observe({ width, height, grid, gridScale: width / gw, face, mask, faces, upsideDown });
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

/** A face the detector found, with its mesh in photo px and how well it read (detector score + mesh score, 0–2). */
interface Found {
  box: FaceBox;
  mesh: Float32Array;
  reading: number;
}

/** The faces on a picture with a full mesh, the background ones (MIN_FACE_SHARE) left out, left to right. */
async function detectFaces(h: Human, picture: ImageBitmap | OffscreenCanvas): Promise<Found[]> {
  const res = await h.detect(picture);
  const all: Found[] = [];
  for (const f of res.face) {
    if (f.mesh.length !== MESH_POINTS) continue;
    // x, y are photo px; z is in the model crop's units: bring it to px (the crop is f.box's size)
    const zScale = Math.max(f.box[2], f.box[3]) / MESH_INPUT;
    const mesh = new Float32Array(MESH_POINTS * 3);
    f.mesh.forEach((p, i) => mesh.set([p[0], p[1], (p[2] ?? 0) * zScale], 3 * i));
    all.push({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3], score: f.score }, mesh, reading: (f.boxScore ?? 0) + (f.faceScore ?? f.score) });
  }
  const side = (f: Found) => Math.max(f.box.width, f.box.height);
  const big = Math.max(0, ...all.map(side));
  return all.filter((f) => side(f) >= MIN_FACE_SHARE * big).sort((a, b) => a.box.x - b.box.x);
}

function largest(found: Found[]): Found | null {
  let best: Found | null = null;
  for (const f of found) if (!best || Math.max(f.box.width, f.box.height) > Math.max(best.box.width, best.box.height)) best = f;
  return best;
}

function nearest(found: Found[], at: readonly [number, number]): Found | null {
  let best: Found | null = null;
  let d = Infinity;
  for (const f of found) {
    const e = Math.hypot(f.box.x + f.box.width / 2 - at[0], f.box.y + f.box.height / 2 - at[1]);
    if (e < d) [best, d] = [f, e];
  }
  return best;
}

/** Does the flipped photo's face (its box turned back) overlap the face found upright? */
function boxInside(flipped: Found, upright: Found, width: number, height: number): boolean {
  const cx = width - (flipped.box.x + flipped.box.width / 2), cy = height - (flipped.box.y + flipped.box.height / 2);
  const b = upright.box;
  return cx >= b.x && cx <= b.x + b.width && cy >= b.y && cy <= b.y + b.height;
}

/** The picture turned by 180°. */
function rotated180(bitmap: ImageBitmap): OffscreenCanvas {
  const c = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = c.getContext('2d')!;
  g.translate(bitmap.width, bitmap.height);
  g.rotate(Math.PI);
  g.drawImage(bitmap, 0, 0);
  return c;
}

Comlink.expose(api);
