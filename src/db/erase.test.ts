/**
 * Erasure and consent rules that need no browser: a person's tombstone, a backup's tombstone
 * losing its name, an import leaving no log entry of a deleted person, the consent checks. The
 * same on real IndexedDB (deletion, the schema 2 migration, retention): e2e/privacy.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackup } from './backup-format';
import { planImport } from './backup-merge';
import { checkConsent, MIN_CONSENT_TIME } from './consent';
import { MAX_CONSENT_LENGTH, personTombstone, type LogRecord, type PersonRecord } from './schema';

const NAME = 'Zebulon Quaritch';
/** A time backups accept (from 2020 on). */
const T = (n: number) => Date.UTC(2025, 0, 1) + n;
const person = (id: string, updatedAt: number, extra: Partial<PersonRecord> = {}): PersonRecord => ({ id, name: NAME, createdAt: 1, updatedAt, ...extra });
const entry = (id: string, personId: string | null): LogRecord => ({ id, at: 5, personId, name: personId ? NAME : null, similarity: 0.7 });

describe('erasure', () => {
  it('a tombstone holds the id and dates only', () => {
    const p = person('p', 3, { consent: { who: 'Zebulon', when: 2, how: 'signed form' } });
    expect(personTombstone(p, 9)).toEqual({ id: 'p', name: '', createdAt: 1, updatedAt: 9, deleted: true, deletedAt: 9 });
  });

  it("an older backup's tombstone loses its name on import", async () => {
    const file = await encodeBackup({ people: [person('p', T(3), { createdAt: T(1), deleted: true, deletedAt: T(3) })], templates: [], thumbnails: [] });
    expect(new TextDecoder().decode(await file.arrayBuffer())).toContain(NAME);
    const back = await decodeBackup(file, undefined);
    expect(back.people).toEqual([{ id: 'p', name: '', createdAt: T(1), updatedAt: T(3), deleted: true, deletedAt: T(3) }]);
  });

  it('an import brings no log entry of a person who is deleted once it is done', () => {
    const local = { people: [person('gone', 9, { name: '', deleted: true, deletedAt: 9 }), person('kept', 1)], templates: [], thumbnailIds: [], log: [] };
    const backup = { people: [person('gone', 2), person('kept', 1), person('new', 1, { deleted: true, deletedAt: 1 })], templates: [], thumbnails: [], log: [entry('g', 'gone'), entry('k', 'kept'), entry('n', 'new'), entry('u', null)] };
    // Merge: the device's newer deletion of 'gone' stands; 'new' arrives deleted.
    const merged = planImport(local, backup, 'merge', 100);
    expect([merged.log.map((e) => e.id), merged.summary.log.added]).toEqual([['k', 'u'], 2]);
    // Replace makes the device the backup: 'gone' is live there, so back with its entry; 'new' is not.
    const replaced = planImport(local, backup, 'replace', 100);
    expect(replaced.log.map((e) => e.id)).toEqual(['g', 'k', 'u']);
  });
});

describe('consent', () => {
  const now = Date.UTC(2026, 5, 1);
  const ok = { who: 'Zebulon (himself)', when: Date.UTC(2026, 4, 30), how: 'signed paper form' };

  it('accepts a note, trimmed, NFC, without format characters', () => {
    expect(checkConsent(ok, now)).toEqual({ consent: ok });
    expect(checkConsent({ ...ok, who: '  Zo\u0065\u0301\u202e\u200b ', how: '\u2066oral\u2069' }, now)).toEqual({ consent: { ...ok, who: 'Zo\u00e9', how: 'oral' } });
    expect(checkConsent({ ...ok, who: 'x'.repeat(MAX_CONSENT_LENGTH), when: MIN_CONSENT_TIME }, now)).toMatchObject({ consent: { when: MIN_CONSENT_TIME } });
  });

  it('refuses each bad field with its problem', () => {
    const cases: Array<[Partial<typeof ok> | Record<string, unknown>, string]> = [
      [{ who: ' \u200b ' }, 'who-empty'],
      [{ who: 'x'.repeat(MAX_CONSENT_LENGTH + 1) }, 'who-long'],
      [{ how: '' }, 'how-empty'],
      [{ how: 7 }, 'how-empty'],
      [{ how: '🐉'.repeat(MAX_CONSENT_LENGTH + 1) }, 'how-long'],
      [{ how: 'line\nbreak' }, 'control-characters'],
      [{ when: Number.NaN }, 'bad-date'],
      [{ when: '2026-05-30' }, 'bad-date'],
      [{ when: 9e15 }, 'bad-date'],
      [{ when: MIN_CONSENT_TIME - 1 }, 'bad-date'],
      [{ when: now + 86_400_000 }, 'future-date'],
    ];
    for (const [change, problem] of cases) expect(checkConsent({ ...ok, ...change }, now), JSON.stringify(change)).toEqual({ problem });
  });
});
