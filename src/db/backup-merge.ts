/**
 * How a backup's records meet the device's: which records to write, which thumbnails to delete,
 * and what changed. Pure (no IndexedDB), so the rules are unit-tested on their own; backup.ts
 * reads the device's records and applies the plan inside one transaction.
 *
 * Merge: per record, last writer wins by `updatedAt`; on a tie a tombstone beats a live record,
 * so two devices that import each other's backups end up alike. People are settled first, and
 * samples follow their person's fate: a sample tombstone made by its person's deletion (its
 * `deletedAt` is the person tombstone's) does not count once that deletion lost to a newer
 * write of the person (a rename on one device against a delete on another leaves the person
 * live with the samples), and a person who ends deleted keeps no live sample. Replace: the
 * device ends up with exactly the backup's records, and its own live records that the backup
 * lacks become tombstones (a deletion that can still travel to other devices later). In both
 * modes, the rule of `VisageDb.deletePerson` holds afterwards: a deleted person keeps no live
 * template, and only live templates keep a thumbnail. Log entries never change once written:
 * merged by id; the log then keeps only the newest `maxLogEntries` (the device's log limit).
 */
import type { BackupContent } from './backup-records';
import { personTombstone, templateTombstone, type LogRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord, type Tracked } from './schema';

export type ImportMode = 'merge' | 'replace';

/** Records that became live (new or back), changed while live, or were deleted. */
export interface ChangeCounts {
  added: number;
  updated: number;
  removed: number;
}

export interface ImportSummary {
  mode: ImportMode;
  people: ChangeCounts;
  /** Templates (samples). */
  templates: ChangeCounts;
  log: { added: number; removed: number };
}

/** The device's records, as read in the import's transaction. */
export interface LocalRecords {
  people: PersonRecord[];
  templates: TemplateRecord[];
  thumbnailIds: string[];
  /** The log's ids and times (no need for the entries themselves). */
  log: Array<{ id: string; at: number }>;
}

export interface ImportPlan {
  people: PersonRecord[];
  templates: TemplateRecord[];
  thumbnails: ThumbnailRecord[];
  deleteThumbnails: string[];
  /** Empty the log before adding `log`. */
  clearLog: boolean;
  log: LogRecord[];
  /** Entries of the device's log to delete (beyond the log limit, the oldest). */
  deleteLog: string[];
  summary: ImportSummary;
}

const isLive = (r: Tracked | undefined): boolean => r !== undefined && !r.deleted;

/** Whether `incoming` wins over `local` under last-writer-wins. */
export function wins(incoming: Tracked, local: Tracked | undefined): boolean {
  if (!local) return true;
  if (incoming.updatedAt !== local.updatedAt) return incoming.updatedAt > local.updatedAt;
  return !!incoming.deleted && !local.deleted;
}

/** Same id, same version: nothing to write. */
const sameVersion = (a: Tracked, b: Tracked | undefined) => b !== undefined && a.updatedAt === b.updatedAt && !!a.deleted === !!b.deleted;

/** Records of one store: the device's, and those the plan writes over them. */
class Store<T extends Tracked> {
  readonly before: ReadonlyMap<string, T>;
  readonly after: Map<string, T>;
  readonly written = new Map<string, T>();
  constructor(records: readonly T[]) {
    this.before = new Map(records.map((r) => [r.id, r]));
    this.after = new Map(this.before);
  }
  set(r: T): void {
    this.after.set(r.id, r);
    this.written.set(r.id, r);
  }
  counts(): ChangeCounts {
    const c: ChangeCounts = { added: 0, updated: 0, removed: 0 };
    for (const [id, r] of this.written) {
      const old = this.before.get(id);
      if (isLive(r) && !isLive(old)) c.added++;
      else if (!isLive(r) && isLive(old)) c.removed++;
      else if (isLive(r) && !sameVersion(r, old)) c.updated++;
    }
    return c;
  }
}

/** Whether the tombstone `t` was made by the deletion of its person `p` (deletePerson gives both one deletedAt). */
const followedPerson = (t: Tracked, p: Tracked | undefined) => !!t.deleted && !!p?.deleted && t.deletedAt === p.deletedAt;

/** Newest first (by time, then id: the same order on every device). */
const newestFirst = (a: { id: string; at: number }, b: { id: string; at: number }) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The log after the import, at most `max` entries, the newest kept: merge adds the backup's new
 * ids to the device's; replace (with a log in the file) keeps the backup's alone.
 */
