/**
 * BlazeFace full range: MediaPipe's face_detection_full_range.tflite (the @mediapipe/face_detection
 * package), converted to a TFJS graph model by our TFLite converter (`npm run models`), run on the
 * TFJS backend the embedder uses. MediaPipe Tasks runs only the short-range model (its anchors are
 * fixed at 128×128), and its 13 MB runtime takes over a second to start; this one loads with the
 * other networks and sees the frame at 192×192.
 *
 * What MediaPipe's face detection graph does for this model, done here: the frame letterboxed
 * into 192×192 (aspect kept, centred), pixels scaled to [-1, 1]; one anchor per cell of a 48×48
 * grid (stride 4, unit size); each anchor's 16 values are the box centre and size and six
 * keypoints, in input pixels relative to the anchor; its score is a logit (clipped to ±100);
 * overlapping boxes merged by weighted non-maximum suppression (IoU 0.3).
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { Point } from './align';
import type { Box, DetectedFace, FrameSource } from './detector';
import { canvas2d, writeRgb } from './pixels';
import { iou } from './tracker';

export const FULL_RANGE_SIZE = 192;
const GRID = 48;
const VALUES = 16;
const KEYPOINTS = 6;
const MIN_SUPPRESSION_IOU = 0.3;
/** The second look's size (FullRangeDetector.detect): a face filling the frame then fills half the input. */
const SECOND_LOOK_SHRINK = 0.5;

/** Where the frame lies in the model's square input: input = source · scale + pad. */
export interface Letterbox {
  scale: number;
  padX: number;
  padY: number;
}

/** `shrink` < 1: the frame drawn smaller still, centred (a face too large for the network). */
export function letterbox(width: number, height: number, size = FULL_RANGE_SIZE, shrink = 1): Letterbox {
  const scale = Math.min(size / width, size / height) * shrink;
  return { scale, padX: (size - width * scale) / 2, padY: (size - height * scale) / 2 };
}

interface Candidate {
  box: Box;
  score: number;
  keypoints: Point[];
}

/**
 * Weighted non-maximum suppression, as MediaPipe's: the best remaining candidate and every other
 * overlapping it by more than `minIou` become one face — its score, and the score-weighted mean
 * of their boxes and keypoints.
 */
export function weightedNms(candidates: readonly Candidate[], minIou = MIN_SUPPRESSION_IOU): DetectedFace[] {
  let left = [...candidates].sort((a, b) => b.score - a.score);
  const out: DetectedFace[] = [];
  while (left.length) {
    const top = left[0]!;
    const cluster = left.filter((c) => iou(top.box, c.box) > minIou || c === top);
    left = left.filter((c) => !cluster.includes(c));
    const total = cluster.reduce((s, c) => s + c.score, 0);
    const mean = (f: (c: Candidate) => number) => cluster.reduce((s, c) => s + f(c) * c.score, 0) / total;
    out.push({
      box: { x: mean((c) => c.box.x), y: mean((c) => c.box.y), width: mean((c) => c.box.width), height: mean((c) => c.box.height) },
      score: top.score,
      keypoints: top.keypoints.map((_, k) => ({ x: mean((c) => c.keypoints[k]!.x), y: mean((c) => c.keypoints[k]!.y) })),
    });
  }
  return out;
}

/**
 * The model's outputs ([2304 × 16] regressions, [2304] logits) as faces in source pixels: those
 * scoring at least `minScore`, merged.
 */
export function decodeFullRange(regressions: ArrayLike<number>, logits: ArrayLike<number>, fit: Letterbox, minScore: number): DetectedFace[] {
  const size = FULL_RANGE_SIZE;
  const toX = (inputX: number) => (inputX - fit.padX) / fit.scale;
  const toY = (inputY: number) => (inputY - fit.padY) / fit.scale;
  const candidates: Candidate[] = [];
  for (let i = 0; i < GRID * GRID; i++) {
    const score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, logits[i]!))));
    if (!(score >= minScore)) continue;
    // The anchor's centre, in input pixels; the regressions are in input pixels already.
    const ax = (((i % GRID) + 0.5) / GRID) * size;
    const ay = ((Math.floor(i / GRID) + 0.5) / GRID) * size;
    const r = i * VALUES;
    const cx = ax + regressions[r]!;
    const cy = ay + regressions[r + 1]!;
    const w = regressions[r + 2]! / fit.scale;
    const h = regressions[r + 3]! / fit.scale;
    const keypoints: Point[] = [];
    for (let k = 0; k < KEYPOINTS; k++) keypoints.push({ x: toX(ax + regressions[r + 4 + 2 * k]!), y: toY(ay + regressions[r + 5 + 2 * k]!) });
    candidates.push({ box: { x: toX(cx) - w / 2, y: toY(cy) - h / 2, width: w, height: h }, score, keypoints });
  }
  return weightedNms(candidates);
}

export class FullRangeDetector {
  private readonly input = canvas2d(FULL_RANGE_SIZE, FULL_RANGE_SIZE);
  private readonly pixels = new Float32Array(FULL_RANGE_SIZE * FULL_RANGE_SIZE * 3);

  private constructor(private readonly model: GraphModel) {}

  /** Loads the graph model and runs it once on a blank picture (a first run costs several later ones). */
  static async load(modelUrl: string): Promise<FullRangeDetector> {
    const detector = new FullRangeDetector(await loadGraphModel(modelUrl));
    detector.look(new OffscreenCanvas(FULL_RANGE_SIZE, FULL_RANGE_SIZE), 1, FULL_RANGE_SIZE, FULL_RANGE_SIZE, 1);
    return detector;
  }

  /**
   * Faces of `source` scoring at least `minScore`, in its pixels. Where the frame shows none, a
   * second look at it drawn at half the size: the network misses a face that fills the frame (a
   * person close to the camera; README, "The first frames' detector").
   */
  detect(source: FrameSource, minScore: number, width = (source as { width: number }).width, height = (source as { height: number }).height): DetectedFace[] {
    if (!width || !height) return [];
    const faces = this.look(source, minScore, width, height, 1);
    return faces.length ? faces : this.look(source, minScore, width, height, SECOND_LOOK_SHRINK);
  }

  private look(source: FrameSource, minScore: number, width: number, height: number, shrink: number): DetectedFace[] {
    const fit = letterbox(width, height, FULL_RANGE_SIZE, shrink);
    const { canvas, ctx } = this.input;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, FULL_RANGE_SIZE, FULL_RANGE_SIZE);
    ctx.drawImage(source, fit.padX, fit.padY, width * fit.scale, height * fit.scale);
    writeRgb(canvas, this.pixels, 0, 127.5, 1 / 127.5);
    const [regressions, logits] = tf.tidy(() => {
      const out = this.model.execute(tf.tensor4d(this.pixels, [1, FULL_RANGE_SIZE, FULL_RANGE_SIZE, 3])) as tf.Tensor[];
      // The outputs' order follows the signature: regressions [1, 2304, 16], then scores [1, 2304, 1].
      const sorted = [...out].sort((a, b) => b.shape[2]! - a.shape[2]!);
      return [sorted[0]!.dataSync(), sorted[1]!.dataSync()];
    });
    return decodeFullRange(regressions, logits, fit, minScore);
  }

  close(): void {
    this.model.dispose();
  }
}
