/**
 * Where the bridge reads and writes the device's records: the app's IndexedDB database
 * (idb-store.ts), or memory (tests, and anything that needs a gallery without a browser).
 */
import type { ThumbnailRecord } from '../schema';
import type { RecordSnapshot, RecordWrites } from './merge';

export interface RecordStore {
  /** A consistent snapshot of the records that sync (thumbnails by id only). */
  read(): Promise<RecordSnapshot>;
  /** The thumbnails of these templates (those that have one). */
  thumbnails(ids: readonly string[]): Promise<ThumbnailRecord[]>;
  /** Writes all of `writes` in one transaction, or nothing. */
  apply(writes: RecordWrites): Promise<void>;
}

/** Records in memory, applied as the IndexedDB store applies them. */
export class MemoryRecordStore implements RecordStore {
  readonly people = new Map<string, RecordSnapshot['people'][number]>();
  readonly templates = new Map<string, RecordSnapshot['templates'][number]>();
  readonly thumbs = new Map<string, ThumbnailRecord>();
  readonly log = new Map<string, RecordSnapshot['log'][number]>();
  site: RecordSnapshot['site'];

  async read(): Promise<RecordSnapshot> {
    return {
      people: [...this.people.values()],
      templates: [...this.templates.values()],
      thumbnailIds: [...this.thumbs.keys()],
      log: [...this.log.values()],
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
