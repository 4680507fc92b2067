/**
 * Servers for the sync browser tests, on 127.0.0.1 only: a real CouchDB-protocol server
 * (`pouchdb-server --in-memory`, scripts/lib/pouch-server.ts) set up as a site would set up
 * CouchDB (CORS for the app's origin, a user, the database readable only by that user), and a
 * server that answers every request with junk.
 */
import { createServer, type Server } from 'node:http';
import { startPouchServer, type PouchServer } from '../scripts/lib/pouch-server';

export interface Site {
  server: PouchServer;
  /** The server's address as the user types it. */
  url: string;
  origin: string;
  database: string;
  username: string;
  password: string;
  /** Every document on the server, as its disk holds it (read as the server's admin). */
  rawDocs(): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

const ADMIN = 'admin:admin-secret';
const json = (body: unknown, auth?: string): RequestInit => ({
  method: 'PUT',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Basic ${btoa(auth)}` } : {}) },
});

async function put(url: string, body: unknown, auth?: string): Promise<void> {
  const r = await fetch(url, json(body, auth));
  if (!r.ok) throw new Error(`PUT ${url}: ${r.status} ${await r.text()}`);
}

/** CORS as a site's CouchDB needs it for the app's origin (a browser sends the credentials). */
async function allowCors(url: string, appOrigin: string, auth?: string): Promise<void> {
  await put(`${url}/_config/httpd/enable_cors`, 'true', auth);
  await put(`${url}/_config/cors/origins`, appOrigin, auth);
  await put(`${url}/_config/cors/credentials`, 'true', auth);
  await put(`${url}/_config/cors/headers`, 'accept, authorization, content-type, origin, referer', auth);
  await put(`${url}/_config/cors/methods`, 'GET, PUT, POST, HEAD, DELETE', auth);
}

/** A server with one database, `database`, that only `username` may use. */
export async function startSite(appOrigin: string, database = 'visage-site', heapMb = 0): Promise<Site> {
  const server = await startPouchServer({ heapMb });
  const username = 'frontdesk';
  const password = 'correct horse battery';
  await server.createDb(database);
  await allowCors(server.url, appOrigin);
  await put(`${server.url}/_users/org.couchdb.user:${username}`, { _id: `org.couchdb.user:${username}`, name: username, password, roles: [], type: 'user' });
  // From here on the server has an admin (no "admin party"): the database is the user's only.
  await put(`${server.url}/_config/admins/admin`, 'admin-secret');
  await put(`${server.url}/${database}/_security`, { admins: { names: [], roles: [] }, members: { names: [username], roles: [] } }, ADMIN);
  const rawDocs = async () => {
    const r = await fetch(`${server.url}/${database}/_all_docs?include_docs=true`, { headers: { authorization: `Basic ${btoa(ADMIN)}` } });
    const body = (await r.json()) as { rows: Array<{ doc: Record<string, unknown> }> };
    return body.rows.map((row) => row.doc);
  };
  return { server, url: server.url, origin: new URL(server.url).origin, database, username, password, rawDocs, stop: () => server.stop() };
}

/** A server that answers everything (preflights included, with CORS for the app) with bytes that are not CouchDB's. */
export async function startGarbageServer(appOrigin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', appOrigin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-allow-headers', 'accept, authorization, content-type, origin, referer');
    res.setHeader('access-control-allow-methods', 'GET, PUT, POST, HEAD, DELETE');
    res.setHeader('content-type', 'application/json');
    res.end(req.method === 'OPTIONS' ? '' : '\u0000\u00ff<html>not a database {"ok":');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An address where nothing listens (a port taken and released). */
export async function closedServerUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  await new Promise((resolve) => s.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
