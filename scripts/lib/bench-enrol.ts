/**
 * The benchmark's camera-enrolment phase: the app's real <visage-capture-enroll> on the lab page,
 * the camera playing a still portrait (obama.jpg in an upright 720×1280 frame, framed for the
 * guidance's checks as in e2e/capture.spec.ts), the liveness check off (a still photo cannot pass
 * it). It counts the main thread's long tasks (> 50 ms) from the press of Start camera until the
 * fifth sample: the models load and run in the vision worker, so there should be none.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type {} from '../../test/lab/lab.ts';
import { makeMjpeg } from './mjpeg.ts';

export interface EnrolPhase {
  /** From Start camera to the fifth sample (models loading included). */
  seconds: number;
  samples: number;
  longTasksMs: number[];
}

/** The camera file for the phase, made in `cacheDir`. */
export function enrolCameraFile(datasets: string, cacheDir: string): Promise<string> {
  const frames = Array.from({ length: 10 }, () => [{ photo: 0, to: 'contain' as const }]);
  return makeMjpeg({ name: 'bench-enrol', width: 720, height: 1280, photos: [resolve(datasets, 'photos/obama.jpg')], frames }, cacheDir);
}

/** On a page of a browser whose camera plays enrolCameraFile(), with the lab page open. */
export async function enrolPhase(page: Page, timeoutMs = 180_000): Promise<EnrolPhase> {
  await page.evaluate(async () => {
    const db = await window.visageDb.openVisageDb('visage');
    await db.setSetting('app.settings', { livenessEnroll: false });
    db.close();
    document.body.append(document.createElement('visage-capture-enroll'));
  });
  const capture = page.locator('visage-capture-enroll');
  await page.evaluate(() => window.visageBench.reset());
  await capture.getByRole('button', { name: 'Start camera' }).click();
  const progress = capture.getByTestId('capture-progress');
  await progress.filter({ hasText: '5 / 5 samples' }).waitFor({ timeout: timeoutMs });
  const stats = await page.evaluate(() => window.visageBench.stats());
  const samples = Number((await progress.textContent())?.match(/^(\d+)/)?.[1] ?? 0);
  await page.evaluate(() => document.querySelector('visage-capture-enroll')?.remove());
  return { seconds: stats.windowMs / 1000, samples, longTasksMs: stats.longTasksMs };
}
