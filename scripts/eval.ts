/**
 * `npm run eval -- --pairs <pairs.txt> --images <dir> [options]`
 *
 * Face verification on a list in LFW's pairs format, with the real pipeline (BlazeFace →
 * face mesh → alignment → MobileFaceNet) running in headless Chromium on the lab page.
 * Shows progress on stderr and ends with one JSON line on stdout. Ctrl-C stops it.
 *
 * Options:
 *   --backend auto|wasm|webgl|webgpu|cpu   TFJS backend (default auto)
 *   --delegate auto|CPU|GPU                MediaPipe delegate (default auto: GPU on a real GPU)
 *   --network NAME                         the app's network (arcface-mobilefacenet, default) or the earlier one
 *                                          (mobilefacenet; model-spec.ts NETWORKS), judged
 *                                          at its own 1:1 threshold
 *   --refine mesh|none                     landmark refinement (default mesh)
 *   --flip on|off                          add the mirrored crop's embedding (default on, as the app)
 *   --compare                              also report both embedding variants (crop alone,
 *                                          crop + mirror image) from the same run
 *   --save FILE                            write every pair's similarity to FILE (JSON), for analysis
 *   --limit N                              only N pairs, spread evenly over the file (quick checks)
 *   --batch N                              images per round trip to the page (default 16)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { thresholdForGallery } from '../src/ml/matcher.ts';
import { APP_NETWORK, NETWORKS, type NetworkName } from '../src/ml/model-spec.ts';
import { openLabSession, runCommand, type LabInit, type LabSession } from './lib/lab-session.ts';
import { pairImages, pickPairs } from './lib/lfw-run.ts';
import { accuracyAt, lfwImagePath, parsePairs, summarize } from './lib/verification.ts';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string' },
    images: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    delegate: { type: 'string', default: 'auto' },
    network: { type: 'string', default: APP_NETWORK },
    refine: { type: 'string', default: 'mesh' },
    flip: { type: 'string', default: 'on' },
    compare: { type: 'boolean', default: false },
    limit: { type: 'string' },
    save: { type: 'string' },
    batch: { type: 'string', default: '16' },
  },
});

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

if (!args.pairs || !args.images) fail('usage: npm run eval -- --pairs <pairs.txt> --images <dir> [--backend wasm] [--flip on|off] [--compare]');
const pairsPath = resolve(process.cwd(), args.pairs);
const imagesDir = resolve(process.cwd(), args.images);
if (!existsSync(pairsPath)) fail(`no pairs file at ${pairsPath}`);
if (!existsSync(imagesDir)) fail(`no images folder at ${imagesDir}`);

const parsed = parsePairs(readFileSync(pairsPath, 'utf8'));
const pairs = pickPairs(parsed.pairs, args.limit ? Number(args.limit) : 0);
const { images, missing } = pairImages(pairs, imagesDir);
if (missing.length) fail(`${missing.length} images named in the pairs file are missing, e.g. ${missing[0]}`);

if (!(args.network in NETWORKS)) fail(`--network is one of ${Object.keys(NETWORKS).join(', ')}`);
const network = args.network as NetworkName;
/** A pair is a 1:1 comparison: the network's threshold rule for a gallery of one person. */
const PAIR_THRESHOLD = thresholdForGallery(1, NETWORKS[network].rule);

let session: LabSession | undefined;

async function main(): Promise<void> {
  session = await openLabSession('eval', imagesDir, { backend: args.backend, delegate: args.delegate, refine: args.refine, flip: args.flip !== 'off', network } as LabInit);
  const { info, page } = session;
  const { results, wallMs } = await session.embed(images, { batch: Number(args.batch), variants: args.compare });
  const times = await page.evaluate(() => window.visage.times());

  type Variant = 'embedding' | 'plain' | 'flip';
  const emb = (path: string, variant: Variant) => {
    const face = results.get(path)!.faces[0]!;
    return variant === 'embedding' ? face.embedding : face.variants![variant];
  };
  const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
  const scoresFor = (variant: Variant) =>
    pairs.map((p) => dot(emb(lfwImagePath(p.a.name, p.a.index), variant), emb(lfwImagePath(p.b.name, p.b.index), variant)));
  const same = pairs.map((p) => p.same);
  const fold = pairs.map((p) => p.fold);
  const scores = scoresFor('embedding');
  const summary = summarize(scores, same, fold, [1e-3]);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const report: Record<string, unknown> = {
    pairs: pairs.length,
    images: images.length,
    noFace: [...results.values()].filter((r) => r.noFace).length,
    threshold: r4(PAIR_THRESHOLD),
    accuracyAtThreshold: r4(accuracyAt(scores, same, PAIR_THRESHOLD)),
    bestAccuracy: r4(summary.bestAccuracy),
    bestThreshold: r4(summary.bestThreshold),
    foldAccuracy: r4(summary.foldAccuracy.mean),
    foldThresholds: summary.foldAccuracy.folds.map((f) => r4(f.threshold)),
    tarAtFar1e3: r4(summary.tarAtFar[0]!.tar),
    msPerImage: Math.round((10 * wallMs) / images.length) / 10,
    stageMsPerFace: {
      detect: r4(times.detectMs / Math.max(1, times.images)),
      refine: r4(times.refineMs / Math.max(1, times.faces)),
      embed: r4(times.embedMs / Math.max(1, times.faces)),
    },
    backend: info.backend,
    delegate: info.delegate,
    network,
    refine: args.refine,
    flip: args.flip !== 'off',
  };
  if (args.compare) {
    const compared: Record<string, unknown> = {};
    for (const variant of ['plain', 'flip'] as const) {
      const v = summarize(scoresFor(variant), same, fold, [1e-3]);
      compared[variant] = { bestAccuracy: r4(v.bestAccuracy), foldAccuracy: r4(v.foldAccuracy.mean), tarAtFar1e3: r4(v.tarAtFar[0]!.tar) };
    }
    report['variants'] = compared;
  }
  if (args.save) {
    const rows = pairs.map((p, i) => ({ fold: p.fold, same: p.same, a: lfwImagePath(p.a.name, p.a.index), b: lfwImagePath(p.b.name, p.b.index), score: scores[i] }));
    writeFileSync(resolve(process.cwd(), args.save), JSON.stringify({ report, pairs: rows }));
  }
  console.log(JSON.stringify(report));
}

runCommand('eval', main, () => session);
