/**
 * What a backup holds, as records of the database, and its summary: the shapes that
 * backup-format.ts writes and backup-schema.ts reads back (every check of a file is the schema's).
 */
import { DbError } from './errors';
import type { LogRecord, PersonRecord, TemplateRecord, ThumbnailRecord } from './schema';

/** What a backup holds, as records of the database. */
export interface BackupContent {
  people: PersonRecord[];
  templates: TemplateRecord[];
  thumbnails: ThumbnailRecord[];
  /** Absent when the backup was made without the log. */
  log?: LogRecord[];
}

export interface BackupCounts {
  /** Live people and templates (samples). */
  people: number;
  templates: number;
  /** Deleted people and templates. */
  tombstones: number;
  thumbnails: number;
  log: number;
}

export interface BackupSummary {
  modelId: string;
  embeddingDim: number;
  includesLog: boolean;
  counts: BackupCounts;
}

export const NOTHING_CHANGED = 'Nothing was changed.';
export const corrupt = (detail: string) => new DbError('backup-corrupt', `The backup file is damaged (${detail}). ${NOTHING_CHANGED}`);
export const truncated = () =>
  new DbError('backup-truncated', `The backup file is incomplete: it ends early (an interrupted download or copy?). ${NOTHING_CHANGED}`);

/** Live and deleted records and the rest, counted the same way on export and on import. */
export function countRecords(c: BackupContent): BackupCounts {
  const deletedPeople = c.people.filter((p) => p.deleted).length;
  const deletedTemplates = c.templates.filter((t) => t.deleted).length;
  return {
    people: c.people.length - deletedPeople,
    templates: c.templates.length - deletedTemplates,
    tombstones: deletedPeople + deletedTemplates,
    thumbnails: c.thumbnails.length,
    log: c.log?.length ?? 0,
  };
}
