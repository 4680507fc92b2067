/**
 * The heavy part of sync, loaded only when sync is on or Settings → Sync needs it (dynamic import
 * from sync-controller.ts): PouchDB with its IndexedDB adapter, replication, transform-pouch and the
 * ciphers (src/db/sync). Everything here works on the app's database through src/db.
 */
import indexeddbAdapter from 'pouchdb-adapter-indexeddb';
import { getDb } from '../../app/services';
import { PACK_MIN } from '../../db/gallery-pack';
import { DEFAULT_MODEL_ID } from '../../db/schema';
import {
  IdbRecordStore,
  SiteSync,
  checkSite,
  makeSiteKey,
  openLocalPouch,
  openRemote,
  pairingCode,
  readPairingCode,
  setUpSite,
  unwrapSiteKey,
  usePouchAdapter,
  wrapSiteKey,
  type RoundOptions,
  type SyncRound,
} from '../../db/sync';
import { databaseUrl, type SyncConfig } from './config';

usePouchAdapter(indexeddbAdapter);

export { makeSiteKey };

/** Letters and digits that cannot be mistaken for one another when read out or typed. */
const PASS_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time passphrase: 12 characters (about 59 bits) in groups of four, e.g. K7QM-3XPA-9TRW. */
function oneTimePassphrase(): string {
  const chars = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => PASS_ALPHABET[b % PASS_ALPHABET.length]!);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A typed passphrase as the one shown: upper case, no spaces. */
export const normalizePassphrase = (text: string) => text.toUpperCase().replace(/\s+/g, '');

/** A fresh pairing code for the site key, wrapped by a fresh one-time passphrase shown beside it. */
export async function makePairing(key: CryptoKey): Promise<{ code: string; passphrase: string }> {
  const passphrase = oneTimePassphrase();
  return { code: pairingCode(await wrapSiteKey(key, passphrase)), passphrase };
}

/** The site key in a pairing code (SyncError 'sync-pairing' or 'sync-passphrase' when it cannot be opened). */
export function openPairing(code: string, passphrase: string): Promise<CryptoKey> {
  return unwrapSiteKey(readPairingCode(code), normalizePassphrase(passphrase));
}

const remoteOptions = (c: SyncConfig) => ({ url: databaseUrl(c), ...(c.username ? { auth: { username: c.username, password: c.password } } : {}) });

/** A running sync for one configuration and key. */
export class Runner {
  private constructor(private readonly sync: SiteSync) {}

  static async open(config: SyncConfig, key: CryptoKey, deviceId: string): Promise<Runner> {
    const db = await getDb();
    const local = openLocalPouch(`visage-sync-${config.database}`, 'indexeddb');
    return new Runner(new SiteSync({ ...remoteOptions(config), key, local, store: new IdbRecordStore(db), modelId: DEFAULT_MODEL_ID, deviceId }));
  }

  /** First start after "Create a new site" (sets it up) or "Join" (checks the key). */
  async setUp(config: SyncConfig, key: CryptoKey): Promise<void> {
    const { db } = openRemote(remoteOptions(config), key);
    try {
      if (config.phase === 'create') await setUpSite(db, key);
      else await checkSite(db, key);
    } finally {
      await db.close();
    }
  }

  /**
   * One round; when it brought a gallery's worth of documents (a first sync, a week offline), the
   * gallery the live view loads is prepared before it ends (its packed copy written: the next
   * start after a first sync of 10,000 people does not read 50,000 samples one by one).
   */
  async round(opts: RoundOptions): Promise<SyncRound> {
    const done = await this.sync.syncOnce(opts);
    if (done.imported.applied >= PACK_MIN) await (await getDb()).galleryMeans(DEFAULT_MODEL_ID, true);
    return done;
  }

  /** Records changed here since the last export (what waits to be sent). */
  pending(): Promise<number> {
    return this.sync.pending();
  }

  close(): Promise<void> {
    return this.sync.close();
  }
}
