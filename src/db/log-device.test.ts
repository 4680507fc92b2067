/**
 * The device on each log entry: the schema 3 migration, the entry check and the sync documents.
 * Backups of old and new files: backup.test.ts. On real IndexedDB: e2e/db.spec.ts, e2e/sync.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { addLogEntry } from './log';
import { MIGRATIONS, SCHEMA_VERSION, withKnownDevice, type LogRecord, type VisageIdb } from './schema';
import { logDoc, parseBody, bodyOf } from './sync/docs';

const A = '0b8a3c7e-1f2d-4e5a-9b6c-7d8e9f0a1b2c';
const B = '9d1e7f3a-5b2c-4d6e-8f0a-1b2c3d4e5f60';
const T = Date.UTC(2025, 0, 1);
const entry = (id: string, extra: Partial<LogRecord> = {}): LogRecord => ({ id, at: T, personId: null, name: null, similarity: 0.3, ...extra });

/** A versionchange transaction's log store over `rows`, as far as the migration uses it (a cursor that updates in place). */
function fakeTx(rows: LogRecord[]) {
  const cursor = (i: number): unknown =>
    i < rows.length ? { value: rows[i], update: (v: LogRecord) => Promise.resolve((rows[i] = v)), continue: () => Promise.resolve(cursor(i + 1)) } : null;
  return { objectStore: () => ({ openCursor: () => Promise.resolve(cursor(0)) }) } as never;
}

describe('schema 3: the device of a log entry', () => {
  it('the migration marks older entries as of an unknown device (null) and leaves the rest', async () => {
    const step = MIGRATIONS.find((m) => m.version === 3)!;
    expect(SCHEMA_VERSION).toBe(3);
    const rows = [entry('old'), entry('mine', { device: A, deviceName: 'Desk' }), entry('unknown', { device: null })];
    await step.migrate({} as never, fakeTx(rows));
    expect(rows.map((r) => [r.id, r.device, r.deviceName])).toEqual([['old', null, undefined], ['mine', A, 'Desk'], ['unknown', null, undefined]]);
    expect(withKnownDevice(rows[1]!)).toBe(rows[1]);
  });

  it('a new entry refuses a bad device or device name before touching the database', async () => {
    const db = {} as VisageIdb;
    const codeOf = (extra: object) => addLogEntry(db, 'x', { personId: null, name: null, similarity: 0.1, ...extra }).then(() => 'ok', (e: { code?: string }) => e.code);
    expect(await codeOf({ device: '' })).toBe('invalid-argument');
    expect(await codeOf({ device: 'd'.repeat(65) })).toBe('invalid-argument');
    expect(await codeOf({ device: 7 })).toBe('invalid-argument');
    expect(await codeOf({ device: A, deviceName: 'n'.repeat(101) })).toBe('invalid-argument');
  });
});

describe('sync documents carry the device', () => {
  it("an entry's document names the device that wrote it, read back with its name", async () => {
    const doc = await logDoc(entry('l1', { device: A, deviceName: 'Front desk' }), B);
    expect(doc.device).toBe(A);
    const parsed = parseBody(doc._id, bodyOf(doc));
    expect(parsed).toMatchObject({ kind: 'log', device: A, record: { id: 'l1', device: A, deviceName: 'Front desk' } });
  });

  it('an entry of before schema 3 goes out as of the device that sends it', async () => {
    const doc = await logDoc(entry('l2', { device: null }), B);
    expect(parseBody(doc._id, bodyOf(doc))).toMatchObject({ device: B, record: { device: B } });
  });

  it('a document with a bad device name is refused', async () => {
    const doc = await logDoc(entry('l3', { device: A, deviceName: 'Desk' }), A);
    expect(() => parseBody(doc._id, { ...bodyOf(doc), deviceName: 'x'.repeat(500) })).toThrow(/refused/);
  });
});
