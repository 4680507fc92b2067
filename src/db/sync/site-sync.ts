/**
 * One device's sync with its site: records → local PouchDB → (encrypted) server → local PouchDB →
 * records. `syncOnce` runs one full round; a UI calls it on a timer or after each change, and can
 * show its result (what went where, conflicts settled, samples of another model refused) and its
 * error's code (errors.ts).
 */
import { exportRecords, importDocs, pendingRecords, type ImportStats } from './bridge';
import { SyncError, toSyncError } from './errors';
import { Pouch, type PouchDb, type ReplicationResult } from './pouch';
import type { RecordStore } from './record-store';
import { checkSite, openRemote, type RemoteOptions, type RemoteState } from './remote';

export interface SiteSyncOptions extends RemoteOptions {
  /** The site key (crypto.ts): from this device's own setup, a pairing code or the server's wrapped copy. */
  key: CryptoKey;
  /** The device's local PouchDB (adapter indexeddb in the browser, memory in tests). */
  local: PouchDb;
  store: RecordStore;
  modelId: string;
  deviceId: string;
}

/**
 * Where a running round is: its step, and how far it got: `done` records looked at (export) or
 * documents read (push, pull, import); `pending`, when known, what is left (pull: as the server
 * says; export: exactly; import: at most, from the changes feed's sequence numbers).
 */
export interface SyncProgress {
  step: 'check' | 'export' | 'push' | 'pull' | 'import';
  done: number;
  pending?: number;
}

/** What one call of `syncOnce` may ask: progress reports, and a signal that cancels the round. */
export interface RoundOptions {
  onProgress?: (p: SyncProgress) => void;
  /** Aborting cancels the replication under way; the round then rejects with an AbortError DOMException. */
  signal?: AbortSignal;
}

export interface SyncRound {
  /** Documents written into the local PouchDB from this device's records. */
  exported: number;
  pushed: number;
  pulled: number;
  imported: ImportStats;
}

/** Documents per replication batch (one request and one bulk write each). */
export const REPLICATION_BATCH = 500;

/** Throws an AbortError when `signal` was aborted (a cancelled round stops between its steps). */
function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The sync round was cancelled.', 'AbortError');
}

export class SiteSync {
  readonly remote: PouchDb;
  private readonly state: RemoteState;
  private checked = false;
  private running: Promise<SyncRound> | null = null;

  constructor(private readonly options: SiteSyncOptions) {
    const { db, state } = openRemote(options, options.key);
    this.remote = db;
    this.state = state;
  }

  /** Replicates one way; a document the transform refused makes the error 'sync-refused'. */
  private async replicate(source: PouchDb, target: PouchDb, step: 'push' | 'pull', opts: RoundOptions): Promise<ReplicationResult> {
    this.state.refused = null;
    let result: ReplicationResult;
    const rep = Pouch.replicate(source, target, { batch_size: REPLICATION_BATCH });
    rep.on('change', (info) => opts.onProgress?.({ step, done: info.docs_read, ...(typeof info.pending === 'number' ? { pending: info.pending } : {}) }));
    const cancel = () => rep.cancel();
    opts.signal?.addEventListener('abort', cancel);
    try {
      result = await rep;
    } catch (err) {
      aborted(opts.signal);
      throw this.state.refused ?? toSyncError(err);
    } finally {
      opts.signal?.removeEventListener('abort', cancel);
    }
    aborted(opts.signal);
    if (this.state.refused) throw this.state.refused;
    if (!result.ok || result.doc_write_failures > 0) {
      throw new SyncError('sync-server', `Replication failed: ${result.doc_write_failures} documents not written (${String(result.errors[0] ?? result.status)}).`);
    }
    return result;
  }

  /**
   * One round. Errors (as SyncError): 'sync-unreachable', 'sync-auth', 'sync-no-database',
   * 'sync-no-key', 'sync-key' (before anything is sent), 'sync-refused' (the server's documents
   * fail decryption or the checks: none of the refused is written), 'sync-server'. The device's
   * records are never changed by a failed round except by the valid documents it applied.
   */
  syncOnce(opts: RoundOptions = {}): Promise<SyncRound> {
    // One round at a time: a call during a round waits for it (its changes go in the next one).
    this.running ??= this.round(opts).finally(() => (this.running = null));
    return this.running;
  }

  private async round(opts: RoundOptions): Promise<SyncRound> {
    const step = (s: SyncProgress['step']) => {
      aborted(opts.signal);
      opts.onProgress?.({ step: s, done: 0 });
    };
    step('check');
    if (!this.checked) {
      await checkSite(this.remote, this.options.key);
      this.checked = true;
    }
    step('export');
    const exported = await exportRecords({ ...this.options, onProgress: (done, total) => opts.onProgress?.({ step: 'export', done, pending: total - done }) });
    step('push');
    const push = await this.replicate(this.options.local, this.remote, 'push', opts);
    step('pull');
    const pull = await this.replicate(this.remote, this.options.local, 'pull', opts);
    step('import');
    const imported = await importDocs({
      ...this.options,
      onProgress: (done, pending) => opts.onProgress?.({ step: 'import', done, ...(pending !== undefined ? { pending } : {}) }),
    });
    return { exported, pushed: push.docs_written, pulled: pull.docs_written, imported };
  }

  /** Records changed on this device since its last export: what waits to be sent (cheap: counted by index). */
  pending(): Promise<number> {
    return pendingRecords(this.options.local, this.options.store);
  }

  /** Drops the local PouchDB's old revisions (their bodies: names, embeddings, faces) after an erasure. */
  async compactLocal(): Promise<void> {
    await this.options.local.compact();
  }

  async close(): Promise<void> {
    await this.remote.close();
  }
}
