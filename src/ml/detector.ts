/**
 * Face detection: still images with MediaPipe Tasks' FaceDetector (BlazeFace short range), video
 * frames with BlazeFace full range on TFJS (blazeface-full.ts: it starts with the other networks,
 * where MediaPipe's runtime takes over a second, and sees the frame at 192×192, not 128×128).
 * Returns, per face, a pixel box, a score and the 6 BlazeFace keypoints in pixels:
 * right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion
 * (the subject's right and left: the right eye is on the left of a non-mirrored image).
 */
import type { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import { FullRangeDetector } from './blazeface-full';
import { guardThisRealm } from './same-origin-fetch';
import type { Point } from './align';
import { hasHardwareWebgl } from './gpu';
import { ModelError } from './errors';

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
  /** URL of BlazeFace full range's model.json (VIDEO mode; TFJS's backend must be ready). */
  fullRangeUrl: string;
  /** URL of the folder that holds MediaPipe's vision_wasm_module_internal.{js,wasm} (and the no-SIMD build). */
  wasmBase: string;
  /** 'auto' tries the GPU delegate on a real GPU and falls back to the CPU one. */
  delegate?: Delegate | 'auto';
  mode?: 'IMAGE' | 'VIDEO';
  /** Faces scoring below this are dropped (default DEFAULT_MIN_FACE_SCORE). */
  minConfidence?: number;
}

/**
 * BlazeFace scores real faces in our photos at 0.85–0.97 and, at 0.71, a building in
 * photos/knn/test/obama1.jpg; MediaPipe's default of 0.5 lets such shapes through.
 */
export const DEFAULT_MIN_FACE_SCORE = 0.75;

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

/** What finds the faces of one picture: MediaPipe's task, or the full-range network. */
interface Finder {
  find(source: FrameSource, width: number, height: number): DetectedFace[];
  close(): void;
}

export class Detector {
  private canvas: OffscreenCanvas | null = null;

  private constructor(
    private finder: Finder,
    readonly delegate: Delegate,
    readonly mode: 'IMAGE' | 'VIDEO',
    private readonly minScore: number,
  ) {}

  static async create(options: DetectorOptions): Promise<Detector> {
    const mode = options.mode ?? 'IMAGE';
    const minScore = options.minConfidence ?? DEFAULT_MIN_FACE_SCORE;
    if (mode === 'VIDEO') {
      try {
        const full = await FullRangeDetector.load(options.fullRangeUrl);
        return new Detector({ find: (source, w, h) => full.detect(source, minScore, w, h), close: () => full.close() }, 'CPU', mode, minScore);
      } catch (err) {
        throw new ModelError('detector', `The face detector could not start: ${String(err)}`, { cause: err });
      }
    }
    // MediaPipe's usage statistics are refused here, in whichever realm it runs, before any task starts.
    guardThisRealm();
    // MediaPipe Tasks' code (150 KB) is read only now: video frames' first detector does without
    // it, so the vision worker's script starts without it.
    const { FaceDetector, FilesetResolver } = await import('@mediapipe/tasks-vision');
    const fileset = await visionFileset(FilesetResolver, options.wasmBase);
    const model = await modelBytes(options.modelUrl);
    const wanted = options.delegate ?? 'auto';
    const order: Delegate[] = wanted !== 'auto' ? [wanted] : hasHardwareWebgl() ? ['GPU', 'CPU'] : ['CPU'];
    let lastError: unknown;
    for (const delegate of order) {
      try {
        fileset.beforeTask();
        const task = await FaceDetector.createFromOptions(fileset, {
          baseOptions: { modelAssetBuffer: model, delegate },
          runningMode: 'IMAGE',
          minDetectionConfidence: minScore,
        });
        const detector = new Detector({ find: (source, w, h) => facesOf(task.detect(source), w, h), close: () => task.close() }, delegate, mode, minScore);
        // A first run on a blank picture now: the first costs several times a later one.
        detector.detect(new OffscreenCanvas(128, 128));
        return detector;
      } catch (err) {
        lastError = err;
      }
    }
    throw new ModelError('detector', `The face detector could not start: ${String(lastError)}`, { cause: lastError });
  }

  /** Detects faces in a still image (IMAGE mode) or a video frame (VIDEO mode). */
  detect(source: FrameSource): DetectedFace[] {
    const { width, height } = sourceSize(source);
    if (!width || !height) return [];
    return this.finder.find(source, width, height);
  }

  /**
   * VIDEO mode: from now on whole frames go to `still`, MediaPipe's short-range task (made in the
   * background after the first frames, it costs a frame a third of what the full-range network
   * does on a CPU), keeping the faces that score at least this detector's minimum; the full-range
   * network is released. `still` stays its owner's to close.
   */
  handOver(still: Detector): void {
    if (this.mode !== 'VIDEO' || still.mode !== 'IMAGE') return;
    const min = this.minScore;
    this.finder.close();
    this.finder = { find: (source) => still.detect(source).filter((f) => f.score >= min), close: () => undefined };
  }

