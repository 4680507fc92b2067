/**
 * The backup file format and its schema, in Node (WebCrypto and Blob are Node's own). The merge
 * rules: backup-merge.test.ts. The same code on real IndexedDB in Chromium: e2e/backup.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { sealer } from './backup-crypto';
import { decodeBackup, encodeBackup, inspectBackup } from './backup-format';
import type { BackupContent } from './backup-records';
import { DbError } from './errors';
import { DEFAULT_MODEL_ID, EARLIER_MODEL_ID, EMBEDDING_DIM, type LiveTemplateRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord } from './schema';

/** A time of 2025 plus `n` ms: records' times must be after 2020 and not in the future. */
const T = (n: number) => Date.UTC(2025, 0, 1) + n;
const JPEG = (label: string) => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), label], { type: 'image/jpeg' });
const embedding = (seed: number) => Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(seed * 7.1 + i) / 10);
const person = (id: string, updatedAt: number, extra: Partial<PersonRecord> = {}): PersonRecord => ({ id, name: id.toUpperCase(), createdAt: T(1), updatedAt: T(updatedAt), ...extra });
const template = (id: string, personId: string, updatedAt: number, deleted = false): TemplateRecord =>
  deleted
    ? { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: T(1), updatedAt: T(updatedAt), deleted: true, deletedAt: T(updatedAt) }
    : { id, personId, modelId: DEFAULT_MODEL_ID, quality: 0.9, createdAt: T(1), updatedAt: T(updatedAt), embedding: embedding(id.length + updatedAt) };
const thumbnail = (id: string, personId: string): ThumbnailRecord => ({ id, personId, createdAt: T(1), blob: JPEG(`jpeg of ${id}`) });
const PASS = 'correct horse';
const DEVICE = '3f1c2b9a-8d7e-4c6b-a5f4-e3d2c1b0a998';

