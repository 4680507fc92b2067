/**
 * The live view's lifecycles, out of the element: the camera (the remembered one, else any), the
 * recognizer on it (vision service), the liveness check's view, the unknown-face warning and its
 * beep. Starts when the host connects, stops everything when it leaves the page; the host renders
 * from the fields and calls start(), pickCamera(), setMode().
 */
import type { ReactiveController } from 'lit';
import { t } from '../../app/i18n';
import { currentSettings, loadSettings, updateSettings, type Settings } from '../../app/services';
import { $settings, StoreController } from '../../app/stores';
import { listCameras, openCamera, toCameraError, type CameraError, type CameraInfo, type OpenCamera } from '../camera/camera';
import type { CameraHost } from '../camera/camera-host';
import { describeError } from '../../app/describe-error';
import { LiveRecognizer, NO_RESULT, type FlowView, type LiveResult, type RunsOn } from './recognizer';
import { mark } from '../../app/timeline';
import { judgeFaces, LIVE_FACES_EVENT, type JudgedFace, type LiveFacesDetail } from './judged';

export type LivePhase = 'starting' | 'loading' | 'running' | 'camera-error' | 'model-error';

export interface LiveHost extends CameraHost, Pick<EventTarget, 'dispatchEvent'> {
  /** Kiosk mode: its own liveness setting. */
  readonly locked: boolean;
  /** Each frame's picture before recognition takes it over (LiveRecognizerOptions.onFrame). */
  framePicture?(picture: ImageBitmap): void;
}

export class LiveController implements ReactiveController {
  phase: LivePhase = 'starting';
  cameraError: CameraError | null = null;
  problem = '';
  step = '';
  result: Readonly<LiveResult> = NO_RESULT;
  /** The last frame's judged faces (also dispatched on the host as a 'live-faces' event). */
  judged: JudgedFace[] = [];
  liveness: FlowView | null = null;
  cameras: CameraInfo[] = [];
  settings: Settings = currentSettings();
  warning = false;
  runsOn: RunsOn | null = null;
  /** The models' TFJS backend once they run ('wasm', 'webgl', 'webgpu', 'cpu'). */
  backend: string | null = null;
  camera: OpenCamera | null = null;

  private recognizer: LiveRecognizer | null = null;
  private session = 0;
  private lastBeep = 0;
  private audio: AudioContext | null = null;
  private readonly onSettings = () => {
    this.settings = currentSettings();
    this.applyLiveness();
    this.host.requestUpdate();
  };

  constructor(private readonly host: LiveHost) {
    host.addController(this);
    new StoreController(host, $settings, this.onSettings);
  }

  hostConnected(): void {
    void this.start();
  }

  hostDisconnected(): void {
    this.stop();
    void this.audio?.close();
    this.audio = null;
  }

  /** Whether the settings ask for the liveness check here (kiosk mode has its own setting). */
  get livenessWanted(): boolean {
    return this.host.locked ? this.settings.livenessKiosk : this.settings.livenessLive;
  }

  private set(fields: Partial<Pick<LiveController, 'phase' | 'cameraError' | 'problem' | 'step' | 'result' | 'judged' | 'liveness' | 'cameras' | 'warning' | 'runsOn' | 'backend'>>): void {
    Object.assign(this, fields);
    this.host.requestUpdate();
  }

  stop(): void {
    this.session++;
    this.recognizer?.stop();
    this.recognizer = null;
    this.camera?.stop();
    this.camera = null;
    const hadFaces = this.judged.length > 0;
    this.set({ liveness: null, runsOn: null, backend: null, judged: [] });
    if (hadFaces) this.emitFaces();
  }

