/**
 * `npx tsx scripts/pose-images.ts [--mirror /work/.mirror] [--out .cache/pose-labelled] [--flip]`
 *
 * Development tool (issue 16): real face photos with known head pose angles, for measuring a head-pose
 * estimator's error. It copies samples of AFLW2000-3D (Zhu et al., "Face Alignment Across Large
 * Poses: A 3D Solution", CVPR 2016: Flickr photos of the AFLW set with a fitted 3D face model) out of
 * public repositories that hold a few of its images with their `.mat` files, into a git-ignored
 * folder: `<out>/<id>.jpg` (the 450x450 originals, unchanged JPEG bytes), `<out>/labels.json`
 * `[{file, yaw, pitch, roll, person, source}]` and `<out>/SOURCE.txt`. Nothing of it is ever
 * committed, and CI has none of it.
 *
 * What it needs: a snapshot of each repository in SOURCES as a bare git directory under `--mirror`
 * (`<owner>+<name>/repo`, as the session tool `fetch` leaves them), and `git`. A source whose
 * snapshot is missing is skipped with a note.
 *
 * Angles, in degrees, in the project's own conventions (frames unmirrored: the subject's right is
 * the image's left; see src/ml/head-pose.ts):
 *  - yaw   positive when the face turns towards the SUBJECT'S LEFT (nose towards the image's right);
 *  - pitch positive when the subject looks UP;
 *  - roll  positive when the head tilts towards the SUBJECT'S LEFT shoulder (clockwise as the viewer
 *          sees the unmirrored image: the eye on the image's right is the lower one).
 * AFLW2000-3D stores `Pose_Para` = [pitch, yaw, roll, tx, ty, tz, scale] with the angles in radians.
 * Its yaw is positive towards the subject's RIGHT (checked by eye on image02420, +71°, nose towards
 * the image's left, and against the 68 fitted landmarks: 24 of the 25 faces past 15° have the nose
 * on that side), so yaw = -AFLW yaw. Its pitch is positive looking up (image00430, +34°, chin up),
 * kept. Its roll is positive clockwise in the image (22 of the 27 faces past 8° have the eye on the
 * image's right lower; the rest mix roll with large yaw and pitch), kept.
 * Faces with any AFLW angle beyond ±99° are left out (the usual filter: their fits are wrong).
 * `--flip` adds each face mirrored left-right (`<id>-flip.jpg`: yaw and roll negated, pitch kept,
 * `flipped: true`), for a set balanced between the two sides; the originals lean to one side.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inflateSync } from 'node:zlib';
import { ROOT } from './lib/build.ts';

interface Source {
  /** GitHub owner/name. */
  repo: string;
  commit: string;
  /** Folders holding `imageNNNNN.jpg` and `imageNNNNN.mat` (the same folder or two). */
  jpgDir: string;
  matDir: string;
  licenceFile: string;
  licence: string;
}

const SOURCES: Source[] = [
  {
    repo: 'Ayatollah-Ibrahim/Head_Pose_Estimation',
    commit: 'db4cce7d160f068a9579b423f97ea3f448e2afcd',
    jpgDir: 'data/JPEG',
    matDir: 'data/MAT',
    licenceFile: 'LICENSE',
    licence: 'MIT ("Copyright (c) 2024 Ayatollah Ibrahim"), the repository\'s licence; the images are AFLW2000-3D\'s, whose own terms (AFLW: research use) the repository does not restate',
  },
  {
    repo: 'yfeng95/PRNet',
    commit: 'fc12fe5e1f1462bdea52409b213d0cf1c8cf6c5b',
    jpgDir: 'TestImages/AFLW2000',
    matDir: 'TestImages/AFLW2000',
    licenceFile: 'LICENSE',
    licence: 'MIT ("Copyright (c) 2018 Yao Feng"), the repository\'s licence; the images are AFLW2000-3D\'s, whose own terms (AFLW: research use) the repository does not restate',
  },
];

interface Label {
  file: string;
  yaw: number;
  pitch: number;
  roll: number;
  /** AFLW2000-3D names no person; each image is taken as a different one (Flickr photos). */
  person: string;
  source: string;
  flipped?: boolean;
}

const { values: args } = parseArgs({
  options: {
    mirror: { type: 'string', default: '/work/.mirror' },
    out: { type: 'string', default: '.cache/pose-labelled' },
    flip: { type: 'boolean', default: false },
  },
});
const OUT = resolve(ROOT, args.out);

function gitDirOf(repo: string): string | null {
  const base = join(resolve(args.mirror), repo.replace('/', '+'), 'repo');
  for (const dir of [join(base, '.git'), base]) if (existsSync(join(dir, 'objects'))) return dir;
  return null;
}

function git(gitDir: string, ...rest: string[]): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, ...rest], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The numeric element types of MAT-file level 5, as [bytes, reader]. */
const NUMERIC: Record<number, [number, (b: Buffer, o: number) => number]> = {
  1: [1, (b, o) => b.readInt8(o)],
  2: [1, (b, o) => b.readUInt8(o)],
  3: [2, (b, o) => b.readInt16LE(o)],
  4: [2, (b, o) => b.readUInt16LE(o)],
  5: [4, (b, o) => b.readInt32LE(o)],
  6: [4, (b, o) => b.readUInt32LE(o)],
  7: [4, (b, o) => b.readFloatLE(o)],
  9: [8, (b, o) => b.readDoubleLE(o)],
};

