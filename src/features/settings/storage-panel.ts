import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, formatBytes, registerStrings, t } from '../../app/i18n';
import { pwaStrings } from '../pwa/strings';
import { requestPersistence, storageState, type StorageState } from '../pwa/pwa';

registerStrings(pwaStrings);

/** How much the app stores on the device, and whether the browser keeps it (with a button to ask). */
@customElement('visage-storage-panel')
export class StoragePanel extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 0.5rem;
      max-width: 32rem;
    }
    p {
      margin: 0;
    }
    wa-button {
      justify-self: start;
    }
  `;

  private readonly locale = new LocaleController(this);
  @state() private storage: StorageState | null = null;
  @state() private denied = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.storage = await storageState();
  }

  private async ask(): Promise<void> {
    this.denied = (await requestPersistence()) === false;
    await this.refresh();
  }

  override render() {
    void this.locale;
    const s = this.storage;
    if (!s) return null;
    const used =
      s.usage === null
        ? t('storage.unknown')
        : s.quota
          ? t('storage.used', { used: formatBytes(s.usage), quota: formatBytes(s.quota) })
          : t('storage.usedOnly', { used: formatBytes(s.usage) });
    const persisted = s.persisted === null ? 'unsupported' : s.persisted ? 'persisted' : 'notPersisted';
    return html`<p data-usage>${used}</p>
      <p data-persisted=${persisted}>${t(`storage.${persisted}`)}</p>
      ${s.persisted === false ? html`<wa-button @click=${this.ask}>${t('storage.ask')}</wa-button>` : null}
      ${this.denied ? html`<p role="status">${t('storage.denied')}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-storage-panel': StoragePanel;
  }
}
