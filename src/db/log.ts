/** The recognition log: who was seen when, deduplicated and bounded. */
import { DbError } from './errors';
import { notifyChange } from './events';
import { MAX_DEVICE_ID_LENGTH, MAX_DEVICE_NAME_LENGTH, readLogMarks, type LogRecord, type VisageIdb } from './schema';
import { read, write, writeKeepingGallery } from './tx';

export interface NewLogEntry {
  /** Epoch ms; defaults to now. */
  at?: number;
  /** null = unknown face. */
  personId: string | null;
  /** The name at that time; null = unknown. */
  name: string | null;
  similarity: number;
  thumbnail?: Blob;
  /** 'enrolled': a camera enrolment (absent: a recognition). */
  event?: LogRecord['event'];
  /** The liveness check's outcome, when one was made. */
  liveness?: LogRecord['liveness'];
  /** Why it failed. */
  livenessReason?: string;
  /** The id of the device writing it (src/app/device.ts); absent or null: unknown. */
  device?: string | null;
  /** That device's name. */
  deviceName?: string;
}

export interface AddLogOptions {
  /** Skip the entry when the same person (or an unknown face) was logged less than this ago. */
  dedupeMs?: number;
  /** Keep at most this many entries; the oldest go first. */
  maxEntries?: number;
}

export interface LogQuery {
  /** Only this person's entries. */
  personId?: string;
  /** Only unknown faces. */
  unknownOnly?: boolean;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
  /** At most this many (the newest). */
  limit?: number;
}

export const LOG_CLEARED_AT = 'log.clearedAt';

function checkEntry(input: NewLogEntry): LogRecord {
  const at = input.at ?? Date.now();
  if (!Number.isFinite(at)) throw new DbError('invalid-argument', 'The log entry time must be a finite number.');
  if (input.personId !== null && typeof input.personId !== 'string') {
    throw new DbError('invalid-argument', 'The log entry personId must be a string or null.');
  }
  if (input.name !== null && typeof input.name !== 'string') throw new DbError('invalid-argument', 'The log entry name must be a string or null.');
  if (typeof input.similarity !== 'number' || Number.isNaN(input.similarity)) {
    throw new DbError('invalid-argument', 'The log entry similarity must be a number.');
  }
  if (input.thumbnail !== undefined && !(input.thumbnail instanceof Blob)) {
    throw new DbError('invalid-argument', 'The log entry thumbnail must be a Blob.');
  }
  const marks = readLogMarks(input);
  if (typeof marks === 'string') throw new DbError('invalid-argument', `The log entry is malformed: ${marks}.`);
  if (input.device != null && (typeof input.device !== 'string' || input.device === '' || input.device.length > MAX_DEVICE_ID_LENGTH)) {
    throw new DbError('invalid-argument', 'The log entry device must be an id (a UUID) or null.');
  }
  if (input.deviceName !== undefined && (typeof input.deviceName !== 'string' || [...input.deviceName].length > MAX_DEVICE_NAME_LENGTH)) {
    throw new DbError('invalid-argument', `The log entry device name must be text of at most ${MAX_DEVICE_NAME_LENGTH} characters.`);
  }
  const entry: LogRecord = { id: crypto.randomUUID(), at, personId: input.personId, name: input.name, similarity: input.similarity, ...marks, device: input.device ?? null };
  if (input.deviceName) entry.deviceName = input.deviceName;
  if (input.thumbnail) entry.thumbnail = input.thumbnail;
  return entry;
}

/** Two entries say the same thing: the same person (or both unknown) and the same marks. */
const sameKind = (a: LogRecord, b: LogRecord) =>
  a.personId === b.personId && a.event === b.event && a.liveness === b.liveness && a.livenessReason === b.livenessReason;

/**
 * Adds an entry unless an entry of the same kind (the same person, or, for an unknown face,
 * another unknown face, with the same event and liveness marks) was logged less than `dedupeMs`
 * before or after it; then drops the oldest entries beyond
 * `maxEntries`. Check, add and trim happen in one transaction. Returns the entry, or null when
 * it was skipped (also when its person is deleted: erasure must not be undone by a late entry).
 */
