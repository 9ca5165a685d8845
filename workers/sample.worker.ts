// The sample scalp worker: the built-in sample background's pixels (src/render/sample-scalp.ts, ≈ 0.5 s of
// arithmetic for the studio's 1400 × 1100) off the page's thread. Spawned by examples/app/sample-bg.ts.
import * as Comlink from 'comlink';
import { sampleScalpPixels, type SampleScalpOptions } from '../src/render/sample-scalp.js';

/** The worker's API (through comlink). */
export interface SampleWorkerApi {
  /** sampleScalpPixels's RGBA on the worker, transferred back. */
  pixels(width: number, height: number, options: SampleScalpOptions): Uint8ClampedArray<ArrayBuffer>;
}

const api: SampleWorkerApi = {
  pixels(width, height, options) {
    const { data } = sampleScalpPixels(width, height, options);
    return Comlink.transfer(data, [data.buffer]);
  },
};
Comlink.expose(api);
