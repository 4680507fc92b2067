/** Transactions that either commit whole or leave nothing, with errors mapped to DbError. */
import type { IDBPTransaction } from 'idb';
import { toDbError } from './errors';
import type { StoreName, VisageIdb, VisageSchema } from './schema';

export type WriteTx<S extends StoreName[]> = IDBPTransaction<VisageSchema, S, 'readwrite'>;
export type ReadTx<S extends StoreName[]> = IDBPTransaction<VisageSchema, S, 'readonly'>;

/**
 * Runs `fn` in one readwrite transaction over `stores`. If `fn` throws (a check failing halfway,
 * a request failing, QuotaExceededError), the transaction is aborted, so nothing it wrote stays.
 * `fn` must await only IndexedDB requests of `tx` (anything else lets the transaction commit
 * early), and should await every request it makes.
 */
export async function write<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
  let tx: WriteTx<S>;
  try {
    tx = db.transaction(stores, 'readwrite');
  } catch (err) {
    throw toDbError(err);
  }
  try {
    const result = await fn(tx);
    await tx.done;
    return result;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already aborted (a failed request aborts it) or finished.
    }
    await tx.done.catch(() => undefined);
    throw toDbError(err);
  }
}

/** Runs `fn` in one readonly transaction (a consistent snapshot of `stores`). */
export async function read<S extends StoreName[], T>(db: VisageIdb, stores: S, fn: (tx: ReadTx<S>) => Promise<T>): Promise<T> {
  let tx: ReadTx<S>;
  try {
    tx = db.transaction(stores, 'readonly');
  } catch (err) {
    throw toDbError(err);
  }
  try {
    const result = await fn(tx);
    await tx.done;
    return result;
  } catch (err) {
    await tx.done.catch(() => undefined);
    throw toDbError(err);
  }
}
