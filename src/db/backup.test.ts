/**
 * The backup file format and the merge/replace rules, in Node (WebCrypto and Blob are Node's
 * own). The same code on real IndexedDB in Chromium: e2e/backup.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackup, inspectBackup } from './backup-format';
import type { BackupContent } from './backup-records';
import { planImport, wins, type LocalRecords } from './backup-merge';
import { DbError } from './errors';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM, type LiveTemplateRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord } from './schema';

const embedding = (seed: number) => Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(seed * 7.1 + i) / 10);
const person = (id: string, updatedAt: number, extra: Partial<PersonRecord> = {}): PersonRecord => ({ id, name: id.toUpperCase(), createdAt: 1, updatedAt, ...extra });
const template = (id: string, personId: string, updatedAt: number, deleted = false): TemplateRecord =>
  deleted
    ? { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: 1, updatedAt, deleted: true, deletedAt: updatedAt }
    : { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: 1, updatedAt, embedding: embedding(id.length + updatedAt) };
const thumbnail = (id: string, personId: string): ThumbnailRecord => ({ id, personId, createdAt: 1, blob: new Blob([`jpeg of ${id}`], { type: 'image/jpeg' }) });

function gallery(): BackupContent {
  return {
    people: [person('ann', 10), person('bob', 20, { name: '', deleted: true, deletedAt: 20 })],
    templates: [template('a1', 'ann', 10), template('a2', 'ann', 10), template('b1', 'bob', 20, true)],
    thumbnails: [thumbnail('a1', 'ann'), thumbnail('a2', 'ann')],
    log: [{ id: 'l1', at: 5, personId: 'ann', name: 'ANN', similarity: 0.61, thumbnail: new Blob(['face'], { type: 'image/jpeg' }) }, { id: 'l2', at: 6, personId: null, name: null, similarity: 0.2 }],
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof DbError ? err.code : `other: ${String(err)}`;
  }
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const headerEnd = (bytes: Uint8Array) => bytes.indexOf(0x0a) + 1;

describe('backup file', () => {
  it('round-trips every record (tombstones, float32 embeddings, image bytes, the log), plain and encrypted', async () => {
    const original = gallery();
    for (const passphrase of [undefined, 'correct horse']) {
      const progress: number[] = [];
      const file = await encodeBackup(original, { passphrase, onProgress: (done, total) => progress.push(done / total) });
      expect(progress.at(0)).toBe(0);
      expect(progress.at(-1)).toBe(1);
      const back = await decodeBackup(file, passphrase);
      expect(back.people).toEqual(original.people);
      expect(back.templates).toEqual(original.templates);
      expect(back.templates[0]!.embedding).toBeInstanceOf(Float32Array);
      expect(back.thumbnails.map((t) => [t.id, t.personId, t.blob.type])).toEqual([['a1', 'ann', 'image/jpeg'], ['a2', 'ann', 'image/jpeg']]);
      expect(await back.thumbnails[1]!.blob.text()).toBe('jpeg of a2');
      expect(back.log?.map((e) => ({ ...e, thumbnail: e.thumbnail?.size }))).toEqual([
        { id: 'l1', at: 5, personId: 'ann', name: 'ANN', similarity: 0.61, thumbnail: 4 },
        { id: 'l2', at: 6, personId: null, name: null, similarity: 0.2, thumbnail: undefined },
      ]);
    }
  });

  it('inspect reads the header only: counts when plain, nothing but the date when encrypted', async () => {
    const plain = await inspectBackup(await encodeBackup(gallery()));
    expect(plain).toMatchObject({ encrypted: false, summary: { modelId: DEFAULT_MODEL_ID, embeddingDim: 192, includesLog: true, counts: { people: 1, templates: 2, tombstones: 2, thumbnails: 2, log: 2 } } });
    const { log: _, ...noLog } = gallery();
    expect((await inspectBackup(await encodeBackup(noLog))).summary?.includesLog).toBe(false);
    const sealed = await encodeBackup(gallery(), { passphrase: 'x' });
    expect(await inspectBackup(sealed)).toEqual({ encrypted: true, createdAt: expect.any(Number) });
    expect(await sealed.text()).not.toContain('ANN');
  });

  it('names each bad file: not a backup, newer version, truncated, corrupt, wrong passphrase, another model', async () => {
    const plain = await bytesOf(await encodeBackup(gallery()));
    const sealed = await bytesOf(await encodeBackup(gallery(), { passphrase: 'right' }));
    const flip = (b: Uint8Array, at: number) => Uint8Array.from(b, (x, i) => (i === at ? x ^ 0x01 : x));
    const header = JSON.parse(new TextDecoder().decode(plain.subarray(0, headerEnd(plain) - 1))) as Record<string, unknown>;
    const withHeader = (h: Record<string, unknown>) => new Blob([JSON.stringify(h), '\n', plain.subarray(headerEnd(plain))]);
    const cases: Array<[string, Blob, string | undefined, string]> = [
      ['empty file', new Blob([]), undefined, 'not-a-backup'],
      ['a JPEG', new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])]), undefined, 'not-a-backup'],
      ['other JSON', new Blob(['{"format":"something-else","version":1}\n{}']), undefined, 'not-a-backup'],
      ['version 2', withHeader({ ...header, version: 2 }), undefined, 'backup-version'],
      ['cut inside the magic', new Blob([plain.subarray(0, 7)]), undefined, 'backup-truncated'],
      ['cut inside the header', new Blob([plain.subarray(0, 60)]), undefined, 'backup-truncated'],
      ['cut inside the body', new Blob([plain.subarray(0, plain.length - 100)]), undefined, 'backup-truncated'],
      ['cut encrypted', new Blob([sealed.subarray(0, sealed.length - 1)]), 'right', 'backup-truncated'],
      ['extra bytes', new Blob([plain, 'x']), undefined, 'backup-corrupt'],
      ['a flipped bit', new Blob([flip(plain, plain.length - 50)]), undefined, 'backup-corrupt'],
      ['a flipped bit, encrypted', new Blob([flip(sealed, sealed.length - 50)]), 'right', 'backup-corrupt'],
      ['edited counts', withHeader({ ...header, summary: { ...(header['summary'] as object), counts: { people: 9, templates: 2, tombstones: 2, thumbnails: 2, log: 2 } } }), undefined, 'backup-corrupt'],
      ['wrong passphrase', new Blob([sealed]), 'wrong', 'backup-passphrase'],
      ['no passphrase', new Blob([sealed]), undefined, 'backup-passphrase'],
      ['another model', withHeader({ ...header, summary: { ...(header['summary'] as object), modelId: 'arcface-512' } }), undefined, 'backup-model'],
    ];
    const got = await Promise.all(cases.map(async ([, file, pass]) => codeOf(decodeBackup(file, pass))));
    expect(Object.fromEntries(cases.map(([name], i) => [name, got[i]]))).toEqual(Object.fromEntries(cases.map(([name, , , code]) => [name, code])));
  });

  it('refuses a template of another model id or embedding size, wherever it is in the file', async () => {
    const other = gallery();
    other.templates[1] = { ...(other.templates[1] as TemplateRecord), modelId: 'facenet-128' };
    expect(await codeOf(decodeBackup(await encodeBackup(other), undefined))).toBe('backup-model');
    const short = gallery();
    short.templates[0] = { ...(short.templates[0] as LiveTemplateRecord), embedding: new Float32Array(128) };
    expect(await codeOf(decodeBackup(await encodeBackup(short), undefined))).toBe('backup-model');
  });

  it('stops when the signal aborts', async () => {
    const abort = new AbortController();
    const code = await codeOf(encodeBackup(gallery(), { signal: abort.signal, onProgress: (done) => done === 3 && abort.abort() }));
    expect(code).toBe('aborted');
  });
});

describe('import plan', () => {
  const local = (over: Partial<LocalRecords> = {}): LocalRecords => ({ people: [], templates: [], thumbnailIds: [], logIds: [], ...over });

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
      logIds: ['l-here'],
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
    const merged = planImport(local({ logIds: ['l1', 'l0'] }), backup, 'merge', 1);
    expect([merged.clearLog, merged.log.map((e) => e.id), merged.summary.log]).toEqual([false, ['l2'], { added: 1, removed: 0 }]);
    const replaced = planImport(local({ logIds: ['l1', 'l0'] }), backup, 'replace', 1);
    expect([replaced.clearLog, replaced.log.map((e) => e.id), replaced.summary.log]).toEqual([true, ['l1', 'l2'], { added: 1, removed: 1 }]);
  });
});
