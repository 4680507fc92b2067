/**
 * The vision service's one typed interface: every use of the models in the app (live recognition
 * and its liveness check, camera enrolment, photo enrolment) and on the test pages goes through
 * it. The vision worker hosts it (vision.worker.ts, over Comlink), or the page itself where no
 * worker can (src/app/vision.ts): both implement `VisionApi`, and every value that crosses it is
 * structured-cloneable (frames go as transferred ImageBitmaps).
 */
import type { CheckCode } from './capture';
import type { Box } from './detector';
import type { PipelineOptions } from './pipeline';
import type { GallerySnapshot, LiveFace, LiveResult, LiveSettings } from './live-engine';
import type { FailReason } from './liveness';
import type { FlowView } from './liveness-flow';
import type { SessionState } from './liveness-session';

/** What to load: the pipeline's options, and whether the page has a real GPU (see load()). */
export interface VisionOptions extends Omit<PipelineOptions, 'mode'> {
  /** The page has a hardware WebGL context: a worker without one is worse off and refuses to load. */
  mainGpu?: boolean;
  /** The running mode wanted first ('VIDEO' for the live view): its detector loads with the other models. */
  firstMode?: 'IMAGE' | 'VIDEO';
}

export interface VisionInfo {
  backend: string;
  /** Why the backends before the chosen one were passed over. */
  skipped: string[];
  delegate: string;
}

/** A face found in a photo or taken by camera enrolment: what a template is made of. */
export interface FoundFace {
  box: Box;
  embedding: Float32Array;
  /** The aligned 112×112 crop as JPEG. */
  thumbnail: Blob;
  /** The detection score (photos), or score × sharpness (camera samples). */
  quality: number;
}

/** The liveness check as asked for: its moves are drawn in the service. */
export interface LivenessRequest {
  /** Also ask for up and down. */
  vertical: boolean;
  /** Tests only: a seed for the moves (null: crypto.getRandomValues). */
  seed: number | null;
}

/** Live recognition's settings; with `liveness`, a lone enrolled face is checked before it counts. */
export interface LiveSessionSettings extends Omit<LiveSettings, 'liveness'> {
  liveness: LivenessRequest | null;
}

/** A log entry to write (the page owns the database): a recognition or a liveness outcome. */
export interface VisionLogEntry {
  personId: string | null;
  name: string | null;
  similarity: number;
  /** The judged face's JPEG, from the very frame that was judged. */
  thumbnail?: Blob;
  liveness?: 'passed' | 'failed';
  livenessReason?: FailReason;
  /** 'dedupe': skipped when the same was logged within the log interval; 'keep': always written. */
  repeats: 'dedupe' | 'keep';
}

export type LiveEvent =
  /** Every processed frame (after detection, and again after an identification), with the liveness check's view. */
  | { type: 'result'; result: LiveResult; liveness: FlowView | null }
  /** A new track judged unknown. */
  | { type: 'unknown-face'; face: LiveFace }
  | { type: 'log'; entry: VisionLogEntry }
  | { type: 'error'; error: Error };

export interface CaptureStart {
  /** Samples to collect. */
  target: number;
  /** The liveness check to pass before any sample is taken (null: none). */
  liveness: LivenessRequest | null;
}

/** What one camera-enrolment frame gave. */
export interface CaptureUpdate {
  /** The liveness check's state (null when there is none). */
  liveness: SessionState | null;
  /** The checks the frame failed (empty: a good frame); null while the liveness check runs. */
  checks: CheckCode[] | null;
  /** The sample taken from this frame. */
  sample: FoundFace | null;
  /** A face other than the one that passed the check: the samples so far are void, the check starts again. */
  faceChanged: boolean;
}

export interface VisionApi {
  /**
   * Loads the models (once: later calls with the same options answer at once; other options
   * load anew). `onProgress` names each step ('backend', 'detector', 'embedder', 'landmarks');
   * `onBytes` hears the bytes of model and runtime files read so far, of those started.
   */
  load(options: VisionOptions, onProgress?: (step: string) => void, onBytes?: (loaded: number, total: number) => void): Promise<VisionInfo>;
  /** Every face of a photo (left to right), each described; the bitmap is closed. */
  analysePhoto(bitmap: ImageBitmap): Promise<FoundFace[]>;
  /**
   * The embeddings of aligned face crops (stored thumbnails, JPEG or PNG) by the loaded model: a
   * model change makes the old templates again from them (src/app/model-upgrade.ts). A crop
   * that cannot be read as an image gets null.
   */
  embedAligned(crops: Blob[]): Promise<Array<Float32Array | null>>;

  /** Starts live recognition (ending any before); `onEvent` gets its events. */
  startLive(settings: LiveSessionSettings, onEvent: (event: LiveEvent) => void): Promise<void>;
  setLiveSettings(settings: LiveSessionSettings): Promise<void>;
  /** The enrolled templates (sent again whenever people change). */
  setGallery(gallery: GallerySnapshot): Promise<void>;
  /** One camera frame taken at `frameAt` (the page's performance.now()); resolves when done. */
  liveFrame(bitmap: ImageBitmap, frameAt: number): Promise<void>;
  stopLive(): Promise<void>;

  /** Starts a camera enrolment (ending any before); answers its id, for stopCapture. */
  startCapture(options: CaptureStart): Promise<number>;
  /** One camera frame of the enrolment; the bitmap is closed. */
  captureFrame(bitmap: ImageBitmap, timeMs: number): Promise<CaptureUpdate>;
  /** Ends the camera enrolment `id` (not one started after it). */
  stopCapture(id: number): Promise<void>;
}
