/**
 * A change of the app's face model keeps the gallery (src/app/model-upgrade.ts): templates stored
 * by an earlier model are made again from their thumbnails by the app's model, in batches with
 * progress; cancelling keeps what was done, and a later run goes on from there. Real photos
 * enrolled through the app, real IndexedDB, the real model in its worker.
 */
import { expect, test } from './fixtures';
import type {} from '../test/lab/lab';
import type {} from '../test/lab/lab-db';
import { enrollPerson, photo } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { openLab } from './lab';
import { DEFAULT_MODEL_ID, EARLIER_MODEL_ID } from '../src/db/schema';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

const EARLIER = EARLIER_MODEL_ID;

/**
 * Gives every template of the app's database the earlier app model's id and a 192-value
 * embedding, as that model left them, and forgets that this gallery was brought to the app's model.
 */
async function makeEarlier(page: import('@playwright/test').Page): Promise<void> {
  await openLab(page);
  await page.evaluate(async (earlier) => {
    const db = await window.visageDb.openVisageDb('visage');
    const tx = db.idb.transaction(['templates', 'settings'], 'readwrite');
    for (const [i, t] of (await tx.objectStore('templates').getAll()).entries()) {
      if (!t.deleted) await tx.objectStore('templates').put({ ...t, modelId: earlier, embedding: window.visageDb.fakeEmbedding(i + 1, 192) });
    }
    await tx.objectStore('settings').delete('model.upgradedTo');
    await tx.done;
    db.close();
  }, EARLIER);
}

