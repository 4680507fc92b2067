/**
 * The live view's gallery (gallery-pack.ts, galleryMeans) on the app's real database code
 * (VisageDb over fake-indexeddb): one normalised mean template per live person, the same as the
 * engine makes from every sample (matcher.ts, meanTemplates); its packed copy written when asked,
 * read back the same, and dropped by the next change.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { meanTemplates } from '../ml/matcher';
import { PACK_MIN, packedKeys } from './gallery-pack';
import { openVisageDb } from './index';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM } from './schema';
import { embedding } from '../../test/support/sync-devices';

const packedCount = async (db: Awaited<ReturnType<typeof openVisageDb>>) => (await db.idb.getAllKeys('settings', packedKeys())).length;

describe('galleryMeans', () => {
  it('is one mean template per live person, as the engine makes it from every sample', async () => {
    const db = await openVisageDb(`means-${crypto.randomUUID()}`);
    const ann = await db.enrollPerson('Ann', [{ embedding: embedding(1), quality: 1 }, { embedding: embedding(2), quality: 1 }]);
    const bob = await db.enrollPerson('Bob', [{ embedding: embedding(3), quality: 1 }]);
    const gone = await db.enrollPerson('Gone', [{ embedding: embedding(4), quality: 1 }]);
    await db.deletePerson(gone.id);
    const [dropped] = await db.addSamples(bob.id, [{ embedding: embedding(5), quality: 1 }]);
    await db.deleteTemplate(dropped!);

    const means = await db.galleryMeans(DEFAULT_MODEL_ID);
    const expected = meanTemplates(await db.allTemplates(DEFAULT_MODEL_ID), EMBEDDING_DIM);
    expect(means.map((m) => m.personId).sort()).toEqual([ann.id, bob.id].sort());
    for (const e of expected) {
      const m = means.find((x) => x.personId === e.personId)!;
      expect(Array.from(m.embedding)).toEqual(Array.from(e.embedding));
    }
    // Bob's one live sample is his mean (normalised); Ann's two average.
    expect(Math.hypot(...means.find((m) => m.personId === ann.id)!.embedding)).toBeCloseTo(1, 5);
    db.close();
  });

  it('writes its packed copy when asked to prepare it, reads it back the same, and drops it at the next change', async () => {
    const db = await openVisageDb(`means-pack-${crypto.randomUUID()}`);
    for (let i = 0; i < PACK_MIN; i++) await db.enrollPerson(`P${i}`, [{ embedding: embedding(i + 1), quality: 1 }]);
    expect(await packedCount(db)).toBe(0);
    const full = await db.galleryMeans(DEFAULT_MODEL_ID, true);
    expect(full).toHaveLength(PACK_MIN);
    expect(await packedCount(db)).toBe(1);
    const packed = await db.galleryMeans(DEFAULT_MODEL_ID);
    expect(packed.map((m) => [m.personId, Array.from(m.embedding)])).toEqual(full.map((m) => [m.personId, Array.from(m.embedding)]));
    await db.enrollPerson('One more', [{ embedding: embedding(PACK_MIN + 1), quality: 1 }]);
    expect(await packedCount(db)).toBe(0);
    expect(await db.galleryMeans(DEFAULT_MODEL_ID)).toHaveLength(PACK_MIN + 1);
    db.close();
  }, 60_000);
});
