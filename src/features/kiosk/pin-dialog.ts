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
 * A modal dialog that asks for the admin PIN ('enter'), a new one typed twice ('set'), or the
 * current and a new one ('change'). It checks only the format; the host checks the PIN and sets
 * `error`, `lockedUntil` (a countdown is shown until then) and `busy` while it works.
 * Emits 'pin-submit' (PinSubmitEvent) and 'pin-cancel'.
 */
@customElement('visage-pin-dialog')
export class PinDialog extends LitElement {
  static override styles = css`
    dialog { max-width: min(24rem, 90vw); border-radius: 8px; font-size: 1rem; }
    form { display: grid; gap: 0.75rem; }
    h2 { margin: 0; font-size: 1.25rem; }
    p { margin: 0; }
    label { display: grid; gap: 0.25rem; }
    input { font-size: 1.5rem; letter-spacing: 0.3em; padding: 0.3rem 0.5rem; }
    .hint { font-size: 0.9em; opacity: 0.75; }
    [role='alert'] { color: var(--v-danger); }
    .buttons { display: flex; gap: 0.5rem; justify-content: flex-end; }
    button { font-size: 1rem; padding: 0.4rem 1rem; }
  `;

  @property() mode: PinDialogMode = 'enter';
  @property({ type: Boolean }) open = false;
  /** The host's verdict on the last PIN ('' for none). */
  @property() error = '';
  /** Date.now() until which attempts are refused; 0: not locked. */
  @property({ type: Number }) lockedUntil = 0;
  @property({ type: Boolean }) busy = false;

  @state() private problem = '';
  @state() private now = Date.now();
  @query('dialog') private dialog!: HTMLDialogElement;
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
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        this.form.reset();
        this.dialog.showModal();
      } else if (!this.open && this.dialog.open) {
        this.dialog.close();
      }
    }
    // A refused PIN is cleared for the next try (two refusals in a row may differ only in time).
    if ((changed.has('error') || changed.has('lockedUntil')) && this.error) this.form.reset();
    if (changed.has('lockedUntil')) this.startTimer();
    if (changed.has('busy') && !this.busy && this.open) this.form.querySelector('input')?.focus();
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

  /** The dialog closed by itself (Escape): tell the host, which owns `open`. */
  private onClose(): void {
    if (this.open) this.cancel();
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

  private field(name: string, label: string) {
    return html`<label>${label}
      <input name=${name} type="password" inputmode="numeric" autocomplete="off" maxlength=${PIN_MAX_DIGITS} required ?disabled=${this.busy} />
    </label>`;
  }

  override render() {
    const wait = Math.ceil((this.lockedUntil - this.now) / 1000);
    const vars = { min: PIN_MIN_DIGITS, max: PIN_MAX_DIGITS };
    const message = this.problem || this.error;
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <form @submit=${this.submit} novalidate>
        <h2 id="title">${t(`pin.title.${this.mode}`)}</h2>
        <p class="hint">${t(`pin.hint.${this.mode}`, vars)}</p>
        ${this.mode === 'change' ? this.field('current', t('pin.current')) : null}
        ${this.field('pin', this.mode === 'enter' ? t('pin.pin') : t('pin.new'))}
        ${this.mode === 'enter' ? null : this.field('repeat', t('pin.repeat'))}
        ${message ? html`<p role="alert" data-testid="pin-error">${message}</p>` : null}
        ${wait > 0 ? html`<p data-testid="pin-wait">${t('pin.wait', { s: wait })}</p>` : null}
        <div class="buttons">
          <button type="button" @click=${this.cancel}>${t('common.cancel')}</button>
          <button type="submit" ?disabled=${this.busy}>${t('pin.ok')}</button>
        </div>
      </form>
    </dialog>`;
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
