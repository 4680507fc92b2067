/**
 * `npm run screenshots`: the README's pictures, taken from the running (built) app in headless
 * Chromium, as a person would use it: enrol obama and biden from photo files in the Enroll view,
 * then point the (fake) camera at a photo of both — the Live view names them — then open the Log;
 * then, with a camera playing a real head-turn clip, the kiosk's liveness check asking a move.
 * Then Settings and the Live view in the dark appearance. Writes docs/live.png, docs/enroll.png,
 * docs/log.png, docs/settings-dark.png, docs/live-dark.png and docs/liveness.png. Needs ../shared/datasets.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chooseOption, enrollPerson, photo, typeNewPin } from '../e2e/app.ts';
import { makeFakeCameraFile, withCamera } from '../e2e/camera.ts';
import { LIVENESS, readSequence, seedFor, sequenceCamera } from '../e2e/liveness.ts';
import { buildApp, ROOT } from './lib/build.ts';
import { serveStatic } from './lib/serve.ts';

const DOCS = resolve(ROOT, 'docs');
const step = (msg: string) => console.log(`[screenshots] ${msg}`);

async function main(): Promise<void> {
  step('building the app…');
  await buildApp();
  const server = await serveStatic([{ prefix: '/', dir: resolve(ROOT, 'dist') }]);
  mkdirSync(DOCS, { recursive: true });
  try {
    const camera = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(camera, server.url, async (page) => {
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.goto(`${server.url}/index.html#enroll`);
      step('enrolling obama and biden from photo files…');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await enrollPerson(page, 'biden', ['knn/train/biden/biden.jpg', 'knn/train/biden/biden2.jpg']);
      // The enrollment view with a group photo, one face picked.
      await page.locator('visage-enroll-view input[type=file]').first().setInputFiles(photo('knn/test/kit_with_rose.jpg'));
      await page.locator('visage-enroll-view figure rect').nth(1).waitFor({ timeout: 60_000 });
      // Kit is the second face from the left.
      await page.locator('visage-enroll-view').getByRole('radio', { name: 'Face 2' }).check();
      await page.locator('visage-enroll-view').getByLabel('Name', { exact: true }).fill('Kit Harington');
      await page.screenshot({ path: resolve(DOCS, 'enroll.png') });

      step('live view…');
      await page.goto(`${server.url}/index.html#live`);
      const list = page.locator('visage-live-view [data-testid=recognized]');
      await list.filter({ hasText: 'obama' }).filter({ hasText: 'biden' }).waitFor({ timeout: 120_000 });
      // The frame rate shown is a running mean: a few seconds after the start it is the steady one.
      await page.waitForTimeout(3000);
      await page.screenshot({ path: resolve(DOCS, 'live.png') });

      step('log…');
      await page.goto(`${server.url}/index.html#log`);
      await page.locator('visage-log-view tbody tr').nth(1).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: resolve(DOCS, 'log.png') });

      step('dark appearance…');
      await page.goto(`${server.url}/index.html#settings`);
      await chooseOption(page.locator('visage-settings-view'), 'Appearance', 'Dark');
      await page.screenshot({ path: resolve(DOCS, 'settings-dark.png') });
      await page.goto(`${server.url}/index.html#live`);
      await list.filter({ hasText: 'obama' }).filter({ hasText: 'biden' }).waitFor({ timeout: 120_000 });
      await page.waitForTimeout(3000);
      await page.screenshot({ path: resolve(DOCS, 'live-dark.png') });
    });

    step('kiosk liveness check…');
    const man = readSequence(resolve(LIVENESS, 'man-webcam'));
    await withCamera(await sequenceCamera(man, { holdBeforeMs: 1500, holdAfterMs: 500 }), server.url, async (page) => {
      await page.setViewportSize({ width: 1100, height: 900 });
      // The test-only seed (honoured under automation only) makes the first move "right".
      await page.goto(`${server.url}/index.html?liveness-seed=${seedFor(['right', 'left', 'right'])}#enroll`);
      await enrollPerson(page, 'Sam', [man.frames[0]!]);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
      await typeNewPin(page, '482916');
      await page.locator('visage-liveness-prompt [data-phase="challenge"][data-move="left"]').waitFor({ timeout: 120_000 });
      await page.screenshot({ path: resolve(DOCS, 'liveness.png') });
    });
    step('wrote docs/live.png, docs/enroll.png, docs/log.png, docs/settings-dark.png, docs/live-dark.png, docs/liveness.png');
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(`screenshots: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
