import { expect, test } from './fixtures';
import { chooseLanguage } from './app';
import { resolve } from 'node:path';
import { openLab } from './lab';
import { DATASETS, HAVE_DATASETS, NO_DATASETS, data } from './paths';

test.describe('face detection', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test("where TFJS's wasm backend cannot start, its CPU backend (loaded only then) runs the networks", async ({ page }) => {
    let refused = 0;
    await page.context().route(/\/tfjs-backend-wasm[^/]*\.wasm$/, (route) => (refused++, route.abort()));
    const { info } = await openLab(page);
    expect(refused).toBeGreaterThan(0);
    expect(info.backend).toBe('cpu');
    expect(info.skipped).toContain('wasm: failed to start');
    const [result] = await page.evaluate((url) => window.visage.embed([url], { faces: 'central' }), data('photos/obama.jpg'));
    expect(result!.faces).toHaveLength(1);
    const embedding = result!.faces[0]!.embedding;
    expect(embedding).toHaveLength(512);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 3);
  });

  test('the patched BlazeFace loads in MediaPipe FaceDetector and finds both faces in two_people.jpg', async ({ page }) => {
    const { info } = await openLab(page, { refine: 'none' });
    expect(['GPU', 'CPU']).toContain(info.delegate);
    const faces = await page.evaluate((url) => window.visage.detect(url), data('photos/two_people.jpg'));
    expect(faces).toHaveLength(2);
    const [left, right] = [...faces].sort((a, b) => a.box.x - b.box.x);
    for (const f of [left!, right!]) {
      expect(f.score).toBeGreaterThan(0.7);
      expect(f.keypoints).toHaveLength(6);
      // Keypoints lie inside (or at the edge of) their face's box.
      const [eyeR, eyeL] = f.keypoints;
      expect(eyeR!.x).toBeGreaterThan(f.box.x);
      expect(eyeL!.x).toBeLessThan(f.box.x + f.box.width);
      expect(eyeR!.x).toBeLessThan(eyeL!.x); // the subject's right eye is on the image's left
    }
    // Two separate faces, not one found twice.
    expect(left!.box.x + left!.box.width).toBeLessThan(right!.box.x);
  });

  test("video frames' detector, BlazeFace full range converted by our TFLite converter, finds the faces MediaPipe's short range finds, in the same places", async ({ page }) => {
    await openLab(page);
    const photos = ['photos/obama.jpg', 'photos/biden.jpg', 'photos/two_people.jpg', 'photos/obama_small.jpg', 'photos/lin-manuel-miranda.png', 'photos/knn/test/kit_with_rose.jpg'];
    for (const photo of photos) {
      const url = data(photo);
      // One video frame searched whole (no tiles, no looks: the full-range network alone) against the still-image detector.
      const { full, still } = await page.evaluate(async (u) => ({
        full: (await window.visage.scene(u, 1, { tilesPerFrame: 0, followsPerFrame: 0 })).faces,
        still: await window.visage.detect(u),
      }), url);
      expect(full.length, photo).toBe(still.length);
      for (const f of full) {
        expect(f.score, photo).toBeGreaterThan(0.75);
        const m = still.find((s) => Math.abs(s.box.x + s.box.width / 2 - (f.box.x + f.box.width / 2)) < s.box.width / 4)!;
        expect(m, photo).toBeDefined();
        // Same size within 20%; both eyes within 12% of the face's width (two networks: they differ by up to 10%).
        expect(f.box.width / m.box.width, photo).toBeGreaterThan(0.8);
        expect(f.box.width / m.box.width, photo).toBeLessThan(1.2);
        for (const k of [0, 1]) {
          expect(Math.hypot(f.keypoints[k]!.x - m.keypoints[k]!.x, f.keypoints[k]!.y - m.keypoints[k]!.y), `${photo} eye ${k}`).toBeLessThan(0.12 * m.box.width);
        }
      }
    }
  });

  test("video frames' detector finds a face that fills the frame (a person close to the camera): a second look at the frame made smaller", async ({ page }) => {
    await openLab(page);
    for (const photo of ['photos/obama.jpg', 'photos/biden.jpg', 'photos/lin-manuel-miranda.png']) {
      // The face cut out tight (its box from the still-image detector, 10% more on each side).
      const { crop, side } = await page.evaluate(async (u) => {
        const [face] = await window.visage.detect(u);
        const b = face!.box;
        const side = Math.round(Math.max(b.width, b.height) * 1.2);
        const bitmap = await createImageBitmap(await (await fetch(u)).blob());
        const canvas = new OffscreenCanvas(side, side);
        canvas.getContext('2d')!.drawImage(bitmap, b.x + b.width / 2 - side / 2, b.y + b.height / 2 - side / 2, side, side, 0, 0, side, side);
        return { crop: URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' })), side };
      }, data(photo));
      const faces = await page.evaluate(async (u) => (await window.visage.scene(u, 1, { tilesPerFrame: 0, followsPerFrame: 0 })).faces, crop);
      expect(faces, photo).toHaveLength(1);
      // Where the face is: about the middle of the crop, most of its width.
      const f = faces[0]!;
      expect(Math.abs(f.box.x + f.box.width / 2 - side / 2), photo).toBeLessThan(side / 8);
      expect(f.box.width / side, photo).toBeGreaterThan(0.5);
    }
  });

  test('the unpatched model is refused by FaceDetector for want of normalisation metadata', async ({ page }) => {
    await page.goto('/__lab/lab.html');
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
    const error = await page.evaluate(async () => {
      try {
        await window.visage.init({
          refine: 'none',
          urls: { detectorModel: '/__node_modules/@mediapipe/face_detection/face_detection_short_range.tflite' },
        });
        return 'loaded';
      } catch (err) {
        return String(err);
      }
    });
    expect(error).toContain('NormalizationOptions');
  });

  test('the app draws a box on each face of a chosen photo (Enroll view)', async ({ page }) => {
    await page.goto('/index.html#enroll');
    const view = page.locator('visage-enroll-view');
    await view.locator('input[type=file]').setInputFiles(resolve(DATASETS, 'photos/two_people.jpg'));
    const photo = view.locator('figure[data-photo="two_people.jpg"]');
    await expect(photo.locator('rect')).toHaveCount(2, { timeout: 60_000 });
    await expect(photo.locator('img')).toBeVisible();
  });

  test('the app says so when a file is not an image, and keeps working', async ({ page }) => {
    await page.goto('/index.html#enroll');
    const view = page.locator('visage-enroll-view');
    const input = view.locator('input[type=file]');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect(view.locator('[data-error="not-image"]')).toBeVisible({ timeout: 60_000 });
    await input.setInputFiles(resolve(DATASETS, 'photos/obama.jpg'));
    await expect(view.locator('figure[data-photo="obama.jpg"] rect')).toHaveCount(1, { timeout: 60_000 });
  });

  test('the shell switches views by tab and in Simplified Chinese', async ({ page }) => {
    await page.goto('/index.html');
    await expect(page.locator('visage-live-view')).toBeAttached();
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.locator('visage-people-view')).toBeAttached();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await chooseLanguage(page, 'zh-Hans');
    await expect(page.getByRole('link', { name: '人员' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('link', { name: '设置' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
  });
});
