/**
 * Camera enrolment, the part without Lit or models: judge a camera frame (how many faces, how big,
 * how central; the aligned crop's sharpness and light) and collect good samples over time.
 * `<visage-capture-enroll>` drives it with the real pipeline; the checks are plain functions so
 * that the browser tests can run them on real crops too.
 */
import type { LivenessFrame } from './liveness';
import { cosineSimilarity } from './matcher';
import { LIVENESS_EMBED_MS, LivenessSession, type LivenessSessionOptions, type SessionState } from './liveness-session';

/** A failed check, most basic first (the UI shows the first one). */
export type CheckCode = 'no-face' | 'several-faces' | 'too-small' | 'off-centre' | 'blurry' | 'too-dark' | 'too-bright';
export const CHECK_CODES: readonly CheckCode[] = ['no-face', 'several-faces', 'too-small', 'off-centre', 'blurry', 'too-dark', 'too-bright'];

export interface FrameSize {
  width: number;
  height: number;
}

/** What `assessFrame` needs of a detected face. */
export interface FaceLike {
  box: { x: number; y: number; width: number; height: number };
  score?: number;
}

/** Sharpness and light of an aligned crop. */
export interface CropStats {
  /** Variance of the 4-neighbour Laplacian of the grey picture (grey levels 0–255). */
  sharpness: number;
  /** Mean grey level, 0–255. */
  brightness: number;
}

/** Thresholds; the defaults were measured on the dataset photos (see README/report). */
export interface CaptureThresholds {
  /** The face must be at least this share of the frame's width. */
  minFaceWidth: number;
  /** The face centre may be at most this share of the frame's width (and height) from the centre. */
  maxCentreOffset: number;
  /** Laplacian variance below this is 'blurry'. */
  minSharpness: number;
  /** Laplacian variance at which the sharpness factor of the quality reaches 1. */
  fullSharpness: number;
  minBrightness: number;
  maxBrightness: number;
}

/*
 * Sharpness measured on the aligned 112×112 crops of the dataset photos (mesh alignment, central
 * region; e2e/capture.spec.ts prints them): sharp photos give 208–1338 (alex-lacamoire 208,
 * lin-manuel-miranda 249, biden 330, obama-240p 391, obama 679, obama_small 1338); the same crops
 * under a 5×5 box blur give 14–35. The threshold (60) sits between, nearer the blurred side so
 * that a low-resolution but sharp face (a webcam's JPEG frames) still passes.
 * Brightness (mean grey of the crop's centre) of the same photos: 104–152.
 */
export const DEFAULT_THRESHOLDS: CaptureThresholds = {
  minFaceWidth: 0.2,
  maxCentreOffset: 0.2,
  minSharpness: 60,
  fullSharpness: 300,
  minBrightness: 50,
  maxBrightness: 210,
};

/** The region of the aligned crop that is face (the corners are background or warp fill). */
const MARGIN = 0.12;

/**
 * Sharpness and brightness of a picture given as RGBA (or RGB with `channels` 3) bytes, row-major.
 * Only the central region (without a 12 % margin on each side) counts.
 */
export function cropStats(pixels: ArrayLike<number>, width: number, height: number, channels: 3 | 4 = 4): CropStats {
  const grey = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    grey[i] = 0.299 * pixels[o]! + 0.587 * pixels[o + 1]! + 0.114 * pixels[o + 2]!;
  }
  const x0 = Math.max(1, Math.round(width * MARGIN));
  const x1 = Math.min(width - 1, Math.round(width * (1 - MARGIN)));
  const y0 = Math.max(1, Math.round(height * MARGIN));
  const y1 = Math.min(height - 1, Math.round(height * (1 - MARGIN)));
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let light = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const g = grey[i]!;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * g;
      sum += lap;
      sumSq += lap * lap;
      light += g;
      n++;
    }
  }
  if (n === 0) return { sharpness: 0, brightness: 0 };
  const mean = sum / n;
  return { sharpness: sumSq / n - mean * mean, brightness: light / n };
}

/** Sharpness and brightness of a canvas (the pipeline's aligned crop). */
export function canvasStats(canvas: OffscreenCanvas): CropStats {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('The crop has no 2D context');
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return cropStats(data, canvas.width, canvas.height, 4);
}

function isStats(c: CropStats | OffscreenCanvas): c is CropStats {
  return typeof (c as CropStats).sharpness === 'number';
}

/**
 * The checks a frame fails, in the order of `CHECK_CODES` (empty: a good frame). The crop checks
 * ('blurry', 'too-dark', 'too-bright') run only when the crop of the single face is given.
 */
export function assessFrame(
  faces: readonly FaceLike[],
  frame: FrameSize,
  crop?: CropStats | OffscreenCanvas,
  thresholds: CaptureThresholds = DEFAULT_THRESHOLDS,
): CheckCode[] {
  if (faces.length === 0) return ['no-face'];
  if (faces.length > 1) return ['several-faces'];
  const failed: CheckCode[] = [];
  const { box } = faces[0]!;
  if (box.width < thresholds.minFaceWidth * frame.width) failed.push('too-small');
  const dx = box.x + box.width / 2 - frame.width / 2;
  const dy = box.y + box.height / 2 - frame.height / 2;
  if (Math.abs(dx) > thresholds.maxCentreOffset * frame.width || Math.abs(dy) > thresholds.maxCentreOffset * frame.height) failed.push('off-centre');
  if (crop) {
    const stats = isStats(crop) ? crop : canvasStats(crop);
    if (stats.sharpness < thresholds.minSharpness) failed.push('blurry');
    if (stats.brightness < thresholds.minBrightness) failed.push('too-dark');
    else if (stats.brightness > thresholds.maxBrightness) failed.push('too-bright');
  }
  return failed;
}

