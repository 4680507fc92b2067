/**
 * The bounds every backup file is held to on import (backup-schema.ts checks them; README,
 * "Backups"). Kept apart from the schema so that the UI's messages can quote them without
 * loading the schema library.
 */

/** A backup file of more bytes is refused before any of it is read (200 MB). */
export const MAX_BACKUP_BYTES = 200_000_000;
/** Person records in one backup, tombstones included. */
export const MAX_PEOPLE = 10_000;
/** Template (sample) records in one backup, tombstones included; thumbnails are at most as many. */
export const MAX_TEMPLATES = 50_000;
/** Log entries in one backup (the device then keeps only the newest its log limit allows). */
export const MAX_LOG_ENTRIES = 100_000;
/** Ids (the app writes UUIDs, 36 characters). */
export const MAX_ID_LENGTH = 64;
/** A model id, a liveness reason and other short codes. */
export const MAX_CODE_LENGTH = 100;
/** One face image (a thumbnail, a log entry's face crop), in bytes once decoded. */
export const MAX_IMAGE_BYTES = 1_000_000;
/** The earliest time a backup may hold (2020-01-01 UTC): no record of Visage is older. */
export const MIN_TIME = Date.UTC(2020, 0, 1);
/** How far in the future a time may be (another device's clock may run ahead): 24 hours. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600_000;
/** The shortest passphrase that makes an encrypted backup, in characters (code points). */
export const MIN_PASSPHRASE_LENGTH = 8;

/** The limits the UI's messages quote ({maxPeople}, …). */
export const BACKUP_LIMITS = {
  maxPeople: MAX_PEOPLE,
  maxTemplates: MAX_TEMPLATES,
  maxLog: MAX_LOG_ENTRIES,
  maxMegabytes: MAX_BACKUP_BYTES / 1e6,
  minPassphrase: MIN_PASSPHRASE_LENGTH,
} as const;
