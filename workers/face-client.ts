// The page's handle on the face worker: createFaceAnalyser() spawns workers/face.worker.ts lazily (on the first
// analyse), so the studio pays for the models only when a photo is opened; all the work runs in the worker.
import * as Comlink from 'comlink';
import type { HeadObservation } from '../src/head/observation.js';
import type { AnalyseOptions, FaceAnalysis, FaceWorkerApi } from './face.worker.js';

export type { AnalyseOptions, FaceAnalysis, FaceTimings } from './face.worker.js';

/** Options of createFaceAnalyser. */
export interface FaceAnalyserOptions {
  /** Absolute URL of the face-assets/ folder (default: face-assets/ beside the page). */
  assetBase?: string;
}

/** Photo analysis in a worker. */
export interface FaceAnalyser {
  /** The HeadObservation of a photo (an ImageBitmap is transferred to the worker and closed); `options.near` chooses among several faces. */
  analyse(image: ImageBitmap | ImageData, options?: AnalyseOptions): Promise<HeadObservation>;
  /** The observation and the ms per stage (model load, detection, mask, classification). */
  analyseTimed(image: ImageBitmap | ImageData, options?: AnalyseOptions): Promise<FaceAnalysis>;
  /** Loads the models now (e.g. as soon as a photo is chosen); resolves with the ms it took. */
  warmUp(): Promise<number>;
  /** Stops the worker; later calls reject. */
  close(): void;
}

/** The default face-assets/ URL: beside the page (the dev middleware answers any path ending in face-assets/…). */
export function defaultAssetBase(): string {
  return new URL('face-assets/', document.baseURI).href;
}

/** Creates a face analyser; its worker starts on the first call. */
export function createFaceAnalyser(options: FaceAnalyserOptions = {}): FaceAnalyser {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<FaceWorkerApi> | null = null;
  let closed = false;
  const base = () => options.assetBase ?? defaultAssetBase();
  const api = (): Comlink.Remote<FaceWorkerApi> => {
    if (closed) throw new Error('the face analyser is closed');
    if (!remote) {
      worker = new Worker(new URL('./face.worker.js', import.meta.url), { type: 'module', name: 'smp-sim face' });
      remote = Comlink.wrap<FaceWorkerApi>(worker);
    }
    return remote;
  };
  const analyseTimed = async (image: ImageBitmap | ImageData, options: AnalyseOptions = {}): Promise<FaceAnalysis> => {
    const r = api();
    return image instanceof ImageBitmap ? r.analyse(Comlink.transfer(image, [image]), base(), options) : r.analyse(image, base(), options);
  };
  return {
    analyseTimed,
    async analyse(image, options) {
      return (await analyseTimed(image, options)).observation;
    },
    warmUp: async () => api().load(base()),
    close() {
      closed = true;
      remote?.[Comlink.releaseProxy]();
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}
