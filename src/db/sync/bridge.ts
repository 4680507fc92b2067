/**
 * The bridge between the device's records (the source of truth: IndexedDB, through a RecordStore)
 * and its local PouchDB (plaintext documents that replicate, encrypted, through the server).
 *
 * - `exportRecords`: every record whose version beats its document's (merge.ts) is written over it;
 *   new log entries are added (never over a deleted one); the log documents of deleted people are
 *   deleted (no body: their ciphertext goes from the server at its next compaction).
 * - `importDocs`: the documents changed since the last import (a checkpoint in `_local/`) are read
 *   with their conflicting revisions; the rule picks one winner, which replaces the others in
 *   PouchDB too (so every device keeps the same one); then the winners are applied to the records.
 */
import { SyncError } from './errors';
import { bodyOf, logDoc, logDocId, parseDoc, personDoc, personDocId, SITE_DOC_ID, siteDoc, templateDoc, templateDocId, type ParsedDoc } from './docs';
import { compareVersions, docVersion, expired, noWrites, pickWinner, personVersion, planApply, templateVersion, type Version } from './merge';
import type { Doc, PouchDb } from './pouch';
import type { RecordStore } from './record-store';

export interface BridgeOptions {
  local: PouchDb;
  store: RecordStore;
  /** The device's face model: only its live samples sync. */
  modelId: string;
  /** This device's id, written into its log entries. */
  deviceId: string;
}

export interface ImportStats {
  /** Documents read from the changes feed. */
  changes: number;
  /** Documents that changed a record here. */
  applied: number;
  /** Documents whose conflicting revisions were settled by the rule. */
  conflictsResolved: number;
  /** Live samples of another face model, not written ('sync-model' in words: made with another model). */
  otherModel: number;
  /** Revisions that are not valid records, left unused. */
  refused: number;
}

const CHECKPOINT = '_local/visage-bridge';

function versionOf(doc: Doc | undefined): Version | null {
  if (!doc) return null;
  try {
    return docVersion(parseDoc(doc));
  } catch {
    return null;
  }
}

/** Writes the records that are newer here into the local PouchDB; returns how many documents changed. */
export async function exportRecords({ local, store, modelId, deviceId }: BridgeOptions): Promise<number> {
  const snap = await store.read();
  const { rows } = await local.allDocs({ include_docs: true });
  const docs = new Map(rows.flatMap((r) => (r.doc ? [[r.id, r.doc] as const] : [])));
  const out: Doc[] = [];
  const over = (doc: Doc) => {
    const rev = docs.get(doc._id)?._rev;
    out.push(rev ? { ...doc, _rev: rev } : doc);
  };
  const beats = (mine: Version, docId: string) => {
    const theirs = versionOf(docs.get(docId));
    return !theirs || compareVersions(mine, theirs) > 0;
  };

  for (const p of snap.people) if (beats(personVersion(p), personDocId(p.id))) over(personDoc(p));
  const templates = snap.templates.filter((t) => (t.deleted || t.modelId === modelId) && beats(templateVersion(t), templateDocId(t.id)));
  const thumbs = new Map((await store.thumbnails(templates.filter((t) => !t.deleted).map((t) => t.id))).map((th) => [th.id, th]));
  for (const t of templates) over(await templateDoc(t, thumbs.get(t.id)));

  const deletedPeople = new Set(snap.people.filter((p) => p.deleted).map((p) => p.id));
  const now = Date.now();
  const fresh = snap.log.filter((e) => !docs.has(logDocId(e.id)) && !(e.personId !== null && deletedPeople.has(e.personId)) && !expired(e, snap.site, now));
  if (fresh.length) {
    // allDocs by keys also answers for deleted documents: an entry erased elsewhere is not written again.
    const known = await local.allDocs({ keys: fresh.map((e) => logDocId(e.id)) });
    const gone = new Set(known.rows.filter((r) => r.value?.deleted).map((r) => r.id));
    for (const e of fresh) if (!gone.has(logDocId(e.id))) out.push(await logDoc(e, deviceId));
  }
  for (const [id, doc] of docs) {
    if (!id.startsWith('l:')) continue;
    const personId = typeof doc.personId === 'string' ? doc.personId : null;
    // A deleted person's entries, and entries past the site's retention, leave every device and the server.
    const old = typeof doc.at === 'number' && expired({ at: doc.at, personId }, snap.site, now);
    if ((personId !== null && deletedPeople.has(personId)) || old) out.push({ _id: id, _rev: doc._rev!, _deleted: true });
  }
  const siteOut = snap.site && beats(docVersion({ kind: 'site', id: SITE_DOC_ID, site: snap.site }), SITE_DOC_ID) ? snap.site : undefined;
  if (siteOut) over(siteDoc(siteOut));

  if (!out.length) return 0;
  const results = await local.bulkDocs(out);
  const failed = results.find((r) => r.error);
  if (failed) throw new SyncError('sync-server', `The local sync database refused a write (${failed.id}: ${failed.error}).`);
  // The store notes the site settings as synced (idb-store.ts: a later device-local change is not a site change).
  if (siteOut) await store.apply({ people: [], templates: [], thumbnails: [], deleteThumbnails: [], log: [], deleteLog: [], site: siteOut });
  return out.length;
}

