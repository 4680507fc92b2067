/**
 * Backups in real Chromium on the built app: real IndexedDB, real WebCrypto, real files.
 * Through the UI: enrol from photos, export (plain and encrypted, saved as downloads), delete
 * everyone, import, and the camera names the same people again; in a fresh browser too. Bad
 * files through the UI and through window.visageDb on the lab page, each refused with its
 * message and the database unchanged; merge, replace and tombstones; cancelling an import.
 * The bad files are made on the Node side from real exports, following the format in README.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from './fixtures';
import type {} from '../test/lab/lab-db';
import { chooseLanguage, enrollPerson, photo } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

let counter = 0;
const uniqueName = () => `visage-backup-test-${Date.now()}-${counter++}`;

/**
 * With a bad file chosen in the backup panel: refused from the header alone (a message), or read
 * (its description) and refused once imported; either way `bad.message`, as an alert.
 */
async function expectRefused(panel: Locator, bad: { name: string; message: string; passphrase?: string }) {
  const message = panel.locator('[data-message=import]');
  await expect(panel.locator('[data-info], [data-message=import]')).toBeVisible();
  if (await message.isHidden()) {
    if (bad.passphrase) await panel.getByLabel('Passphrase of the backup').fill(bad.passphrase);
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
  }
  await expect(message, bad.name).toContainText(bad.message);
  await expect(message).toHaveAttribute('role', 'alert');
}

async function openLabDb(page: Page) {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
}

// ---- Files, made and edited on the Node side ----

function split(file: Buffer): { header: Record<string, unknown>; body: Buffer } {
  const end = file.indexOf(0x0a);
  return { header: JSON.parse(file.subarray(0, end).toString('utf8')) as Record<string, unknown>, body: file.subarray(end + 1) };
}

const join = (header: Record<string, unknown>, body: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]);

type Records = Array<Record<string, unknown>>;
type Payload = { people: Records; templates: Records; thumbnails: Records; log: Records };

/** An unencrypted backup whose payload `edit` changed, with its size and SHA-256 made right again, so only the edit is wrong. */
function editPayload(file: Buffer, edit: (payload: Payload) => void): Buffer {
  const { header, body } = split(file);
  const payload = JSON.parse(body.toString('utf8')) as Payload;
  edit(payload);
  const next = Buffer.from(JSON.stringify(payload));
  return join({ ...header, bodyBytes: next.length, sha256: createHash('sha256').update(next).digest('hex') }, next);
}

const flipByte = (file: Buffer, at: number) => Buffer.from(file.map((b, i) => (i === at ? b ^ 0xff : b)));

interface BadFile {
  name: string;
  file: Buffer;
  passphrase?: string;
  code: string;
  /** The message the UI shows. */
  message: string;
}

/** Each kind of bad file, from real exports: `plain` and `sealed` (passphrase 'open sesame') of a gallery, `otherModel` of templates of another model. */
function badFiles(plain: Buffer, sealed: Buffer, otherModel: Buffer): BadFile[] {
  const body = split(plain).body;
  return [
    { name: 'corrupt.visage', file: flipByte(plain, plain.length - Math.floor(body.length / 2)), code: 'backup-corrupt', message: 'The file is damaged: its contents were altered. Nothing was changed.' },
    { name: 'corrupt-encrypted.visage', file: flipByte(sealed, sealed.length - 40), passphrase: 'open sesame', code: 'backup-corrupt', message: 'The file is damaged' },
    { name: 'truncated.visage', file: plain.subarray(0, Math.floor(plain.length * 0.6)), code: 'backup-truncated', message: 'The file is incomplete: it ends early (an interrupted download or copy?). Nothing was changed.' },
    { name: 'truncated-encrypted.visage', file: sealed.subarray(0, sealed.length - 1000), passphrase: 'open sesame', code: 'backup-truncated', message: 'The file is incomplete' },
    { name: 'wrong-passphrase.visage', file: sealed, passphrase: 'open sesame!', code: 'backup-passphrase', message: 'Wrong passphrase. Nothing was changed.' },
    { name: 'other-model.visage', file: otherModel, code: 'backup-model', message: 'This backup was made with a different face model: its faces cannot be used here. Nothing was changed.' },
    {
      name: 'embedding-128.visage',
      file: editPayload(plain, (p) => (p.templates[0]!['embedding'] = Buffer.from(new Float32Array(128).fill(0.1).buffer).toString('base64'))),
      code: 'backup-model',
      message: 'This backup was made with a different face model',
    },
    { name: 'photo.jpg', file: readFileSync(photo('obama.jpg')), code: 'not-a-backup', message: 'This file is not a Visage backup.' },
    { name: 'other.json', file: Buffer.from('{"people":[{"name":"x"}]}\n'), code: 'not-a-backup', message: 'This file is not a Visage backup.' },
    { name: 'newer.visage', file: join({ ...split(plain).header, version: 3 }, body), code: 'backup-version', message: 'This backup was made by a newer version of Visage. Update the app, then import it again.' },
  ];
}