export async function addLogEntry(
  db: VisageIdb,
  dbName: string,
  input: NewLogEntry,
  { dedupeMs = 30_000, maxEntries = 10_000 }: AddLogOptions = {},
): Promise<LogRecord | null> {
  const entry = checkEntry(input);
  if (!(maxEntries >= 1)) throw new DbError('invalid-argument', 'maxEntries must be at least 1.');
  // Reads its person only: the packed gallery stays.
  const added = await writeKeepingGallery(db, ['log', 'people'], async (tx) => {
    // A person deleted meanwhile (a recognition just before, another tab) gets no entry.
    if (entry.personId !== null && (await tx.objectStore('people').get(entry.personId))?.deleted) return null;
    const byTime = tx.objectStore('log').index('at');
    if (dedupeMs > 0) {
      const near = IDBKeyRange.bound(entry.at - dedupeMs, entry.at + dedupeMs, true, true);
      for (let c = await byTime.openCursor(near, 'prev'); c; c = await c.continue()) {
        if (sameKind(c.value, entry)) return null;
      }
    }
    await tx.objectStore('log').add(entry);
    let excess = (await tx.objectStore('log').count()) - maxEntries;
    for (let c = excess > 0 ? await byTime.openKeyCursor() : null; c && excess > 0; excess--) {
      await tx.objectStore('log').delete(c.primaryKey);
      c = await c.continue();
    }
    return entry;
  });
  if (added) notifyChange('log', dbName);
  return added;
}

/** Entries matching `query`, newest first. */
export async function queryLog(db: VisageIdb, query: LogQuery = {}): Promise<LogRecord[]> {
  const { personId, unknownOnly = false, from, to, limit = Infinity } = query;
  if (from !== undefined && to !== undefined && from > to) return [];
  const inRange = (at: number) => (from === undefined || at >= from) && (to === undefined || at <= to);
  return read(db, ['log'], async (tx) => {
    if (personId !== undefined) {
      const rows = await tx.objectStore('log').index('personId').getAll(personId);
      return rows
        .filter((r) => inRange(r.at))
        .sort((a, b) => b.at - a.at)
        .slice(0, limit);
    }
    const range =
      from !== undefined && to !== undefined
        ? IDBKeyRange.bound(from, to)
        : from !== undefined
          ? IDBKeyRange.lowerBound(from)
          : to !== undefined
            ? IDBKeyRange.upperBound(to)
            : undefined;
    const out: LogRecord[] = [];
    for (let c = await tx.objectStore('log').index('at').openCursor(range, 'prev'); c && out.length < limit; c = await c.continue()) {
      if (!unknownOnly || c.value.personId === null) out.push(c.value);
    }
    return out;
  });
}

export async function countLog(db: VisageIdb): Promise<number> {
  return read(db, ['log'], (tx) => tx.objectStore('log').count());
}

/** Empties the log and records when (setting `log.clearedAt`), in one transaction. */
export async function clearLog(db: VisageIdb, dbName: string): Promise<void> {
  const now = Date.now();
  await write(db, ['log', 'settings'], async (tx) => {
    await tx.objectStore('log').clear();
    await tx.objectStore('settings').put({ key: LOG_CLEARED_AT, value: now, updatedAt: now });
  });
  notifyChange('log', dbName);
}

/** How long log entries are kept, in days; 0 = no time limit (only the entry limit). */
export interface LogRetention {
  /** Entries of known people (recognitions, enrolments). */
  knownDays: number;
  /** Entries of unknown faces (personId null), with their face crops. */
  unknownDays: number;
}

const DAY_MS = 86_400_000;

/** The time before which entries go (epoch ms), or -Infinity: none go. */
const cutoff = (days: number, now: number) => {
  if (!Number.isFinite(days) || days < 0) throw new DbError('invalid-argument', 'A retention period must be a number of days, 0 or more.');
  return days > 0 ? now - days * DAY_MS : -Infinity;
};

/**
 * Deletes, in one transaction, the entries of known people older than `knownDays` and those of
 * unknown faces older than `unknownDays` (before `now`); returns how many went.
 */
export async function pruneLog(db: VisageIdb, dbName: string, retention: LogRetention, now = Date.now()): Promise<number> {
  const known = cutoff(retention.knownDays, now);
  const unknown = cutoff(retention.unknownDays, now);
  const upTo = Math.max(known, unknown);
  if (upTo === -Infinity) return 0;
  const removed = await write(db, ['log'], async (tx) => {
    let n = 0;
    for (let c = await tx.objectStore('log').index('at').openCursor(IDBKeyRange.upperBound(upTo, true)); c; c = await c.continue()) {
      if (c.value.at < (c.value.personId === null ? unknown : known)) {
        await c.delete();
        n++;
      }
    }
    return n;
  });
  if (removed > 0) notifyChange('log', dbName);
  return removed;
}
