/**
 * Templates of an earlier face model made again by the app's model (src/db/model-upgrade.ts), in
 * batches through the vision service, with progress; cancellable between batches (what is done
 * stays done: each batch is its own transaction, and a later run goes on from there).
 *
 * The app runs it through `startModelUpgrade` (once when it opens, again after a backup import)
 * and shows `$modelUpgrade` (upgrade-banner.ts). A run that made templates again and ended without
 * being stopped records the model id it brought the gallery to (setting 'model.upgradedTo'), so
 * that later starts do not read every template again to find nothing; an import starts one anyway.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { replaceEmbeddings, staleTemplates } from '../db/model-upgrade';
import { DEFAULT_MODEL_ID } from '../db/schema';
import { getDb } from './services';
import { getVision } from './vision';

/** Crops per round trip to the vision service (default). */
const BATCH = 8;

export interface UpgradeProgress {
  done: number;
  /** The stale templates that have a thumbnail (the others cannot be made again). */
  total: number;
}

export interface UpgradeResult extends UpgradeProgress {
  /** Stale templates with no thumbnail: left as they are, out of the gallery. */
  withoutThumbnail: number;
  /** Thumbnails that could not be read as images (their templates are left as they are). */
  unreadable: number;
  cancelled: boolean;
}

export async function upgradeTemplates(options: { onProgress?: (p: UpgradeProgress) => void; signal?: AbortSignal; batch?: number } = {}): Promise<UpgradeResult> {
  const size = Math.max(1, options.batch ?? BATCH);
  const db = await getDb();
  const stale = await staleTemplates(db, DEFAULT_MODEL_ID);
  const work = stale.filter((t) => t.thumbnail !== null);
  const result: UpgradeResult = { done: 0, total: work.length, withoutThumbnail: stale.length - work.length, unreadable: 0, cancelled: false };
  if (work.length === 0) return result;
  const vision = await getVision();
  options.onProgress?.({ done: 0, total: work.length });
  for (let i = 0; i < work.length; i += size) {
    if (options.signal?.aborted) return { ...result, cancelled: true };
    const batch = work.slice(i, i + size);
    const embeddings = await vision.api.embedAligned(batch.map((t) => t.thumbnail!));
    const made = batch.flatMap((t, k) => (embeddings[k] ? [{ id: t.id, embedding: embeddings[k] }] : []));
    result.unreadable += batch.length - made.length;
    await replaceEmbeddings(db, made, DEFAULT_MODEL_ID);
    result.done += batch.length;
    options.onProgress?.({ done: result.done, total: work.length });
  }
  return result;
}

export type UpgradePhase =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'ended'; result: UpgradeResult }
  | { kind: 'failed'; error: unknown };

const phase = atom<UpgradePhase>({ kind: 'idle' });
/** Where the model upgrade of this page is: written here only. */
export const $modelUpgrade: ReadableAtom<UpgradePhase> = phase;
const UPGRADED_KEY = 'model.upgradedTo';
let running: AbortController | null = null;

/**
 * Starts the model upgrade unless one is running; `always`: even when the gallery was brought to
 * the app's model before (a backup import may have added templates of an earlier one).
 */
export function startModelUpgrade(options: { always?: boolean } = {}): void {
  if (running) return;
  const abort = (running = new AbortController());
  void (async () => {
    try {
      const db = await getDb();
      if (!options.always && (await db.getSetting<string>(UPGRADED_KEY)) === DEFAULT_MODEL_ID) return;
      const result = await upgradeTemplates({ signal: abort.signal, onProgress: ({ done, total }) => phase.set({ kind: 'running', done, total }) });
      const found = result.total + result.withoutThumbnail > 0;
      phase.set(found ? { kind: 'ended', result } : { kind: 'idle' });
      // Recorded only after real work: a write at every first start upset the storage-full check.
      if (found && !result.cancelled) await db.setSetting(UPGRADED_KEY, DEFAULT_MODEL_ID);
    } catch (error) {
      phase.set({ kind: 'failed', error });
    } finally {
      running = null;
    }
  })();
}

/** Stops the running upgrade after its current batch. */
export function cancelModelUpgrade(): void {
  running?.abort();
}

/** Hides what the last run said (nothing while one runs). */
export function dismissModelUpgrade(): void {
  if (phase.get().kind !== 'running') phase.set({ kind: 'idle' });
}
