import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { PIN_MAX_DIGITS, PIN_MIN_DIGITS, isValidPin, normalizePin, type PinRefused } from './admin-pin';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { kioskStrings } from './strings';

registerStrings(kioskStrings);

export type PinDialogMode = 'enter' | 'set' | 'change';

/** Detail of 'pin-submit': the PIN typed (set: typed twice alike), and in 'change' mode the current one. */
export interface PinSubmitDetail {
  pin: string;
  currentPin?: string;
}
export type PinSubmitEvent = CustomEvent<PinSubmitDetail>;

/** What a host sets on the dialog for a refused PIN. */
export function refusal(check: PinRefused): { error: string; lockedUntil: number } {
  return { error: t(check.reason === 'wrong' ? 'pin.wrong' : 'pin.locked'), lockedUntil: Date.now() + check.retryAfterMs };
}

/**
 * A modal dialog (Web Awesome's, a native modal <dialog> inside) that asks for the admin PIN ('enter'), a new one typed twice ('set'), or the
 * current and a new one ('change'). It checks only the format; the host checks the PIN and sets
 * `error`, `lockedUntil` (a countdown is shown until then) and `busy` while it works.
 * Emits 'pin-submit' (PinSubmitEvent) and 'pin-cancel'.
 */
@customElement('visage-pin-dialog')
export class PinDialog extends LitElement {
  static override styles = css`
    wa-dialog {
      --width: min(26rem, 92vw);
    }
    form {
      display: grid;
      gap: 1rem;
    }
    p {
      margin: 0;
    }
    .hint {
      color: var(--v-muted);
    }
    .error {
      color: var(--v-danger);
      font-weight: 600;
    }
    wa-input::part(input) {
      font-size: 1.5rem;
      letter-spacing: 0.3em;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: flex-end;
    }
  `;

  @property() mode: PinDialogMode = 'enter';
  @property({ type: Boolean }) open = false;
  /** The host's verdict on the last PIN ('' for none). */
  @property() error = '';
  /** Date.now() until which attempts are refused; 0: not locked. */
  @property({ type: Number }) lockedUntil = 0;
  @property({ type: Boolean }) busy = false;
  /** What the PIN is asked for ('enter' mode), in place of "to leave kiosk mode". */
  @property() hint = '';

  @state() private problem = '';
  @state() private now = Date.now();
  @query('form') private form!: HTMLFormElement;
  private timer = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.problem = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.form.reset();
    // A refused PIN is cleared for the next try (two refusals in a row may differ only in time).
    if ((changed.has('error') || changed.has('lockedUntil')) && this.error) this.form.reset();
    if (changed.has('lockedUntil')) this.startTimer();
    if (changed.has('busy') && !this.busy && this.open) this.form.querySelector('wa-input')?.focus();
  }

  /** Ticks the countdown while the lock lasts (the host's delay, shown in whole seconds). */
  private startTimer(): void {
    this.stopTimer();
    this.now = Date.now();
    if (this.lockedUntil <= this.now) return;
    this.timer = window.setInterval(() => {
      this.now = Date.now();
      if (this.now >= this.lockedUntil) this.stopTimer();
    }, 250);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = 0;
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('pin-cancel', { bubbles: true, composed: true }));
  }

  /**
   * The dialog asks to close (Escape, its close button): it stays open and the host, which owns
   * `open`, is told. When the host closes it, it closes.
   */
  private onHide(e: Event): void {
    if (e.target !== e.currentTarget || !this.open) return;
    e.preventDefault();
    this.cancel();
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(this.form);
    const field = (name: string) => normalizePin(String(data.get(name) ?? ''));
    const pin = field('pin');
    const format = t('pin.format', { min: PIN_MIN_DIGITS, max: PIN_MAX_DIGITS });
    this.problem = '';
    // A PIN being entered is never judged here: a wrong format is a wrong PIN, counted as such.
    if (this.mode !== 'enter') {
      if (!isValidPin(pin)) return void (this.problem = format);
      if (pin !== field('repeat')) return void (this.problem = t('pin.mismatch'));
    }
    const detail: PinSubmitDetail = this.mode === 'change' ? { pin, currentPin: field('current') } : { pin };
    this.dispatchEvent(new CustomEvent<PinSubmitDetail>('pin-submit', { detail, bubbles: true, composed: true }));
  }

  private field(name: string, label: string, autofocus = false) {
    return html`<wa-input
      name=${name}
      label=${label}
      type="password"
      inputmode="numeric"
      autocomplete="off"
      maxlength=${PIN_MAX_DIGITS}
      required
      ?autofocus=${autofocus}
      ?disabled=${this.busy}
    ></wa-input>`;
  }

  override render() {
    const wait = Math.ceil((this.lockedUntil - this.now) / 1000);
    const vars = { min: PIN_MIN_DIGITS, max: PIN_MAX_DIGITS };
    const message = this.problem || this.error;
    return html`<wa-dialog label=${t(`pin.title.${this.mode}`)} ?open=${this.open} @wa-hide=${this.onHide}>
      <form @submit=${this.submit} novalidate>
        <p class="hint">${this.mode === 'enter' && this.hint ? this.hint : t(`pin.hint.${this.mode}`, vars)}</p>
        ${this.mode === 'change' ? this.field('current', t('pin.current'), true) : null}
        ${this.field('pin', this.mode === 'enter' ? t('pin.pin') : t('pin.new'), this.mode !== 'change')}
        ${this.mode === 'enter' ? null : this.field('repeat', t('pin.repeat'))}
        ${message ? html`<p class="error" role="alert" data-testid="pin-error">${message}</p>` : null}
        ${wait > 0 ? html`<p data-testid="pin-wait">${t('pin.wait', { s: wait })}</p>` : null}
        <div class="buttons">
          <wa-button appearance="outlined" @click=${this.cancel}>${t('common.cancel')}</wa-button>
          <wa-button type="submit" variant="brand" ?disabled=${this.busy} ?loading=${this.busy}>${t('pin.ok')}</wa-button>
        </div>
      </form>
    </wa-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-pin-dialog': PinDialog;
  }
  interface HTMLElementEventMap {
    'pin-submit': PinSubmitEvent;
    'pin-cancel': CustomEvent<void>;
  }
}
