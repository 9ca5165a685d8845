// The page's handle on the shave worker: createShaver() spawns workers/shave.worker.ts on the first call, so a
// studio that never shows the shaved look never starts it.
import * as Comlink from 'comlink';
import type { HeadFit } from '../src/head/model.js';
import type { Raster } from '../src/head/observation.js';
import type { Rgba } from '../src/render/photo-look.js';
import type { ShaveOptions, ShavedBase } from '../src/render/shave.js';
import type { ShaveWorkerApi } from './shave.worker.js';

/** The shaved base in a worker. */
export interface Shaver {
  /** shaveHead(photo, fit, classes, options) off the page's thread (the photo is copied, not transferred). */
  shave(photo: Rgba, fit: HeadFit, classes: Raster, options?: ShaveOptions): Promise<ShavedBase>;
  /** Stops the worker; later calls reject. */
  close(): void;
}

/** Creates a shaver; its worker starts on the first call. */
export function createShaver(): Shaver {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<ShaveWorkerApi> | null = null;
  let closed = false;
  return {
    async shave(photo, fit, classes, options = {}) {
      if (closed) throw new Error('the shaver is closed');
      if (!remote) {
        worker = new Worker(new URL('./shave.worker.js', import.meta.url), { type: 'module', name: 'smp-sim shave' });
        remote = Comlink.wrap<ShaveWorkerApi>(worker);
      }
      // plain data across the boundary (an ImageData would clone too, but a plain object keeps the type honest)
      return remote.shave({ width: photo.width, height: photo.height, data: photo.data }, fit, classes, options);
    },
    close() {
      closed = true;
      remote?.[Comlink.releaseProxy]();
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}
