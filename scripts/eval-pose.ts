/**
 * `npm run eval:pose -- --dir <folder> [--json <file>]`
 *
 * The error of the head pose the liveness check reads (src/ml/head-pose.ts: the face mesh's yaw,
 * pitch and roll) on photos with known angles: a folder with the images and `labels.json`
 * `[{file, yaw, pitch, roll, person?}]` in degrees, in the project's conventions (yaw positive
 * towards the subject's left, pitch positive looking up; scripts/pose-images.ts makes one from
 * public AFLW2000-3D samples into .cache/pose-labelled). Reports, per angle, the mean absolute
 * error and the slope of a least-squares line of estimate against label (the challenge judges
 * changes of pose from the person's own straight one, so a slope below 1 means a turn reads
 * smaller than it is), overall and by yaw band. Chromium, real models, through the lab page.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { openLabSession, progressLine, runCommand, type LabSession } from './lib/lab-session.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '.cache/pose-labelled' },
    json: { type: 'string', default: '.cache/eval-pose.json' },
  },
});

const Labels = v.array(v.object({ file: v.string(), yaw: v.number(), pitch: v.number(), roll: v.number(), person: v.optional(v.string()) }));
type Label = v.InferOutput<typeof Labels>[number];
type Angle = 'yaw' | 'pitch' | 'roll';
const ANGLES: Angle[] = ['yaw', 'pitch', 'roll'];

/** Mean absolute error and least-squares slope of estimate on label. */
function stats(pairs: Array<[label: number, estimate: number]>): { n: number; mae: number; slope: number; bias: number } {
  const n = pairs.length;
  if (n === 0) return { n, mae: NaN, slope: NaN, bias: NaN };
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n;
  const my = pairs.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = pairs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = pairs.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return { n, mae: r2(pairs.reduce((s, [x, y]) => s + Math.abs(y - x), 0) / n), slope: r2(sxx > 0 ? sxy / sxx : NaN), bias: r2(my - mx) };
}

let session: LabSession | undefined;

async function main(): Promise<void> {
  const dir = resolve(args.dir);
  const labels: Label[] = v.parse(Labels, JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')));
  session = await openLabSession('eval:pose', [{ prefix: '/__pose/', dir }], {});
  progressLine('eval:pose')(`${labels.length} images…`);
  const poses = await session.page.evaluate((urls) => window.visage.poses(urls), labels.map((l) => `/__pose/${encodeURIComponent(l.file)}`));
  const found = labels.flatMap((l, i) => (poses[i] ? [{ label: l, pose: poses[i] }] : []));
  const bands: Array<[string, (l: Label) => boolean]> = [
    ['all', () => true],
    ['yaw within ±30°', (l) => Math.abs(l.yaw) <= 30],
    ['yaw 30–60° either way', (l) => Math.abs(l.yaw) > 30 && Math.abs(l.yaw) <= 60],
    ['yaw beyond ±60°', (l) => Math.abs(l.yaw) > 60],
  ];
  const rows = bands.map(([band, keep]) => {
    const sel = found.filter((f) => keep(f.label));
    return { band, ...Object.fromEntries(ANGLES.map((a) => [a, stats(sel.map((f) => [f.label[a], f.pose[a]]))])) } as { band: string } & Record<Angle, ReturnType<typeof stats>>;
  });
  const summary = { images: labels.length, withPose: found.length, rows };
  mkdirSync(dirname(resolve(args.json)), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify({ summary, results: labels.map((l, i) => ({ ...l, estimate: poses[i] })) })}\n`);
  console.log(`\n${found.length} of ${labels.length} images with a face mesh\n`);
  console.log('| images | n | yaw error (mean abs) | yaw slope | pitch error | pitch slope | roll error |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.band} | ${r.yaw.n} | ${r.yaw.mae}° | ${r.yaw.slope} | ${r.pitch.mae}° | ${r.pitch.slope} | ${r.roll.mae}° |`);
  console.error(`\n[eval:pose] per image: ${args.json}`);
}

runCommand('eval:pose', main, () => session);
