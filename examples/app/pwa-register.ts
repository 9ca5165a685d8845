// The service worker (vite-plugin-pwa's sw.js, built only) is registered by the studio itself once the first dots
// are on screen and the page is idle: its precache (≈ 10 MB of scripts, models, wasm and fonts on a first visit)
// then never competes with the start. Same-origin file, allowed by the CSP's worker-src 'self'.
import { whenIdle } from './idle.js';

/** Registers ./sw.js when idle, in the built studio only (no service worker in `npm start`). */
export function registerServiceWorkerWhenIdle(say: (text: string, kind?: 'info' | 'error') => void): void {
  // the build's mode, not import.meta.env.PROD: that follows NODE_ENV, which vitest sets to "test" (pwa.e2e builds)
  if (import.meta.env.MODE !== 'production' || !('serviceWorker' in navigator)) return;
  whenIdle(() => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((e: unknown) => say(`Offline use is unavailable: ${e instanceof Error ? e.message : String(e)}`, 'error'));
  });
}
