import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { logToCsv, type LogQuery, type LogRecord, type PersonSummary } from '../../db';
import { getDb } from '../../app/services';
import { $galleryVersion, $logVersion, StoreController } from '../../app/stores';
import { LocaleController, formatTime, hasMessage, registerStrings, t } from '../../app/i18n';
import { describeError } from '../../app/describe-error';
import { livenessStrings } from '../liveness/strings';
import { logStrings } from './strings';
import { revokeThumbUrls, withThumbUrls, type WithThumbUrl } from '../../app/ui/thumb-urls';
import { confirmDialog } from '../../app/ui/confirm-dialog';
import { logStyles } from './log-view.styles';
import { emptyStateStyles } from '../../app/ui/empty-state.styles';
import { loadDevice, type DeviceIdentity } from '../../app/device';
import { ALL_DEVICES, deviceKey, filterByDevice, logDevices, type LogDevice } from './devices';
import { deviceLabel } from './device-filter';
import './device-filter';

/** The person filter's value for everyone (a Web Awesome option's value cannot be empty). */
const EVERYONE = 'everyone';

registerStrings(logStrings);
registerStrings(livenessStrings);

type Row = WithThumbUrl<LogRecord>;

/** Parses a `<input type=date>` value as local midnight (end = the day's last millisecond). */
function dayMs(value: string, end: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return end ? d.getTime() + 86_400_000 - 1 : d.getTime();
}

/** The recognition log, filtered by person, unknown faces and dates; CSV export; clear. Follows the log's changes. */
@customElement('visage-log-view')
export class LogView extends LitElement {
  static override styles = [logStyles, emptyStateStyles];

  private readonly locale = new LocaleController(this);
  /** The entries of the person and date filters, every device's. */
  private rows: Row[] = [];
  /** Those of the chosen device: the table's and the CSV's. */
  @state() private entries: Row[] = [];
  @state() private devices: LogDevice[] = [];
  @state() private device = ALL_DEVICES;
  @state() private self: DeviceIdentity | null = null;
  @state() private people: PersonSummary[] = [];
  @state() private personId = '';
  @state() private unknownOnly = false;
  @state() private from = '';
  @state() private to = '';
  @state() private confirming = false;
  @state() private error = '';

  constructor() {
    super();
    new StoreController(this, $logVersion, () => void this.load());
    new StoreController(this, $galleryVersion, () => void this.loadPeople());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPeople();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    revokeThumbUrls(this.rows);
  }

  private query(): LogQuery {
    const q: LogQuery = {};
    if (this.unknownOnly) q.unknownOnly = true;
    else if (this.personId) q.personId = this.personId;
    const from = dayMs(this.from, false);
    const to = dayMs(this.to, true);
    if (from !== undefined) q.from = from;
    if (to !== undefined) q.to = to;
    return q;
  }

  private async loadPeople(): Promise<void> {
    try {
      this.people = await (await getDb()).listPeople();
    } catch (err) {
      this.error = t('log.error', { error: describeError(err) });
    }
  }

  async load(): Promise<void> {
    try {
      const db = await getDb();
      const [rows, self] = await Promise.all([db.queryLog(this.query()), loadDevice(db)]);
      const old = this.rows;
      this.rows = withThumbUrls(rows);
      this.self = self;
      this.devices = logDevices(this.rows, self.id);
      // A device none of these entries came from is no choice any more.
      if (!this.devices.some((d) => d.key === this.device)) this.device = ALL_DEVICES;
      this.entries = filterByDevice(this.rows, this.device);
      revokeThumbUrls(old);
      this.error = '';
    } catch (err) {
      this.error = t('log.error', { error: describeError(err) });
    }
  }

  private set(key: 'personId' | 'from' | 'to') {
    return (e: Event) => {
      const value = (e.target as HTMLInputElement | HTMLSelectElement).value;
      if (key === 'personId') this.personId = value === EVERYONE ? '' : value;
      else if (key === 'from') this.from = value;
      else this.to = value;
      void this.load();
    };
  }