  /** (Re)opens the camera, then starts recognition on it. */
  async start(): Promise<void> {
    this.stop();
    const session = this.session;
    this.set({ phase: 'starting', cameraError: null, problem: '', warning: false, result: NO_RESULT });
    mark('live-start');
    const onProgress = (step: string) => (mark(`model-${step}`), session === this.session && this.set({ step }));
    LiveRecognizer.preload(onProgress);
    this.settings = await loadSettings().catch(() => currentSettings());
    await this.host.updateComplete;
    const onEnded = (err: CameraError) => {
      if (session !== this.session) return;
      this.stop();
      this.set({ phase: 'camera-error', cameraError: err });
    };
    const video = this.host.video;
    try {
      const wanted = this.settings.cameraId;
      let camera: OpenCamera;
      try {
        camera = await openCamera({ video, onEnded, ...(wanted ? { deviceId: wanted } : {}) });
      } catch (err) {
        // The remembered camera is gone: take any camera.
        if (!wanted || toCameraError(err).code !== 'no-camera') throw err;
        camera = await openCamera({ video, onEnded });
      }
      if (session !== this.session) return camera.stop();
      mark('camera-open');
      this.camera = camera;
      this.set({ cameras: await listCameras().catch(() => []) });
    } catch (err) {
      if (session === this.session) this.set({ phase: 'camera-error', cameraError: toCameraError(err) });
      return;
    }
    this.set({ phase: 'loading' });
    const recognizer = new LiveRecognizer({ onProgress, onFrame: (picture) => this.host.framePicture?.(picture) });
    this.recognizer = recognizer;
    this.applyLiveness();
    recognizer.addEventListener('result', (e) => {
      mark('first-result');
      if (e.detail.result.faces.length) mark('first-face');
      if (e.detail.result.faces.some((f) => f.name !== null)) mark('first-name');
      const { result, liveness } = e.detail;
      this.set({ result, liveness, judged: judgeFaces(result, liveness), ...(this.phase === 'loading' ? { phase: 'running' as const } : {}) });
      this.emitFaces();
    });
    recognizer.addEventListener('unknown-face', () => this.onUnknown());
    recognizer.addEventListener('error', (e) => {
      this.set({ problem: t('live.error.recognition', { error: describeError(e.detail.error) }) });
      console.error(e.detail.error);
    });
    try {
      await recognizer.start(video);
      if (session !== this.session) return;
      mark('live-running');
      this.set({ runsOn: recognizer.runsOn, backend: recognizer.backend });
    } catch (err) {
      if (session !== this.session) return;
      recognizer.stop();
      this.set({ phase: 'model-error', problem: describeError(err) });
    }
  }

  /** Tells the host's listeners (the kiosk's greeting) who is in view now. */
  private emitFaces(): void {
    const detail: LiveFacesDetail = { faces: this.judged, width: this.result.width, height: this.result.height };
    this.host.dispatchEvent(new CustomEvent(LIVE_FACES_EVENT, { detail, bubbles: true, composed: true }));
  }

  /** Starts or ends the liveness check as the settings say. */
  private applyLiveness(): void {
    const recognizer = this.recognizer;
    if (!recognizer || this.livenessWanted === recognizer.liveness) return;
    recognizer.liveness = this.livenessWanted;
    this.set({ liveness: null });
  }

  private onUnknown(): void {
    if (this.settings.warnBanner) this.set({ warning: true });
    if (this.settings.warnSound && performance.now() - this.lastBeep > 3000) {
      this.lastBeep = performance.now();
      this.beep();
    }
  }

  /** A short, quiet beep (WebAudio; silently nothing where audio is blocked). */
  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const osc = this.audio.createOscillator();
      const gain = this.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.1;
      osc.connect(gain).connect(this.audio.destination);
      osc.start();
      osc.stop(this.audio.currentTime + 0.15);
    } catch {
      // No audio here.
    }
  }

  async pickCamera(deviceId: string): Promise<void> {
    await updateSettings({ cameraId: deviceId });
    await this.start();
  }

  setMode(mode: Settings['mode']): void {
    this.settings = { ...this.settings, mode };
    this.host.requestUpdate();
    void updateSettings({ mode }).catch((err: unknown) => this.set({ problem: describeError(err) }));
  }

  dismissWarning(): void {
    this.set({ warning: false });
  }
}
