/**
 * `npm run eval:groups -- [--draws N] [--seed S] [--sizes 3,4,5,6,7,8] [--layouts row,grid] [--frames F] [--json FILE]`
 *
 * Group scenes over many draws of people (issue 17: every face of at least 8% of the frame's
 * width found, in rows and grids of 3–8 people): for each size and layout, `--draws` scenes of
 * lfw-dev people drawn with their own seed (scripts/lib/group-scenes.ts, as the browser tests'
 * group scenes and the bench's 8-face phase, which use four fixed draws), cut from their photos
 * and laid out on a black 1280×720 frame, shown to the live view's detection for `--frames`
 * frames (test/lab: the scene scan and the tracker, with the parts detector made first, as the
 * live view has it once it runs; by default two rounds of the frame's tiles and 8 frames more).
 * Reports how many faces were boxed, which were missed, boxes beyond one in a face's cell (LFW
 * photos sometimes show a second person beside the face: a real face, or a false box) and boxes
 * on the empty background (false). Progress on stderr; Ctrl-C stops and reports what was done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FACE_PART, FRAME, groupCells, groupPeople, scoreScene, type Layout, type SceneScore } from './lib/group-scenes.ts';
import { openLabSession, progressLine, runCommand, type LabSession } from './lib/lab-session.ts';
import { mountedUrl } from './lib/lfw-run.ts';
import { ROOT } from './lib/build.ts';
import { tilePlan } from '../src/ml/scene.ts';

const { values: args } = parseArgs({
  options: {
    lfw: { type: 'string', default: resolve(ROOT, '../shared/datasets/lfw-dev') },
    draws: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    sizes: { type: 'string', default: '3,4,5,6,7,8' },
    layouts: { type: 'string', default: 'row,grid' },
    frames: { type: 'string' },
    json: { type: 'string', default: '.cache/eval-groups.json' },
  },
});

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1 (got ${value})`);
  return n;
}

interface SceneResult extends SceneScore {
  n: number;
  layout: Layout;
  seed: number;
  /** Each cell's photo (relative to lfw-dev/images). */
  photos: string[];
  /** The face mesh's score on each box beyond the first in a cell (a face scores 0.99–1.00). */
  extraMesh: number[];
}

let session: LabSession | undefined;

async function main(): Promise<void> {
  const draws = positive('draws', args.draws);
  const seed = positive('seed', args.seed);
  const frames = args.frames === undefined ? 2 * tilePlan(FRAME.width, FRAME.height).length + 8 : positive('frames', args.frames);
  const sizes = args.sizes.split(',').map((s) => positive('sizes', s));
  if (sizes.some((n) => n > 12)) throw new Error('--sizes: at most 12 people in a scene');
  const layouts = args.layouts.split(',').map((l) => {
    if (l !== 'row' && l !== 'grid') throw new Error(`--layouts: row or grid (got ${l})`);
    return l as Layout;
  });
  const lfw = resolve(args.lfw);
  const progress = progressLine('eval:groups');
  session = await openLabSession('eval:groups', resolve(lfw, 'images'), {});
  const plan = sizes.flatMap((n) => layouts.flatMap((layout) => Array.from({ length: draws }, (_, d) => ({ n, layout, seed: seed * 100_000 + n * 1_000 + (layout === 'row' ? 0 : 500) + d }))));
  const results: SceneResult[] = [];
  for (const [i, scene] of plan.entries()) {
    if (session.stopping) break;
    const people = groupPeople(lfw, Math.ceil(scene.n / 2), Math.floor(scene.n / 2), scene.seed);
    const cells = groupCells(scene.n, scene.layout);
    const faces = await session.page.evaluate(
      async ({ urls, cells, part, frame, frames }) => {
        const canvas = new OffscreenCanvas(frame.width, frame.height);
        const g = canvas.getContext('2d')!;
        g.fillStyle = '#000';
        g.fillRect(0, 0, frame.width, frame.height);
        for (const [k, url] of urls.entries()) {
          const photo = await createImageBitmap(await (await fetch(url)).blob());
          const c = cells[k]!;
          g.drawImage(photo, part.x, part.y, part.width, part.height, c.x, c.y, c.width, c.height);
          photo.close();
        }
        const url = URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 }));
        try {
          const out = await window.visage.scene(url, frames, { steady: true });
          return out.faces.map((f) => ({ x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2, mesh: f.meshConfidence }));
        } finally {
          URL.revokeObjectURL(url);
        }
      },
      { urls: people.map((p) => mountedUrl('/__images/', p.show)), cells, part: FACE_PART, frame: FRAME, frames },
    );
    const score = scoreScene(cells, faces);
    results.push({ ...scene, photos: people.map((p) => p.show), ...score, extraMesh: score.extras.map((k) => faces[k]!.mesh ?? 0) });
    const total = results.reduce((s, r) => s + r.n, 0);
    const missed = results.reduce((s, r) => s + r.missed.length, 0);
    progress(`${i + 1}/${plan.length} scenes, ${total - missed}/${total} faces boxed`);
  }
  process.stderr.write('\n');
  const sum = (rs: SceneResult[]) => {
    const faces = rs.reduce((s, r) => s + r.n, 0);
    const found = faces - rs.reduce((s, r) => s + r.missed.length, 0);
    return { scenes: rs.length, faces, found, recall: faces ? Math.round((found / faces) * 10_000) / 10_000 : null, extraInCells: rs.reduce((s, r) => s + r.extras.length, 0), outside: rs.reduce((s, r) => s + r.outside, 0) };
  };
  const groups = sizes.flatMap((n) => layouts.map((layout) => ({ n, layout, cellSide: groupCells(n, layout)[0]!.width, ...sum(results.filter((r) => r.n === n && r.layout === layout)) })));
  const summary = { ...sum(results), draws, seed, frames, complete: results.length === plan.length };
  const missed = results.flatMap((r) => r.missed.map((k) => `${r.photos[k]} (${r.n} in a ${r.layout}, seed ${r.seed})`));
  mkdirSync(dirname(resolve(args.json)), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify({ summary, groups, results })}\n`);
  console.log(JSON.stringify(summary));
  console.log('\n| people | layout | cell (px) | scenes | faces boxed | boxes beyond one in a cell | boxes on the background |');
  console.log('|---|---|---|---|---|---|---|');
  for (const g of groups) console.log(`| ${g.n} | ${g.layout} | ${g.cellSide} | ${g.scenes} | ${g.found} / ${g.faces} | ${g.extraInCells} | ${g.outside} |`);
  if (missed.length) console.log(`\nMissed: ${missed.join('; ')}`);
  const extras = results.filter((r) => r.extras.length > 0).map((r) => `${r.n} in a ${r.layout}, seed ${r.seed} (mesh ${r.extraMesh.map((m) => m.toFixed(2)).join(', ')})`);
  if (extras.length) console.log(`Boxes beyond one in a cell: ${extras.join('; ')}`);
  console.error(`[eval:groups] per scene: ${args.json}`);
}

runCommand('eval:groups', main, () => session);
