/**
 * Watching a browser context for anything that would leave the device: every request (of its
 * pages, workers and service workers) must go to the app's origin, and the app's
 * Content-Security-Policy must never have had to block anything.
 */
import { expect, type BrowserContext } from '@playwright/test';

/** Schemes that never reach a network: the page's own objects and inline data. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** The URLs of `urls` that go anywhere but `origin` (and the `also` origins: a sync test's server). */
export function foreignRequests(urls: readonly string[], origin: string, also: readonly string[] = []): string[] {
  return urls.filter((u) => {
    const url = new URL(u);
    return !LOCAL_SCHEMES.has(url.protocol) && url.origin !== origin && !also.includes(url.origin);
  });
}

/**
 * Starts watching `context`; the returned function fails the test, listing them, if a request
 * went anywhere but `origin` (or one of `also`: only a sync test names its server) or the CSP blocked something (Chromium reports each on the console).
 */
export function watchContext(context: BrowserContext, origin: string, also: readonly string[] = []): () => void {
  const urls: string[] = [];
  const blocked: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  context.on('serviceworker', (w) => urls.push(w.url()));
  context.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  return () => {
    expect(foreignRequests(urls, origin, also), `requests that left ${[origin, ...also].join(' and ')}`).toEqual([]);
    expect(blocked, 'Content-Security-Policy violations').toEqual([]);
  };
}
