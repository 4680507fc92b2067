import { expect, test, type Page } from './fixtures';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from '@playwright/test';
import { enrollPerson, photo, setCheckbox, typeNewPin } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS, ROOT } from './paths';
import { fetchedByVisionWorker, pipelineOnMainThread, recordVisionWorkers, visionWorkers } from './vision-worker';

/**
 * One vision service per page: the live view, photo enrolment, camera enrolment and the kiosk all
 * hand their frames to one vision worker, which loads the models once; the page's main thread
 * loads no model, no wasm and no TFJS or MediaPipe code in any of them.
 */
test.describe('one vision service', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 240_000 });

  test('live, enrol from photos, enrol from the camera, kiosk: one worker, the models fetched once, nothing on the main thread', async ({ baseURL }) => {
    // The camera enrolment's framing (see capture.spec.ts): obama.jpg in an upright phone frame.
    const file = await makeFakeCameraFile(photo('obama.jpg'), { width: 720, height: 1280 });
    await withCamera(file, baseURL!, async (page) => {
      await recordVisionWorkers(page);
      await page.goto('/index.html#settings');
      // A still photo cannot pass the liveness check (liveness.spec.ts covers it): off here.
      await setCheckbox(page, 'Check liveness when enrolling with the camera', false);
      await setCheckbox(page, 'Check liveness in kiosk mode', false);

      // Live: the face is found (nobody enrolled yet: Unknown).
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('Unknown', { timeout: 90_000 });
      await expect(page.locator('visage-live-view')).toHaveAttribute('data-recognition', 'worker');
      expect(await pipelineOnMainThread(page), 'live view').toEqual([]);

      // Enrol from a photo file.
      await page.getByRole('link', { name: 'Enroll', exact: true }).click();
      await enrollPerson(page, 'biden', ['knn/train/biden/biden.jpg']);
      expect(await pipelineOnMainThread(page), 'photo enrolment').toEqual([]);

      // Enrol from the camera.
      const capture = page.locator('visage-capture-enroll');
      await capture.getByRole('button', { name: 'Start camera' }).click();
      await expect(capture.getByTestId('capture-progress')).toHaveText('5 / 5 samples', { timeout: 90_000 });
      await capture.getByRole('textbox', { name: 'Name' }).fill('obama');
      await capture.getByRole('button', { name: 'Save' }).click();
      await expect(capture.locator('[data-message]')).toContainText('obama');
      expect(await pipelineOnMainThread(page), 'camera enrolment').toEqual([]);

      // The kiosk, started from Settings, names him.
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Start kiosk mode' }).click();
      await typeNewPin(page, '482916');
      await expect(page.locator('visage-kiosk-view visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      expect(await pipelineOnMainThread(page), 'kiosk').toEqual([]);

      // One worker served every view, and fetched each model once.
      expect(await visionWorkers(page)).toEqual([{ terminated: false }]);
      const fetched = (await fetchedByVisionWorker(page)).filter((p) => /\/models\//.test(p));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched).toEqual([...new Set(fetched)]);
    });
  });

  /** The live view names obama afresh: detect mode empties the list, recognize names him again (a stale list would keep him). */
  async function namedAfresh(page: Page): Promise<void> {
    const view = page.locator('visage-live-view');
    await view.getByRole('radio', { name: 'Detect only' }).check();
    await expect(view.getByTestId('recognized').locator('li')).toHaveCount(0, { timeout: 60_000 });
    await view.getByRole('radio', { name: 'Recognize' }).check();
    await expect(view.getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
  }

  /** Kills the page's vision worker from inside (as a crash would end it) and answers the next one the page starts. */
  async function killVisionWorker(page: Page, current: Worker): Promise<Worker> {
    const next = page.waitForEvent('worker', { predicate: (w) => /vision\.worker/.test(w.url()), timeout: 60_000 });
    // The worker may end before it answers.
    await current.evaluate(() => self.close()).catch(() => undefined);
    return next;
  }

  test('a vision worker that dies is replaced, live recognition starts again and names come back; after 3 deaths within 5 minutes, the main thread takes over and says so', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('knn/train/obama/obama.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await recordVisionWorkers(page);
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama2.jpg']);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const view = page.locator('visage-live-view');
      await expect(view.getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      await expect(view).toHaveAttribute('data-recognition', 'worker');
      const first = page.workers().find((w) => /vision\.worker/.test(w.url()))!;

      // The worker dies: the frame waiting on it fails with a message, a new worker starts, the session restarts.
      const second = await killVisionWorker(page, first);
      await expect(view.getByText('The recognition worker stopped unexpectedly: it is being restarted.')).toBeVisible({ timeout: 30_000 });
      const worker = await second;
      await namedAfresh(page);
      expect(await visionWorkers(page)).toEqual([{ terminated: true }, { terminated: false }]);

      // Twice more (each time once it runs): it keeps crashing, so the models run on the main thread, and the view says so.
      const third = await killVisionWorker(page, worker);
      await namedAfresh(page);
      await third.evaluate(() => self.close()).catch(() => undefined);
      await expect(view.getByText('The recognition worker kept crashing: recognition now runs on the main thread (slower).')).toBeVisible({ timeout: 60_000 });
      await namedAfresh(page);
      expect(await visionWorkers(page)).toEqual([{ terminated: true }, { terminated: true }, { terminated: true }]);
      expect(errors).toEqual([]);
    });
  });

  test("the first visit's model load counts the bytes read; opened again, from the service worker's cache, it shows the step without a count", async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('knn/train/obama/obama.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      // Counts the loading bars given a length (a byte count: visage-model-progress), page by page.
      await page.addInitScript(() => {
        const set = Element.prototype.setAttribute;
        const w = window as unknown as { byteBars: number };
        w.byteBars = 0;
        Element.prototype.setAttribute = function (name: string, value: string) {
          if (this.localName === 'progress' && name === 'max') w.byteBars++;
          set.call(this, name, value);
        };
      });
      const byteBars = () => page.evaluate(() => (window as unknown as { byteBars: number }).byteBars);
      await page.goto('/index.html#live');
      const view = page.locator('visage-live-view');
      await expect(view.getByTestId('recognized')).toContainText('Unknown', { timeout: 90_000 });
      expect(await byteBars()).toBeGreaterThan(0);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await expect(view.getByTestId('recognized')).toContainText('Unknown', { timeout: 90_000 });
      expect(await byteBars()).toBe(0);
    });
  });

  test("a vision worker whose code cannot be read (the module its small entry imports): the main thread takes over, says why, and names faces", async ({ baseURL }) => {
    // The worker's entry imports the service's code (src/ml/vision.worker.ts): that request fails.
    const entry = readdirSync(resolve(ROOT, 'dist/assets')).find((n) => /^vision\.worker-[\w-]+\.js$/.test(n))!;
    const service = /import\(["`]\.\/(vision-service-[\w-]+\.js)["`]\)/.exec(readFileSync(resolve(ROOT, 'dist/assets', entry), 'utf8'))?.[1];
    expect(service).toBeDefined();
    const file = await makeFakeCameraFile(photo('knn/train/obama/obama.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      await page.context().route(`**/assets/${service}`, (route) => route.abort());
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama2.jpg']);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const view = page.locator('visage-live-view');
      await expect(view.getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      await expect(view).toHaveAttribute('data-recognition', 'main');
      await expect(view.getByTestId('main-thread')).toContainText(service!);
    });
  });
});
