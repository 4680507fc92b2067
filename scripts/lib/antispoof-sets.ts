/**
 * The image sets of `npm run eval:antispoof` (paths relative to their folder): bona fide webcam
 * frames, photos and LFW images from the shared datasets, the rendered prints of
 * scripts/liveness-attacks.ts, and the names and freshness of the simulated captures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CaptureKind } from './antispoof-page.ts';
import { ROOT } from './build.ts';

export type Label = 'bonafide' | 'attack' | 'control';
export interface ImageSet {
  name: string;
  label: Label;
  /** URL prefix on the lab server and the folder it serves. */
  prefix: string;
  dir: string;
  /** Paths relative to `dir`. */
  images: string[];
}

const isImage = (f: string) => /\.(jpe?g|png)$/i.test(f);
const sortedDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

export function webcamFrames(data: string): string[] {
  const root = join(data, 'liveness');
  return sortedDir(root).flatMap((seq) => sortedDir(join(root, seq, 'frames')).filter(isImage).map((f) => `liveness/${seq}/frames/${f}`));
}

export function photos(data: string): string[] {
  return sortedDir(join(data, 'photos'))
    .filter(isImage)
    .map((f) => `photos/${f}`);
}

/** `n` LFW images spread evenly over lfw-dev/images. */
export function lfw(data: string, n: number): string[] {
  const root = join(data, 'lfw-dev/images');
  const all = sortedDir(root).flatMap((person) => sortedDir(join(root, person)).filter(isImage).map((f) => `lfw-dev/images/${person}/${f}`));
  const k = Math.min(n, all.length);
  return Array.from({ length: k }, (_, i) => all[Math.floor((i * all.length) / k)]!);
}

/** The flat-* and bent-* prints of the attacks folder, generated first when it is missing. */
export function renderedPrints(attacks: string, tag: string): string[] {
  if (!existsSync(attacks)) {
    console.error(`\n[${tag}] ${attacks} is missing: generating it (scripts/liveness-attacks.ts)…`);
    execFileSync('npx', ['tsx', join(ROOT, 'scripts/liveness-attacks.ts'), '--out', attacks], { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
  }
  return sortedDir(attacks)
    .filter((d) => /^(flat|bent)-/.test(d))
    .flatMap((d) => sortedDir(join(attacks, d, 'frames')).filter(isImage).map((f) => `${d}/frames/${f}`));
}

/** Simulated captures' file name for a source path, e.g. liveness/man-webcam/frames/001.jpg → man-webcam-001.jpg. */
export const simName = (source: string) =>
  source.startsWith('liveness/') ? `${source.split('/')[1]}-${basename(source).replace(/\.\w+$/, '')}.jpg` : `photo-${basename(source).replace(/\.\w+$/, '')}.jpg`;

export const KINDS: CaptureKind[] = ['screen', 'print', 'control'];

/** Are the simulated captures in `sim` those of `sources`, made by recipe `version`? */
export function simUpToDate(sim: string, sources: string[], version: number): boolean {
  const stamp = join(sim, 'STAMP.json');
  if (!existsSync(stamp)) return false;
  const s = JSON.parse(readFileSync(stamp, 'utf8')) as { version: number; sources: string[] };
  return s.version === version && JSON.stringify(s.sources) === JSON.stringify(sources) && KINDS.every((k) => sources.every((p) => existsSync(join(sim, k, simName(p)))));
}
