import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, t } from './i18n';
import { $kiosk, KIOSK_ROUTE, loadKiosk } from './kiosk';
import { StoreController } from './store-controller';
import './storage-banner';

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
      border-bottom-color: #1565c0;
      font-weight: 600;
    }
    /* Over the full-screen kiosk view. */
    visage-storage-banner.over {
      position: fixed;
      inset: 0 0.75rem auto;
      z-index: 5;
    }
  `;

  @state() private view: Route = viewFromHash(location.hash);
  /** False until the stored state is read: nothing is shown before it is known. */
  @state() private kioskKnown = false;
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
    // Without a database there is nothing a kiosk would protect: the views report the failure.
    void loadKiosk()
      .catch(() => undefined)
      .then(() => (this.kioskKnown = true));
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  override render() {
    if (!this.kioskKnown) return nothing;
    if (this.kiosk.value) return html`<visage-kiosk-view></visage-kiosk-view><visage-storage-banner class="over"></visage-storage-banner>`;
    return html`<header><h1>${t('app.title')}</h1><p>${t('app.tagline')}</p></header>
      <nav aria-label=${t('nav.label')}>
        ${VIEWS.map(
          (v) => html`<a href="#${v}" aria-current=${v === this.view ? 'page' : 'false'}>${t(`nav.${v}`)}</a>`,
        )}
      </nav>
      <visage-storage-banner></visage-storage-banner>
      <main>${this.renderView()}</main>`;
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
