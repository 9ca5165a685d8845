// The engine worker: exposes createEngineApi() on the worker's global scope. Spawned by client.ts.
import type { Endpoint } from 'comlink';
import { exposeEngine } from './api.js';

exposeEngine(self as unknown as Endpoint);
