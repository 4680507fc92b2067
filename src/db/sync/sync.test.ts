/**
 * Sync end to end in Node: two "devices" (records in memory, local PouchDBs on the memory
 * adapter) replicate through a real pouchdb-server on 127.0.0.1, started here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPouchServer, type PouchServer } from '../../../scripts/lib/pouch-server';
import { bytesToBase64, encodeEmbedding } from '../backup-format';
import { EARLIER_MODEL_ID } from '../schema';
import { makeSiteKey, MIN_WRAP_ITERATIONS, pairingCode, readPairingCode, sealBody, unwrapSiteKey, wrapSiteKey, type WrappedKey } from './crypto';
import { codeOf, deletePerson, device, enrol, logSeen, rename, T, type Device } from '../../../test/support/sync-devices';
import { fetchWrappedKey, openRemote, setUpSite } from './remote';

const PASS = 'correct horse battery';
let server: PouchServer;
let siteKey: CryptoKey;
let wrapped: WrappedKey;

beforeAll(async () => {
  [server, siteKey] = await Promise.all([startPouchServer(), makeSiteKey()]);
  wrapped = await wrapSiteKey(siteKey, PASS, MIN_WRAP_ITERATIONS);
});
afterAll(() => server?.stop());

/** A new site (database) with its key check and wrapped key, and two devices on it: A set it up, B joined by pairing code. */
async function site(): Promise<{ url: string; a: Device; b: Device }> {
  const url = await server.createDb(`site-${crypto.randomUUID()}`);
  await setUpSite(openRemote({ url }, siteKey).db, siteKey, wrapped);
  const joined = await unwrapSiteKey(readPairingCode(pairingCode(wrapped)), PASS);
  return { url, a: device('A', url, siteKey), b: device('B', url, joined) };
}

const raw = async (url: string) => (await fetch(`${url}/_all_docs?include_docs=true`)).text();

