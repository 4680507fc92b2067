import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { describeError } from './describe-error';
import { LocaleController, t } from './i18n';
import { $modelUpgrade, cancelModelUpgrade, dismissModelUpgrade, startModelUpgrade } from './model-upgrade';
import { StoreController } from './store-controller';

/**
 * The saved faces made again for a new face model (model-upgrade.ts), above every view: the
 * upgrade starts when the first banner of the page is mounted (the app opens), shows how far it is
 * and can be stopped (a later start goes on from there). Says nothing when there is nothing to do;
 * when it is over, says so once, and how many faces could not be made again (no readable picture:
 * enrol again). Every banner shows the one upgrade of the page (kiosk on and off mounts another).
 */
@customElement('visage-upgrade-banner')
export class UpgradeBanner extends LitElement {
  static override styles = css`
    :host { display: block; }
    wa-callout { margin: 0.5rem 0; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
    p { margin: 0; flex: 1 1 20rem; }
    wa-progress-bar { flex: 1 1 8rem; }
  `;

  private readonly locale = new LocaleController(this);
  private readonly upgrade = new StoreController(this, $modelUpgrade);
  private static started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (UpgradeBanner.started) return;
    UpgradeBanner.started = true;
    startModelUpgrade();
  }

  override render() {
    void this.locale;
    const phase = this.upgrade.value;
    const dismiss = html`<wa-button @click=${dismissModelUpgrade}>${t('upgrade.dismiss')}</wa-button>`;
    switch (phase.kind) {
      case 'idle':
        return null;
      case 'running':
        return html`<wa-callout variant="brand" role="status" data-phase="running"><div class="row">
          <p>${t('upgrade.running', { done: phase.done, total: phase.total })}</p>
          <wa-progress-bar value=${(100 * phase.done) / Math.max(1, phase.total)} label=${t('upgrade.progress')}></wa-progress-bar>
          <wa-button @click=${cancelModelUpgrade}>${t('common.cancel')}</wa-button>
        </div></wa-callout>`;
      case 'ended': {
        const { result } = phase;
        const left = result.withoutThumbnail + result.unreadable;
        const made = result.done - result.unreadable;
        const text = result.cancelled ? t('upgrade.cancelled', { done: result.done, total: result.total }) : made > 0 ? t('upgrade.done', { done: made }) : '';
        const parts = [text, left > 0 ? t('upgrade.left', { left }) : ''].filter(Boolean);
        return html`<wa-callout variant=${result.cancelled ? 'warning' : 'success'} role="status" data-phase=${result.cancelled ? 'cancelled' : 'done'}
          ><div class="row"><p>${parts.join(' ')}</p>${dismiss}</div></wa-callout
        >`;
      }
      case 'failed':
        return html`<wa-callout variant="danger" role="alert" data-phase="failed"
          ><div class="row"><p>${t('upgrade.failed', { error: describeError(phase.error) })}</p>${dismiss}</div></wa-callout
        >`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-upgrade-banner': UpgradeBanner;
  }
}
