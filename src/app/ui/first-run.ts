import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getDb } from '../services';
import { $galleryVersion, StoreController } from '../stores';
import { LocaleController, registerStrings, t } from '../i18n';
import { uiStrings } from './strings';

registerStrings(uiStrings);

/** Remembered on this device once the guide is closed (or someone is enrolled). */
const DONE_KEY = 'visage.firstRun.done';

function done(): boolean {
  try {
    return localStorage.getItem(DONE_KEY) === '1';
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(DONE_KEY, '1');
  } catch {
    // Not remembered: it shows again while nobody is enrolled.
  }
}

/**
 * The first visit's guide, in three steps: allow the camera, enrol a person, go live, each a link
 * to its place. Shown while nobody is enrolled and it has not been closed on this device.
 */
@customElement('visage-first-run')
export class FirstRun extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-bottom: 1rem;
    }
    section {
      display: grid;
      gap: 0.75rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    p {
      margin: 0;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75rem;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    }
    li {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: start;
      gap: 0.25rem 0.75rem;
      padding: 0.75rem;
      border-radius: var(--wa-border-radius-m, 0.5rem);
      background: color-mix(in srgb, var(--v-accent) 8%, transparent);
    }
    .n {
      grid-row: span 2;
      display: grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      border-radius: 50%;
      background: var(--v-accent);
      color: light-dark(#fff, #0d1b2a);
      font-weight: 700;
    }
    li a {
      color: var(--v-accent);
      font-weight: 600;
      display: inline-flex;
      align-items: center;
      min-height: 44px;
    }
    .close {
      justify-self: end;
    }
  `;

  @state() private show = false;

  constructor() {
    super();
    new LocaleController(this);
    new StoreController(this, $galleryVersion, () => void this.check());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.check();
  }

  private async check(): Promise<void> {
    if (done()) return void (this.show = false);
    try {
      const people = await (await getDb()).listPeople();
      if (people.length > 0) remember();
      this.show = people.length === 0;
    } catch {
      this.show = false;
    }
  }

  private close(): void {
    remember();
    this.show = false;
  }

  override render() {
    if (!this.show) return null;
    const steps = [
      ['camera', '#live', 'ui.firstRun.camera', 'ui.firstRun.camera.hint'],
      ['user-plus', '#enroll', 'ui.firstRun.enroll', 'ui.firstRun.enroll.hint'],
      ['video', '#live', 'ui.firstRun.live', 'ui.firstRun.live.hint'],
    ] as const;
    return html`<wa-card>
      <section aria-labelledby="first-run-title" data-testid="first-run">
        <h2 id="first-run-title">${t('ui.firstRun.title')}</h2>
        <p>${t('ui.firstRun.intro')}</p>
        <ol>
          ${steps.map(
            ([icon, href, label, hint], i) =>
              html`<li>
                <span class="n" aria-hidden="true">${i + 1}</span>
                <a href=${href}><wa-icon name=${icon}></wa-icon>&nbsp;${t(label)}</a>
                <span>${t(hint)}</span>
              </li>`,
          )}
        </ol>
        <wa-button class="close" appearance="outlined" @click=${this.close}>${t('ui.firstRun.close')}</wa-button>
      </section>
    </wa-card>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-first-run': FirstRun;
  }
}
