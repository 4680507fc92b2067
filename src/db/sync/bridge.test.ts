/**
 * The bridge's incremental export and batched import on the app's real database code (VisageDb
 * over fake-indexeddb) and local PouchDBs in memory: no server needed.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openVisageDb, type VisageDb } from '../index';
import { DEFAULT_MODEL_ID } from '../schema';
import { EXPORT_BATCH, exportRecords, IMPORT_BATCH, importDocs, pendingRecords } from './bridge';
import { IdbRecordStore } from './idb-store';
import { EXPORT_ALL_KEY } from './marks';
import { openLocalPouch, Pouch, type Doc, type PouchDb } from './pouch';
import { embedding, jpeg } from '../../../test/support/sync-devices';

interface Side {
  db: VisageDb;
  store: IdbRecordStore;
  local: PouchDb;
  writes: Doc[][];
}

async function side(name: string): Promise<Side> {
  const db = await openVisageDb(`${name}-${crypto.randomUUID()}`);
  const local = openLocalPouch(`${name}-pouch-${crypto.randomUUID()}`, 'memory');
  const writes: Doc[][] = [];
  const bulk = local.bulkDocs.bind(local) as (...args: unknown[]) => Promise<never>;
  // PouchDB's own put calls bulkDocs too (with other arguments): only the bridge's calls are noted.
  vi.spyOn(local, 'bulkDocs').mockImplementation((...args: unknown[]) => {
    if (Array.isArray(args[0])) writes.push(args[0] as Doc[]);
    return bulk(...args);
  });
  return { db, store: new IdbRecordStore(db), local, writes };
}

const exportOf = (s: Side, onProgress?: (done: number, total: number) => void) => exportRecords({ local: s.local, store: s.store, modelId: DEFAULT_MODEL_ID, deviceId: 'A', ...(onProgress ? { onProgress } : {}) });
const ids = (docs: Doc[][]) => docs.flat().map((d) => d._id);

/** Waits until the clock has moved past now (a change is then later than the export before it). */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await Promise.resolve();
}

async function enrolMany(db: VisageDb, people: number, samples: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < people; i += 50) {
    const batch = Array.from({ length: Math.min(50, people - i) }, (_, j) =>
      db.enrollPerson(`Person ${i + j}`, Array.from({ length: samples }, (_, k) => ({ embedding: embedding(i + j + k), quality: 0.9, thumbnail: jpeg(`${i + j}/${k}`) }))),
    );
    out.push(...(await Promise.all(batch)).map((p) => p.id));
  }
  return out;
}

