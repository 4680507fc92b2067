import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LOCALES, LocaleController, getLocale, registerStrings, setLocale, t, type Locale, type MessageKey } from '../../app/i18n';
import { describeError } from '../../app/describe-error';
import { livenessStrings } from '../liveness/strings';
import { pwaStrings } from '../pwa/strings';
import { DEFAULT_SETTINGS, MAX_RETENTION_DAYS, getDb, loadSettings, thresholdForGallery, updateSettings, type Settings } from '../../app/services';
import { $galleryVersion, $settings, StoreController } from '../../app/stores';
import { $theme, THEMES, setTheme, type Theme } from '../../app/theme';
import { MAX_LOG_ENTRIES } from '../../db/backup-limits';
import '../backup/backup-panel';
import '../kiosk/kiosk-panel';
import '../kiosk/kiosk-appearance';
import '../sync/sync-panel';
import './storage-panel';
import { settingsStrings } from './strings';
import { settingsStyles } from './settings-view.styles';

registerStrings(pwaStrings);
registerStrings(settingsStrings);
registerStrings(livenessStrings);

/** The liveness settings, each a checkbox. */
const LIVENESS_KEYS = ['livenessKiosk', 'livenessEnroll', 'livenessLive', 'livenessVertical'] as const;
const LIVENESS_LABELS: Record<(typeof LIVENESS_KEYS)[number], MessageKey> = {
  livenessKiosk: 'liveness.settings.kiosk',
  livenessEnroll: 'liveness.settings.enroll',
  livenessLive: 'liveness.settings.live',
  livenessVertical: 'liveness.settings.vertical',
};

/** The retention settings (days), each a number. */
const RETENTION_KEYS = [
  ['logRetentionDays', 'settings.retention.known'],
  ['logRetentionUnknownDays', 'settings.retention.unknown'],
] as const satisfies ReadonlyArray<readonly [keyof Settings, MessageKey]>;

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-Hans': '简体中文' };
const THEME_LABELS: Record<Theme, MessageKey> = { system: 'settings.theme.system', light: 'settings.theme.light', dark: 'settings.theme.dark' };

/** Threshold, mode, log interval and limit, warnings and language; each change is saved at once. */
@customElement('visage-settings-view')
export class SettingsView extends LitElement {
  static override styles = settingsStyles;

  /** The saved settings: this tab's changes and another tab's show alike. */
  private readonly settings = new StoreController(this, $settings);
  private readonly theme = new StoreController(this, $theme);
  @state() private error = '';
  /** Enrolled people, for the automatic threshold (null until counted). */
  @state() private people: number | null = null;
  private readonly onPeople = () =>
    void getDb()
      .then((db) => db.countPeople())
      .then((n) => (this.people = n), (err: unknown) => (this.error = describeError(err)));

  constructor() {
    super();
    new LocaleController(this);
    new StoreController(this, $galleryVersion, this.onPeople);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.onPeople();
    loadSettings().catch((err: unknown) => (this.error = describeError(err)));
  }

  private save(change: Partial<Settings>): void {
    updateSettings(change).catch((err: unknown) => (this.error = describeError(err)));
  }

  private number(e: Event, min: number, max: number, fallback: number): number {
    const v = Number((e.target as HTMLInputElement).value);
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
  }

  /** A retention period: whole days from 0 to MAX_RETENTION_DAYS; an emptied field is the default, not "no limit". */
  private days(e: Event, fallback: number): number {
    return (e.target as HTMLInputElement).value.trim() === '' ? fallback : Math.round(this.number(e, 0, MAX_RETENTION_DAYS, fallback));
  }

