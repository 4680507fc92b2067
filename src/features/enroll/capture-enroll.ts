import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { openCamera, toCameraError, type CameraError, type OpenCamera } from '../camera/camera';
import { modelsLoading } from '../../app/models-loading';
import { describeError } from '../../app/describe-error';
import type { CheckCode } from '../../ml/capture';
import type { FoundFace } from '../../ml/vision-api';
import { CaptureRun } from './capture-run';
import { enrollFromSamples, logCameraEnrolment } from './enroll';
import { livenessRequest } from '../live/recognizer';
import { BusyController } from '../../app/busy';
import { LocaleController, registerStrings, t, tn } from '../../app/i18n';
import { captureStrings } from './capture-strings';
import { currentSettings, loadSettings } from '../../app/services';
import type { SessionState } from '../../ml/liveness-session';
import '../liveness/liveness-prompt';

registerStrings(captureStrings);

type Phase = 'idle' | 'starting' | 'loading' | 'running' | 'done' | 'camera-error' | 'model-error';

/** Default number of samples a camera enrolment takes. */
export const CAPTURE_SAMPLES = 5;

/**
 * Enrols a person from the camera: first the liveness check (head moves, when the setting is on:
 * the default), then a live guidance line names the first failed check (one face, close,
 * central, sharp, well lit); a sample is taken while all pass (at most every 400 ms) until 5 are
 * held, each of the face that passed the check; then a name and Save write the person and a log
 * entry. Stops the camera when removed or after saving.
 */
@customElement('visage-capture-enroll')
export class CaptureEnroll extends LitElement {
  static override styles = css`
    :host { display: block; }
    .stage { position: relative; background: #000; border-radius: 8px; overflow: hidden; aspect-ratio: 16 / 9; max-width: 40rem; }
    .stage[hidden] { display: none; }
    video { display: block; width: 100%; height: 100%; object-fit: contain; transform: scaleX(-1); }
    .guide { font-weight: 600; margin: 0.5rem 0; }
    .guide[data-check='ok'], .guide[data-check='done'] { color: #1b5e20; }
    .guide:not([data-check='ok']):not([data-check='done']) { color: #8a4b00; }
    .thumbs { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0.5rem 0; }
    .thumbs img { width: 56px; height: 56px; border-radius: 4px; display: block; }
    .error { background: #fff4e5; border: 1px solid #e65100; border-radius: 6px; padding: 0.75rem; margin: 0.5rem 0; }
    .ok { color: #2e7d32; }
    [role='alert'] { color: #c62828; }
    .muted { color: #666; font-size: 0.9em; }
    form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
  `;

  private readonly locale = new LocaleController(this);
  @state() private phase: Phase = 'idle';
  @state() private cameraError: CameraError | null = null;
  @state() private step = '';
  @state() private checks: CheckCode[] | null = null;
  @state() private samples: FoundFace[] = [];
  @state() private thumbs: string[] = [];
  @state() private name = '';
  @state() private nameError = '';
  @state() private message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() private busy = false;
  @state() private livenessState: SessionState | null = null;
  @query('video') private video!: HTMLVideoElement;
  /** The liveness check is part of this run (its samples were taken after a pass). */
  private liveness = false;
  private run: CaptureRun | null = null;

