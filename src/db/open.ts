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
}

/** Opens (creating or upgrading) the database `name`. */
export async function openVisageDb(name = 'visage', { migrations = MIGRATIONS }: OpenOptions = {}): Promise<VisageDb> {
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
      // forever. This tab can then no longer read or write: it must be reloaded.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        reportStorageProblem('closed');
      },
      // Closed by the browser: the site's data was cleared (or evicted), or the disk failed.
      terminated() {
        reportStorageProblem('lost');
      },
    });
    storageRecovered('blocked', 'unavailable');
    listenToOtherTabs();
    return new VisageDb(idb, name);
  } catch (err) {
    storageRecovered('blocked');
    if (upgradeError !== undefined) {
      throw new DbError('storage', `Upgrading the database failed, nothing was changed: ${String(upgradeError)}`, { cause: upgradeError });
    }
    if (err instanceof DOMException && err.name === 'VersionError') {
      throw new DbError('storage', `The stored database is newer than this app (schema ${version}); update the app.`, { cause: err });
    }
    const mapped = toDbError(err);
    if (mapped.code === 'quota') throw reportIfStorageProblem(mapped);
    throw reportIfStorageProblem(new DbError('unavailable', `The database could not be opened: ${String(err)}`, { cause: err }));
  }
}
