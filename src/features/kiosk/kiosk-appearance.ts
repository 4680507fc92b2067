import { LitElement, css, html } from 'lit';
import '../../app/ui/drop-zone';
import { customElement, state } from 'lit/decorators.js';
import { formatBytes, LocaleController, registerStrings, t } from '../../app/i18n';
import { describeError } from '../../app/describe-error';
import { currentSettings, loadSettings, updateSettings, type Settings } from '../../app/services';
import { $settings, StoreController } from '../../app/stores';
import { kioskGreetingStrings } from './greeting-strings';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE, LogoError, prepareLogo } from './logo';

registerStrings(kioskGreetingStrings);

/** Longest site name kept (characters). */
const SITE_NAME_MAX = 60;

/**
 * The kiosk's appearance, in Settings' Kiosk section: the site's name and logo shown at the top
 * of the kiosk, and the spoken greeting (off by default). A bad logo file is refused with a
 * message in the UI language and the saved logo stays.
 */
@customElement('visage-kiosk-appearance')
export class KioskAppearance extends LitElement {
  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid var(--v-border); border-radius: 8px; padding: 0.75rem 1rem; margin: 0.5rem 0; display: grid; gap: 0.75rem; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    wa-input { max-width: 24rem; }
    visage-drop-zone { flex: 1 1 14rem; }
    .hint { color: var(--v-muted); font-size: 0.9em; margin: 0; }
    .logo { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
    .logo img { height: 4rem; width: auto; max-width: 12rem; object-fit: contain; border: 1px solid var(--v-border); border-radius: 6px; padding: 0.25rem; }
    [role='status'] { margin: 0; color: var(--v-ok); }
  `;

  @state() private error = '';
  @state() private message = '';
  private settings: Settings = currentSettings();

  constructor() {
    super();
    new LocaleController(this);
    new StoreController(this, $settings, () => (this.settings = currentSettings()));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadSettings().then((s) => ((this.settings = s), this.requestUpdate()), () => undefined);
  }

  /** Counts the changes asked for: a save that ends after a newer change does not clear what that one said. */
  private changes = 0;

  private async save(change: Partial<Settings>, message = '', asked = ++this.changes): Promise<void> {
    try {
      await updateSettings(change);
      if (asked === this.changes) Object.assign(this, { error: '', message });
    } catch (err) {
      Object.assign(this, { error: t('kiosk.appearance.error', { error: describeError(err) }), message: '' });
    }
  }

  private async onLogo(e: CustomEvent<File[]>): Promise<void> {
    const file = e.detail[0];
    if (!file) return;
    const asked = ++this.changes;
    try {
      await this.save({ siteLogo: await prepareLogo(file) }, t('kiosk.logo.saved'), asked);
    } catch (err) {
      const error = err instanceof LogoError ? t(`kiosk.logo.${err.problem}`, { file: file.name, size: formatBytes(LOGO_MAX_BYTES) }) : t('kiosk.appearance.error', { error: describeError(err) });
      Object.assign(this, { error, message: '' });
    }
  }

  private onName(e: Event): void {
    const value = (e.target as HTMLInputElement).value.trim().slice(0, SITE_NAME_MAX);
    if (value !== this.settings.siteName) void this.save({ siteName: value });
  }

  override render() {
    const s = this.settings;
    return html`<fieldset>
      <legend>${t('kiosk.appearance')}</legend>
      <wa-input label=${t('kiosk.siteName')} hint=${t('kiosk.siteName.hint')} maxlength=${SITE_NAME_MAX} .value=${s.siteName} @change=${this.onName}></wa-input>
      <div class="logo">
        ${s.siteLogo ? html`<img src=${s.siteLogo} alt=${t('kiosk.logo')} />` : null}
        <visage-drop-zone label=${t('kiosk.logoFile')} accept="image/png,image/jpeg,image/webp,image/gif" @files-chosen=${this.onLogo}></visage-drop-zone>
        ${s.siteLogo ? html`<wa-button appearance="outlined" @click=${() => void this.save({ siteLogo: '' })}>${t('kiosk.logo.remove')}</wa-button>` : null}
      </div>
      <p class="hint">${t('kiosk.logo.hint', { size: formatBytes(LOGO_MAX_BYTES), side: LOGO_MAX_SIDE })}</p>
      ${this.error ? html`<wa-callout variant="danger" role="alert">${this.error}</wa-callout>` : null}
      ${this.message ? html`<p role="status">${this.message}</p>` : null}
      <wa-switch .checked=${s.spokenGreeting} hint=${t('kiosk.spoken.hint')} @change=${(e: Event) => void this.save({ spokenGreeting: (e.target as HTMLInputElement).checked })}>${t('kiosk.spoken')}</wa-switch>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-kiosk-appearance': KioskAppearance;
  }
}
