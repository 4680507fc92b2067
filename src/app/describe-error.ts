/**
 * The one place that words an error for the user. The lower layers throw codes (DbError,
 * CameraError, ModelError) with English messages for developers; the UI shows
 * `describeError(err)`, in the current language, and never an error's own message
 * (but for an error nobody foresaw, whose message is shown after "Unexpected error:").
 */
import { BACKUP_LIMITS } from '../db/backup-limits';
import type { DbErrorCode, NameProblem } from '../db/errors';
import { MAX_NAME_LENGTH } from '../db/schema';
import type { CameraErrorCode } from '../features/camera/camera';
import type { ModelErrorCode } from '../ml/errors';
import { errorStrings } from './error-strings';
import { getLocale, registerStrings, t, type MessageKey } from './i18n';

registerStrings(errorStrings);

const DB_MESSAGES: Record<Exclude<DbErrorCode, 'invalid-name'>, MessageKey> = {
  'invalid-sample': 'error.db.invalid',
  'invalid-argument': 'error.db.invalid',
  'not-found': 'error.db.not-found',
  quota: 'error.storageFull',
  closed: 'error.db.closed',
  'newer-version': 'error.db.newer-version',
  unavailable: 'error.db.unavailable',
  storage: 'error.db.storage',
  aborted: 'error.aborted',
  'not-a-backup': 'error.not-a-backup',
  'backup-version': 'error.backup-version',
  'backup-truncated': 'error.backup-truncated',
  'backup-corrupt': 'error.backup-corrupt',
  'backup-passphrase': 'error.backup-passphrase',
  'backup-model': 'error.backup-model',
  'backup-too-large': 'error.backup-too-large',
  'backup-too-many': 'error.backup-too-many',
  'backup-time': 'error.backup-time',
  'backup-too-long': 'error.backup-too-long',
  'backup-image': 'error.backup-image',
  'backup-name': 'error.backup-name',
  'backup-passphrase-short': 'error.backup-passphrase-short',
};

const NAME_MESSAGES: Record<NameProblem, MessageKey> = {
  'not-text': 'error.name.not-text',
  empty: 'error.name.empty',
  'too-long': 'error.name.too-long',
  'control-characters': 'error.name.control-characters',
};

const CAMERA_MESSAGES: Record<CameraErrorCode, MessageKey> = {
  denied: 'error.camera.denied',
  'no-camera': 'error.camera.no-camera',
  busy: 'error.camera.busy',
  unsupported: 'error.camera.unsupported',
  ended: 'error.camera.ended',
};

const MODEL_MESSAGES: Record<ModelErrorCode, MessageKey> = {
  download: 'error.model.download',
  'no-backend': 'error.model.no-backend',
  detector: 'error.model.detector',
  load: 'error.model.load',
  'worker-crashed': 'error.model.worker-crashed',
  'worker-unstable': 'error.model.worker-unstable',
};

/** `err`'s `code` when it is an error named `name` (by name, not class: errors that crossed a worker keep their name and fields). */
function codeOf<C extends string>(err: unknown, name: string, codes: Record<C, unknown>): C | undefined {
  if (!err || typeof err !== 'object' || (err as { name?: unknown }).name !== name) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(codes, code) ? (code as C) : undefined;
}

/**
 * One or two sentences, in the current language, saying what went wrong and, where the user can
 * do something, what: for a DbError by its code (an 'invalid-name' by its `nameProblem`), a
 * CameraError or a ModelError by its code, an AbortError ("Cancelled."), a raw
 * QuotaExceededError; anything else is an "Unexpected error" with its message.
 * Components add their own context around it ("The change failed: …").
 */
export function describeError(err: unknown): string {
  if (codeOf(err, 'DbError', { ...DB_MESSAGES, 'invalid-name': 0 }) === 'invalid-name') {
    const problem = (err as { nameProblem?: NameProblem }).nameProblem;
    return t(problem && Object.hasOwn(NAME_MESSAGES, problem) ? NAME_MESSAGES[problem] : 'error.name.invalid', { max: MAX_NAME_LENGTH });
  }
  const db = codeOf(err, 'DbError', DB_MESSAGES);
  if (db) return t(DB_MESSAGES[db], Object.fromEntries(Object.entries(BACKUP_LIMITS).map(([k, n]) => [k, n.toLocaleString(getLocale())])));
  const camera = codeOf(err, 'CameraError', CAMERA_MESSAGES);
  if (camera) return t(CAMERA_MESSAGES[camera]);
  const model = codeOf(err, 'ModelError', MODEL_MESSAGES);
  if (model) return t(MODEL_MESSAGES[model]);
  const name = err && typeof err === 'object' && 'name' in err ? err.name : undefined;
  if (name === 'AbortError') return t('error.cancelled');
  if (name === 'QuotaExceededError') return t('error.storageFull');
  const message = err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' ? err.message : '';
  const detail = message || (typeof name === 'string' && name) || String(err);
  return t('error.unknown', { detail: detail.replace(/[.。]\s*$/, '') });
}
