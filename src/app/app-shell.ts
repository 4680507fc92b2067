import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { describeError } from './describe-error';
import { LocaleController, registerStrings, t } from './i18n';
import { errorStrings } from './error-strings';
import { $kiosk, $kioskState, loadKiosk } from './kiosk';
import { KIOSK_ROUTE, VIEWS, viewFromHash, type Route, type ViewName } from './route';
import { StoreController } from './store-controller';
import { shellStyles } from './app-shell.styles';
import './storage-banner';
import './upgrade-banner';
import './ui/first-run';

registerStrings(errorStrings);

/** Each section's icon in the navigation (icons of ui/icons.ts). */
const NAV_ICONS: Readonly<Record<ViewName, string>> = { live: 'video', enroll: 'user-plus', people: 'users', log: 'list-check', settings: 'gear' };

/**
 * The app's frame: a header, the section navigation and the current view; the navigation is a
 * bar at the bottom on a phone, tabs under the header on a tablet and a rail on the left on a
 * desktop (app-shell.styles.ts). The views are the
 * elements registered by main.ts; the shell only switches between them (by URL hash, so a
 * view can be linked and survives a reload). In kiosk mode it shows the kiosk view and nothing
 * else, whatever the hash says. Above the view, the storage banner (full, closed by another tab…).
 * It fails closed: until kiosk mode's state is read it shows only the storage banner (which says
 * when another tab blocks the database), and when the database cannot be opened, an error screen
 * with "Try again", never the tabs.
 */
@customElement('visage-app')
export class AppShell extends LitElement {
  static override styles = shellStyles;

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
    return html`<div class="frame">
      <header>
        <img src="icons/icon.svg" alt="" width="32" height="32" />
        <h1>${t('app.title')}</h1>
        <p>${t('app.tagline')}</p>
      </header>
      <nav aria-label=${t('nav.label')}>
        ${VIEWS.map(
          (v) =>
            html`<a href="#${v}" aria-current=${v === this.view ? 'page' : 'false'}
              ><wa-icon name=${NAV_ICONS[v]} aria-hidden="true"></wa-icon><span>${t(`nav.${v}`)}</span></a
            >`,
        )}
      </nav>
      <div class="content">
        <visage-storage-banner></visage-storage-banner>
        <visage-upgrade-banner></visage-upgrade-banner>
        ${this.view === 'live' || this.view === 'enroll' ? html`<visage-first-run></visage-first-run>` : null}
        <main>${this.renderView()}</main>
      </div>
    </div>`;
  }

  /** Locked: the database would not open, so neither kiosk mode nor the admin views can be trusted. */
  private renderStartError(): TemplateResult {
    return html`<section class="start-error" role="alert" aria-labelledby="start-error-title" data-testid="start-error">
      <h1 id="start-error-title">${t('startError.title')}</h1>
      <p>${describeError(this.startError)}</p>
      <p>${t('startError.locked')}</p>
      <wa-button variant="brand" ?disabled=${this.retrying} ?loading=${this.retrying} @click=${this.retry}
        ><wa-icon slot="start" name="rotate-right" aria-hidden="true"></wa-icon>${t('common.retry')}</wa-button
      >
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
