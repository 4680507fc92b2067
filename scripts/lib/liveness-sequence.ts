/**
 * The liveness sequence format (../shared/datasets/liveness/README.md): a folder with
 * `frames/NNN.jpg` in temporal order and `meta.json` `{"label": "bonafide" | "attack", "moves":
 * [...], "fps": N}`. Read by `npm run eval:liveness`, the attack generator and the browser tests.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Move } from '../../src/ml/liveness.ts';

export interface Sequence {
  name: string;
  dir: string;
  label: 'bonafide' | 'attack';
  moves: Move[];
  fps: number;
  /** The frames' absolute paths, in order. */
  frames: string[];
}

const MOVES = new Set(['left', 'right', 'up', 'down']);

/** Reads one sequence folder; throws an Error naming the folder and what is wrong. */
export function readSequence(dir: string): Sequence {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { label?: unknown; moves?: unknown; fps?: unknown };
  if (meta.label !== 'bonafide' && meta.label !== 'attack') throw new Error(`${dir}/meta.json: label must be "bonafide" or "attack"`);
  if (!Array.isArray(meta.moves) || meta.moves.length === 0 || !meta.moves.every((m) => MOVES.has(m as string))) throw new Error(`${dir}/meta.json: moves must be a list of left/right/up/down`);
  if (typeof meta.fps !== 'number' || !(meta.fps > 0)) throw new Error(`${dir}/meta.json: fps must be a positive number`);
  const framesDir = join(dir, 'frames');
  const frames = existsSync(framesDir) ? readdirSync(framesDir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort() : [];
  if (frames.length === 0) throw new Error(`${dir}: no frames/*.jpg`);
  return { name: basename(dir), dir, label: meta.label, moves: meta.moves as Move[], fps: meta.fps, frames: frames.map((f) => join(framesDir, f)) };
}

/** A folder is a sequence when it has meta.json; otherwise its sub-folders that have one are. */
export function sequencesIn(dir: string): Sequence[] {
  const abs = resolve(process.cwd(), dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`no folder at ${abs}`);
  if (existsSync(join(abs, 'meta.json'))) return [readSequence(abs)];
  const found = readdirSync(abs)
    .sort()
    .map((d) => join(abs, d))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'meta.json')))
    .map(readSequence);
  if (found.length === 0) throw new Error(`${abs} holds no sequence (a folder with meta.json and frames/)`);
  return found;
}
