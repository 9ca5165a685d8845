// The built-in sample scalp as the stage's background, without holding up the first dots: at once a draft drawn
// at a quarter of the size (1/16 of the work, ≈ 30 ms) and scaled up into the canvas, then the full picture, made
// in a worker (the same bytes as renderSampleScalp), drawn into the same canvas. One canvas per skin type, kept.
import * as Comlink from 'comlink';
import { sampleScalpPixels, sampleScalpView, type ScalpView } from '../../src/render/index.js';
import type { SampleWorkerApi } from '../../workers/sample.worker.js';

/** The draft is drawn at 1/DRAFT of the width and height. */
const DRAFT = 4;

export interface SampleBackground {
  canvas: OffscreenCanvas;
  view: ScalpView;
  /** Resolves once the full picture is in the canvas. */
  full: Promise<void>;
  /** True once it is (the canvas holds the draft until then). */
  done: boolean;
}

/** Makes and keeps the sample backgrounds of one size (`seed`: the sample's texture). */
export function sampleBackgrounds(width: number, height: number, seed: string) {
  const kept = new Map<number, SampleBackground>();
  let remote: Comlink.Remote<SampleWorkerApi> | null = null;
  let worker: Worker | null = null;

  async function fullPixels(fitzpatrick: number): Promise<Uint8ClampedArray<ArrayBuffer>> {
    try {
      if (!remote) {
        worker = new Worker(new URL('../../workers/sample.worker.js', import.meta.url), { type: 'module', name: 'smp-sim sample scalp' });
        remote = Comlink.wrap<SampleWorkerApi>(worker);
      }
      return await remote.pixels(width, height, { seed, fitzpatrick });
    } catch {
      // no worker here: on the page, in a task of its own
      await new Promise((r) => setTimeout(r, 0));
      return sampleScalpPixels(width, height, { seed, fitzpatrick }).data;
    }
  }

  /** The sample for a skin type: a draft now (or the kept full picture), the full picture when `full` resolves. */
  function get(fitzpatrick: number): SampleBackground {
    const have = kept.get(fitzpatrick);
    if (have) return have;
    const view = sampleScalpView(width, height);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d')!;
    const w = Math.ceil(width / DRAFT);
    const h = Math.ceil(height / DRAFT);
    const draftView = { ...view, pxPerMm: view.pxPerMm / DRAFT, originX: view.originX / DRAFT, originY: view.originY / DRAFT };
    const draft = sampleScalpPixels(w, h, { seed, fitzpatrick, view: draftView });
    const small = new OffscreenCanvas(w, h);
    small.getContext('2d')!.putImageData(new ImageData(draft.data, w, h), 0, 0);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(small, 0, 0, w * DRAFT, h * DRAFT);
    const full = fullPixels(fitzpatrick).then((data) => {
      ctx.putImageData(new ImageData(data, width, height), 0, 0);
      bg.done = true;
    });
    const bg: SampleBackground = { canvas, view, full, done: false };
    kept.set(fitzpatrick, bg);
    full.catch(() => kept.delete(fitzpatrick));
    return bg;
  }

  return { get };
}
