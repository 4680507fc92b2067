import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import '../../app/ui/model-progress';
import { describeError } from '../../app/describe-error';
import { LiveController } from './live-controller';
import { PersonThumbs } from './person-thumbs';
import type { LiveFace } from './recognizer';
import { liveStrings } from './strings';
import './live-overlay';
import type { FaceCards } from './face-cards';
import './face-cards';
import '../liveness/liveness-prompt';

registerStrings(liveStrings);

/**
 * The live camera view: camera (remembered choice, picker when several), boxes and names over
 * the video, a mode switch, a polite live list of who is in view, and a warning on unknown faces.
 * Its lifecycles (camera, recognizer, liveness) are LiveController's; this element draws.
 * `locked` (the kiosk) hides the camera picker and the mode switch (both change settings) and the
 * unknown-face banner (the kiosk's own neutral message says it; the beep follows its setting).
 * With the liveness check on (settings: in kiosk mode, or in the live view) the lone face is asked
 * for head moves before it is named anywhere (box, list, prompt, log): until it passes it shows
 * "Checking…", and the preview is mirrored.
 * Where recognition runs is in `data-recognition` ('worker' or 'main'); on the main thread a small
 * note says why.
 */
@customElement('visage-live-view')
export class LiveView extends LitElement {
  static override styles = css`
    /* Desktop: the camera and the "now" cards side by side; narrower (a phone, the kiosk's column): cards below. */
    :host { display: block; container-type: inline-size; }
    .main { display: grid; gap: 0.75rem 1rem; }
    @container (min-width: 52rem) { .main { grid-template-columns: minmax(0, 1fr) minmax(14rem, 20rem); align-items: start; } }
    .now h3 { margin: 0 0 0.5rem; font-size: 1rem; }
    .stage { position: relative; background: #000; border-radius: 8px; overflow: hidden; aspect-ratio: 16 / 9; max-height: 80dvh; margin-inline: auto; }
    video { display: block; width: 100%; height: 100%; object-fit: contain; }
    .mirrored video { transform: scaleX(-1); }
    .controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; margin: 0.5rem 0; }
    .controls[hidden] { display: none; }
    fieldset { border: none; margin: 0; padding: 0; display: flex; gap: 0.75rem; align-items: center; }
    legend { float: left; margin-right: 0.5rem; }
    [role='alert'] { display: flex; gap: 1rem; align-items: center; justify-content: space-between; background: var(--v-danger-bg); color: var(--v-danger-fg); border: 1px solid var(--v-danger-border); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .error { background: var(--v-warn-bg); border: 1px solid var(--v-warn-border); border-radius: 6px; padding: 0.75rem; margin: 0.5rem 0; }
    .muted { color: var(--v-muted); font-size: 0.9em; }
    .chips { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; padding: 0; margin: 0.5rem 0; }
    .chips li { padding: 0.15rem 0.6rem; border: 1px solid var(--v-border); border-radius: 999px; font-size: 0.85em; }
    .chips [data-state='ready'] { border-color: var(--v-ok-border); color: var(--v-ok); }
    .chips [data-state='failed'] { border-color: var(--v-danger-border); color: var(--v-danger); }
  `;

  @property({ type: Boolean }) locked = false;
  @query('video') readonly video!: HTMLVideoElement;
  @query('visage-face-cards') private readonly cards!: FaceCards | null;

  private readonly live = new LiveController(this);
  private readonly thumbs = new PersonThumbs(this);

  constructor() {
    super();
    new LocaleController(this);
  }

  /** The live list's thumbnails are cropped from each frame's picture (LiveHost.framePicture). */
  framePicture(picture: ImageBitmap): void {
    this.cards?.drawCrops(picture);
  }

  override updated(): void {
    const where = this.live.runsOn?.where;
    if (where) this.dataset['recognition'] = where;
    else delete this.dataset['recognition'];
  }

  /**
   * The faces for the overlay. In the kiosk an unknown face's similarity (how close it came to
   * someone enrolled) is dropped: the overlay never shows it, and no element gets to.
   */
  private overlayFaces(): LiveFace[] {
    const faces = this.live.result.faces;
    return this.locked ? faces.map((f) => (f.state === 'known' || f.similarity === null ? f : { ...f, similarity: null })) : faces;
  }

