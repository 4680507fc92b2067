/**
 * Where the bridge reads and writes the device's records: the app's IndexedDB database
 * (idb-store.ts), or memory (tests, and anything that needs a gallery without a browser).
 *
 * The bridge never reads every record on a steady round: it asks for the records changed since
 * its last export (`changed`), and on import for the few records the arriving documents touch
 * (`related`). Only a first export (no checkpoint), or one the store asks for (`full`: a restored
 * backup brings records with their old times), reads everything.
 */
import type { ThumbnailRecord } from '../schema';
import type { RecordSnapshot, RecordWrites } from './merge';

/** The records changed since a time, or all of them. */
export interface ChangedRecords extends RecordSnapshot {
  /** Every record is here (no checkpoint, or the store asked for a full export). */
  full: boolean;
  /** When the store asked for a full export: its mark, to hand back to `exported` once done. */
  mark?: string;
}

/** Records by id, for the documents of one import batch. */
export interface RecordQuery {
  people: readonly string[];
  templates: readonly string[];
  log: readonly string[];
  /** People whose templates (with their thumbnails' ids) and log entries are wanted too. */
  ofPeople: readonly string[];
}

export interface RecordStore {
  /**
   * The records that sync, changed at or after `since` (epoch ms: people and templates by
   * `updatedAt`, log entries by `at`), the site settings always; null: all. Thumbnails by id only.
   */
  changed(since: number | null): Promise<ChangedRecords>;
  /** How many records changed after `after` (epoch ms, not at it): the count of changes waiting to be sent. */
  countChanged(after: number): Promise<number>;
  /** The full export that `mark` asked for is done (a later request, with another mark, stays). */
  exported(mark: string): Promise<void>;
  /** The records of `query` that exist here (a consistent snapshot), with the site settings. */
  related(query: RecordQuery): Promise<RecordSnapshot>;
  /** The thumbnails of these templates (those that have one). */
  thumbnails(ids: readonly string[]): Promise<ThumbnailRecord[]>;
  /** Writes all of `writes` in one transaction, or nothing. */
  apply(writes: RecordWrites): Promise<void>;
}

/**
 * Records in memory, applied as the IndexedDB store applies them. It keeps no index of changes:
 * `changed` gives every record (each export compares them all; fine for the tests' few records),
 * and `countChanged` counts them all.
 */
export class MemoryRecordStore implements RecordStore {
  readonly people = new Map<string, RecordSnapshot['people'][number]>();
  readonly templates = new Map<string, RecordSnapshot['templates'][number]>();
  readonly thumbs = new Map<string, ThumbnailRecord>();
  readonly log = new Map<string, RecordSnapshot['log'][number]>();
  site: RecordSnapshot['site'];

  async changed(): Promise<ChangedRecords> {
    return {
      full: true,
      people: [...this.people.values()],
      templates: [...this.templates.values()],
      thumbnailIds: [...this.thumbs.keys()],
      log: [...this.log.values()],
      ...(this.site ? { site: this.site } : {}),
    };
  }

  async countChanged(): Promise<number> {
    return this.people.size + this.templates.size + this.log.size;
  }

  async exported(): Promise<void> {}

  async related(q: RecordQuery): Promise<RecordSnapshot> {
    const of = new Set(q.ofPeople);
    const pick = <T>(map: Map<string, T>, ids: readonly string[]) => ids.flatMap((id) => map.get(id) ?? []);
    const templates = new Map(pick(this.templates, q.templates).map((t) => [t.id, t]));
    for (const t of this.templates.values()) if (of.has(t.personId)) templates.set(t.id, t);
    const log = new Map(pick(this.log, q.log).map((e) => [e.id, e]));
    for (const e of this.log.values()) if (e.personId !== null && of.has(e.personId)) log.set(e.id, e);
    return {
      people: pick(this.people, [...new Set(q.people)]),
      templates: [...templates.values()],
      thumbnailIds: [...templates.keys()].filter((id) => this.thumbs.has(id)),
      log: [...log.values()],
      ...(this.site ? { site: this.site } : {}),
    };
  }

  async thumbnails(ids: readonly string[]): Promise<ThumbnailRecord[]> {
    return ids.flatMap((id) => this.thumbs.get(id) ?? []);
  }

  async apply(w: RecordWrites): Promise<void> {
    for (const p of w.people) this.people.set(p.id, p);
    for (const t of w.templates) this.templates.set(t.id, t);
    for (const id of w.deleteThumbnails) this.thumbs.delete(id);
    for (const th of w.thumbnails) this.thumbs.set(th.id, th);
    for (const id of w.deleteLog) this.log.delete(id);
    for (const e of w.log) this.log.set(e.id, e);
    if (w.site) this.site = w.site;
  }
}
