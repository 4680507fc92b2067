// The benchmark's peer (`npm run bench`): @vladmandic/face-api in the same Chromium, on the same
// camera frames and LFW pairs as Visage. Served by the bench under /__bench/ with node_modules
// under /__node_modules/: never part of the app's bundle, CSP or precache.
//
// Pipeline, as face-api's own live demos run it: TinyFaceDetector (default options: input 416,
// score ≥ 0.5) → 68-point landmarks (faceLandmark68Net) → face recognition net (128-d
// descriptor, ResNet-34-like, dlib's) for EVERY face on EVERY frame, then the nearest enrolled
// person by Euclidean distance (FaceMatcher, threshold 0.6). Its ESM bundle carries its own
// TFJS 4.22 with the cpu, webgl and wasm backends; the wasm binaries come from our own
// @tensorflow/tfjs-backend-wasm 4.22.0 (same version).
import * as faceapi from '/__node_modules/@vladmandic/face-api/dist/face-api.esm.js';

const MODELS = '/__node_modules/@vladmandic/face-api/model/';
const options = new faceapi.TinyFaceDetectorOptions();
let matcher = null;
let longTasks = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });

async function image(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return createImageBitmap(await res.blob());
}

/** An ImageBitmap drawn on a canvas (face-api takes canvases, images and videos). */
function canvasOf(bitmap, crop = { x: 0, y: 0, width: bitmap.width, height: bitmap.height }) {
  const canvas = document.createElement('canvas');
  canvas.width = crop.width;
  canvas.height = crop.height;
  canvas.getContext('2d').drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.width, crop.height);
  return canvas;
}

/** All faces of an input: detection, landmarks, descriptor. */
const describe = (input) => faceapi.detectAllFaces(input, options).withFaceLandmarks().withFaceDescriptors();

window.peer = {
  /** Loads the models on `backend` (wasm by default); returns what runs. */
  async init(backend = 'wasm') {
    faceapi.tf.setWasmPaths('/__node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    await faceapi.tf.setBackend(backend);
    await faceapi.tf.ready();
    await Promise.all([
      faceapi.nets.tinyFaceDetector.loadFromUri(MODELS),
      faceapi.nets.faceLandmark68Net.loadFromUri(MODELS),
      faceapi.nets.faceRecognitionNet.loadFromUri(MODELS),
    ]);
    const env = faceapi.tf.env();
    const wasm = backend === 'wasm' ? { simd: await env.getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT') } : {};
    return { backend: faceapi.tf.getBackend(), version: faceapi.version, tfjs: faceapi.tf.version_core, ...wasm };
  },

  /**
   * For each image: the descriptor of the face nearest the centre; when none is found, the
   * descriptor of the centred square half the shorter side (unaligned: face-api aligns from
   * landmarks of a detected face only), flagged noFace.
   */
  async embed(urls) {
    const out = [];
    for (const url of urls) {
      const bitmap = await image(url);
      const canvas = canvasOf(bitmap);
      const faces = await describe(canvas);
      const cx = bitmap.width / 2;
      const cy = bitmap.height / 2;
      const dist = (f) => Math.hypot(f.detection.box.x + f.detection.box.width / 2 - cx, f.detection.box.y + f.detection.box.height / 2 - cy);
      const central = faces.sort((a, b) => dist(a) - dist(b))[0];
      if (central) out.push({ noFace: false, descriptor: Array.from(central.descriptor) });
      else {
        const side = Math.round(Math.min(bitmap.width, bitmap.height) / 2);
        const crop = canvasOf(bitmap, { x: Math.round(cx - side / 2), y: Math.round(cy - side / 2), width: side, height: side });
        out.push({ noFace: true, descriptor: Array.from(await faceapi.computeFaceDescriptor(crop)) });
      }
      bitmap.close();
    }
    return out;
  },

  /** Enrols people by name from one photo each (the face nearest the centre). */
  async enroll(people) {
    const labeled = [];
    for (const { name, url } of people) {
      const [face] = await this.embed([url]);
      labeled.push(new faceapi.LabeledFaceDescriptors(name, [Float32Array.from(face.descriptor)]));
    }
    matcher = new faceapi.FaceMatcher(labeled, 0.6);
  },

  /**
   * Runs the camera for `warmupMs` then `seconds`: every new video frame is described whole and
   * matched, the next frame waiting for the last one (as the demos do). Returns frames, faces
   * and names seen, and the main thread's long tasks over the measured window.
   */
  async live(seconds, warmupMs = 3000) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    document.body.append(video);
    await video.play();
    const frame = () => new Promise((ok) => video.requestVideoFrameCallback(() => ok()));
    let start = performance.now();
    const until = start + warmupMs + seconds * 1000;
    let measuring = false;
    let frames = 0;
    let faces = 0;
    let named = 0;
    while (performance.now() < until) {
      await frame();
      if (!measuring && performance.now() >= start + warmupMs) {
        measuring = true;
        start = performance.now();
        longTasks = [];
      }
      const found = await describe(video);
      const names = found.map((f) => matcher.findBestMatch(f.descriptor).label);
      if (measuring) {
        frames++;
        faces += found.length;
        named += names.filter((n) => n !== 'unknown').length;
      }
    }
    const windowMs = performance.now() - start;
    stream.getTracks().forEach((t) => t.stop());
    video.remove();
    return { frames, windowMs, fps: (1000 * frames) / windowMs, facesPerFrame: faces / Math.max(1, frames), namedPerFrame: named / Math.max(1, frames), longTasksMs: longTasks.map((e) => e.duration) };
  },
};
document.body.dataset.ready = 'true';
