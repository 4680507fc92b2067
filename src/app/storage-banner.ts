import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { onStorageProblem, type StorageProblem } from '../db';
import { errorStrings } from './error-strings';
import { LocaleController, registerStrings, t, type MessageKey } from './i18n';

registerStrings(errorStrings);

const TEXT: Record<StorageProblem, MessageKey> = {
  quota: 'storageProblem.quota',
  blocked: 'storageProblem.blocked',
  closed: 'storageProblem.closed',
  newer: 'storageProblem.newer',
  lost: 'storageProblem.lost',
  unavailable: 'storageProblem.unavailable',
};

/** The problems a reload of the page mends. */
const RELOAD: readonly StorageProblem[] = ['closed', 'newer', 'lost'];

/**
 * The app's one word on the storage itself, in the shell above every view: full, closed by another
 * tab, cleared under the app, refused. The data layer reports these (src/db/storage-status.ts)
 * whichever view was writing; the views still say what their own action lost ("nothing was
 * saved"), this says what to do. Shown once per problem: dismissed, it stays away until another
 * problem comes (or the same one again after it was over).
 */
@customElement('visage-storage-banner')
export class StorageBanner extends LitElement {
  static override styles = css`
    :host { display: block; }
    wa-callout { margin: 0.5rem 0; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
    p { margin: 0; flex: 1 1 20rem; }
  `;

  private readonly locale = new LocaleController(this);
  @state() private problem: StorageProblem | null = null;
  @state() private dismissed: StorageProblem | null = null;
  private unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = onStorageProblem((problem) => {
      this.problem = problem;
      if (problem !== this.dismissed) this.dismissed = null;
    });
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    super.disconnectedCallback();
  }

  override render() {
    void this.locale;
    const problem = this.problem;
    if (!problem || problem === this.dismissed) return null;
    return html`<wa-callout variant="danger" role="alert" data-problem=${problem}
      ><wa-icon slot="icon" name="triangle-exclamation"></wa-icon>
      <div class="row">
      <p>${t(TEXT[problem])}</p>
      ${RELOAD.includes(problem) ? html`<wa-button @click=${() => location.reload()}>${t('storageProblem.reload')}</wa-button>` : null}
      <wa-button @click=${() => (this.dismissed = problem)}>${t('storageProblem.dismiss')}</wa-button>
      </div>
    </wa-callout>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-storage-banner': StorageBanner;
  }
}
