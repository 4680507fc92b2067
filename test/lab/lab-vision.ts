/**
 * The lab's vision service: the app's own (src/ml/vision-service.ts: the same models, loaded the
 * same way, in a worker) plus what the evaluation and the browser tests ask of the pipeline:
 * faces of images by URL with their landmarks, embeddings, variants and crops, recorded liveness
 * sequences, stage times. Test code: built only for the tests.
 */
import { trustedMesh, type FaceDescription } from '../../src/ml/pipeline';
import { centralFace, centredFace } from '../../src/ml/portrait';
import type { Box, DetectedFace } from '../../src/ml/detector';
import { poseFromMesh, type Pose } from '../../src/ml/head-pose';
import { writeRgb } from '../../src/ml/pixels';
import { VisionService } from '../../src/ml/vision-service';
import { SceneScan, type SceneScanOptions } from '../../src/ml/scene';
import { Tracker } from '../../src/ml/tracker';
import { runLiveness, type LivenessRun, type LivenessRunOptions } from './lab-liveness';

export interface LabFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  keypoints: Array<{ x: number; y: number }>;
  landmarks: Array<{ x: number; y: number }>;
  landmarkSource: string;
  meshConfidence: number | null;
  /** Aligned on the detector's keypoints because the face mesh was not loaded yet (`early`). */
  provisional: boolean;
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

export interface LabSceneOptions extends SceneScanOptions {
  steady?: boolean;
}

export interface EmbedOptions {
  /** 'all' faces, or only the 'central' one (a portrait; falls back to a centred box when none is found). */
  faces?: 'all' | 'central';
  /** Return both embedding variants too. */
  variants?: boolean;
  /** Return each aligned crop's pixels too. */
  crops?: boolean;
  /** The still-image detector (default, with tiles) or the live view's first frames' one (BlazeFace full range). */
  detector?: 'still' | 'video';
  /** Align on the detector's keypoints while the face mesh is not loaded instead of waiting (pipeline.ts, describe). */
  early?: boolean;
}

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
    provisional: f.provisional ?? false,
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

export class LabVisionService extends VisionService {
  /** Every face of an image (still-image detection, with tiles). */
  async detect(url: string): Promise<DetectedFace[]> {
    const pipeline = await this.pipeline('IMAGE');
    const bitmap = await loadBitmap(url);
    try {
      return pipeline.detect(bitmap);
    } finally {
      bitmap.close();
    }
  }

  async embed(urls: string[], options: EmbedOptions = {}): Promise<LabImageResult[]> {
    const p = await this.pipeline(options.detector === 'video' ? 'VIDEO' : 'IMAGE');
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
        const described = await p.describe(bitmap, faces, { variants: options.variants ?? false, early: options.early ?? false });
        out.push({ url, width: bitmap.width, height: bitmap.height, noFace, faces: described.map((f) => toLab(f, options.crops ?? false)) });
      } catch (err) {
        out.push({ url, width: 0, height: 0, noFace: true, faces: [], error: String(err) });
      } finally {
        bitmap?.close();
      }
    }
    return out;
  }

  /** A recorded sequence through the liveness challenge (lab-liveness.ts). */
  async liveness(urls: string[], options: LivenessRunOptions): Promise<LivenessRun> {
    return runLiveness(await this.pipeline('IMAGE'), urls, options);
  }

  /**
   * The head pose of each image's central face, as the liveness check reads it (the face mesh,
   * head-pose.ts); null where no face or no mesh was found. For `npm run eval:pose`.
   */
  async poses(urls: string[]): Promise<Array<Pose | null>> {
    const p = await this.pipeline('IMAGE');
    const out: Array<Pose | null> = [];
    for (const url of urls) {
      const bitmap = await loadBitmap(url);
      try {
        const face = centralFace(bitmap, p.detect(bitmap));
        const mesh = trustedMesh(face ? await p.meshOf(bitmap, face) : null);
        out.push(mesh ? poseFromMesh(mesh) : null);
      } finally {
        bitmap.close();
      }
    }
    return out;
  }

  /**
   * A still image shown as `frames` video frames 33 ms apart to the live view's detection
   * (pipeline.detectScene with a SceneScan and the tracker): how many faces each frame had, and
   * the last frame's faces with the face mesh's score on each. `tilesPerFrame` 0 and `followsPerFrame`
   * 0: the whole frame only (as before issue 17). `steady`: with the parts detector made first
   * (the live view makes it after its first frames, in the background), as the live view searches
   * once it runs.
   */
  async scene(url: string, frames: number, options: LabSceneOptions = {}): Promise<{ counts: number[]; faces: Array<DetectedFace & { meshConfidence: number | null }> }> {
    const p = await this.pipeline('VIDEO');
    if (options.steady) await p.partsReady();
    const bitmap = await loadBitmap(url);
    const scan = new SceneScan(options);
    const tracker = new Tracker();
    const counts: number[] = [];
    let faces: DetectedFace[] = [];
    try {
      for (let i = 0; i < frames; i++) {
        const at = (i + 1) * 33;
        faces = (await p.detectScene(bitmap, at, scan, tracker.all.map((t) => t.box))).faces;
        tracker.update(faces, at);
        counts.push(faces.length);
      }
      const scored = await Promise.all(faces.map(async (f) => ({ ...f, meshConfidence: (await p.meshOf(bitmap, f))?.confidence ?? null })));
      return { counts, faces: scored };
    } finally {
      bitmap.close();
    }
  }

  /** The still-image detector on each region of an image (what SceneScan's looks see). */
  async detectIn(url: string, regions: Box[]): Promise<DetectedFace[][]> {
    const p = await this.pipeline('IMAGE');
    const bitmap = await loadBitmap(url);
    try {
      return regions.map((r) => p.detector.detectIn(bitmap, r));
    } finally {
      bitmap.close();
    }
  }

  /** The photo pipeline's accumulated stage times. */
  async times() {
    return { ...(await this.pipeline('IMAGE')).times };
  }
}
