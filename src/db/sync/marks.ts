/**
 * The mark by which src/db asks sync for a full export: a restored backup writes records with
 * their old times, which an export of the records changed since its last checkpoint (by
 * `updatedAt`) would pass over. Set in the same transaction as such a write; the bridge clears
 * it (idb-store.ts `exported`) once a full export has sent everything.
 */
import type { WriteTx } from '../tx';

/** The settings record of the mark; its value is a fresh random token each time. */
export const EXPORT_ALL_KEY = 'sync.exportAll';

/** Asks the next sync export for every record (inside the caller's write transaction). */
export async function markFullExport(tx: WriteTx<['settings']>): Promise<void> {
  await tx.objectStore('settings').put({ key: EXPORT_ALL_KEY, value: crypto.randomUUID(), updatedAt: Date.now() });
}
