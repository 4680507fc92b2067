/**
 * Camera enrolment's lifecycles, out of the element: the camera, the run that hands its frames
 * to the vision service (capture-run.ts), the liveness check's state, the guidance and the samples
 * taken. Stops everything when the host leaves the page; the host renders from the fields, calls
 * start() / stop(), and saves the samples.
 */
import type { ReactiveController } from 'lit';
import { describeError } from '../../app/describe-error';
import { t } from '../../app/i18n';
import { currentSettings, loadSettings } from '../../app/services';
import type { CheckCode } from '../../ml/capture';
import type { SessionState } from '../../ml/liveness-session';
import type { FoundFace } from '../../ml/vision-api';
import { openCamera, toCameraError, type CameraError, type OpenCamera } from '../camera/camera';
import type { CameraHost } from '../camera/camera-host';
import { livenessRequest } from '../live/recognizer';
import { CaptureRun } from './capture-run';

/** Default number of samples a camera enrolment takes. */
export const CAPTURE_SAMPLES = 5;

export type CapturePhase = 'idle' | 'starting' | 'loading' | 'running' | 'done' | 'camera-error' | 'model-error';

export class CaptureController implements ReactiveController {
  phase: CapturePhase = 'idle';
  cameraError: CameraError | null = null;
  step = '';
  checks: CheckCode[] | null = null;
  samples: FoundFace[] = [];
  thumbs: string[] = [];
  livenessState: SessionState | null = null;
  /** What went wrong in the run (a frame, the models, another face), for the host to show. */
  problem = '';
  /** The liveness check was part of this run (its samples were taken after a pass). */
  liveness = false;

  private run: CaptureRun | null = null;
  private camera: OpenCamera | null = null;
  private session = 0;

  constructor(private readonly host: CameraHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
    this.clearSamples();
  }

  /** The camera is open or the samples are being taken. */
  get active(): boolean {
    return this.phase === 'starting' || this.phase === 'loading' || this.phase === 'running' || this.phase === 'done';
  }

  private set(fields: Partial<Pick<CaptureController, 'phase' | 'cameraError' | 'step' | 'checks' | 'samples' | 'thumbs' | 'livenessState' | 'problem' | 'liveness'>>): void {
    Object.assign(this, fields);
    this.host.requestUpdate();
  }

  /** Stops the loop and the camera (samples are kept); `phase` becomes 'idle' when asked. */
  stop(idle = false): void {
    this.session++;
    this.run?.stop();
    this.run = null;
    this.camera?.stop();
    this.camera = null;
    if (idle) this.set({ phase: 'idle', checks: null });
  }

  clearSamples(): void {
    for (const url of this.thumbs) URL.revokeObjectURL(url);
    this.set({ thumbs: [], samples: [] });
  }

  /** (Re)opens the camera and collects samples from scratch. */
  async start(): Promise<void> {
    this.stop();
    this.clearSamples();
    const session = this.session;
    this.set({ phase: 'starting', cameraError: null, checks: null, problem: '' });
    const settings = await loadSettings().catch(() => currentSettings());
    const liveness = livenessRequest(settings, settings.livenessEnroll);
    this.set({ liveness: liveness !== null, livenessState: null });
    await this.host.updateComplete;
    const onEnded = (err: CameraError) => {
      if (session !== this.session) return;
      this.stop();
      this.set({ phase: 'camera-error', cameraError: err, checks: null });
    };
    try {
      const camera = await openCamera({ video: this.host.video, onEnded, facingMode: 'user' });
      if (session !== this.session) return camera.stop();
      this.camera = camera;
    } catch (err) {
      if (session === this.session) this.set({ phase: 'camera-error', cameraError: toCameraError(err) });
      return;
    }
    this.set({ phase: 'loading' });
    const run = new CaptureRun(this.host.video, { target: CAPTURE_SAMPLES, liveness }, {
      loading: (step) => this.set({ step }),
      running: () => this.set({ phase: 'running' }),
      liveness: (state) => this.set({ livenessState: state }),
      checks: (checks) => this.set({ checks, ...(checks ? { problem: '' } : {}) }),
      sample: (sample) => this.set({ samples: [...this.samples, sample], thumbs: [...this.thumbs, URL.createObjectURL(sample.thumbnail)] }),
      faceChanged: () => {
        // Not the face that passed: its samples go, and the check starts again.
        this.clearSamples();
        this.set({ problem: t('liveness.reason.face-changed') });
      },
      error: (err) => {
        this.set({ problem: t('capture.error.frame', { error: describeError(err) }) });
        console.error(err);
      },
    });
    this.run = run;
    try {
      if (await run.run()) this.set({ phase: 'done' });
    } catch (err) {
      if (session !== this.session) return;
      this.stop();
      this.set({ phase: 'model-error', problem: describeError(err) });
    }
  }
}
