import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { hasPin, verifyPin } from '../kiosk/admin-pin';
import { refusal, type PinSubmitEvent } from '../kiosk/pin-dialog';
import '../kiosk/pin-dialog';
import { describeSyncError } from './describe';
import { pairingForNewDevice } from './sync-actions';
import { syncStrings } from './strings';

registerStrings(syncStrings);

/**
 * "Add a device": behind the admin PIN (none set: it says to set one first), shows a one-time
 * pairing code (the site key wrapped by a fresh passphrase) and that passphrase, for the new
 * device to type or paste. Nothing is kept: closing forgets both.
 */
@customElement('visage-sync-add-device')
export class SyncAddDevice extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.5rem; }
    .code::part(textarea) { font-family: monospace; word-break: break-all; }
    .pass::part(input) { font-family: monospace; font-size: 1.4rem; letter-spacing: 0.1em; }
    .buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; }
  `;

  private readonly locale = new LocaleController(this);
  @state() private asking = false;
  @state() private busy = false;
  @state() private pinError = '';
  @state() private lockedUntil = 0;
  @state() private pairing: { code: string; passphrase: string } | null = null;
  @state() private message = '';
  @state() private error = '';

  override render() {
    void this.locale;
    return html`<p>${t('sync.addDeviceHint')}</p>
      <div class="buttons"><wa-button appearance="outlined" ?disabled=${this.busy} @click=${this.start}>${t('sync.addDevice')}</wa-button></div>
      ${this.error ? html`<wa-callout variant="danger" role="alert">${this.error}</wa-callout>` : null}
      ${this.pairing
        ? html`<section aria-label=${t('sync.addDevice')}>
            <p>${t('sync.pairing')}</p>
            <wa-textarea class="code" label=${t('sync.pairingCode')} readonly rows="4" spellcheck="false" .value=${this.pairing.code}></wa-textarea>
            <wa-input class="pass" label=${t('sync.pairingPass')} readonly spellcheck="false" .value=${this.pairing.passphrase}></wa-input>
            <div class="buttons">
              <wa-button variant="brand" @click=${this.copy}>${t('sync.copy')}</wa-button>
              <wa-button appearance="outlined" @click=${() => (this.pairing = null)}>${t('sync.done')}</wa-button>
            </div>
            <p role="status">${this.message}</p>
          </section>`
        : null}
      <visage-pin-dialog mode="enter" hint=${t('sync.pinHint')} ?open=${this.asking} ?busy=${this.busy} .error=${this.pinError} .lockedUntil=${this.lockedUntil}
        @pin-submit=${this.onPin} @pin-cancel=${() => (this.asking = false)}></visage-pin-dialog>`;
  }

  private async start(): Promise<void> {
    this.error = '';
    this.pairing = null;
    if (!(await hasPin())) {
      this.error = t('sync.needPin');
      return;
    }
    Object.assign(this, { asking: true, pinError: '', lockedUntil: 0 });
  }

  private async onPin(e: PinSubmitEvent): Promise<void> {
    this.busy = true;
    try {
      const check = await verifyPin(e.detail.pin);
      if (!check.ok) {
        ({ error: this.pinError, lockedUntil: this.lockedUntil } = refusal(check));
        return;
      }
      this.asking = false;
      this.message = '';
      this.pairing = await pairingForNewDevice();
    } catch (err) {
      this.asking = false;
      this.error = describeSyncError(err);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    if (!this.pairing) return;
    try {
      await navigator.clipboard.writeText(this.pairing.code);
      this.message = t('sync.copied');
    } catch {
      // No clipboard permission: the code is selectable on screen.
      this.message = '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-sync-add-device': SyncAddDevice;
  }
}
