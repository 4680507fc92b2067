/**
 * Fake cameras for the liveness tests: real head-turn sequences (../shared/datasets/liveness) and
 * attacks generated from them at test time (scripts/liveness-attacks.ts), played by Chromium's
 * fake camera at their own pace.
 *
 * Chromium plays an MJPEG file at 30 fps in a loop, so each sequence frame is repeated for its
 * duration (12.5 fps → 2–3 copies), and the file starts with the first frame held (the person
 * looking straight, as they would while the check starts) and ends with the last one held.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomMoves, type Move } from '../src/ml/liveness';
import { seededRandom } from '../src/ml/random';
import { readSequence, type Sequence } from '../scripts/lib/liveness-sequence';
import { makeMjpeg, type Piece } from '../scripts/lib/mjpeg';
import { CAMERA_CACHE } from './camera';
import { DATASETS, ROOT } from './paths';

export { readSequence, type Sequence };

export const LIVENESS = resolve(DATASETS, 'liveness');
/** Where the generated attacks go (made once; delete the folder to make them again). */
export const ATTACKS = resolve(ROOT, '.cache/e2e-liveness-attacks');

/** The attack sequences of scripts/liveness-attacks.ts (generated on first use, about half a minute). */
export function attack(name: string): Sequence {
  if (!existsSync(join(ATTACKS, 'flat-man-webcam', 'meta.json'))) {
    execFileSync('npx', ['tsx', 'scripts/liveness-attacks.ts', '--out', ATTACKS], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return readSequence(join(ATTACKS, name));
}

export interface CameraOptions {
  /** The first frame held before the sequence (ms). */
  holdBeforeMs?: number;
  /** The last frame held after it (ms). */
  holdAfterMs?: number;
  /** Black frames after the sequence (ms): the face is gone. */
  blankAfterMs?: number;
  /** Only the sequence's frames up to this index (exclusive). */
  until?: number;
  /** More pieces to draw over sequence frames from this index on (a second face). */
  overlay?: { from: number; photo: string; to: Piece['to'] };
}

const FILE_FPS = 30;

/** An MJPEG file for the fake camera: `seq` at its own pace, 640×480. */
export function sequenceCamera(seq: Sequence, o: CameraOptions = {}): Promise<string> {
  const { holdBeforeMs = 2000, holdAfterMs = 1000, blankAfterMs = 0, until = seq.frames.length, overlay } = o;
  const frames: Piece[][] = [];
  const show = (i: number) => {
    const pieces: Piece[] = [{ photo: i, to: 'contain' }];
    if (overlay && i >= overlay.from) pieces.push({ photo: seq.frames.length, to: overlay.to });
    return pieces;
  };
  const repeat = (pieces: Piece[], ms: number) => {
    for (let k = 0; k < Math.round((ms / 1000) * FILE_FPS); k++) frames.push(pieces);
  };
  repeat(show(0), holdBeforeMs);
  const played = seq.frames.slice(0, until);
  const total = Math.round((played.length / seq.fps) * FILE_FPS);
  for (let j = 0; j < total; j++) frames.push(show(Math.min(played.length - 1, Math.floor((j * seq.fps) / FILE_FPS))));
  repeat(show(played.length - 1), holdAfterMs);
  repeat([], blankAfterMs);
  const photos = overlay ? [...seq.frames, overlay.photo] : seq.frames;
  return makeMjpeg({ name: `liveness-${seq.name}`, width: 640, height: 480, photos, frames, quality: 0.9 }, CAMERA_CACHE);
}

/** A `?liveness-seed=` whose first challenge asks exactly `moves` (the app's test-only seed). */
export function seedFor(moves: readonly Move[]): number {
  for (let seed = 1; seed < 10_000; seed++) {
    if (randomMoves(moves.length, seededRandom(seed)).join() === moves.join()) return seed;
  }
  throw new Error(`no seed asks ${moves.join(',')}`);
}
