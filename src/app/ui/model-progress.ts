import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, getLocale, t } from '../i18n';
import { modelsLoading } from '../models-loading';
import { StoreController } from '../store-controller';
import { $modelBytes } from '../vision';

/** Megabytes with one decimal, in the UI language's digits and separators. */
function mb(bytes: number): string {
  return new Intl.NumberFormat(getLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1e6);
}

/**
 * The models' loading line (shared by the live view and camera enrolment): what is loading, a bar
 * of the bytes of model files read ("6.1 of 20.3 MB read"), then "starting the models…" while they
 * are set up; an indeterminate bar where no byte count is heard (the files were read before).
 */
@customElement('visage-model-progress')
export class ModelProgress extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.3rem; max-width: 28rem; }
    p { margin: 0; }
    .bytes { font-size: 0.85em; opacity: 0.75; font-variant-numeric: tabular-nums; }
    progress { width: 100%; height: 0.5rem; accent-color: var(--v-accent); }
  `;

  /** The loading step not done yet ('backend', 'detector', …; '' before the first). */
  @property() step = '';
  private readonly bytes = new StoreController(this, $modelBytes);

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'status');
  }

  override render() {
    const b = this.bytes.value;
    const done = b !== null && b.total > 0 && b.loaded >= b.total;
    return html`<p>${modelsLoading(this.step)}</p>
      ${b && b.total > 0
        ? html`<progress max=${b.total} .value=${b.loaded} aria-label=${t('models.bar')}></progress>
            <span class="bytes">${done ? t('models.bytes.done', { total: mb(b.total) }) : t('models.bytes', { loaded: mb(b.loaded), total: mb(b.total) })}</span>`
        : html`<progress aria-label=${t('models.bar')}></progress>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-model-progress': ModelProgress;
  }
}
