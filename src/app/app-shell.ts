import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { describeError } from './describe-error';
import { LocaleController, registerStrings, t } from './i18n';
import { errorStrings } from './error-strings';
import { $kiosk, $kioskState, KIOSK_ROUTE, loadKiosk } from './kiosk';
import { StoreController } from './store-controller';
import './storage-banner';
import './upgrade-banner';

registerStrings(errorStrings);

export const VIEWS = ['live', 'enroll', 'people', 'log', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];
/** A view, or #kiosk: the page that starts kiosk mode (not a tab). */
export type Route = ViewName | typeof KIOSK_ROUTE;

/** Which route the URL's hash names (#live, #enroll, …, #kiosk); Live by default. */
export function viewFromHash(hash: string): Route {
  const name = hash.replace(/^#/, '').split('?')[0] ?? '';
  return name === KIOSK_ROUTE || (VIEWS as readonly string[]).includes(name) ? (name as Route) : 'live';
}

/**
 * The app's frame: a header, the section tabs and the current view. The views are the
 * elements registered by main.ts; the shell only switches between them (by URL hash, so a
 * view can be linked and survives a reload). In kiosk mode it shows the kiosk view and nothing
 * else, whatever the hash says. Above the view, the storage banner (full, closed by another tab…).
 * It fails closed: until kiosk mode's state is read it shows only the storage banner (which says
 * when another tab blocks the database), and when the database cannot be opened, an error screen
 * with "Try again", never the tabs.
 */
@customElement('visage-app')
export class AppShell extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 72rem;
      margin: 0 auto;
      padding: 0.75rem;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 1rem;
    }
    h1 {
      margin: 0;
      font-size: 1.5rem;
    }
    header p {
      margin: 0;
      opacity: 0.7;
    }
    nav {
      display: flex;
      gap: 0.25rem;
      margin: 0.75rem 0;
      border-bottom: 1px solid color-mix(in srgb, currentColor 25%, transparent);
      overflow-x: auto;
    }
    nav a {
      padding: 0.5rem 0.9rem;
      color: inherit;
      text-decoration: none;
      border-bottom: 3px solid transparent;
      white-space: nowrap;
    }
    nav a[aria-current='page'] {
      border-bottom-color: var(--v-accent);
      font-weight: 600;
    }
    .start-error {
      max-width: 36rem;
      margin: 3rem auto;
      display: grid;
      gap: 0.75rem;
    }
    .start-error h1 {
      color: var(--v-danger);
    }
    .start-error p {
      margin: 0;
    }
    .start-error button {
      justify-self: start;
    }
    /* Over the full-screen kiosk view. */
    visage-storage-banner.over,
    visage-upgrade-banner.over {
      position: fixed;
      inset: 0 0.75rem auto;
      z-index: 5;
    }
  `;

  @state() private view: Route = viewFromHash(location.hash);
  /** Why kiosk mode's state could not be read at start (the database would not open). */
  @state() private startError: unknown = null;
  @state() private retrying = false;
  private readonly kioskState = new StoreController(this, $kioskState);
  private readonly onHash = () => (this.view = viewFromHash(location.hash));
  private readonly kiosk = new StoreController(this, $kiosk, (on) => {
    // Left at #kiosk, which would start it again: go where kiosk mode is started instead.
    if (!on && this.view === KIOSK_ROUTE) {
      location.replace('#settings');
      this.view = 'settings';
    }
  });

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
    // Without a database, whether kiosk mode is on cannot be known: the app stays locked.
    void this.readKiosk();
  }

  private async readKiosk(): Promise<void> {
    try {
      await loadKiosk();
      this.startError = null;
    } catch (err) {
      this.startError = err;
    }
  }

  private async retry(): Promise<void> {
    this.retrying = true;
    await this.readKiosk();
    this.retrying = false;
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  override render() {
    const state = this.kioskState.value;
    if (state === 'reading') return html`<visage-storage-banner></visage-storage-banner>`;
    if (state === 'failed') return this.renderStartError();
    if (this.kiosk.value) return html`<visage-kiosk-view></visage-kiosk-view><visage-storage-banner class="over"></visage-storage-banner><visage-upgrade-banner class="over"></visage-upgrade-banner>`;
    return html`<header><h1>${t('app.title')}</h1><p>${t('app.tagline')}</p></header>
      <nav aria-label=${t('nav.label')}>
        ${VIEWS.map(
          (v) => html`<a href="#${v}" aria-current=${v === this.view ? 'page' : 'false'}>${t(`nav.${v}`)}</a>`,
        )}
      </nav>
      <visage-storage-banner></visage-storage-banner>
      <visage-upgrade-banner></visage-upgrade-banner>
      <main>${this.renderView()}</main>`;
  }

  /** Locked: the database would not open, so neither kiosk mode nor the admin views can be trusted. */
  private renderStartError(): TemplateResult {
    return html`<section class="start-error" role="alert" aria-labelledby="start-error-title" data-testid="start-error">
      <h1 id="start-error-title">${t('startError.title')}</h1>
      <p>${describeError(this.startError)}</p>
      <p>${t('startError.locked')}</p>
      <button type="button" ?disabled=${this.retrying} @click=${this.retry}>${t('common.retry')}</button>
    </section>`;
  }

  private renderView(): TemplateResult {
    switch (this.view) {
      case 'live':
        return html`<visage-live-view></visage-live-view>`;
      case 'enroll':
        return html`<visage-enroll-view></visage-enroll-view>`;
      case 'people':
        return html`<visage-people-view></visage-people-view>`;
      case 'log':
        return html`<visage-log-view></visage-log-view>`;
      case 'settings':
        return html`<visage-settings-view></visage-settings-view>`;
      case KIOSK_ROUTE:
        return html`<visage-kiosk-panel autostart></visage-kiosk-panel>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-app': AppShell;
  }
}
