import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, registerStrings, t } from '../../app/i18n';
import { livenessStrings } from './strings';
import type { Move } from '../../ml/liveness';
import { LOCKOUT_MS, type SessionState } from '../../ml/liveness-session';

registerStrings(livenessStrings);

/** Where an arrow points on the screen. */
export type ScreenDirection = 'screen-left' | 'screen-right' | 'up' | 'down';

/**
 * The arrow for a move in the person's own directions. In a mirrored preview the person's left
 * is the screen's left, as in a mirror; in an unmirrored one (a camera's own picture) it is the
 * screen's right.
 */
export function screenDirection(move: Move, mirrored: boolean): ScreenDirection {
  if (move === 'up' || move === 'down') return move;
  return (move === 'left') === mirrored ? 'screen-left' : 'screen-right';
}

const ROTATION: Record<ScreenDirection, number> = { 'screen-right': 0, 'screen-left': 180, up: -90, down: 90 };

/**
 * The liveness prompt: what to do now (look straight, the move with an arrow, the time left),
 * then the outcome and, after a failure, why; after too many failures, the pause and its
 * countdown. Properties only (the check runs elsewhere): `state` (null: nothing to show), `name`
 * (shown with a pass only: the check never names whom it checks), `crowd` (several faces, none
 * checked), `mirrored` (the preview is a mirror image). The countdowns are hidden from screen readers (the live
 * region would read them every second); the move and the outcome are announced. Exposes `data-phase`, `data-hint`, `data-move`, `data-arrow`
 * and `data-reason` for tests and styling.
 */
@customElement('visage-liveness-prompt')
export class LivenessPrompt extends LitElement {
  static override styles = css`
    :host { display: block; }
    .box { display: flex; gap: 1rem; align-items: center; padding: 0.6rem 0.9rem; margin: 0.5rem 0; border-radius: 8px; border: 2px solid var(--v-info-border); background: var(--v-info-bg); color: var(--v-info-fg); }
    .box[data-phase='passed'] { border-color: var(--v-ok-border); background: var(--v-ok-bg); color: var(--v-ok-fg); }
    .box[data-phase='failed'], .box[data-phase='locked'], .box[data-phase='crowd'] { border-color: var(--v-danger-border); background: var(--v-danger-bg); color: var(--v-danger-fg); }
    svg { width: 3.5em; height: 3.5em; flex: none; }
    .text { display: grid; gap: 0.2rem; }
    .main { font-weight: 700; font-size: 1.15em; }
    .small { font-size: 0.85em; opacity: 0.8; }
  `;

  @property({ attribute: false }) state: SessionState | null = null;
  @property() name = '';
  @property({ type: Boolean }) crowd = false;
  @property({ type: Boolean }) mirrored = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private arrow(direction: ScreenDirection) {
    return svg`<svg viewBox="-50 -50 100 100" aria-hidden="true">
      <g transform="rotate(${ROTATION[direction]})"><path d="M -38 -12 H 8 V -32 L 40 0 L 8 32 V 12 H -38 Z" fill="currentColor" /></g>
    </svg>`;
  }

  private mark(ok: boolean) {
    return svg`<svg viewBox="-50 -50 100 100" aria-hidden="true"><path d=${ok ? 'M -30 0 L -8 22 L 32 -22' : 'M -26 -26 L 26 26 M 26 -26 L -26 26'}
      fill="none" stroke="currentColor" stroke-width="12" stroke-linecap="round" stroke-linejoin="round" /></svg>`;
  }

  override render() {
    if (this.crowd) return html`<div class="box" data-phase="crowd" role="status"><span class="main">${t('liveness.crowd')}</span></div>`;
    const s = this.state;
    if (!s) return null;
    const title = html`<span class="small">${t('liveness.title')}</span>`;
    switch (s.phase) {
      case 'waiting':
        return html`<div class="box" data-phase="waiting" data-hint=${s.hint} role="status">
          <div class="text">${title}<span class="main">${t(`liveness.hint.${s.hint}`)}</span></div></div>`;
      case 'challenge': {
        const direction = screenDirection(s.move, this.mirrored);
        return html`<div class="box" data-phase="challenge" data-move=${s.move} data-arrow=${direction} role="status">
          ${this.arrow(direction)}
          <div class="text">${title}<span class="main">${t(`liveness.move.${s.move}`)}</span>
            ${s.distance ? html`<span class="small" data-distance=${s.distance}>${t(`liveness.hint.${s.distance}`)}</span>` : null}
            <span class="small">${t('liveness.step', { n: s.moveIndex + 1, total: s.moves.length })}
              <span aria-hidden="true">· ${t('liveness.timeLeft', { s: Math.ceil(s.remainingMs / 1000) })}</span></span></div>
        </div>`;
      }
      case 'passed':
        return html`<div class="box" data-phase="passed" role="status">${this.mark(true)}
          <div class="text"><span class="main">${this.name ? t('liveness.passedName', { name: this.name }) : t('liveness.passed')}</span></div></div>`;
      case 'failed':
        return html`<div class="box" data-phase="failed" data-reason=${s.reason} role="alert">${this.mark(false)}
          <div class="text">${title}<span class="main">${t(`liveness.reason.${s.reason}`)}</span>
            <span class="small" aria-hidden="true">${t('liveness.retry', { s: Math.ceil(s.retryInMs / 1000) })}</span></div></div>`;
      case 'locked':
        return html`<div class="box" data-phase="locked" role="alert">${this.mark(false)}
          <div class="text">${title}<span class="main">${t('liveness.locked', { s: Math.round(LOCKOUT_MS / 1000) })}</span>
            ${s.reason ? html`<span class="small">${t(`liveness.reason.${s.reason}`)}</span>` : null}
            <span class="small" aria-hidden="true">${t('liveness.lockedLeft', { s: Math.ceil(s.remainingMs / 1000) })}</span></div></div>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-liveness-prompt': LivenessPrompt;
  }
}
