import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MAX_NAME_LENGTH, isDbError, type PersonSummary } from '../../db';
import { getDb } from '../../app/services';
import { describeError } from '../../app/describe-error';
import { $galleryVersion, StoreController } from '../../app/stores';
import { LocaleController, formatTime, getLocale, registerStrings, t, tn } from '../../app/i18n';
import { peopleStrings } from './strings';
import { revokeThumbUrls, withThumbUrls, type WithThumbUrl } from '../../app/ui/thumb-urls';
import { confirmDialog, showDialogs } from '../../app/ui/confirm-dialog';
import './consent-form';

registerStrings(peopleStrings);

type Row = WithThumbUrl<PersonSummary>;

/**
 * The enrolled people: search, rename inline, the consent note, delete (or erase everything about
 * a person) after a confirmation; follows changes to them.
 */
@customElement('visage-people-view')
export class PeopleView extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { list-style: none; padding: 0; }
    li { display: flex; align-items: center; gap: 0.75rem; padding: 0.5rem 0; border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent); }
    img, .blank { width: 56px; height: 56px; border-radius: 0.5rem; object-fit: cover; background: #8883; }
    .info { flex: 1; min-width: 0; }
    .name { font-weight: 600; overflow-wrap: anywhere; }
    [data-consent] { font-size: 0.85em; opacity: 0.8; overflow-wrap: anywhere; }
    [role='alert'] { color: var(--v-danger); }
    .empty { padding: 1rem; border: 1px dashed var(--v-border); border-radius: 8px; }
    .empty p { margin: 0 0 0.5rem; }
    .empty a { display: inline-block; padding: 0.6rem 1rem; min-height: 44px; box-sizing: border-box; border-radius: 6px; background: var(--v-accent); color: light-dark(#fff, #0d1b2a); text-decoration: none; font-weight: 600; }
  `;

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

  override updated(): void {
    showDialogs(this.renderRoot);
  }

  override render() {
    void this.locale;
    const q = this.query.trim().toLocaleLowerCase();
    const shown = q ? this.people.filter((p) => p.name.toLocaleLowerCase().includes(q)) : this.people;
    return html`<h2>${t('people.title')}</h2>
      <input type="search" aria-label=${t('people.search')} placeholder=${t('people.search')} .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
      ${this.error ? html`<p role="alert">${this.error}</p>` : null}
      ${shown.length === 0 && this.people.length ? html`<p>${t('people.noMatch', { query: this.query })}</p>` : null}
      ${this.people.length === 0
        ? html`<div class="empty" data-empty><p>${t('people.empty')}</p><p>${t('people.empty.next')}</p><a href="#enroll">${t('people.empty.action')}</a></div>`
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
              <input aria-label=${t('people.newName', { name: p.name })} .value=${this.editName} @input=${(e: Event) => (this.editName = (e.target as HTMLInputElement).value)} />
              <button type="submit">${t('common.save')}</button>
              <button type="button" @click=${() => (this.editing = null)}>${t('common.cancel')}</button>
              ${this.editError ? html`<p role="alert">${this.editError}</p>` : null}
            </form>`
          : html`<div class="name">${p.name}</div>`}
        <div><span data-samples>${tn('people.samples', p.sampleCount)}</span> · ${t('people.enrolled', { date: formatTime(p.createdAt) })}</div>
        <div data-consent>${p.consent ? t('people.consent', { ...p.consent, date: new Date(p.consent.when).toLocaleDateString(getLocale() === 'zh-Hans' ? 'zh-CN' : 'en') }) : t('people.noConsent')}</div>
        ${this.consentOf === p.id
          ? html`<visage-consent-form .personId=${p.id} .personName=${p.name} .consent=${p.consent} @done=${() => (this.consentOf = null)}></visage-consent-form>`
          : null}
      </div>
      ${editing
        ? null
        : html`<a href="#enroll?name=${encodeURIComponent(p.name)}" aria-label=${t('people.addSamples', { name: p.name })}>＋</a>
            <button type="button" aria-label=${t('people.rename', { name: p.name })} @click=${() => this.startRename(p)}>✎</button>
            <button type="button" aria-label=${t('people.consent.button', { name: p.name })} @click=${() => (this.consentOf = this.consentOf === p.id ? null : p.id)}>📝</button>
            <button type="button" aria-label=${t('people.delete', { name: p.name })} @click=${() => (this.confirming = { person: p, everything: false })}>🗑</button>
            <button type="button" aria-label=${t('people.erase', { name: p.name })} @click=${() => (this.confirming = { person: p, everything: true })}>⌫</button>`}
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
