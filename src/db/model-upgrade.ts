/**
 * When the app's face model changes, the stored templates of the old one cannot be compared with
 * new embeddings (another model id): each is made again from its thumbnail — the aligned face crop
 * it was embedded from — by the new model, and replaced in place (same id, person and creation
 * time, a new `updatedAt`), so that nobody has to be enrolled again. A template without a thumbnail
 * cannot be made again; it stays as it was and is left out of the gallery (allTemplates(modelId)).
 * This module finds the stale templates and writes the new embeddings; the vision service makes them.
 */
import type { VisageDb } from './db';
import { notifyChange } from './events';
import type { LiveTemplateRecord } from './schema';
import { read, write } from './tx';
import { validateModelId, validateSample } from './validate';

/** A live template of another model than `modelId`, with its thumbnail when it has one. */
export interface StaleTemplate {
  id: string;
  personId: string;
  modelId: string;
  thumbnail: Blob | null;
}

/** Every live template of a live person whose model is not `modelId`, oldest first. */
export async function staleTemplates(db: VisageDb, modelId: string): Promise<StaleTemplate[]> {
  return read(db.idb, ['people', 'templates', 'thumbnails'], async (tx) => {
    const people = new Set((await tx.objectStore('people').getAll()).filter((p) => !p.deleted).map((p) => p.id));
    const stale = (await tx.objectStore('templates').getAll()).filter(
      (t): t is LiveTemplateRecord => !t.deleted && people.has(t.personId) && t.modelId !== modelId,
    );
    stale.sort((a, b) => a.createdAt - b.createdAt);
    const thumbnails = tx.objectStore('thumbnails');
    return Promise.all(stale.map(async (t) => ({ id: t.id, personId: t.personId, modelId: t.modelId, thumbnail: (await thumbnails.get(t.id))?.blob ?? null })));
  });
}

/**
 * Gives templates the embeddings `modelId` made of their thumbnails, in one transaction (each one
 * checked as a new sample is). A template deleted or already of `modelId` meanwhile is left alone.
 * Returns how many were replaced.
 */
export async function replaceEmbeddings(db: VisageDb, updates: ReadonlyArray<{ id: string; embedding: ArrayLike<number> }>, modelId: string): Promise<number> {
  validateModelId(modelId);
  const checked = updates.map((u, i) => ({ id: u.id, embedding: validateSample({ embedding: Array.from(u.embedding), quality: 0 }, i).embedding }));
  const now = Date.now();
  const replaced = await write(db.idb, ['templates'], async (tx) => {
    let n = 0;
    for (const { id, embedding } of checked) {
      const t = await tx.objectStore('templates').get(id);
      if (!t || t.deleted || t.modelId === modelId) continue;
      await tx.objectStore('templates').put({ ...t, embedding, modelId, updatedAt: Math.max(now, t.updatedAt + 1) });
      n++;
    }
    return n;
  });
  if (replaced) notifyChange('people', db.name);
  return replaced;
}
