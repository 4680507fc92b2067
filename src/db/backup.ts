/**
 * Backups: the gallery (people, templates, thumbnails, tombstones; the log if wanted) to one
 * file and back, to keep it safe or to move it to another device. The file format is in
 * backup-format.ts, the merge and replace rules in backup-merge.ts.
 *
 * An import reads, decrypts and checks the whole file before it opens its transaction, then
 * writes everything in one readwrite transaction: a bad file, a cancellation or a full disk
 * leaves the database exactly as it was.
 */
import { checkAborted, checkNewPassphrase, decodeBackup, encodeBackup, type EncodeOptions } from './backup-format';
import { planImport, type ImportMode, type ImportSummary } from './backup-merge';
import type { VisageDb } from './db';
import { notifyChange } from './events';
import { read, write, type WriteTx } from './tx';
import { markFullExport } from './sync/marks';

export interface ExportOptions extends EncodeOptions {
  /** Add the recognition log (with its face thumbnails). Default false. */
  includeLog?: boolean;
}

export interface ImportOptions {
  mode: ImportMode;
  /** Needed for an encrypted backup. */
  passphrase?: string;
  /** Aborting rejects with DbError 'aborted' and changes nothing, also once writing has begun. */
  signal?: AbortSignal;
  /** Records written so far, of all to write. */
  onProgress?: (done: number, total: number) => void;
  /** The device's log limit: afterwards the log keeps at most this many entries, the newest. Default 10,000 (the app's default). */
  maxLogEntries?: number;
}

/** Requests issued together between progress reports and cancellation checks. */
const BATCH = 200;

/** Every record (tombstones included) from one consistent snapshot, as a backup file. */
export async function exportBackup(db: VisageDb, { includeLog = false, ...options }: ExportOptions = {}): Promise<Blob> {
  checkAborted(options.signal);
  checkNewPassphrase(options.passphrase);
  const content = await read(db.idb, ['people', 'templates', 'thumbnails', 'log'], async (tx) => ({
    people: await tx.objectStore('people').getAll(),
    templates: await tx.objectStore('templates').getAll(),
    thumbnails: await tx.objectStore('thumbnails').getAll(),
    ...(includeLog ? { log: await tx.objectStore('log').getAll() } : {}),
  }));
  return encodeBackup(content, options);
}

/** The ids and times of the log's entries, by the `at` index's keys (the entries and their faces are not read). */
async function logTimes(tx: WriteTx<Array<'people' | 'templates' | 'thumbnails' | 'log' | 'settings'>>): Promise<Array<{ id: string; at: number }>> {
  const out: Array<{ id: string; at: number }> = [];
  for (let c = await tx.objectStore('log').index('at').openKeyCursor(); c; c = await c.continue()) out.push({ id: c.primaryKey, at: c.key });
  return out;
}

/**
 * Brings a backup into the database by `mode` (see backup-merge.ts), in one transaction.
 * Rejects with a DbError: 'not-a-backup', 'backup-too-large', 'backup-version',
 * 'backup-truncated', 'backup-corrupt', 'backup-passphrase', 'backup-model', 'backup-too-many',
 * 'backup-time', 'backup-too-long', 'backup-image', 'backup-name', 'aborted', or a storage error
 * such as 'quota'; in every case nothing was changed.
 */
export async function importBackup(db: VisageDb, file: Blob, { mode, passphrase, signal, onProgress, maxLogEntries = 10_000 }: ImportOptions): Promise<ImportSummary> {
  const content = await decodeBackup(file, passphrase, signal);
  checkAborted(signal);
  const summary = await write(db.idb, ['people', 'templates', 'thumbnails', 'log', 'settings'], async (tx) => {
    const plan = planImport(
      {
        people: await tx.objectStore('people').getAll(),
        templates: await tx.objectStore('templates').getAll(),
        thumbnailIds: await tx.objectStore('thumbnails').getAllKeys(),
        log: content.log ? await logTimes(tx) : [],
      },
      content,
      mode,
      Date.now(),
      maxLogEntries,
    );
    if (plan.clearLog) await tx.objectStore('log').clear();
    const writes: Array<() => Promise<unknown>> = [
      ...plan.people.map((p) => () => tx.objectStore('people').put(p)),
      ...plan.templates.map((t) => () => tx.objectStore('templates').put(t)),
      ...plan.deleteThumbnails.map((id) => () => tx.objectStore('thumbnails').delete(id)),
      ...plan.thumbnails.map((th) => () => tx.objectStore('thumbnails').put(th)),
      ...plan.deleteLog.map((id) => () => tx.objectStore('log').delete(id)),
      ...plan.log.map((e) => () => tx.objectStore('log').put(e)),
      // Erasure travels: a person deleted by this import keeps no log entry here either.
      ...plan.people.filter((p) => p.deleted).map((p) => async () => {
        for (const key of await tx.objectStore('log').index('personId').getAllKeys(p.id)) await tx.objectStore('log').delete(key);
      }),
    ];
    onProgress?.(0, writes.length);
    for (let i = 0; i < writes.length; i += BATCH) {
      // Throwing here aborts the transaction: whatever this import already wrote is undone.
      checkAborted(signal);
      await Promise.all(writes.slice(i, i + BATCH).map((w) => w()));
      onProgress?.(Math.min(i + BATCH, writes.length), writes.length);
    }
    // The records keep their old times: sync's next export must look at all of them (sync/marks.ts).
    await markFullExport(tx as unknown as WriteTx<['settings']>);
    return plan.summary;
  });
  notifyChange('people', db.name);
  notifyChange('log', db.name);
  return summary;
}
