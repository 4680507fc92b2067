import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { pinLockedUntil } from './admin-pin';
import { getLocale, LocaleController, registerStrings, t } from '../../app/i18n';
import { $settings, StoreController } from '../../app/stores';
import { loadSettings } from '../../app/services';
import type { LiveFacesDetail } from '../live/judged';
import { greetingLine } from './greeting';
import { Presence, type KioskDisplay } from './presence';
import { speak } from './speech';
import { describeError } from '../../app/describe-error';
import { leaveKiosk } from '../../app/kiosk';
import { kioskStrings } from './strings';
import { refusal, type PinSubmitEvent } from './pin-dialog';
import '../live/live-view';
import './pin-dialog';
import './kiosk-greeting';
import './kiosk-header';

registerStrings(kioskStrings);

/**
 * The kiosk, over the whole window (full screen when the browser allows it): the site's name, logo
 * and a clock on top; a large greeting for whoever the live view recognizes ("Good morning, Sam"),
 * else a neutral "Checking…" / "Not recognized — please see the desk" / "Look at the camera"
 * (it never tells a stranger who is enrolled); the locked live view smaller beside it (under it
 * on a narrow screen); the spoken greeting when Settings turn it on. A discreet Admin button asks
 * for the admin PIN; the right PIN leaves kiosk mode. The app shell shows nothing else meanwhile.
 */
@customElement('visage-kiosk-view')
export class KioskView extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: 0; overflow: auto; padding: 0.75rem 1rem; box-sizing: border-box; background: var(--v-bg); color: var(--v-fg); font-size: 1.25rem; display: flex; flex-direction: column; gap: 0.5rem; }
    /* Tablet and desktop: the greeting large on the left, the camera smaller on the right; narrow: stacked. */
    .body { flex: 1; display: grid; gap: 1rem; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: center; }
    @media (max-width: 800px), (orientation: portrait) { .body { grid-template-columns: minmax(0, 1fr); align-items: start; } }
    visage-live-view { font-size: 1rem; }
    .corner { display: flex; justify-content: flex-end; gap: 0.5rem; }
    .corner wa-button { opacity: 0.7; }
    .corner wa-button:hover, .corner wa-button:focus-within { opacity: 1; }
  `;

  @state() private asking = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private lockedUntil = 0;
  @state() private fullscreen = document.fullscreenElement !== null;
  @state() private display: KioskDisplay = { kind: 'idle' };
  @state() private now = Date.now();
  private readonly onFullscreen = () => (this.fullscreen = document.fullscreenElement !== null);
  private readonly presence = new Presence();
  private readonly settings = new StoreController(this, $settings);
  private lastFrameAt = 0;
  private timer = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Each frame of the live view: who to greet, and the greeting said aloud once per arrival. */
  private onFaces(detail: LiveFacesDetail): void {
    this.lastFrameAt = Date.now();
    this.show(this.presence.update(detail.faces, this.lastFrameAt));
  }

  private show(next: KioskDisplay): void {
    const prev = this.display;
    this.display = next;
    const arrived = next.kind === 'greeting' && (prev.kind !== 'greeting' || prev.since !== next.since);
    // Only a recognized person is ever greeted aloud: never an unknown face or a refused check.
    if (arrived && this.settings.value.spokenGreeting) speak(greetingLine(next.names, new Date(next.since)), getLocale());
  }

  /** Every second: the clock, and the message's return to idle when frames stopped coming. */
  private tick(): void {
    this.now = Date.now();
    if (this.now - this.lastFrameAt > 1000) this.show(this.presence.update([], this.now));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullscreen);
    this.timer = window.setInterval(() => this.tick(), 1000);
    void loadSettings().catch(() => undefined);
    // Entered by a click (Start kiosk mode): the same gesture may take the screen. After a
    // reload there was no gesture and the browser would refuse, so the Full screen button asks.
    if (navigator.userActivation?.isActive ?? true) this.goFullscreen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    clearInterval(this.timer);
    globalThis.speechSynthesis?.cancel();
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
    const s = this.settings.value;
    return html`<div class="corner">
        ${this.fullscreen || !document.fullscreenEnabled
          ? null
          : html`<wa-button size="small" appearance="plain" @click=${this.goFullscreen}><wa-icon slot="start" name="display"></wa-icon>${t('kiosk.fullscreen')}</wa-button>`}
        <wa-button size="small" appearance="plain" @click=${this.openAdmin}><wa-icon slot="start" name="lock"></wa-icon>${t('kiosk.admin')}</wa-button>
      </div>
      <visage-kiosk-header .siteName=${s.siteName} .logo=${s.siteLogo} .now=${this.now}></visage-kiosk-header>
      <div class="body">
        <visage-kiosk-greeting .display=${this.display}></visage-kiosk-greeting>
        <visage-live-view locked @live-faces=${(e: CustomEvent<LiveFacesDetail>) => this.onFaces(e.detail)}></visage-live-view>
      </div>
      <visage-pin-dialog mode="enter" ?open=${this.asking} ?busy=${this.busy} .error=${this.error} .lockedUntil=${this.lockedUntil}
        @pin-submit=${this.onSubmit} @pin-cancel=${() => (this.asking = false)}></visage-pin-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-view': KioskView;
  }
}
