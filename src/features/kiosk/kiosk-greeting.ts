import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../../app/i18n';
import { clockTime, greetingLine } from './greeting';
import type { KioskDisplay } from './presence';

/**
 * The kiosk's large message, readable at 2 m: idle "Look at the camera", "Checking…", the neutral
 * "Not recognized — please see the desk" (for a stranger and a refused liveness check alike: it
 * never tells who is enrolled), or "Good morning, Sam" with the time of the greeting.
 */
@customElement('visage-kiosk-greeting')
export class KioskGreeting extends LitElement {
  static override styles = css`
    :host { display: flex; align-items: center; justify-content: center; text-align: center; min-height: 100%; }
    .box { display: flex; flex-direction: column; align-items: center; gap: 1rem; padding: 1.5rem; }
    .dot { width: 1.25rem; height: 1.25rem; border-radius: 50%; background: var(--v-checking); }
    [data-kind='greeting'] .dot { background: var(--v-known); }
    [data-kind='idle'] .dot { background: var(--v-accent); }
    .line { margin: 0; font-size: clamp(3rem, 5.5vw, 5rem); line-height: 1.15; font-weight: 700; overflow-wrap: anywhere; }
    [data-kind='greeting'] .line { color: var(--v-known); }
    [data-kind='unknown'] .line { font-size: clamp(3rem, 4.5vw, 4rem); }
    .sub { margin: 0; font-size: clamp(1.5rem, 2.5vw, 2.25rem); color: var(--v-muted); }
  `;

  @property({ attribute: false }) display: KioskDisplay = { kind: 'idle' };

  constructor() {
    super();
    new LocaleController(this);
  }

  private words(): { line: string; sub: string } {
    const d = this.display;
    switch (d.kind) {
      case 'greeting': {
        const at = new Date(d.since);
        return { line: greetingLine(d.names, at), sub: t('kiosk.greet.time', { time: clockTime(at) }) };
      }
      case 'checking':
        return { line: t('kiosk.checking'), sub: '' };
      case 'unknown':
        return { line: t('kiosk.unknown'), sub: '' };
      case 'idle':
        return { line: t('kiosk.idle'), sub: t('kiosk.idle.hint') };
    }
  }

  override render() {
    const { line, sub } = this.words();
    return html`<div class="box" role="status" data-kind=${this.display.kind} data-testid="kiosk-greeting">
      <span class="dot" aria-hidden="true"></span>
      <p class="line">${line}</p>
      ${sub ? html`<p class="sub">${sub}</p>` : null}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-greeting': KioskGreeting;
  }
}