/**
 * Each bad field (issue 15), from real exports: `plain` (with its log) and `sealed` (passphrase
 * 'open sesame') of a gallery; each refused with its own message.
 */
function badFields(plain: Buffer, sealed: Buffer): BadFile[] {
  const { header, body } = split(sealed);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
  return [
    {
      name: 'future-time.visage',
      file: editPayload(plain, (p) => (p.people[0]!['updatedAt'] = Date.now() + 7 * 86_400_000)),
      code: 'backup-time',
      message: 'The backup holds an impossible date (before 2020, or in the future). Nothing was changed.',
    },
    { name: 'time-1e300.visage', file: editPayload(plain, (p) => (p.templates[0]!['updatedAt'] = 1e300)), code: 'backup-time', message: 'The backup holds an impossible date' },
    {
      name: 'huge-string.visage',
      file: editPayload(plain, (p) => (p.log[1]!['id'] = 'x'.repeat(200_000))),
      code: 'backup-too-long',
      message: 'The backup holds a text that is too long for its field. Nothing was changed.',
    },
    {
      name: 'svg-thumbnail.visage',
      file: editPayload(plain, (p) => Object.assign(p.thumbnails[0]!, { type: 'image/svg+xml', data: svg })),
      code: 'backup-image',
      message: 'The backup holds a face image that is not a JPEG or PNG picture. Nothing was changed.',
    },
    { name: 'svg-as-png.visage', file: editPayload(plain, (p) => Object.assign(p.log.find((e) => e['thumbnail'])!['thumbnail'] as object, { data: svg })), code: 'backup-image', message: 'not a JPEG or PNG picture' },
    {
      name: 'bad-log-name.visage',
      file: editPayload(plain, (p) => (p.log[0]!['name'] = 'Ann\u0007\u202e')),
      code: 'backup-name',
      message: 'The backup holds a name that is not allowed (empty, too long, or with control characters). Nothing was changed.',
    },
    {
      // The header still counts the few real people: the 100,000 are found in the body.
      name: 'fake-100k.visage',
      file: editPayload(plain, (p) => p.people.push(...Array.from({ length: 100_000 }, (_, i) => ({ id: `fake-${i}`, createdAt: Date.now(), updatedAt: Date.now(), name: `Fake ${i}` })))),
      code: 'backup-too-many',
      message: 'The backup holds too many records (at most 10,000 people, 50,000 samples and 100,000 log entries). Nothing was changed.',
    },
    {
      name: 'tampered-header.visage',
      file: join({ ...header, createdAt: (header['createdAt'] as number) - 86_400_000 }, body),
      passphrase: 'open sesame',
      code: 'backup-corrupt',
      message: 'The file is damaged: its contents were altered. Nothing was changed.',
    },
  ];
}

/**
 * In the lab page: database `dbName` gets `people` (name → number of fake samples, each with a
 * thumbnail) and two log entries; returns the person ids by name.
 */
function seed(page: Page, dbName: string, people: Record<string, number>, modelId?: string) {
  return page.evaluate(
    async ({ dbName, people, modelId }) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const ids: Record<string, string> = {};
      let seedNo = 0;
      for (const [name, n] of Object.entries(people)) {
        const samples = Array.from({ length: n }, () => ({ embedding: v.fakeEmbedding(++seedNo), quality: 0.9, thumbnail: v.fakeThumbnail(`${name} ${seedNo}`) }));
        ids[name] = (await db.enrollPerson(name, samples, modelId)).id;
      }
      const first = Object.values(ids)[0] ?? null;
      await db.addLogEntry({ personId: first, name: first ? Object.keys(ids)[0]! : null, similarity: 0.7, thumbnail: v.fakeThumbnail('log'), event: 'enrolled', liveness: 'passed' });
      await db.addLogEntry({ personId: null, name: null, similarity: 0.1 });
      db.close();
      return ids;
    },
    { dbName, people, modelId },
  );
}

/** In the lab page: a backup of `dbName` as base64. */
function exportFile(page: Page, dbName: string, opts: { includeLog?: boolean; passphrase?: string } = {}) {
  return page.evaluate(
    async ({ dbName, opts }) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      const file = await v.exportBackup(db, opts);
      db.close();
      return v.toBase64(file);
    },
    { dbName, opts },
  ).then((b64) => Buffer.from(b64, 'base64'));
}

