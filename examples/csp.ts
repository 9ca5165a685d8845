// The studio's Content-Security-Policy, as a Vite plugin: one policy written into index.html's <meta> and
// sent as a header by `vite` (dev) and `vite preview`. The built app may talk only to its own origin:
// photos are health data, and every model, wasm file and font is served from the app itself. The dev server
// adds only what Vite's own dev client needs: its HMR socket (this server's host and port) and the
// <style> elements it injects; neither is in the built app.
import type { AddressInfo } from 'node:net';
import type { Connect, Plugin, ViteDevServer } from 'vite';

/** A policy: directive → sources. */
export type CspPolicy = Record<string, readonly string[]>;

/**
 * The built app's policy. 'wasm-unsafe-eval' lets WebAssembly compile (face detection needs it) without
 * allowing eval; Pixi runs without eval through `pixi.js/unsafe-eval` (imported by the renderer).
 */
export const APP_POLICY: CspPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta> cannot deliver (the browser ignores them there, with a warning): header only. */
export const HEADER_ONLY = ['frame-ancestors', 'report-uri', 'sandbox'] as const;

/** The policy as a header value: `default-src 'self'; script-src …`. */
export function formatPolicy(policy: CspPolicy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** A policy header or meta value back into directive → sources (later duplicates ignored, as browsers do). */
export function parsePolicy(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of text.split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/);
    if (directive && !(directive.toLowerCase() in out)) out[directive.toLowerCase()] = sources;
  }
  return out;
}

/** The policy without the directives a <meta> cannot carry. */
export function metaPolicy(policy: CspPolicy): CspPolicy {
  return Object.fromEntries(Object.entries(policy).filter(([d]) => !(HEADER_ONLY as readonly string[]).includes(d)));
}

/** The dev server's policy: the app's, plus Vite's HMR socket on this server and the styles its client injects. */
export function devPolicy(hmrSockets: readonly string[]): CspPolicy {
  return {
    ...APP_POLICY,
    'connect-src': [...APP_POLICY['connect-src']!, ...hmrSockets],
    'style-src': [...APP_POLICY['style-src']!, "'unsafe-inline'"],
  };
}

/** The HMR socket origins of a listening dev server: ws://host:port (both loopback names on loopback). */
export function hmrSockets(server: ViteDevServer): string[] {
  const addr = server.httpServer?.address() as AddressInfo | string | null | undefined;
  if (!addr || typeof addr === 'string') return [];
  const hmr = server.config.server.hmr;
  const port = (typeof hmr === 'object' && (hmr.clientPort ?? hmr.port)) || addr.port;
  const host = typeof hmr === 'object' && hmr.host ? hmr.host : addr.address;
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '::' || host === '0.0.0.0';
  const names = loopback ? ['127.0.0.1', 'localhost'] : [host.includes(':') ? `[${host}]` : host];
  const scheme = server.config.server.https ? 'wss' : 'ws';
  return names.map((h) => `${scheme}://${h}:${port}`);
}

const META = /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=)(["'])[\s\S]*?\2/i;

/** index.html with its CSP <meta> set to the policy (minus header-only directives); throws when the page has none. */
export function setMetaPolicy(html: string, policy: CspPolicy): string {
  if (!META.test(html)) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy" content="…">: the studio must ship one');
  return html.replace(META, (_, head: string) => `${head}"${formatPolicy(metaPolicy(policy))}"`);
}

function headerMiddleware(policy: () => CspPolicy): Connect.NextHandleFunction {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', formatPolicy(policy()));
    next();
  };
}

/** The Vite plugin: sets index.html's CSP meta per mode, and the CSP header on the dev and preview servers. */
export function cspPlugin(): Plugin {
  let dev: ViteDevServer | null = null;
  const current = (): CspPolicy => (dev ? devPolicy(hmrSockets(dev)) : APP_POLICY);
  return {
    name: 'smp-sim:csp',
    configureServer(server) {
      dev = server;
      server.middlewares.use(headerMiddleware(current));
    },
    configurePreviewServer(server) {
      server.middlewares.use(headerMiddleware(() => APP_POLICY));
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html) => setMetaPolicy(html, current()),
    },
  };
}
