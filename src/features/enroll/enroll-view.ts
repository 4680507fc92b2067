import { LitElement, css, html, svg } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MAX_NAME_LENGTH } from '../../db';
import type { FoundFace } from '../../ml/vision-api';
import { analysePhotos, enrollFromSamples, MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, releasePhotos, type AnalyseProgress, type PhotoResult } from './enroll';
import { BusyController } from '../../app/busy';
import '../../app/ui/drop-zone';
import { LocaleController, registerStrings, t, tn } from '../../app/i18n';
import { modelsLoading } from '../../app/models-loading';
import { describeError } from '../../app/describe-error';
import { enrollStrings } from './strings';
import './capture-enroll';

registerStrings(enrollStrings);

type Photo = Extract<PhotoResult, { ok: true }> & { chosen: number | null };
type Failed = Extract<PhotoResult, { ok: false }>;

/** A photo's own error, worded. */
function photoError(f: Failed): string {
  const file = f.file.name;
  switch (f.error) {
    case 'file-too-big':
      return t('enroll.err.file-too-big', { file, max: Math.round(MAX_PHOTO_BYTES / 1024 / 1024) });
    case 'too-many-pixels':
      return t('enroll.err.too-many-pixels', { file, max: Math.round(MAX_PHOTO_PIXELS / 1e6) });
    case 'failed':
      return t('enroll.err.failed', { file, error: describeError(f.cause) });
    default:
      return t(`enroll.err.${f.error}`, { file });
  }
}

/**
 * Enrols a person from photos: several files at once (dialog or drop), each shown with its faces
 * boxed; the user picks the person's face where a photo holds several.
 */
@customElement('visage-enroll-view')
export class EnrollView extends LitElement {
  static override styles = css`
    :host { display: block; }
    .progress { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 0.5rem 1rem; margin: 1rem 0; }
    .progress span { grid-column: 1; }
    .progress wa-button { grid-row: 1 / span 2; grid-column: 2; }
    .photos { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
    figure { margin: 0; position: relative; }
    .frame { position: relative; }
    .frame img, .frame svg { display: block; width: 100%; height: auto; }
    .frame svg { position: absolute; inset: 0; height: 100%; }
    rect { fill: transparent; stroke: #f9a825; stroke-width: 3; vector-effect: non-scaling-stroke; cursor: pointer; }
    rect.chosen { stroke: #2e7d32; stroke-width: 5; }
    .error, [role='alert'] { color: var(--v-danger); }
    ul.error { padding-left: 1.25rem; }
    figcaption { display: grid; gap: 0.5rem; padding-top: 0.5rem; }
    figcaption wa-button { justify-self: start; }
    form { display: flex; flex-wrap: wrap; align-items: end; gap: 0.75rem; margin: 1rem 0; }
    form wa-input { flex: 1 1 16rem; max-width: 28rem; }
    form [role='alert'] { flex-basis: 100%; margin: 0; }
    wa-callout { margin: 0.75rem 0; }
  `;

  private readonly locale = new LocaleController(this);
  @state() private photos: Photo[] = [];
  @state() private failed: Failed[] = [];
  @state() private progress: AnalyseProgress | null = null;
  @state() private name = '';
  @state() private nameError = '';
  @state() private message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() private busy = false;
  private abort: AbortController | null = null;
  // Photos being read or waiting to be saved: an app update must not reload them away.
  private readonly busyState = new BusyController(this, () => this.progress !== null || this.busy || this.photos.length > 0);

  override connectedCallback(): void {
    super.connectedCallback();
    // "#enroll?name=…" (People → Add samples) fills in the name.
    const name = new URLSearchParams(location.hash.split('?')[1] ?? '').get('name');
    if (name) this.name = name;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    releasePhotos(this.photos);
    this.photos = [];
  }

  override render() {
    void this.locale;
    void this.busyState;
    const analysing = this.progress !== null;
    return html`<h2>${t('enroll.title')}</h2>
      <visage-drop-zone
        label=${t('enroll.files')}
        title-text=${t('enroll.pick')}
        accept="image/*"
        multiple
        ?disabled=${analysing || this.busy}
        @files-chosen=${(e: CustomEvent<File[]>) => void this.add(e.detail)}
      ></visage-drop-zone>
      ${analysing
        ? html`<div class="progress" role="status">
            <wa-progress-bar value=${(100 * this.progress!.done) / Math.max(1, this.progress!.total)} label=${t('enroll.files')}></wa-progress-bar>
            <span>${this.progress!.loading ? modelsLoading(this.progress!.loading) : t('enroll.progress', { done: this.progress!.done, total: this.progress!.total })}</span>
            <wa-button appearance="outlined" @click=${() => this.abort?.abort()}>${t('common.cancel')}</wa-button>
          </div>`
        : null}
      ${this.failed.length ? html`<ul class="error" data-errors>${this.failed.map((f) => html`<li data-error=${f.error}>${photoError(f)}</li>`)}</ul>` : null}
      <div class="photos">${this.photos.map((p, i) => this.renderPhoto(p, i))}</div>
      <form @submit=${this.onSubmit} novalidate>
        <wa-input label=${t('enroll.name')} name="name" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} aria-invalid=${this.nameError ? 'true' : 'false'}></wa-input>
        <wa-button type="submit" variant="brand" ?disabled=${analysing || this.busy} ?loading=${this.busy}><wa-icon slot="start" name="user-plus"></wa-icon>${t('enroll.submit')}</wa-button>
        ${this.nameError ? html`<p role="alert" data-name-error>${this.nameError}</p>` : null}
      </form>
      ${this.message
        ? html`<wa-callout variant=${this.message.kind === 'ok' ? 'success' : 'danger'} role=${this.message.kind === 'ok' ? 'status' : 'alert'} data-message
            ><wa-icon slot="icon" name=${this.message.kind === 'ok' ? 'circle-check' : 'circle-exclamation'}></wa-icon>${this.message.text}</wa-callout
          >`
        : null}
      <visage-capture-enroll></visage-capture-enroll>`;
  }

