/**
 * Records → local PouchDB, incrementally (see bridge.ts for the whole bridge).
 *
 * An export asks the store only for the records changed since its checkpoint (`_local/visage-export`:
 * `since`, epoch ms) and looks up only those records' documents (`allDocs` by keys), in batches of
 * EXPORT_BATCH (one `bulkDocs` each, progress after each). A first export (no checkpoint), one after
 * the clock was set back, and one the store asks for (a restored backup) take every record.
 *
 * The next checkpoint is the export's start less OVERLAP_MS: a change whose time was taken just
 * before the export read the records, but whose transaction committed just after, is still looked
 * at next time; a record looked at twice is simply not written again (its document is as new).
 *
 * Log documents of deleted people, and those past the site's retention, are deleted by a sweep over
 * the local log documents: after a full export, after a person's deletion here, and otherwise at
 * most every SWEEP_MS (retention moves with the clock, not with changes).
 *
 * When the import had read every change before this export, the export's own writes (documents
 * made from this device's records) are not read back: the import checkpoint moves past them. Not
 * after deletions (a swept log document still takes its entry off this device on import).
 */
import { SyncError } from './errors';
import { logDoc, logDocId, parseDoc, personDoc, personDocId, SITE_DOC_ID, siteDoc, templateDoc, templateDocId } from './docs';
import { compareVersions, docVersion, expired, personVersion, templateVersion, type Version } from './merge';
import type { Doc, PouchDb } from './pouch';
import type { RecordStore } from './record-store';
import type { SiteSettings } from './docs';
import { IMPORT_CHECKPOINT } from './bridge-import';

export interface ExportOptions {
  local: PouchDb;
  store: RecordStore;
  /** The device's face model: only its live samples sync. */
  modelId: string;
  /** This device's id, written into its log entries. */
  deviceId: string;
  /** Records looked at so far, of how many this export looks at. */
  onProgress?: (done: number, total: number) => void;
}

export const EXPORT_CHECKPOINT = '_local/visage-export';
/** Records per batch: one documents lookup and one bulkDocs each. */
export const EXPORT_BATCH = 500;
/** How far before an export's start the next one looks back (a transaction that took long to commit). */
export const OVERLAP_MS = 60_000;
/** How often, at most, the log documents are swept for retention when nothing else asks for it. */
export const SWEEP_MS = 3_600_000;

interface ExportCheckpoint {
  since: number | null;
  sweptAt: number;
  rev?: string;
}

/** Where the last export left off; a time after `now` (the clock was set back) counts as none. */
export async function exportCheckpoint(local: PouchDb, now = Date.now()): Promise<ExportCheckpoint> {
  const doc = await local.get(EXPORT_CHECKPOINT).catch(() => null);
  const since = typeof doc?.since === 'number' && doc.since <= now ? doc.since : null;
  const sweptAt = typeof doc?.sweptAt === 'number' && doc.sweptAt <= now ? doc.sweptAt : 0;
  return { since, sweptAt, ...(doc?._rev ? { rev: doc._rev } : {}) };
}

function versionOf(doc: Doc | undefined): Version | null {
  if (!doc) return null;
  try {
    return docVersion(parseDoc(doc));
  } catch {
    return null;
  }
}

/** The live documents of these ids (absent: none, or deleted). */
async function docsOf(local: PouchDb, ids: string[]): Promise<Map<string, Doc>> {
  if (!ids.length) return new Map();
  const { rows } = await local.allDocs({ keys: ids, include_docs: true });
  return new Map(rows.flatMap((r) => (r.doc ? [[r.id, r.doc] as const] : [])));
}

async function writeDocs(local: PouchDb, docs: Doc[]): Promise<number> {
  if (!docs.length) return 0;
  const results = await local.bulkDocs(docs);
  const failed = results.find((r) => r.error);
  if (failed) throw new SyncError('sync-server', `The local sync database refused a write (${failed.id}: ${failed.error}).`);
  return docs.length;
}

/** `doc` over the current revision of its id, if there is one. */
const over = (doc: Doc, docs: Map<string, Doc>): Doc => {
  const rev = docs.get(doc._id)?._rev;
  return rev ? { ...doc, _rev: rev } : doc;
};
const beats = (mine: Version, doc: Doc | undefined) => {
  const theirs = versionOf(doc);
  return !theirs || compareVersions(mine, theirs) > 0;
};

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += EXPORT_BATCH) yield items.slice(i, i + EXPORT_BATCH);
}

