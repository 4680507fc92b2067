import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { backupFileName, exportBackup, importBackup, inspectBackup, isDbError, type BackupInfo, type DbErrorCode, type ImportMode } from '../../db';
import { startModelUpgrade } from '../../app/model-upgrade';
import { describeError } from '../../app/describe-error';
import { getDb, loadSettings } from '../../app/services';
import { LocaleController, formatTime, getLocale, registerStrings, t, tn, type MessageKey } from '../../app/i18n';
import { backupStrings } from './strings';
import { confirmDialog } from '../../app/ui/confirm-dialog';

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
    :host { display: grid; gap: 0.75rem; max-width: 40rem; }
    fieldset { display: grid; gap: 0.6rem; border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: 0.5rem; }
    label { display: grid; gap: 0.25rem; }
    label.check { display: flex; gap: 0.5rem; align-items: baseline; }
    .error, [role='alert'] { color: var(--v-danger); }
    .ok { color: var(--v-ok); }
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
        <fieldset ?disabled=${busy}>
          <legend>${t('backup.export')}</legend>
          <label class="check"><input type="checkbox" .checked=${this.includeLog} @change=${(e: Event) => (this.includeLog = (e.target as HTMLInputElement).checked)} />${t('backup.includeLog')}</label>
          <label>${t('backup.passphrase')}<input type="password" autocomplete="new-password" .value=${this.exportPass} @input=${(e: Event) => (this.exportPass = (e.target as HTMLInputElement).value)} /></label>
          ${this.exportPass
            ? html`<label>${t('backup.passphraseAgain')}<input type="password" autocomplete="new-password" .value=${this.exportPass2} aria-invalid=${mismatch ? 'true' : 'false'} @input=${(e: Event) => (this.exportPass2 = (e.target as HTMLInputElement).value)} /></label>
                ${mismatch && this.exportPass2 ? html`<p class="error">${t('backup.passphraseMismatch')}</p>` : null}`
            : null}
          <div><button type="submit" ?disabled=${mismatch}>${t('backup.exportButton')}</button></div>
        </fieldset>
      </form>
      ${this.job?.kind === 'export' ? this.renderProgress('backup.exporting') : null}
      ${this.exported
        ? html`<p class="ok" role="status" data-exported>${t(this.exported.encrypted ? 'backup.exportedEncrypted' : 'backup.exported', { file: this.exported.file, size: formatSize(this.exported.size) })}
            <a href=${this.exported.url} download=${this.exported.file}>${t('backup.saveAgain')}</a></p>`
        : null}
      ${this.renderMessage(this.exportMessage, 'export')}
      <form @submit=${this.startImport} novalidate>
        <fieldset ?disabled=${busy}>
          <legend>${t('backup.import')}</legend>
          <label>${t('backup.file')}<input type="file" @change=${this.chooseFile} /></label>
          ${this.info ? html`<p data-info>${this.describe(this.info)}</p>` : null}
          ${this.info?.encrypted
            ? html`<label>${t('backup.importPassphrase')}<input type="password" autocomplete="current-password" .value=${this.importPass} @input=${(e: Event) => (this.importPass = (e.target as HTMLInputElement).value)} /></label>`
            : null}
          <div role="radiogroup" aria-label=${t('backup.mode')}>
            ${(['merge', 'replace'] as const).map(
              (m) => html`<label class="check"><input type="radio" name="mode" value=${m} .checked=${this.mode === m} @change=${() => (this.mode = m)} />${t(`backup.${m}`)}</label>`,
            )}
          </div>
          <div><button type="submit" ?disabled=${!this.info || (this.info.encrypted && !this.importPass)}>${t('backup.importButton')}</button></div>
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
    return html`<p role="status" data-progress>
      <progress max=${total || 1} value=${total ? done : nothing}></progress> ${t(key, { done, total })}
      <button type="button" @click=${() => this.abort?.abort()}>${t('common.cancel')}</button>
    </p>`;
  }

  private renderMessage(m: Message, part: 'export' | 'import') {
    if (!m) return null;
    return html`<p class=${m.kind} role=${m.kind === 'ok' ? 'status' : 'alert'} data-message=${part}>${m.text}</p>`;
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

  private async chooseFile(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0] ?? null;
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