  private camera: OpenCamera | null = null;
  private session = 0;
  // A capture running or samples not yet saved: an app update must not reload them away.
  private readonly busyState = new BusyController(
    this,
    () => this.busy || this.samples.length > 0 || this.phase === 'starting' || this.phase === 'loading' || this.phase === 'running',
  );

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    this.clearSamples();
  }

  /** Stops the loop and the camera (samples are kept). */
  private stop(): void {
    this.session++;
    this.run?.stop();
    this.run = null;
    this.camera?.stop();
    this.camera = null;
  }

  private clearSamples(): void {
    for (const url of this.thumbs) URL.revokeObjectURL(url);
    this.thumbs = [];
    this.samples = [];
  }

  /** (Re)opens the camera and collects samples from scratch. */
  private async start(): Promise<void> {
    this.stop();
    this.clearSamples();
    const session = this.session;
    Object.assign(this, { phase: 'starting', cameraError: null, checks: null, message: null, nameError: '' });
    const settings = await loadSettings().catch(() => currentSettings());
    const liveness = livenessRequest(settings, settings.livenessEnroll);
    this.liveness = liveness !== null;
    this.livenessState = null;
    await this.updateComplete;
    const onEnded = (err: CameraError) => {
      if (session !== this.session) return;
      this.stop();
      Object.assign(this, { phase: 'camera-error', cameraError: err, checks: null });
    };
    try {
      const camera = await openCamera({ video: this.video, onEnded, facingMode: 'user' });
      if (session !== this.session) return camera.stop();
      this.camera = camera;
    } catch (err) {
      if (session === this.session) Object.assign(this, { phase: 'camera-error', cameraError: toCameraError(err) });
      return;
    }
    this.phase = 'loading';
    const run = new CaptureRun(this.video, { target: CAPTURE_SAMPLES, liveness }, {
      loading: (step) => (this.step = step),
      running: () => (this.phase = 'running'),
      liveness: (state) => (this.livenessState = state),
      checks: (checks) => {
        if (checks && this.message?.kind === 'error') this.message = null;
        this.checks = checks;
      },
      sample: (sample) => {
        this.samples = [...this.samples, sample];
        this.thumbs = [...this.thumbs, URL.createObjectURL(sample.thumbnail)];
      },
      faceChanged: () => {
        // Not the face that passed: its samples go, and the check starts again.
        this.clearSamples();
        this.message = { kind: 'error', text: t('liveness.reason.face-changed') };
      },
      error: (err) => {
        this.message = { kind: 'error', text: t('capture.error.frame', { error: describeError(err) }) };
        console.error(err);
      },
    });
    this.run = run;
    try {
      if (await run.run()) this.phase = 'done';
    } catch (err) {
      if (session !== this.session) return;
      this.stop();
      Object.assign(this, { phase: 'model-error', message: { kind: 'error', text: describeError(err) } });
    }
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this.message = null;
    const name = this.name.normalize('NFC').trim();
    this.nameError = name ? '' : t('capture.nameEmpty');
    if (this.nameError || this.samples.length < CAPTURE_SAMPLES) return;
    this.busy = true;
    const result = await enrollFromSamples(name, this.samples);
    if (result.ok) await logCameraEnrolment(result.id, result.name, this.samples, this.liveness).catch((err: unknown) => console.error(err));
    this.busy = false;
    if (result.ok) {
      this.stop();
      this.clearSamples();
      Object.assign(this, { phase: 'idle', checks: null, name: '', message: { kind: 'ok', text: tn(result.added ? 'enroll.added' : 'capture.saved', result.samples, { name: result.name }) } });
    } else if (result.error === 'invalid-name') {
      this.nameError = describeError(result.cause);
    } else {
      this.message = { kind: 'error', text: result.error === 'quota' ? describeError(result.cause) : t('capture.error', { error: describeError(result.cause) }) };
    }
  }

  private renderGuide() {
    if (this.phase === 'starting') return html`<p class="muted" role="status">${t('capture.starting')}</p>`;
    if (this.phase === 'loading') {
      return html`<p class="muted" role="status" data-testid="model-progress">${modelsLoading(this.step)}</p>`;
    }
    if (this.phase === 'done') return html`<p class="guide" role="status" data-check="done">${t('capture.check.done')}</p>`;
    if (this.phase !== 'running' || this.checks === null) return null;
    const first = this.checks[0];
    return first
      ? html`<p class="guide" role="status" data-check=${first}>${t(`capture.check.${first}`)}</p>`
      : html`<p class="guide" role="status" data-check="ok">${t('capture.check.ok')}</p>`;
  }

  override render() {
    void this.locale;
    void this.busyState;
    const active = this.phase === 'starting' || this.phase === 'loading' || this.phase === 'running' || this.phase === 'done';
    const full = this.samples.length >= CAPTURE_SAMPLES;
    return html`<h2>${t('capture.title')}</h2>
      <p class="muted">${t('capture.intro')}</p>
      <p>
        ${active
          ? html`<button type="button" @click=${() => void this.start()}>${t('capture.again')}</button>
              <button type="button" @click=${() => { this.stop(); this.phase = 'idle'; }}>${t('capture.stop')}</button>`
          : html`<button type="button" @click=${() => void this.start()}>${t('capture.start')}</button>`}
      </p>
      ${this.phase === 'camera-error' && this.cameraError
        ? html`<div class="error" data-testid="camera-error" data-code=${this.cameraError.code}>
            <p>${describeError(this.cameraError)}</p>
            <button type="button" @click=${() => void this.start()}>${t('common.retry')}</button>
          </div>`
        : null}
      <div class="stage" ?hidden=${!active}>
        <video muted playsinline aria-label=${t('capture.video')}></video>
      </div>
      ${this.livenessState && (this.phase === 'running' || this.phase === 'done') ? html`<visage-liveness-prompt mirrored .state=${this.livenessState}></visage-liveness-prompt>` : null}
      ${this.renderGuide()}
      <p data-testid="capture-progress">${t('capture.progress', { n: this.samples.length, total: CAPTURE_SAMPLES })}</p>
      <ul class="thumbs" data-testid="capture-thumbs">
        ${this.thumbs.map((url, i) => html`<li><img src=${url} alt=${t('capture.sample', { n: i + 1 })} /></li>`)}
      </ul>
      <form @submit=${this.onSubmit} novalidate>
        <label>${t('capture.name')} <input name="name" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} aria-invalid=${this.nameError ? 'true' : 'false'} /></label>
        <button type="submit" ?disabled=${!full || this.busy}>${t('capture.save')}</button>
      </form>
      ${this.nameError ? html`<p role="alert" data-name-error>${this.nameError}</p>` : null}
      ${this.message ? html`<p class=${this.message.kind} role=${this.message.kind === 'ok' ? 'status' : 'alert'} data-message>${this.message.text}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-capture-enroll': CaptureEnroll;
  }
}