  override render() {
    void this.locale;
    const manyDevices = this.devices.length > 1;
    return html`<h2>${t('log.title')}</h2>
      <div class="filters">
        <wa-select label=${t('log.person')} .value=${this.personId || EVERYONE} ?disabled=${this.unknownOnly} @change=${this.set('personId')}>
          <wa-option value=${EVERYONE}>${t('log.everyone')}</wa-option>
          ${this.people.map((p) => html`<wa-option value=${p.id}>${p.name}</wa-option>`)}
        </wa-select>
        ${this.devices.length > 1
          ? html`<visage-log-device-filter
              .devices=${this.devices}
              .value=${this.device}
              .self=${this.self}
              @device-change=${(e: CustomEvent<string>) => {
                this.device = e.detail;
                this.entries = filterByDevice(this.rows, this.device);
              }}
            ></visage-log-device-filter>`
          : null}
        <wa-input type="date" label=${t('log.from')} .value=${this.from} @change=${this.set('from')}></wa-input>
        <wa-input type="date" label=${t('log.to')} .value=${this.to} @change=${this.set('to')}></wa-input>
        <wa-checkbox
          .checked=${this.unknownOnly}
          @change=${(e: Event) => {
            this.unknownOnly = (e.target as HTMLInputElement).checked;
            void this.load();
          }}
          >${t('log.unknownOnly')}</wa-checkbox
        >
        <div class="buttons">
          <wa-button appearance="outlined" @click=${this.exportCsv} ?disabled=${this.entries.length === 0}><wa-icon slot="start" name="download"></wa-icon>${t('log.export')}</wa-button>
          <wa-button appearance="outlined" variant="danger" @click=${() => (this.confirming = true)}><wa-icon slot="start" name="trash-can"></wa-icon>${t('log.clear')}</wa-button>
        </div>
      </div>
      ${this.error ? html`<wa-callout variant="danger" role="alert"><wa-icon slot="icon" name="circle-exclamation"></wa-icon>${this.error}</wa-callout>` : null}
      <p role="status" data-count>${t('log.count', { n: this.entries.length })}</p>
      ${this.entries.length === 0
        ? html`<div class="empty" data-empty>
            <wa-icon name="list-check"></wa-icon>
            <p class="lead">${t('log.empty')}</p><p>${t('log.empty.next')}</p>
            <wa-button variant="brand" href="#live"><wa-icon slot="start" name="video"></wa-icon>${t('log.empty.action')}</wa-button>
          </div>`
        : html`<div class="table"><table>
            <thead><tr><th>${t('log.col.time')}</th><th>${t('log.col.name')}</th><th>${t('log.col.similarity')}</th><th>${t('log.col.check')}</th><th>${t('log.col.face')}</th>${manyDevices ? html`<th>${t('log.col.device')}</th>` : null}</tr></thead>
            <tbody>${this.entries.map(
              (e) => html`<tr data-entry>
                <td>${formatTime(e.at)}</td>
                <td>${e.personId === null ? html`<wa-tag size="small" variant="warning">${t('common.unknown')}</wa-tag>` : (e.name ?? t('common.unknown'))}</td>
                <td>${Math.round(e.similarity * 100)}%</td>
                <td data-check=${[e.event ?? '', e.liveness ?? ''].join(' ').trim()}>${checkLabel(e)}</td>
                <td>${e.thumbUrl ? html`<img src=${e.thumbUrl} alt="" />` : null}</td>
                ${manyDevices ? html`<td data-device>${this.deviceOf(e)}</td>` : null}
              </tr>`,
            )}</tbody>
          </table></div>`}
      ${this.confirming
        ? confirmDialog({ question: t('log.confirmClear'), confirmLabel: t('common.delete'), onConfirm: () => void this.clear(), onCancel: () => (this.confirming = false) })
        : null}`;
  }

  private deviceOf(e: Pick<LogRecord, 'device' | 'deviceName'>): string {
    return deviceLabel({ key: deviceKey(e), name: e.deviceName ?? null }, this.self?.id ?? null, this.self?.name ?? null);
  }

  private exportCsv(): void {
    const blob = new Blob([logToCsv(this.entries, { bom: true })], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `visage-log-${new Date().toISOString().slice(0, 10)}.csv`;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async clear(): Promise<void> {
    this.confirming = false;
    try {
      await (await getDb()).clearLog();
    } catch (err) {
      this.error = t('log.error', { error: describeError(err) });
    }
  }
}

/** "Enrolled", "Liveness passed", "Liveness failed: why" (or several of them), empty for a plain recognition. */
function checkLabel(e: Pick<LogRecord, 'event' | 'liveness' | 'livenessReason'>): string {
  const parts: string[] = [];
  if (e.event === 'enrolled') parts.push(t('log.enrolled'));
  if (e.liveness === 'passed') parts.push(t('log.livenessPassed'));
  if (e.liveness === 'failed') parts.push(t('log.livenessFailed', { reason: e.livenessReason ? reasonText(e.livenessReason) : '' }));
  return parts.join(' · ');
}

/** A stored liveness reason in words (a reason this version does not know, as stored). */
function reasonText(reason: string): string {
  const key = `liveness.reason.${reason}`;
  return hasMessage(key) ? t(key) : reason;
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-log-view': LogView;
  }
}
