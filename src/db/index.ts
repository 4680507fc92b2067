/** The data layer: the one module that owns storage (IndexedDB). */
export { DbError, isDbError, toDbError, type DbErrorCode } from './errors';
export { onDbChange, type DbChange, type DbChangeListener, type DbChangeType } from './events';
export { openVisageDb, VisageDb, type GalleryTemplate, type OpenOptions, type PersonSummary } from './db';
export { LOG_CLEARED_AT, type AddLogOptions, type LogQuery, type NewLogEntry } from './log';
export { exportBackup, importBackup, type ExportOptions, type ImportOptions } from './backup';
export { backupFileName, inspectBackup, type BackupCounts, type BackupInfo, type BackupSummary } from './backup-format';
export type { ChangeCounts, ImportMode, ImportSummary } from './backup-merge';
export { CSV_HEADER, csvField, logToCsv, type CsvOptions } from './csv';
export { validateName, type Sample } from './validate';
export {
  DEFAULT_MODEL_ID,
  EMBEDDING_DIM,
  MAX_NAME_LENGTH,
  MIGRATIONS,
  SCHEMA_VERSION,
  type LogRecord,
  type Migration,
  type PersonRecord,
  type SettingRecord,
  type TemplateRecord,
  type ThumbnailRecord,
} from './schema';