function gallery(): BackupContent {
  return {
    people: [person('ann', 10, { consent: { who: 'Ann herself', when: T(2), how: 'signed form' } }), person('bob', 20, { name: '', deleted: true, deletedAt: T(20) })],
    templates: [template('a1', 'ann', 10), template('a2', 'ann', 10), template('b1', 'bob', 20, true)],
    thumbnails: [thumbnail('a1', 'ann'), thumbnail('a2', 'ann')],
    log: [{ id: 'l1', at: T(5), personId: 'ann', name: 'ANN', similarity: 0.61, thumbnail: JPEG('face'), device: DEVICE, deviceName: 'Front desk' }, { id: 'l2', at: T(6), personId: null, name: null, similarity: 0.2 }],
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
    for (const passphrase of [undefined, PASS]) {
      const progress: number[] = [];
      const file = await encodeBackup(original, { passphrase, onProgress: (done, total) => progress.push(done / total) });
      expect(progress.at(0)).toBe(0);
      expect(progress.at(-1)).toBe(1);
      const back = await decodeBackup(file, passphrase);
      expect(back.people).toEqual(original.people);
      expect(back.templates).toEqual(original.templates);
      expect(back.templates[0]!.embedding).toBeInstanceOf(Float32Array);
      expect(back.thumbnails.map((t) => [t.id, t.personId, t.blob.type])).toEqual([['a1', 'ann', 'image/jpeg'], ['a2', 'ann', 'image/jpeg']]);
      expect((await back.thumbnails[1]!.blob.text()).slice(4)).toBe('jpeg of a2');
      expect(back.log?.map((e) => ({ ...e, thumbnail: e.thumbnail?.size }))).toEqual([
        { id: 'l1', at: T(5), personId: 'ann', name: 'ANN', similarity: 0.61, thumbnail: 8, device: DEVICE, deviceName: 'Front desk' },
        // Written without a device (as every entry before schema 3): an unknown device.
        { id: 'l2', at: T(6), personId: null, name: null, similarity: 0.2, thumbnail: undefined, device: null },
      ]);
    }
  });

  it('inspect reads the header only: counts when plain, nothing but the date when encrypted', async () => {
    const plain = await inspectBackup(await encodeBackup(gallery()));
    expect(plain).toMatchObject({ encrypted: false, summary: { modelId: DEFAULT_MODEL_ID, embeddingDim: 512, includesLog: true, counts: { people: 1, templates: 2, tombstones: 2, thumbnails: 2, log: 2 } } });
    const { log: _, ...noLog } = gallery();
    expect((await inspectBackup(await encodeBackup(noLog))).summary?.includesLog).toBe(false);
    const sealed = await encodeBackup(gallery(), { passphrase: PASS });
    expect(await inspectBackup(sealed)).toEqual({ encrypted: true, createdAt: expect.any(Number) });
    expect(await sealed.text()).not.toContain('ANN');
  });

  it('names each bad file: not a backup, newer version, truncated, corrupt, wrong passphrase, another model', async () => {
    const plain = await bytesOf(await encodeBackup(gallery()));
    const sealed = await bytesOf(await encodeBackup(gallery(), { passphrase: PASS }));
    const flip = (b: Uint8Array, at: number) => Uint8Array.from(b, (x, i) => (i === at ? x ^ 0x01 : x));
    const header = JSON.parse(new TextDecoder().decode(plain.subarray(0, headerEnd(plain) - 1))) as Record<string, unknown>;
    const withHeader = (h: Record<string, unknown>) => new Blob([JSON.stringify(h), '\n', plain.subarray(headerEnd(plain))]);
    const cases: Array<[string, Blob, string | undefined, string]> = [
      ['empty file', new Blob([]), undefined, 'not-a-backup'],
      ['a JPEG', new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])]), undefined, 'not-a-backup'],
      ['other JSON', new Blob(['{"format":"something-else","version":1}\n{}']), undefined, 'not-a-backup'],
      ['version 3', withHeader({ ...header, version: 3 }), undefined, 'backup-version'],
      ['cut inside the magic', new Blob([plain.subarray(0, 7)]), undefined, 'backup-truncated'],
      ['cut inside the header', new Blob([plain.subarray(0, 60)]), undefined, 'backup-truncated'],
      ['cut inside the body', new Blob([plain.subarray(0, plain.length - 100)]), undefined, 'backup-truncated'],
      ['cut encrypted', new Blob([sealed.subarray(0, sealed.length - 1)]), PASS, 'backup-truncated'],
      ['extra bytes', new Blob([plain, 'x']), undefined, 'backup-corrupt'],
      ['a flipped bit', new Blob([flip(plain, plain.length - 50)]), undefined, 'backup-corrupt'],
      ['a flipped bit, encrypted', new Blob([flip(sealed, sealed.length - 50)]), PASS, 'backup-corrupt'],
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

  it("reads templates of the earlier app model (192 values) beside the app's: the model upgrade makes them again", async () => {
    const mixed = gallery();
    const earlier = Float32Array.from({ length: 192 }, (_, i) => Math.cos(i) / 10);
    mixed.templates[0] = { ...(mixed.templates[0] as LiveTemplateRecord), modelId: EARLIER_MODEL_ID, embedding: earlier };
    const back = await decodeBackup(await encodeBackup(mixed), undefined);
    expect(back.templates.map((t) => t.modelId)).toEqual(mixed.templates.map((t) => t.modelId));
    expect(Array.from((back.templates[0] as LiveTemplateRecord).embedding)).toEqual(Array.from(earlier));
    // The earlier model's id with the app's embedding length (or the reverse) is refused.
    const wrong = gallery();
    wrong.templates[0] = { ...(wrong.templates[0] as LiveTemplateRecord), modelId: EARLIER_MODEL_ID };
    expect(await codeOf(decodeBackup(await encodeBackup(wrong), undefined))).toBe('backup-model');
  });

  it('stops when the signal aborts', async () => {
    const abort = new AbortController();
    const code = await codeOf(encodeBackup(gallery(), { signal: abort.signal, onProgress: (done) => done === 3 && abort.abort() }));
    expect(code).toBe('aborted');
  });
});

// ---- The schema: each bad field refused with its own code ----

type Json = Record<string, unknown>;
type Payload = { summary: { counts: Record<string, number> }; people: Json[]; templates: Json[]; thumbnails: Json[]; log: Json[] };
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const hexOf = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

/** A plain backup of the gallery whose payload `edit` changed, with its size, checksum and header summary made right again. */
async function plainWith(edit: (payload: Payload) => void): Promise<Blob> {
  const bytes = await bytesOf(await encodeBackup(gallery()));
  const end = headerEnd(bytes);
  const header = JSON.parse(decode(bytes.subarray(0, end - 1))) as Record<string, unknown>;
  const payload = JSON.parse(decode(bytes.subarray(end))) as Payload;
  edit(payload);
  const body = new TextEncoder().encode(JSON.stringify(payload));
  const sha256 = hexOf(await crypto.subtle.digest('SHA-256', body));
  return new Blob([JSON.stringify({ ...header, bodyBytes: body.length, sha256, summary: payload.summary }), '\n', body]);
}

