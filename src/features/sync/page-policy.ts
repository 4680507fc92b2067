/**
 * The page's side of the CSP for sync (csp.ts, sw.ts): tells the service worker which server
 * origin to allow, and reads whether this page was served allowing it.
 */
import type { SyncOriginMessage } from './csp';

/** Whether the page's CSP <meta> tags allow connecting to `origin` (the page was served with it). */
export function pageAllows(origin: string, doc: Document = document): boolean {
  const metas = [...doc.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')];
  // No tag: the dev server, whose header policy cannot be read here; the build always has one.
  if (!metas.length) return !import.meta.env.PROD;
  return metas.every((m) => {
    const connect = (m.getAttribute('content') ?? '').split(';').find((p) => /^\s*connect-src\s/i.test(p));
    return connect !== undefined && connect.trim().split(/\s+/).includes(origin);
  });
}

/**
 * Tells the service worker to serve the page allowing `origin` (null: none). Resolves true once it
 * stored it, false where no service worker runs (then the policy cannot allow the server).
 */
export async function allowOrigin(origin: string | null): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  const registration = await Promise.race([navigator.serviceWorker.ready, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
  const worker = registration?.active;
  if (!worker) return false;
  const channel = new MessageChannel();
  const answered = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = () => resolve(true);
    setTimeout(() => resolve(false), 10_000);
  });
  const message: SyncOriginMessage = { type: 'SYNC_ORIGIN', origin };
  worker.postMessage(message, [channel.port2]);
  return answered;
}
