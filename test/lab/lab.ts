/**
 * The lab page (test/lab/lab.html, served at /__lab/lab.html): the real pipeline behind a small
 * `window.visage` API, driven by `npm run eval`, `npm run eval:liveness`, `npm run bench` (with
 * `window.visageBench`, lab-bench.ts) and by the browser tests. Test code: built only for the tests
 * (vite.test.config.ts, into dist-test/), never part of the app's build.
 */
import { FacePipeline, centralFace, centredFace, type FaceDescription, type PipelineOptions, type PipelineUrls } from '../../src/ml/pipeline';
import { writeRgb } from '../../src/ml/pixels';
import { pipelineUrls } from '../../src/app/config';
import type { Move } from '../../src/ml/liveness';
import { runLiveness } from './lab-liveness';
import './lab-db';
import './lab-bench';
// The views, so the browser tests can mount them on this page with a seeded database.
import '../../src/features/enroll/enroll-view';
import '../../src/features/live/live-view';
import '../../src/features/log/log-view';
import '../../src/features/people/people-view';

export interface LabFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  keypoints: Array<{ x: number; y: number }>;
  landmarks: Array<{ x: number; y: number }>;
  landmarkSource: string;
  meshConfidence: number | null;
  embedding: number[];
  /** Both embeddings (crop alone; crop + mirror image), when asked for. */
  variants?: { plain: number[]; flip: number[] };
  /** The aligned 112×112 crop as RGB bytes (row-major HWC), when asked for. */
  cropRgb?: number[];
}

export interface LabImageResult {
  url: string;
  width: number;
  height: number;
  /** True when the detector found no face and the fallback face was used. */
  noFace: boolean;
  faces: LabFace[];
  error?: string;
}

export interface EmbedOptions {
  /** 'all' faces, or only the 'central' one (a portrait; falls back to a centred box when none is found). */
  faces?: 'all' | 'central';
  /** Return both embedding variants too. */
  variants?: boolean;
  /** Return each aligned crop's pixels too. */
  crops?: boolean;
}

let pipeline: FacePipeline | null = null;

/** The crop's RGB bytes (HWC), read as the embedder reads them. */
function rgb(crop: OffscreenCanvas): number[] {
  const out = new Float32Array(crop.width * crop.height * 3);
  writeRgb(crop, out, 0, 0, 1);
  return Array.from(out);
}

function toLab(f: FaceDescription, withCrop: boolean): LabFace {
  return {
    box: f.box,
    score: f.score,
    keypoints: f.keypoints,
    landmarks: f.landmarks,
    landmarkSource: f.landmarkSource,
    meshConfidence: f.meshConfidence,
    embedding: Array.from(f.embedding),
    ...(f.variants ? { variants: { plain: Array.from(f.variants.plain), flip: Array.from(f.variants.flip) } } : {}),
    ...(withCrop ? { cropRgb: rgb(f.crop) } : {}),
  };
}

async function loadBitmap(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return createImageBitmap(await res.blob());
}

const api = {
  /** Starts the pipeline; `urls` may replace some of the app's model URLs (tests). */
  async init(options: Omit<PipelineOptions, 'urls'> & { urls?: Partial<PipelineUrls> } = {}) {
    pipeline?.dispose();
    pipeline = null;
    pipeline = await FacePipeline.create({ ...options, urls: { ...pipelineUrls(), ...options.urls } });
    return { backend: pipeline.backend.backend, skipped: pipeline.backend.skipped, delegate: pipeline.detector.delegate };
  },

  async detect(url: string) {
    const p = need();
    const bitmap = await loadBitmap(url);
    try {
      return p.detect(bitmap);
    } finally {
      bitmap.close();
    }
  },

  async embed(urls: string[], options: EmbedOptions = {}): Promise<LabImageResult[]> {
    const p = need();
    const out: LabImageResult[] = [];
    for (const url of urls) {
      let bitmap: ImageBitmap | null = null;
      try {
        bitmap = await loadBitmap(url);
        const detected = p.detect(bitmap);
        let faces = detected;
        let noFace = false;
        if (options.faces === 'central') {
          const central = centralFace(bitmap, detected);
          noFace = !central;
          faces = [central ?? centredFace(bitmap)];
        }
        const described = await p.describe(bitmap, faces, { variants: options.variants ?? false });
        out.push({ url, width: bitmap.width, height: bitmap.height, noFace, faces: described.map((f) => toLab(f, options.crops ?? false)) });
      } catch (err) {
        out.push({ url, width: 0, height: 0, noFace: true, faces: [], error: String(err) });
      } finally {
        bitmap?.close();
      }
    }
    return out;
  },

  /** A recorded sequence through the liveness challenge (lab-liveness.ts). */
  async liveness(urls: string[], options: { moves: Move[]; fps: number }) {
    return runLiveness(need(), urls, options);
  },

  times() {
    return { ...need().times };
  },
};

function need(): FacePipeline {
  if (!pipeline) throw new Error('Call visage.init() first');
  return pipeline;
}

declare global {
  interface Window {
    visage: typeof api;
  }
}
window.visage = api;
document.body.dataset['ready'] = 'true';
