/**
 * Templates of an earlier face model made again by the app's model (src/db/model-upgrade.ts), in
 * batches through the vision service, with progress; cancellable between batches (what is done
 * stays done: each batch is its own transaction, and a later run goes on from there).
 */
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
