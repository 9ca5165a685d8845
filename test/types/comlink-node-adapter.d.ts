// Types for comlink's node adapter under its real file name (NodeNext needs the .mjs extension, and the
// package ships the declarations as node-adapter.d.ts).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  /** Wraps a node MessagePort or worker_threads Worker as a comlink Endpoint. */
  export default function nodeEndpoint(nep: unknown): Endpoint;
}
