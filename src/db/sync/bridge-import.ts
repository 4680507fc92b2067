/**
 * Local PouchDB → records, in batches (see bridge.ts for the whole bridge).
 *
 * The documents changed since the last import (a checkpoint in `_local/visage-bridge`) are read
 * from the changes feed IMPORT_BATCH at a time, with their conflicting revisions; the rule picks one
 * winner, which replaces the others in PouchDB too (so every device keeps the same one); then the
 * winners are applied to the records in one transaction per batch, reading only the records they
 * touch (`RecordStore.related`), and the checkpoint moves past the batch. A round cut short keeps
 * the batches it finished.
 *
 * What the rule makes here rather than takes from a document (the tombstones of a deleted person's
 * samples that arrived from another device) is written back into PouchDB at once, and documents
 * that arrive for a deleted person's log, or past the site's retention, are deleted: the export
 * only looks at records changed since its checkpoint, and these carry older times.
 */
import { bodyOf, parseDoc, templateDoc, templateDocId, type ParsedDoc } from './docs';
import { compareVersions, expired, noWrites, pickWinner, planApply, templateVersion } from './merge';
import type { Doc, PouchDb } from './pouch';
import type { RecordStore } from './record-store';
import type { TemplateRecord } from '../schema';

export interface ImportOptions {
  local: PouchDb;
  store: RecordStore;
  /** The device's face model: only its live samples are written. */
  modelId: string;
  /** Changes read so far, and an upper bound of those still to read (from the feed's sequence numbers). */
  onProgress?: (done: number, pending: number | undefined) => void;
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

export const IMPORT_CHECKPOINT = '_local/visage-bridge';
/** Changes per batch: one changes request, one transaction of records. */
export const IMPORT_BATCH = 500;

interface Candidate {
  doc: Doc;
  parsed: ParsedDoc;
}

/** The revisions of one changed document, the winner picked; fixes: the writes that make it the only leaf. */
async function settle(local: PouchDb, doc: Doc, stats: ImportStats, fixes: Doc[]): Promise<Candidate | null> {
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
  const won = candidates.find((c) => c.parsed === winner)!;
  if (others.length) {
    stats.conflictsResolved++;
    if (won.doc !== doc) fixes.push({ ...bodyOf(won.doc), _id: doc._id, _rev: doc._rev! });
    for (const rev of others) fixes.push({ _id: doc._id, _rev: rev, _deleted: true });
  }
  return { doc: { ...won.doc, _rev: doc._rev! }, parsed: winner };
}

/** A number from a sequence (the local adapters count; CouchDB's opaque ones start with it). */
const seqNumber = (seq: number | string | undefined) => (typeof seq === 'number' ? seq : Number.parseInt(String(seq ?? ''), 10));

/** Applies the documents changed since the last import to the records (see the file's comment). */
export async function importDocs({ local, store, modelId, onProgress }: ImportOptions): Promise<ImportStats> {
  const stats: ImportStats = { changes: 0, applied: 0, conflictsResolved: 0, otherModel: 0, refused: 0 };
  let checkpoint = await local.get(IMPORT_CHECKPOINT).catch(() => null);
  let since = (checkpoint?.seq as number | string | undefined) ?? 0;
  const last = seqNumber((await local.info()).update_seq);
  const pending = () => {
    const left = last - seqNumber(since);
    return Number.isFinite(left) ? Math.max(0, left) : undefined;
  };
  onProgress?.(0, pending());
  for (;;) {
    const { results, last_seq } = await local.changes({ since, limit: IMPORT_BATCH, include_docs: true, conflicts: true });
    await importBatch(local, store, modelId, results.flatMap((c) => (c.doc && !c.id.startsWith('_') ? [c.doc] : [])), stats);
    const put = await local.put({ _id: IMPORT_CHECKPOINT, ...(checkpoint?._rev ? { _rev: checkpoint._rev } : {}), seq: last_seq });
    checkpoint = { _id: IMPORT_CHECKPOINT, ...(put.rev ? { _rev: put.rev } : {}) };
    since = last_seq;
    onProgress?.(stats.changes, pending());
    if (results.length < IMPORT_BATCH) return stats;
  }
}

async function importBatch(local: PouchDb, store: RecordStore, modelId: string, docs: Doc[], stats: ImportStats): Promise<void> {
  const parsed: Candidate[] = [];
  const erasedLog: string[] = [];
  const fixes: Doc[] = [];
  for (const doc of docs) {
    stats.changes++;
    if (doc._deleted) {
      if (doc._id.startsWith('l:')) erasedLog.push(doc._id.slice(2));
      continue;
    }
    const winner = await settle(local, doc, stats, fixes);
    if (winner) parsed.push(winner);
  }
  if (!parsed.length && !erasedLog.length && !fixes.length) return;
  const of = <K extends ParsedDoc['kind']>(kind: K) => parsed.flatMap((c) => (c.parsed.kind === kind ? [c.parsed as Extract<ParsedDoc, { kind: K }>] : []));
  const [people, templates, log] = [of('person'), of('template'), of('log')];
  const local_ = await store.related({
    people: [...people.map((d) => d.record.id), ...templates.map((d) => d.record.personId), ...log.flatMap((d) => d.record.personId ?? [])],
    templates: templates.map((d) => d.record.id),
    log: [...log.map((d) => d.record.id), ...erasedLog],
    ofPeople: people.filter((d) => d.record.deleted).map((d) => d.record.id),
  });
  const { writes, counts } = planApply(local_, parsed.map((c) => c.parsed), erasedLog, modelId);
  // The rule's own tombstones (not a document's record) go back into PouchDB, over the live sample.
  const fromDocs = new Set<unknown>(templates.map((d) => d.record));
  const made = writes.templates.filter((t) => !fromDocs.has(t));
  const current = new Map(parsed.map((c) => [c.doc._id, c.doc]));
  const missing = made.filter((t) => !current.has(templateDocId(t.id))).map((t) => templateDocId(t.id));
  if (missing.length) for (const r of (await local.allDocs({ keys: missing, include_docs: true })).rows) if (r.doc) current.set(r.id, r.doc);
  /** Writes over a document's current (leaf) revision: they replace a conflict's fix of the same revision. */
  const overrides = new Map<string, Doc>();
  for (const t of made) {
    const doc = await overDoc(t, current.get(templateDocId(t.id)));
    if (doc) overrides.set(doc._id, doc);
  }
  // Log documents nobody here may keep: a deleted person's, or past the retention.
  const erased = new Set([...local_.people, ...writes.people].filter((p) => p.deleted).map((p) => p.id));
  const now = Date.now();
  for (const d of log) {
    const c = current.get(`l:${d.record.id}`)!;
    if ((d.record.personId !== null && erased.has(d.record.personId)) || expired(d.record, writes.site ?? local_.site, now)) overrides.set(c._id, { _id: c._id, _rev: c._rev!, _deleted: true });
  }
  const writes_ = fixes.filter((f) => overrides.get(f._id)?._rev !== f._rev).concat([...overrides.values()]);
  if (writes_.length) await local.bulkDocs(writes_);
  if (!noWrites(writes)) await store.apply(writes);
  stats.applied += counts.applied;
  stats.otherModel += counts.otherModel;
}

/** A tombstone's document over the current revision; null when that is as new already. */
async function overDoc(t: TemplateRecord, doc: Doc | undefined): Promise<Doc | null> {
  const body = await templateDoc(t, undefined);
  if (!doc) return body;
  try {
    const theirs = parseDoc(doc);
    if (theirs.kind === 'template' && compareVersions(templateVersion(t), templateVersion(theirs.record)) <= 0) return null;
  } catch {
    // Not a valid document: replaced.
  }
  return { ...body, _rev: doc._rev! };
}
