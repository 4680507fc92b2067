/**
 * The data layer (src/db) on real IndexedDB in real Chromium, through window.visageDb on the
 * lab page. Each test uses its own database name, so tests are independent.
 */
import { expect, test, type Page } from './fixtures';
import type {} from '../test/lab/lab-db';
import { DEFAULT_MODEL_ID } from '../src/db/schema';

let counter = 0;
const uniqueName = () => `visage-test-${Date.now()}-${counter++}`;

async function openDbPage(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
  return errors;
}

/** Enrols `name` with n fake samples in database `dbName`; returns the person's id. */
function enroll(page: Page, dbName: string, name: string, n = 3) {
  return page.evaluate(
    async ({ dbName, name, n }) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const samples = Array.from({ length: n }, (_, i) => ({ embedding: v.fakeEmbedding(i + 1), quality: 0.9 - i * 0.1, thumbnail: v.fakeThumbnail(`s${i}`) }));
      const person = await db.enrollPerson(name, samples);
      db.close();
      return person.id;
    },
    { dbName, name, n },
  );
}

test.describe('data layer (IndexedDB)', () => {
  test.describe.configure({ timeout: 30_000 });

  test('a large gallery loads from its packed copy, which no change to people or templates outlives', async ({ page }) => {
    const errors = await openDbPage(page);
    const dbName = uniqueName();
    const result = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const ids = await Promise.all(Array.from({ length: 1001 }, (_, i) => db.enrollPerson(`p${i}`, [{ embedding: v.fakeEmbedding(i + 1), quality: 1 }]).then((p) => p.id)));
      const packed = async () => (await db.idb.getAllKeys('settings')).map(String).filter((k) => k.startsWith('gallery.packed/'));
      // The packed copy is written in the background after a full read: wait for it (5 s at most).
      const packedSoon = async () => {
        for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) if ((await packed()).length) break;
        return packed();
      };
      const digest = (g: { id: string; personId: string; embedding: Float32Array }[]) =>
        g.map((t) => `${t.id}:${t.personId}:${Array.from(t.embedding.subarray(0, 4)).join(',')}:${t.embedding.length}`).sort().join('|');
      const before = await packed();
      const full = await db.allTemplates(v.DEFAULT_MODEL_ID);
      const afterFirst = await packedSoon();
      const fromPack = await db.allTemplates(v.DEFAULT_MODEL_ID);
      // A log entry reads its person only: the packed copy stays.
      await db.addLogEntry({ personId: ids[0]!, name: 'p0', similarity: 0.9 });
      const afterLog = await packed();
      await db.deletePerson(ids[5]!);
      const afterDelete = await packed();
      const reloaded = await db.allTemplates(v.DEFAULT_MODEL_ID);
      await db.addSamples(ids[7]!, [{ embedding: v.fakeEmbedding(5000), quality: 1 }]);
      const afterAdd = await packed();
      const withSample = await db.allTemplates(v.DEFAULT_MODEL_ID);
      db.close();
      return {
        before, afterFirst, afterLog, afterDelete, afterAdd,
        sizes: [full.length, fromPack.length, reloaded.length, withSample.length],
        same: digest(full) === digest(fromPack),
        deletedGone: !reloaded.some((t) => t.personId === ids[5]),
        person7: withSample.filter((t) => t.personId === ids[7]).length,
        sameAsFull: digest(withSample) === digest(await (async () => { const d = await v.openVisageDb(dbName); const all = await d.allTemplates(); d.close(); return all; })()),
      };
    }, dbName);
    const key = `gallery.packed/${DEFAULT_MODEL_ID}`;
    expect(result.before).toEqual([]);
    expect(result.afterFirst).toEqual([key]);
    expect(result.same).toBe(true);
    expect(result.afterLog).toEqual([key]);
    expect(result.afterDelete).toEqual([]);
    expect(result.afterAdd).toEqual([]);
    expect(result.sizes).toEqual([1001, 1001, 1000, 1001]);
    expect(result.deletedGone).toBe(true);
    expect(result.person7).toBe(2);
    expect(result.sameAsFull).toBe(true);
    expect(errors).toEqual([]);
  });

  test('enrol 3 samples: one person, 3 samples, a thumbnail; templates round-trip as Float32Array', async ({ page }) => {
    const errors = await openDbPage(page);
    const dbName = uniqueName();
    const result = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      let peopleEvents = 0;
      v.onDbChange(({ type }) => {
        if (type === 'people') peopleEvents++;
      });
      const samples = [1, 2, 3].map((s) => ({ embedding: v.fakeEmbedding(s), quality: s / 10, thumbnail: v.fakeThumbnail(`s${s}`) }));
      const person = await db.enrollPerson('  Ada Lovelace ', samples);
      const people = await db.listPeople();
      const templates = await db.getTemplates(person.id);
      const gallery = await db.allTemplates(v.DEFAULT_MODEL_ID);
      const otherModel = await db.allTemplates('some-other-model');
      const thumb = people[0]?.thumbnail;
      return {
        person,
        peopleEvents,
        people: people.map((p) => ({ ...p, thumbnail: null })),
        thumb: thumb ? { isBlob: thumb instanceof Blob, type: thumb.type, text: await thumb.text() } : null,
        templates: templates.map((t) => ({ isF32: t.embedding instanceof Float32Array, modelId: t.modelId, quality: t.quality })),
        sameValues: templates.every((t) => samples.some((s) => t.embedding!.length === 512 && t.embedding!.every((x, i) => x === s.embedding[i]))),
        gallery: gallery.map((g) => ({ personId: g.personId, isF32: g.embedding instanceof Float32Array, len: g.embedding.length })),
        otherModel: otherModel.length,
      };
    }, dbName);
    expect(result.person.name).toBe('Ada Lovelace');
    expect(result.person.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.person.createdAt).toBeGreaterThan(Date.now() - 60_000);
    expect(result.person.updatedAt).toBe(result.person.createdAt);
    expect(result.peopleEvents).toBe(1);
    expect(result.people).toHaveLength(1);
    expect(result.people[0]).toMatchObject({ id: result.person.id, name: 'Ada Lovelace', sampleCount: 3 });
    expect(result.thumb).toEqual({ isBlob: true, type: 'image/png', text: expect.stringMatching(/^\W*PNG\W*s[123]$/) });
    expect(result.templates).toHaveLength(3);
    expect(result.templates.every((t) => t.isF32 && t.modelId === 'arcface-mobilefacenet-512/mesh-align/flip')).toBe(true);
    expect(result.templates.map((t) => t.quality).sort()).toEqual([0.1, 0.2, 0.3]);
    expect(result.sameValues).toBe(true);
    expect(result.gallery).toEqual(Array(3).fill({ personId: result.person.id, isF32: true, len: 512 }));
    expect(result.otherModel).toBe(0);
    expect(errors).toEqual([]);
  });

  test('rename (Chinese + emoji); invalid names are refused and change nothing', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const id = await enroll(page, dbName, 'Grace');
    const result = await page.evaluate(
      async ({ dbName, id }) => {
        const v = window.visageDb;
        const db = await v.openVisageDb(dbName);
        const codeOf = async (f: () => Promise<unknown>) => {
          try {
            await f();
            return 'ok';
          } catch (err) {
            return err instanceof v.DbError ? err.code : `other: ${String(err)}`;
          }
        };
        const renamed = await db.renamePerson(id, ' 李小龙 🐉😀 ');
        const bad = {
          empty: await codeOf(() => db.renamePerson(id, '')),
          blank: await codeOf(() => db.renamePerson(id, ' \t  ')),
          long: await codeOf(() => db.renamePerson(id, 'x'.repeat(101))),
          newline: await codeOf(() => db.renamePerson(id, 'a\nb')),
          enrollBlank: await codeOf(() => db.enrollPerson('   ', [{ embedding: v.fakeEmbedding(9), quality: 1 }])),
          missing: await codeOf(() => db.renamePerson('no-such-id', 'Bob')),
        };
        const after = await db.listPeople();
        const hundred = await db.renamePerson(id, '字'.repeat(100));
        const arabic = await db.renamePerson(id, 'محمد');
        return { renamed: renamed.name, bad, after: after.map((p) => p.name), hundred: [...hundred.name].length, arabic: arabic.name };
      },
      { dbName, id },
    );
    expect(result.renamed).toBe('李小龙 🐉😀');
    expect(result.bad).toEqual({ empty: 'invalid-name', blank: 'invalid-name', long: 'invalid-name', newline: 'invalid-name', enrollBlank: 'invalid-name', missing: 'not-found' });
    expect(result.after).toEqual(['李小龙 🐉😀']);
    expect(result.hundred).toBe(100);
    expect(result.arabic).toBe('محمد');
  });

  test('deletePerson hides the person and its templates, keeps tombstones, removes thumbnails', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const gone = await enroll(page, dbName, 'Gone');
    const kept = await enroll(page, dbName, 'Kept', 2);
    const result = await page.evaluate(
      async ({ dbName, gone }) => {
        const v = window.visageDb;
        const db = await v.openVisageDb(dbName);
        await db.deletePerson(gone);
        const all = await db.listPeople({ includeDeleted: true });
        const tombstones = await db.getTemplates(gone, { includeDeleted: true });
        let renameCode = '';
        try {
          await db.renamePerson(gone, 'Back');
        } catch (err) {
          renameCode = (err as InstanceType<typeof v.DbError>).code;
        }
        return {
          live: (await db.listPeople()).map((p) => p.name),
          all: all.map((p) => ({ name: p.name, deleted: p.deleted ?? false, sampleCount: p.sampleCount })),
          getPerson: (await db.getPerson(gone)) ?? null,
          rawPerson: await db.idb.get('people', gone),
          liveTemplates: (await db.getTemplates(gone)).length,
          tombstones: tombstones.map((t) => ({ deleted: t.deleted, hasEmbedding: 'embedding' in t, deletedAt: t.deletedAt })),
          galleryPeople: [...new Set((await db.allTemplates()).map((t) => t.personId))],
          thumbnailsLeft: await db.idb.countFromIndex('thumbnails', 'personId', gone),
          renameCode,
        };
      },
      { dbName, gone },
    );
    expect(result.live).toEqual(['Kept']);
    expect(result.all).toEqual([
      { name: '', deleted: true, sampleCount: 0 },
      { name: 'Kept', deleted: false, sampleCount: 2 },
    ]);
    expect(result.getPerson).toBeNull();
    expect(result.rawPerson).toMatchObject({ id: gone, deleted: true, deletedAt: expect.any(Number) });
    expect(result.rawPerson!.updatedAt).toBe(result.rawPerson!.deletedAt);
    expect(result.liveTemplates).toBe(0);
    expect(result.tombstones).toEqual(Array(3).fill({ deleted: true, hasEmbedding: false, deletedAt: result.rawPerson!.deletedAt }));
    expect(result.galleryPeople).toEqual([kept]);
    expect(result.thumbnailsLeft).toBe(0);
    expect(result.renameCode).toBe('not-found');
  });

  test('a transaction failing midway, or a full disk, leaves nothing written', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const id = await enroll(page, dbName, 'Existing', 2);
    const result = await page.evaluate(
      async ({ dbName, id }) => {
        const v = window.visageDb;
        const db = await v.openVisageDb(dbName);
        const counts = async () => ({
          people: await db.idb.count('people'),
          templates: await db.idb.count('templates'),
          thumbnails: await db.idb.count('thumbnails'),
        });
        const before = await counts();
        const fail = async (f: () => Promise<unknown>) => {
          try {
            await f();
            return null;
          } catch (err) {
            return err instanceof v.DbError ? { code: err.code, message: err.message } : { code: 'other', message: String(err) };
          }
        };
        const good = (s: number) => ({ embedding: v.fakeEmbedding(s), quality: 0.5, thumbnail: v.fakeThumbnail() });
        // The person and two samples are put before the third is found malformed.
        const enrolBad = await fail(() => db.enrollPerson('Half', [good(1), good(2), { embedding: new Float32Array(191), quality: 0.5 }]));
        const addBad = await fail(() => db.addSamples(id, [good(3), { embedding: v.fakeEmbedding(4), quality: Number.NaN }]));
        const nonFinite = await fail(() => db.addSamples(id, [{ embedding: new Float32Array(v.EMBEDDING_DIM).fill(Number.NaN), quality: 1 }]));
        return { before, after: await counts(), enrolBad, addBad, nonFinite, samples: (await db.listPeople())[0]?.sampleCount };
      },
      { dbName, id },
    );
    expect(result.enrolBad?.code).toBe('invalid-sample');
    expect(result.enrolBad?.message).toContain('191');
    expect(result.addBad?.code).toBe('invalid-sample');
    expect(result.nonFinite?.code).toBe('invalid-sample');
    expect(result.after).toEqual(result.before);
    expect(result.samples).toBe(2);

    // A full disk: the browser refuses the thumbnail (after the person and template were put)
    // with a QuotaExceededError. (Chromium's CDP quota override does not reach IndexedDB in
    // Playwright's contexts, so the refusal is simulated at IDBObjectStore.add.)
    const quota = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const realAdd = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (this.name === 'thumbnails') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return realAdd.call(this, value, key);
      };
      let error: { code: string; message: string } | null = null;
      try {
        await db.enrollPerson('Too big', [{ embedding: v.fakeEmbedding(1), quality: 1, thumbnail: v.fakeThumbnail() }]);
      } catch (err) {
        error = err instanceof v.DbError ? { code: err.code, message: err.message } : { code: 'other', message: String(err) };
      } finally {
        IDBObjectStore.prototype.add = realAdd;
      }
      return { error, people: (await db.listPeople()).map((p) => p.name), templates: await db.idb.count('templates') };
    }, dbName);
    expect(quota.error?.code).toBe('quota');
    expect(quota.error?.message).toContain('Storage is full');
    expect(quota.people).toEqual(['Existing']);
    expect(quota.templates).toBe(2);
  });

  test('data survives a reload; another tab hears of changes', async ({ page, context }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const other = await context.newPage();
    await openDbPage(other);
    await other.evaluate(() => {
      const w = window as unknown as { heard: string[] };
      w.heard = [];
      window.visageDb.onDbChange(({ type, db, remote }) => {
        if (type === 'people') w.heard.push(`${db}:${remote}`);
      });
    });
    const id = await enroll(page, dbName, 'Persistent', 3);
    await other.waitForFunction((name) => (window as unknown as { heard: string[] }).heard.includes(`${name}:true`), dbName);
    await other.close();
    await page.reload();
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
    const after = await page.evaluate(async (dbName) => {
      const db = await window.visageDb.openVisageDb(dbName);
      const people = await db.listPeople();
      const gallery = await db.allTemplates();
      return { people: people.map((p) => [p.id, p.name, p.sampleCount, p.thumbnail instanceof Blob]), f32: gallery.every((t) => t.embedding instanceof Float32Array) };
    }, dbName);
    expect(after.people).toEqual([[id, 'Persistent', 3, true]]);
    expect(after.f32).toBe(true);
  });

  test('log: dedupe within 30 s, retention, queries, clear, and CSV quoting', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const result = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      let logEvents = 0;
      v.onDbChange(({ type }) => {
        if (type === 'log') logEvents++;
      });
      const t0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
      const add = (at: number, personId: string | null, name: string | null, similarity = 0.5) =>
        db.addLogEntry({ at, personId, name, similarity }, { maxEntries: 5 }).then((e) => (e ? 'added' : 'skipped'));
      const steps = [
        await add(t0, 'p1', 'Ann'),
        await add(t0 + 10_000, 'p1', 'Ann'), // same person 10 s later: skipped
        await add(t0 + 12_000, 'p2', 'Bob'), // another person: added
        await add(t0 + 13_000, null, null), // unknown: added
        await add(t0 + 20_000, null, null), // unknown again 7 s later: skipped
        await add(t0 + 30_000, 'p1', 'Ann'), // exactly 30 s later: added
        await add(t0 + 100_000, 'p1', 'Ann'),
        await add(t0 + 200_000, 'p1', 'Ann'),
      ];
      const full = await db.queryLog();
      const beforeRetention = full.map((e) => e.at - t0);
      const sixth = await add(t0 + 300_000, null, null);
      const kept = (await db.queryLog()).map((e) => e.at - t0);
      const ann = (await db.queryLog({ personId: 'p1' })).map((e) => e.at - t0);
      const unknown = (await db.queryLog({ unknownOnly: true })).map((e) => e.at - t0);
      const window_ = (await db.queryLog({ from: t0 + 30_000, to: t0 + 200_000 })).map((e) => e.at - t0);
      const noDedupe = await db.addLogEntry({ at: t0 + 300_001, personId: null, name: null, similarity: 0.1 }, { dedupeMs: 0, maxEntries: 5 });
      const csv = v.logToCsv([
        { at: t0, personId: 'p9', name: 'Smith, "Jo"', similarity: 0.61234 },
        { at: t0 + 1000, personId: null, name: null, similarity: 0.2 },
        { at: t0 + 2000, personId: 'p8', name: 'Line\nbreak', similarity: 0.9 },
      ]);
      const eventsBeforeClear = logEvents;
      await db.clearLog();
      return {
        steps, beforeRetention, sixth, kept, ann, unknown, window_, noDedupe: noDedupe !== null, csv,
        count: await db.countLog(), clearedAt: await db.getSetting<number>(v.LOG_CLEARED_AT), eventsBeforeClear, logEvents,
      };
    }, dbName);
    expect(result.steps).toEqual(['added', 'skipped', 'added', 'added', 'skipped', 'added', 'added', 'added']);
    expect(result.beforeRetention).toEqual([200_000, 100_000, 30_000, 13_000, 12_000]);
    expect(result.sixth).toBe('added');
    expect(result.kept).toEqual([300_000, 200_000, 100_000, 30_000, 13_000]);
    expect(result.ann).toEqual([200_000, 100_000, 30_000]);
    expect(result.unknown).toEqual([300_000, 13_000]);
    expect(result.window_).toEqual([200_000, 100_000, 30_000]);
    expect(result.noDedupe).toBe(true);
    expect(result.csv).toBe(
      'time,person_id,name,known,similarity,event,liveness,liveness_reason,device,device_id\r\n' +
        '2025-01-02T03:04:05.678Z,p9,"Smith, ""Jo""",yes,0.6123,recognized,,,,\r\n' +
        '2025-01-02T03:04:06.678Z,,,no,0.2000,recognized,,,,\r\n' +
        '2025-01-02T03:04:07.678Z,p8,"Line\nbreak",yes,0.9000,recognized,,,,\r\n',
    );
    expect(result.count).toBe(0);
    expect(result.clearedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(result.eventsBeforeClear).toBe(8);
    expect(result.logEvents).toBe(9);
  });

  test('log marks: liveness outcomes and enrolments are kept apart from plain recognitions, checked and exported', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const result = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const t0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
      const add = (at: number, marks: object) =>
        db.addLogEntry({ at, personId: 'p1', name: 'Ann', similarity: 0.7, ...marks }).then((e) => (e ? 'added' : 'skipped'));
      const steps = [
        await add(t0, {}),
        await add(t0 + 1000, { liveness: 'passed' }), // a plain recognition does not hide a liveness check
        await add(t0 + 2000, { liveness: 'passed' }), // the same check again: skipped
        await add(t0 + 3000, { liveness: 'failed', livenessReason: 'wrong-way' }),
        await add(t0 + 4000, { liveness: 'failed', livenessReason: 'flat' }), // another reason: added
        await add(t0 + 5000, { event: 'enrolled', liveness: 'passed' }),
      ];
      const bad = [];
      for (const marks of [{ liveness: 'maybe' }, { event: 'seen' }, { livenessReason: 'flat' }, { liveness: 'failed', livenessReason: 3 }]) {
        bad.push(await add(t0 + 9000, marks).catch((e: { code?: string }) => e.code));
      }
      const rows = (await db.queryLog()).reverse();
      const csv = v.logToCsv(rows);
      db.close();
      return { steps, bad, marks: rows.map((r) => [r.event ?? null, r.liveness ?? null, r.livenessReason ?? null]), csv };
    }, dbName);
    expect(result.steps).toEqual(['added', 'added', 'skipped', 'added', 'added', 'added']);
    expect(result.bad).toEqual(['invalid-argument', 'invalid-argument', 'invalid-argument', 'invalid-argument']);
    expect(result.marks).toEqual([
      [null, null, null],
      [null, 'passed', null],
      [null, 'failed', 'wrong-way'],
      [null, 'failed', 'flat'],
      ['enrolled', 'passed', null],
    ]);
    expect(result.csv.split('\r\n').slice(1, 6).map((l) => l.split(',').slice(5, 8).join(','))).toEqual([
      'recognized,,',
      'recognized,passed,',
      'recognized,failed,wrong-way',
      'recognized,failed,flat',
      'enrolled,passed,',
    ]);
  });

  test('settings round-trip; a v1 database opens; migrations run in order and a failing one changes nothing', async ({ page }) => {
    await openDbPage(page);
    const dbName = uniqueName();
    const result = await page.evaluate(async (dbName) => {
      const v = window.visageDb;
      // A database made by a v1 app, with the raw IndexedDB API.
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('people', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
          const templates = db.createObjectStore('templates', { keyPath: 'id' });
          templates.createIndex('personId', 'personId');
          templates.createIndex('updatedAt', 'updatedAt');
          db.createObjectStore('thumbnails', { keyPath: 'id' }).createIndex('personId', 'personId');
          const log = db.createObjectStore('log', { keyPath: 'id' });
          log.createIndex('at', 'at');
          log.createIndex('personId', 'personId');
          db.createObjectStore('settings', { keyPath: 'key' });
          const now = Date.now();
          req.transaction!.objectStore('people').add({ id: 'old-1', name: 'Old Timer', createdAt: now, updatedAt: now });
        };
        req.onsuccess = () => (req.result.close(), resolve());
        req.onerror = () => reject(req.error);
      });
      const db1 = await v.openVisageDb(dbName);
      const v1 = { version: db1.version, people: (await db1.listPeople()).map((p) => p.name) };
      await db1.setSetting('threshold', { value: 0.42 });
      const setting = await db1.getSetting('threshold');
      const fallback = await db1.getSetting('missing', 'default');
      db1.close();

      // A failing next step: the upgrade is rolled back whole.
      const next = v.MIGRATIONS.length + 1;
      const failing = [...v.MIGRATIONS, {
        version: next,
        description: 'fails halfway',
        migrate(db: Parameters<(typeof v.MIGRATIONS)[number]['migrate']>[0]) {
          db.createObjectStore('half-made');
          throw new Error('boom');
        },
      }];
      let failCode = '';
      try {
        (await v.openVisageDb(dbName, { migrations: failing })).close();
      } catch (err) {
        failCode = err instanceof v.DbError ? `${err.code}: ${err.message}` : String(err);
      }
      const still = await v.openVisageDb(dbName);
      const afterFail = { version: still.version, stores: [...still.idb.objectStoreNames] };
      still.close();

      // A working next step that backfills a field with a cursor.
      const extra = [...v.MIGRATIONS, {
        version: next,
        description: 'backfill',
        async migrate(_db: unknown, tx: Parameters<(typeof v.MIGRATIONS)[number]['migrate']>[1]) {
          for (let c = await tx.objectStore('people').openCursor(); c; c = await c.continue()) {
            await c.update({ ...(c.value as object), migrated: true });
          }
        },
      }];
      const db2 = await v.openVisageDb(dbName, { migrations: extra });
      const v2 = { version: db2.version, raw: await db2.idb.get('people', 'old-1') };
      db2.close();
      return { schema: v.SCHEMA_VERSION, v1, setting, fallback, failCode, afterFail, v2 };
    }, dbName);
    // The version-1 database is brought up to this build's schema, its person kept.
    expect(result.v1).toEqual({ version: result.schema, people: ['Old Timer'] });
    expect(result.setting).toEqual({ value: 0.42 });
    expect(result.fallback).toBe('default');
    expect(result.failCode).toContain('storage: Upgrading the database failed');
    expect(result.failCode).toContain('boom');
    expect(result.afterFail.version).toBe(result.schema);
    expect(result.afterFail.stores).not.toContain('half-made');
    expect(result.v2.version).toBe(result.schema + 1);
    expect(result.v2.raw).toMatchObject({ name: 'Old Timer', migrated: true });
  });
});
