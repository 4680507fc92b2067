import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { pinLockedUntil } from './admin-pin';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { describeError } from '../../app/describe-error';
import { leaveKiosk } from '../../app/kiosk';
import { kioskStrings } from './strings';
import { refusal, type PinSubmitEvent } from './pin-dialog';
import '../live/live-view';
import './pin-dialog';

registerStrings(kioskStrings);

/**
 * The kiosk: the live camera view alone, large, over the whole window (full screen when the
 * browser allows it), with a discreet Admin button that asks for the admin PIN; the right PIN
 * leaves kiosk mode. The app shell shows nothing else while kiosk mode is on.
 */
@customElement('visage-kiosk-view')
export class KioskView extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: 0; overflow: auto; padding: 0.75rem; box-sizing: border-box; background: Canvas; color: CanvasText; font-size: 1.4rem; }
    /* As wide as fits with the names listed under the picture. */
    visage-live-view { width: min(100%, (100dvh - 12rem) * 16 / 9); margin: 0 auto; }
    .corner { display: flex; justify-content: flex-end; gap: 0.5rem; margin: -0.25rem 0 0.25rem; }
    .corner button { font-size: 0.8rem; padding: 0.25rem 0.6rem; background: transparent; color: inherit; border: 1px solid currentColor; border-radius: 4px; opacity: 0.65; }
    .corner button:hover, .corner button:focus-visible { opacity: 1; }
  `;

  @state() private asking = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private lockedUntil = 0;
  @state() private fullscreen = document.fullscreenElement !== null;
  private readonly onFullscreen = () => (this.fullscreen = document.fullscreenElement !== null);

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullscreen);
    // Entered by a click (Start kiosk mode): the same gesture may take the screen. After a
    // reload there was no gesture and the browser would refuse, so the Full screen button asks.
    if (navigator.userActivation?.isActive ?? true) this.goFullscreen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    // Leaving kiosk mode (here or in another tab) gives the screen back.
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
  }

  private goFullscreen(): void {
    if (!document.fullscreenEnabled || document.fullscreenElement) return;
    // Refused (no gesture, a policy, an iframe): the kiosk works in the window as it is.
    document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
  }

  private async openAdmin(): Promise<void> {
    Object.assign(this, { asking: true, error: '', lockedUntil: 0 });
    // After a reload during a wait, the countdown shows at once.
    this.lockedUntil = await pinLockedUntil().catch(() => 0);
  }

  private async onSubmit(e: PinSubmitEvent): Promise<void> {
    this.busy = true;
    try {
      const check = await leaveKiosk(e.detail.pin);
      // On success the shell replaces this view; nothing more to do here.
      if (!check.ok) ({ error: this.error, lockedUntil: this.lockedUntil } = refusal(check));
    } catch (err) {
      this.error = t('kiosk.error', { error: describeError(err) });
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<div class="corner">
        ${this.fullscreen || !document.fullscreenEnabled
          ? null
          : html`<button type="button" @click=${this.goFullscreen}>${t('kiosk.fullscreen')}</button>`}
        <button type="button" @click=${this.openAdmin}>${t('kiosk.admin')}</button>
      </div>
      <visage-live-view locked></visage-live-view>
      <visage-pin-dialog mode="enter" ?open=${this.asking} ?busy=${this.busy} .error=${this.error} .lockedUntil=${this.lockedUntil}
        @pin-submit=${this.onSubmit} @pin-cancel=${() => (this.asking = false)}></visage-pin-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-view': KioskView;
  }
}
