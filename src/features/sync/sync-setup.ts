import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, registerStrings, t, type MessageKey } from '../../app/i18n';
import { loadConfig, loadDevice } from './config';
import { describeSyncError } from './describe';
import { connectionProblems, createSite, editConnection, joinSite, type Applied, type ConnectionInput, type FieldProblems } from './sync-actions';
import { syncStrings } from './strings';

registerStrings(syncStrings);

export type SetupMode = 'create' | 'join' | 'edit';

const FIELDS = [
  ['server', 'sync.server', 'url', 'url'],
  ['database', 'sync.database', 'text', 'off'],
  ['username', 'sync.username', 'text', 'username'],
  ['password', 'sync.password', 'password', 'current-password'],
  ['deviceName', 'sync.deviceName', 'text', 'off'],
] as const;

/**
 * The connection form of Settings → Sync: create a site, join one with a pairing code, or change
 * the connection. Checks every field and names each problem beside it; nothing is saved until all
 * are right. Emits 'sync-applied' (detail: Applied) once saved, 'sync-cancel' on cancel.
 */
@customElement('visage-sync-setup')
export class SyncSetup extends LitElement {
  static override styles = css`
    form { display: grid; gap: 0.6rem; }
    fieldset { display: grid; gap: 0.6rem; border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: 0.5rem; }
    .problem { color: var(--v-danger); margin: 0; }
    .buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    wa-textarea::part(textarea) { font-family: monospace; }
  `;

  private readonly locale = new LocaleController(this);
  @property() mode: SetupMode = 'create';
  @state() private input: ConnectionInput = { server: '', database: '', username: '', password: '', deviceName: '' };
  @state() private code = '';
  @state() private passphrase = '';
  @state() private problems: FieldProblems = {};
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void Promise.all([loadConfig(), loadDevice()]).then(([config, device]) => {
      this.input = {
        ...this.input,
        deviceName: this.input.deviceName || device.name,
        ...(config && this.mode === 'edit' ? { server: config.server, database: config.database, username: config.username, password: config.password } : {}),
      };
    });
  }

  override render() {
    void this.locale;
    const legend = t(this.mode === 'create' ? 'sync.create' : this.mode === 'join' ? 'sync.join' : 'sync.edit');
    const hint = this.mode === 'create' ? t('sync.createHint') : this.mode === 'join' ? t('sync.joinHint') : '';
    return html`<form @submit=${this.submit} novalidate>
      <fieldset>
        <legend>${legend}</legend>
        ${hint ? html`<p>${hint}</p>` : null}
        ${FIELDS.map(([field, label, type, autocomplete]) => this.field(field, label, type, autocomplete))}
        ${this.mode === 'join'
          ? html`<wa-textarea label=${t('sync.pairingCode')} rows="3" spellcheck="false" ?disabled=${this.busy} .value=${this.code} aria-invalid=${this.problems.code ? 'true' : 'false'}
                @input=${(e: Event) => (this.code = (e.target as HTMLTextAreaElement).value)}></wa-textarea>
              ${this.problem('code')}
              <wa-input label=${t('sync.pairingPass')} autocomplete="off" spellcheck="false" ?disabled=${this.busy} .value=${this.passphrase} aria-invalid=${this.problems.passphrase ? 'true' : 'false'}
                @input=${(e: Event) => (this.passphrase = (e.target as HTMLInputElement).value)}></wa-input>
              ${this.problem('passphrase')}`
          : null}
        ${this.error ? html`<wa-callout variant="danger" role="alert">${this.error}</wa-callout>` : null}
        <div class="buttons">
          <wa-button type="submit" variant="brand" ?loading=${this.busy} ?disabled=${this.busy}>${t(this.mode === 'join' ? 'sync.joinButton' : this.mode === 'create' ? 'sync.connect' : 'sync.save')}</wa-button>
          <wa-button appearance="outlined" ?disabled=${this.busy} @click=${() => this.dispatchEvent(new CustomEvent('sync-cancel', { bubbles: true, composed: true }))}>${t('common.cancel')}</wa-button>
        </div>
      </fieldset>
    </form>`;
  }

  private field(field: keyof ConnectionInput, label: MessageKey, type: string, autocomplete: string) {
    return html`<wa-input label=${t(label)} type=${type} autocomplete=${autocomplete} spellcheck="false" ?disabled=${this.busy} .value=${this.input[field]}
        ?password-toggle=${type === 'password'} aria-invalid=${this.problems[field] ? 'true' : 'false'}
        @input=${(e: Event) => (this.input = { ...this.input, [field]: (e.target as HTMLInputElement).value })}></wa-input>
      ${this.problem(field)}`;
  }

  private problem(field: keyof FieldProblems) {
    const key = this.problems[field];
    return key ? html`<p class="problem">${t(key)}</p>` : null;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const problems = connectionProblems(this.input);
    if (this.mode === 'join') {
      if (!this.code.trim()) problems.code = 'sync.bad.code';
      if (!this.passphrase.trim()) problems.passphrase = 'sync.bad.pass';
    }
    this.problems = problems;
    this.error = '';
    if (Object.keys(problems).length) return;
    this.busy = true;
    try {
      const applied: Applied =
        this.mode === 'create' ? await createSite(this.input) : this.mode === 'join' ? await joinSite(this.input, this.code, this.passphrase) : await editConnection(this.input);
      this.dispatchEvent(new CustomEvent<Applied>('sync-applied', { detail: applied, bubbles: true, composed: true }));
    } catch (err) {
      this.error = t('sync.failed', { error: describeSyncError(err) });
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-sync-setup': SyncSetup;
  }
  interface HTMLElementEventMap {
    'sync-applied': CustomEvent<Applied>;
    'sync-cancel': CustomEvent<void>;
  }
}
