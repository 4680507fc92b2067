/**
 * Transactions that either commit whole or leave nothing, with errors mapped to DbError; failures
 * of the storage itself (full, closed) are also reported to storage-status.ts.
 */
import type { IDBPTransaction } from 'idb';
import { toDbError } from './errors';
import { GENERATION_KEY, changesGallery, packedKeys } from './gallery-pack';
import type { StoreName, VisageIdb, VisageSchema } from './schema';
import { reportIfStorageProblem, storageRecovered } from './storage-status';

export type WriteTx<S extends StoreName[]> = IDBPTransaction<VisageSchema, S, 'readwrite'>;
export type ReadTx<S extends StoreName[]> = IDBPTransaction<VisageSchema, S, 'readonly'>;

/** One transaction of either mode: `fn`'s result once it commits; on any error, aborted and mapped. */
async function run<S extends StoreName[], M extends IDBTransactionMode, T>(
  db: VisageIdb,
  stores: S,
  mode: M,
  fn: (tx: IDBPTransaction<VisageSchema, S, M>) => Promise<T>,
): Promise<T> {
  let tx: IDBPTransaction<VisageSchema, S, M>;
  try {
    tx = db.transaction(stores, mode);
  } catch (err) {
    throw reportIfStorageProblem(toDbError(err));
  }
  try {
    const result = await fn(tx);
    await tx.done;
    if (mode === 'readwrite') storageRecovered('quota');
    return result;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already aborted (a failed request aborts it) or finished.
    }
    await tx.done.catch(() => undefined);
    throw reportIfStorageProblem(toDbError(err));
  }
}

/**
 * Runs `fn` in one readwrite transaction over `stores`. If `fn` throws (a check failing halfway,
 * a request failing, QuotaExceededError), the transaction is aborted, so nothing it wrote stays.
 * `fn` must await only IndexedDB requests of `tx` (anything else lets the transaction commit
 * early), and should await every request it makes. A write over people or templates also deletes
 * the packed copies of the gallery and renews its generation token in the same transaction
 * (gallery-pack.ts): no packed copy outlives a change.
 */
export function write<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
  if (!changesGallery(stores)) return run(db, stores, 'readwrite', fn);
  const scope = (stores.includes('settings') ? stores : [...stores, 'settings']) as S;
  return run(db, scope, 'readwrite', async (tx) => {
    const settings = (tx as unknown as WriteTx<['settings']>).objectStore('settings');
    await settings.delete(packedKeys());
    await settings.put({ key: GENERATION_KEY, value: crypto.randomUUID(), updatedAt: Date.now() });
    return fn(tx);
  });
}

/**
 * A readwrite transaction that leaves the packed gallery alone: for one that only reads people or
 * templates (a log entry checks its person), and for gallery-pack.ts, which writes the packed copy.
 */
export function writeKeepingGallery<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
  return run(db, stores, 'readwrite', fn);
}

/** Runs `fn` in one readonly transaction (a consistent snapshot of `stores`). */
export function read<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: ReadTx<S>) => Promise<T>): Promise<T> {
  return run(db, stores, 'readonly', fn);
}
