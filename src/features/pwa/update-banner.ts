import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { busyEvents, isBusy } from '../../app/busy';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { pwaStrings } from './strings';
import { applyUpdate, pwaEvents, updateWaiting } from './pwa';

registerStrings(pwaStrings);

/**
 * "Update available — Reload": shown when a new version of the app waits. Reloads only when the
 * user clicks, and not while an enrolment is under way (the button waits for it to end).
 */
@customElement('visage-update-banner')
export class UpdateBanner extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: auto 1rem 1rem auto;
      z-index: 10;
    }
    div {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      max-width: 24rem;
      padding: 0.75rem 1rem;
      border-radius: 0.5rem;
      background: #1565c0;
      color: #fff;
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 30%);
    }
    p {
      margin: 0;
      flex: 1 1 10rem;
    }
    .busy {
      flex-basis: 100%;
      font-size: 0.9em;
    }
  `;

  private readonly locale = new LocaleController(this);
  @state() private shown = updateWaiting();
  @state() private busy = isBusy();
  private readonly onUpdate = () => (this.shown = true);
  private readonly onBusy = () => (this.busy = isBusy());

  override connectedCallback(): void {
    super.connectedCallback();
    pwaEvents.addEventListener('update', this.onUpdate);
    busyEvents.addEventListener('change', this.onBusy);
  }

  override disconnectedCallback(): void {
    pwaEvents.removeEventListener('update', this.onUpdate);
    busyEvents.removeEventListener('change', this.onBusy);
    super.disconnectedCallback();
  }

  override render() {
    void this.locale;
    if (!this.shown) return null;
    return html`<div role="status" aria-live="polite">
      <p>${t('update.available')}</p>
      <button type="button" ?disabled=${this.busy} @click=${() => applyUpdate()}>${t('update.reload')}</button>
      <button type="button" @click=${() => (this.shown = false)}>${t('update.later')}</button>
      ${this.busy ? html`<p class="busy">${t('update.busy')}</p>` : null}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-update-banner': UpdateBanner;
  }
}
