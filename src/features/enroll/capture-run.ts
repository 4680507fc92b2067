/**
 * One camera enrolment run, the part with models and no Lit: each video frame goes through the
 * pipeline — first into the liveness check (when asked for), then into the CaptureSession — until
 * enough samples are held or the run is stopped. `<visage-capture-enroll>` shows what it reports.
 */
import { DEFAULT_MATCH_THRESHOLD } from '../../ml/matcher';
import type { DetectedFace } from '../../ml/detector';
import type { SessionState } from '../../ml/liveness-session';
import type { FacePipeline } from '../../ml/pipeline';
import { assessFrame, type CaptureLiveness, type CaptureSession, type CheckCode } from './capture';
import type { FoundFace } from './enroll';

export interface CaptureRunEvents {
  /** The liveness check moved on (not called when there is none). */
  liveness(state: SessionState): void;
  /** The checks the frame failed (empty: a good frame); null while the liveness check runs. */
  checks(checks: CheckCode[] | null): void;
  /** A sample was taken (its thumbnail is the aligned face as JPEG). */
  sample(sample: FoundFace): void;
  /** A face other than the one that passed the check: the samples are void, the check starts again. */
  faceChanged(): void;
  /** A frame failed; the run goes on after a pause. */
  error(error: unknown): void;
}

/** After a failing frame, wait this long: do not spin on a broken camera or model. */
const PAUSE_AFTER_ERROR_MS = 1000;

export class CaptureRun {
  private stopped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly pipeline: FacePipeline,
    private capture: CaptureSession<FoundFace>,
    private readonly liveness: CaptureLiveness | null,
    private readonly on: CaptureRunEvents,
  ) {}

  /** No more frames and no more events. */
  stop(): void {
    this.stopped = true;
  }

  /** A new session after the samples were voided (the caller's own). */
  useSession(capture: CaptureSession<FoundFace>): void {
    this.capture = capture;
  }

  /** Runs until the samples are complete (true) or the run is stopped (false). */
  async run(): Promise<boolean> {
    while (!this.stopped && !this.capture.done) {
      await this.nextFrame();
      const video = this.video;
      if (this.stopped || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) continue;
      try {
        await this.frame(video);
      } catch (error) {
        if (this.stopped) break;
        this.on.error(error);
        await new Promise((r) => setTimeout(r, PAUSE_AFTER_ERROR_MS));
      }
    }
    return !this.stopped && this.capture.done;
  }

  /** Resolves at the next video frame (or after 100 ms, whichever comes first). */
  private nextFrame(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 100);
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      if (typeof this.video.requestVideoFrameCallback === 'function') this.video.requestVideoFrameCallback(go);
      else requestAnimationFrame(go);
    });
  }

  private async frame(video: HTMLVideoElement): Promise<void> {
    const now = performance.now();
    const frame = { width: video.videoWidth, height: video.videoHeight };
    const faces = this.pipeline.detect(video, now);
    if (this.liveness && !this.liveness.passed) return this.livenessFrame(video, faces, now);
    let checks = assessFrame(faces, frame);
    if (checks.length === 0) {
      const [described] = await this.pipeline.describe(video, faces);
      if (this.stopped || !described) return;
      if (this.liveness && (this.liveness.similarity(described.embedding) ?? 1) < DEFAULT_MATCH_THRESHOLD) {
        this.liveness.restart();
        this.on.faceChanged();
        this.on.liveness(this.liveness.state);
        return;
      }
      const sample: FoundFace = { box: described.box, embedding: described.embedding, thumbnail: new Blob(), quality: described.score };
      const verdict = this.capture.offer({ faces, frame, crop: described.crop, timeMs: now, value: sample });
      checks = verdict.checks;
      if (verdict.taken) {
        sample.quality = verdict.taken.quality;
        sample.thumbnail = await described.crop.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        if (this.stopped) return;
        this.on.sample(sample);
      }
    }
    this.on.checks(checks);
  }

  /** Before sampling: the liveness check, its lone face embedded every LIVENESS_EMBED_MS. */
  private async livenessFrame(video: HTMLVideoElement, faces: DetectedFace[], now: number): Promise<void> {
    const check = this.liveness!;
    const described = check.wantsEmbedding(faces.length, now) ? await this.pipeline.describe(video, faces) : [];
    if (this.stopped) return;
    this.on.liveness(check.feed({ timeMs: now, faces: faces.map((f, i) => ({ keypoints: f.keypoints, ...(described[i] ? { embedding: described[i].embedding } : {}) })) }));
    this.on.checks(null);
  }
}
