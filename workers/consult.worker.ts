// The consultation worker: the touch-up cost forecast runs several simulations, so it runs here, off the
// page's thread. Spawned by consult-client.ts; plans and price books are validated here, at the boundary.
import { expose } from 'comlink';
import { touchUpCost, type PriceBookInput, type TouchUpCostOptions } from '../src/consult/index.js';
import { validatePlan } from '../src/plan.js';
import { simulate } from '../src/simulate.js';
import { fadeMap } from '../src/aging/index.js';
import { transfer } from 'comlink';
import { afterTile } from './api.js';

const api = {
  /** touchUpCost for a plan document and a price book (raw JSON, validated here). */
  touchUpCost(plan: unknown, book?: PriceBookInput, opts?: TouchUpCostOptions) {
    return touchUpCost(validatePlan(plan), book, opts);
  },
  /** The fade map (per 1-cm² cell: when it falls due) of a plan document; arrays transferred. */
  fadeMap(plan: unknown) {
    const p = validatePlan(plan);
    const m = fadeMap(simulate(p), p);
    return transfer(m, [m.areaMm2.buffer, m.settled.buffer, m.dueYear.buffer]);
  },
};
export type ConsultApi = typeof api;
expose(afterTile(api));
