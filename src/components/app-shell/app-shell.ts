import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController, t } from '../../app/i18n';

export const VIEWS = ['live', 'enroll', 'people', 'log', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

/** Which view the URL's hash names (#live, #enroll, …); Live by default. */
export function viewFromHash(hash: string): ViewName {
  const name = hash.replace(/^#/, '').split('?')[0] ?? '';
  return (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'live';
}

/**
 * The app's frame: a header, the section tabs and the current view. The views are the
 * elements registered by main.ts; the shell only switches between them (by URL hash, so a
 * view can be linked and survives a reload).
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
  `;

  @state() private view: ViewName = viewFromHash(location.hash);
  private readonly onHash = () => (this.view = viewFromHash(location.hash));

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  override render() {
    return html`<header><h1>${t('app.title')}</h1><p>${t('app.tagline')}</p></header>
      <nav aria-label=${t('nav.label')}>
        ${VIEWS.map(
          (v) => html`<a href="#${v}" aria-current=${v === this.view ? 'page' : 'false'}>${t(`nav.${v}`)}</a>`,
        )}
      </nav>
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
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-app': AppShell;
  }
}
