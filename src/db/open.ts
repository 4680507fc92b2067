/** Opening (creating or upgrading) the Visage database, and what its failures to open mean. */
import { openDB } from 'idb';
import { VisageDb } from './db';
import { DbError, toDbError } from './errors';
import { listenToOtherTabs } from './events';
import { reportIfStorageProblem, reportStorageProblem, storageRecovered } from './storage-status';
import { MIGRATIONS, type Migration, type VisageSchema, checkMigrations, runMigrations } from './schema';

export interface OpenOptions {
  /** The schema steps (tests pass extra ones); defaults to MIGRATIONS. */
  migrations?: readonly Migration[];
  /** Called when the connection was closed to let another tab upgrade or delete the database. */
  onStale?: () => void;
}

/** Opens (creating or upgrading) the database `name`. */
export async function openVisageDb(name = 'visage', { migrations = MIGRATIONS, onStale }: OpenOptions = {}): Promise<VisageDb> {
  if (typeof indexedDB === 'undefined') throw reportIfStorageProblem(new DbError('unavailable', 'This browser offers no IndexedDB storage.'));
  const version = checkMigrations(migrations);
  let upgradeError: unknown;
  try {
    const idb = await openDB<VisageSchema>(name, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        const untypedDb = db as unknown as Parameters<Migration['migrate']>[0];
        const untypedTx = tx as unknown as Parameters<Migration['migrate']>[1];
        runMigrations(migrations, untypedDb, untypedTx, oldVersion, newVersion ?? version).catch((err: unknown) => {
          upgradeError = err;
          try {
            tx.abort();
          } catch {
            // Already aborted.
          }
        });
      },
      // Another tab holds the database open at an older version and does not let go.
      blocked() {
        reportStorageProblem('blocked');
      },
      // Another tab wants a newer schema (or deletes the database): let it, rather than block it
      // forever. This connection is then stale: a newer schema needs a newer app (this tab must be
      // reloaded); after a deletion, the next open (sharedConnection) starts afresh.
      blocking(_current, next, event) {
        (event.target as IDBDatabase).close();
        onStale?.();
        if (next !== null && next > version) reportStorageProblem('newer');
      },
      // Closed by the browser: the site's data was cleared (or evicted), or the disk failed.
      terminated() {
        reportStorageProblem('lost');
      },
    });
    storageRecovered('blocked', 'unavailable', 'closed', 'newer');
    listenToOtherTabs();
    return new VisageDb(idb, name);
  } catch (err) {
    storageRecovered('blocked');
    if (upgradeError !== undefined) {
      throw new DbError('storage', `Upgrading the database failed, nothing was changed: ${String(upgradeError)}`, { cause: upgradeError });
    }
    if (err instanceof DOMException && err.name === 'VersionError') {
      const newer = new DbError('newer-version', `The stored database is newer than this app (schema ${version}); reload to run the newer app.`, { cause: err });
      throw reportIfStorageProblem(newer);
    }
    const mapped = toDbError(err);
    if (mapped.code === 'quota') throw reportIfStorageProblem(mapped);
    throw reportIfStorageProblem(new DbError('unavailable', `The database could not be opened: ${String(err)}`, { cause: err }));
  }
}

/**
 * One shared connection to `name`, opened on first use. When it goes stale (another tab upgraded
 * or deleted the database) or fails to open, the next call opens it again: after a deletion that
 * succeeds (a fresh database); after an upgrade to a newer schema it fails with 'newer-version'
 * until the page runs the newer app.
 */
export function sharedConnection(name: string, options: Omit<OpenOptions, 'onStale'> = {}): () => Promise<VisageDb> {
  let current: Promise<VisageDb> | null = null;
  const open = (): Promise<VisageDb> => {
    const forget = () => {
      if (current === opening) current = null;
    };
    const opening: Promise<VisageDb> = openVisageDb(name, { ...options, onStale: forget }).catch((err: unknown) => {
      forget();
      throw err;
    });
    return opening;
  };
  return () => (current ??= open());
}
