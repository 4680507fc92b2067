/**
 * Transactions that either commit whole or leave nothing, with errors mapped to DbError; failures
 * of the storage itself (full, closed) are also reported to storage-status.ts.
 */
import type { IDBPTransaction } from 'idb';
import { toDbError } from './errors';
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
 * early), and should await every request it makes.
 */
export function write<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
  return run(db, stores, 'readwrite', fn);
}

/** Runs `fn` in one readonly transaction (a consistent snapshot of `stores`). */
export function read<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: ReadTx<S>) => Promise<T>): Promise<T> {
  return run(db, stores, 'readonly', fn);
}