describe('incremental export', () => {
  it('the first export sends everything in batches with progress; the next ones only what changed since', async () => {
    const a = await side('A');
    const people = await enrolMany(a.db, 130, 5);
    await a.db.addLogEntry({ personId: people[0]!, name: 'Person 0', similarity: 0.7 });
    const progress: Array<[number, number]> = [];
    expect(await exportOf(a, (done, total) => progress.push([done, total]))).toBe(130 + 650 + 1);
    // People, then templates, each in batches of EXPORT_BATCH: never more in one bulkDocs.
    expect(Math.max(...a.writes.map((w) => w.length))).toBeLessThanOrEqual(EXPORT_BATCH);
    expect(a.writes.filter((w) => w[0]!._id.startsWith('t:')).length).toBe(Math.ceil(650 / EXPORT_BATCH));
    expect(progress[0]).toEqual([0, 781]);
    expect(progress.at(-1)).toEqual([781, 781]);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((x, y) => x - y));
    expect(await pendingRecords(a.local, a.store)).toBe(0);

    // Nothing changed: the store is asked only for records since the checkpoint, and nothing is written.
    const changed = vi.spyOn(a.store, 'changed');
    a.writes.length = 0;
    expect(await exportOf(a)).toBe(0);
    expect(changed.mock.calls[0]![0]).toEqual(expect.any(Number));
    expect(a.writes).toEqual([]);

    await nextMillisecond();
    await a.db.renamePerson(people[7]!, 'Renamed Seven');
    expect(await pendingRecords(a.local, a.store)).toBe(1);
    expect(await exportOf(a)).toBe(1);
    expect(ids(a.writes)).toEqual([`p:${people[7]}`]);
    expect((await a.local.get(`p:${people[7]}`)).name).toBe('Renamed Seven');
    await nextMillisecond();
    expect(await pendingRecords(a.local, a.store)).toBe(0);
  });

  it('a deletion sends the tombstones and deletes the person’s log documents', async () => {
    const a = await side('A');
    const [ann, bob] = await enrolMany(a.db, 2, 2);
    await a.db.addLogEntry({ personId: ann!, name: 'Person 0', similarity: 0.7 });
    await a.db.addLogEntry({ personId: bob!, name: 'Person 1', similarity: 0.7 });
    await exportOf(a);
    a.writes.length = 0;
    await a.db.deletePerson(ann!);
    expect(await exportOf(a)).toBe(1 + 2 + 1);
    const docs = a.writes.flat();
    expect(docs.find((d) => d._id === `p:${ann}`)).toMatchObject({ deleted: true, name: '' });
    expect(docs.filter((d) => d._id.startsWith('t:')).every((d) => d['deleted'] === true && d['embedding'] === undefined)).toBe(true);
    expect(docs.filter((d) => d._id.startsWith('l:')).map((d) => d._deleted)).toEqual([true]);
    const { rows } = await a.local.allDocs({ startkey: 'l:', endkey: 'l:\uffff' });
    expect(rows).toHaveLength(1);
  });

  it('a change written while an export runs goes in the next one', async () => {
    const a = await side('A');
    const [ann] = await enrolMany(a.db, 1, 1);
    await exportOf(a);
    const read = a.store.changed.bind(a.store);
    // The rename commits after this export read the records: it is not in this export...
    vi.spyOn(a.store, 'changed').mockImplementationOnce(async (since) => {
      const records = await read(since);
      await a.db.renamePerson(ann!, 'Late Rename');
      return records;
    });
    a.writes.length = 0;
    expect(await exportOf(a)).toBe(0);
    // ...but in the next.
    expect(await exportOf(a)).toBe(1);
    expect((await a.local.get(`p:${ann}`)).name).toBe('Late Rename');
  });

  it('a restored backup (its records keep their old times) asks for one full export', async () => {
    const a = await side('A');
    const [ann] = await enrolMany(a.db, 1, 1);
    await exportOf(a);
    const doc = await a.local.get(`p:${ann}`);
    await a.local.put({ _id: doc._id, _rev: doc._rev!, _deleted: true });
    // What importBackup writes in its transaction (marks.ts); the export then looks at every record.
    await a.db.setSetting(EXPORT_ALL_KEY, 'restored');
    expect(await exportOf(a)).toBe(1);
    expect(await a.db.getSetting(EXPORT_ALL_KEY)).toBeUndefined();
    expect(await exportOf(a)).toBe(0);
  });
});

describe('batched import', () => {
  it('imports in batches, one transaction each, with progress up to the total', async () => {
    const a = await side('A');
    const b = await side('B');
    await enrolMany(a.db, 120, 5);
    await exportOf(a);
    await Pouch.replicate(a.local, b.local);
    const apply = vi.spyOn(b.store, 'apply');
    const progress: Array<[number, number | undefined]> = [];
    const stats = await importDocs({ local: b.local, store: b.store, modelId: DEFAULT_MODEL_ID, onProgress: (done, pending) => progress.push([done, pending]) });
    expect(stats).toMatchObject({ changes: 720, applied: 720, refused: 0 });
    expect(apply).toHaveBeenCalledTimes(Math.ceil(720 / IMPORT_BATCH));
    expect(progress[0]).toEqual([0, 720]);
    expect(progress.at(-1)).toEqual([720, 0]);
    expect(await b.db.countPeople()).toBe(120);
    expect(await b.db.allTemplates(DEFAULT_MODEL_ID)).toHaveLength(600);
    // The next import reads nothing again.
    expect((await importDocs({ local: b.local, store: b.store, modelId: DEFAULT_MODEL_ID })).changes).toBe(0);
  });

  it('a sample that arrives live for a person deleted here is tombstoned, in the records and in PouchDB', async () => {
    const a = await side('A');
    const b = await side('B');
    const [ann] = await enrolMany(a.db, 1, 1);
    await exportOf(a);
    await Pouch.replicate(a.local, b.local);
    await importDocs({ local: b.local, store: b.store, modelId: DEFAULT_MODEL_ID });
    // Offline: B adds a sample to Ann, A deletes her.
    const [late] = await b.db.addSamples(ann!, [{ embedding: embedding(9), quality: 0.9, thumbnail: jpeg('late') }]);
    await exportOf(b);
    await a.db.deletePerson(ann!);
    await exportOf(a);
    await Pouch.replicate(b.local, a.local);
    await importDocs({ local: a.local, store: a.store, modelId: DEFAULT_MODEL_ID });
    expect((await a.db.getTemplates(ann!, { includeDeleted: true })).find((t) => t.id === late)).toMatchObject({ deleted: true });
    const doc = await a.local.get(`t:${late}`);
    expect(doc).toMatchObject({ deleted: true });
    expect(doc['embedding']).toBeUndefined();
    expect(doc['thumbnail']).toBeUndefined();
  });
});