/** The data elements of a MAT level 5 stream (little-endian), small-element form included. */
function* elements(buf: Buffer, start: number): Generator<{ type: number; data: Buffer }> {
  let o = start;
  while (o + 8 <= buf.length) {
    const first = buf.readUInt32LE(o);
    if (first >>> 16 !== 0) {
      const n = first >>> 16;
      yield { type: first & 0xffff, data: buf.subarray(o + 4, o + 4 + n) };
      o += 8;
      continue;
    }
    const n = buf.readUInt32LE(o + 4);
    yield { type: first, data: buf.subarray(o + 8, o + 8 + n) };
    o += 8 + (first === 15 ? n : Math.ceil(n / 8) * 8);
  }
}

/** The real numeric variables of a MAT-file level 5 (enough for AFLW2000-3D's `.mat` files). */
function readMat(buf: Buffer): Map<string, number[]> {
  if (buf.toString('latin1', 126, 128) !== 'IM') throw new Error('not a little-endian MAT-file level 5');
  const out = new Map<string, number[]>();
  const visit = (type: number, data: Buffer): void => {
    if (type === 15) {
      for (const e of elements(inflateSync(data), 0)) visit(e.type, e.data);
      return;
    }
    if (type !== 14) return;
    const [, , name, real] = [...elements(data, 0)];
    const reader = real && NUMERIC[real.type];
    if (!name || !reader) return;
    const [size, read] = reader;
    const values: number[] = [];
    for (let o = 0; o + size <= real.data.length; o += size) values.push(read(real.data, o));
    out.set(name.data.toString('latin1'), values);
  };
  for (const e of elements(buf, 128)) visit(e.type, e.data);
  return out;
}

const degrees = (radians: number): number => Math.round(radians * 1800 / Math.PI) / 10;
const deg0 = (x: number): number => (x === 0 ? 0 : x);

function flipJpeg(input: string, output: string): void {
  execFileSync(process.env.FFMPEG ?? 'ffmpeg', ['-v', 'error', '-y', '-i', input, '-vf', 'hflip', '-q:v', '2', output], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function main(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const labels: Label[] = [];
  const seen = new Set<string>();
  const notes: string[] = [];
  let dropped = 0;
  for (const src of SOURCES) {
    const gitDir = gitDirOf(src.repo);
    if (!gitDir) {
      console.error(`skip ${src.repo}: no snapshot under ${args.mirror} (fetch it first)`);
      continue;
    }
    const files = git(gitDir, 'ls-tree', '-r', '--name-only', src.commit, '--', src.jpgDir).toString('utf8').split('\n');
    let taken = 0;
    for (const path of files.filter((f) => /\/image\d+\.jpg$/.test(f))) {
      const id = basename(path, '.jpg');
      if (seen.has(id)) continue;
      const pose = readMat(git(gitDir, 'show', `${src.commit}:${src.matDir}/${id}.mat`)).get('Pose_Para');
      if (!pose || pose.length < 3) throw new Error(`${src.repo} ${id}.mat: no Pose_Para`);
      const [pitch = NaN, yaw = NaN, roll = NaN] = pose.slice(0, 3).map(degrees);
      seen.add(id);
      if ([pitch, yaw, roll].some((a) => Math.abs(a) > 99)) {
        dropped++;
        continue;
      }
      writeFileSync(join(OUT, `${id}.jpg`), git(gitDir, 'show', `${src.commit}:${path}`));
      const source = `${src.repo}@${src.commit.slice(0, 12)}:${path}`;
      labels.push({ file: `${id}.jpg`, yaw: deg0(-yaw), pitch, roll, person: `aflw2000-${id}`, source });
      if (args.flip) {
        flipJpeg(join(OUT, `${id}.jpg`), join(OUT, `${id}-flip.jpg`));
        labels.push({ file: `${id}-flip.jpg`, yaw: deg0(yaw), pitch, roll: deg0(-roll), person: `aflw2000-${id}`, source, flipped: true });
      }
      taken++;
    }
    const licenceText = git(gitDir, 'show', `${src.commit}:${src.licenceFile}`).toString('utf8');
    notes.push(`${src.repo} at ${src.commit}: ${taken} image(s) from ${src.jpgDir}`, `  Licence: ${src.licence}`, ...licenceText.trimEnd().split('\n').map((l) => `    ${l}`), '');
  }
  writeFileSync(join(OUT, 'labels.json'), `${JSON.stringify(labels, null, 1)}\n`);
  const yaws = labels.map((l) => l.yaw);
  const summary = `${labels.length} labelled faces (${dropped} left out: an angle beyond ±99°), yaw ${Math.min(...yaws)}..${Math.max(...yaws)}°`;
  writeFileSync(join(OUT, 'SOURCE.txt'), [
    'Pose-labelled faces: samples of AFLW2000-3D (Zhu, Lei, Liu, Shi, Li: "Face Alignment Across Large Poses: A 3D Solution", CVPR 2016)',
    `Made by scripts/pose-images.ts (Visage), never committed. ${summary}.`,
    'labels.json: yaw positive towards the subject\'s left, pitch positive looking up, roll positive towards the subject\'s left',
    'shoulder (clockwise in the unmirrored image), in degrees; converted from AFLW2000-3D\'s Pose_Para (radians: yaw negated,',
    'pitch and roll kept). The labels come from a fitted 3D model, good to a few degrees, not measured with a sensor.',
    '',
    'Sources',
    ...notes,
  ].join('\n'));
  console.error(`pose-images: ${summary} -> ${args.out}`);
  if (labels.length === 0) process.exit(1);
}

main();