test.describe('a face model change', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 120_000 });

  test('templates of an earlier model are made again from their thumbnails, with progress; cancelling keeps what was done', async ({ page }) => {
    await page.goto('/index.html#enroll');
    await enrollPerson(page, 'Ada Example', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
    await enrollPerson(page, 'Bo Example', ['knn/train/biden/biden.jpg', 'knn/train/biden/biden2.jpg', 'knn/train/rose_leslie/img1.jpg']);
    await openLab(page);
    // As an earlier model would have left them: another id and embeddings unlike the app's; one
    // template lost its thumbnail, another's is not an image.
    const originals = await page.evaluate(async (earlier) => {
      const db = await window.visageDb.openVisageDb('visage');
      const tx = db.idb.transaction(['templates', 'thumbnails'], 'readwrite');
      const templates = (await tx.objectStore('templates').getAll()).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      const out: Record<string, number[]> = {};
      for (const [i, t] of templates.entries()) {
        if (t.deleted) continue;
        out[t.id] = Array.from(t.embedding);
        await tx.objectStore('templates').put({ ...t, modelId: earlier, embedding: window.visageDb.fakeEmbedding(i + 1, 192) });
      }
      await tx.objectStore('thumbnails').delete(templates[0]!.id);
      const broken = (await tx.objectStore('thumbnails').get(templates[1]!.id))!;
      await tx.objectStore('thumbnails').put({ ...broken, blob: window.visageDb.fakeThumbnail() });
      await tx.done;
      db.close();
      return { all: out, noThumbnail: templates[0]!.id, unreadable: templates[1]!.id };
    }, EARLIER);
    expect(Object.keys(originals.all)).toHaveLength(5);

    // Until they are made again, the live recognizer's gallery holds none of them.
    expect(await page.evaluate(() => window.visage.gallerySnapshot())).toEqual({ rows: 0, valuesPerRow: 0 });
    // 4 have a thumbnail (oldest first, the unreadable one first), one at a time, cancelled after 2.
    const first = await page.evaluate(() => window.visage.upgradeTemplates(1, 2));
    expect(first).toMatchObject({ total: 4, done: 2, withoutThumbnail: 1, unreadable: 1, cancelled: true });
    expect(first.progress).toEqual([{ done: 0, total: 4 }, { done: 1, total: 4 }, { done: 2, total: 4 }]);
    // A later run goes on with what is left (the unreadable one is tried again, and left alone).
    const second = await page.evaluate(() => window.visage.upgradeTemplates(2));
    expect(second).toMatchObject({ total: 3, done: 3, withoutThumbnail: 1, unreadable: 1, cancelled: false });
    const third = await page.evaluate(() => window.visage.upgradeTemplates(8));
    expect(third).toMatchObject({ total: 1, done: 1, unreadable: 1 });

    const after = await page.evaluate(async (current) => {
      const db = await window.visageDb.openVisageDb('visage');
      const templates = await db.idb.getAll('templates');
      const gallery = await db.allTemplates(current);
      db.close();
      return { templates: templates.map((t) => ({ id: t.id, modelId: t.modelId, embedding: t.deleted ? [] : Array.from(t.embedding), renewed: t.updatedAt > t.createdAt })), gallery: gallery.length };
    }, DEFAULT_MODEL_ID);
    const cos = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    for (const t of after.templates) {
      if (t.id === originals.noThumbnail || t.id === originals.unreadable) {
        expect(t).toMatchObject({ modelId: EARLIER, renewed: false });
        continue;
      }
      // Made again by the app's model from the JPEG of the crop it was first embedded from.
      expect(t.modelId).toBe(DEFAULT_MODEL_ID);
      expect(t.renewed).toBe(true);
      expect(cos(t.embedding, originals.all[t.id]!)).toBeGreaterThan(0.98);
    }
    // The app's gallery holds the 3 made again (Bo's), not the 2 left as they were (Ada's); the live
    // recognizer's holds one mean template per person: Bo's alone.
    expect(after.gallery).toBe(3);
    expect(await page.evaluate(() => window.visage.gallerySnapshot())).toEqual({ rows: 1, valuesPerRow: 512 });
  });

  test('the app opens with an earlier model\'s templates: a banner shows the update, then the person is recognized', async ({ baseURL }) => {
    const camera = await makeFakeCameraFile(photo('obama.jpg'));
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'Ada Example', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await makeEarlier(page);
      await page.goto('/index.html#live');
      const banner = page.locator('visage-upgrade-banner');
      await expect(banner.getByRole('status').locator('p')).toHaveText('The saved faces were updated for the new face model (2).', { timeout: 60_000 });
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('Ada Example', { timeout: 60_000 });
      await banner.getByRole('button', { name: 'OK' }).click();
      await expect(banner.getByRole('status')).toHaveCount(0);
      // Opened again: nothing left to do, nothing said.
      await page.reload();
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('Ada Example', { timeout: 60_000 });
      await expect(banner.getByRole('status')).toHaveCount(0);
    });
  });

  test("a backup made before the model changed is imported, and its faces are made again from their pictures", async ({ baseURL }) => {
    const camera = await makeFakeCameraFile(photo('obama.jpg'));
    const file = await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'Ada Example', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await makeEarlier(page);
      const b64 = await page.evaluate(async () => {
        const db = await window.visageDb.openVisageDb('visage');
        const out = await window.visageDb.toBase64(await window.visageDb.exportBackup(db, {}));
        db.close();
        return out;
      });
      return Buffer.from(b64, 'base64');
    });
    // Another device (a fresh browser) on the app's model: the file is read, not refused.
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#settings');
      const panel = page.locator('visage-backup-panel');
      await panel.getByLabel('Backup file').setInputFiles({ name: 'earlier.visage', mimeType: 'application/octet-stream', buffer: file });
      await panel.getByRole('radio', { name: /^Merge:/ }).check();
      await panel.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(panel.locator('[data-message=import]')).toContainText('People: 1 added');
      const banner = page.locator('visage-upgrade-banner');
      await expect(banner.getByRole('status').locator('p')).toHaveText('The saved faces were updated for the new face model (2).', { timeout: 60_000 });
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('Ada Example', { timeout: 60_000 });
    });
  });
});
