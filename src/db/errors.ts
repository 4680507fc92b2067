/**
 * Typed errors of the data layer, so the UI can tell "storage full" from "bad name". The UI words
 * an error by its `code` (and `nameProblem`), in its own language (src/app/describe-error.ts); the
 * English `message` is for developers: logs and tests.
 */

export type DbErrorCode =
  /** The name is empty, too long or holds control characters. */
  | 'invalid-name'
  /** A sample's embedding, quality, model id or thumbnail is malformed. */
  | 'invalid-sample'
  /** A log entry or another argument is malformed. */
  | 'invalid-argument'
  /** The person or template does not exist (or was deleted). */
  | 'not-found'
  /** The browser refused to store more (QuotaExceededError). */
  | 'quota'
  /** The database was closed (e.g. another tab upgraded it); reload the page. */
  | 'closed'
  /** The stored database has a newer schema than this app (a newer version runs in another tab): reload. */
  | 'newer-version'
  /** IndexedDB is missing or refused to open (e.g. some private modes). */
  | 'unavailable'
  /** Any other storage failure. */
  | 'storage'
  /** The long operation was cancelled through its AbortSignal; nothing was changed. */
  | 'aborted'
  /** The file is not a Visage backup at all. */
  | 'not-a-backup'
  /** The backup was written by a newer version of Visage (a newer backup format). */
  | 'backup-version'
  /** The backup file ends early (an interrupted download or copy). */
  | 'backup-truncated'
  /** The backup file's bytes were changed (its checksum or its encryption's tag does not match). */
  | 'backup-corrupt'
  /** The backup is encrypted and the passphrase is missing or wrong. */
  | 'backup-passphrase'
  /** The backup's templates come from another face model (model id or embedding size). */
  | 'backup-model'
  /** The backup file is larger than any backup may be (backup-schema.ts, MAX_BACKUP_BYTES). */
  | 'backup-too-large'
  /** The backup holds more people, samples, thumbnails or log entries than allowed. */
  | 'backup-too-many'
  /** A time in the backup is not finite, before 2020 or in the future (beyond a day's clock skew). */
  | 'backup-time'
  /** A text in the backup (an id, a reason, a consent note, an image) is longer than its field allows. */
  | 'backup-too-long'
  /** A face image in the backup is not a JPEG or PNG (by its bytes). */
  | 'backup-image'
  /** A name in the backup breaks the name rules of typed input (validateName). */
  | 'backup-name'
  /** A backup's passphrase is shorter than 8 characters (when making an encrypted backup). */
  | 'backup-passphrase-short';

/** Why a name was refused (DbError 'invalid-name'). */
export type NameProblem = 'not-text' | 'empty' | 'too-long' | 'control-characters';

export class DbError extends Error {
  override name = 'DbError';
  /** For 'invalid-name': what is wrong with the name. */
  readonly nameProblem: NameProblem | undefined;
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown; nameProblem?: NameProblem },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.nameProblem = options?.nameProblem;
  }
}

export const isDbError = (err: unknown, code?: DbErrorCode): err is DbError =>
  err instanceof DbError && (code === undefined || err.code === code);

const domName = (err: unknown): string | undefined =>
  err && typeof err === 'object' && 'name' in err && typeof err.name === 'string' ? err.name : undefined;

/** Maps anything thrown by IndexedDB (or by our own checks) to a DbError. */
export function toDbError(err: unknown): DbError {
  if (err instanceof DbError) return err;
  const name = domName(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'QuotaExceededError':
      return new DbError(
        'quota',
        'Storage is full: the browser refused to save more data. Delete some people or clear the log, then try again. Nothing was saved.',
        { cause: err },
      );
    case 'InvalidStateError':
      return new DbError('closed', `The database is closed (it may have been upgraded in another tab); reload the page. (${detail})`, {
        cause: err,
      });
    default:
      return new DbError('storage', `Storage failed: ${detail}`, { cause: err });
  }
}
