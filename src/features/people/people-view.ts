import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MAX_NAME_LENGTH, isDbError, type PersonSummary } from '../../db';
import { getDb } from '../../app/services';
import { describeError } from '../../app/describe-error';
import { $galleryVersion, StoreController } from '../../app/stores';
import { LocaleController, formatTime, getLocale, registerStrings, t, tn } from '../../app/i18n';
import { peopleStrings } from './strings';
import { revokeThumbUrls, withThumbUrls, type WithThumbUrl } from '../../app/ui/thumb-urls';
import { confirmDialog } from '../../app/ui/confirm-dialog';
import './consent-form';
import { peopleStyles } from './people-view.styles';
import { emptyStateStyles } from '../../app/ui/empty-state.styles';

registerStrings(peopleStrings);

type Row = WithThumbUrl<PersonSummary>;

/**
 * The enrolled people: search, rename inline, the consent note, delete (or erase everything about
 * a person) after a confirmation; follows changes to them.
 */
@customElement('visage-people-view')
export class PeopleView extends LitElement {
  static override styles = [peopleStyles, emptyStateStyles];

  private readonly locale = new LocaleController(this);
  @state() private people: Row[] = [];
  @state() private query = '';
  @state() private editing: string | null = null;
  @state() private editName = '';
  @state() private editError = '';
  @state() private confirming: { person: Row; everything: boolean } | null = null;
  @state() private consentOf: string | null = null;
  @state() private error = '';

  constructor() {
    super();
    new StoreController(this, $galleryVersion, () => void this.load());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    revokeThumbUrls(this.people);
  }

  async load(): Promise<void> {
    try {
      const list = await (await getDb()).listPeople();
      const old = this.people;
      this.people = withThumbUrls(list);
      revokeThumbUrls(old);
      this.error = '';
    } catch (err) {
      this.error = t('people.loadError', { error: describeError(err) });
    }
  }

  override render() {
    void this.locale;
    const q = this.query.trim().toLocaleLowerCase();
    const shown = q ? this.people.filter((p) => p.name.toLocaleLowerCase().includes(q)) : this.people;
    return html`<h2>${t('people.title')}</h2>
      ${this.people.length
        ? html`<wa-input type="search" label=${t('people.search')} placeholder=${t('people.search')} with-clear .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
            ><wa-icon slot="start" name="magnifying-glass"></wa-icon
          ></wa-input>`
        : null}
      ${this.error ? html`<wa-callout variant="danger" role="alert"><wa-icon slot="icon" name="circle-exclamation"></wa-icon>${this.error}</wa-callout>` : null}
      ${shown.length === 0 && this.people.length ? html`<p>${t('people.noMatch', { query: this.query })}</p>` : null}
      ${this.people.length === 0
        ? html`<div class="empty" data-empty>
            <wa-icon name="users"></wa-icon>
            <p class="lead">${t('people.empty')}</p><p>${t('people.empty.next')}</p>
            <wa-button variant="brand" size="large" href="#enroll"><wa-icon slot="start" name="user-plus"></wa-icon>${t('people.empty.action')}</wa-button>
          </div>`
        : null}
      <ul>${shown.map((p) => this.renderRow(p))}</ul>
      ${this.confirming
        ? confirmDialog({
            question: t(this.confirming.everything ? 'people.confirmErase' : 'people.confirmDelete', { name: this.confirming.person.name }),
            confirmLabel: t(this.confirming.everything ? 'people.eraseAction' : 'common.delete'),
            onConfirm: () => void this.confirmDelete(),
            onCancel: () => (this.confirming = null),
          })
        : null}`;
  }

  private renderRow(p: Row) {
    const editing = this.editing === p.id;
    return html`<li data-person=${p.id}>
      ${p.thumbUrl ? html`<img src=${p.thumbUrl} alt="" />` : html`<span class="blank"></span>`}
      <div class="info">
        ${editing
          ? html`<form @submit=${(e: Event) => this.saveRename(e, p)} novalidate>
              <wa-input label=${t('people.newName', { name: p.name })} .value=${this.editName} @input=${(e: Event) => (this.editName = (e.target as HTMLInputElement).value)}></wa-input>
              <wa-button type="submit" variant="brand">${t('common.save')}</wa-button>
              <wa-button appearance="outlined" @click=${() => (this.editing = null)}>${t('common.cancel')}</wa-button>
              ${this.editError ? html`<p class="error" role="alert">${this.editError}</p>` : null}
            </form>`
          : html`<div class="name">${p.name}</div>`}
        <div class="meta"><wa-badge variant="neutral" appearance="filled-outlined" data-samples>${tn('people.samples', p.sampleCount)}</wa-badge> ${t('people.enrolled', { date: formatTime(p.createdAt) })}</div>
        <div data-consent>${p.consent ? t('people.consent', { ...p.consent, date: new Date(p.consent.when).toLocaleDateString(getLocale() === 'zh-Hans' ? 'zh-CN' : 'en') }) : t('people.noConsent')}</div>
        ${this.consentOf === p.id
          ? html`<visage-consent-form .personId=${p.id} .personName=${p.name} .consent=${p.consent} @done=${() => (this.consentOf = null)}></visage-consent-form>`
          : null}
      </div>
      ${editing
        ? null
        : html`<div class="actions">
            <wa-button appearance="plain" href="#enroll?name=${encodeURIComponent(p.name)}"><wa-icon name="plus" label=${t('people.addSamples', { name: p.name })}></wa-icon></wa-button>
            <wa-button appearance="plain" @click=${() => this.startRename(p)}><wa-icon name="pen" label=${t('people.rename', { name: p.name })}></wa-icon></wa-button>
            <wa-button appearance="plain" @click=${() => (this.consentOf = this.consentOf === p.id ? null : p.id)}
              ><wa-icon name="file-signature" label=${t('people.consent.button', { name: p.name })}></wa-icon
            ></wa-button>
            <wa-button appearance="plain" variant="danger" @click=${() => (this.confirming = { person: p, everything: false })}
              ><wa-icon name="trash-can" label=${t('people.delete', { name: p.name })}></wa-icon
            ></wa-button>
            <wa-button appearance="plain" variant="danger" @click=${() => (this.confirming = { person: p, everything: true })}
              ><wa-icon name="eraser" label=${t('people.erase', { name: p.name })}></wa-icon
            ></wa-button>
          </div>`}
    </li>`;
  }

  private startRename(p: Row): void {
    this.editing = p.id;
    this.editName = p.name;
    this.editError = '';
  }

  private async saveRename(e: Event, p: Row): Promise<void> {
    e.preventDefault();
    const clean = this.editName.normalize('NFC').trim();
    if (!clean) return void (this.editError = t('people.nameEmpty'));
    if ([...clean].length > MAX_NAME_LENGTH) return void (this.editError = t('people.nameLong', { max: MAX_NAME_LENGTH }));
    try {
      await (await getDb()).renamePerson(p.id, clean);
      this.editing = null;
    } catch (err) {
      this.editError = isDbError(err, 'quota') || isDbError(err, 'invalid-name') ? describeError(err) : t('people.error', { error: describeError(err) });
    }
  }

  private async confirmDelete(): Promise<void> {
    const c = this.confirming;
    this.confirming = null;
    if (!c) return;
    try {
      await (await getDb()).deletePerson(c.person.id, { everything: c.everything });
    } catch (err) {
      this.error = t('people.error', { error: describeError(err) });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-people-view': PeopleView;
  }
}