  /** Status chips: where the models run, the frame rate, and whether the models are ready. */
  private renderChips() {
    const { live } = this;
    const model = live.phase === 'running' ? 'ready' : live.phase === 'model-error' ? 'failed' : live.phase === 'loading' ? 'loading' : null;
    if (!model) return null;
    const gpu = live.backend === 'webgl' || live.backend === 'webgpu';
    return html`<ul class="chips" aria-label=${t('live.status')} data-testid="status">
      ${live.backend ? html`<li data-chip="backend">${t(gpu ? 'live.chip.gpu' : 'live.chip.cpu', { backend: live.backend })}</li>` : null}
      ${live.phase === 'running' ? html`<li data-chip="fps">${t('live.chip.fps', { fps: Math.round(live.result.fps) })}</li>` : null}
      <li data-chip="model" data-state=${model}>${t(`live.chip.${model}`)}</li>
    </ul>`;
  }

  override render() {
    const { live } = this;
    const recognize = live.settings.mode === 'recognize';
    const activeId = live.camera?.settings.deviceId ?? live.settings.cameraId;
    return html`
      <div class="controls" ?hidden=${this.locked}>
        ${live.cameras.length > 1
          ? html`<wa-select label=${t('live.camera')} .value=${activeId ?? ''} @change=${(e: Event) => void live.pickCamera((e.target as HTMLSelectElement).value)}>
                ${live.cameras.map((c, i) => html`<wa-option value=${c.deviceId}>${c.label || t('live.cameraN', { n: i + 1 })}</wa-option>`)}
              </wa-select>`
          : null}
        <wa-radio-group label=${t('live.mode')} orientation="horizontal" .value=${live.settings.mode}
          @change=${(e: Event) => live.setMode((e.target as HTMLInputElement).value as 'detect' | 'recognize')}>
          ${(['detect', 'recognize'] as const).map((m) => html`<wa-radio appearance="button" value=${m}>${t(`settings.mode.${m}`)}</wa-radio>`)}
        </wa-radio-group>
      </div>
      ${this.renderChips()}
      ${live.warning && !this.locked
        ? html`<div role="alert" data-testid="unknown-warning">
            <span>${t('live.unknownAlert')}</span>
            <wa-button size="small" appearance="outlined" @click=${() => live.dismissWarning()}>${t('live.dismiss')}</wa-button>
          </div>`
        : null}
      ${live.phase === 'camera-error' && live.cameraError
        ? html`<div class="error" data-testid="camera-error" data-code=${live.cameraError.code}>
            <p>${describeError(live.cameraError)}</p>
            <wa-button variant="brand" @click=${() => void live.start()}>${t('common.retry')}</wa-button>
          </div>`
        : null}
      ${live.phase === 'model-error'
        ? html`<div class="error" role="alert"><p>${live.problem}</p><wa-button variant="brand" @click=${() => void live.start()}>${t('common.retry')}</wa-button></div>`
        : null}
      ${live.phase === 'starting' ? html`<p class="muted" role="status">${t('live.starting')}</p>` : null}
      ${live.phase === 'loading'
        ? html`<visage-model-progress data-testid="model-progress" .step=${live.step}></visage-model-progress>`
        : null}
      <div class="main">
        <div class="camera">
          <div class="stage ${live.livenessWanted ? 'mirrored' : ''}" ?hidden=${live.phase === 'camera-error'}>
            <video muted playsinline aria-label=${t('live.video')}></video>
            <visage-live-overlay .width=${live.result.width} .height=${live.result.height} .faces=${this.overlayFaces()} ?mirrored=${live.livenessWanted}></visage-live-overlay>
          </div>
          ${live.liveness && live.liveness.phase !== 'idle'
            ? html`<visage-liveness-prompt ?mirrored=${live.livenessWanted} ?crowd=${live.liveness.phase === 'crowd'}
                .state=${live.liveness.phase === 'checking' ? live.liveness.state : null} .name=${live.liveness.phase === 'checking' ? (live.liveness.name ?? '') : ''}></visage-liveness-prompt>`
            : null}
        </div>
        <section class="now">
          <h3>${t('live.recognized')}</h3>
          <visage-face-cards .faces=${live.judged} .thumbs=${this.thumbs.urls} label=${t('live.recognized')}></visage-face-cards>
          ${!recognize || live.judged.length === 0
            ? html`<p class="muted">${live.result.faces.length ? t('live.faces', { n: live.result.faces.length }) : t('live.none')}</p>`
            : null}
        </section>
      </div>
      ${live.runsOn?.where === 'main' ? html`<p class="muted" data-testid="main-thread">${t('live.mainThread', { reason: live.runsOn.reason })}</p>` : null}
      ${live.problem && live.phase !== 'model-error' ? html`<p class="muted">${live.problem}</p>` : null}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-live-view': LiveView;
  }
}