/** Deletions of the log documents of deleted people and of those past the site's retention. */
async function sweepLog(local: PouchDb, store: RecordStore, site: SiteSettings | undefined, now: number): Promise<Doc[]> {
  const { rows } = await local.allDocs({ startkey: 'l:', endkey: 'l:\uffff', include_docs: true });
  const docs = rows.flatMap((r) => (r.doc ? [r.doc] : []));
  const personOf = (doc: Doc) => (typeof doc.personId === 'string' ? doc.personId : null);
  const ids = [...new Set(docs.flatMap((d) => personOf(d) ?? []))];
  const { people } = ids.length ? await store.related({ people: ids, templates: [], log: [], ofPeople: [] }) : { people: [] };
  const deleted = new Set(people.filter((p) => p.deleted).map((p) => p.id));
  return docs.flatMap((doc) => {
    const personId = personOf(doc);
    const old = typeof doc.at === 'number' && expired({ at: doc.at, personId }, site, now);
    return (personId !== null && deleted.has(personId)) || old ? [{ _id: doc._id, _rev: doc._rev!, _deleted: true }] : [];
  });
}

/** Writes the records changed here since the last export into the local PouchDB; how many documents changed. */
export async function exportRecords({ local, store, modelId, deviceId, onProgress }: ExportOptions): Promise<number> {
  const started = Date.now();
  const checkpoint = await exportCheckpoint(local, started);
  const imported = await local.get(IMPORT_CHECKPOINT).catch(() => null);
  const caughtUp = (imported?.seq ?? 0) === (await local.info()).update_seq;
  let deletions = false;
  const changed = await store.changed(checkpoint.since);
  const { people, log, site } = changed;
  const templates = changed.templates.filter((t) => t.deleted || t.modelId === modelId);
  const total = people.length + templates.length + log.length;
  let done = 0;
  let written = 0;
  onProgress?.(0, total);
  const step = (n: number) => onProgress?.((done += n), total);

  for (const batch of batches(people)) {
    const docs = await docsOf(local, batch.map((p) => personDocId(p.id)));
    written += await writeDocs(local, batch.filter((p) => beats(personVersion(p), docs.get(personDocId(p.id)))).map((p) => over(personDoc(p), docs)));
    step(batch.length);
  }
  for (const batch of batches(templates)) {
    const docs = await docsOf(local, batch.map((t) => templateDocId(t.id)));
    const newer = batch.filter((t) => beats(templateVersion(t), docs.get(templateDocId(t.id))));
    const thumbs = new Map((await store.thumbnails(newer.filter((t) => !t.deleted).map((t) => t.id))).map((th) => [th.id, th]));
    written += await writeDocs(local, await Promise.all(newer.map(async (t) => over(await templateDoc(t, thumbs.get(t.id)), docs))));
    step(batch.length);
  }
  for (const batch of batches(log)) {
    const fresh = batch.filter((e) => !expired(e, site, started));
    // allDocs by keys also answers for deleted documents: an entry erased elsewhere is not written again.
    const known = fresh.length ? new Set((await local.allDocs({ keys: fresh.map((e) => logDocId(e.id)) })).rows.filter((r) => r.value).map((r) => r.id)) : new Set<string>();
    const unsent = fresh.filter((e) => !known.has(logDocId(e.id)));
    const ids = [...new Set(unsent.flatMap((e) => e.personId ?? []))];
    const { people: theirs } = ids.length ? await store.related({ people: ids, templates: [], log: [], ofPeople: [] }) : { people: [] };
    const deleted = new Set(theirs.filter((p) => p.deleted).map((p) => p.id));
    const docs = await Promise.all(unsent.filter((e) => e.personId === null || !deleted.has(e.personId)).map((e) => logDoc(e, deviceId)));
    written += await writeDocs(local, docs);
    step(batch.length);
  }

  let sweptAt = checkpoint.sweptAt;
  if (changed.full || people.some((p) => p.deleted) || started - sweptAt >= SWEEP_MS) {
    const swept = await sweepLog(local, store, site, started);
    deletions = swept.length > 0;
    written += await writeDocs(local, swept);
    sweptAt = started;
  }
  if (site) {
    const docs = await docsOf(local, [SITE_DOC_ID]);
    if (beats(docVersion({ kind: 'site', id: SITE_DOC_ID, site }), docs.get(SITE_DOC_ID))) {
      written += await writeDocs(local, [over(siteDoc(site), docs)]);
      // The store notes the site settings as synced (idb-store.ts: a later device-local change is not a site change).
      await store.apply({ people: [], templates: [], thumbnails: [], deleteThumbnails: [], log: [], deleteLog: [], site });
    }
  }
  await local.put({ _id: EXPORT_CHECKPOINT, ...(checkpoint.rev ? { _rev: checkpoint.rev } : {}), since: started - OVERLAP_MS, sweptAt });
  if (written && caughtUp && !deletions) await local.put({ _id: IMPORT_CHECKPOINT, ...(imported?._rev ? { _rev: imported._rev } : {}), seq: (await local.info()).update_seq });
  if (changed.mark) await store.exported(changed.mark);
  return written;
}

/**
 * How many records changed here after the last export began (what waits to be sent; before a
 * first export: all). A change in the very millisecond the export began is not counted, though the
 * next export looks at it.
 */
export async function pendingRecords(local: PouchDb, store: RecordStore): Promise<number> {
  const { since } = await exportCheckpoint(local);
  return store.countChanged(since === null ? -Infinity : since + OVERLAP_MS);
}