function planLog(local: LocalRecords['log'], incoming: LogRecord[] | undefined, mode: ImportMode, max: number) {
  if (!incoming) return { log: [], deleteLog: [], counts: { added: 0, removed: 0 } };
  const localIds = new Set(local.map((e) => e.id));
  const candidates: Array<{ id: string; at: number }> = mode === 'merge' ? [...local, ...incoming.filter((e) => !localIds.has(e.id))] : incoming;
  const kept = new Set([...candidates].sort(newestFirst).slice(0, Math.max(0, max)).map((e) => e.id));
  const log = incoming.filter((e) => kept.has(e.id) && (mode === 'replace' || !localIds.has(e.id)));
  // Replace clears the log first: every kept entry is written again, but only new ids count as added.
  const deleteLog = mode === 'merge' ? local.filter((e) => !kept.has(e.id)).map((e) => e.id) : [];
  const counts = { added: log.filter((e) => !localIds.has(e.id)).length, removed: local.filter((e) => !kept.has(e.id)).length };
  return { log, deleteLog, counts };
}

/**
 * The writes that bring `backup` into `local` by `mode`; `now` dates the tombstones it makes;
 * the log keeps at most `maxLogEntries` entries (the newest).
 */
export function planImport(local: LocalRecords, backup: BackupContent, mode: ImportMode, now: number, maxLogEntries = Infinity): ImportPlan {
  const people = new Store(local.people);
  const templates = new Store(local.templates);
  /** Templates whose record now comes from the backup (their thumbnail too). */
  const fromBackup = new Set<string>();

  if (mode === 'merge') {
    for (const p of backup.people) if (wins(p, people.before.get(p.id))) people.set(p);
    const backupPeople = new Map(backup.people.map((p) => [p.id, p]));
    for (const t of backup.templates) {
      const local = templates.before.get(t.id);
      // Once the person is live, a tombstone that only followed the person's (lost) deletion does not count.
      const personLive = isLive(people.after.get(t.personId));
      const backupFollowed = personLive && followedPerson(t, backupPeople.get(t.personId));
      const localFollowed = personLive && local !== undefined && followedPerson(local, people.before.get(t.personId));
      const take = backupFollowed === localFollowed ? wins(t, local) : localFollowed || local === undefined;
      if (take) {
        templates.set(t);
        fromBackup.add(t.id);
      }
    }
  } else {
    const backupPeople = new Set(backup.people.map((p) => p.id));
    const backupTemplates = new Set(backup.templates.map((t) => t.id));
    for (const p of local.people) if (isLive(p) && !backupPeople.has(p.id)) people.set(personTombstone(p, now));
    for (const t of local.templates) if (isLive(t) && !backupTemplates.has(t.id)) templates.set(templateTombstone(t, now));
    for (const p of backup.people) if (!sameVersion(p, people.before.get(p.id))) people.set(p);
    for (const t of backup.templates) {
      fromBackup.add(t.id);
      if (!sameVersion(t, templates.before.get(t.id))) templates.set(t);
    }
  }

  // deletePerson's rule: a deleted person's templates are deleted too (written at `now`), marked
  // as following the person's deletion (the same deletedAt), as deletePerson marks them.
  for (const t of templates.after.values()) {
    const p = people.after.get(t.personId);
    if (isLive(t) && !isLive(p)) templates.set({ ...templateTombstone(t, now), deletedAt: p?.deletedAt ?? now });
  }

  const backupThumbnails = new Map(backup.thumbnails.map((th) => [th.id, th]));
  const localThumbnails = new Set(local.thumbnailIds);
  const thumbnails: ThumbnailRecord[] = [];
  const deleteThumbnails: string[] = [];
  for (const [id, t] of templates.after) {
    const th = fromBackup.has(id) ? backupThumbnails.get(id) : undefined;
    if (isLive(t) && th) thumbnails.push(th);
    // Replace keeps no thumbnail the backup lacks; merge keeps the device's unless the template is gone.
    else if (localThumbnails.has(id) && (!isLive(t) || (mode === 'replace' && fromBackup.has(id)))) deleteThumbnails.push(id);
  }

  // No entry about a person who is deleted once the import is done (an older backup's).
  const erased = (e: LogRecord) => e.personId !== null && people.after.get(e.personId)?.deleted === true;
  const { log, deleteLog, counts: logCounts } = planLog(local.log, backup.log?.filter((e) => !erased(e)), mode, maxLogEntries);
  return {
    people: [...people.written.values()],
    templates: [...templates.written.values()],
    thumbnails,
    deleteThumbnails,
    clearLog: mode === 'replace' && backup.log !== undefined,
    log,
    deleteLog,
    summary: { mode, people: people.counts(), templates: templates.counts(), log: logCounts },
  };
}
