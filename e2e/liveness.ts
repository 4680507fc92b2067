/**
 * Fake cameras for the liveness tests: real head-turn sequences (../shared/datasets/liveness) and
 * attacks generated from them at test time (scripts/liveness-attacks.ts), played by Chromium's
 * fake camera at their own pace.
 *
 * Chromium plays an MJPEG file at 30 fps in a loop, so each sequence frame is repeated for its
 * duration (12.5 fps → 2–3 copies), and the file starts with the first frame held (the person
 * looking straight, as they would while the check starts) and ends with the last one held.
 */
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Move } from '../src/ml/liveness';
import { randomMoves } from '../src/ml/liveness-session';
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
  /** The sequence's frames from this index on (default 0): held first, then played. */
  from?: number;
  /** More pieces to draw over sequence frames from this index on (a second face). */
  overlay?: { from: number; photo: string; to: Piece['to'] };
  /** Where each sequence frame goes in the 640×480 frame (default: the whole frame, letterboxed): a close-up, a far face. */
  place?: Piece['to'];
}

const FILE_FPS = 30;

/** An MJPEG file for the fake camera: `seq` at its own pace, 640×480. */
export function sequenceCamera(seq: Sequence, o: CameraOptions = {}): Promise<string> {
  const { holdBeforeMs = 2000, holdAfterMs = 1000, blankAfterMs = 0, until = seq.frames.length, from = 0, overlay, place = 'contain' } = o;
  const frames: Piece[][] = [];
  const show = (i: number) => {
    const pieces: Piece[] = [{ photo: i, to: place }];
    if (overlay && i >= overlay.from) pieces.push({ photo: seq.frames.length, to: overlay.to });
    return pieces;
  };
  const repeat = (pieces: Piece[], ms: number) => {
    for (let k = 0; k < Math.round((ms / 1000) * FILE_FPS); k++) frames.push(pieces);
  };
  repeat(show(from), holdBeforeMs);
  const played = until - from;
  const total = Math.round((played / seq.fps) * FILE_FPS);
  for (let j = 0; j < total; j++) frames.push(show(from + Math.min(played - 1, Math.floor((j * seq.fps) / FILE_FPS))));
  repeat(show(until - 1), holdAfterMs);
  repeat([], blankAfterMs);
  const photos = overlay ? [...seq.frames, overlay.photo] : seq.frames;
  const where = (place === 'contain' ? '' : `-${place.x}_${place.y}_${place.width}`) + (from === 0 ? '' : `-from${from}`);
  return makeMjpeg({ name: `liveness-${seq.name}${where}`, width: 640, height: 480, photos, frames, quality: 0.9 }, CAMERA_CACHE);
}

/** A `?liveness-seed=` whose first challenge asks exactly `moves` (the app's test-only seed). */
export function seedFor(moves: readonly Move[]): number {
  for (let seed = 1; seed < 10_000; seed++) {
    if (randomMoves(moves.length, seededRandom(seed)).join() === moves.join()) return seed;
  }
  throw new Error(`no seed asks ${moves.join(',')}`);
}

/** What a leak watcher saw (watchForLeaks). */
export interface LeakReport {
  /** Animation frames sampled. */
  frames: number;
  /** Frames whose page text held "Checking…" (the watcher reaches the live view's labels). */
  checking: number;
  /** Page texts, and faces handed to a live overlay, that matched: each one once. */
  leaks: string[];
  /**
   * Each challenge step the liveness prompt showed, in order, once per step: its move, its arrow and
   * its text (a step may last a single engine frame; the sampling sees every animation frame).
   */
  steps: Array<{ move: string | null; arrow: string | null; text: string }>;
}

/**
 * Records on every animation frame, until read, anything on the page that tells who a face is:
 * text matching `leak` anywhere (every shadow root, SVG labels, aria-live regions, aria-label,
 * title and alt; not style or script), and any face given to a live overlay with a name, a
 * person or a similarity; and the liveness prompt's challenge steps. With `until`, it stops at the
 * first frame whose page text matches it (e.g. the pass, after which the name may show), without
 * judging that frame. Returns the reader.
 */
