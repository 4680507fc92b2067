/**
 * `npm run eval:liveness -- --dir <folder> [--dir <folder> …] [--trace]`
 *
 * The liveness challenge over recorded sequences, through the real pipeline in headless Chromium
 * (detector, face mesh, embedder) and src/ml/liveness.ts. A `--dir` is either one sequence or a
 * folder of sequences; a sequence is a folder with `frames/NNN.jpg` (in order) and `meta.json`
 * (`{"label": "bonafide" | "attack", "moves": [...], "fps": N}`). Each is fed at its fps
 * (timestamps index / fps, not in real time) against a challenge of exactly its `moves`.
 *
 * Progress on stderr, then one JSON line on stdout:
 *   {"sequences","bonafide","attacks","apcer","bpcer","results":[{"name","label","accepted","reason"}]}
 * APCER: the share of attacks accepted; BPCER: the share of bona fide sequences refused.
 * `--trace` adds each sequence's per-frame measurements (yaw, pitch, depth, similarity) and
 * `maxDepth` to its result.
 */
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Move } from '../src/ml/liveness.ts';
import { sequencesIn, type Sequence } from './lib/liveness-sequence.ts';
import { openLabSession, runCommand, progressLine, type LabSession } from './lib/lab-session.ts';
import { mountedUrl } from './lib/lfw-run.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true, default: [] },
    trace: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`eval:liveness: ${message}`);
  process.exit(2);
}

if (args.dir.length === 0) fail('usage: npm run eval:liveness -- --dir <folder> [--dir <folder> …]');
let sequences: Sequence[];
try {
  sequences = args.dir.flatMap(sequencesIn);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const names = new Set<string>();
for (const s of sequences) {
  if (names.has(s.name)) s.name = `${basename(resolve(s.dir, '..'))}/${s.name}`;
  names.add(s.name);
}

let session: LabSession | undefined;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

async function main(): Promise<void> {
  const mounts = sequences.map((s, i) => ({ prefix: `/__seq/${i}/`, dir: join(s.dir, 'frames') }));
  session = await openLabSession('eval:liveness', mounts, {});
  const progress = progressLine('eval:liveness');
  const results = [];
  for (const [i, s] of sequences.entries()) {
    if (session.stopping) process.exit(130);
    progress(`${i + 1}/${sequences.length} ${s.name} (${s.frames.length} frames, moves ${s.moves.join(',')})`);
    const urls = s.frames.map((f) => mountedUrl(`/__seq/${i}/`, basename(f)));
    const run = await session.page.evaluate(([u, moves, fps]) => window.visage.liveness(u as string[], { moves: moves as Move[], fps: fps as number }), [urls, s.moves, s.fps] as const);
    const accepted = run.status.state === 'passed';
    const reason = run.status.state === 'failed' ? run.status.reason : null;
    console.error(`\n[eval:liveness] ${s.name} (${s.label}): ${accepted ? 'accepted' : `refused: ${reason}`}`);
    const depths = run.trace.map((t) => t.depth ?? 0);
    results.push({
      name: s.name,
      label: s.label,
      accepted,
      reason,
      ...(args.trace
        ? {
            maxDepth: r4(Math.max(0, ...depths)),
            trace: run.trace.map((t) => ({ t: Math.round(t.timeMs), faces: t.faces, yaw: t.yaw === null ? null : r4(t.yaw), pitch: t.pitch === null ? null : r4(t.pitch), aspect: t.aspect === null ? null : r4(t.aspect), depth: t.depth === null ? null : r4(t.depth), similarity: t.similarity === null ? null : r4(t.similarity) })),
          }
        : {}),
    });
  }
  const attacks = results.filter((r) => r.label === 'attack');
  const bonafide = results.filter((r) => r.label === 'bonafide');
  console.log(
    JSON.stringify({
      sequences: results.length,
      bonafide: bonafide.length,
      attacks: attacks.length,
      apcer: attacks.length ? r4(attacks.filter((r) => r.accepted).length / attacks.length) : null,
      bpcer: bonafide.length ? r4(bonafide.filter((r) => !r.accepted).length / bonafide.length) : null,
      results,
    }),
  );
}

runCommand('eval:liveness', main, () => session);
