import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { hasPin, setPin } from './admin-pin';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { describeError } from '../../app/describe-error';
import { enterKiosk } from '../../app/kiosk';
import { kioskStrings } from './strings';
import { refusal, type PinDialogMode, type PinSubmitEvent } from './pin-dialog';
import './pin-dialog';

registerStrings(kioskStrings);

/**
 * Kiosk mode in Settings: start it (the admin PIN is set first when there is none: "set on
 * first use"), and set or change the PIN. With `autostart` (the #kiosk route) it starts at once.
 * Entering kiosk mode changes the app's state (src/app/kiosk.ts); the shell then shows the kiosk.
 */
@customElement('visage-kiosk-panel')
export class KioskPanel extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.75rem; max-width: 32rem; }
    p { margin: 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    [role='alert'] { color: var(--v-danger); }
  `;

  /** Start kiosk mode as soon as the panel is shown. */
  @property({ type: Boolean }) autostart = false;

  /** null until read from the database. */
  @state() private pinSet: boolean | null = null;
  @state() private dialog: Exclude<PinDialogMode, 'enter'> | null = null;
  @state() private dialogError = '';
  @state() private lockedUntil = 0;
  @state() private busy = false;
  @state() private message = '';
  @state() private error = '';
  /** The PIN is being set on the way into kiosk mode. */
  private starting = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    hasPin().then(
      (set) => {
        this.pinSet = set;
        if (this.autostart) this.start();
      },
      (err: unknown) => this.fail(err),
    );
  }

  private fail(err: unknown): void {
    this.error = t('kiosk.error', { error: describeError(err) });
  }

  private start(): void {
    if (this.pinSet) return void enterKiosk().catch((err: unknown) => this.fail(err));
    this.starting = true;
    this.openDialog('set');
  }

  private openDialog(mode: Exclude<PinDialogMode, 'enter'>): void {
    Object.assign(this, { dialog: mode, dialogError: '', lockedUntil: 0, message: '', error: '' });
  }

  private closeDialog(): void {
    this.dialog = null;
    this.starting = false;
  }

  private async onSubmit(e: PinSubmitEvent): Promise<void> {
    const mode = this.dialog;
    this.busy = true;
    try {
      const check = await setPin(e.detail.pin, e.detail.currentPin);
      if (!check.ok) {
        ({ error: this.dialogError, lockedUntil: this.lockedUntil } = refusal(check));
        return;
      }
      const starting = this.starting;
      this.closeDialog();
      this.pinSet = true;
      this.message = t(mode === 'change' ? 'kiosk.pinChanged' : 'kiosk.pinSet');
      if (starting) await enterKiosk();
    } catch (err) {
      this.closeDialog();
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<p>${t('kiosk.intro')}</p>
      <div class="buttons">
        <wa-button variant="brand" ?disabled=${this.pinSet === null} @click=${this.start}>${t('kiosk.start')}</wa-button>
        <wa-button ?disabled=${this.pinSet === null} @click=${() => this.openDialog(this.pinSet ? 'change' : 'set')}>
          ${t(this.pinSet ? 'kiosk.changePin' : 'kiosk.setPin')}
        </wa-button>
      </div>
      ${this.pinSet === false ? html`<p>${t('kiosk.noPin')}</p>` : null}
      <p role="status">${this.message}</p>
      ${this.error ? html`<p role="alert">${this.error}</p>` : null}
      <visage-pin-dialog .mode=${this.dialog ?? 'set'} ?open=${this.dialog !== null} ?busy=${this.busy}
        .error=${this.dialogError} .lockedUntil=${this.lockedUntil}
        @pin-submit=${this.onSubmit} @pin-cancel=${this.closeDialog}></visage-pin-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-panel': KioskPanel;
  }
}
