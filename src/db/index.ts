/** The data layer: the one module that owns storage (IndexedDB). */
export { DbError, isDbError, toDbError, type DbErrorCode, type NameProblem } from './errors';
export { onStorageProblem, storageProblem, type StorageProblem } from './storage-status';
export { onDbChange, type DbChange, type DbChangeListener, type DbChangeType } from './events';
export { VisageDb, type GalleryTemplate, type PersonSummary } from './db';
export { openVisageDb, sharedConnection, type OpenOptions } from './open';
export { LOG_CLEARED_AT, type AddLogOptions, type LogQuery, type LogRetention, type NewLogEntry } from './log';
export { checkConsent, cleanConsentText, type ConsentProblem } from './consent';
export { exportBackup, importBackup, type ExportOptions, type ImportOptions } from './backup';
export { backupFileName, inspectBackup, type BackupInfo } from './backup-format';
export type { BackupCounts, BackupSummary } from './backup-records';
export type { ChangeCounts, ImportMode, ImportSummary } from './backup-merge';
export { CSV_HEADER, csvField, logToCsv, type CsvOptions } from './csv';
export { validateName, type Sample } from './validate';
export {
  DEFAULT_MODEL_ID,
  EMBEDDING_DIM,
  MAX_CONSENT_LENGTH,
  MAX_NAME_LENGTH,
  MIGRATIONS,
  SCHEMA_VERSION,
  type Consent,
  type LogRecord,
  type Migration,
  type PersonRecord,
  type SettingRecord,
  type TemplateRecord,
  type ThumbnailRecord,
} from './schema';
