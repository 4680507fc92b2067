import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CameraError, listCameras, openCamera, toCameraError, type CameraErrorCode, type CameraInfo, type OpenCamera } from '../camera/camera';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { LiveLivenessCheck, type FlowView } from '../liveness/liveness-check';
import { liveStrings } from './strings';
import { LiveRecognizer, NO_RESULT, type LiveResult, type RunsOn } from './recognizer';
import { currentSettings, loadSettings, updateSettings, type Settings } from '../../app/services';
import { $settings, StoreController } from '../../app/stores';
import { liveLabel } from './live-overlay';
import './live-overlay';
import '../liveness/liveness-prompt';

registerStrings(liveStrings);

/**
 * The live camera view: camera (remembered choice, picker when several), boxes and names over
 * the video, a mode switch, a polite live list of who is in view, and a warning on unknown faces.
 * Stops the camera when removed from the page.
 * `locked` (the kiosk) hides the camera picker and the mode switch: both change settings.
 * With the liveness check on (settings: in kiosk mode, or in the live view) a lone enrolled person
 * is asked for head moves before their recognition is logged, and the preview is mirrored.
 * Where recognition runs is in `data-recognition` ('worker' or 'main'); on the main thread a small
 * note says why.
 */
@customElement('visage-live-view')
export class LiveView extends LitElement {
  static override styles = css`
    :host { display: block; }
    .stage { position: relative; background: #000; border-radius: 8px; overflow: hidden; aspect-ratio: 16 / 9; }
    video { display: block; width: 100%; height: 100%; object-fit: contain; }
    .mirrored video { transform: scaleX(-1); }
    .controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; margin: 0.5rem 0; }
    .controls[hidden] { display: none; }
    fieldset { border: none; margin: 0; padding: 0; display: flex; gap: 0.75rem; align-items: center; }
    legend { float: left; margin-right: 0.5rem; }
    [role='alert'] { display: flex; gap: 1rem; align-items: center; justify-content: space-between; background: #fdecea; color: #8a1c1c; border: 1px solid #c62828; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .error { background: #fff4e5; border: 1px solid #e65100; border-radius: 6px; padding: 0.75rem; margin: 0.5rem 0; }
    ul { padding-left: 1.25rem; margin: 0.25rem 0; }
    .known { color: #1b5e20; }
    .unknown { color: #b71c1c; }
    .muted { color: #666; font-size: 0.9em; }
  `;

  @property({ type: Boolean }) locked = false;

  @state() private phase: 'starting' | 'loading' | 'running' | 'camera-error' | 'model-error' = 'starting';
  @state() private cameraError: CameraErrorCode | null = null;
  @state() private problem = '';
  @state() private step = '';
  @state() private result: Readonly<LiveResult> = NO_RESULT;
  @state() private cameras: CameraInfo[] = [];
  @state() private settings: Settings = currentSettings();
  @state() private warning = false;
  @state() private runsOn: RunsOn | null = null;
  @state() private livenessView: FlowView | null = null;
  @query('video') private video!: HTMLVideoElement;

  private camera: OpenCamera | null = null;
  private recognizer: LiveRecognizer | null = null;
  private session = 0;
  private lastBeep = 0;
  private audio: AudioContext | null = null;
  private check: LiveLivenessCheck | null = null;
  private readonly onSettings = () => {
    this.settings = currentSettings();
    this.applyLiveness();
  };

  constructor() {
    super();
    new LocaleController(this);
    new StoreController(this, $settings, this.onSettings);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    void this.audio?.close();
    this.audio = null;
  }

  private stop(): void {
    this.session++;
    this.recognizer?.stop();
    this.recognizer = null;
    this.check = null;
    this.livenessView = null;
    this.camera?.stop();
    this.camera = null;
    this.runsOn = null;
    delete this.dataset['recognition'];
  }

  /** (Re)opens the camera, then starts recognition on it. */
  private async start(): Promise<void> {
    this.stop();
    const session = this.session;
    Object.assign(this, { phase: 'starting', cameraError: null, problem: '', warning: false, result: NO_RESULT });
    this.settings = await loadSettings().catch(() => currentSettings());
    await this.updateComplete;
    const onEnded = (err: CameraError) => {
      if (session !== this.session) return;
      this.stop();
      Object.assign(this, { phase: 'camera-error', cameraError: err.code });
    };
    try {
      const wanted = this.settings.cameraId;
      let camera: OpenCamera;
      try {
        camera = await openCamera({ video: this.video, onEnded, ...(wanted ? { deviceId: wanted } : {}) });
      } catch (err) {
        // The remembered camera is gone: take any camera.
        if (!wanted || toCameraError(err).code !== 'no-camera') throw err;
        camera = await openCamera({ video: this.video, onEnded });
      }
      if (session !== this.session) return camera.stop();
      this.camera = camera;
      this.cameras = await listCameras().catch(() => []);
    } catch (err) {
      if (session === this.session) Object.assign(this, { phase: 'camera-error', cameraError: toCameraError(err).code });
      return;
    }
    this.phase = 'loading';
    const recognizer = new LiveRecognizer({ onProgress: (step) => session === this.session && (this.step = step) });
    this.recognizer = recognizer;
    this.applyLiveness();
    recognizer.addEventListener('result', (e) => {
      this.result = e.detail;
      if (this.check) this.livenessView = this.check.update(e.detail);
      if (this.phase === 'loading') this.phase = 'running';
    });
    recognizer.addEventListener('unknown-face', () => this.onUnknown());
    recognizer.addEventListener('error', (e) => {
      this.problem = t('live.error.recognition', { error: String(e.detail.error) });
      console.error(e.detail.error);
    });
    try {
      await recognizer.start(this.video);
      if (session !== this.session) return;
      this.runsOn = recognizer.runsOn;
      if (this.runsOn) this.dataset['recognition'] = this.runsOn.where;
    } catch (err) {
      if (session !== this.session) return;
      recognizer.stop();
      Object.assign(this, { phase: 'model-error', problem: t('models.failed', { error: String(err) }) });
    }
  }

