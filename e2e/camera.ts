/**
 * A fake camera for the browser tests: Chromium's `--use-file-for-fake-video-capture` plays an
 * MJPEG file (JPEG frames of one size, simply concatenated) as the only camera, in a loop.
 *
 * The file is made at test time from a photo (never committed) by scripts/lib/mjpeg.ts: the
 * photo letterboxed on a black canvas of a fixed size, written under `.cache/camera/`
 * (git-ignored), named by the photo's hash and the options so that it is made once.
 *
 * The flag is per browser process, so each camera scene launches its own browser: `withCamera`.
 *
 * Facts measured here (Chromium 156, headless, 2 cores):
 * - The device is listed as one 'videoinput' whose label is the file's path. Chromium takes the
 *   frame size from the JPEGs and delivers it at 30 fps, looping the file: `getSettings()` gives
 *   1280×720, frameRate 30, resizeMode 'none' for a 1280×720 file.
 * - An ideal smaller size (640×480) is honoured by cropping and scaling ('crop-and-scale');
 *   an exact larger size, or `facingMode: { exact: ... }` (the fake device has no facing mode),
 *   rejects with OverconstrainedError.
 * - Timing: making the file (10 frames of two_people.jpg, 1280×720, quality 0.92, 1.9 MB)
 *   takes about 1 s including the browser launch; launching a camera scene about 0.6 s; the first
 *   getUserMedia about 100–300 ms, later ones about 15 ms; the first frame 15–60 ms after that.
 * - A denied camera: see `withDeniedCamera`.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { basename, extname, resolve } from 'node:path';
import { launchOptions } from '../scripts/lib/chromium';
import { fakeCameraArgs, makeMjpeg, NAME_SHIM } from '../scripts/lib/mjpeg';
import { ROOT } from './paths';
import { watchContext } from './requests';

export const CAMERA_CACHE = resolve(ROOT, '.cache/camera');

export interface FakeCameraOptions {
  /** Frame size; the photo is letterboxed into it (black bars). Default 1280×720. */
  width?: number;
  height?: number;
  /** Number of frames in the file (it loops). Default 10. */
  frames?: number;
  /** JPEG quality for canvas.toBlob. Default 0.92. */
  quality?: number;
  /** Mirror the picture horizontally (as a front camera would show it). Default false. */
  mirror?: boolean;
}

/**
 * Makes (or finds in the cache) the MJPEG file for `photoPath` and returns its absolute path:
 * the photo letterboxed on black, every frame the same (identical frames loop fine).
 */
export function makeFakeCameraFile(photoPath: string, opts: FakeCameraOptions = {}): Promise<string> {
  const o = { width: 1280, height: 720, frames: 10, quality: 0.92, mirror: false, ...opts };
  const frames = Array.from({ length: o.frames }, () => [{ photo: 0, to: 'contain' as const }]);
  const name = basename(photoPath, extname(photoPath));
  return makeMjpeg({ name, width: o.width, height: o.height, photos: [photoPath], frames, quality: o.quality, mirror: o.mirror }, CAMERA_CACHE);
}

export interface CameraScene {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export interface CameraSceneOptions {
  /**
   * Accept the camera with `--use-fake-ui-for-media-stream` instead of a granted permission.
   * Default false: the permission is granted on the context, so that `context.clearPermissions()`
   * can deny the camera later in the same scene (the flag cannot be undone).
   */
  fakeUi?: boolean;
}

async function scene<T>(args: string[], baseURL: string, grant: boolean, fn: (page: Page, s: CameraScene) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, ...args] });
  try {
    const context = await browser.newContext({ baseURL, ...(grant ? { permissions: ['camera'] } : {}) });
    await context.addInitScript(NAME_SHIM);
    const check = watchContext(context, new URL(baseURL).origin);
    const page = await context.newPage();
    const result = await fn(page, { browser, context, page });
    check();
    return result;
  } finally {
    await browser.close();
  }
}

/**
 * Runs `fn` with a page of a new Chromium (one launch per scene: the file flag is per process)
 * whose only camera plays `file` (from `makeFakeCameraFile`), the camera permission granted.
 * The device's label is the file's path. Call `context.clearPermissions()` to deny it from then on.
 */
export function withCamera<T>(file: string, baseURL: string, fn: (page: Page, s: CameraScene) => Promise<T>, opts: CameraSceneOptions = {}): Promise<T> {
  return scene(fakeCameraArgs(file, opts.fakeUi ?? false), baseURL, !opts.fakeUi, fn);
}

/**
 * Runs `fn` with a page of a new Chromium where the camera is denied: getUserMedia rejects with
 * `NotAllowedError`, message "Permission denied".
 *
 * What makes it in headless Chromium (measured, Chromium 156): a fake device
 * (`--use-fake-device-for-media-stream`) but neither `--use-fake-ui-for-media-stream` nor a
 * granted 'camera' permission. Headless Chromium shows no prompt and denies at once (about
 * 60 ms), as if the user had clicked "Block". Also measured:
 * - with a granted permission and no fake-UI flag, `context.clearPermissions()` makes the next
 *   getUserMedia reject the same way (NotAllowedError) — `withCamera` relies on this;
 * - `--use-fake-ui-for-media-stream` grants the camera with no permission at all, and
 *   `clearPermissions()` does NOT undo it;
 * - with no fake device at all (a machine without a camera), a granted getUserMedia rejects with
 *   NotFoundError "Requested device not found" (a 'no-camera', not a denial).
 */
export function withDeniedCamera<T>(baseURL: string, fn: (page: Page, s: CameraScene) => Promise<T>): Promise<T> {
  return scene(fakeCameraArgs(null), baseURL, false, fn);
}