/** In the lab page: every record of every store of `dbName`, embeddings and image bytes included, to compare before and after. */
function dump(page: Page, dbName: string) {
  return page.evaluate(async (dbName) => {
    const v = window.visageDb;
    const db = await v.openVisageDb(dbName);
    const blob = async (b: Blob | undefined) => (b ? `${b.type}:${await v.toBase64(b)}` : null);
    const out = {
      people: await db.idb.getAll('people'),
      templates: (await db.idb.getAll('templates')).map((t) => ({ ...t, embedding: t.embedding ? Array.from(t.embedding) : null })),
      thumbnails: await Promise.all((await db.idb.getAll('thumbnails')).map(async (t) => ({ ...t, blob: await blob(t.blob) }))),
      log: await Promise.all((await db.idb.getAll('log')).map(async (e) => ({ ...e, thumbnail: await blob(e.thumbnail) }))),
    };
    db.close();
    return out;
  }, dbName);
}

/** In the lab page: imports base64 `file` into `dbName`; the summary, or the error's code and message. */
function importFile(page: Page, dbName: string, file: Buffer, opts: { mode: 'merge' | 'replace'; passphrase?: string }) {
  return page.evaluate(
    async ({ dbName, b64, opts }) => {
      const v = window.visageDb;
      const db = await v.openVisageDb(dbName);
      try {
        return { ok: true as const, summary: await v.importBackup(db, v.fromBase64(b64), opts) };
      } catch (err) {
        return { ok: false as const, code: err instanceof v.DbError ? err.code : 'other', message: String(err) };
      } finally {
        db.close();
      }
    },
    { dbName, b64: file.toString('base64'), opts },
  );
}

/** In the app: chooses `file` in the backup panel and imports it (Replace is confirmed). */
async function importThroughUi(page: Page, file: { name: string; buffer: Buffer } | string, mode: 'Merge' | 'Replace', passphrase?: string) {
  const panel = page.locator('visage-backup-panel');
  await panel.getByLabel('Backup file').setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'application/octet-stream' });
  if (passphrase !== undefined) await panel.getByLabel('Passphrase of the backup').fill(passphrase);
  await panel.getByRole('radio', { name: new RegExp(`^${mode}:`) }).check();
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  if (mode === 'Replace') await panel.locator('wa-dialog [data-confirm]').click();
  return panel.locator('[data-message=import]');
}

/**
 * On the lab page: Ann (2 samples) and Bob (1) exported plain and encrypted, and one person of
 * another model, made into every kind of bad file.
 */
async function seededBadFiles(page: Page, plain: { includeLog?: boolean } = {}) {
  await openLabDb(page);
  const source = uniqueName();
  await seed(page, source, { Ann: 2, Bob: 1 });
  const other = uniqueName();
  await seed(page, other, { Old: 1 }, 'facenet-128/old-align');
  return badFiles(await exportFile(page, source, plain), await exportFile(page, source, { passphrase: 'open sesame' }), await exportFile(page, other));
}

