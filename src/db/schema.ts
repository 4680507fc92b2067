/**
 * Record types, the schema version and the ordered migrations of the Visage database.
 *
 * Replication-ready: every record has a random `id` (crypto.randomUUID()), `createdAt` and
 * `updatedAt` (epoch ms). Deleted people and templates become tombstones (`deleted: true`,
 * `deletedAt`) so that the deletion travels with backups; normal queries hide them. A person's
 * tombstone keeps only its id and dates (the name is blanked, the consent note dropped); a
 * template's drops its embedding (biometric data must not outlive the deletion); thumbnails and
 * the person's log entries are removed outright. The log is device-local history: clearing it
 * records `log.clearedAt` in settings.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { DEFAULT_MODEL_SPEC, MOBILEFACENET_SPEC, modelId } from '../ml/model-spec';

/** Bump with every new migration; the database's IndexedDB version. */
export const SCHEMA_VERSION = 3;
/** The length of every stored embedding: the app's model's (src/ml/model-spec.ts). */
export const EMBEDDING_DIM = DEFAULT_MODEL_SPEC.dim;
export const MAX_NAME_LENGTH = 100;
/**
 * The model id of the app's templates, from its spec: 'arcface-mobilefacenet-512/mesh-align/flip'
 * (aligned by the face mesh, mirrored crop added). Stored templates and backups carry it.
 */
export const DEFAULT_MODEL_ID = modelId(DEFAULT_MODEL_SPEC);
/** The earlier app model's id, 'mobilefacenet-192/mesh-align/flip' (until issue 17's switch). */
export const EARLIER_MODEL_ID = modelId(MOBILEFACENET_SPEC);
/**
 * The models whose templates the database and backups hold, with their embeddings' length: the
 * app's, and the earlier app model's, whose templates stay (out of the gallery) until the model
 * upgrade makes them again from their thumbnails (src/app/model-upgrade.ts). Any other is refused.
 */
export const KNOWN_MODEL_DIMS: ReadonlyMap<string, number> = new Map([
  [DEFAULT_MODEL_ID, DEFAULT_MODEL_SPEC.dim],
  [EARLIER_MODEL_ID, MOBILEFACENET_SPEC.dim],
]);

export interface Tracked {
  id: string;
  createdAt: number;
  updatedAt: number;
  deleted?: boolean;
  deletedAt?: number;
}

/** A record of an enrolled person's consent (who gave it, when, how), typed by the operator. */
export interface Consent {
  who: string;
  /** Epoch ms. */
  when: number;
  how: string;
}
/** The longest `who` or `how` of a consent note, in code points. */
export const MAX_CONSENT_LENGTH = 200;

export interface PersonRecord extends Tracked {
  /** '' in a tombstone: a deleted person's name is not kept. */
  name: string;
  consent?: Consent;
}

export interface LiveTemplateRecord extends Tracked {
  personId: string;
  embedding: Float32Array;
  /** Which model (and preprocessing) made the embedding; only same-model templates compare. */
  modelId: string;
  quality: number;
  deleted?: false;
}

/** A deleted template: the embedding is gone, the fact of its deletion stays. */
export interface TemplateTombstone extends Omit<LiveTemplateRecord, 'embedding' | 'deleted'> {
  deleted: true;
  deletedAt: number;
  embedding?: undefined;
}

export type TemplateRecord = LiveTemplateRecord | TemplateTombstone;

/** A person's tombstone, deleted at `now`: the id and dates only (the name blanked, no consent). */
export function personTombstone(p: Pick<PersonRecord, 'id' | 'createdAt'>, now: number): PersonRecord {
  return blankTombstone({ id: p.id, name: '', createdAt: p.createdAt, updatedAt: now, deleted: true, deletedAt: now });
}

const TOMBSTONE_KEYS = new Set(['id', 'name', 'createdAt', 'updatedAt', 'deleted', 'deletedAt']);

/** A stored tombstone with nothing but its id and dates (as the schema 2 migration leaves old ones). */
export function blankTombstone(p: PersonRecord): PersonRecord {
  return { id: p.id, name: '', createdAt: p.createdAt, updatedAt: p.updatedAt, deleted: true, deletedAt: p.deletedAt ?? p.updatedAt };
}

/** A template's tombstone, deleted at `now`: the same record without its embedding. */
export function templateTombstone(t: TemplateRecord, now: number): TemplateTombstone {
  return { id: t.id, personId: t.personId, modelId: t.modelId, quality: t.quality, createdAt: t.createdAt, updatedAt: now, deleted: true, deletedAt: now };
}

export interface ThumbnailRecord {
  /** Equal to the template's id. */
  id: string;
  personId: string;
  /** JPEG or PNG of the aligned 112×112 face. */
  blob: Blob;
  createdAt: number;
}

export interface LogRecord {
  id: string;
  /** When the face was seen (epoch ms). */
  at: number;
  /** null = unknown face. */
  personId: string | null;
  /** The person's name at that time; null = unknown. */
  name: string | null;
  similarity: number;
  thumbnail?: Blob;
  /** Absent: a recognition (as every entry before this field); 'enrolled': a camera enrolment. */
  event?: 'enrolled';
  /** The outcome of the liveness check made for this entry, when one was made. */
  liveness?: LivenessOutcome;
  /** Why the liveness check failed (a liveness FailReason, such as 'wrong-way'). */
  livenessReason?: string;
  /**
   * The id of the device that wrote the entry (a random UUID, src/app/device.ts); null: written
   * before devices were recorded (schema 3), an unknown device.
   */
  device?: string | null;
  /** That device's name when it wrote the entry (so that every device of a site can show it). */
  deviceName?: string;
}

