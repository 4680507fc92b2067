/**
 * Erasure and retention in real Chromium on the built app, real IndexedDB, real models:
 * - two people enrolled from photos, recognised by the camera (so the log holds their names and
 *   faces), one deleted and one erased through People: then no IndexedDB database of the origin
 *   (every store, every record, every nested field, blobs read as text) and no new backup holds
 *   either name;
 * - an older database (schema 1) with named tombstones and their log entries is upgraded: the
 *   names and the entries are gone;
 * - log retention: entries older than the settings are deleted when the app starts, and when a
 *   setting is shortened.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import type {} from '../test/lab/lab-db';
import { enrollPerson, photo, storedRecords } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

/** Every IndexedDB database of the page's origin, every store's keys and records, as one JSON text (blobs as their text, typed arrays as arrays), and localStorage. */
function dumpEverything(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const plain = async (v: unknown): Promise<unknown> => {
      if (v instanceof Blob) return `blob ${v.type}: ${await v.text()}`;
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
      if (Array.isArray(v)) return Promise.all(v.map(plain));
      if (v && typeof v === 'object') return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await plain(x)])));
      return v;
    };
    const out: Record<string, unknown> = { localStorage: { ...localStorage } };
    for (const { name } of await indexedDB.databases()) {
      const db = await req(indexedDB.open(name!));
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store);
        const [keys, records] = await Promise.all([req(tx.objectStore(store).getAllKeys()), req(tx.objectStore(store).getAll())]);
        out[`${name}/${store}`] = await plain({ keys, records });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

/** The stores (database/store, or localStorage) of a dump from `dumpEverything` whose text holds `text`. */
const holding = (dump: string, text: string) =>
  Object.entries(JSON.parse(dump) as Record<string, unknown>)
    .filter(([, v]) => JSON.stringify(v).includes(text))
    .map(([k]) => k);

/** Opens the lab page, whose window.visageDb reaches the app's database (the same origin). */
async function openLabDb(page: Page) {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
}

/** The keys of the app's log, sorted. */
const logKeys = async (page: Page) => (await storedRecords<string>(page, 'log', true)).sort();

