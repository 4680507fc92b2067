/**
 * Group scenes for the browser tests and the benchmark (issue 17): lfw-dev people, chosen at run
 * time with a seed, their faces cut from LFW's 250×250 photos and laid out in a row or a grid on
 * a 1280×720 fake-camera frame. Enrolled people are shown with another photo of them than the
 * one they are enrolled from (identify/gallery.tsv and probes.tsv); strangers have one photo.
 * `lfw`: the lfw-dev folder (../shared/datasets/lfw-dev).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeMjpeg, type Piece, type Rect } from './mjpeg.ts';
import { seededRandom } from '../../src/ml/random.ts';

export const FRAME = { width: 1280, height: 720 };

export interface GroupPerson {
  name: string;
  /** Photo to enrol from (relative to lfw-dev/images); null for a stranger. */
  enrol: string | null;
  /** Photo shown on the camera. */
  show: string;
}

export type Layout = 'row' | 'grid';

function lines(lfw: string, file: string): Array<[string, string]> {
  return readFileSync(resolve(lfw, 'identify', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.split('\t') as [string, string]);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `enrolled` people with a gallery photo and another to show, and `strangers`, drawn with `seed`, in a shuffled order. */
export function groupPeople(lfw: string, enrolled: number, strangers: number, seed: number): GroupPerson[] {
  const random = seededRandom(seed);
  const gallery = new Map<string, string>();
  for (const [person, path] of lines(lfw, 'gallery.tsv')) if (!gallery.has(person)) gallery.set(person, path);
  const shown = new Map<string, string>();
  const unknown: string[] = [];
  for (const [person, path] of lines(lfw, 'probes.tsv')) {
    if (person === 'UNKNOWN') unknown.push(path);
    else if (gallery.has(person) && !shown.has(person)) shown.set(person, path);
  }
  const known = shuffled([...shown.keys()], random)
    .slice(0, enrolled)
    .map((name) => ({ name, enrol: gallery.get(name)!, show: shown.get(name)! }));
  const others = shuffled(unknown, random)
    .slice(0, strangers)
    .map((show) => ({ name: show.split('/')[0]!, enrol: null, show }));
  return shuffled([...known, ...others], random);
}

/** Where each of `n` faces goes: a row of touching squares, or a grid of two rows (3 + 2 for five). */
export function groupCells(n: number, layout: Layout): Rect[] {
  const { width, height } = FRAME;
  if (layout === 'row') {
    const side = Math.min(Math.floor(width / n), Math.round(height * 0.6));
    const left = Math.round((width - side * n) / 2);
    return Array.from({ length: n }, (_, i) => ({ x: left + i * side, y: Math.round((height - side) / 2), width: side, height: side }));
  }
  const top = Math.ceil(n / 2);
  const cellW = width / top;
  const cellH = height / 2;
  const side = Math.round(Math.min(cellW, cellH) * 0.95);
  return Array.from({ length: n }, (_, i) => {
    const row = i < top ? 0 : 1;
    const count = row === 0 ? top : n - top;
    const col = row === 0 ? i : i - top;
    const left = (width - count * cellW) / 2;
    return { x: Math.round(left + col * cellW + (cellW - side) / 2), y: Math.round(row * cellH + (cellH - side) / 2), width: side, height: side };
  });
}

/** The part of an LFW photo that is cut: the face with a little margin (deep-funneled photos are centred). */
export const FACE_PART: Rect = { x: 50, y: 55, width: 150, height: 150 };

/** The fake-camera file of `people` in `layout` (made once, in `cacheDir`), and each face's cell. */
export async function groupCamera(lfw: string, people: GroupPerson[], layout: Layout, cacheDir: string): Promise<{ file: string; cells: Rect[] }> {
  const cells = groupCells(people.length, layout);
  const pieces: Piece[] = people.map((_, i) => ({ photo: i, from: FACE_PART, to: cells[i]! }));
  const photos = people.map((p) => resolve(lfw, 'images', p.show));
  const file = await makeMjpeg({ name: `group-${people.length}-${layout}`, ...FRAME, photos, frames: Array.from({ length: 10 }, () => pieces) }, cacheDir);
  return { file, cells };
}

/** Whether `point` (a box's centre, in frame pixels) lies in `cell`, edges included. */
export const centreIn = (cell: Rect, point: { x: number; y: number }) =>
  point.x >= cell.x && point.x <= cell.x + cell.width && point.y >= cell.y && point.y <= cell.y + cell.height;

/** What a scene's detection gave, cell by cell (`npm run eval:groups`). */
export interface SceneScore {
  /** Boxes whose centre lies in each cell. */
  perCell: number[];
  /** Cells with no box: faces missed. */
  missed: number[];
  /** The boxes (indices into the centres scored) beyond the first in a cell: a second face of the photo, or a false box on the face's part. */
  extras: number[];
  /** Boxes whose centre lies in no cell: on the frame's empty background, so false. */
  outside: number;
}

/** Scores the boxes found (their `centres`, in frame pixels) against the scene's `cells`. */
export function scoreScene(cells: readonly Rect[], centres: ReadonlyArray<{ x: number; y: number }>): SceneScore {
  const cellOf = centres.map((p) => cells.findIndex((c) => centreIn(c, p)));
  const perCell = cells.map((_, i) => cellOf.filter((k) => k === i).length);
  return {
    perCell,
    missed: perCell.flatMap((k, i) => (k === 0 ? [i] : [])),
    extras: cellOf.flatMap((k, i) => (k >= 0 && cellOf.indexOf(k) < i ? [i] : [])),
    outside: cellOf.filter((k) => k < 0).length,
  };
}
