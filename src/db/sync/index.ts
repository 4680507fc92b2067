/**
 * End-to-end-encrypted sync (README.md here): the API a UI uses. The browser registers the
 * IndexedDB adapter once: `usePouchAdapter(indexeddbAdapter)` (pouchdb-adapter-indexeddb), then
 * `openLocalPouch(name, 'indexeddb')`.
 */
export { makeSiteKey, wrapSiteKey, unwrapSiteKey, pairingCode, readPairingCode, MIN_WRAP_ITERATIONS, type WrappedKey } from './crypto';
export { SITE_SETTING_KEYS, type SiteSettings, type SiteValues } from './docs';
export { SyncError, isSyncError, type SyncErrorCode } from './errors';
export { IdbRecordStore } from './idb-store';
export type { ImportStats } from './bridge';
export { MemoryRecordStore, type RecordStore } from './record-store';
export { openLocalPouch, usePouchAdapter, type PouchDb } from './pouch';
export { checkSite, fetchWrappedKey, setUpSite, openRemote, type RemoteOptions } from './remote';
export { SiteSync, type SiteSyncOptions, type SyncRound, type SyncProgress, type RoundOptions } from './site-sync';
