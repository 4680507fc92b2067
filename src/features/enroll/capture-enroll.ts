import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import '../../app/ui/model-progress';
import { describeError } from '../../app/describe-error';
import { CAPTURE_SAMPLES, CaptureController } from './capture-controller';
import { enrollFromSamples, logCameraEnrolment } from './enroll';
import { BusyController } from '../../app/busy';
import { LocaleController, registerStrings, t, tn } from '../../app/i18n';
import { captureStrings } from './capture-strings';
import '../liveness/liveness-prompt';

registerStrings(captureStrings);

/**
 * Enrols a person from the camera: first the liveness check (head moves, when the setting is on:
 * the default), then a live guidance line names the first failed check (one face, close,
 * central, sharp, well lit); a sample is taken while all pass (at most every 400 ms) until 5 are
 * held, each of the face that passed the check; then a name and Save write the person and a log
 * entry. Its lifecycles (camera, run, liveness) are CaptureController's; this element draws and
 * saves. Stops the camera when removed or after saving.
 */
@customElement('visage-capture-enroll')
export class CaptureEnroll extends LitElement {
  static override styles = css`
    :host { display: block; }
    .stage { position: relative; background: #000; border-radius: 8px; overflow: hidden; aspect-ratio: 16 / 9; max-width: 40rem; }
    .stage[hidden] { display: none; }
    video { display: block; width: 100%; height: 100%; object-fit: contain; transform: scaleX(-1); }
    .guide { font-weight: 600; margin: 0.5rem 0; }
    .guide[data-check='ok'], .guide[data-check='done'] { color: var(--v-known); }
    .guide:not([data-check='ok']):not([data-check='done']) { color: var(--v-advice); }
    .thumbs { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0.5rem 0; }
    .thumbs img { width: 56px; height: 56px; border-radius: 4px; display: block; }
    .error { background: var(--v-warn-bg); border: 1px solid var(--v-warn-border); border-radius: 6px; padding: 0.75rem; margin: 0.5rem 0; }
    .ok { color: var(--v-ok); }
    [role='alert'] { color: var(--v-danger); }
    .muted { color: var(--v-muted); font-size: 0.9em; }
    form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
  `;

  private readonly locale = new LocaleController(this);
  @query('video') readonly video!: HTMLVideoElement;
  private readonly capture = new CaptureController(this);
  @state() private name = '';
  @state() private nameError = '';
  /** The outcome of Save. */
  @state() private message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() private busy = false;
  // A capture running or samples not yet saved: an app update must not reload them away.
  private readonly busyState = new BusyController(this, () => this.busy || this.capture.samples.length > 0 || (this.capture.active && this.capture.phase !== 'done'));

  private start(): void {
    this.message = null;
    this.nameError = '';
    void this.capture.start();
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this.message = null;
    const { samples, liveness } = this.capture;
    const name = this.name.normalize('NFC').trim();
    this.nameError = name ? '' : t('capture.nameEmpty');
    if (this.nameError || samples.length < CAPTURE_SAMPLES) return;
    this.busy = true;
    const result = await enrollFromSamples(name, samples);
    if (result.ok) await logCameraEnrolment(result.id, result.name, samples, liveness).catch((err: unknown) => console.error(err));
    this.busy = false;
    if (result.ok) {
      this.capture.stop(true);
      this.capture.clearSamples();
      Object.assign(this, { name: '', message: { kind: 'ok', text: tn(result.added ? 'enroll.added' : 'capture.saved', result.samples, { name: result.name }) } });
    } else if (result.error === 'invalid-name') {
      this.nameError = describeError(result.cause);
    } else {
      this.message = { kind: 'error', text: result.error === 'quota' ? describeError(result.cause) : t('capture.error', { error: describeError(result.cause) }) };
    }
  }

  private renderGuide() {
    const { phase, checks, step } = this.capture;
    if (phase === 'starting') return html`<p class="muted" role="status">${t('capture.starting')}</p>`;
    if (phase === 'loading') return html`<visage-model-progress data-testid="model-progress" .step=${step}></visage-model-progress>`;
    if (phase === 'done') return html`<p class="guide" role="status" data-check="done">${t('capture.check.done')}</p>`;
    if (phase !== 'running' || checks === null) return null;
    const first = checks[0];
    return first
      ? html`<p class="guide" role="status" data-check=${first}>${t(`capture.check.${first}`)}</p>`
      : html`<p class="guide" role="status" data-check="ok">${t('capture.check.ok')}</p>`;
  }

  override render() {
    void this.locale;
    void this.busyState;
    const c = this.capture;
    const full = c.samples.length >= CAPTURE_SAMPLES;
    const message = this.message ?? (c.problem ? { kind: 'error' as const, text: c.problem } : null);
    return html`<h2>${t('capture.title')}</h2>
      <p class="muted">${t('capture.intro')}</p>
      <p>
        ${c.active
          ? html`<wa-button @click=${() => this.start()}>${t('capture.again')}</wa-button>
              <wa-button @click=${() => c.stop(true)}>${t('capture.stop')}</wa-button>`
          : html`<wa-button variant="brand" @click=${() => this.start()}>${t('capture.start')}</wa-button>`}
      </p>
      ${c.phase === 'camera-error' && c.cameraError
        ? html`<div class="error" data-testid="camera-error" data-code=${c.cameraError.code}>
            <p>${describeError(c.cameraError)}</p>
            <wa-button @click=${() => this.start()}>${t('common.retry')}</wa-button>
          </div>`
        : null}
      <div class="stage" ?hidden=${!c.active}>
        <video muted playsinline aria-label=${t('capture.video')}></video>
      </div>
      ${c.livenessState && (c.phase === 'running' || c.phase === 'done') ? html`<visage-liveness-prompt mirrored .state=${c.livenessState}></visage-liveness-prompt>` : null}
      ${this.renderGuide()}
      <p data-testid="capture-progress">${t('capture.progress', { n: c.samples.length, total: CAPTURE_SAMPLES })}</p>
      <ul class="thumbs" data-testid="capture-thumbs">
        ${c.thumbs.map((url, i) => html`<li><img src=${url} alt=${t('capture.sample', { n: i + 1 })} /></li>`)}
      </ul>
      <form @submit=${this.onSubmit} novalidate>
        <wa-input label=${t('capture.name')} name="name" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} aria-invalid=${this.nameError ? 'true' : 'false'}></wa-input>
        <wa-button type="submit" variant="brand" ?disabled=${!full || this.busy}>${t('capture.save')}</wa-button>
      </form>
      ${this.nameError ? html`<p role="alert" data-name-error>${this.nameError}</p>` : null}
      ${message ? html`<p class=${message.kind} role=${message.kind === 'ok' ? 'status' : 'alert'} data-message>${message.text}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-capture-enroll': CaptureEnroll;
  }
}