describe('sync through a real server', () => {
  it('a person enrolled on A appears on B, with samples, thumbnails, log and site settings', async () => {
    const { a, b } = await site();
    const { person, templates } = enrol(a, 'Ann Example', T(1));
    logSeen(a, person.id, 'Ann Example', T(2));
    a.store.site = { values: { threshold: 0.31, livenessKiosk: false, logRetentionDays: 12 }, updatedAt: T(3) };
    await a.sync.syncOnce();
    const round = await b.sync.syncOnce();
    expect(round.imported.otherModel).toBe(0);
    expect(b.store.people.get(person.id)).toEqual(person);
    for (const t of templates) expect(b.store.templates.get(t.id)).toEqual(t);
    expect(await b.store.thumbs.get(templates[0]!.id)!.blob.text()).toBe(await a.store.thumbs.get(templates[0]!.id)!.blob.text());
    expect([...b.store.log.values()].map((e) => e.name)).toEqual(['Ann Example']);
    expect(b.store.site).toEqual(a.store.site);
  });

  it("the server's raw documents hold no name, embedding or image in the clear", async () => {
    const { url, a } = await site();
    const { templates } = enrol(a, 'Zebulon Quaritch', T(1));
    logSeen(a, null, null, T(2));
    await a.sync.syncOnce();
    const text = await raw(url);
    const t = templates[0]!;
    expect(text).not.toContain('Zebulon');
    expect(text).not.toContain(encodeEmbedding(t.embedding!).slice(0, 40));
    expect(text).not.toContain(String(t.embedding![0]).slice(0, 8));
    const face = bytesToBase64(new Uint8Array(await a.store.thumbs.get(t.id)!.blob.arrayBuffer()));
    expect(text).not.toContain(face.slice(0, 16));
    const rows = (JSON.parse(text) as { rows: Array<{ doc: Record<string, unknown> }> }).rows;
    expect(rows.length).toBe(4); // a person, two samples, one log entry
    for (const { doc } of rows) {
      expect(Object.keys(doc).sort()).toEqual(['_id', '_rev', 'ct', 'iv', 'v']);
      expect(doc._id).toMatch(/^[ptl]:[0-9a-f-]{36}$/);
    }
  });

  it('a deletion on B reaches A: samples, faces and log gone; the server drops old bodies on compaction', async () => {
    const { url, a, b } = await site();
    const { person } = enrol(a, 'Bob Example', T(1));
    logSeen(a, person.id, 'Bob Example', T(2));
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    const before = (await (await fetch(`${url}/p:${person.id}`)).json()) as { _rev: string };
    deletePerson(b, person.id, T(10));
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    expect(a.store.people.get(person.id)).toMatchObject({ deleted: true, name: '' });
    expect([...a.store.templates.values()].every((t) => t.deleted && !t.embedding)).toBe(true);
    expect(a.store.thumbs.size).toBe(0);
    expect(a.store.log.size).toBe(0);
    expect((await fetch(`${url}/p:${person.id}?rev=${before._rev}`)).status).toBe(200);
    const compact = await fetch(`${url}/_compact`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(compact.ok).toBe(true);
    // Compaction runs in the background: poll until the old revision's body is gone.
    let old = 200;
    for (let i = 0; i < 100 && old === 200; i++) {
      old = (await fetch(`${url}/p:${person.id}?rev=${before._rev}`)).status;
      if (old === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(old).toBe(404);
  });

  it('offline edits on both: the later rename wins; a deletion beats a later rename', async () => {
    const { url, a, b } = await site();
    const ann = enrol(a, 'Ann', T(1)).person;
    const cy = enrol(a, 'Cy', T(1)).person;
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    rename(a, ann.id, 'Ann A', T(20));
    rename(b, ann.id, 'Ann B', T(30));
    deletePerson(a, cy.id, T(20));
    rename(b, cy.id, 'Cy renamed later', T(40));
    await a.sync.syncOnce();
    const round = await b.sync.syncOnce();
    expect(round.imported.conflictsResolved).toBe(2);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    for (const d of [a, b]) {
      expect(d.store.people.get(ann.id)).toMatchObject({ name: 'Ann B', updatedAt: T(30) });
      expect(d.store.people.get(cy.id)).toMatchObject({ name: '', deleted: true, deletedAt: T(20) });
      expect([...d.store.templates.values()].filter((t) => t.personId === cy.id).every((t) => t.deleted)).toBe(true);
    }
    // The losing revisions are deleted on the server too: every device keeps the same one.
    for (const id of [ann.id, cy.id]) expect(await (await fetch(`${url}/p:${id}?conflicts=true`)).json()).not.toHaveProperty('_conflicts');
  });

  it("log entries past the site's retention leave every device and the server", async () => {
    const { url, a, b } = await site();
    const day = 86_400_000;
    const { person } = enrol(a, 'Ann', T(1));
    const old = logSeen(a, person.id, 'Ann', Date.now() - 10 * day);
    const recent = logSeen(a, person.id, 'Ann', Date.now() - 2 * day);
    const unknown = logSeen(a, null, null, Date.now() - 4 * day);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    expect(b.store.log.size).toBe(3);
    a.store.site = { values: { logRetentionDays: 5, logRetentionUnknownDays: 3 }, updatedAt: Date.now() };
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    expect([...b.store.log.keys()]).toEqual([recent.id]);
    const rows = (await (await fetch(`${url}/_all_docs`)).json()) as { rows: Array<{ id: string }> };
    expect(rows.rows.map((r) => r.id)).not.toContain(`l:${old.id}`);
    expect(rows.rows.map((r) => r.id)).not.toContain(`l:${unknown.id}`);
  });

  it('a device offline for long catches up in one round', async () => {
    const { a, b } = await site();
    await b.sync.syncOnce();
    const people = Array.from({ length: 30 }, (_, i) => enrol(a, `Person ${i}`, T(i), 1).person);
    await a.sync.syncOnce();
    for (const p of people.slice(0, 10)) deletePerson(a, p.id, T(100));
    rename(a, people[10]!.id, 'Renamed', T(100));
    await a.sync.syncOnce();
    const round = await b.sync.syncOnce();
    expect(round.pulled).toBe(60);
    expect([...b.store.people.values()].filter((p) => !p.deleted).length).toBe(20);
    expect(b.store.people.get(people[10]!.id)?.name).toBe('Renamed');
    expect(b.store.thumbs.size).toBe(20);
  });

  it('a device of another face model refuses the samples and says how many', async () => {
    const { url, a } = await site();
    enrol(a, 'Ann', T(1), 3);
    await a.sync.syncOnce();
    const older = device('O', url, siteKey, EARLIER_MODEL_ID);
    const round = await older.sync.syncOnce();
    expect(round.imported.otherModel).toBe(3);
    expect(older.store.people.size).toBe(1);
    expect(older.store.templates.size + older.store.thumbs.size).toBe(0);
  });

  it('a device with the wrong key or passphrase is told so, and keeps its records', async () => {
    const { url } = await site();
    expect(await codeOf(unwrapSiteKey(wrapped, 'not the passphrase'))).toBe('sync-passphrase');
    expect(await codeOf(Promise.resolve().then(() => readPairingCode('visage-pair1.garbage')))).toBe('sync-pairing');
    const fromServer = await fetchWrappedKey(openRemote({ url }, siteKey).db);
    expect(fromServer).toEqual(wrapped);
    const stranger = device('C', url, await makeSiteKey());
    const { person } = enrol(stranger, 'Kept Locally', T(1));
    expect(await codeOf(stranger.sync.syncOnce())).toBe('sync-key');
    expect(stranger.store.people.get(person.id)?.name).toBe('Kept Locally');
    expect(await raw(url)).toContain('"total_rows":0');
  });

  it('a server that is down: sync-unreachable; a database that is missing: sync-no-database', async () => {
    const down = device('D', 'http://127.0.0.1:9/site', siteKey);
    enrol(down, 'Dee', T(1));
    expect(await codeOf(down.sync.syncOnce())).toBe('sync-unreachable');
    expect(down.store.people.size).toBe(1);
    expect(await codeOf(device('E', `${server.url}/no-such-site`, siteKey).sync.syncOnce())).toBe('sync-no-database');
  });

  it("a server's garbage is refused and never written", async () => {
    const { url, a, b } = await site();
    enrol(a, 'Ann', T(1));
    await a.sync.syncOnce();
    const put = (id: string, doc: unknown) => fetch(`${url}/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
    // Not decryptable.
    await put(`p:${crypto.randomUUID()}`, { v: 1, iv: 'AAAAAAAAAAAAAAAA', ct: bytesToBase64(new Uint8Array(40)) });
    expect(await codeOf(b.sync.syncOnce())).toBe('sync-refused');
    expect(b.store.people.size).toBe(0);
  });

  it('a well-encrypted but invalid record, or one moved to another id, is refused', async () => {
    const cases: Array<[string, (id: string) => Promise<unknown>]> = [
      ['a name with control characters', async (id) => ({ v: 1, ...(await sealBody(siteKey, `p:${id}`, { id, name: 'Evil\u0007', createdAt: T(1), updatedAt: T(1) })) })],
      ['a body of another id', async (id) => ({ v: 1, ...(await sealBody(siteKey, `p:${crypto.randomUUID()}`, { id, name: 'Moved', createdAt: T(1), updatedAt: T(1) })) })],
      ['a template of the wrong size', async (id) => ({ v: 1, ...(await sealBody(siteKey, `t:${id}`, { id, personId: id, modelId: 'x', quality: 1, createdAt: T(1), updatedAt: T(1), embedding: 'AAAA' })) })],
    ];
    for (const [what, make] of cases) {
      const { url, b } = await site();
      const id = crypto.randomUUID();
      const prefix = what.includes('template') ? 't' : 'p';
      await fetch(`${url}/${prefix}:${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(await make(id)) });
      expect(await codeOf(b.sync.syncOnce()), what).toBe('sync-refused');
      expect(b.store.people.size + b.store.templates.size, what).toBe(0);
    }
  });
});
