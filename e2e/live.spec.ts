import { expect, test, type Page } from './fixtures';
import type {} from '../test/lab/lab';
import type {} from '../test/lab/lab-db';
import type {} from '../src/features/live/live-view';
import { enrollPerson, photo } from './app';
import { makeFakeCameraFile, withCamera, withDeniedCamera } from './camera';
import { openLab } from './lab';
import { fetchedByVisionWorker, pipelineOnMainThread, recordVisionWorkers, visionWorkers } from './vision-worker';
import { HAVE_DATASETS, NO_DATASETS, data } from './paths';

/**
 * The live view (<visage-live-view>) in real Chromium with a fake camera playing a real photo:
 * the real pipeline, the real database 'visage' (enrolled through window.visageDb on the lab
 * page, which also bundles the live view), the log. Each scene is its own browser, so each enrols.
 */

/** Enrols obama and biden (one real embedding each) in the app's database 'visage'. */
async function enrollPresidents(page: Page): Promise<void> {
  await openLab(page);
  await page.evaluate(async (urls) => {
    const embedded = await window.visage.embed(urls, { faces: 'central' });
    const db = await window.visageDb.openVisageDb('visage');
    for (const [i, name] of ['obama', 'biden'].entries()) {
      const face = embedded[i]?.faces[0];
      if (!face) throw new Error(`no face in ${urls[i]}: ${embedded[i]?.error}`);
      await db.enrollPerson(name, [{ embedding: face.embedding, quality: 1 }]);
    }
    db.close();
  }, [data('photos/knn/train/obama/obama.jpg'), data('photos/knn/train/biden/biden.jpg')]);
}

/** The share of a canvas's pixels that were painted (not transparent). */
function paintedShare(canvas: HTMLCanvasElement): number {
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
  return painted / (data.length / 4);
}

/** Mounts the live view on the current page (the lab page bundles it). */
async function mountLiveView(page: Page) {
  await page.evaluate(() => {
    if (!customElements.get('visage-live-view')) throw new Error('<visage-live-view> is not defined on this page (lab.ts must import the component)');
    document.body.append(document.createElement('visage-live-view'));
  });
  return page.locator('visage-live-view');
}

