import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { backupFileName, exportBackup, importBackup, inspectBackup, isDbError, type BackupInfo, type DbErrorCode, type ImportMode } from '../../db';
import { startModelUpgrade } from '../../app/model-upgrade';
import { describeError } from '../../app/describe-error';
import { getDb, loadSettings } from '../../app/services';
import { LocaleController, formatTime, getLocale, registerStrings, t, tn, type MessageKey } from '../../app/i18n';
import { backupStrings } from './strings';
import { confirmDialog } from '../../app/ui/confirm-dialog';
import '../../app/ui/drop-zone';

registerStrings(backupStrings);

/** The DbError codes whose description says all (a refused file, a cancel, a full disk: each says nothing was changed). */
const SAYS_ALL: readonly DbErrorCode[] = [
  'not-a-backup', 'backup-version', 'backup-truncated', 'backup-corrupt', 'backup-passphrase', 'backup-model',
  'backup-too-large', 'backup-too-many', 'backup-time', 'backup-too-long', 'backup-image', 'backup-name', 'aborted', 'quota',
];

/** What the user reads when an import fails or a file is refused. */
function importError(err: unknown): string {
  return SAYS_ALL.some((c) => isDbError(err, c)) ? describeError(err) : t('backup.err.other', { error: describeError(err) });
}

/** A file size such as "12 kB" or "3.4 MB", in the current language. */
function formatSize(bytes: number): string {
  const [value, unit] = bytes < 1e6 ? [Math.max(1, Math.round(bytes / 1e3)), 'kilobyte'] : [Math.round(bytes / 1e5) / 10, 'megabyte'];
  return new Intl.NumberFormat(getLocale(), { style: 'unit', unit }).format(value);
}

type Message = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Export (optionally with the log and a passphrase) and import (merge or replace) of the
 * gallery, with progress and cancel. The file logic is in src/db/backup.ts.
 */
