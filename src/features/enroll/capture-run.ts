/**
 * One camera enrolment run, the main thread's part: each new video frame is handed to the vision
 * service (liveness check first when asked for, then the guidance checks and the samples: all in
 * src/ml/capture-work.ts), one at a time, until enough samples are held or the run is stopped.
 * `<visage-capture-enroll>` shows what it reports.
 */
import type { SessionState } from '../../ml/liveness-session';
import type { CheckCode } from '../../ml/capture';
import type { CaptureStart, FoundFace } from '../../ml/vision-api';
import { frame, getVision } from '../../app/vision';

export interface CaptureRunEvents {
  /** The models are loading: this step ('backend', 'detector', …). */
  loading(step: string): void;
  /** The models are ready: frames are being judged. */
  running(): void;
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
  private taken = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: CaptureStart,
    private readonly on: CaptureRunEvents,
  ) {}

  /** No more frames and no more events. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs until the samples are complete (true) or the run is stopped (false); rejects when the models cannot load. */
  async run(): Promise<boolean> {
    const { api } = await getVision((step) => this.stopped || this.on.loading(step), 'VIDEO');
    if (this.stopped) return false;
    const id = await api.startCapture(this.options);
    this.on.running();
    try {
      while (!this.stopped && this.taken < this.options.target) {
        await this.nextFrame();
        const video = this.video;
        if (this.stopped || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) continue;
        try {
          const now = performance.now();
          const update = await api.captureFrame(frame(await createImageBitmap(video)), now);
          if (this.stopped) break;
          if (update.faceChanged) {
            this.taken = 0;
            this.on.faceChanged();
          }
          if (update.liveness) this.on.liveness(update.liveness);
          if (update.sample) {
            this.taken++;
            this.on.sample(update.sample);
          }
          this.on.checks(update.checks);
        } catch (error) {
          if (this.stopped) break;
          this.on.error(error);
          await new Promise((r) => setTimeout(r, PAUSE_AFTER_ERROR_MS));
        }
      }
    } finally {
      void api.stopCapture(id);
    }
    return !this.stopped && this.taken >= this.options.target;
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
}
