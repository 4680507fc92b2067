import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import type * as CameraModule from '../src/features/camera/camera';
import { makeFakeCameraFile, withCamera, withDeniedCamera } from './camera';
import { openLab } from './lab';
import { DATASETS, HAVE_DATASETS, NO_DATASETS, ROOT } from './paths';

/**
 * The live camera in real Chromium: a fake camera that plays a real photo (an MJPEG file made at
 * test time, e2e/camera.ts), its frames through the real pipeline, and src/features/camera/camera.ts's
 * openCamera / error codes. Each scene launches its own Chromium (the camera file is a flag).
 */

declare global {
  interface Window {
    visageCamera: typeof CameraModule;
  }
}

/** src/features/camera/camera.ts (not in the lab's bundle) compiled as is and exposed as window.visageCamera. */
async function loadCameraModule(page: Page): Promise<void> {
  const source = readFileSync(resolve(ROOT, 'src/features/camera/camera.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: false },
  });
  const expose = 'window.visageCamera = { CameraError, toCameraError, listCameras, openCamera, cameraConstraints };';
  await page.addScriptTag({ type: 'module', content: `${outputText}\n${expose}` });
  await page.waitForFunction(() => window.visageCamera !== undefined);
}

const photo = (name: string) => resolve(DATASETS, 'photos', name);

test.describe('camera', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 60_000 }); // each takes 1–6 s; fail fast rather than at the global 180 s

  test('a camera frame of two_people.jpg goes through the real pipeline: 2 faces', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'), { width: 1280, height: 720, frames: 10 });
    await withCamera(file, baseURL!, async (page) => {
      await openLab(page); // the lab page ready, then window.visage.init()
      const got = await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.srcObject = stream;
        await video.play();
        const t0 = performance.now();
        while (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
          if (performance.now() - t0 > 10_000) throw new Error('no frame from the camera in 10 s');
          await new Promise((r) => setTimeout(r, 10));
        }
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d')!.drawImage(video, 0, 0);
        const settings = stream.getVideoTracks()[0]!.getSettings();
        stream.getTracks().forEach((t) => t.stop());
        const blob = await new Promise<Blob>((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('toBlob failed'))), 'image/png'));
        const url = URL.createObjectURL(blob);
        try {
          const faces = await window.visage.detect(url);
          return { width: canvas.width, height: canvas.height, settings, faces };
        } finally {
          URL.revokeObjectURL(url);
        }
      });
      console.log(`camera frame ${got.width}×${got.height} @ ${got.settings.frameRate} fps: ${got.faces.length} faces, scores ${got.faces.map((f) => f.score.toFixed(2)).join(', ')}`);
      expect([got.width, got.height]).toEqual([1280, 720]);
      expect(got.faces).toHaveLength(2);
      // Two different people side by side, both inside the picture.
      const [a, b] = [...got.faces].sort((p, q) => p.box.x - q.box.x);
      expect(a!.box.x + a!.box.width).toBeLessThanOrEqual(b!.box.x + b!.box.width / 2);
      for (const f of got.faces) {
        expect(f.box.x).toBeGreaterThanOrEqual(0);
        expect(f.box.x + f.box.width).toBeLessThanOrEqual(1280 + 1);
      }
    });
  });

  test('openCamera: frames at the asked size, stop(), error codes, onEnded', async ({ baseURL }) => {
    const file = await makeFakeCameraFile(photo('two_people.jpg'), { width: 1280, height: 720, frames: 10 });
    await withCamera(file, baseURL!, async (page, { context }) => {
      await page.goto('/__lab/lab.html');
      await loadCameraModule(page);
      const got = await page.evaluate(async () => {
        const { listCameras, openCamera, CameraError } = window.visageCamera;
        const code = (p: Promise<unknown>) =>
          p.then(
            () => 'opened',
            (e: unknown) => (e instanceof CameraError ? `${e.code}/${e.causeName}` : `not a CameraError: ${String(e)}`),
          );
        const cameras = await listCameras();
        const t0 = performance.now();
        const full = await openCamera();
        const openMs = performance.now() - t0;
        const fullSize = [full.video.videoWidth, full.video.videoHeight, full.settings.frameRate];
        full.stop();
        full.stop(); // idempotent
        const small = await openCamera({ width: 640, height: 480, facingMode: 'user' });
        const smallSize = [small.video.videoWidth, small.video.videoHeight];
        let ended = '';
        const watched = await openCamera({ deviceId: small.settings.deviceId!, onEnded: (e) => (ended = e.code) });
        small.stop();
        watched.track.dispatchEvent(new Event('ended')); // what an unplugged camera's track fires
        return {
          cameras,
          openMs,
          fullSize,
          smallSize,
          stoppedTrack: full.track.readyState,
          srcObjectCleared: full.video.srcObject === null,
          ended,
          watchedStopped: watched.track.readyState,
          missing: await code(openCamera({ deviceId: 'no-such-camera' })),
          fiveK: await code(openCamera({ width: 5000 })), // ideal, not exact: the nearest size is used
        };
      });
      console.log(`openCamera: first frame after ${got.openMs.toFixed(0)} ms, ${got.fullSize.join('×')} fps, ideal 640×480 → ${got.smallSize.join('×')}`);
      expect(got.cameras).toHaveLength(1);
      expect(got.cameras[0]!.label).toBe(file); // Chromium names the file-backed device by its path
      expect(got.fullSize).toEqual([1280, 720, 30]);
      expect(got.smallSize).toEqual([640, 480]);
      expect(got.stoppedTrack).toBe('ended');
      expect(got.srcObjectCleared).toBe(true);
      expect(got.ended).toBe('ended');
      expect(got.watchedStopped).toBe('ended');
      expect(got.missing).toBe('no-camera/OverconstrainedError');
      expect(got.fiveK).toBe('opened');

      // The permission taken away: the next open is denied.
      await context.clearPermissions();
      const denied = await page.evaluate(() =>
        window.visageCamera.openCamera().then(
          () => 'opened',
          (e: InstanceType<typeof window.visageCamera.CameraError>) => `${e.code}/${e.causeName}`,
        ),
      );
      expect(denied).toBe('denied/NotAllowedError');
    });
  });

  test('a denied camera: getUserMedia rejects with NotAllowedError, openCamera with code "denied"', async ({ baseURL }) => {
    await withDeniedCamera(baseURL!, async (page) => {
      await page.goto('/__lab/lab.html');
      await loadCameraModule(page);
      const got = await page.evaluate(async () => {
        const raw = await navigator.mediaDevices.getUserMedia({ video: true }).then(
          () => 'granted',
          (e: DOMException) => `${e.name}: ${e.message}`,
        );
        const { openCamera, CameraError } = window.visageCamera;
        const err = await openCamera().then(
          () => null,
          (e: unknown) => e,
        );
        const mapped = err instanceof CameraError ? { code: err.code, causeName: err.causeName, message: err.message } : { code: String(err) };
        // No navigator.mediaDevices at all (an old browser, or a page that is not https).
        Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined, configurable: true });
        const unsupported = await openCamera().then(
          () => 'opened',
          (e: InstanceType<typeof CameraError>) => e.code,
        );
        return { raw, mapped, unsupported };
      });
      expect(got.raw).toBe('NotAllowedError: Permission denied');
      expect(got.mapped.code).toBe('denied');
      expect(got.mapped.causeName).toBe('NotAllowedError');
      expect(got.mapped.message).toMatch(/denied/);
      expect(got.unsupported).toBe('unsupported');
    });
  });
});
