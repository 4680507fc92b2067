/**
 * Face detection with MediaPipe Tasks' FaceDetector (BlazeFace short range).
 * Returns, per face, a pixel box, a score and the 6 BlazeFace keypoints in pixels:
 * right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion
 * (the subject's right and left: the right eye is on the left of a non-mirrored image).
 */
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { Point } from './align';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  box: Box;
  score: number;
  keypoints: Point[];
}

export type Delegate = 'GPU' | 'CPU';

export interface DetectorOptions {
  /** URL of the BlazeFace .tflite with metadata (prepared by `npm run models`). */
  modelUrl: string;
  /** URL of the folder that holds MediaPipe's vision_wasm_internal.{js,wasm}. */
  wasmBase: string;
  /** 'auto' tries the GPU delegate and falls back to the CPU one. */
  delegate?: Delegate | 'auto';
  mode?: 'IMAGE' | 'VIDEO';
  minConfidence?: number;
}

/** Images and frames the pipeline reads: drawable on a canvas and accepted by MediaPipe. */
export type FrameSource = Exclude<TexImageSource, ImageData>;

interface Sizes {
  videoWidth?: number;
  videoHeight?: number;
  displayWidth?: number;
  displayHeight?: number;
  naturalWidth?: number;
  naturalHeight?: number;
  width?: number;
  height?: number;
}

/** Pixel size of a video element, video frame, image element, bitmap or canvas. */
export function sourceSize(source: FrameSource): { width: number; height: number } {
  const s = source as Sizes;
  if (s.videoWidth !== undefined) return { width: s.videoWidth, height: s.videoHeight ?? 0 };
  if (s.displayWidth !== undefined) return { width: s.displayWidth, height: s.displayHeight ?? 0 };
  if (s.naturalWidth !== undefined) return { width: s.naturalWidth, height: s.naturalHeight ?? 0 };
  return { width: s.width ?? 0, height: s.height ?? 0 };
}

export class Detector {
  private lastTimestamp = -1;

  private constructor(
    private readonly task: FaceDetector,
    readonly delegate: Delegate,
    readonly mode: 'IMAGE' | 'VIDEO',
  ) {}

  static async create(options: DetectorOptions): Promise<Detector> {
    const mode = options.mode ?? 'IMAGE';
    const fileset = await FilesetResolver.forVisionTasks(options.wasmBase);
    const model = new Uint8Array(await (await fetchOk(options.modelUrl)).arrayBuffer());
    const wanted = options.delegate ?? 'auto';
    const order: Delegate[] = wanted === 'auto' ? ['GPU', 'CPU'] : [wanted];
    let lastError: unknown;
    for (const delegate of order) {
      try {
        const task = await FaceDetector.createFromOptions(fileset, {
          baseOptions: { modelAssetBuffer: model, delegate },
          runningMode: mode,
          minDetectionConfidence: options.minConfidence ?? 0.5,
        });
        return new Detector(task, delegate, mode);
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`The face detector could not start: ${String(lastError)}`);
  }

  /** Detects faces in a still image (IMAGE mode) or a video frame (VIDEO mode). */
  detect(source: FrameSource, timestampMs?: number): DetectedFace[] {
    const { width, height } = sourceSize(source);
    if (!width || !height) return [];
    let result;
    if (this.mode === 'VIDEO') {
      // MediaPipe requires strictly increasing timestamps.
      const ts = Math.max(timestampMs ?? performance.now(), this.lastTimestamp + 1);
      this.lastTimestamp = ts;
      result = this.task.detectForVideo(source, ts);
    } else {
      result = this.task.detect(source);
    }
    const faces: DetectedFace[] = [];
    for (const d of result.detections) {
      const b = d.boundingBox;
      if (!b) continue;
      faces.push({
        box: { x: b.originX, y: b.originY, width: b.width, height: b.height },
        score: d.categories[0]?.score ?? 0,
        keypoints: d.keypoints.map((k) => ({ x: k.x * width, y: k.y * height })),
      });
    }
    return faces;
  }

  close(): void {
    this.task.close();
  }
}

export async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
  return res;
}