  /**
   * Still images: BlazeFace short range sees a 128×128 picture of the whole image, so faces
   * under about a tenth of the image are lost. Besides the whole image, this also looks at
   * half-size tiles overlapping by half (when a tile is still at least MIN_TILE pixels) and
   * merges what it finds. Video frames: SceneScan (scene.ts) looks at parts in turn.
   */
  detectTiled(source: FrameSource): DetectedFace[] {
    const faces = this.detect(source);
    const { width, height } = sourceSize(source);
    const tile = Math.round(Math.min(width, height) / 2);
    if (this.mode !== 'IMAGE' || tile < MIN_TILE) return faces;
    const stride = tile / 2;
    const starts = (size: number) => {
      const out: number[] = [];
      for (let p = 0; p + tile < size + stride / 2; p += stride) out.push(Math.min(p, size - tile));
      return [...new Set(out.map(Math.round))];
    };
    for (const y of starts(height)) {
      for (const x of starts(width)) faces.push(...this.detectIn(source, { x, y, width: tile, height: tile }, Infinity));
    }
    return suppressOverlaps(faces);
  }

  /**
   * The faces in one region of a still image or frame (IMAGE mode), in the source's pixels: the
   * region is drawn at most REGION_SIDE pixels wide (the detector sees 128 anyway).
   */
  detectIn(source: FrameSource, region: Box, maxSide = REGION_SIDE): DetectedFace[] {
    if (this.mode !== 'IMAGE') throw new Error('detectIn needs a detector in IMAGE mode');
    const scale = Math.min(1, maxSide / Math.max(region.width, region.height));
    const w = Math.max(1, Math.round(region.width * scale));
    const h = Math.max(1, Math.round(region.height * scale));
    if (this.canvas?.width !== w || this.canvas.height !== h) this.canvas = new OffscreenCanvas(w, h);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return [];
    ctx.clearRect(0, 0, w, h);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(source, region.x, region.y, region.width, region.height, 0, 0, w, h);
    const sx = region.width / w;
    const sy = region.height / h;
    return this.detect(this.canvas).map((f) => ({
      box: { x: region.x + f.box.x * sx, y: region.y + f.box.y * sy, width: f.box.width * sx, height: f.box.height * sy },
      score: f.score,
      keypoints: f.keypoints.map((k) => ({ x: region.x + k.x * sx, y: region.y + k.y * sy })),
    }));
  }

  close(): void {
    this.finder.close();
  }
}

/** MediaPipe's result as faces in pixels (its keypoints are relative to the picture's size). */
function facesOf(result: ReturnType<FaceDetector['detect']>, width: number, height: number): DetectedFace[] {
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

/**
 * MediaPipe's wasm runtime, in the same build in windows and module workers: its ES-module build
 * (vision_wasm_module_internal). MediaPipe itself loads its runtime with importScripts() (absent
 * in module workers) or a <script> tag (which cannot run a module), so the module is imported
 * here, once, and its factory handed to MediaPipe before each task is created: a fileset without
 * a loader path makes MediaPipe use `self.ModuleFactory`, which it clears after each use
 * (tasks-vision 1.1.0). Browsers without wasm SIMD get the classic no-SIMD build, loaded by
 * MediaPipe (windows only: a worker then fails to start, and recognition runs on the main thread).
 */
async function visionFileset(FilesetResolver: FilesetResolverClass, wasmBase: string): Promise<WasmFileset & { beforeTask(): void }> {
  // The module build exists only with SIMD (and isSimdSupported(true) answers true without checking).
  if (!(await FilesetResolver.isSimdSupported())) return { ...(await FilesetResolver.forVisionTasks(wasmBase)), beforeTask: () => {} };
  const fileset = await FilesetResolver.forVisionTasks(wasmBase, true);
  moduleFactory ??= import(/* @vite-ignore */ fileset.wasmLoaderPath).then((m: { default: unknown }) => m.default);
  const factory = await moduleFactory;
  return {
    wasmLoaderPath: '',
    wasmBinaryPath: fileset.wasmBinaryPath,
    beforeTask: () => void ((globalThis as { ModuleFactory?: unknown }).ModuleFactory = factory),
  };
}
let moduleFactory: Promise<unknown> | null = null;

/** The model file, fetched once per URL: a detector task per running mode shares it. */
const models = new Map<string, Promise<Uint8Array>>();
function modelBytes(url: string): Promise<Uint8Array> {
  let bytes = models.get(url);
  if (!bytes) {
    bytes = fetchOk(url).then(async (res) => new Uint8Array(await res.arrayBuffer()));
    bytes.catch(() => models.delete(url));
    models.set(url, bytes);
  }
  return bytes;
}

/** Where MediaPipe finds its wasm runtime (tasks-vision's WasmFileset, which it does not export). */
type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;
type FilesetResolverClass = typeof FilesetResolver;

/** Smallest tile worth a detection pass, in source pixels (below it faces are already found whole). */
const MIN_TILE = 192;
/** Largest side a region is drawn at for detectIn. */
const REGION_SIDE = 128;

/**
 * Keeps the best-scoring face of each group of overlapping detections. Overlap is measured
 * against the smaller box, so a face cut by a tile's edge is absorbed by the whole face.
 */
export function suppressOverlaps(faces: DetectedFace[], maxOverlap = 0.4): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => overlapOfSmaller(k.box, f.box) <= maxOverlap)) kept.push(f);
  }
  return kept;
}

/** Share of the smaller box covered by the other. */
export function overlapOfSmaller(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

export async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new ModelError('download', `Could not load ${url}: HTTP ${res.status}`);
  return res;
}
