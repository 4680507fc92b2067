/**
 * Enrolment, people and log views on the lab page, with the real pipeline and real IndexedDB.
 * Each test runs in a fresh browser context, so the app's database starts empty.
 */
import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { resolve } from 'node:path';
import type {} from '../test/lab/lab-db';
import { DATASETS, HAVE_DATASETS, NO_DATASETS } from './paths';
import { chooseOption } from './app';

const photo = (path: string) => resolve(DATASETS, 'photos', path);

async function mount(page: Page, tag: 'visage-enroll-view' | 'visage-people-view' | 'visage-log-view') {
  await page.evaluate((tag) => document.body.append(document.createElement(tag)), tag);
  return page.locator(tag);
}

async function openPage(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!customElements.get('visage-enroll-view'));
  return errors;
}

/** A plain grey PNG, made in the page: a photo without any face. */
async function blankPng(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(320, 240);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#8a8a8a';
    ctx.fillRect(0, 0, 320, 240);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/** CRC-32 of PNG chunks. */
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A valid black PNG of `side` × `side` pixels, 1 bit per pixel: a few kilobytes that decode to gigabytes. */
function pixelBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // filter byte 0, black pixels
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Chooses a photo of `width` × `height` made in the page (a real portrait drawn large in its
 * middle, JPEG), handed to the view's file input as the user would.
 */
async function chooseHugePhoto(page: Page, width: number, height: number, portrait: string): Promise<number> {
  return page.evaluate(
    async ({ width, height, portrait }) => {
      const face = await createImageBitmap(await (await fetch(portrait)).blob());
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#d8d2c8';
      ctx.fillRect(0, 0, width, height);
      const h = height * 0.8;
      const w = (face.width / face.height) * h;
      ctx.drawImage(face, (width - w) / 2, (height - h) / 2, w, h);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      const input = document.querySelector('visage-enroll-view')!.shadowRoot!.querySelector('visage-drop-zone')!.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
      const files = new DataTransfer();
      files.items.add(new File([blob], 'huge.jpg', { type: 'image/jpeg' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return blob.size;
    },
    { width, height, portrait },
  );
}

test.describe('enrolment, people and log views', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 90_000 });

  test('enrol from photos, reject bad files, pick a face, rename and delete', async ({ page }) => {
    const errors = await openPage(page);
    const enroll = await mount(page, 'visage-enroll-view');
    const people = await mount(page, 'visage-people-view');
    const files = enroll.getByLabel('Photos of the person');
    const name = enroll.getByLabel('Name', { exact: true });
    const submit = enroll.getByRole('button', { name: 'Enroll' });

    // Bad files: each gets its own message.
    await files.setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)) },
      { name: 'blank.png', mimeType: 'image/png', buffer: await blankPng(page) },
    ]);
    await expect(enroll.getByText('notes.txt: not an image.')).toBeVisible({ timeout: 60_000 });
    await expect(enroll.getByText('broken.jpg: the image is broken')).toBeVisible();
    await expect(enroll.getByText('blank.png: no face was found')).toBeVisible();

    // Two portraits of one person: one face each, picked automatically.
    await files.setInputFiles([photo('knn/train/obama/obama.jpg'), photo('knn/train/obama/obama2.jpg')]);
    await expect(enroll.locator('figure[data-photo]')).toHaveCount(2);
    await expect(enroll.locator('rect.chosen')).toHaveCount(2);

    // Empty name: a message, nothing written.
    await name.fill('   ');
    await submit.click();
    await expect(enroll.getByRole('alert').filter({ hasText: 'Enter a name.' })).toBeVisible();
    await expect(people.getByText('Nobody is enrolled yet.')).toBeVisible();
    expect(await page.evaluate(async () => (await (await window.visageDb.openVisageDb('visage')).listPeople()).length)).toBe(0);

    await name.fill('obama');
    await submit.click();
    await expect(enroll.getByText('Enrolled obama with 2 samples')).toBeVisible();
    const obama = people.locator('li', { hasText: 'obama' });
    await expect(obama.getByText('2 samples')).toBeVisible();
    await expect(obama.locator('img')).toHaveCount(1);

    // A photo of two people: nothing chosen until the user picks one.
    await files.setInputFiles(photo('two_people.jpg'));
    await expect(enroll.getByRole('radio')).toHaveCount(2);
    await expect(enroll.locator('rect.chosen')).toHaveCount(0);
    await name.fill('left one');
    await submit.click();
    await expect(enroll.getByText('Add at least one photo with a face first.')).toBeVisible();
    await enroll.getByRole('radio', { name: 'Face 1' }).check();
    await expect(enroll.locator('rect.chosen')).toHaveCount(1);
    await submit.click();
    await expect(enroll.getByText('Enrolled left one with 1 sample')).toBeVisible();
    await expect(people.locator('li', { hasText: 'left one' }).getByText('1 sample', { exact: true })).toBeVisible();

    // Search, rename to a Chinese name (an empty name is refused), then delete.
    await people.getByLabel('Search by name').fill('OBA');
    await expect(people.locator('li')).toHaveCount(1);
    await people.getByLabel('Search by name').fill('');
    await people.getByRole('button', { name: 'Rename obama' }).click();
    const newName = people.getByLabel('New name for obama');
    await newName.fill('');
    await people.getByRole('button', { name: 'Save' }).click();
    await expect(people.getByRole('alert').filter({ hasText: 'Enter a name.' })).toBeVisible();
    await newName.fill('奥巴马');
    await people.getByRole('button', { name: 'Save' }).click();
    const renamed = people.locator('li', { hasText: '奥巴马' });
    await expect(renamed.getByText('2 samples')).toBeVisible();

    await people.getByRole('button', { name: 'Delete 奥巴马' }).click();
    const dialog = people.locator('wa-dialog');
    await expect(dialog).toContainText('Delete 奥巴马 and all their samples?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(renamed).toHaveCount(1);
    await people.getByRole('button', { name: 'Delete 奥巴马' }).click();
    await people.locator('wa-dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(renamed).toHaveCount(0);
    await expect(people.locator('li')).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test('analysis shows progress and can be cancelled; the form keeps its photos', async ({ page }) => {
    const errors = await openPage(page);
    const enroll = await mount(page, 'visage-enroll-view');
    const files = enroll.getByLabel('Photos of the person');
    await files.setInputFiles(photo('knn/train/obama/obama.jpg'));
    await expect(enroll.locator('figure[data-photo]')).toHaveCount(1);
    const big = readFileSync(photo('obama-1080p.jpg'));
    await files.setInputFiles(Array.from({ length: 12 }, (_, i) => ({ name: `big${i}.jpg`, mimeType: 'image/jpeg', buffer: big })));
    await expect(enroll.getByText(/\d+ \/ 12 photos/)).toBeVisible();
    await enroll.getByRole('button', { name: 'Cancel' }).click();
    await expect(enroll.getByText('Analysis cancelled.')).toBeVisible();
    await expect(enroll.locator('figure[data-photo]')).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test('log view: filters, CSV export, clear with confirmation', async ({ page }) => {
    const errors = await openPage(page);
    await page.evaluate(async () => {
      const v = window.visageDb;
      const db = await v.openVisageDb('visage');
      const sample = { embedding: v.fakeEmbedding(1), quality: 0.9, thumbnail: v.fakeThumbnail() };
      const ana = await db.enrollPerson('Ana', [sample]);
      const li = await db.enrollPerson('李雷', [sample]);
      const day = new Date(2024, 4, 10, 12).getTime();
      await db.addLogEntry({ at: day, personId: ana.id, name: 'Ana', similarity: 0.81 });
      await db.addLogEntry({ at: day + 3_600_000, personId: li.id, name: '李雷', similarity: 0.77 });
      await db.addLogEntry({ at: day + 86_400_000 * 2, personId: null, name: null, similarity: 0.2 });
      db.close();
    });
    const log = await mount(page, 'visage-log-view');
    await expect(log.locator('tr[data-entry]')).toHaveCount(3);
    await expect(log.getByText('81%')).toBeVisible();
    await expect(log.getByRole('cell', { name: 'Unknown' })).toBeVisible();

    // The person filter (a Web Awesome select): opened, then an option chosen by its name.
    await chooseOption(log, 'Person', 'Ana');
    await expect(log.locator('tr[data-entry]')).toHaveCount(1);
    await chooseOption(log, 'Person', 'Everyone');
    await expect(log.locator('tr[data-entry]')).toHaveCount(3);
    await log.getByRole('checkbox', { name: 'Unknown faces only' }).check({ force: true });
    await expect(log.locator('tr[data-entry]')).toHaveCount(1);
    await expect(log.locator('tr[data-entry]')).toContainText('Unknown');
    await log.getByRole('checkbox', { name: 'Unknown faces only' }).uncheck({ force: true });
    await log.getByLabel('From').fill('2024-05-10');
    await log.getByLabel('To').fill('2024-05-10');
    await expect(log.locator('tr[data-entry]')).toHaveCount(2);

    const [download] = await Promise.all([page.waitForEvent('download'), log.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,person_id,name,known,similarity,event,liveness,liveness_reason,device,device_id');
    expect(lines).toHaveLength(3);
    expect(csv).toContain('李雷');

    // A new entry appears without reloading; clear asks first.
    await log.getByLabel('From').fill('');
    await log.getByLabel('To').fill('');
    await page.evaluate(async () => {
      const db = await window.visageDb.openVisageDb('visage');
      await db.addLogEntry({ personId: null, name: null, similarity: 0.1 });
      db.close();
    });
    await expect(log.locator('tr[data-entry]')).toHaveCount(4);
    await log.getByRole('button', { name: 'Clear log' }).click();
    await log.locator('wa-dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(log.locator('tr[data-entry]')).toHaveCount(4);
    await log.getByRole('button', { name: 'Clear log' }).click();
    await log.locator('wa-dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(log.locator('tr[data-entry]')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a 60-megapixel photo is downscaled before decoding and enrols', async ({ page }) => {
    test.setTimeout(240_000);
    const errors = await openPage(page);
    const enroll = await mount(page, 'visage-enroll-view');

    // 9000 × 6700: decoded at 4096 px on its long side (the boxes are drawn over that size).
    const bytes = await chooseHugePhoto(page, 9000, 6700, '/__data/photos/knn/train/obama/obama.jpg');
    expect(bytes).toBeGreaterThan(1_000_000);
    const huge = enroll.locator('figure[data-photo="huge.jpg"]');
    await expect(huge.locator('rect')).toHaveCount(1, { timeout: 120_000 });
    await expect(huge.locator('svg')).toHaveAttribute('viewBox', '0 0 4096 3049');
    await enroll.getByLabel('Name', { exact: true }).fill('obama');
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    await expect(enroll.getByText('Enrolled obama with 1 sample')).toBeVisible({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  test('in a mixed batch each photo fails alone: the portrait enrols, the others say why', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = await openPage(page);
    const enroll = await mount(page, 'visage-enroll-view');
    const people = await mount(page, 'visage-people-view');
    // A broken file, a photo without a face, a 400-megapixel image and a portrait: the portrait enrols, the others say why.
    await enroll.getByLabel('Photos of the person').setInputFiles([
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)) },
      { name: 'blank.png', mimeType: 'image/png', buffer: await blankPng(page) },
      { name: 'bomb.png', mimeType: 'image/png', buffer: pixelBomb(20_000) },
      { name: 'biden.jpg', mimeType: 'image/jpeg', buffer: readFileSync(photo('knn/train/biden/biden.jpg')) },
    ]);
    await expect(enroll.locator('figure[data-photo]')).toHaveCount(1, { timeout: 120_000 });
    await expect(enroll.locator('figure[data-photo="biden.jpg"] rect')).toHaveCount(1);
    await expect(enroll.getByText('broken.jpg: the image is broken')).toBeVisible();
    await expect(enroll.getByText('blank.png: no face was found')).toBeVisible();
    await expect(enroll.getByText('bomb.png: the image has too many pixels (over 200 megapixels)')).toBeVisible();
    await enroll.getByLabel('Name', { exact: true }).fill('biden');
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    await expect(enroll.getByText('Enrolled biden with 1 sample')).toBeVisible();
    await expect(people.locator('li', { hasText: 'biden' })).toHaveCount(1);
    expect(errors).toEqual([]);
  });
});