const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

describe('backup schema', () => {
  it('refuses each bad field with its code, whether the file is checked or not', async () => {
    const future = Date.now() + 25 * 3600_000;
    const cases: Array<[string, (p: Payload) => void, string]> = [
      ['updatedAt 1e300', (p) => (p.people[0]!['updatedAt'] = 1e300), 'backup-time'],
      ['a day and more in the future', (p) => (p.templates[0]!['createdAt'] = future), 'backup-time'],
      ['before 2020', (p) => (p.log[0]!['at'] = Date.UTC(2019, 11, 31)), 'backup-time'],
      ['consent in the future', (p) => ((p.people[0]!['consent'] as Json)['when'] = future), 'backup-time'],
      ['a huge id', (p) => (p.log[1]!['id'] = 'x'.repeat(1_000_000)), 'backup-too-long'],
      ['a huge liveness reason', (p) => Object.assign(p.log[1]!, { liveness: 'failed', livenessReason: 'r'.repeat(5000) }), 'backup-too-long'],
      ['a consent note too long', (p) => ((p.people[0]!['consent'] as Json)['how'] = '字'.repeat(201)), 'backup-too-long'],
      ['an image over 1 MB', (p) => (p.thumbnails[0]!['data'] = b64([0xff, 0xd8, 0xff]) + 'A'.repeat(1_400_000)), 'backup-too-long'],
      ['an SVG thumbnail', (p) => Object.assign(p.thumbnails[0]!, { type: 'image/svg+xml', data: btoa('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }), 'backup-image'],
      ['SVG bytes declared as JPEG', (p) => Object.assign(p.thumbnails[1]!, { data: btoa('<svg onload="alert(1)"/>') }), 'backup-image'],
      ['PNG bytes declared as JPEG', (p) => ((p.log[0]!['thumbnail'] as Json)['data'] = b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'backup-image'],
      ['a name with a line break', (p) => (p.people[0]!['name'] = 'Ann\nAdmin'), 'backup-name'],
      ['a name of 101 characters', (p) => (p.people[0]!['name'] = 'x'.repeat(101)), 'backup-name'],
      ['a log entry name with a control character', (p) => (p.log[0]!['name'] = 'Ann\u0007'), 'backup-name'],
      ['a log entry name of format characters only', (p) => (p.log[0]!['name'] = '\u202e\u200b'), 'backup-name'],
      ['a live person without a name', (p) => delete p.people[0]!['name'], 'backup-name'],
      ['a device name of 101 characters', (p) => (p.log[0]!['deviceName'] = '机'.repeat(101)), 'backup-too-long'],
      ['a device name with a control character', (p) => (p.log[0]!['deviceName'] = 'Desk\u001b[2J'), 'backup-corrupt'],
      ['an empty device id', (p) => (p.log[0]!['device'] = ''), 'backup-corrupt'],
      ['a device id that is a number', (p) => (p.log[0]!['device'] = 7), 'backup-corrupt'],
      ['a huge device id', (p) => (p.log[0]!['device'] = 'd'.repeat(100_000)), 'backup-too-long'],
      ['a similarity that is not a number', (p) => (p.log[0]!['similarity'] = 'high'), 'backup-corrupt'],
      ['a template of a missing person', (p) => (p.templates[0]!['personId'] = 'nobody'), 'backup-corrupt'],
      ['a repeated id', (p) => (p.people[1]!['id'] = 'ann'), 'backup-corrupt'],
    ];
    const got = await Promise.all(cases.map(async ([, edit]) => codeOf(plainWith(edit).then((f) => decodeBackup(f, undefined)))));
    expect(Object.fromEntries(cases.map(([name], i) => [name, got[i]]))).toEqual(Object.fromEntries(cases.map(([name, , code]) => [name, code])));
  });

  it("a file of before devices were recorded (no device fields) imports its log as of an unknown device; a new one keeps them", async () => {
    const old = await decodeBackup(await plainWith((p) => p.log.forEach((e) => (delete e['device'], delete e['deviceName']))), undefined);
    expect(old.log!.map((e) => [e.device, e.deviceName])).toEqual([[null, undefined], [null, undefined]]);
    const current = await decodeBackup(await plainWith(() => undefined), undefined);
    expect(current.log!.map((e) => [e.device, e.deviceName])).toEqual([[DEVICE, 'Front desk'], [null, undefined]]);
  });

  it('names lose their format characters on import (people and log entries), as typed names do', async () => {
    const file = await plainWith((p) => {
      p.people[0]!['name'] = '\u202eAnn\u200b';
      p.log[0]!['name'] = 'A\u200dNN';
    });
    const back = await decodeBackup(file, undefined);
    expect([back.people[0]!.name, back.log![0]!.name]).toEqual(['Ann', 'ANN']);
  });

  it('100,000 fake records are refused at once with too-many: from the header, and from the body when the header lies', async () => {
    const fake = (p: Payload) => (p.people = Array.from({ length: 100_000 }, (_, i) => ({ id: `p${i}`, createdAt: T(1), updatedAt: T(1), name: `P${i}` })));
    const honest = await plainWith((p) => (fake(p), (p.summary.counts['people'] = 100_000)));
    const lying = await plainWith(fake);
    const started = performance.now();
    expect(await codeOf(inspectBackup(honest))).toBe('backup-too-many');
    expect(await codeOf(decodeBackup(lying, undefined))).toBe('backup-too-many');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a file over 200 MB is refused from its size alone', async () => {
    const file = await encodeBackup(gallery());
    Object.defineProperty(file, 'size', { value: 200_000_001 });
    expect(await codeOf(inspectBackup(file))).toBe('backup-too-large');
  });

  it('the header of an encrypted file is authenticated: any change to it is refused', async () => {
    const sealed = await bytesOf(await encodeBackup(gallery(), { passphrase: PASS }));
    const end = headerEnd(sealed);
    const header = JSON.parse(decode(sealed.subarray(0, end - 1))) as Record<string, unknown>;
    const tampered = new Blob([JSON.stringify({ ...header, createdAt: (header['createdAt'] as number) - 86_400_000 }), '\n', sealed.subarray(end)]);
    expect(await codeOf(decodeBackup(tampered, PASS))).toBe('backup-corrupt');
    // Downgraded to version 1 (read without associated data): refused too.
    const downgraded = new Blob([JSON.stringify({ ...header, version: 1 }), '\n', sealed.subarray(end)]);
    expect(await codeOf(decodeBackup(downgraded, PASS))).toBe('backup-corrupt');
    expect(await codeOf(decodeBackup(new Blob([sealed]), PASS))).toBe('ok');
  });

  it('version 1 files (encrypted without associated data) are still read, with the same bounds', async () => {
    const plain = await bytesOf(await encodeBackup(gallery()));
    const end = headerEnd(plain);
    const payload = plain.slice(end);
    const s = await sealer(PASS);
    const ciphertext = await s.seal(payload, new Uint8Array(0));
    const enc = Object.fromEntries(Object.entries(s.params).map(([k, val]) => [k, typeof val === 'number' ? val : btoa(String.fromCharCode(...(val as Uint8Array)))]));
    const header = { format: 'visage-backup', version: 1, createdAt: T(100), bodyBytes: ciphertext.length, encryption: { cipher: 'AES-GCM', kdf: 'PBKDF2-SHA-256', ...enc } };
    const back = await decodeBackup(new Blob([JSON.stringify(header), '\n', ciphertext]), PASS);
    expect(back.people.map((p) => p.name)).toEqual(['ANN', '']);
    const old = { ...JSON.parse(decode(plain.subarray(0, end - 1))), version: 1 } as Record<string, unknown>;
    expect(await codeOf(decodeBackup(new Blob([JSON.stringify(old), '\n', payload]), undefined))).toBe('ok');
    expect(await codeOf(decodeBackup(new Blob([JSON.stringify({ ...old, createdAt: 1e300 }), '\n', payload]), undefined))).toBe('backup-time');
  });

  it('an encrypted backup needs a passphrase of at least 8 characters', async () => {
    expect(await codeOf(encodeBackup(gallery(), { passphrase: 'short' }))).toBe('backup-passphrase-short');
    expect(await codeOf(encodeBackup(gallery(), { passphrase: '七个字的密码啊' }))).toBe('backup-passphrase-short');
    expect(await codeOf(encodeBackup(gallery(), { passphrase: '八个字的密码好啊' }))).toBe('ok');
  });
});

