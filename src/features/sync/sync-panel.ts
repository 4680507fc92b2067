import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, formatTime, registerStrings, t, tn } from '../../app/i18n';
import { StoreController } from '../../app/stores';
import { confirmDialog } from '../../app/ui/confirm-dialog';
import { describeSyncError } from './describe';
import { $syncStatus, cancelRound, setPaused, syncNow, type SyncStatus } from './sync-controller';
import { turnOff, type Applied } from './sync-actions';
import type { SetupMode } from './sync-setup';
import './sync-add-device';
import './sync-setup';
import { syncStrings } from './strings';

registerStrings(syncStrings);

/**
 * Settings → Sync: off by default; "Create a new site" or "Join with a pairing code"; once on,
 * the status (last sync, changes waiting, conflicts resolved, the error in words, progress with
 * cancel), sync now, pause and resume, change the connection, add a device, turn sync off.
 */
@customElement('visage-sync-panel')
export class SyncPanel extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.75rem; max-width: 40rem; }
    .buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    ul { margin: 0; padding-left: 1.2rem; }
    .progress { display: grid; grid-template-columns: 1fr auto; gap: 0.25rem 0.75rem; align-items: center; }
    .progress wa-progress-bar { grid-column: 1 / -1; }
  `;

  private readonly locale = new LocaleController(this);
  private readonly status = new StoreController(this, $syncStatus);
  @state() private setup: SetupMode | null = null;
  @state() private reloading = false;
  @state() private confirming = false;

  override render() {
    void this.locale;
    const s = this.status.value;
    if (this.reloading) return html`<p role="status">${t('sync.reloading')}</p>`;
    return html`<p>${t('sync.intro')}</p>
      ${this.setup
        ? html`<visage-sync-setup .mode=${this.setup} @sync-applied=${this.applied} @sync-cancel=${() => (this.setup = null)}></visage-sync-setup>`
        : s.state === 'off'
          ? html`<div class="buttons">
              <wa-button variant="brand" @click=${() => (this.setup = 'create')}>${t('sync.create')}</wa-button>
              <wa-button appearance="outlined" @click=${() => (this.setup = 'join')}>${t('sync.join')}</wa-button>
            </div>`
          : this.renderOn(s)}
      ${this.confirming
        ? confirmDialog({ question: t('sync.turnOffConfirm'), confirmLabel: t('sync.turnOff'), onConfirm: () => void this.off(), onCancel: () => (this.confirming = false) })
        : null}`;
  }

  private renderOn(s: SyncStatus) {
    return html`<section aria-label=${t('sync.status')}>
        <div role="status" data-sync-status=${s.state}>
          <p>${s.state === 'error' ? '' : t(`sync.state.${s.state}`)} ${s.config ? html`<small>${s.config.server} · ${s.config.database}</small>` : null}</p>
          <ul>
            <li>${s.lastSyncAt ? t('sync.lastSync', { time: formatTime(s.lastSyncAt) }) : t('sync.never')}</li>
            ${s.pending ? html`<li>${tn('sync.pending', s.pending)}</li>` : null}
            ${s.conflictsResolved ? html`<li>${tn('sync.conflicts', s.conflictsResolved)}</li>` : null}
            ${s.lastImported ? html`<li>${tn('sync.imported', s.lastImported)}</li>` : null}
            ${s.otherModel ? html`<li>${tn('sync.otherModel', s.otherModel)}</li>` : null}
          </ul>
          ${s.cancelled ? html`<p>${t('sync.cancelled')}</p>` : null}
        </div>
        ${s.state === 'running' ? this.renderProgress(s) : null}
        ${s.state === 'error' && s.error ? html`<wa-callout variant="danger" role="alert">${s.error.code === 'csp' ? t('sync.cspWait') : t('sync.state.error', { error: describeSyncError(s.error) })}</wa-callout>` : null}
      </section>
      <div class="buttons">
        <wa-button variant="brand" ?disabled=${s.state === 'running' || s.state === 'paused'} @click=${() => void syncNow()}>${t('sync.now')}</wa-button>
        <wa-button appearance="outlined" @click=${() => void setPaused(s.state !== 'paused')}>${t(s.state === 'paused' ? 'sync.resume' : 'sync.pause')}</wa-button>
        <wa-button appearance="outlined" @click=${() => (this.setup = 'edit')}>${t('sync.edit')}</wa-button>
        <wa-button appearance="outlined" variant="danger" @click=${() => (this.confirming = true)}>${t('sync.turnOff')}</wa-button>
      </div>
      <visage-sync-add-device></visage-sync-add-device>`;
  }

  private renderProgress(s: SyncStatus) {
    const p = s.progress;
    const counted = p?.pending !== undefined && (p.step === 'export' || p.step === 'pull' || p.step === 'import');
    const text = !p ? t('sync.state.running') : counted ? t(`sync.step.${p.step as 'export' | 'pull' | 'import'}Of`, { done: p.done, total: p.done + p.pending! }) : t(`sync.step.${p.step}`, { done: p.done });
    const total = counted ? p!.done + p!.pending! : 0;
    return html`<div data-sync-progress class="progress">
      ${total ? html`<wa-progress-bar value=${(100 * p!.done) / total} label=${text}></wa-progress-bar>` : html`<wa-progress-bar indeterminate label=${text}></wa-progress-bar>`}
      <span>${text}</span>
      <wa-button size="small" appearance="outlined" @click=${cancelRound}>${t('sync.cancel')}</wa-button>
    </div>`;
  }

  private applied(e: CustomEvent<Applied>): void {
    this.setup = null;
    if (e.detail === 'reload') {
      this.reloading = true;
      location.reload();
    }
  }

  private async off(): Promise<void> {
    this.confirming = false;
    await turnOff();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-sync-panel': SyncPanel;
  }
}