  private renderPhoto(p: Photo, index: number) {
    const multi = p.faces.length > 1;
    return html`<figure data-photo=${p.file.name}>
      <div class="frame">
        <img src=${p.url} alt=${p.file.name} />
        <svg viewBox="0 0 ${p.width} ${p.height}" preserveAspectRatio="none" aria-hidden="true">
          ${p.faces.map((f, fi) => svg`<rect class=${p.chosen === fi ? 'chosen' : ''} x=${f.box.x} y=${f.box.y} width=${f.box.width} height=${f.box.height} @click=${() => this.choose(index, fi)}></rect>`)}
        </svg>
      </div>
      <figcaption>
        ${multi
          ? html`<wa-radio-group
              label=${t('enroll.pickFace')}
              orientation="horizontal"
              name="face-${index}"
              .value=${p.chosen === null ? null : String(p.chosen)}
              @change=${(e: Event) => this.choose(index, Number((e.target as HTMLInputElement).value))}
            >
              ${p.faces.map((_, fi) => html`<wa-radio value=${String(fi)}>${t('enroll.face', { n: fi + 1 })}</wa-radio>`)}
            </wa-radio-group>`
          : null}
        <wa-button size="small" appearance="outlined" @click=${() => this.removePhoto(index)}>${t('enroll.remove', { file: p.file.name })}</wa-button>
      </figcaption>
    </figure>`;
  }

  private choose(photo: number, face: number): void {
    this.photos = this.photos.map((p, i) => (i === photo ? { ...p, chosen: face } : p));
  }

  private removePhoto(index: number): void {
    const p = this.photos[index];
    if (p) releasePhotos([p]);
    this.photos = this.photos.filter((_, i) => i !== index);
  }

  private async add(files: File[]): Promise<void> {
    if (files.length === 0 || this.progress) return;
    this.message = null;
    const abort = (this.abort = new AbortController());
    this.progress = { done: 0, total: files.length };
    try {
      const results = await analysePhotos(files, (p) => (this.progress = p), abort.signal);
      this.photos = [...this.photos, ...results.filter((r) => r.ok).map((r) => ({ ...r, chosen: r.faces.length === 1 ? 0 : null }))];
      this.failed = [...this.failed, ...results.filter((r): r is Failed => !r.ok)];
    } catch (err) {
      const cancelled = err instanceof DOMException && err.name === 'AbortError';
      this.message = { kind: 'error', text: cancelled ? t('enroll.cancelled') : t('enroll.failed', { error: describeError(err) }) };
    } finally {
      this.progress = null;
      this.abort = null;
    }
  }

  private validName(): boolean {
    const clean = this.name.normalize('NFC').trim();
    this.nameError = !clean ? t('enroll.nameEmpty') : [...clean].length > MAX_NAME_LENGTH ? t('enroll.nameLong', { max: MAX_NAME_LENGTH }) : '';
    return !this.nameError;
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this.message = null;
    if (!this.validName()) return;
    const samples: FoundFace[] = this.photos.flatMap((p) => (p.chosen === null ? [] : [p.faces[p.chosen]!]));
    if (samples.length === 0) {
      this.message = { kind: 'error', text: t('enroll.noFaces') };
      return;
    }
    this.busy = true;
    const result = await enrollFromSamples(this.name, samples);
    this.busy = false;
    if (result.ok) {
      releasePhotos(this.photos);
      this.photos = [];
      this.failed = [];
      this.name = '';
      this.message = { kind: 'ok', text: tn(result.added ? 'enroll.added' : 'enroll.done', result.samples, { name: result.name }) };
    } else if (result.error === 'invalid-name') {
      this.nameError = describeError(result.cause);
    } else {
      this.message = { kind: 'error', text: result.error === 'quota' ? describeError(result.cause) : t('enroll.error', { error: describeError(result.cause) }) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-enroll-view': EnrollView;
  }
}
