// The studio as an installable app that works offline (vite-plugin-pwa, generateSW): a web app manifest with
// the project's own icons, and a service worker that precaches every built file — scripts, worker, wasm,
// models, fonts — so a reload with the network off still opens the studio and simulates. Build only: in
// `npm start` (dev) no service worker is registered, so nothing cached gets in the way of edits.
//
// CSP: the service worker is a same-origin file, allowed by the page's `worker-src 'self'`, registered by the
// studio's own code (examples/app/pwa-register.ts); nothing inline is injected.
import { readFileSync } from 'node:fs';
import type { Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const ICONS = new URL('./icons/', import.meta.url);
const ICON_FILES = ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon-180.png'];
const THEME = '#1f2328';

/** Emits the committed icons under icons/ in the build (the studio has no public folder) and links the iOS ones. */
function appIcons(): Plugin {
  return {
    name: 'smp-sim:app-icons',
    apply: 'build',
    generateBundle() {
      for (const name of ICON_FILES) this.emitFile({ type: 'asset', fileName: `icons/${name}`, source: readFileSync(new URL(name, ICONS)) });
    },
    transformIndexHtml: () => [
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: './icons/apple-touch-icon-180.png' }, injectTo: 'head' },
      { tag: 'meta', attrs: { name: 'theme-color', content: THEME }, injectTo: 'head' },
    ],
  };
}

/** The plugins that make the built studio installable and offline; add to vite.config.ts `plugins`. */
export function studioPwa(): PluginOption[] {
  return [
    appIcons(),
    VitePWA({
      // registered by the studio once its first dots are drawn (examples/app/pwa-register.ts), so the precache
      // never competes with the start
      injectRegister: false,
      // the same minified worker whatever NODE_ENV says (vitest sets it to "test")
      mode: 'production',
      devOptions: { enabled: false },
      manifest: {
        name: 'smp-sim studio',
        short_name: 'smp-sim',
        description: 'Scalp micropigmentation consultations: the plan on the client’s photo, on this device, offline.',
        start_url: './',
        scope: './',
        display: 'standalone',
        orientation: 'any',
        background_color: THEME,
        theme_color: THEME,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // every built file, whatever it is (models, wasm and fonts included)
        globPatterns: ['**/*'],
        // face models and wasm are several MB each (LIBRARIES.md: 20 MB was enough for human's models)
        maximumFileSizeToCacheInBytes: 30 * 1024 * 1024,
        navigateFallback: 'index.html',
        // the first visit is controlled at once (offline from then on, no reload needed); a later build waits until
        // every studio window is closed, so a running session never loses the lazy chunks it still needs (PDF)
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
      },
    }),
  ];
}
