/**
 * The bridge between the device's records (the source of truth: IndexedDB, through a RecordStore)
 * and its local PouchDB (plaintext documents that replicate, encrypted, through the server).
 *
 * - `exportRecords` (bridge-export.ts): the records changed since the last export whose version
 *   beats their document's (merge.ts) are written over it, in batches; new log entries are added
 *   (never over a deleted one); the log documents of deleted people and those past the retention
 *   are deleted (no body: their ciphertext goes from the server at its next compaction).
 * - `importDocs` (bridge-import.ts): the documents changed since the last import are read in
 *   batches with their conflicting revisions; the rule picks one winner, which replaces the others
 *   in PouchDB too (so every device keeps the same one); then the winners are applied to the
 *   records, one transaction per batch.
 */
export { exportRecords, pendingRecords, EXPORT_BATCH, EXPORT_CHECKPOINT, OVERLAP_MS, SWEEP_MS, type ExportOptions } from './bridge-export';
export { importDocs, IMPORT_BATCH, IMPORT_CHECKPOINT, type ImportOptions, type ImportStats } from './bridge-import';

/** What both halves need. */
export interface BridgeOptions {
  local: import('./pouch').PouchDb;
  store: import('./record-store').RecordStore;
  /** The device's face model: only its live samples sync. */
  modelId: string;
  /** This device's id, written into its log entries. */
  deviceId: string;
}
