// The engine API on a node worker thread, for the bench's worker round-trip case (the browser uses
// workers/engine.worker.ts; this is the same API over worker_threads).
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { exposeEngine } from '../workers/api.js';

if (!parentPort) throw new Error('bench/engine-thread.ts runs as a worker thread');
exposeEngine(nodeEndpoint(parentPort));