  /** Whether the settings ask for the liveness check here (kiosk mode has its own setting). */
  private get livenessWanted(): boolean {
    return this.locked ? this.settings.livenessKiosk : this.settings.livenessLive;
  }

  /** Starts or ends the liveness check as the settings say. */
  private applyLiveness(): void {
    const recognizer = this.recognizer;
    if (!recognizer || this.livenessWanted === recognizer.liveness) return;
    recognizer.liveness = this.livenessWanted;
    this.check = this.livenessWanted ? new LiveLivenessCheck(() => this.video, (error) => (this.problem = t('live.error.recognition', { error: String(error) }))) : null;
    this.livenessView = null;
  }

  private onUnknown(): void {
    if (this.settings.warnBanner) this.warning = true;
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

  private async pickCamera(e: Event): Promise<void> {
    await updateSettings({ cameraId: (e.target as HTMLSelectElement).value });
    await this.start();
  }

  private setMode(mode: Settings['mode']): void {
    this.settings = { ...this.settings, mode };
    void updateSettings({ mode }).catch((err: unknown) => (this.problem = String(err)));
  }

  override render() {
    const recognize = this.settings.mode === 'recognize';
    const judged = this.result.faces.filter((f) => f.state !== 'detected');
    const activeId = this.camera?.settings.deviceId ?? this.settings.cameraId;
    return html`
      <div class="controls" ?hidden=${this.locked}>
        ${this.cameras.length > 1
          ? html`<label>${t('live.camera')}
              <select @change=${this.pickCamera}>
                ${this.cameras.map((c, i) => html`<option value=${c.deviceId} ?selected=${c.deviceId === activeId}>${c.label || t('live.cameraN', { n: i + 1 })}</option>`)}
              </select></label>`
          : null}
        <fieldset>
          <legend>${t('live.mode')}</legend>
          ${(['detect', 'recognize'] as const).map(
            (m) => html`<label><input type="radio" name="mode" value=${m} .checked=${this.settings.mode === m} @change=${() => this.setMode(m)} />
              ${t(`settings.mode.${m}`)}</label>`,
          )}
        </fieldset>
      </div>
      ${this.warning
        ? html`<div role="alert" data-testid="unknown-warning">
            <span>${t('live.unknownAlert')}</span>
            <button type="button" @click=${() => (this.warning = false)}>${t('live.dismiss')}</button>
          </div>`
        : null}
      ${this.phase === 'camera-error' && this.cameraError
        ? html`<div class="error" data-testid="camera-error" data-code=${this.cameraError}>
            <p>${t(`live.error.${this.cameraError}`)}</p>
            <button type="button" @click=${() => void this.start()}>${t('common.retry')}</button>
          </div>`
        : null}
      ${this.phase === 'model-error'
        ? html`<div class="error" role="alert"><p>${this.problem}</p><button type="button" @click=${() => void this.start()}>${t('common.retry')}</button></div>`
        : null}
      ${this.phase === 'starting' ? html`<p class="muted" role="status">${t('live.starting')}</p>` : null}
      ${this.phase === 'loading'
        ? html`<p class="muted" role="status" data-testid="model-progress">${t('models.loading', { step: this.step ? t(`live.step.${this.step}`) : '' })}</p>`
        : null}
      <div class="stage ${this.livenessWanted ? 'mirrored' : ''}" ?hidden=${this.phase === 'camera-error'}>
        <video muted playsinline aria-label=${t('live.video')}></video>
        <visage-live-overlay .width=${this.result.width} .height=${this.result.height} .faces=${this.result.faces} ?mirrored=${this.livenessWanted}></visage-live-overlay>
      </div>
      ${this.livenessView && this.livenessView.phase !== 'idle'
        ? html`<visage-liveness-prompt ?mirrored=${this.livenessWanted} ?crowd=${this.livenessView.phase === 'crowd'}
            .state=${this.livenessView.phase === 'checking' ? this.livenessView.state : null} .name=${this.livenessView.phase === 'checking' ? this.livenessView.name : ''}></visage-liveness-prompt>`
        : null}
      <h3 id="recognized-title">${t('live.recognized')}</h3>
      <ul data-testid="recognized" aria-live="polite" aria-labelledby="recognized-title">
        ${repeat(judged, (f) => f.trackId, (f) => html`<li class=${f.state}>${liveLabel(f)}</li>`)}
      </ul>
      ${!recognize || judged.length === 0
        ? html`<p class="muted">${this.result.faces.length ? t('live.faces', { n: this.result.faces.length }) : t('live.none')}</p>`
        : null}
      ${this.phase === 'running' ? html`<p class="muted">${t('live.fps', { fps: Math.round(this.result.fps) })}</p>` : null}
      ${this.runsOn?.where === 'main' ? html`<p class="muted" data-testid="main-thread">${t('live.mainThread', { reason: this.runsOn.reason })}</p>` : null}
      ${this.problem && this.phase !== 'model-error' ? html`<p class="muted">${this.problem}</p>` : null}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-live-view': LiveView;
  }
}
