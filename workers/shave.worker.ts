// The shave worker: the shaved look's base picture (src/render/shave.ts) off the page's thread. Spawned by
// shave-client.ts; pure work on typed arrays, nothing loaded.
import * as Comlink from 'comlink';
import type { HeadFit } from '../src/head/model.js';
import type { Raster } from '../src/head/observation.js';
import type { Rgba } from '../src/render/photo-look.js';
import { type ShaveOptions, type ShavedBase, shaveHead } from '../src/render/shave.js';

/** The worker's API (through comlink). */
export interface ShaveWorkerApi {
  /** shaveHead on the worker; the patch's pixels are transferred back. */
  shave(photo: Rgba, fit: HeadFit, classes: Raster, options: ShaveOptions): ShavedBase;
}

const api: ShaveWorkerApi = {
  shave(photo, fit, classes, options) {
    const base = shaveHead(photo, fit, classes, options);
    return Comlink.transfer(base, [base.data.buffer]);
  },
};
Comlink.expose(api);
