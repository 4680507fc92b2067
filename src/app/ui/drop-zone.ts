import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, registerStrings, t } from '../i18n';
import { uiStrings } from './strings';

registerStrings(uiStrings);

/**
 * A file drop zone: files dragged onto it, or chosen with its button. The button is a real
 * <input type=file> (visually hidden, named by `label`) inside a <label>: one tab stop, opened
 * with Space or Enter, and what a test sets files on. Emits 'files-chosen' (CustomEvent<File[]>;
 * empty when a choice was cleared).
 */
@customElement('visage-drop-zone')
export class DropZone extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    label {
      display: grid;
      justify-items: center;
      gap: 0.5rem;
      padding: 1.25rem 1rem;
      text-align: center;
      border: 2px dashed var(--v-border);
      border-radius: var(--wa-border-radius-l, 0.75rem);
      cursor: pointer;
      background: color-mix(in srgb, var(--v-accent) 4%, transparent);
    }
    label[data-over],
    label:hover {
      border-color: var(--v-accent);
      background: color-mix(in srgb, var(--v-accent) 10%, transparent);
    }
    label:focus-within {
      outline: 3px solid var(--v-accent);
      outline-offset: 2px;
    }
    :host([disabled]) label {
      cursor: not-allowed;
      opacity: 0.6;
    }
    wa-icon {
      font-size: 2rem;
      color: var(--v-accent);
    }
    .title {
      font-weight: 600;
    }
    .hint {
      color: var(--v-muted);
    }
    .button {
      display: inline-flex;
      align-items: center;
      min-height: 44px;
      padding: 0 1.25rem;
      border-radius: var(--wa-border-radius-m, 0.5rem);
      background: var(--wa-color-brand-fill-loud, var(--v-accent));
      color: var(--wa-color-brand-on-loud, #fff);
      font-weight: 600;
    }
    input {
      position: absolute;
      width: 1px;
      height: 1px;
      opacity: 0;
      overflow: hidden;
    }
  `;

  /** The accessible name of the file input (and the zone's title unless `title-text` is set). */
  @property() label = '';
  /** A visible line above the button (what to drop). */
  @property({ attribute: 'title-text' }) titleText = '';
  @property() accept = '';
  @property({ type: Boolean }) multiple = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  @state() private over = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Files chosen; none when the file dialog's choice was cleared (not for an empty drop). */
  private emit(files: File[]): void {
    if (this.disabled) return;
    this.dispatchEvent(new CustomEvent<File[]>('files-chosen', { detail: files, bubbles: true, composed: true }));
  }

  private onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    this.emit(files);
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.over = !this.disabled;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) this.emit(this.multiple ? files : files.slice(0, 1));
  }

  override render() {
    return html`<label ?data-over=${this.over} @dragover=${this.onDragOver} @dragleave=${() => (this.over = false)} @drop=${this.onDrop}>
      <wa-icon name="upload"></wa-icon>
      <span class="title">${this.titleText || this.label}</span>
      <span class="hint">${t('ui.drop.hint')}</span>
      <span class="button" aria-hidden="true">${t('ui.drop.choose')}</span>
      <input type="file" aria-label=${this.label} accept=${this.accept} ?multiple=${this.multiple} ?disabled=${this.disabled} @change=${this.onChange} />
    </label>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-drop-zone': DropZone;
  }
  interface HTMLElementEventMap {
    'files-chosen': CustomEvent<File[]>;
  }
}
