/**
 * `npm run eval:liveness -- --dir <folder> [--dir <folder> …] [--holdout <name>[,<name>…]] [--json <file>] [--trace]`
 *
 * The liveness check over recorded sequences as the kiosk runs it, in headless Chromium
 * (test/lab/lab-liveness.ts): the real pipeline (detector, tracker, face mesh, embedder) in live
 * recognition's liveness mode feeding the app's own LivenessFlow — the hold phase (one still,
 * straight face for 0.5 s, its embedding the reference), then a challenge asking the sequence's
 * own moves. The sequence's most frontal frame (as live recognition reads it) is held until the
 * challenge starts (at most `--hold-max` ms: a person asked to look straight first; the browser
 * test's fake camera holds its first frame), then the footage plays from its first frame at its fps
 * (timestamps index / fps, not in real time), then its last frame is held `--tail` ms. A `--dir` is one sequence or a
 * folder of sequences (`frames/NNN.jpg` + `meta.json`, `{"label", "moves", "fps"}`).
 *
 * Progress on stderr; on stdout the report (scripts/lib/liveness-report.ts): APCER per attack type
 * (from the name: flat-, bent-, replay-, swap-, screen-), BPCER over the real people (the
 * `--holdout` ones apart), each person's outcome, and the footage time a real person needed to
 * pass. The JSON summary and every result go to `--json` (default .cache/eval-liveness.json; `-`:
 * stdout instead of the table). `--trace` adds each challenge's per-frame measurements, and the
 * pose of every frame of the whole footage (played to its end even after the outcome), for tuning.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, summarize, type SequenceResult } from './lib/liveness-report.ts';
import { sequencesIn, type Sequence } from './lib/liveness-sequence.ts';
import { openLabSession, runCommand, progressLine, type LabSession } from './lib/lab-session.ts';
import { mountedUrl } from './lib/lfw-run.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true, default: [] },
    holdout: { type: 'string', multiple: true, default: [] },
    json: { type: 'string', default: '.cache/eval-liveness.json' },
    'hold-max': { type: 'string', default: '3000' },
    tail: { type: 'string', default: '1000' },
    trace: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`eval:liveness: ${message}`);
  process.exit(2);
}

if (args.dir.length === 0) fail('usage: npm run eval:liveness -- --dir <folder> [--dir <folder> …] [--holdout <name>,…] [--json <file>|-] [--trace]');
const holdout = args.holdout.flatMap((h) => h.split(',')).map((h) => h.trim()).filter(Boolean);
const holdMaxMs = Number(args['hold-max']);
const tailMs = Number(args.tail);
if (!(holdMaxMs >= 0) || !(tailMs >= 0)) fail('--hold-max and --tail are milliseconds (≥ 0)');
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
  const results: Array<SequenceResult & Record<string, unknown>> = [];
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);
  for (const [i, s] of sequences.entries()) {
    if (session.stopping) process.exit(130);
    progress(`${i + 1}/${sequences.length} ${s.name} (${s.frames.length} frames, moves ${s.moves.join(',')})`);
    const urls = s.frames.map((f) => mountedUrl(`/__seq/${i}/`, basename(f)));
    const options = { moves: s.moves, fps: s.fps, holdMaxMs, tailMs, full: args.trace };
    const run = await session.page.evaluate(([u, o]) => window.visage.liveness(u, o), [urls, options] as const);
    const r: SequenceResult = { name: s.name, label: s.label, accepted: run.accepted, reason: run.reason, hint: run.hint, heldSec: sec(run.heldMs)!, challengeAtSec: sec(run.challengeAtMs), passedAtSec: sec(run.passedAtMs) };
    const at = run.accepted ? `accepted at ${r.passedAtSec} s` : `refused: ${run.reason}${run.hint ? ` (${run.hint})` : ''}${run.refusedAtMs !== null ? ` at ${sec(run.refusedAtMs)} s` : ''}`;
    console.error(`\n[eval:liveness] ${s.name} (${s.label}): ${at}; challenge ${run.asked.join(',')} from ${r.challengeAtSec ?? '—'} s, frontal frame held ${r.heldSec} s`);
    const round = (v: number | null) => (v === null ? null : r4(v));
    results.push({
      ...r,
      asked: run.asked,
      heldFrame: run.heldFrame,
      refusedAtSec: sec(run.refusedAtMs),
      ...(args.trace
        ? {
            trace: run.trace.map((t) => ({ t: Math.round(t.timeMs), faces: t.faces, yaw: round(t.yaw), pitch: round(t.pitch), parallax: round(t.parallax), narrowing: round(t.narrowing), share: round(t.share), similarity: round(t.similarity) })),
            poses: run.poses.map(({ t, faces, share, pose: p }) => ({ t: Math.round(t), faces, share: round(share), ...(p ? { yaw: r4(p.yaw), pitch: r4(p.pitch), roll: r4(p.roll), nx: r4(p.nose.x), ny: r4(p.nose.y), aspect: r4(p.aspect) } : {}) })),
          }
        : {}),
    });
  }
  const summary = summarize(results, holdout);
  const json = JSON.stringify({ sequences: results.length, options: { holdMaxMs, tailMs, holdout }, summary, results });
  if (args.json === '-') {
    console.log(json);
    return;
  }
  mkdirSync(dirname(resolve(args.json)), { recursive: true });
  writeFileSync(args.json, `${json}\n`);
  console.log(formatReport(results, summary, holdout));
  console.error(`\n[eval:liveness] summary and results: ${args.json}`);
}

runCommand('eval:liveness', main, () => session);
