import { LitElement, css, html } from 'lit';
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
import '../sync/sync-panel';
import './storage-panel';
import { settingsStrings } from './strings';

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
  static override styles = css`
    form {
      display: grid;
      gap: 0.9rem;
      max-width: 32rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    label.check {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .hint {
      font-size: 0.85em;
      opacity: 0.7;
    }
    fieldset {
      display: grid;
      gap: 0.5rem;
      border: 1px solid var(--v-border);
      border-radius: 6px;
    }
  `;

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
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <label>${t('settings.language')}
        <select @change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
          ${LOCALES.map((l) => html`<option value=${l} ?selected=${l === getLocale()}>${LANGUAGE_NAMES[l]}</option>`)}
        </select>
      </label>
      <label>${t('settings.theme')}
        <select @change=${(e: Event) => setTheme((e.target as HTMLSelectElement).value as Theme)}>
          ${THEMES.map((v) => html`<option value=${v} ?selected=${v === this.theme.value}>${t(THEME_LABELS[v])}</option>`)}
        </select>
      </label>
      <label>${t('settings.mode')}
        <select .value=${s.mode} @change=${(e: Event) => this.save({ mode: (e.target as HTMLSelectElement).value as Settings['mode'] })}>
          <option value="recognize" ?selected=${s.mode === 'recognize'}>${t('settings.mode.recognize')}</option>
          <option value="detect" ?selected=${s.mode === 'detect'}>${t('settings.mode.detect')}</option>
        </select>
      </label>
      <label class="check"><input type="checkbox" .checked=${s.autoThreshold}
          @change=${(e: Event) => this.save({ autoThreshold: (e.target as HTMLInputElement).checked })} />${t('settings.autoThreshold')}</label>
      <label>${t('settings.threshold')}
        <input type="number" min="0" max="1" step="0.01" ?disabled=${s.autoThreshold} data-threshold
          .value=${s.autoThreshold && this.people !== null ? thresholdForGallery(this.people).toFixed(3) : String(s.threshold)}
          @change=${(e: Event) => this.save({ threshold: this.number(e, 0, 1, DEFAULT_SETTINGS.threshold) })} />
        <span class="hint">${s.autoThreshold ? t('settings.autoThreshold.hint', { people: this.people ?? '…' }) : t('settings.threshold.hint', { value: DEFAULT_SETTINGS.threshold })}</span>
      </label>
      <label>${t('settings.recheck')}
        <input type="number" min="0.1" max="60" step="0.1" .value=${String(s.recheckMs / 1000)}
          @change=${(e: Event) => this.save({ recheckMs: Math.round(1000 * this.number(e, 0.1, 60, DEFAULT_SETTINGS.recheckMs / 1000)) })} />
        <span class="hint">${t('settings.recheck.hint')}</span>
      </label>
      <label>${t('settings.logInterval')}
        <input type="number" min="0" max="86400" step="1" .value=${String(s.logIntervalMs / 1000)}
          @change=${(e: Event) => this.save({ logIntervalMs: 1000 * this.number(e, 0, 86400, 30) })} />
      </label>
      <label>${t('settings.logLimit')}
        <input type="number" min="10" max=${MAX_LOG_ENTRIES} step="10" .value=${String(s.logLimit)}
          @change=${(e: Event) => this.save({ logLimit: Math.round(this.number(e, 10, MAX_LOG_ENTRIES, DEFAULT_SETTINGS.logLimit)) })} />
      </label>
      <fieldset data-retention>
        <legend>${t('settings.retention')}</legend>
        ${RETENTION_KEYS.map(
          ([key, label]) => html`<label>${t(label)}
            <input type="number" min="0" max=${MAX_RETENTION_DAYS} step="1" .value=${String(s[key])}
              @change=${(e: Event) => this.save({ [key]: this.days(e, DEFAULT_SETTINGS[key]) })} /></label>`,
        )}
        <span class="hint">${t('settings.retention.hint')}</span>
      </fieldset>
      <label class="check"><input type="checkbox" .checked=${s.warnBanner}
          @change=${(e: Event) => this.save({ warnBanner: (e.target as HTMLInputElement).checked })} />${t('settings.warnBanner')}</label>
      <label class="check"><input type="checkbox" .checked=${s.warnSound}
          @change=${(e: Event) => this.save({ warnSound: (e.target as HTMLInputElement).checked })} />${t('settings.warnSound')}</label>
      <fieldset data-liveness>
        <legend>${t('liveness.settings')}</legend>
        ${LIVENESS_KEYS.map(
          (key) => html`<label class="check"><input type="checkbox" .checked=${s[key]}
              @change=${(e: Event) => this.save({ [key]: (e.target as HTMLInputElement).checked })} />${t(LIVENESS_LABELS[key])}</label>`,
        )}
        <span class="hint">${t('liveness.settings.hint')}</span>
      </fieldset>
      ${this.error ? html`<p role="alert">${this.error}</p>` : null}
    </form>
    <section><h2>${t('kiosk.title')}</h2><visage-kiosk-panel></visage-kiosk-panel></section>
    <section><h2>${t('backup.title')}</h2><visage-backup-panel></visage-backup-panel></section>
    <section><h2>${t('sync.title')}</h2><visage-sync-panel></visage-sync-panel></section>
    <section><h2>${t('storage.title')}</h2><visage-storage-panel></visage-storage-panel></section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-settings-view': SettingsView;
  }
}
