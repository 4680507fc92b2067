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
 * - Sync's one server (src/features/sync/csp.ts): once the page tells the worker the configured
 *   server's origin (message SYNC_ORIGIN, kept in the cache 'visage-sync-origin'), navigations get
 *   the page with that origin added to the CSP's connect-src, in the header and the <meta> tag;
 *   with no sync configured, the page exactly as built.
 * Test-only paths (/__…/: the test servers' test pages and data, never in the build) are left to
 * the network.
 */
/// <reference lib="webworker" />
import { addRoute, cleanupOutdatedCaches, createHandlerBoundToURL, precache } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { cleanOrigin, htmlWithOrigin, policyWithOrigin } from './src/features/sync/csp';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

/** Name of the cache of the optional big files; the build version keeps it apart from older ones. */
const RUNTIME_CACHE = 'visage-runtime-v1';

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const SYNC_CACHE = 'visage-sync-origin';
const SYNC_ORIGIN_URL = new URL('__visage-sync-origin', self.registration.scope).href;

async function syncOrigin(): Promise<string | null> {
  const hit = await (await caches.open(SYNC_CACHE)).match(SYNC_ORIGIN_URL);
  return hit ? cleanOrigin(await hit.text()) : null;
}

async function setSyncOrigin(origin: string | null): Promise<void> {
  const cache = await caches.open(SYNC_CACHE);
  if (origin) await cache.put(SYNC_ORIGIN_URL, new Response(origin));
  else await cache.delete(SYNC_ORIGIN_URL);
}

const page = createHandlerBoundToURL('index.html');
registerRoute(
  new NavigationRoute(
    async (options) => {
      const response = await page(options);
      const origin = await syncOrigin();
      if (!origin || !response.ok) return response;
      const headers = new Headers(response.headers);
      const policy = headers.get('Content-Security-Policy');
      if (policy) headers.set('Content-Security-Policy', policyWithOrigin(policy, origin));
      return new Response(htmlWithOrigin(await response.text(), origin), { status: response.status, statusText: response.statusText, headers });
    },
    { denylist: [/\/__/] },
  ),
);
// The precache's own route after the navigation route: it would answer '/' (its directory index)
// with the page as built, before the sync origin is added.
addRoute();

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
  const data = event.data as { type?: unknown; origin?: unknown } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (data?.type === 'SYNC_ORIGIN') {
    const origin = data.origin === null ? null : cleanOrigin(data.origin);
    if (origin === null && data.origin !== null) return;
    event.waitUntil(setSyncOrigin(origin).then(() => event.ports[0]?.postMessage({ ok: true })));
  }
});

self.addEventListener('activate', (event) => {
  // Drop the runtime caches of older versions of this worker.
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('visage-runtime-') && k !== RUNTIME_CACHE).map((k) => caches.delete(k)))),
  );
});
