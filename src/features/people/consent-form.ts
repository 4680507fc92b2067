import { LitElement, css, html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { customElement, property, state } from 'lit/decorators.js';
import { MAX_CONSENT_LENGTH, checkConsent, type Consent, type ConsentProblem } from '../../db';
import { getDb } from '../../app/services';
import { describeError } from '../../app/describe-error';
import { LocaleController, t, type MessageKey } from '../../app/i18n';

const PROBLEMS: Record<ConsentProblem, MessageKey> = {
  'who-empty': 'people.consent.whoEmpty',
  'who-long': 'people.consent.tooLong',
  'how-empty': 'people.consent.howEmpty',
  'how-long': 'people.consent.tooLong',
  'control-characters': 'people.consent.control',
  'bad-date': 'people.consent.badDate',
  'future-date': 'people.consent.futureDate',
};

/** 'YYYY-MM-DD' of a local day, for <input type=date>. */
const dayOf = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The local midnight of 'YYYY-MM-DD', or NaN. */
function parseDay(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getDate() === Number(m[3]) ? d.getTime() : Number.NaN;
}

/**
 * Edits one person's consent note (who gave it, when, how): Save checks it (the rules of
 * checkConsent) and stores it, Clear removes it; fires `done` when finished or cancelled.
 */
@customElement('visage-consent-form')
export class ConsentForm extends LitElement {
  static override styles = css`
    form { display: grid; gap: 0.75rem; max-width: 26rem; margin: 0.5rem 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    [role='alert'] { color: var(--v-danger); margin: 0; }
  `;

  private readonly locale = new LocaleController(this);
  @property({ attribute: false }) personId = '';
  @property({ attribute: false }) personName = '';
  @property({ attribute: false }) consent: Consent | undefined;
  @state() private who = '';
  @state() private when = '';
  @state() private how = '';
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.who = this.consent?.who ?? '';
    this.when = dayOf(this.consent?.when ?? Date.now());
    this.how = this.consent?.how ?? '';
  }

  override render() {
    void this.locale;
    const field = (label: MessageKey, value: string, set: (v: string) => void, type = 'text') =>
      html`<wa-input
        type=${type}
        label=${t(label)}
        .value=${value}
        maxlength=${ifDefined(type === 'text' ? MAX_CONSENT_LENGTH * 2 : undefined)}
        max=${ifDefined(type === 'date' ? dayOf(Date.now()) : undefined)}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      ></wa-input>`;
    return html`<form aria-label=${t('people.consent.edit', { name: this.personName })} @submit=${(e: Event) => void this.save(e)} novalidate>
      ${field('people.consent.who', this.who, (v) => (this.who = v))}
      ${field('people.consent.when', this.when, (v) => (this.when = v), 'date')}
      ${field('people.consent.how', this.how, (v) => (this.how = v))}
      <div class="buttons">
        <wa-button type="submit" variant="brand">${t('common.save')}</wa-button>
        ${this.consent ? html`<wa-button @click=${() => void this.store(null)}>${t('people.consent.clear')}</wa-button>` : null}
        <wa-button @click=${() => this.finish()}>${t('common.cancel')}</wa-button>
      </div>
      ${this.error ? html`<p role="alert">${this.error}</p>` : null}
    </form>`;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const checked = checkConsent({ who: this.who, when: parseDay(this.when), how: this.how });
    if ('problem' in checked) return void (this.error = t(PROBLEMS[checked.problem], { max: MAX_CONSENT_LENGTH }));
    await this.store(checked.consent);
  }

  private async store(consent: Consent | null): Promise<void> {
    try {
      await (await getDb()).setConsent(this.personId, consent);
      this.finish();
    } catch (err) {
      this.error = t('people.error', { error: describeError(err) });
    }
  }

  private finish(): void {
    this.dispatchEvent(new CustomEvent('done'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-consent-form': ConsentForm;
  }
}
