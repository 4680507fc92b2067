/**
 * Errors of sync as codes (the style of ../errors.ts): the UI words a SyncError by its `code`; the
 * English `message` is for developers. Kept apart from DbErrorCode so that the UI's exhaustive
 * table of database messages (src/app/describe-error.ts) needs no change until sync has a UI.
 */
export type SyncErrorCode =
  /** This device's site key does not open the site's data on the server (another site's key). */
  | 'sync-key'
  /** The passphrase does not open the wrapped site key (a pairing code, or the server's copy). */
  | 'sync-passphrase'
  /** A passphrase for a new wrapped key is shorter than allowed. */
  | 'sync-passphrase-short'
  /** A pairing code is not one this app made (mistyped, cut short, another format version). */
  | 'sync-pairing'
  /** The server holds no wrapped key or key check for this site (no device has set it up). */
  | 'sync-no-key'
  /** The server cannot be reached (down, offline, wrong address). */
  | 'sync-unreachable'
  /** The server refused the credentials (HTTP 401 or 403). */
  | 'sync-auth'
  /** The site's database does not exist on the server. */
  | 'sync-no-database'
  /** The server sent a document that does not decrypt or is not a valid record: refused, nothing written. */
  | 'sync-refused'
  /** Any other failure of the server or of replication. */
  | 'sync-server';

export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export const isSyncError = (err: unknown, code?: SyncErrorCode): err is SyncError =>
  err instanceof SyncError && (code === undefined || err.code === code);

const field = (err: unknown, key: string): unknown => (err && typeof err === 'object' && key in err ? (err as Record<string, unknown>)[key] : undefined);

/** Maps what PouchDB's http adapter or fetch throws to a SyncError (a SyncError stays as it is). */
export function toSyncError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  const status = field(err, 'status');
  const detail = err instanceof Error ? err.message : String(field(err, 'message') ?? field(err, 'reason') ?? err);
  if (status === 401 || status === 403) return new SyncError('sync-auth', `The server refused the credentials (${detail}).`, { cause: err });
  if (status === 404) return new SyncError('sync-no-database', `The site's database is not on the server (${detail}).`, { cause: err });
  if (typeof status === 'number' && status >= 400) return new SyncError('sync-server', `The server failed (HTTP ${status}: ${detail}).`, { cause: err });
  // fetch's TypeError ("fetch failed"), PouchDB's 'unknown' error without a status, a refused connection.
  return new SyncError('sync-unreachable', `The server cannot be reached (${detail}).`, { cause: err });
}
