// zod for the core's schemas (plans, price books): zod/mini, the same core and, configured here once, the same
// English messages as zod's classic API at a third of its size in the workers' bundles (classic zod was 63 % of
// the engine worker's script: 91 of 145 KB). No eval: the studio and its workers run under a CSP without
// 'unsafe-eval' (examples/csp.ts), where zod's JIT would only probe `new Function` and report a violation;
// validation is not on any hot path.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config({ jitless: true });
z.config(en());

export { z };