  override render() {
    const s = this.settings.value;
    const check = (key: 'autoThreshold' | 'warnBanner' | 'warnSound' | (typeof LIVENESS_KEYS)[number], label: MessageKey) =>
      html`<wa-checkbox .checked=${s[key]} @change=${(e: Event) => this.save({ [key]: (e.target as HTMLInputElement).checked })}>${t(label)}</wa-checkbox>`;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
        <wa-card>
          <h2 slot="header">${t('settings.section.general')}</h2>
          <wa-select label=${t('settings.language')} .value=${getLocale()} @change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
            ${LOCALES.map((l) => html`<wa-option value=${l} lang=${l}>${LANGUAGE_NAMES[l]}</wa-option>`)}
          </wa-select>
          <wa-select label=${t('settings.theme')} .value=${this.theme.value} @change=${(e: Event) => setTheme((e.target as HTMLSelectElement).value as Theme)}>
            ${THEMES.map((v) => html`<wa-option value=${v}>${t(THEME_LABELS[v])}</wa-option>`)}
          </wa-select>
          <wa-select label=${t('settings.mode')} .value=${s.mode} @change=${(e: Event) => this.save({ mode: (e.target as HTMLSelectElement).value as Settings['mode'] })}>
            <wa-option value="recognize">${t('settings.mode.recognize')}</wa-option>
            <wa-option value="detect">${t('settings.mode.detect')}</wa-option>
          </wa-select>
        </wa-card>
        <wa-card>
          <h2 slot="header">${t('settings.section.recognition')}</h2>
          ${check('autoThreshold', 'settings.autoThreshold')}
          <wa-input
            type="number"
            label=${t('settings.threshold')}
            hint=${s.autoThreshold ? t('settings.autoThreshold.hint', { people: this.people ?? '…' }) : t('settings.threshold.hint', { value: DEFAULT_SETTINGS.threshold })}
            min="0"
            max="1"
            step="0.01"
            ?disabled=${s.autoThreshold}
            .value=${s.autoThreshold && this.people !== null ? thresholdForGallery(this.people).toFixed(3) : String(s.threshold)}
            @change=${(e: Event) => this.save({ threshold: this.number(e, 0, 1, DEFAULT_SETTINGS.threshold) })}
          ></wa-input>
          <wa-input
            type="number"
            label=${t('settings.recheck')}
            hint=${t('settings.recheck.hint')}
            min="0.1"
            max="60"
            step="0.1"
            .value=${String(s.recheckMs / 1000)}
            @change=${(e: Event) => this.save({ recheckMs: Math.round(1000 * this.number(e, 0.1, 60, DEFAULT_SETTINGS.recheckMs / 1000)) })}
          ></wa-input>
        </wa-card>
        <wa-card data-retention>
          <h2 slot="header">${t('settings.section.log')}</h2>
          <wa-input type="number" label=${t('settings.logInterval')} min="0" max="86400" step="1" .value=${String(s.logIntervalMs / 1000)}
            @change=${(e: Event) => this.save({ logIntervalMs: 1000 * this.number(e, 0, 86400, 30) })}></wa-input>
          <wa-input type="number" label=${t('settings.logLimit')} min="10" max=${MAX_LOG_ENTRIES} step="10" .value=${String(s.logLimit)}
            @change=${(e: Event) => this.save({ logLimit: Math.round(this.number(e, 10, MAX_LOG_ENTRIES, DEFAULT_SETTINGS.logLimit)) })}></wa-input>
          <fieldset>
            <legend>${t('settings.retention')}</legend>
            ${RETENTION_KEYS.map(
              ([key, label]) => html`<wa-input type="number" label=${t(label)} min="0" max=${MAX_RETENTION_DAYS} step="1" .value=${String(s[key])}
                @change=${(e: Event) => this.save({ [key]: this.days(e, DEFAULT_SETTINGS[key]) })}></wa-input>`,
            )}
            <span class="hint">${t('settings.retention.hint')}</span>
          </fieldset>
        </wa-card>
        <wa-card>
          <h2 slot="header">${t('settings.section.alerts')}</h2>
          ${check('warnBanner', 'settings.warnBanner')} ${check('warnSound', 'settings.warnSound')}
        </wa-card>
        <wa-card data-liveness>
          <h2 slot="header">${t('liveness.settings')}</h2>
          ${LIVENESS_KEYS.map((key) => check(key, LIVENESS_LABELS[key]))}
          <span class="hint">${t('liveness.settings.hint')}</span>
        </wa-card>
        ${this.error ? html`<wa-callout class="wide" variant="danger" role="alert">${this.error}</wa-callout>` : null}
      </form>
      <div class="panels">
        <wa-card><h2 slot="header">${t('kiosk.title')}</h2><visage-kiosk-panel></visage-kiosk-panel><visage-kiosk-appearance></visage-kiosk-appearance></wa-card>
        <wa-card><h2 slot="header">${t('backup.title')}</h2><visage-backup-panel></visage-backup-panel></wa-card>
        <wa-card><h2 slot="header">${t('sync.title')}</h2><visage-sync-panel></visage-sync-panel></wa-card>
        <wa-card><h2 slot="header">${t('storage.title')}</h2><visage-storage-panel></visage-storage-panel></wa-card>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-settings-view': SettingsView;
  }
}