interface Candidate {
  doc: Doc;
  parsed: ParsedDoc;
}

/** The revisions of one changed document, the winner picked; fixes: the writes that make it the only leaf. */
async function settle(local: PouchDb, doc: Doc, stats: ImportStats, fixes: Doc[]): Promise<ParsedDoc | null> {
  const others = doc._conflicts ?? [];
  const revisions = [doc, ...(await Promise.all(others.map((rev) => local.get(doc._id, { rev }))))];
  const candidates: Candidate[] = [];
  for (const d of revisions) {
    try {
      candidates.push({ doc: d, parsed: parseDoc(d) });
    } catch {
      stats.refused++;
    }
  }
  if (!candidates.length) return null;
  const winner = pickWinner(candidates.map((c) => c.parsed));
  if (others.length) {
    stats.conflictsResolved++;
    const won = candidates.find((c) => c.parsed === winner)!;
    if (won.doc !== doc) fixes.push({ ...bodyOf(won.doc), _id: doc._id, _rev: doc._rev! });
    for (const rev of others) fixes.push({ _id: doc._id, _rev: rev, _deleted: true });
  }
  return winner;
}

/** Applies the documents changed since the last import to the records (see the file's comment). */
export async function importDocs({ local, store, modelId }: BridgeOptions): Promise<ImportStats> {
  const stats: ImportStats = { changes: 0, applied: 0, conflictsResolved: 0, otherModel: 0, refused: 0 };
  const checkpoint = await local.get(CHECKPOINT).catch(() => null);
  const since = (checkpoint?.seq as number | string | undefined) ?? 0;
  const { results, last_seq } = await local.changes({ since, include_docs: true, conflicts: true });
  const parsed: ParsedDoc[] = [];
  const erasedLog: string[] = [];
  const fixes: Doc[] = [];
  for (const change of results) {
    const doc = change.doc;
    if (!doc || change.id.startsWith('_')) continue;
    stats.changes++;
    if (doc._deleted) {
      if (doc._id.startsWith('l:')) erasedLog.push(doc._id.slice(2));
      continue;
    }
    const winner = await settle(local, doc, stats, fixes);
    if (winner) parsed.push(winner);
  }
  if (fixes.length) await local.bulkDocs(fixes);
  const { writes, counts } = planApply(await store.read(), parsed, erasedLog, modelId);
  if (!noWrites(writes)) await store.apply(writes);
  stats.applied = counts.applied;
  stats.otherModel = counts.otherModel;
  await local.put({ _id: CHECKPOINT, ...(checkpoint?._rev ? { _rev: checkpoint._rev } : {}), seq: last_seq });
  return stats;
}
