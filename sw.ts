/**
 * Visage's service worker: the whole app works offline once it has loaded.
 *
 * - Precache: the build lists every file of the app shell, the models and the wasm the app needs
 *   (self.__WB_MANIFEST, with a content hash per file). Installing fetches them all; a new build
 *   that changes any file installs beside the old one, and Workbox replaces the changed entries
 *   when it activates. Outdated caches of older Workbox versions are removed.
 * - The new version waits until the page says so (message SKIP_WAITING from the "Update
 *   available — reload" banner): the app never swaps its code under a running enrolment.
 * - Navigations inside the app are answered with the precached index.html.
 * - Big optional files that are not precached (MediaPipe's wasm for browsers without SIMD) are
 *   kept once fetched, so they too work offline from then on.
 * Test-only paths (/__…/: the test servers' test pages and data, never in the build) are left to
 * the network.
 */
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

/** Name of the cache of the optional big files; the build version keeps it apart from older ones. */
const RUNTIME_CACHE = 'visage-runtime-v1';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/__/] }));

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && /\/wasm\/mediapipe\/[^/]+$/.test(url.pathname),
  async ({ request }) => {
    const cache = await caches.open(RUNTIME_CACHE);
    const hit = await cache.match(request);
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  },
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  // Drop the runtime caches of older versions of this worker.
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('visage-runtime-') && k !== RUNTIME_CACHE).map((k) => caches.delete(k)))),
  );
});
