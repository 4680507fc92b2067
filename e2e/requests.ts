/** Recording the requests of a browser context, to prove that none leaves the app's origin. */
import { expect, type BrowserContext } from '@playwright/test';

/** Schemes that never reach a network: the page's own objects and inline data. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** The URLs of `urls` that go anywhere but `origin`. */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => {
    const url = new URL(u);
    return !LOCAL_SCHEMES.has(url.protocol) && url.origin !== origin;
  });
}

/**
 * Starts recording every request of `context` (its pages, workers and service workers); the
 * returned function fails the test, listing them, if any went anywhere but `origin`.
 */
export function recordRequests(context: BrowserContext, origin: string): () => void {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  context.on('serviceworker', (w) => urls.push(w.url()));
  return () => expect(foreignRequests(urls, origin), `requests that left ${origin}`).toEqual([]);
}
