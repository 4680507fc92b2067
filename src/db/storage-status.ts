/**
 * The storage's health, app-wide: the data layer reports here when the storage itself fails (full,
 * closed under the app, refused), whichever part of the app was writing; one banner in the shell
 * listens and says what to do, while each part keeps its own message about what it was doing.
 *
 *   const stop = onStorageProblem((problem) => { ... }); // called at once with the current one
 */
import type { DbError } from './errors';

export type StorageProblem =
  /** The browser refused to store more (QuotaExceededError): the device or the site's quota is full. */
  | 'quota'
  /** Another tab wants a newer database (an update of the app) and is waiting for this one to let go. */
  | 'blocked'
  /** This tab's connection was closed so that another tab could upgrade or delete the database: reload. */
  | 'closed'
  /** Another tab upgraded the database to a newer schema than this app's: reload to run the newer app. */
  | 'newer'
  /** The browser closed the database on its own: the site's data was cleared (by the user, or evicted to free space) or the disk failed. */
  | 'lost'
  /** IndexedDB is missing or refuses to open (some private modes): nothing can be stored. */
  | 'unavailable';

/** The most serious first: the banner shows the first problem present. */
const SEVERITY: readonly StorageProblem[] = ['unavailable', 'lost', 'newer', 'closed', 'blocked', 'quota'];

const present = new Set<StorageProblem>();
const listeners = new Set<(problem: StorageProblem | null) => void>();

/** The most serious storage problem now, or null. */
export function storageProblem(): StorageProblem | null {
  return SEVERITY.find((p) => present.has(p)) ?? null;
}

/** Calls `listener` with the current problem now and whenever it changes; returns the unsubscribe. */
export function onStorageProblem(listener: (problem: StorageProblem | null) => void): () => void {
  listeners.add(listener);
  listener(storageProblem());
  return () => void listeners.delete(listener);
}

function changed(update: () => void): void {
  const before = storageProblem();
  update();
  const now = storageProblem();
  if (now !== before) for (const listener of listeners) listener(now);
}

/** Records a problem (the data layer calls this; so may tests). */
export function reportStorageProblem(problem: StorageProblem): void {
  changed(() => present.add(problem));
}

/** A problem is over (a write went through again, the database opened). */
export function storageRecovered(...problems: StorageProblem[]): void {
  changed(() => problems.forEach((p) => present.delete(p)));
}

const PROBLEM_OF: Partial<Record<DbError['code'], StorageProblem>> = { quota: 'quota', closed: 'closed', 'newer-version': 'newer', unavailable: 'unavailable' };

/** Reports `err` when it is a failure of the storage itself (not of the caller's input); returns it. */
export function reportIfStorageProblem(err: DbError): DbError {
  const problem = PROBLEM_OF[err.code];
  if (problem) reportStorageProblem(problem);
  return err;
}
