/** The import plan (merge and replace, pure): backup-merge.ts. The same on real IndexedDB: e2e/backup.spec.ts. */
import { describe, expect, it } from 'vitest';
import type { BackupContent } from './backup-records';
import { planImport, wins, type LocalRecords } from './backup-merge';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM, type PersonRecord, type TemplateRecord, type ThumbnailRecord } from './schema';

const embedding = (seed: number) => Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(seed * 7.1 + i) / 10);
const person = (id: string, updatedAt: number, extra: Partial<PersonRecord> = {}): PersonRecord => ({ id, name: id.toUpperCase(), createdAt: 1, updatedAt, ...extra });
const template = (id: string, personId: string, updatedAt: number, deleted = false): TemplateRecord =>
  deleted
    ? { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: 1, updatedAt, deleted: true, deletedAt: updatedAt }
    : { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: 1, updatedAt, embedding: embedding(id.length + updatedAt) };
const thumbnail = (id: string, personId: string): ThumbnailRecord => ({ id, personId, createdAt: 1, blob: new Blob([`jpeg of ${id}`], { type: 'image/jpeg' }) });

describe('import plan', () => {
  const local = (over: Partial<LocalRecords> = {}): LocalRecords => ({ people: [], templates: [], thumbnailIds: [], log: [], ...over });

  it('last writer wins; on a tie a tombstone wins', () => {
    expect(wins(person('a', 2), person('a', 1))).toBe(true);
    expect(wins(person('a', 1), person('a', 2))).toBe(false);
    expect(wins(person('a', 2, { deleted: true, deletedAt: 2 }), person('a', 2))).toBe(true);
    expect(wins(person('a', 2), person('a', 2, { deleted: true, deletedAt: 2 }))).toBe(false);
    expect(wins(person('a', 2), person('a', 2))).toBe(false);
    expect(wins(person('a', 1), undefined)).toBe(true);
  });

  it('merge: newer records win, older lose, a newer tombstone deletes the person with their samples and thumbnails', () => {
    const device = local({
      people: [person('ann', 50, { name: 'Ann (renamed here)' }), person('bob', 10), person('cy', 10)],
      templates: [template('a1', 'ann', 10), template('b1', 'bob', 10), template('b2', 'bob', 30), template('c1', 'cy', 10)],
      thumbnailIds: ['a1', 'b1', 'b2', 'c1'],
    });
    const backup: BackupContent = {
      people: [person('ann', 40, { name: 'Ann (older)' }), person('bob', 20, { deleted: true, deletedAt: 20 }), person('dee', 5)],
      templates: [template('a1', 'ann', 10), template('b1', 'bob', 20, true), template('d1', 'dee', 5)],
      thumbnails: [thumbnail('a1', 'ann'), thumbnail('d1', 'dee')],
    };
    const plan = planImport(device, backup, 'merge', 1000);
    expect(plan.people.map((p) => [p.id, p.deleted ?? false])).toEqual([['bob', true], ['dee', false]]);
    // b2 was added here after the deletion there: still deleted, at `now`, as deletePerson does.
    expect(plan.templates.map((t) => [t.id, t.deleted ?? false, t.updatedAt])).toEqual([['b1', true, 20], ['d1', false, 5], ['b2', true, 1000]]);
    expect(plan.templates.every((t) => !t.deleted || t.embedding === undefined)).toBe(true);
    expect(plan.thumbnails.map((t) => t.id)).toEqual(['d1']);
    expect(plan.deleteThumbnails.sort()).toEqual(['b1', 'b2']);
    expect(plan.summary).toEqual({ mode: 'merge', people: { added: 1, updated: 0, removed: 1 }, templates: { added: 1, updated: 0, removed: 2 }, log: { added: 0, removed: 0 } });
  });

  it('replace: exactly the backup, and what it lacks becomes tombstones (not gone)', () => {
    const device = local({
      people: [person('ann', 50, { name: 'Ann (newer here)' }), person('eve', 10), person('old', 5, { deleted: true, deletedAt: 5 })],
      templates: [template('a1', 'ann', 10), template('a9', 'ann', 60), template('e1', 'eve', 10)],
      thumbnailIds: ['a1', 'a9', 'e1'],
      log: [{ id: 'l-here', at: 1 }],
    });
    const backup: BackupContent = {
      people: [person('ann', 40, { name: 'Ann (backup)' }), person('dee', 5)],
      templates: [template('a1', 'ann', 10), template('d1', 'dee', 5)],
      thumbnails: [thumbnail('d1', 'dee')],
    };
    const plan = planImport(device, backup, 'replace', 1000);
    const byId = new Map(plan.people.map((p) => [p.id, p]));
    expect(byId.get('ann')?.name).toBe('Ann (backup)');
    expect(byId.get('eve')).toMatchObject({ deleted: true, deletedAt: 1000, updatedAt: 1000 });
    expect(byId.has('old')).toBe(false);
    expect(plan.templates.map((t) => [t.id, t.deleted ?? false])).toEqual([['a9', true], ['e1', true], ['d1', false]]);
    // a1's version equals the device's: not rewritten; its thumbnail is not in the backup: removed.
    expect(plan.thumbnails.map((t) => t.id)).toEqual(['d1']);
    expect(plan.deleteThumbnails.sort()).toEqual(['a1', 'a9', 'e1']);
    // No log in the backup: the device's log stays.
    expect(plan.clearLog).toBe(false);
    expect(plan.summary).toEqual({ mode: 'replace', people: { added: 1, updated: 1, removed: 1 }, templates: { added: 1, updated: 0, removed: 2 }, log: { added: 0, removed: 0 } });
  });

  it('log: merge adds only new ids; replace with a log replaces it', () => {
    const entry = (id: string) => ({ id, at: 1, personId: null, name: null, similarity: 0.1 });
    const backup: BackupContent = { people: [], templates: [], thumbnails: [], log: [entry('l1'), entry('l2')] };
    const here = [{ id: 'l1', at: 1 }, { id: 'l0', at: 1 }];
    const merged = planImport(local({ log: here }), backup, 'merge', 1);
    expect([merged.clearLog, merged.log.map((e) => e.id), merged.summary.log]).toEqual([false, ['l2'], { added: 1, removed: 0 }]);
    const replaced = planImport(local({ log: here }), backup, 'replace', 1);
    expect([replaced.clearLog, replaced.log.map((e) => e.id), replaced.summary.log]).toEqual([true, ['l1', 'l2'], { added: 1, removed: 1 }]);
  });

  it('log: the limit keeps the newest entries, of the device and of the backup together', () => {
    const entry = (id: string, at: number) => ({ id, at, personId: null, name: null, similarity: 0.1 });
    const backup: BackupContent = { people: [], templates: [], thumbnails: [], log: [entry('b1', 10), entry('b2', 40), entry('b3', 60)] };
    const here = [{ id: 'h1', at: 20 }, { id: 'h2', at: 50 }];
    const merged = planImport(local({ log: here }), backup, 'merge', 1, 3);
    expect([merged.log.map((e) => e.id), merged.deleteLog, merged.summary.log]).toEqual([['b2', 'b3'], ['h1'], { added: 2, removed: 1 }]);
    const replaced = planImport(local({ log: here }), backup, 'replace', 1, 2);
    expect([replaced.clearLog, replaced.log.map((e) => e.id), replaced.deleteLog, replaced.summary.log]).toEqual([true, ['b2', 'b3'], [], { added: 2, removed: 2 }]);
  });

  describe('rename on one device, delete on another: the person is settled first, the samples follow', () => {
    // Both devices had Ann (a1, a2) at time 10. Device R renamed her at 30; device D deleted her at 20
    // (deletePerson: the person and her samples tombstoned with one deletedAt), and D had added a3 before.
    const renamed = (): LocalRecords =>
      local({ people: [person('ann', 30, { name: 'Ann R.' })], templates: [template('a1', 'ann', 10), template('a2', 'ann', 10)], thumbnailIds: ['a1', 'a2'] });
    const deletedContent = (): BackupContent => ({
      people: [person('ann', 20, { deleted: true, deletedAt: 20 })],
      templates: [template('a1', 'ann', 20, true), template('a2', 'ann', 20, true), template('a3', 'ann', 20, true)],
      thumbnails: [],
    });
    const renamedContent = (): BackupContent => ({
      people: [person('ann', 30, { name: 'Ann R.' })],
      templates: [template('a1', 'ann', 10), template('a2', 'ann', 10)],
      thumbnails: [thumbnail('a1', 'ann'), thumbnail('a2', 'ann')],
    });
    const deleted = (): LocalRecords => {
      const c = deletedContent();
      return local({ people: c.people, templates: c.templates });
    };

    it('the renaming device merges the deletion: Ann stays live with her samples and thumbnails', () => {
      const plan = planImport(renamed(), deletedContent(), 'merge', 1000);
      expect(plan.people).toEqual([]);
      // a3 was never here: its tombstone is recorded; a1 and a2 stay live.
      expect(plan.templates.map((t) => [t.id, t.deleted ?? false])).toEqual([['a3', true]]);
      expect(plan.deleteThumbnails).toEqual([]);
    });

    it('the deleting device merges the rename: Ann comes back with her samples (embeddings and thumbnails from the file)', () => {
      const plan = planImport(deleted(), renamedContent(), 'merge', 1000);
      expect(plan.people.map((p) => [p.id, p.name, p.deleted ?? false])).toEqual([['ann', 'Ann R.', false]]);
      expect(plan.templates.map((t) => [t.id, t.deleted ?? false, t.embedding instanceof Float32Array])).toEqual([['a1', false, true], ['a2', false, true]]);
      expect(plan.thumbnails.map((t) => t.id)).toEqual(['a1', 'a2']);
      expect(plan.summary.templates).toEqual({ added: 2, updated: 0, removed: 0 });
    });

    it('a newer deletion still wins, and takes every sample with it', () => {
      const device = renamed();
      const later: BackupContent = { ...deletedContent(), people: [person('ann', 40, { deleted: true, deletedAt: 40 })] };
      later.templates = later.templates.map((t) => ({ ...t, updatedAt: 40, deletedAt: 40 }));
      const plan = planImport(device, later, 'merge', 1000);
      expect(plan.people.map((p) => p.deleted)).toEqual([true]);
      expect(plan.templates.filter((t) => !t.deleted)).toEqual([]);
      expect(plan.deleteThumbnails.sort()).toEqual(['a1', 'a2']);
    });

    it('a sample deleted on its own (not with the person) stays deleted', () => {
      const device = renamed();
      const backup: BackupContent = { people: [person('ann', 10)], templates: [template('a1', 'ann', 10), template('a2', 'ann', 25, true)], thumbnails: [thumbnail('a1', 'ann')] };
      const plan = planImport(device, backup, 'merge', 1000);
      expect(plan.templates.map((t) => [t.id, t.deleted ?? false])).toEqual([['a2', true]]);
      expect(plan.deleteThumbnails).toEqual(['a2']);
    });

    it('a person deleted by a merge has sample tombstones that follow it (its deletedAt)', () => {
      const device = local({ people: [person('bob', 10)], templates: [template('b1', 'bob', 10)], thumbnailIds: ['b1'] });
      const backup: BackupContent = { people: [person('bob', 20, { deleted: true, deletedAt: 20 })], templates: [], thumbnails: [] };
      const plan = planImport(device, backup, 'merge', 1000);
      expect(plan.templates.map((t) => [t.id, t.deleted, t.deletedAt, t.updatedAt])).toEqual([['b1', true, 20, 1000]]);
    });
  });
});

