// The consultation worker: the touch-up cost forecast runs several simulations, so it runs here, off the
// page's thread. Spawned by consult-client.ts; plans and price books are validated here, at the boundary.
import { expose } from 'comlink';
import { touchUpCost, type PriceBookInput, type TouchUpCostOptions } from '../src/consult/index.js';
import { validatePlan } from '../src/plan.js';

const api = {
  /** touchUpCost for a plan document and a price book (raw JSON, validated here). */
  touchUpCost(plan: unknown, book?: PriceBookInput, opts?: TouchUpCostOptions) {
    return touchUpCost(validatePlan(plan), book, opts);
  },
};
export type ConsultApi = typeof api;
expose(api);
