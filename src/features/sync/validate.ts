/** Checks of the connection form's fields, and the addresses made from them (pure). */

/** The message keys (strings.ts) of the problems found here. */
export type Problem = 'sync.bad.url' | 'sync.bad.urlCredentials' | 'sync.bad.urlQuery' | 'sync.bad.database' | null;

/** Whether `text` is a server address sync accepts; the problem's message key if not. */
export function serverProblem(text: string): Problem {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'sync.bad.url';
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) return 'sync.bad.url';
  if (url.username || url.password) return 'sync.bad.urlCredentials';
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return 'sync.bad.urlQuery';
  return null;
}

/** CouchDB's rule for database names. */
export function databaseProblem(name: string): Problem {
  return /^[a-z][a-z0-9_$()+/-]{0,237}$/.test(name) ? null : 'sync.bad.database';
}

/** The server's address without a trailing slash. */
export const serverBase = (server: string) => new URL(server.trim()).href.replace(/\/+$/, '');
/** The origin the page's CSP must allow. */
export const serverOrigin = (server: string) => new URL(server.trim()).origin;
/** The database's address. */
export const databaseUrl = (c: { server: string; database: string }) => `${serverBase(c.server)}/${encodeURIComponent(c.database)}`;
