/** The conflict rule and what documents change on a device, without a server (sync.test.ts has one). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, EARLIER_MODEL_ID, type LogRecord, type PersonRecord, type TemplateRecord } from '../schema';
import type { ParsedDoc } from './docs';
import { compareVersions, pickWinner, planApply, type RecordSnapshot } from './merge';
import { embedding, jpeg, T } from '../../../test/support/sync-devices';

const person = (id: string, updatedAt: number, name = id.toUpperCase()): PersonRecord => ({ id, name, createdAt: T(0), updatedAt: T(updatedAt) });
const tomb = (id: string, at: number): PersonRecord => ({ id, name: '', createdAt: T(0), updatedAt: T(at), deleted: true, deletedAt: T(at) });
const template = (id: string, personId: string, modelId = DEFAULT_MODEL_ID): TemplateRecord => ({ id, personId, modelId, quality: 0.9, embedding: embedding(1), createdAt: T(0), updatedAt: T(1) });
const pDoc = (record: PersonRecord): ParsedDoc => ({ kind: 'person', id: `p:${record.id}`, record });
const tDoc = (record: TemplateRecord): ParsedDoc => ({ kind: 'template', id: `t:${record.id}`, record, thumbnail: { id: record.id, personId: record.personId, blob: jpeg(record.id), createdAt: T(0) } });
const entry = (id: string, personId: string | null): LogRecord => ({ id, at: T(5), personId, name: personId, similarity: 0.7 });
const empty = (): RecordSnapshot => ({ people: [], templates: [], thumbnailIds: [], log: [] });

describe('the rule', () => {
  it('a deletion beats a later rename; otherwise the last writer wins; a tie is decided by content, alike everywhere', () => {
    expect(pickWinner([pDoc(person('a', 50, 'Later')), pDoc(tomb('a', 10))])).toEqual(pDoc(tomb('a', 10)));
    expect(pickWinner([pDoc(person('a', 10, 'Old')), pDoc(person('a', 20, 'New'))])).toEqual(pDoc(person('a', 20, 'New')));
    const tie = [pDoc(person('a', 10, 'Xavier')), pDoc(person('a', 10, 'Yves')), pDoc(person('a', 10, 'Abe'))];
    const winners = [tie, [...tie].reverse(), [tie[1]!, tie[2]!, tie[0]!]].map((order) => pickWinner(order));
    expect(new Set(winners.map((w) => JSON.stringify(w))).size).toBe(1);
    const v = (deleted: boolean, updatedAt: number, tie: string) => ({ deleted, updatedAt, tie });
    expect(compareVersions(v(false, 1, 'a'), v(false, 1, 'a'))).toBe(0);
    expect(Math.sign(compareVersions(v(false, 1, 'a'), v(false, 1, 'b')))).toBe(-Math.sign(compareVersions(v(false, 1, 'b'), v(false, 1, 'a'))));
  });
});

describe('planApply', () => {
  it("writes what wins, not what loses to the device's own version", () => {
    const local = { ...empty(), people: [person('a', 30, 'Mine'), person('b', 10, 'Old')] };
    const { writes } = planApply(local, [pDoc(person('a', 20, 'Theirs')), pDoc(person('b', 20, 'New')), pDoc(person('c', 1))], [], DEFAULT_MODEL_ID);
    expect(writes.people.map((p) => p.name)).toEqual(['New', 'C']);
  });

  it("refuses live samples of another model; a deletion of one still applies", () => {
    const other = template('t1', 'a', EARLIER_MODEL_ID);
    const { writes, counts } = planApply({ ...empty(), people: [person('a', 1)] }, [tDoc(other), tDoc(template('t2', 'a'))], [], DEFAULT_MODEL_ID);
    expect(counts.otherModel).toBe(1);
    expect(writes.templates.map((t) => t.id)).toEqual(['t2']);
    expect(writes.thumbnails.map((t) => t.id)).toEqual(['t2']);
    const deletedOther: TemplateRecord = { id: 't1', personId: 'a', modelId: EARLIER_MODEL_ID, quality: 1, createdAt: T(0), updatedAt: T(9), deleted: true, deletedAt: T(9) };
    const local = { ...empty(), people: [person('a', 1)], templates: [other], thumbnailIds: ['t1'] };
    const gone = planApply(local, [{ kind: 'template', id: 't:t1', record: deletedOther }], [], DEFAULT_MODEL_ID).writes;
    expect(gone.templates).toEqual([deletedOther]);
    expect(gone.deleteThumbnails).toEqual(['t1']);
  });

  it('a deleted person keeps no sample, face or log entry; the tombstones are the same on every device', () => {
    const local: RecordSnapshot = { people: [person('a', 1)], templates: [template('t1', 'a')], thumbnailIds: ['t1'], log: [entry('l1', 'a'), entry('l2', null)] };
    const incoming = [pDoc(tomb('a', 40)), tDoc(template('t2', 'a')), { kind: 'log', id: 'l:l3', record: entry('l3', 'a'), device: 'B' } as ParsedDoc];
    const { writes } = planApply(local, incoming, [], DEFAULT_MODEL_ID);
    expect(writes.people).toEqual([tomb('a', 40)]);
    expect(writes.templates.map((t) => [t.id, t.deleted, t.deletedAt, t.updatedAt, t.embedding])).toEqual([
      ['t1', true, T(40), T(40), undefined],
      ['t2', true, T(40), T(40), undefined],
    ]);
    expect(writes.thumbnails).toEqual([]);
    expect(writes.deleteThumbnails).toEqual(['t1']);
    expect(writes.log).toEqual([]);
    expect(writes.deleteLog).toEqual(['l1']);
  });

  it('adds log entries once; removes those erased elsewhere; site settings: the last change wins', () => {
    const local: RecordSnapshot = { ...empty(), people: [person('a', 1)], log: [entry('l1', 'a'), entry('l2', null)], site: { values: { threshold: 0.3 }, updatedAt: T(10) } };
    const log = (id: string): ParsedDoc => ({ kind: 'log', id: `l:${id}`, record: entry(id, 'a'), device: 'B' });
    const site = (threshold: number, at: number): ParsedDoc => ({ kind: 'site', id: 's:site', site: { values: { threshold }, updatedAt: T(at) } });
    const { writes } = planApply(local, [log('l1'), log('l3'), site(0.4, 5)], ['l2'], DEFAULT_MODEL_ID);
    expect(writes.log.map((e) => e.id)).toEqual(['l3']);
    expect(writes.deleteLog).toEqual(['l2']);
    expect(writes.site).toBeUndefined();
    expect(planApply(local, [site(0.4, 20)], [], DEFAULT_MODEL_ID).writes.site).toEqual({ values: { threshold: 0.4 }, updatedAt: T(20) });
  });
});
