/**
 * The server's database as this device sees it: a PouchDB http handle whose documents are
 * encrypted on the way out and decrypted and checked on the way in (transform-pouch), so that
 * replication carries nothing but `{ _id, _rev, v, iv, ct }` (and bodiless deletions), and the
 * site's key document, `_local/visage-site-key` (never replicated; only the key check and,
 * optionally, the wrapped key).
 */
import { keyOpensCheck, makeKeyCheck, openBody, sealBody, SYNC_FORMAT, type Sealed, type WrappedKey, checkWrappedKey } from './crypto';
import { bodyOf, metaOf, parseBody } from './docs';
import { SyncError, toSyncError } from './errors';
import { Pouch, type Doc, type PouchDb } from './pouch';

export interface RemoteOptions {
  /** The database's address, e.g. https://couch.example.org/site-42 */
  url: string;
  auth?: { username: string; password: string };
}

/** What the transform refused last (a document that fails decryption or the checks). */
export interface RemoteState {
  refused: SyncError | null;
}

/** The encrypted handle for replication, and its state. */
export function openRemote(options: RemoteOptions, key: CryptoKey): { db: PouchDb; state: RemoteState } {
  const db = new Pouch(options.url, { skip_setup: true, ...(options.auth ? { auth: options.auth } : {}) });
  const state: RemoteState = { refused: null };
  const refuse = (err: SyncError): never => {
    state.refused = err;
    throw err;
  };
  // transform-pouch also wraps an http handle's `query` (map/reduce views, a plugin sync does not
  // load); sync never queries views, so a stub that refuses stands in for it.
  const handle = db as PouchDb & { query?: unknown };
  handle.query ??= () => Promise.reject(new Error('map/reduce queries are not used by sync'));
  db.transform({
    async incoming(doc) {
      // A deletion carries no body at all; anything else goes out sealed.
      if (doc._deleted) return { ...metaOf(doc), _deleted: true };
      return { ...metaOf(doc), v: SYNC_FORMAT, ...(await sealBody(key, doc._id, bodyOf(doc))) };
    },
    async outgoing(doc) {
      if (doc._deleted) return { ...metaOf(doc), _deleted: true };
      if (doc.v !== SYNC_FORMAT) return refuse(new SyncError('sync-refused', `The server sent a document of an unknown format (${doc._id.slice(0, 80)}); it was refused.`));
      const body = await openBody(key, doc._id, { iv: doc.iv, ct: doc.ct });
      if (body === null) return refuse(new SyncError('sync-refused', `The server sent a document that does not decrypt with the site key (${doc._id.slice(0, 80)}); it was refused.`));
      try {
        parseBody(doc._id, body);
      } catch (err) {
        return refuse(toSyncError(err));
      }
      return { ...metaOf(doc), ...(body as Record<string, unknown>) };
    },
  });
  return { db, state };
}

export const KEY_DOC = '_local/visage-site-key';

interface KeyDoc extends Doc {
  check?: Sealed;
  wrapped?: WrappedKey;
}

async function readKeyDoc(remote: PouchDb): Promise<KeyDoc | null> {
  try {
    return await remote.get(KEY_DOC);
  } catch (err) {
    const e = toSyncError(err);
    // 404 with reason 'missing' (or 'deleted'): the database is there, the document is not.
    const reason = err && typeof err === 'object' && 'reason' in err ? err.reason : undefined;
    if (e.code === 'sync-no-database' && (reason === 'missing' || reason === 'deleted')) return null;
    throw e;
  }
}

/**
 * Checks that the server answers, takes the credentials and has the database. (PouchDB's http
 * `info()` resolves with CouchDB's error body instead of rejecting when the database is missing.)
 */
async function checkServer(remote: PouchDb): Promise<void> {
  let info: unknown;
  try {
    info = await remote.info();
  } catch (err) {
    throw toSyncError(err);
  }
  const error = info && typeof info === 'object' && 'error' in info ? String(info.error) : null;
  if (!error) return;
  const status = error === 'not_found' ? 404 : error === 'unauthorized' ? 401 : error === 'forbidden' ? 403 : 500;
  throw toSyncError({ status, message: `${error}: ${String((info as { reason?: unknown }).reason)}` });
}

/** Checks the server (reachable, credentials, database), then that `key` is the site's. */
export async function checkSite(remote: PouchDb, key: CryptoKey): Promise<void> {
  await checkServer(remote);
  const doc = await readKeyDoc(remote);
  if (!doc?.check) throw new SyncError('sync-no-key', 'No device has set up sync on this database yet (no key check on the server).');
  if (!(await keyOpensCheck(key, doc.check))) {
    throw new SyncError('sync-key', "This device's site key does not open this site's data: pair the device again. Nothing was changed.");
  }
}

/**
 * Sets a site up on an empty database (the first device): the key check, and the wrapped key when
 * given. A database already set up is only checked (`sync-key` when its key is another).
 */
export async function setUpSite(remote: PouchDb, key: CryptoKey, wrapped?: WrappedKey): Promise<void> {
  await checkServer(remote);
  const doc = await readKeyDoc(remote);
  if (doc?.check) return checkSite(remote, key);
  await remote.put({ _id: KEY_DOC, check: await makeKeyCheck(key), ...(wrapped ? { wrapped } : {}) }).catch((err: unknown) => {
    throw toSyncError(err);
  });
}

/** The wrapped key kept on the server (a device joining with the site passphrase unwraps it). */
export async function fetchWrappedKey(remote: PouchDb): Promise<WrappedKey> {
  await checkServer(remote);
  const doc = await readKeyDoc(remote);
  if (!doc?.wrapped) throw new SyncError('sync-no-key', 'The server keeps no wrapped site key: use a pairing code from a device of the site.');
  return checkWrappedKey(doc.wrapped);
}