/** The longest device id a log entry keeps (a UUID is 36), as long as any id a backup holds. */
export const MAX_DEVICE_ID_LENGTH = 64;
/** The longest device name a log entry keeps, in code points. */
export const MAX_DEVICE_NAME_LENGTH = 100;

/** A log entry of before schema 3 as schema 3 keeps it: the device it came from is unknown (null). */
export function withKnownDevice(e: LogRecord): LogRecord {
  return e.device === undefined ? { ...e, device: null } : e;
}

export type LivenessOutcome = 'passed' | 'failed';

/** The optional marks of a log entry, checked: an error message, or the marks to store. */
export function readLogMarks(o: { event?: unknown; liveness?: unknown; livenessReason?: unknown }): string | Pick<LogRecord, 'event' | 'liveness' | 'livenessReason'> {
  const out: Pick<LogRecord, 'event' | 'liveness' | 'livenessReason'> = {};
  if (o.event !== undefined) {
    if (o.event !== 'enrolled') return 'the event must be "enrolled" or absent';
    out.event = o.event;
  }
  if (o.liveness !== undefined) {
    if (o.liveness !== 'passed' && o.liveness !== 'failed') return 'liveness must be "passed", "failed" or absent';
    out.liveness = o.liveness;
  }
  if (o.livenessReason !== undefined) {
    if (typeof o.livenessReason !== 'string' || o.liveness !== 'failed') return 'a liveness reason must be text, and only for a failed check';
    out.livenessReason = o.livenessReason;
  }
  return out;
}

export interface SettingRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}

export interface VisageSchema extends DBSchema {
  people: { key: string; value: PersonRecord; indexes: { updatedAt: number } };
  templates: { key: string; value: TemplateRecord; indexes: { personId: string; updatedAt: number } };
  thumbnails: { key: string; value: ThumbnailRecord; indexes: { personId: string } };
  log: { key: string; value: LogRecord; indexes: { at: number; personId: string } };
  settings: { key: string; value: SettingRecord };
}

export type VisageIdb = IDBPDatabase<VisageSchema>;
export type StoreName = StoreNames<VisageSchema>;

/**
 * One schema step. Steps run in order inside openDB's upgrade callback (one versionchange
 * transaction: if any step throws, the upgrade is aborted and the old database stays as it
 * was). A step may be async, but may await only IndexedDB requests of `tx`.
 */
export interface Migration {
  version: number;
  description: string;
  migrate(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): void | Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'people, templates, thumbnails, log and settings',
    migrate(db) {
      const people = db.createObjectStore('people', { keyPath: 'id' });
      people.createIndex('updatedAt', 'updatedAt');
      const templates = db.createObjectStore('templates', { keyPath: 'id' });
      templates.createIndex('personId', 'personId');
      templates.createIndex('updatedAt', 'updatedAt');
      const thumbnails = db.createObjectStore('thumbnails', { keyPath: 'id' });
      thumbnails.createIndex('personId', 'personId');
      const log = db.createObjectStore('log', { keyPath: 'id' });
      log.createIndex('at', 'at');
      // Unknown faces (personId null) are simply absent from this index.
      log.createIndex('personId', 'personId');
      db.createObjectStore('settings', { keyPath: 'key' });
    },
  },
  {
    version: 2,
    description: "tombstones keep no name; the log keeps no entry of a deleted (or absent) person",
    async migrate(_db, tx) {
      const people = tx.objectStore('people');
      const live = new Set<string>();
      for (let c = await people.openCursor(); c; c = await c.continue()) {
        const p = c.value as PersonRecord;
        if (!p.deleted) live.add(p.id);
        else if (p.name !== '' || Object.keys(p).some((k) => !TOMBSTONE_KEYS.has(k))) await c.update(blankTombstone(p));
      }
      for (let c = await tx.objectStore('log').openCursor(); c; c = await c.continue()) {
        const e = c.value as LogRecord;
        if (e.personId !== null && !live.has(e.personId)) await c.delete();
      }
    },
  },
  {
    version: 3,
    description: 'each log entry names the device that wrote it; older entries: unknown device (null)',
    async migrate(_db, tx) {
      for (let c = await tx.objectStore('log').openCursor(); c; c = await c.continue()) {
        const e = c.value as LogRecord;
        if (e.device === undefined) await c.update(withKnownDevice(e));
      }
    },
  },
];

/** Checks that migrations are strictly increasing from 1 with no gaps; returns the last version. */
export function checkMigrations(migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${i} has version ${m.version}; expected ${i + 1}`);
  });
  const last = migrations[migrations.length - 1];
  if (!last) throw new Error('No migrations');
  return last.version;
}

/** Runs the steps after `oldVersion` up to `newVersion`, in order. */
export async function runMigrations(
  migrations: readonly Migration[],
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
  oldVersion: number,
  newVersion: number,
): Promise<void> {
  for (const m of migrations) {
    if (m.version > oldVersion && m.version <= newVersion) await m.migrate(db, tx);
  }
}
