import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { $busy, $locked, $updatesWaiting, StoreController } from '../../app/stores';
import { pwaStrings } from './strings';
import { applyUpdate } from './pwa';

registerStrings(pwaStrings);

/**
 * "Update available — Reload": shown when a new version of the app waits. Reloads only when the
 * user clicks, and not while an enrolment is under way (the button waits for it to end).
 * Never shown while the app is locked (kiosk mode on, or its state not known): anyone at the
 * kiosk could press it. The update waits and is offered once the admin has left kiosk mode.
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
  private readonly updates = new StoreController(this, $updatesWaiting);
  private readonly busy = new StoreController(this, $busy);
  private readonly locked = new StoreController(this, $locked);
  /** The updates found when "Later" was pressed: the banner shows again for a newer one. */
  @state() private dismissed = 0;

  override render() {
    void this.locale;
    if (this.locked.value || this.updates.value <= this.dismissed) return null;
    const busy = this.busy.value;
    return html`<div role="status" aria-live="polite">
      <p>${t('update.available')}</p>
      <wa-button variant="brand" ?disabled=${busy} @click=${() => applyUpdate()}>${t('update.reload')}</wa-button>
      <wa-button @click=${() => (this.dismissed = this.updates.value)}>${t('update.later')}</wa-button>
      ${busy ? html`<p class="busy">${t('update.busy')}</p>` : null}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-update-banner': UpdateBanner;
  }
}
