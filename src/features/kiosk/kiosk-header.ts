import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../../app/i18n';
import { clockDate, clockTime } from './greeting';

/** The kiosk's top line: the site's logo and name (from Settings, when given) and a clock with the date. */
@customElement('visage-kiosk-header')
export class KioskHeader extends LitElement {
  static override styles = css`
    :host { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
    h1 { display: flex; align-items: center; gap: 0.75rem; margin: 0; font-size: clamp(1.5rem, 3vw, 2.25rem); min-width: 0; overflow-wrap: anywhere; }
    img { height: clamp(2.5rem, 6vw, 4rem); width: auto; max-width: 12rem; object-fit: contain; }
    .clock { display: flex; flex-direction: column; align-items: flex-end; line-height: 1.1; margin-inline-start: auto; }
    time { font-size: clamp(2rem, 4vw, 3rem); font-weight: 700; font-variant-numeric: tabular-nums; }
    .date { color: var(--v-muted); font-size: clamp(1rem, 1.6vw, 1.25rem); }
  `;

  @property() siteName = '';
  @property() logo = '';
  /** The time shown (ms since the epoch); the host ticks it. */
  @property({ type: Number }) now = Date.now();

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const at = new Date(this.now);
    const hasTitle = this.siteName || this.logo;
    return html`${hasTitle
        ? html`<h1>${this.logo ? html`<img src=${this.logo} alt=${this.siteName ? '' : t('kiosk.logo')} />` : null}${this.siteName}</h1>`
        : null}
      <div class="clock" data-testid="clock">
        <time datetime=${at.toISOString()}>${clockTime(at)}</time>
        <span class="date">${clockDate(at)}</span>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-header': KioskHeader;
  }
}
