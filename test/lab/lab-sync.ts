/**
 * `window.visageBenchSync` on the lab page: the fresh device of `npm run bench:sync`. It joins a
 * site as the app does (the pairing code opened with its one-time passphrase, the site checked),
 * then runs the app's own sync rounds (src/features/sync/sync-runtime.ts: PouchDB on IndexedDB,
 * the app's database through IdbRecordStore), and times the gallery load of the live view
 * (`loadGallerySnapshot`, src/app/services.ts) on what arrived.
 */
import { getDb, loadGallerySnapshot } from '../../src/app/services';
import { DEFAULT_MODEL_ID } from '../../src/db/schema';
import { packedKeys } from '../../src/db/gallery-pack';
import type { SyncConfig } from '../../src/features/sync/config';
import type { SyncProgress } from '../../src/db/sync';

type Runtime = typeof import('../../src/features/sync/sync-runtime');

/** One round, timed, with when each step began (ms from the round's start) and the last progress of each. */
export interface TimedRound {
  ms: number;
  steps: Partial<Record<SyncProgress['step'], { startMs: number; done: number; pending?: number }>>;
  progressReports: number;
  exported: number;
  pushed: number;
  pulled: number;
  applied: number;
}

let runner: Awaited<ReturnType<Runtime['Runner']['open']>> | null = null;
let latest: SyncProgress | null = null;

async function timedRound(): Promise<TimedRound> {
  if (!runner) throw new Error('Call join() first');
  const steps: TimedRound['steps'] = {};
  let progressReports = 0;
  const t0 = performance.now();
  const round = await runner.round({
    onProgress: (p) => {
      latest = p;
      progressReports++;
      const at = steps[p.step]?.startMs ?? performance.now() - t0;
      steps[p.step] = { startMs: at, done: p.done, ...(p.pending !== undefined ? { pending: p.pending } : {}) };
    },
  });
  return { ms: performance.now() - t0, steps, progressReports, exported: round.exported, pushed: round.pushed, pulled: round.pulled, applied: round.imported.applied };
}

const api = {
  /** Joins the site with a pairing code (as Settings → Sync → Join does); ms the key and the site check took. */
  async join(config: SyncConfig, code: string, passphrase: string): Promise<number> {
    const t0 = performance.now();
    const runtime: Runtime = await import('../../src/features/sync/sync-runtime');
    const key = await runtime.openPairing(code, passphrase);
    runner = await runtime.Runner.open(config, key, 'bench-device-b');
    await runner.setUp({ ...config, phase: 'join' }, key);
    return performance.now() - t0;
  },
  round: timedRound,
  /** The running round's latest progress report. */
  progress: () => latest,
  /** What waits to be sent (the panel's "changes wait to be sent"). */
  pending: () => runner!.pending(),
  /** Renames one person here, through the app's database. */
  async rename(personId: string, name: string): Promise<void> {
    await (await getDb()).renamePerson(personId, name);
  },
  /**
   * People and live samples of the app's model in the app's database (read without a model id:
   * `allTemplates(model)` would also write a packed copy of every sample, which the app never reads,
   * and that write would hold up the gallery load measured next).
   */
  async counts(): Promise<{ people: number; templates: number }> {
    const db = await getDb();
    return { people: await db.countPeople(), templates: (await db.allTemplates()).filter((t) => t.modelId === DEFAULT_MODEL_ID).length };
  },
  /** Whether the packed copy of the gallery (src/db/gallery-pack.ts, written after a full load) is stored. */
  async packed(): Promise<boolean> {
    return (await (await getDb()).idb.count('settings', packedKeys())) > 0;
  },
  /** ms until the live view's gallery is loaded (the first call on a freshly loaded page opens the database too), and its rows. */
  async galleryLoad(): Promise<{ ms: number; rows: number }> {
    const t0 = performance.now();
    const { personIds } = await loadGallerySnapshot();
    return { ms: performance.now() - t0, rows: personIds.length };
  },
};

declare global {
  interface Window {
    visageBenchSync: typeof api;
  }
}
window.visageBenchSync = api;