test.describe('live view', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 120_000 });

  test('two_people.jpg on the camera: obama and biden are recognized and listed', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await enrollPresidents(page);
      const view = await mountLiveView(page);
      const list = view.getByTestId('recognized');
      await expect(list).toHaveAttribute('aria-live', 'polite');
      await expect(list).toContainText('obama', { timeout: 60_000 });
      await expect(list).toContainText('biden', { timeout: 30_000 });
      // Each a card: name and similarity; enrolled here without thumbnails, so a crop of the camera frame.
      const card = list.getByRole('listitem').filter({ hasText: 'obama' });
      await expect(card).toHaveText(/^obama \d{1,3}%$/);
      await expect.poll(() => card.locator('canvas').evaluate(paintedShare)).toBeGreaterThan(0.5);
      await expect(view.locator('visage-live-overlay g[data-face="known"]')).toHaveCount(2);
      expect(errors).toEqual([]);
    });
  });

  test('in the app: enrol from photos, both named; delete biden and the camera shows obama and an unknown; a reload keeps people and the log', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      // Scenario 1 through the UI: enrol from photo files, then the camera names both.
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await enrollPerson(page, 'biden', ['knn/train/biden/biden.jpg', 'knn/train/biden/biden2.jpg']);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const list = page.locator('visage-live-view').getByTestId('recognized');
      await expect(list).toContainText('obama', { timeout: 60_000 });
      await expect(list).toContainText('biden', { timeout: 30_000 });
      await expect(page.locator('visage-live-overlay g[data-face="known"]')).toHaveCount(2);
      // Cards: enrolled through the app, each with the person's own thumbnail, name and similarity.
      for (const name of ['obama', 'biden']) {
        const card = list.getByRole('listitem').filter({ hasText: name });
        await expect(card).toHaveText(new RegExp(`^${name} \\d{1,3}%$`));
        await expect.poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      }
      // Desktop: the camera and the cards side by side; a phone: the cards under the camera, full width.
      const video = page.locator('visage-live-view').getByLabel('Camera picture with the faces found');
      await page.setViewportSize({ width: 1440, height: 900 });
      await expect.poll(async () => (await list.boundingBox())!.x - ((await video.boundingBox())!.x + (await video.boundingBox())!.width)).toBeGreaterThanOrEqual(0);
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(async () => (await list.boundingBox())!.y - ((await video.boundingBox())!.y + (await video.boundingBox())!.height)).toBeGreaterThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 720 });
      // The status chips: where the models run (this headless Chromium has no GPU), the frame rate, ready.
      const status = page.locator('visage-live-view').getByRole('list', { name: 'Status' });
      await expect(status.locator('[data-chip=backend]')).toHaveText('CPU (wasm)');
      await expect(status.locator('[data-chip=fps]')).toHaveText(/^[1-9]\d* fps$/);
      await expect(status.locator('[data-chip=model]')).toHaveText('Models ready');

      await page.getByRole('link', { name: 'People', exact: true }).click();
      const people = page.locator('visage-people-view');
      await people.getByRole('button', { name: 'Delete biden' }).click();
      await people.locator('wa-dialog [data-confirm]').click();
      await expect(people.getByRole('button', { name: 'Delete biden' })).toHaveCount(0);

      await page.getByRole('link', { name: 'Live', exact: true }).click();
      await expect(list).toContainText('obama', { timeout: 60_000 });
      await expect(list).toContainText('Unknown', { timeout: 30_000 });
      await expect(list).not.toContainText('biden');
      // The stranger's card: "Unknown", no similarity, a crop of the camera frame.
      const unknownCard = list.getByRole('listitem').filter({ hasText: 'Unknown' });
      await expect(unknownCard).toHaveText('Unknown');
      await expect.poll(() => unknownCard.locator('canvas').evaluate(paintedShare)).toBeGreaterThan(0.5);

      // The log has the unknown face (written in the background), and all of it survives a reload.
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      const log = page.locator('visage-log-view');
      await expect(log.locator('tbody tr', { hasText: 'Unknown' }).first()).toBeVisible({ timeout: 30_000 });
      await page.reload();
      await expect(log.locator('tbody tr', { hasText: 'obama' }).first()).toBeVisible();
      await page.getByRole('link', { name: 'People', exact: true }).click();
      await expect(people.getByRole('button', { name: 'Delete obama' })).toBeVisible();
      await expect(people.getByRole('button', { name: 'Delete biden' })).toHaveCount(0);
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      await expect(log.locator('tbody tr', { hasText: 'Unknown' }).first()).toBeVisible();
    });
  });

  test('an unknown face: "Unknown" listed, the warning shown, one log entry with name null', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('lin-manuel-miranda.png'));
    await withCamera(file, baseURL!, async (page) => {
      await enrollPresidents(page);
      const view = await mountLiveView(page);
      await expect(view.getByTestId('recognized')).toContainText('Unknown', { timeout: 60_000 });
      // The card's thumbnail is the face cropped from the camera: an opaque picture with detail, not the empty placeholder.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const canvas = document.querySelector('visage-live-view')?.shadowRoot?.querySelector('visage-face-cards')?.shadowRoot?.querySelector('canvas');
            const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
            if (!data) return 0;
            let opaque = 0, sum = 0, sq = 0;
            for (let i = 0; i < data.length; i += 4) {
              const y = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
              opaque += data[i + 3]! === 255 ? 1 : 0;
              sum += y;
              sq += y * y;
            }
            const n = data.length / 4;
            // The spread of brightness where every pixel is drawn, else 0.
            return opaque === n ? Math.sqrt(sq / n - (sum / n) ** 2) : 0;
          }),
        )
        .toBeGreaterThan(15);
      const banner = view.getByRole('alert');
      await expect(banner).toBeVisible();
      await expect(view.locator('visage-live-overlay g[data-face="unknown"]')).toHaveCount(1);
      // The log is written without blocking the loop: wait for it.
      await expect
        .poll(
          () =>
            page.evaluate(async () => {
              const db = await window.visageDb.openVisageDb('visage');
              const log = await db.queryLog();
              db.close();
              return log.map((e) => ({ name: e.name, personId: e.personId, thumb: e.thumbnail?.type ?? null }));
            }),
          { timeout: 15_000 },
        )
        .toEqual([{ name: null, personId: null, thumb: 'image/jpeg' }]);
      await banner.getByRole('button').click();
      await expect(view.getByRole('alert')).toHaveCount(0);
      // Removing the view stops the camera.
      const srcObject = () =>
        page.evaluate(() => {
          const video = document.querySelector('visage-live-view')?.shadowRoot?.querySelector('video') ?? (window as unknown as { liveVideo?: HTMLVideoElement }).liveVideo;
          (window as unknown as { liveVideo?: HTMLVideoElement }).liveVideo = video ?? undefined;
          return video?.srcObject ? 'stream' : 'none';
        });
      expect(await srcObject()).toBe('stream');
      await page.evaluate(() => document.querySelector('visage-live-view')!.remove());
      expect(await srcObject()).toBe('none');
    });
  });

  test('in the app, recognition runs in the vision worker: the main thread loads no model, wasm or TFJS code', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      await enrollPresidents(page);
      await recordVisionWorkers(page);
      await page.goto('/index.html#live');
      const view = page.locator('visage-live-view');
      await expect(view.getByTestId('recognized')).toContainText('obama', { timeout: 60_000 });
      await expect(view.getByTestId('recognized')).toContainText('biden', { timeout: 30_000 });
      await expect(view).toHaveAttribute('data-recognition', 'worker');
      await expect(view.getByTestId('main-thread')).toHaveCount(0);
      // The page fetched no model, no wasm and not the pipeline's code (TFJS, MediaPipe) ...
      expect(await pipelineOnMainThread(page)).toEqual([]);
      // ... the vision worker did: the video frames' detector and the embedder first, then (once the
      // first frames were searched whole) MediaPipe's detector that looks at parts of frames.
      await expect
        .poll(() => fetchedByVisionWorker(page), { timeout: 30_000 })
        .toEqual(
          expect.arrayContaining([
            '/models/blazeface-full/model.json',
            '/models/arcface-mobilefacenet/model.json',
            '/models/face_detection_short_range.tflite',
            '/wasm/mediapipe/vision_wasm_module_internal.wasm',
          ]),
        );
      const worker = page.workers().find((w) => /vision\.worker/.test(w.url()));
      // The page's CSP does not cover the worker: it refuses requests to other origins itself.
      expect(await worker!.evaluate(() => fetch('https://odml.pa.googleapis.com/v1/log').then(() => 'sent', (e: unknown) => String(e)))).toBe(
        "TypeError: Blocked: https://odml.pa.googleapis.com is not the app's origin",
      );
      // Leaving the live view stops recognition but keeps the worker and its models for the page's
      // other views (the only one it made).
      await page.getByRole('link', { name: 'People', exact: true }).click();
      await expect(page.locator('visage-live-view')).toHaveCount(0);
      expect(await visionWorkers(page)).toEqual([{ terminated: false }]);
    });
  });

  test('the vision worker starts as the page opens on Live, and only when a view needs it on other pages: one worker either way', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      await enrollPresidents(page);
      await recordVisionWorkers(page);
      // Opened on People: no worker (its view runs no model).
      await page.goto('/index.html#people');
      await expect(page.locator('visage-people-view').getByText('obama')).toBeVisible();
      expect(await visionWorkers(page)).toEqual([]);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 60_000 });
      expect(await visionWorkers(page)).toEqual([{ terminated: false }]);
      // Opened on Live: the worker started as the page opened is the one the view uses (no second one).
      await page.goto('/index.html#live');
      await page.reload();
      await expect(page.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 60_000 });
      await expect(page.locator('visage-live-view')).toHaveAttribute('data-recognition', 'worker');
      expect(await visionWorkers(page)).toEqual([{ terminated: false }]);
    });
  });

  test('where module workers cannot start, recognition runs on the main thread, says why, and still names faces', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page) => {
      await enrollPresidents(page);
      // A browser without module workers (classic ones, as TFJS's wasm threads use, still work).
      await page.addInitScript(() => {
        const Classic = window.Worker;
        window.Worker = class extends Classic {
          constructor(url: string | URL, options?: WorkerOptions) {
            if (options?.type === 'module') throw new TypeError('module workers are not supported');
            super(url, options);
          }
        };
      });
      await page.goto('/index.html#live');
      const view = page.locator('visage-live-view');
      await expect(view.getByTestId('recognized')).toContainText('obama', { timeout: 60_000 });
      await expect(view.getByTestId('recognized')).toContainText('biden', { timeout: 30_000 });
      await expect(view).toHaveAttribute('data-recognition', 'main');
      await expect(view.getByTestId('main-thread')).toHaveText(/^Recognition runs on the main thread: module workers are unavailable here \(TypeError: module workers are not supported\)$/);
      expect(page.workers().filter((w) => /vision\.worker/.test(w.url()))).toEqual([]);
    });
  });

  test('a denied camera: the denied message and a retry button', async ({ baseURL }) => {
    await withDeniedCamera(baseURL!, async (page) => {
      await page.goto('/__lab/lab.html');
      await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, { timeout: 30_000 });
      const view = await mountLiveView(page);
      const error = view.getByTestId('camera-error');
      await expect(error).toHaveAttribute('data-code', 'denied');
      await expect(error).toContainText('denied');
      await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
      await error.getByRole('button').click(); // still denied: the message comes back
      await expect(view.getByTestId('camera-error')).toHaveAttribute('data-code', 'denied');
    });
  });
});