test.describe('privacy', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 240_000 });

  test('a deleted and an erased person: their names are nowhere in IndexedDB nor in a new backup', async ({ baseURL }, info) => {
    const deleted = 'Quillon Deleted-Vasquez';
    const erased = 'Marisol Erased-Trembley';
    const camera = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#enroll');
      await enrollPerson(page, deleted, ['knn/train/obama/obama.jpg']);
      await enrollPerson(page, erased, ['knn/train/biden/biden.jpg']);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const list = page.locator('visage-live-view').getByTestId('recognized');
      await expect(list).toContainText(deleted, { timeout: 60_000 });
      await expect(list).toContainText(erased, { timeout: 30_000 });
      // The log holds both, with their faces (written in the background).
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      const log = page.locator('visage-log-view');
      await expect(log.locator('tbody tr', { hasText: deleted }).first()).toBeVisible({ timeout: 30_000 });
      await expect(log.locator('tbody tr', { hasText: erased }).first()).toBeVisible({ timeout: 30_000 });
      const before = await dumpEverything(page);
      expect(holding(before, deleted)).toEqual(['visage/log', 'visage/people']);
      expect(holding(before, erased)).toEqual(['visage/log', 'visage/people']);

      await page.getByRole('link', { name: 'People', exact: true }).click();
      const people = page.locator('visage-people-view');
      const ids = Object.fromEntries(
        await Promise.all([deleted, erased].map(async (n) => [n, await people.locator('li', { hasText: n }).getAttribute('data-person')] as const)),
      );
      await people.getByRole('button', { name: `Delete ${deleted}` }).click();
      await expect(people.locator('wa-dialog')).toContainText(`Delete ${deleted} and all their samples? Their log entries are deleted too.`);
      await people.locator('wa-dialog [data-confirm]').click();
      await people.getByRole('button', { name: `Erase everything about ${erased}` }).click();
      await expect(people.locator('wa-dialog')).toContainText(`Erase everything about ${erased}`);
      await people.locator('wa-dialog [data-confirm]').click();
      await expect(people.locator('li')).toHaveCount(0);
      await expect(people).toContainText('Nobody is enrolled yet.');

      const after = await dumpEverything(page);
      expect(holding(after, deleted)).toEqual([]);
      expect(holding(after, erased)).toEqual([]);
      // The dump does see what is left: both tombstones (their ids), the deleted one's template tombstone.
      const rows = JSON.parse(after) as Record<string, { records: Array<Record<string, unknown>> }>;
      const tombstones = rows['visage/people']!.records.map((p): Record<string, unknown> => ({ ...p, createdAt: 0, updatedAt: 0, deletedAt: 0 }));
      expect(tombstones.sort((a, b) => String(a['id']).localeCompare(String(b['id'])))).toEqual(
        [ids[deleted]!, ids[erased]!].sort().map((id) => ({ id, name: '', createdAt: 0, updatedAt: 0, deleted: true, deletedAt: 0 })),
      );
      expect(rows['visage/templates']!.records.map((t) => [t['personId'], t['deleted'], 'embedding' in t])).toEqual([[ids[deleted], true, false]]);
      expect(rows['visage/thumbnails']!.records).toEqual([]);
      expect(rows['visage/log']!.records.filter((e) => e['personId'] !== null)).toEqual([]);

      // A new backup, with the log, through the Settings view.
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const panel = page.locator('visage-backup-panel');
      await panel.getByRole('checkbox', { name: 'Include the recognition log' }).check({ force: true });
      const download = page.waitForEvent('download');
      await panel.getByRole('button', { name: 'Export backup' }).click();
      const path = info.outputPath('after-erasure.visage');
      await (await download).saveAs(path);
      const file = readFileSync(path, 'utf8');
      expect(file).toContain(ids[deleted]!);
      expect(file).not.toContain(deleted);
      expect(file).not.toContain(erased);
    });
  });

  test('an older database (schema 1): its tombstones lose their names, the log its entries of deleted people; the rest are of an unknown device', async ({ page }) => {
    const dbName = `visage-privacy-${Date.now()}`;
    // Made by the schema 1 migration alone, holding what the app kept before erasure existed.
    await openLabDb(page);
    const after = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const old = await v.openVisageDb(dbName, { migrations: v.MIGRATIONS.slice(0, 1) });
      const t = { createdAt: 1, updatedAt: 2 };
      await old.idb.put('people', { id: 'gone', name: 'Oldname Tombstoned', ...t, deleted: true, deletedAt: 2, consent: { who: 'Oldname', when: 1, how: 'form' } });
      await old.idb.put('people', { id: 'kept', name: 'Keptname Alive', ...t });
      for (const [id, personId, name] of [['l1', 'gone', 'Oldname Tombstoned'], ['l2', 'kept', 'Keptname Alive'], ['l3', null, null], ['l4', 'nobody', 'Absent Person']] as const) {
        await old.idb.put('log', { id, at: 5, personId, name, similarity: 0.7 });
      }
      const oldVersion = old.version;
      old.close();
      const db = await v.openVisageDb(dbName);
      const out = { oldVersion, version: db.version, people: await db.idb.getAll('people'), log: (await db.idb.getAll('log')).map((e) => [e.id, e.device === undefined ? 'absent' : e.device]).sort() };
      db.close();
      return out;
    }, dbName);
    expect(after).toEqual({
      oldVersion: 1,
      version: 3,
      people: [
        { id: 'gone', name: '', createdAt: 1, updatedAt: 2, deleted: true, deletedAt: 2 },
        { id: 'kept', name: 'Keptname Alive', createdAt: 1, updatedAt: 2 },
      ],
      log: [
        ['l2', null],
        ['l3', null],
      ],
    });
  });

  test('log retention: entries older than the settings go when the app starts, and when a setting is shortened', async ({ page }) => {
    const now = Date.now();
    await openLabDb(page);
    const ids = await page.evaluate(async (now) => {
      const v = window.visageDb;
      const db = await v.openVisageDb('visage');
      const p = await db.enrollPerson('Retained Person', [{ embedding: v.fakeEmbedding(1), quality: 1 }]);
      const add = async (personId: string | null, days: number) =>
        (await db.addLogEntry({ personId, name: personId && 'Retained Person', similarity: 0.7, at: now - days * 86_400_000, thumbnail: v.fakeThumbnail() }, { dedupeMs: 0 }))!.id;
      const out = { known40: await add(p.id, 40), known10: await add(p.id, 10), unknown10: await add(null, 10), unknown1: await add(null, 1) };
      db.close();
      return out;
    }, now);
    expect(await logKeys(page)).toEqual(Object.values(ids).sort());

    // The app starts (defaults: 30 days known, 7 days unknown).
    await page.goto('/index.html#settings');
    const view = page.locator('visage-settings-view');
    await expect(view.getByLabel('Keep entries of known people for (days)')).toHaveValue('30');
    await expect(view.getByLabel('Keep entries of unknown faces, with their pictures, for (days)')).toHaveValue('7');
    await expect.poll(() => logKeys(page)).toEqual([ids.known10, ids.unknown1].sort());

    // Shortened to 5 days: the 10-day-old entry goes at once.
    await view.getByLabel('Keep entries of known people for (days)').fill('5');
    await view.getByLabel('Keep entries of known people for (days)').press('Enter');
    await view.getByLabel('Keep entries of known people for (days)').blur();
    await expect.poll(() => logKeys(page)).toEqual([ids.unknown1]);
    await expect(view.getByLabel('Keep entries of known people for (days)')).toHaveValue('5');
  });
});
