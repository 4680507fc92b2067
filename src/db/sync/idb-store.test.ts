/**
 * The bridge on the app's real database code (VisageDb over fake-indexeddb in Node): two devices
 * sync through a real pouchdb-server; what the views read (listPeople, allTemplates, queryLog,
 * settings) follows.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPouchServer, type PouchServer } from '../../../scripts/lib/pouch-server';
import { openVisageDb, type VisageDb } from '../index';
import { DEFAULT_MODEL_ID } from '../schema';
import { makeSiteKey } from './crypto';
import { APP_SETTINGS_KEY, IdbRecordStore } from './idb-store';
import { openLocalPouch } from './pouch';
import { setUpSite, openRemote } from './remote';
import { SiteSync } from './site-sync';
import { embedding, jpeg } from '../../../test/support/sync-devices';

let server: PouchServer;
beforeAll(async () => {
  server = await startPouchServer();
});
afterAll(() => server?.stop());

async function idbDevice(name: string, url: string, key: CryptoKey): Promise<{ db: VisageDb; sync: SiteSync }> {
  const db = await openVisageDb(`${name}-${crypto.randomUUID()}`);
  const local = openLocalPouch(`${name}-pouch-${crypto.randomUUID()}`, 'memory');
  return { db, sync: new SiteSync({ url, key, local, store: new IdbRecordStore(db), modelId: DEFAULT_MODEL_ID, deviceId: name }) };
}

describe('sync on the IndexedDB database', () => {
  it('enrolment, log and site settings reach B; a deletion on B reaches A; local settings stay local', async () => {
    const url = await server.createDb(`idb-${crypto.randomUUID()}`);
    const key = await makeSiteKey();
    await setUpSite(openRemote({ url }, key).db, key);
    const a = await idbDevice('A', url, key);
    const b = await idbDevice('B', url, key);

    const ann = await a.db.enrollPerson('Ann Example', [
      { embedding: embedding(1), quality: 0.9, thumbnail: jpeg('one') },
      { embedding: embedding(2), quality: 0.8, thumbnail: jpeg('two') },
    ]);
    await a.db.addLogEntry({ personId: ann.id, name: 'Ann Example', similarity: 0.6, thumbnail: jpeg('seen') });
    await a.db.setSetting(APP_SETTINGS_KEY, { threshold: 0.33, cameraId: 'camera-of-A', logRetentionDays: 9 });
    await a.sync.syncOnce();
    await b.sync.syncOnce();

    const people = await b.db.listPeople();
    expect(people.map((p) => [p.name, p.sampleCount])).toEqual([['Ann Example', 2]]);
    expect(await people[0]!.thumbnail?.text()).toMatch(/one|two/);
    expect((await b.db.allTemplates(DEFAULT_MODEL_ID)).map((t) => t.embedding.length)).toEqual([512, 512]);
    expect((await b.db.queryLog()).map((e) => e.name)).toEqual(['Ann Example']);
    expect(await b.db.getSetting(APP_SETTINGS_KEY)).toEqual({ threshold: 0.33, logRetentionDays: 9 });

    // A changes a site setting; B then changes only its camera: A's change still wins on B.
    await a.db.setSetting(APP_SETTINGS_KEY, { threshold: 0.4, cameraId: 'camera-of-A', logRetentionDays: 9 });
    await a.sync.syncOnce();
    await new Promise((r) => setTimeout(r, 2));
    await b.db.setSetting(APP_SETTINGS_KEY, { threshold: 0.33, cameraId: 'camera-of-B', logRetentionDays: 9 });
    await b.sync.syncOnce();
    expect(await b.db.getSetting(APP_SETTINGS_KEY)).toEqual({ threshold: 0.4, cameraId: 'camera-of-B', logRetentionDays: 9 });

    await b.db.deletePerson(ann.id);
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    expect(await a.db.listPeople()).toEqual([]);
    expect(await a.db.allTemplates()).toEqual([]);
    expect(await a.db.queryLog()).toEqual([]);
    expect((await a.db.getPerson(ann.id))?.name ?? '').toBe('');
    a.db.close();
    b.db.close();
  });
});
