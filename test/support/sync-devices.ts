/**
 * Test support (Node): "devices", each a record store in memory and a local PouchDB (memory
 * adapter), syncing with one site. Used by the sync tests; not part of the app's bundle.
 */
import memoryAdapter from 'pouchdb-adapter-memory';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM, type LogRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord } from '../../src/db/schema';
import { openLocalPouch, usePouchAdapter } from '../../src/db/sync/pouch';
import { MemoryRecordStore } from '../../src/db/sync/record-store';
import { SiteSync } from '../../src/db/sync/site-sync';

usePouchAdapter(memoryAdapter);

/** A time records may hold (after 2020, not in the future): a minute ago, plus `n` ms. */
export const T0 = Date.now() - 60_000;
export const T = (n: number) => T0 + n;

export const embedding = (seed: number) => Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(seed * 7.1 + i) / 10);
export const jpeg = (label: string) => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), label], { type: 'image/jpeg' });

export interface Device {
  name: string;
  store: MemoryRecordStore;
  sync: SiteSync;
}

export function device(name: string, url: string, key: CryptoKey, modelId = DEFAULT_MODEL_ID): Device {
  const store = new MemoryRecordStore();
  const local = openLocalPouch(`${name}-${crypto.randomUUID()}`, 'memory');
  return { name, store, sync: new SiteSync({ url, key, local, store, modelId, deviceId: name }) };
}

/** Enrols a person with `samples` templates and thumbnails, at time `at`. */
export function enrol(d: Device, name: string, at: number, samples = 2): { person: PersonRecord; templates: TemplateRecord[] } {
  const person: PersonRecord = { id: crypto.randomUUID(), name, createdAt: at, updatedAt: at };
  d.store.people.set(person.id, person);
  const templates: TemplateRecord[] = [];
  for (let i = 0; i < samples; i++) {
    const t: TemplateRecord = { id: crypto.randomUUID(), personId: person.id, modelId: DEFAULT_MODEL_ID, quality: 0.9, embedding: embedding(i + name.length), createdAt: at, updatedAt: at };
    const th: ThumbnailRecord = { id: t.id, personId: person.id, blob: jpeg(`face of ${name} #${i}`), createdAt: at };
    d.store.templates.set(t.id, t);
    d.store.thumbs.set(th.id, th);
    templates.push(t);
  }
  return { person, templates };
}

/** Deletes a person as VisageDb.deletePerson does: tombstones, thumbnails and log entries gone. */
export function deletePerson(d: Device, id: string, at: number): void {
  const p = d.store.people.get(id)!;
  d.store.people.set(id, { id, name: '', createdAt: p.createdAt, updatedAt: at, deleted: true, deletedAt: at });
  for (const t of d.store.templates.values()) {
    if (t.personId !== id || t.deleted) continue;
    d.store.templates.set(t.id, { id: t.id, personId: id, modelId: t.modelId, quality: t.quality, createdAt: t.createdAt, updatedAt: at, deleted: true, deletedAt: at });
    d.store.thumbs.delete(t.id);
  }
  for (const e of d.store.log.values()) if (e.personId === id) d.store.log.delete(e.id);
}

export function rename(d: Device, id: string, name: string, at: number): void {
  const p = d.store.people.get(id)!;
  d.store.people.set(id, { ...p, name, updatedAt: at });
}

export function logSeen(d: Device, personId: string | null, name: string | null, at: number): LogRecord {
  const e: LogRecord = { id: crypto.randomUUID(), at, personId, name, similarity: 0.7, thumbnail: jpeg(`seen ${name}`) };
  d.store.log.set(e.id, e);
  return e;
}

/** A sync error's code, 'ok' when it succeeds. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err && typeof err === 'object' && 'code' in err ? String(err.code) : `other: ${String(err)}`;
  }
}