/** 0 at the blur threshold, 1 at `fullSharpness` and above. */
export function sharpnessFactor(sharpness: number, thresholds: CaptureThresholds = DEFAULT_THRESHOLDS): number {
  const f = (sharpness - thresholds.minSharpness) / (thresholds.fullSharpness - thresholds.minSharpness);
  return Math.min(1, Math.max(0, f));
}

export interface CaptureOptions {
  /** Samples to collect (default 5). */
  target?: number;
  /** Least time between two samples (default 400 ms), so that they differ a little. */
  minIntervalMs?: number;
  thresholds?: CaptureThresholds;
}

export interface CaptureFrame<T> {
  faces: readonly FaceLike[];
  frame: FrameSize;
  /** The single face's crop statistics (or canvas), when it was described. */
  crop?: CropStats | OffscreenCanvas;
  /** The frame's time in ms (performance.now()). */
  timeMs: number;
  /** What to keep when the frame is taken (embedding, crop…). */
  value: T;
}

export interface CaptureSample<T> {
  value: T;
  /** Detection score × sharpness factor, 0..1. */
  quality: number;
  sharpness: number;
  timeMs: number;
}

export interface CaptureVerdict<T> {
  /** The checks failed (empty: a good frame). */
  checks: CheckCode[];
  /** The sample taken from this frame, if it was. */
  taken: CaptureSample<T> | null;
}

/**
 * Collects samples from frames: a frame is kept when it passes every check (crop checks
 * included: a frame without crop statistics is never kept), at least `minIntervalMs` after the
 * last sample, until `target` samples are held.
 */
export class CaptureSession<T> {
  readonly target: number;
  readonly minIntervalMs: number;
  readonly thresholds: CaptureThresholds;
  private readonly taken: CaptureSample<T>[] = [];

  constructor(options: CaptureOptions = {}) {
    this.target = Math.max(1, Math.floor(options.target ?? 5));
    this.minIntervalMs = options.minIntervalMs ?? 400;
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  }

  get samples(): readonly CaptureSample<T>[] {
    return this.taken;
  }

  get done(): boolean {
    return this.taken.length >= this.target;
  }

  /** Whether a frame at `timeMs` could be taken (not full, interval passed): worth describing. */
  ready(timeMs: number): boolean {
    const last = this.taken[this.taken.length - 1];
    return !this.done && (!last || timeMs - last.timeMs >= this.minIntervalMs);
  }

  /** Judges a frame and keeps it when good and due. */
  offer(f: CaptureFrame<T>): CaptureVerdict<T> {
    const stats = f.crop === undefined ? undefined : isStats(f.crop) ? f.crop : canvasStats(f.crop);
    const checks = assessFrame(f.faces, f.frame, stats, this.thresholds);
    if (checks.length > 0 || !stats || !this.ready(f.timeMs)) return { checks, taken: null };
    const score = f.faces[0]!.score ?? 1;
    const sample: CaptureSample<T> = { value: f.value, quality: score * sharpnessFactor(stats.sharpness, this.thresholds), sharpness: stats.sharpness, timeMs: f.timeMs };
    this.taken.push(sample);
    return { checks, taken: sample };
  }

  /** Forgets every sample. */
  reset(): void {
    this.taken.length = 0;
  }
}

/**
 * Camera enrolment's liveness check: a LivenessSession before any sample is taken, then every
 * sample must be the face that passed (cosine ≥ DEFAULT_MATCH_THRESHOLD with the session's
 * reference), so that a photo cannot be enrolled after a live person answered the challenge.
 */
export class CaptureLiveness {
  private session: LivenessSession;
  private lastEmbedAt = -Infinity;

  constructor(private readonly options: LivenessSessionOptions) {
    this.session = new LivenessSession(options);
  }

  get state(): SessionState {
    return this.session.state;
  }

  get passed(): boolean {
    return this.session.state.phase === 'passed';
  }

  /** Whether to embed this frame's lone face for the check (every LIVENESS_EMBED_MS). */
  wantsEmbedding(faceCount: number, timeMs: number): boolean {
    return !this.passed && faceCount === 1 && timeMs - this.lastEmbedAt >= LIVENESS_EMBED_MS;
  }

  feed(frame: LivenessFrame): SessionState {
    if (frame.faces.some((f) => f.embedding)) this.lastEmbedAt = frame.timeMs;
    return this.session.feed(frame);
  }

  /** Similarity of a sample to the face that passed (null before a pass). */
  similarity(embedding: ArrayLike<number>): number | null {
    const ref = this.session.reference;
    return this.passed && ref ? cosineSimilarity(ref, embedding) : null;
  }

  /** The check starts again (another face came, or the person starts over). */
  restart(): void {
    this.session = new LivenessSession(this.options);
    this.lastEmbedAt = -Infinity;
  }
}
