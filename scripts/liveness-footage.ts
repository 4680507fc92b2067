/**
 * `npx tsx scripts/liveness-footage.ts [--mirror /work/.mirror] [--out .cache/liveness-extra] [--only a,b]`
 *
 * Development tool (issue 16): more real people turning their heads, converted from public
 * repositories into the sequence format of ../shared/datasets/liveness/ (`<name>/frames/NNN.jpg`
 * unmirrored, `meta.json`, `SOURCE.txt`) under a git-ignored folder, for
 * `npm run eval:liveness -- --dir .cache/liveness-extra`. Nothing of it is ever committed, and CI
 * has none of it (CI reaches only npm and Debian and cannot fetch a repository).
 *
 * What it needs, none of which the project installs:
 *  - a snapshot of each repository in CLIPS as a bare git directory under `--mirror`
 *    (`<owner>+<name>/repo` or `<owner>+<name>/repo/.git`, as the session tool `fetch` leaves them);
 *    a clip whose snapshot or commit is missing is skipped with a note;
 *  - `git`, and `ffmpeg` on the PATH (Debian: `apt-get install ffmpeg`) or named by `FFMPEG=`
 *    (e.g. the binary of the npm package ffmpeg-static) — it decodes H.264, MP4 and GIF.
 *
 * The clips are listed in scripts/liveness-footage-clips.ts. Each clip's `moves` (the subject's own
 * directions: the subject's right is the image's left) and the rough yaw in its SOURCE.txt were
 * judged by eye from the frames (about ±15°), not measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/build.ts';
import { CLIPS, type Clip } from './liveness-footage-clips.ts';

const { values: args } = parseArgs({
  options: {
    mirror: { type: 'string', default: '/work/.mirror' },
    out: { type: 'string', default: '.cache/liveness-extra' },
    only: { type: 'string' },
  },
});
const OUT = resolve(ROOT, args.out);
const FFMPEG = process.env.FFMPEG ?? 'ffmpeg';

function gitDirOf(repo: string): string | null {
  const base = join(resolve(args.mirror), repo.replace('/', '+'), 'repo');
  for (const dir of [join(base, '.git'), base]) if (existsSync(join(dir, 'objects'))) return dir;
  return null;
}

function gitShow(gitDir: string, commit: string, path: string): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function sourceText(clip: Clip, frames: number, licenceText: string): string {
  const title = `${clip.name} -- ${frames} frames, ${clip.who}`;
  const lines = [
    title,
    '='.repeat(Math.min(title.length, 100)),
    '',
    'Source',
    `  Repository : ${clip.repo} (GitHub)`,
    `  Path       : ${clip.path}`,
    `  Commit     : ${clip.commit}`,
    `  Licence    : ${clip.licence}`,
    `  Made by    : scripts/liveness-footage.ts (Visage), never committed`,
    '',
    'What the frames show',
    `  Source frames ${clip.first}..${clip.last}, every ${clip.step === 1 ? '' : `${clip.step}th `}frame, at ${round(clip.fps / clip.step)} fps, in temporal order,`,
    `  unmirrored (image left = the subject's right)${clip.crop ? `, cropped ${clip.crop}` : ', not cropped'}, re-encoded as JPEG.`,
    `  Moves (the subject's own directions): ${clip.moves.join(', ')}`,
    '  By source frame (rough yaw judged by eye, about ±15°; not measured):',
    ...clip.story.map((s) => `    ${s}`),
    '',
    'Caveats',
    ...clip.caveats.map((c) => `  - ${c}`),
    '',
    `Licence text (${clip.licenceFile} at ${clip.commit})`,
    ...licenceText.trimEnd().split('\n').map((l) => `  ${l}`),
    '',
  ];
  return lines.join('\n');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function convert(clip: Clip, gitDir: string, work: string): number {
  const input = join(work, `${clip.name}${extname(clip.path)}`);
  writeFileSync(input, gitShow(gitDir, clip.commit, clip.path));
  const dir = join(OUT, clip.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'frames'), { recursive: true });
  const select = `select='between(n\\,${clip.first}\\,${clip.last})*not(mod(n-${clip.first}\\,${clip.step}))'`;
  const filter = clip.crop ? `${select},crop=${clip.crop}` : select;
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-i', input, '-vf', filter, '-fps_mode', 'passthrough', '-q:v', '2', '-start_number', '1', join(dir, 'frames', '%03d.jpg')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const frames = readdirSync(join(dir, 'frames')).filter((f) => f.endsWith('.jpg')).length;
  const expected = Math.floor((clip.last - clip.first) / clip.step) + 1;
  if (frames !== expected) throw new Error(`${clip.name}: ${frames} frames written, ${expected} expected (is ${clip.path} shorter than frame ${clip.last}?)`);
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify({ label: 'bonafide', moves: clip.moves, fps: round(clip.fps / clip.step) })}\n`);
  const licenceText = gitShow(gitDir, clip.commit, clip.licenceFile).toString('utf8');
  writeFileSync(join(dir, 'SOURCE.txt'), sourceText(clip, frames, licenceText));
  return frames;
}

function main(): void {
  try {
    execFileSync(FFMPEG, ['-version'], { stdio: 'ignore' });
  } catch {
    console.error(`liveness-footage: no ffmpeg (${FFMPEG}); install Debian's ffmpeg or set FFMPEG=/path/to/ffmpeg`);
    process.exit(2);
  }
  const only = args.only ? new Set(args.only.split(',')) : null;
  const work = mkdtempSync(join(tmpdir(), 'liveness-footage-'));
  let made = 0;
  try {
    for (const clip of CLIPS) {
      if (only && !only.has(clip.name)) continue;
      const gitDir = gitDirOf(clip.repo);
      if (!gitDir) {
        console.error(`skip ${clip.name}: no snapshot of ${clip.repo} under ${args.mirror} (fetch it first)`);
        continue;
      }
      try {
        execFileSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${clip.commit}:${clip.path}`], { stdio: 'ignore' });
      } catch {
        console.error(`skip ${clip.name}: ${clip.repo} has no ${clip.path} at ${clip.commit} in this snapshot`);
        continue;
      }
      const frames = convert(clip, gitDir, work);
      console.error(`${clip.name}: ${frames} frames, moves ${clip.moves.join(',')} -> ${join(args.out, clip.name)}`);
      made++;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.error(`liveness-footage: ${made} sequence(s) in ${OUT}`);
  if (made === 0) process.exit(1);
}

main();