test.describe('backups', () => {
  test.describe.configure({ timeout: 60_000 });

  test('in the app: export plain and encrypted, delete everyone, import; the camera names the same people, also in a fresh browser', async ({ baseURL }) => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    test.setTimeout(180_000);
    const camera = await makeFakeCameraFile(photo('two_people.jpg'));
    const plainPath = test.info().outputPath('plain.visage');
    const sealedPath = test.info().outputPath('sealed.visage');

    const expectBothNamed = async (page: Page) => {
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const list = page.locator('visage-live-view').getByTestId('recognized');
      await expect(list).toContainText('obama', { timeout: 60_000 });
      await expect(list).toContainText('biden', { timeout: 30_000 });
    };

    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await enrollPerson(page, 'biden', ['knn/train/biden/biden.jpg', 'knn/train/biden/biden2.jpg']);
      await expectBothNamed(page);

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const panel = page.locator('visage-backup-panel');
      let download = page.waitForEvent('download');
      await panel.getByRole('button', { name: 'Export backup' }).click();
      expect((await download).suggestedFilename()).toMatch(/^visage-backup-\d{4}-\d{2}-\d{2}\.visage$/);
      await (await download).saveAs(plainPath);
      await expect(panel.locator('[data-exported]')).toContainText(/Saved visage-backup-.*\.visage \(\d+ kB\)/);

      await panel.getByLabel('Passphrase (optional; encrypts the file)').fill('open sesame');
      await panel.getByLabel('Repeat the passphrase').fill('open sesamE');
      await expect(panel.getByRole('button', { name: 'Export backup' })).toBeDisabled();
      await panel.getByLabel('Repeat the passphrase').fill('open sesame');
      download = page.waitForEvent('download');
      await panel.getByRole('button', { name: 'Export backup' }).click();
      await (await download).saveAs(sealedPath);
      await expect(panel.locator('[data-exported]')).toContainText('encrypted');

      // Delete both through the People view: their tombstones are newer than the backup.
      await page.getByRole('link', { name: 'People', exact: true }).click();
      const people = page.locator('visage-people-view');
      for (const name of ['obama', 'biden']) {
        await people.getByRole('button', { name: `Delete ${name}` }).click();
        await people.locator('wa-dialog [data-confirm]').click();
      }
      await expect(people.getByText('Nobody is enrolled yet.')).toBeVisible();
      // The camera now sees two strangers (and the live view holds an empty gallery, which the import must renew).
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const list = page.locator('visage-live-view').getByTestId('recognized');
      await expect(list).toContainText('Unknown', { timeout: 60_000 });
      await expect(list).not.toContainText('obama');

      // Merge keeps the newer deletions; Replace brings back exactly the backup.
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const merged = await importThroughUi(page, plainPath, 'Merge');
      await expect(merged).toContainText('People: 0 added, 0 updated, 0 removed. Samples: 0 added');
      await expect(panel.locator('[data-info]')).toContainText(/Backup of .*: 2 people, 4 samples; no log\./);
      const replaced = await importThroughUi(page, plainPath, 'Replace');
      await expect(replaced).toContainText('People: 2 added, 0 updated, 0 removed. Samples: 4 added, 0 removed.');
      await expectBothNamed(page);
    });

    const plain = readFileSync(plainPath);
    const sealed = readFileSync(sealedPath);
    expect(split(plain).header).toMatchObject({ format: 'visage-backup', version: 2, summary: { counts: { people: 2, templates: 4, tombstones: 0, thumbnails: 4, log: 0 } } });
    expect(plain.includes('obama')).toBe(true);
    expect(sealed.includes('obama')).toBe(false);
    const { encryption } = split(sealed).header as { encryption: { iterations: number; salt: string; iv: string } };
    expect(encryption.iterations).toBeGreaterThanOrEqual(200_000);
    expect([Buffer.from(encryption.salt, 'base64').length, Buffer.from(encryption.iv, 'base64').length]).toEqual([16, 12]);

    // A fresh browser (an empty database): the encrypted file, a wrong passphrase first.
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#settings');
      const panel = page.locator('visage-backup-panel');
      const wrong = await importThroughUi(page, sealedPath, 'Merge', 'open sesame?');
      await expect(panel.locator('[data-info]')).toContainText('Encrypted backup of');
      await expect(wrong).toHaveText('Wrong passphrase. Nothing was changed.');
      const ok = await importThroughUi(page, sealedPath, 'Merge', 'open sesame');
      await expect(ok).toContainText('People: 2 added');
      await page.getByRole('link', { name: 'People', exact: true }).click();
      await expect(page.locator('visage-people-view [data-samples]')).toHaveText(['2 samples', '2 samples']);
      await expectBothNamed(page);
    });
  });

  test('in the app: each bad file is refused with its message; the people stay as they were', async ({ page }) => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    const files = await seededBadFiles(page);
    // The app's own database gets the same people.
    await seed(page, 'visage', { Ann: 2, Bob: 1 });

    await page.goto('/index.html#settings');
    for (const bad of files) {
      const panel = page.locator('visage-backup-panel');
      await panel.getByLabel('Backup file').setInputFiles({ name: bad.name, mimeType: 'application/octet-stream', buffer: bad.file });
      await expectRefused(panel, bad);
    }
    // In Chinese: the description (one person, one sample) and the refusal.
    await chooseLanguage(page, 'zh-Hans');
    const panel = page.locator('visage-backup-panel');
    await panel.getByLabel('备份文件').setInputFiles({ name: 'other.visage', mimeType: 'application/octet-stream', buffer: files.find((f) => f.name === 'other-model.visage')!.file });
    await expect(panel.locator('[data-info]')).toContainText('的备份：1 人，1 个样本；不含识别记录。');
    await panel.getByRole('button', { name: '导入', exact: true }).click();
    await expect(panel.locator('[data-message=import]')).toHaveText('此备份由不同的人脸模型创建，其中的人脸无法在此使用。未做任何更改。');
    await page.getByRole('link', { name: '人员' }).click();
    await expect(page.locator('visage-people-view [data-samples]')).toHaveText(['2 个样本', '1 个样本']);
  });

  test('each bad field (future or infinite time, huge string, SVG thumbnail, bad log name, 100,000 fake records, tampered header) is refused with its message; not one record changes', async ({ page }) => {
    test.setTimeout(180_000);
    await openLabDb(page);
    const source = uniqueName();
    await seed(page, source, { Ann: 2, Bob: 1 });
    const plain = await exportFile(page, source, { includeLog: true });
    const files = badFields(plain, await exportFile(page, source, { passphrase: 'open sesame' }));

    // In code, into a database with someone else, in both modes: its code, and every store as it was.
    const target = uniqueName();
    await seed(page, target, { Cy: 2 });
    const before = await dump(page, target);
    for (const bad of files) {
      for (const mode of ['merge', 'replace'] as const) {
        // The 100,000 records are made in the page (below): handing 10 MB to it takes longer than the import.
        if (bad.code === 'backup-too-many') continue;
        const result = await importFile(page, target, bad.file, { mode, passphrase: bad.passphrase });
        expect(result.ok ? 'imported' : result.code, `${bad.name}, ${mode}`).toBe(bad.code);
      }
    }
    const fakes = await page.evaluate(
      async ({ target, b64 }) => {
        const v = window.visageDb;
        // The plain file, its body given 100,000 more people (its header's counts and checksum made right, so only the count is wrong).
        const bytes = await v.fromBase64(b64).arrayBuffer();
        const end = new Uint8Array(bytes).indexOf(0x0a);
        const header = JSON.parse(new TextDecoder().decode(bytes.slice(0, end))) as { summary: { counts: { people: number } } };
        const payload = JSON.parse(new TextDecoder().decode(bytes.slice(end + 1))) as { summary: typeof header.summary; people: object[] };
        const now = Date.now();
        for (let i = 0; i < 100_000; i++) payload.people.push({ id: `fake-${i}`, createdAt: now, updatedAt: now, name: `Fake ${i}` });
        payload.summary.counts.people += 100_000;
        const body = new TextEncoder().encode(JSON.stringify(payload));
        const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', body)), (b) => b.toString(16).padStart(2, '0')).join('');
        const file = new File([JSON.stringify({ ...header, bodyBytes: body.length, sha256, summary: payload.summary }), '\n', body], 'fake.visage');
        const lying = new File([JSON.stringify({ ...header, bodyBytes: body.length, sha256 }), '\n', body], 'fake.visage');
        const db = await v.openVisageDb(target);
        const out = [];
        for (const [which, f] of [['honest header', file], ['lying header', lying]] as const) {
          for (const mode of ['merge', 'replace'] as const) {
            const started = performance.now();
            const code = await v.importBackup(db, f, { mode }).then(() => 'imported', (err: unknown) => (err instanceof v.DbError ? err.code : String(err)));
            out.push({ which, mode, code, ms: performance.now() - started, bytes: f.size });
          }
        }
        db.close();
        return out;
      },
      { target, b64: plain.toString('base64') },
    );
    for (const f of fakes) {
      expect(f.code, `${f.which}, ${f.mode}`).toBe('backup-too-many');
      // Refused at once: from the header, or from the body's list length before any record in it is read.
      expect(f.ms, `${f.which}, ${f.mode}`).toBeLessThan(3000);
    }
    expect(await dump(page, target)).toEqual(before);

    // In the app, into its own database: each file's message.
    await seed(page, 'visage', { Ann: 2, Bob: 1 });
    const appBefore = await dump(page, 'visage');
    await page.goto('/index.html#settings');
    const panel = page.locator('visage-backup-panel');
    const message = panel.locator('[data-message=import]');
    for (const bad of files) {
      // No file first: the last file's description and message go, so that this file's are its own.
      await panel.getByLabel('Backup file').setInputFiles([]);
      await expect(panel.locator('[data-info], [data-message=import]')).toHaveCount(0);
      // From a file on disk: the browser reads it itself (a buffer would be handed over slowly).
      const path = test.info().outputPath(bad.name);
      writeFileSync(path, bad.file);
      await panel.getByLabel('Backup file').setInputFiles(path);
      await expectRefused(panel, bad);
    }
    // In Chinese too.
    await chooseLanguage(page, 'zh-Hans');
    await panel.getByLabel('备份文件').setInputFiles({ name: 'svg.visage', mimeType: 'application/octet-stream', buffer: files.find((f) => f.code === 'backup-image')!.file });
    await panel.getByRole('button', { name: '导入', exact: true }).click();
    await expect(message).toHaveText('备份中有人脸图像不是 JPEG 或 PNG 图片。未做任何更改。');
    await chooseLanguage(page, 'en');
    await openLabDb(page);
    expect(await dump(page, 'visage')).toEqual(appBefore);
  });

  test('in the app: an encrypted backup needs a passphrase of at least 8 characters', async ({ page }) => {
    await openLabDb(page);
    await seed(page, 'visage', { Ann: 1 });
    await page.goto('/index.html#settings');
    const panel = page.locator('visage-backup-panel');
    const exportWith = async (passphrase: string) => {
      await panel.getByLabel('Passphrase (optional; encrypts the file)').fill(passphrase);
      await panel.getByLabel('Repeat the passphrase').fill(passphrase);
      await panel.getByRole('button', { name: 'Export backup' }).click();
    };
    await exportWith('seven77');
    await expect(panel.locator('[data-message=export]')).toHaveText('The export failed: The passphrase is too short: use at least 8 characters.');
    await expect(panel.locator('[data-exported]')).toHaveCount(0);
    await chooseLanguage(page, 'zh-Hans');
    await panel.getByRole('button', { name: '导出备份' }).click();
    await expect(panel.locator('[data-message=export]')).toHaveText('导出失败：密码太短：请至少使用 8 个字符。');
    await chooseLanguage(page, 'en');
    const download = page.waitForEvent('download');
    await exportWith('eight888');
    await download;
    await expect(panel.locator('[data-exported]')).toContainText('encrypted');
  });

  test('merge: a rename on one device against a delete on another settles the person first, and the samples follow', async ({ page }) => {
    await openLabDb(page);
    const [a, b] = [uniqueName(), uniqueName()];
    const ids = await seed(page, a, { Ann: 2, Bob: 2 });
    expect(await importFile(page, b, await exportFile(page, a), { mode: 'merge' })).toMatchObject({ ok: true });
    // b deletes Ann and Bob; later, a renames Ann: the rename is the newest write of Ann, the deletion of Bob.
    await page.evaluate(
      async ({ a, b, ids }) => {
        const v = window.visageDb;
        const there = await v.openVisageDb(b);
        await there.deletePerson(ids['Ann']!);
        await there.deletePerson(ids['Bob']!);
        there.close();
        await new Promise((r) => setTimeout(r, 5));
        const here = await v.openVisageDb(a);
        await here.renamePerson(ids['Ann']!, 'Ann (renamed)');
        here.close();
      },
      { a, b, ids },
    );
    const [fromA, fromB] = [await exportFile(page, a), await exportFile(page, b)];
    expect(await importFile(page, b, fromA, { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: { added: 1 }, templates: { added: 2 } } });
    expect(await importFile(page, a, fromB, { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: { removed: 1 }, templates: { removed: 2 } } });
    const state = (dbName: string) =>
      page.evaluate(async (dbName) => {
        const db = await window.visageDb.openVisageDb(dbName);
        const people = await db.idb.getAll('people');
        const templates = await db.idb.getAll('templates');
        const s = {
          live: Object.fromEntries((await db.listPeople()).map((p) => [p.name, p.sampleCount])),
          deleted: people.filter((p) => p.deleted).length,
          liveSamplesOfDeleted: templates.filter((t) => !t.deleted && people.find((p) => p.id === t.personId)?.deleted).length,
          thumbnails: (await db.idb.getAllKeys('thumbnails')).sort(),
          liveTemplates: templates.filter((t) => !t.deleted).map((t) => t.id).sort(),
        };
        db.close();
        return s;
      }, dbName);
    const [stateA, stateB] = [await state(a), await state(b)];
    expect(stateA).toMatchObject({ live: { 'Ann (renamed)': 2 }, deleted: 1, liveSamplesOfDeleted: 0 });
    expect(stateA.thumbnails).toEqual(stateA.liveTemplates);
    // Both devices end alike, records and all.
    expect(stateB).toEqual(stateA);
    const { log: _a, ...dumpA } = await dump(page, a);
    const { log: _b, ...dumpB } = await dump(page, b);
    expect(dumpB).toEqual(dumpA);
  });

  test('an imported log keeps only the newest entries the log limit allows', async ({ page }) => {
    await openLabDb(page);
    const [source, target] = [uniqueName(), uniqueName()];
    const t0 = await page.evaluate(
      async ({ source, target }) => {
        const v = window.visageDb;
        const t0 = Date.now() - 60_000;
        const add = async (dbName: string, at: number, similarity: number) => {
          const db = await v.openVisageDb(dbName);
          await db.addLogEntry({ at, personId: null, name: null, similarity }, { dedupeMs: 0 });
          db.close();
        };
        for (const [i, at] of [t0 + 1000, t0 + 3000, t0 + 5000].entries()) await add(source, at, i / 10);
        await add(target, t0 + 2000, 0.9);
        return t0;
      },
      { source, target },
    );
    const file = (await exportFile(page, source, { includeLog: true })).toString('base64');
    const result = await page.evaluate(
      async ({ target, b64 }) => {
        const v = window.visageDb;
        const db = await v.openVisageDb(target);
        try {
          const summary = await v.importBackup(db, v.fromBase64(b64), { mode: 'merge', maxLogEntries: 2 });
          return { log: summary.log, at: (await db.queryLog()).map((e) => e.at) };
        } finally {
          db.close();
        }
      },
      { target, b64: file },
    );
    expect(result).toEqual({ log: { added: 2, removed: 1 }, at: [t0 + 5000, t0 + 3000] });
  });

  test('each bad file is refused with its error code, in both modes, and not one record changes', async ({ page }) => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    const files = await seededBadFiles(page, { includeLog: true });
    const target = uniqueName();
    await seed(page, target, { Cy: 2 });
    const before = await dump(page, target);
    for (const bad of files) {
      for (const mode of ['merge', 'replace'] as const) {
        const result = await importFile(page, target, bad.file, { mode, passphrase: bad.passphrase });
        expect(result.ok ? 'imported' : result.code, `${bad.name}, ${mode}`).toBe(bad.code);
      }
    }
    expect(await dump(page, target)).toEqual(before);
    // The same file, whole, is imported: the refusals were about the damage alone.
    const good = await importFile(page, target, files.find((f) => f.code === 'backup-passphrase')!.file, { mode: 'merge', passphrase: 'open sesame' });
    expect(good).toMatchObject({ ok: true, summary: { people: { added: 2 }, templates: { added: 3 } } });
  });

  test('merge is last writer wins per record, deletions travel as tombstones; replace makes the device the backup, tombstoning the rest', async ({ page }) => {
    await openLabDb(page);
    const [a, b, c] = [uniqueName(), uniqueName(), uniqueName()];
    const ids = await seed(page, a, { Ann: 2, Bob: 2, Cy: 1 });
    const a1 = await exportFile(page, a, { includeLog: true });
    const aBefore = await dump(page, a);

    /** A database by name: live people with their sample counts, tombstones, thumbnails, log entries. */
    const state = (dbName: string) =>
      page.evaluate(async (dbName) => {
        const db = await window.visageDb.openVisageDb(dbName);
        const templates = await db.idb.getAll('templates');
        const s = {
          live: Object.fromEntries((await db.listPeople()).map((p) => [p.name, p.sampleCount])),
          deletedPeople: (await db.idb.getAll('people')).filter((p) => p.deleted).map((p) => p.name).sort(),
          deletedTemplates: templates.filter((t) => t.deleted).length,
          embeddingsOfDeleted: templates.filter((t) => t.deleted && t.embedding).length,
          thumbnailsOf: templates.filter((t) => !t.deleted).length === (await db.idb.count('thumbnails')) ? 'every live template' : 'others',
          log: await db.idb.count('log'),
        };
        db.close();
        return s;
      }, dbName);
    /** Runs `edit` on database `dbName` a few ms later than anything before (so its updatedAt is later). */
    const edit = (dbName: string, what: 'rename Ann, delete Bob, enrol Dee' | 'rename Cy') =>
      page.evaluate(
        async ({ dbName, what, ids }) => {
          const v = window.visageDb;
          const db = await v.openVisageDb(dbName);
          await new Promise((r) => setTimeout(r, 5));
          if (what === 'rename Cy') {
            await db.renamePerson(ids['Cy']!, 'Cy (from b)');
          } else {
            await db.renamePerson(ids['Ann']!, 'Ann (newer)');
            await db.deletePerson(ids['Bob']!);
            await db.enrollPerson('Dee', [{ embedding: v.fakeEmbedding(99), quality: 1, thumbnail: v.fakeThumbnail('dee') }]);
          }
          db.close();
        },
        { dbName, what, ids },
      );
    const nothing = { added: 0, updated: 0, removed: 0 };

    // Into an empty device: every record with its id and times (export → import loses nothing).
    expect(await importFile(page, b, a1, { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: { added: 3 }, templates: { added: 5 }, log: { added: 2 } } });
    expect(await dump(page, b)).toEqual(aBefore);
    // Again: nothing new, and the log is not doubled.
    expect(await importFile(page, b, a1, { mode: 'merge' })).toEqual({ ok: true, summary: { mode: 'merge', people: nothing, templates: nothing, log: { added: 0, removed: 0 } } });
    expect(await dump(page, b)).toEqual(aBefore);

    await edit(a, 'rename Ann, delete Bob, enrol Dee');
    await edit(b, 'rename Cy');
    const a2 = await exportFile(page, a);
    expect(split(a2).header['summary']).toMatchObject({ includesLog: false, counts: { people: 3, templates: 4, tombstones: 3, log: 0 } });

    // b merges a's newer file: Ann renamed, Bob deleted (samples and thumbnails too), Dee added; b's newer name of Cy stays.
    expect(await importFile(page, b, a2, { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: { added: 1, updated: 1, removed: 1 }, templates: { added: 1, updated: 0, removed: 2 } } });
    expect(await state(b)).toEqual({ live: { 'Ann (newer)': 2, 'Cy (from b)': 1, Dee: 1 }, deletedPeople: [''], deletedTemplates: 2, embeddingsOfDeleted: 0, thumbnailsOf: 'every live template', log: 2 });
    // a merges b's file: only b's rename of Cy is newer.
    expect(await importFile(page, a, await exportFile(page, b), { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: { added: 0, updated: 1, removed: 0 }, templates: nothing } });
    expect((await state(a)).live).toEqual({ 'Ann (newer)': 2, 'Cy (from b)': 1, Dee: 1 });
    // a merges its own older file: the later rename and deletion stand.
    expect(await importFile(page, a, a1, { mode: 'merge' })).toMatchObject({ ok: true, summary: { people: nothing, templates: nothing, log: { added: 0 } } });
    expect((await state(a)).deletedPeople).toEqual(['']);

    // Replace on a device with someone else: exactly the backup's records; Zed becomes a tombstone; the log is the backup's.
    const zed = (await seed(page, c, { Zed: 2 }))['Zed'];
    expect(await importFile(page, c, a1, { mode: 'replace' })).toMatchObject({ ok: true, summary: { people: { added: 3, removed: 1 }, templates: { added: 5, removed: 2 }, log: { added: 2, removed: 2 } } });
    const replaced = await dump(page, c);
    expect({ ...replaced, people: replaced.people.filter((p) => p.id !== zed), templates: replaced.templates.filter((t) => t.personId !== zed) }).toEqual(aBefore);
    expect(await state(c)).toEqual({ live: { Ann: 2, Bob: 2, Cy: 1 }, deletedPeople: [''], deletedTemplates: 2, embeddingsOfDeleted: 0, thumbnailsOf: 'every live template', log: 2 });
    // A backup without a log leaves the log as it is.
    expect(await importFile(page, c, a2, { mode: 'replace' })).toMatchObject({ ok: true, summary: { people: { added: 1, updated: 1, removed: 1 }, log: { added: 0, removed: 0 } } });
    expect(await state(c)).toEqual({ live: { 'Ann (newer)': 2, Cy: 1, Dee: 1 }, deletedPeople: ['', ''], deletedTemplates: 4, embeddingsOfDeleted: 0, thumbnailsOf: 'every live template', log: 2 });
    // Replace follows the backup even where the device is newer: Bob comes back with his samples, Dee goes.
    expect(await importFile(page, c, a1, { mode: 'replace' })).toMatchObject({ ok: true, summary: { people: { added: 1, updated: 1, removed: 1 }, templates: { added: 2, removed: 1 } } });
    expect(await state(c)).toMatchObject({ live: { Ann: 2, Bob: 2, Cy: 1 }, deletedPeople: ['', ''], embeddingsOfDeleted: 0, thumbnailsOf: 'every live template' });
  });

  test('long work: progress, and cancelling an import (even halfway through its writes) changes nothing', async ({ page }) => {
    await openLabDb(page);
    const [source, target] = [uniqueName(), uniqueName()];
    await seed(page, source, Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`Person ${i + 1}`, 3])));
    const file = (await exportFile(page, source)).toString('base64');
    await seed(page, target, { Cy: 2 });
    const before = await dump(page, target);

    const run = (how: 'cancel' | 'whole') =>
      page.evaluate(
        async ({ target, b64, how }) => {
          const v = window.visageDb;
          const db = await v.openVisageDb(target);
          const file = v.fromBase64(b64);
          const outcome = async (f: () => Promise<unknown>) => {
            try {
              await f();
              return 'done';
            } catch (err) {
              return err instanceof v.DbError ? err.code : String(err);
            }
          };
          const progress: Array<[number, number]> = [];
          const onProgress = (done: number, total: number) => void progress.push([done, total]);
          try {
            if (how === 'whole') return { outcome: await outcome(() => v.importBackup(db, file, { mode: 'merge', onProgress })), progress };
            const early = new AbortController();
            early.abort();
            const late = new AbortController();
            const exporting = new AbortController();
            return {
              outcome: [
                await outcome(() => v.importBackup(db, file, { mode: 'replace', signal: early.signal })),
                await outcome(() =>
                  v.importBackup(db, file, { mode: 'replace', signal: late.signal, onProgress: (done, total) => (onProgress(done, total), done >= total / 2 && late.abort()) }),
                ),
                await outcome(() => v.exportBackup(db, { signal: exporting.signal, onProgress: (done) => done === 2 && exporting.abort() })),
              ].join(),
              progress,
            };
          } finally {
            db.close();
          }
        },
        { target, b64: file, how },
      );

    const cancelled = await run('cancel');
    expect(cancelled.outcome).toBe('aborted,aborted,aborted');
    // The second was cancelled inside its transaction, with some records written and others not.
    const [done, total] = cancelled.progress.at(-1)!;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(total);
    expect(await dump(page, target)).toEqual(before);

    const whole = await run('whole');
    expect(whole.outcome).toBe('done');
    expect(whole.progress[0]).toEqual([0, 1050]);
    expect(whole.progress.at(-1)).toEqual([1050, 1050]);
    expect(whole.progress.map(([d]) => d)).toEqual([...whole.progress.map(([d]) => d)].sort((x, y) => x - y));
    expect((await dump(page, target)).people).toHaveLength(151);
  });
});
