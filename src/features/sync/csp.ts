/**
 * The page's Content-Security-Policy allows `connect-src 'self'` only. When sync is configured,
 * the service worker (sw.ts) answers navigations with the precached page rewritten by
 * `allowConnectOrigin`: the one configured server origin is added to connect-src, in the CSP
 * header and in the <meta> tag alike (a page enforces both). Pure functions, shared by the
 * worker and the page.
 */

/** The message the page posts to the service worker (null origin: sync off, the policy as built). */
export interface SyncOriginMessage {
  type: 'SYNC_ORIGIN';
  origin: string | null;
}

/**
 * `text` as an origin to put into a policy, or null: only http(s) origins exactly as URL prints
 * them, so nothing but scheme, host and port can reach the policy (no quote, space or semicolon).
 */
export function cleanOrigin(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text ? text : null;
  } catch {
    return null;
  }
}

/** A policy with `origin` added to its connect-src (the policy unchanged when the origin is not clean). */
export function policyWithOrigin(policy: string, origin: string): string {
  const clean = cleanOrigin(origin);
  if (!clean) return policy;
  return policy
    .split(';')
    .map((part) => (/^\s*connect-src\s/i.test(part) && !part.split(/\s+/).includes(clean) ? `${part.trimEnd()} ${clean}` : part))
    .join(';');
}

/** The page's HTML with `origin` added to the connect-src of each CSP <meta> tag. */
export function htmlWithOrigin(html: string, origin: string): string {
  return html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/gi, (_m, start: string, policy: string, end: string) => start + policyWithOrigin(policy, origin) + end);
}
