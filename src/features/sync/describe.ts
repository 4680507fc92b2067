/**
 * Sync's errors in words: every SyncError code (src/db/sync/errors.ts) has its text in English
 * and Chinese. Reads the code only, so that this module does not pull the sync code (PouchDB)
 * into the page's first bundle.
 */
import { t, type MessageKey } from '../../app/i18n';
import type { SyncErrorCode } from '../../db/sync';

/** Each code's text; the compiler checks that every code of SyncErrorCode has one. */
const MESSAGES: Record<SyncErrorCode | 'csp', MessageKey> = {
  'sync-key': 'sync.err.sync-key',
  'sync-passphrase': 'sync.err.sync-passphrase',
  'sync-passphrase-short': 'sync.err.sync-passphrase-short',
  'sync-pairing': 'sync.err.sync-pairing',
  'sync-no-key': 'sync.err.sync-no-key',
  'sync-unreachable': 'sync.err.sync-unreachable',
  'sync-auth': 'sync.err.sync-auth',
  'sync-no-database': 'sync.err.sync-no-database',
  'sync-refused': 'sync.err.sync-refused',
  'sync-server': 'sync.err.sync-server',
  csp: 'sync.err.csp',
};

/** A sync failure in the UI's language: an error thrown, or the status's `{ code, detail }`. */
export function describeSyncError(err: unknown): string {
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : '';
  const key = Object.hasOwn(MESSAGES, code) ? MESSAGES[code as keyof typeof MESSAGES] : null;
  if (key) return t(key);
  const detail = err && typeof err === 'object' && 'detail' in err ? String(err.detail) : err instanceof Error ? err.message : String(err);
  return t('sync.err.other', { error: detail });
}
