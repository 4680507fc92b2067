import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../../app/i18n';
import { ALL_DEVICES, type LogDevice } from './devices';

/** A device's name in the UI: "unknown device", "<name> (this device)", its name, or its id's start when it has none. */
export function deviceLabel(d: Pick<LogDevice, 'key' | 'name'>, self: string | null, selfName: string | null): string {
  if (d.key === self) return t('log.thisDevice', { name: selfName ?? d.name ?? d.key.slice(0, 8) });
  if (d.name) return d.name;
  return d.key.length === 36 ? t('log.deviceId', { id: d.key.slice(0, 8) }) : t('log.unknownDevice');
}

/** The log's device filter: All devices, or one of `devices`. Fires `device-change` (detail: the value). */
@customElement('visage-log-device-filter')
export class LogDeviceFilter extends LitElement {
  static override styles = css`
    wa-select {
      min-width: 12rem;
    }
  `;

  private readonly locale = new LocaleController(this);
  @property({ attribute: false }) devices: LogDevice[] = [];
  /** ALL_DEVICES or a device's key. */
  @property() value = ALL_DEVICES;
  /** This device's id and current name. */
  @property({ attribute: false }) self: { id: string; name: string } | null = null;

  override render() {
    void this.locale;
    const self = this.self;
    return html`<wa-select
      label=${t('log.device')}
      .value=${this.value}
      @change=${(e: Event) => {
        e.stopPropagation();
        const value = (e.target as HTMLSelectElement).value;
        this.dispatchEvent(new CustomEvent<string>('device-change', { detail: value, bubbles: true, composed: true }));
      }}
    >
      <wa-option value=${ALL_DEVICES}>${t('log.allDevices')}</wa-option>
      ${this.devices.map((d) => html`<wa-option value=${d.key}>${deviceLabel(d, self?.id ?? null, self?.name ?? null)}</wa-option>`)}
    </wa-select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-log-device-filter': LogDeviceFilter;
  }
  interface HTMLElementEventMap {
    'device-change': CustomEvent<string>;
  }
}