@customElement('visage-backup-panel')
export class BackupPanel extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.75rem; }
    p { margin: 0; }
    fieldset { display: grid; gap: 0.75rem; margin: 0; padding: 0.75rem 1rem 1rem; border: 1px solid var(--v-border); border-radius: var(--wa-border-radius-l, 0.75rem); }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .error { color: var(--v-danger); }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .progress { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 0.25rem 1rem; }
    .progress wa-button { grid-row: 1 / span 2; grid-column: 2; }
    [data-exported] a { color: inherit; font-weight: 600; }
  `;

  private readonly locale = new LocaleController(this);
  @state() private includeLog = false;
  @state() private exportPass = '';
  @state() private exportPass2 = '';
  @state() private exported: { url: string; file: string; size: number; encrypted: boolean } | null = null;
  @state() private exportMessage: Message = null;
  @state() private file: File | null = null;
  @state() private info: BackupInfo | null = null;
  @state() private importPass = '';
  @state() private mode: ImportMode = 'merge';
  @state() private confirming = false;
  @state() private importMessage: Message = null;
  /** The running export or import; total 0 until it is known. */
  @state() private job: { kind: 'export' | 'import'; done: number; total: number } | null = null;
  private abort: AbortController | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    if (this.exported) URL.revokeObjectURL(this.exported.url);
  }

  override render() {
    void this.locale;
    const busy = this.job !== null;
    const mismatch = this.passphraseMismatch();
    return html`<p>${t('backup.intro')}</p>
      <form @submit=${this.runExport} novalidate>
        <fieldset>
          <legend>${t('backup.export')}</legend>
          <wa-checkbox ?disabled=${busy} .checked=${this.includeLog} @change=${(e: Event) => (this.includeLog = (e.target as HTMLInputElement).checked)}>${t('backup.includeLog')}</wa-checkbox>
          <wa-input ?disabled=${busy} label=${t('backup.passphrase')} type="password" autocomplete="new-password" password-toggle .value=${this.exportPass} @input=${(e: Event) => (this.exportPass = (e.target as HTMLInputElement).value)}></wa-input>
          ${this.exportPass
            ? html`<wa-input ?disabled=${busy} label=${t('backup.passphraseAgain')} type="password" autocomplete="new-password" .value=${this.exportPass2} aria-invalid=${mismatch ? 'true' : 'false'} @input=${(e: Event) => (this.exportPass2 = (e.target as HTMLInputElement).value)}></wa-input>
                ${mismatch && this.exportPass2 ? html`<p class="error">${t('backup.passphraseMismatch')}</p>` : null}`
            : null}
          <div class="buttons"><wa-button type="submit" variant="brand" ?disabled=${mismatch || busy}><wa-icon slot="start" name="download"></wa-icon>${t('backup.exportButton')}</wa-button></div>
        </fieldset>
      </form>
      ${this.job?.kind === 'export' ? this.renderProgress('backup.exporting') : null}
      ${this.exported
        ? html`<wa-callout variant="success" role="status" data-exported
            ><wa-icon slot="icon" name="circle-check"></wa-icon>${t(this.exported.encrypted ? 'backup.exportedEncrypted' : 'backup.exported', { file: this.exported.file, size: formatSize(this.exported.size) })}
            <a href=${this.exported.url} download=${this.exported.file}>${t('backup.saveAgain')}</a></wa-callout
          >`
        : null}
      ${this.renderMessage(this.exportMessage, 'export')}
      <form @submit=${this.startImport} novalidate>
        <fieldset>
          <legend>${t('backup.import')}</legend>
          <visage-drop-zone label=${t('backup.file')} ?disabled=${busy} @files-chosen=${(e: CustomEvent<File[]>) => void this.chooseFile(e.detail[0] ?? null)}></visage-drop-zone>
          ${this.info ? html`<p data-info>${this.describe(this.info)}</p>` : null}
          ${this.info?.encrypted
            ? html`<wa-input ?disabled=${busy} label=${t('backup.importPassphrase')} type="password" autocomplete="current-password" password-toggle .value=${this.importPass} @input=${(e: Event) => (this.importPass = (e.target as HTMLInputElement).value)}></wa-input>`
            : null}
          <wa-radio-group label=${t('backup.mode')} name="mode" .value=${this.mode} @change=${(e: Event) => (this.mode = (e.target as HTMLInputElement).value as ImportMode)}>
            ${(['merge', 'replace'] as const).map((m) => html`<wa-radio value=${m} ?disabled=${busy}>${t(`backup.${m}`)}</wa-radio>`)}
          </wa-radio-group>
          <div class="buttons">
            <wa-button type="submit" variant="brand" ?disabled=${busy || !this.info || (this.info.encrypted && !this.importPass)}><wa-icon slot="start" name="file-import"></wa-icon>${t('backup.importButton')}</wa-button>
          </div>
        </fieldset>
      </form>
      ${this.job?.kind === 'import' ? this.renderProgress(this.job.total ? 'backup.importing' : 'backup.reading') : null}
      ${this.renderMessage(this.importMessage, 'import')}
      ${this.confirming
        ? confirmDialog({ question: t('backup.confirmReplace'), confirmLabel: t('backup.replaceButton'), onConfirm: () => this.confirmReplace(), onCancel: () => (this.confirming = false) })
        : null}`;
  }

  private renderProgress(key: MessageKey) {
    const { done, total } = this.job!;
    return html`<div class="progress" role="status" data-progress>
      <wa-progress-bar label=${t(key, { done, total })} value=${total ? (100 * done) / total : 0} ?indeterminate=${!total}></wa-progress-bar>
      <span>${t(key, { done, total })}</span>
      <wa-button appearance="outlined" @click=${() => this.abort?.abort()}>${t('common.cancel')}</wa-button>
    </div>`;
  }

  private renderMessage(m: Message, part: 'export' | 'import') {
    if (!m) return null;
    return html`<wa-callout variant=${m.kind === 'ok' ? 'success' : 'danger'} role=${m.kind === 'ok' ? 'status' : 'alert'} data-message=${part}
      ><wa-icon slot="icon" name=${m.kind === 'ok' ? 'circle-check' : 'circle-exclamation'}></wa-icon>${m.text}</wa-callout
    >`;
  }

  /** The repeated passphrase differs (only asked for once a passphrase is typed). */
  private passphraseMismatch(): boolean {
    return this.exportPass !== '' && this.exportPass !== this.exportPass2;
  }

  private describe(info: BackupInfo): string {
    const date = formatTime(info.createdAt);
    if (!info.summary) return t('backup.infoEncrypted', { date });
    const { counts, includesLog } = info.summary;
    const people = tn('backup.people', counts.people);
    const samples = tn('backup.samples', counts.templates);
    return includesLog ? t('backup.info', { date, people, samples, log: tn('backup.logEntries', counts.log) }) : t('backup.infoNoLog', { date, people, samples });
  }

  /** Runs `work` as the current job: progress shown, cancellable. */
  private async asJob<T>(kind: 'export' | 'import', work: (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
    const abort = (this.abort = new AbortController());
    this.job = { kind, done: 0, total: 0 };
    try {
      return await work(abort.signal, (done, total) => (this.job = { kind, done, total }));
    } finally {
      this.job = null;
      this.abort = null;
    }
  }

  private async runExport(e: Event): Promise<void> {
    e.preventDefault();
    if (this.job || this.passphraseMismatch()) return;
    this.exportMessage = null;
    const passphrase = this.exportPass;
    try {
      const db = await getDb();
      const blob = await this.asJob('export', (signal, onProgress) => exportBackup(db, { includeLog: this.includeLog, passphrase, signal, onProgress }));
      if (this.exported) URL.revokeObjectURL(this.exported.url);
      this.exported = { url: URL.createObjectURL(blob), file: backupFileName(), size: blob.size, encrypted: !!passphrase };
      this.exportPass = this.exportPass2 = '';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLAnchorElement>('a[download]')?.click();
    } catch (err) {
      this.exportMessage = { kind: 'error', text: isDbError(err, 'aborted') ? t('backup.exportCancelled') : t('backup.exportFailed', { error: describeError(err) }) };
    }
  }

  private async chooseFile(file: File | null): Promise<void> {
    this.file = file;
    this.info = null;
    this.importPass = '';
    this.importMessage = null;
    if (!file) return;
    try {
      const info = await inspectBackup(file);
      // Another file may have been chosen meanwhile.
      if (this.file === file) this.info = info;
    } catch (err) {
      if (this.file === file) this.importMessage = { kind: 'error', text: importError(err) };
    }
  }

  private startImport(e: Event): void {
    e.preventDefault();
    if (this.mode === 'replace') this.confirming = true;
    else void this.runImport();
  }

  private confirmReplace(): void {
    this.confirming = false;
    void this.runImport();
  }

  private async runImport(): Promise<void> {
    const file = this.file;
    if (!file || this.job) return;
    this.importMessage = null;
    const { mode, importPass: passphrase } = this;
    try {
      const db = await getDb();
      // The log keeps the newest entries within the device's log limit (Settings).
      const { logLimit: maxLogEntries } = await loadSettings();
      const s = await this.asJob('import', (signal, onProgress) => importBackup(db, file, { mode, passphrase, signal, onProgress, maxLogEntries }));
      this.importPass = '';
      // Templates of an earlier face model (an older backup) are made again from their pictures.
      if (s.templates.added > 0) startModelUpgrade({ always: true });
      this.importMessage = {
        kind: 'ok',
        text: t('backup.imported', {
          peopleAdded: s.people.added, peopleUpdated: s.people.updated, peopleRemoved: s.people.removed,
          samplesAdded: s.templates.added, samplesRemoved: s.templates.removed, logAdded: s.log.added, logRemoved: s.log.removed,
        }),
      };
    } catch (err) {
      this.importMessage = { kind: 'error', text: importError(err) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-backup-panel': BackupPanel;
  }
}
