/**
 * What `npm run bench` shows the camera: the five people (enrolled from one photo, shown from
 * another), and the fake-camera MJPEGs made from them (one face, five faces, a face appearing).
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { makeMjpeg, type Piece, type Rect } from './mjpeg.ts';

/** Five people: enrolled from one photo, shown on the camera from another. */
export const PEOPLE = [
  { name: 'obama', enroll: 'photos/obama2.jpg', camera: 'photos/knn/test/obama1.jpg' },
  { name: 'biden', enroll: 'photos/biden.jpg', camera: 'photos/knn/test/obama_and_biden.jpg' },
  { name: 'kit_harington', enroll: 'photos/knn/train/kit_harington/john1.jpeg', camera: 'photos/knn/test/johnsnow_test1.jpg' },
  { name: 'rose_leslie', enroll: 'photos/knn/train/rose_leslie/img1.jpg', camera: 'photos/knn/test/kit_with_rose.jpg' },
  { name: 'alex_lacamoire', enroll: 'photos/knn/train/alex_lacamoire/img1.jpg', camera: 'photos/knn/test/alex_lacamoire1.jpg' },
];
/** The one-face camera and the latency camera show this photo of obama (enrolled from obama2.jpg). */
const ONE_FACE = 'photos/obama.jpg';
const FRAME = { width: 640, height: 480 };

/** The 5-face frame: one crop per person (2× its face box, square) in a 3 + 2 grid. */
function fiveFacePieces(boxes: Rect[]): Piece[] {
  const cellW = FRAME.width / 3;
  const cellH = FRAME.height / 2;
  const side = 200;
  return boxes.map((box, i) => {
    const row = i < 3 ? 0 : 1;
    const col = i < 3 ? i : i - 3 + 0.5; // the bottom two centred under the top three
    const s = 2 * Math.max(box.width, box.height);
    const from = { x: Math.round(box.x + box.width / 2 - s / 2), y: Math.round(box.y + box.height / 2 - s / 2), width: Math.round(s), height: Math.round(s) };
    const to = { x: Math.round(col * cellW + (cellW - side) / 2), y: Math.round(row * cellH + (cellH - side) / 2), width: side, height: side };
    return { photo: i, from, to };
  });
}

/** The camera files, made in `cacheDir` from the photos under `datasets`; `boxes`: each person's face in their camera photo. */
export async function cameraFiles(boxes: Rect[], datasets: string, cacheDir: string) {
  const photo = (p: string) => resolve(datasets, p);
  const still = (pieces: Piece[], n = 10) => Array.from({ length: n }, () => pieces);
  const one = [{ photo: 0, to: 'contain' as const }];
  return {
    one: await makeMjpeg({ name: 'bench-1-face', ...FRAME, photos: [photo(ONE_FACE)], frames: still(one) }, cacheDir),
    five: await makeMjpeg({ name: 'bench-5-faces', ...FRAME, photos: PEOPLE.map((p) => photo(p.camera)), frames: still(fiveFacePieces(boxes)) }, cacheDir),
    // At 30 fps: 0.8 s of black (the tracker forgets a face unseen for 0.6 s), then 1.2 s of obama.
    appear: await makeMjpeg({ name: 'bench-appear', ...FRAME, photos: [photo(ONE_FACE)], frames: [...still([], 24), ...still(one, 36)] }, cacheDir),
  };
}

/** The camera's own frame rate: new frames of a plain <video> over 2 s. */
export function cameraFps(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    let frames = 0;
    const start = performance.now();
    await new Promise<void>((done) => {
      const next = () => (performance.now() - start < 2000 ? (frames++, video.requestVideoFrameCallback(next)) : done());
      video.requestVideoFrameCallback(next);
    });
    const fps = (1000 * frames) / (performance.now() - start);
    stream.getTracks().forEach((t) => t.stop());
    return fps;
  });
}
