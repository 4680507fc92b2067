/**
 * Nothing leaves the app's origin, even a minute after the models start: MediaPipe's tasks post
 * usage statistics to odml.pa.googleapis.com a minute after a task starts (tasks-vision 1.1.0),
 * which no shorter test would see. Each realm MediaPipe runs in — the vision worker, or the page
 * when recognition runs on the main thread — must refuse that post itself, before any request
 * (no request seen by the browser, no Content-Security-Policy violation reported).
 *
 * Also: the preview server sends the CSP as a header (the same policy as the page's <meta> tag),
 * and the app's build serves no test page or test hook.
 */
import { expect, test, type Page } from './fixtures';
import type { Worker } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { enrollPerson, photo, typeNewPin } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS, ROOT } from './paths';
import { findTestCode } from '../scripts/lib/test-pages';

const STATS = 'https://odml.pa.googleapis.com';

type Seen = { attempts: Array<{ url: string; outcome: string }>; violations: string[] };

/**
 * Records, in every page of the context, each fetch() attempted (its URL and how it ended) and
 * each CSP violation. The recorder wraps whatever `fetch` is (the browser's, then the guard the
 * app installs over it), so it sees the calls made to it from above.
 */
async function recordInPages(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    const seen: Seen = { attempts: [], violations: [] };
    (window as unknown as { __seen: Seen }).__seen = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const record = (inner: typeof fetch): typeof fetch =>
      function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
        const entry = { url: input instanceof Request ? input.url : String(input), outcome: 'pending' };
        seen.attempts.push(entry);
        const p = inner.call(this, input, init);
        p.then((r) => (entry.outcome = `sent ${r.status}`), (e: unknown) => (entry.outcome = String(e)));
        return p;
      };
    let current = record(window.fetch);
    Object.defineProperty(window, 'fetch', { configurable: true, get: () => current, set: (f: typeof fetch) => void (current = record(f)) });
  });
}

/**
 * The same in the vision worker (started already: its guard is in place), and its CSP violations.
 * As in the pages, a guard installed later (a detector made after this, e.g. for a photo) is
 * wrapped too, so the recorder stays on top.
 */
function recordInWorker(worker: Worker): Promise<void> {
  return worker.evaluate(() => {
    const seen = { attempts: [] as Array<{ url: string; outcome: string }>, violations: [] as string[] };
    (self as unknown as { __seen: typeof seen }).__seen = seen;
    self.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const record = (inner: typeof fetch): typeof fetch => (input, init) => {
      const entry = { url: input instanceof Request ? input.url : String(input), outcome: 'pending' };
      seen.attempts.push(entry);
      const p = inner(input, init);
      p.then((r) => (entry.outcome = `sent ${r.status}`), (e: unknown) => (entry.outcome = String(e)));
      return p;
    };
    let current = record(self.fetch);
    Object.defineProperty(self, 'fetch', { configurable: true, get: () => current, set: (f: typeof fetch) => void (current = record(f)) });
  });
}

const seenIn = (realm: Page | Worker): Promise<Seen> => (realm as Page).evaluate(() => (globalThis as unknown as { __seen: Seen }).__seen);

test.describe('no request leaves the origin', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 420_000 });

  test('every view, the models in the worker and on the main thread, open over a minute: MediaPipe\'s statistics refused before any request, no CSP report', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('knn/train/obama/obama.jpg'));
    await withCamera(file, baseURL!, async (page, { context }) => {
      await recordInPages(page);
      // The page where the models run on the main thread: enrol (a photo analysed), live, then the other views.
      const main = page;
      await main.goto('/index.html?recognition=main#enroll');
      await enrollPerson(main, 'obama', ['knn/train/obama/obama2.jpg']);
      await main.getByRole('link', { name: 'Live', exact: true }).click();
      await expect(main.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      await expect(main.locator('visage-live-view')).toHaveAttribute('data-recognition', 'main');
      for (const view of ['People', 'Log', 'Settings']) {
        await main.getByRole('link', { name: view }).click();
        await expect(main.locator(`visage-${view.toLowerCase()}-view`)).toBeVisible();
      }

      // The page whose models run in the vision worker: live, a photo analysed, the other views, the kiosk.
      const other = await context.newPage();
      const workerStarted = other.waitForEvent('worker', { predicate: (w) => /vision\.worker/.test(w.url()) });
      await other.goto('/index.html#live');
      await expect(other.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      await expect(other.locator('visage-live-view')).toHaveAttribute('data-recognition', 'worker');
      const worker = await workerStarted;
      await recordInWorker(worker);
      await other.getByRole('link', { name: 'Enroll', exact: true }).click();
      await other.locator('visage-enroll-view input[type=file]').first().setInputFiles(photo('knn/train/obama/obama.jpg'));
      await expect(other.locator('visage-enroll-view figure rect')).toHaveCount(1, { timeout: 60_000 });
      for (const view of ['People', 'Log', 'Settings']) {
        await other.getByRole('link', { name: view }).click();
        await expect(other.locator(`visage-${view.toLowerCase()}-view`)).toBeVisible();
      }
      await other.getByRole('button', { name: 'Start kiosk mode' }).click();
      await typeNewPin(other, '482916');
      await expect(other.locator('visage-kiosk-view visage-live-view')).toBeVisible();

      // MediaPipe posts its statistics a minute after its tasks start: wait until each realm tried.
      for (const [where, realm] of [['the page (main thread)', main], ['the vision worker', worker]] as const) {
        await expect
          .poll(async () => (await seenIn(realm)).attempts.filter((a) => a.url.startsWith(STATS) && a.outcome !== 'pending').length, { message: where, timeout: 150_000, intervals: [2_000] })
          .toBeGreaterThan(0);
        const seen = await seenIn(realm);
        // Refused by the app itself, before any request (the CSP would report a blocked one).
        expect(seen.attempts.filter((a) => !a.url.startsWith(baseURL!)).map((a) => a.outcome), where).toEqual(
          seen.attempts.filter((a) => !a.url.startsWith(baseURL!)).map(() => `TypeError: Blocked: ${STATS} is not the app's origin`),
        );
        expect(seen.violations, where).toEqual([]);
      }
      expect((await seenIn(other)).violations).toEqual([]);
      // withCamera's watch then checks that no request of any page or worker left the origin, and no CSP message.
    });
  });

  test('the preview server sends the Content-Security-Policy header, the same policy as the page\'s <meta> tag, the worker\'s script too', async ({ page }) => {
    const res = await page.request.get('/index.html');
    const header = res.headers()['content-security-policy'];
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(await res.text())?.[1];
    expect(header).toContain("connect-src 'self'");
    expect(header).toBe(meta);
    await page.goto('/index.html');
    const worker = readdirSync(resolve(ROOT, 'dist/assets')).find((n) => /^vision\.worker-[\w-]+\.js$/.test(n));
    expect(worker).toBeDefined();
    expect((await page.request.get(`/assets/${worker}`)).headers()['content-security-policy']).toBe(header);
  });

  test('the app\'s build holds no test page and no test hook', async ({ page }) => {
    expect(findTestCode(resolve(ROOT, 'dist'))).toEqual([]);
    // Not served (the preview server answers an unknown path with the app's page).
    const lab = await (await page.request.get('/lab.html')).text();
    for (const marker of ['visageDb', 'Visage lab', 'lab.ts']) expect(lab).not.toContain(marker);
    await page.goto('/index.html');
    await expect(page.locator('visage-app')).toBeAttached();
    expect(await page.evaluate(() => ['visage', 'visageDb', 'visageBench', 'visageLab'].filter((k) => k in window))).toEqual([]);
  });
});