export async function watchForLeaks(page: Page, leak: RegExp, until?: RegExp): Promise<() => Promise<LeakReport>> {
  await page.evaluate(
    ({ source, flags, untilSource }) => {
      const pattern = new RegExp(source, flags);
      const stop = untilSource === null ? null : new RegExp(untilSource);
      const report = { frames: 0, checking: 0, leaks: [] as string[], steps: [] as Array<{ move: string | null; arrow: string | null; text: string }> };
      (window as unknown as { leakReport: typeof report }).leakReport = report;
      const note = (what: string) => report.leaks.includes(what) || report.leaks.push(what);
      const texts: string[] = [];
      const overlays: Element[] = [];
      const challenges: Element[] = [];
      const walk = (node: Node) => {
        if (node instanceof Text) texts.push(node.data);
        if (node instanceof Element) {
          if (node.localName === 'style' || node.localName === 'script') return;
          for (const a of ['aria-label', 'title', 'alt']) texts.push(node.getAttribute(a) ?? '');
          if (node.localName === 'visage-live-overlay') overlays.push(node);
          if (node.getAttribute('data-phase') === 'challenge') challenges.push(node);
          if (node.shadowRoot) walk(node.shadowRoot);
        }
        node.childNodes.forEach(walk);
      };
      /** An element's text nodes joined by spaces (adjacent spans keep their words apart). */
      const words = (el: Element) => {
        const parts: string[] = [];
        const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        while (w.nextNode()) parts.push(w.currentNode.nodeValue ?? '');
        return parts.join(' ').replace(/\s+/g, ' ').trim();
      };
      const sample = () => {
        texts.length = overlays.length = challenges.length = 0;
        walk(document.documentElement);
        const text = texts.join(' ').replace(/\s+/g, ' ');
        if (stop?.test(text)) return;
        report.frames++;
        for (const c of challenges) {
          const step = { move: c.getAttribute('data-move'), arrow: c.getAttribute('data-arrow'), text: words(c).replace(/ · \d+ s left/, '') };
          const last = report.steps.at(-1);
          if (!last || last.move !== step.move || last.arrow !== step.arrow || last.text !== step.text) report.steps.push(step);
        }
        if (text.includes('Checking…')) report.checking++;
        const found = text.match(pattern);
        if (found) note(`text: …${text.slice(Math.max(0, found.index! - 60), found.index! + 60)}…`);
        for (const o of overlays) {
          for (const f of (o as unknown as { faces: Array<Record<string, unknown>> }).faces) {
            if (f['name'] !== null || f['personId'] !== null || f['similarity'] !== null) note(`overlay face: ${JSON.stringify({ name: f['name'], personId: f['personId'], similarity: f['similarity'], state: f['state'] })}`);
          }
        }
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    },
    { source: leak.source, flags: leak.flags, untilSource: until?.source ?? null },
  );
  return () => page.evaluate(() => structuredClone((window as unknown as { leakReport: LeakReport }).leakReport));
}

/** A log entry as stored (its thumbnail only as whether there is one). */
export interface StoredLogEntry {
  personId: string | null;
  name: string | null;
  similarity: number;
  liveness?: string;
  livenessReason?: string;
  event?: string;
  thumbnail: boolean;
}

/** Every entry of the app's log store, oldest first, read with plain IndexedDB. */
export function storedLog(page: Page): Promise<StoredLogEntry[]> {
  return page.evaluate(
    () =>
      new Promise<StoredLogEntry[]>((resolve, reject) => {
        const open = indexedDB.open('visage');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('log').objectStore('log').index('at').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            db.close();
            const rows = req.result as Array<Omit<StoredLogEntry, 'thumbnail'> & { thumbnail?: unknown }>;
            resolve(rows.map(({ personId, name, similarity, liveness, livenessReason, event, thumbnail }) => ({ personId, name, similarity, liveness, livenessReason, event, thumbnail: thumbnail instanceof Blob })));
          };
        };
      }),
  );
}
