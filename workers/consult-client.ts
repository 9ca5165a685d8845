// A page's handle on the consultation worker (comlink). A newer request supersedes the older one's result
// (the older promise resolves to null), and a dead worker is replaced on the next call.
import { wrap, type Remote } from 'comlink';
import type { PriceBookInput, TouchUpCost, TouchUpCostOptions } from '../src/consult/index.js';
import type { FadeMap } from '../src/aging/index.js';
import type { ConsultApi } from './consult.worker.js';

/** The consultation worker's calls. */
export interface ConsultEngine {
  /** The touch-up forecast and its cost for a plan; null when a newer call replaced this one. */
  touchUpCost(plan: unknown, book?: PriceBookInput, opts?: TouchUpCostOptions): Promise<TouchUpCost | null>;
  /** Per 1-cm² cell, when the treated area falls due (the area that fades first); null when superseded. */
  fadeMap(plan: unknown): Promise<FadeMap | null>;
  close(): void;
}

/** Starts the consultation worker lazily, on the first call. */
export function createConsultEngine(): ConsultEngine {
  let worker: Worker | null = null;
  let remote: Remote<ConsultApi> | null = null;
  let ticket = 0;
  let fadeTicket = 0;
  const start = (): Remote<ConsultApi> => {
    if (!remote) {
      worker = new Worker(new URL('./consult.worker.ts', import.meta.url), { type: 'module', name: 'consult' });
      worker.addEventListener('error', () => {
        worker?.terminate();
        worker = null;
        remote = null;
      });
      remote = wrap<ConsultApi>(worker);
    }
    return remote;
  };
  return {
    async touchUpCost(plan, book, opts) {
      const mine = ++ticket;
      const r = await start().touchUpCost(plan, book, opts);
      return mine === ticket ? r : null;
    },
    async fadeMap(plan) {
      const mine = ++fadeTicket;
      const r = await start().fadeMap(plan);
      return mine === fadeTicket ? r : null;
    },
    close() {
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}
