import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

export type PhotoSelectedEvent = CustomEvent<{ file: File }>;

/**
 * Lets a person choose a photo, by the file dialog or by dropping it on the element.
 * @fires visage-photo-selected - a file was chosen (not yet checked to be an image)
 */
@customElement('visage-photo-picker')
export class PhotoPicker extends LitElement {
  static override styles = css`
    label {
      display: block;
      border: 2px dashed color-mix(in srgb, currentColor 40%, transparent);
      border-radius: 0.75rem;
      padding: 1.5rem;
      text-align: center;
      cursor: pointer;
    }
    label[data-over] {
      border-color: currentColor;
    }
    input {
      display: block;
      margin: 0.5rem auto 0;
    }
  `;

  @property() label = 'Choose a photo, or drop one here';
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`<label
      @dragover=${this.onDragOver}
      @dragleave=${this.onDragLeave}
      @drop=${this.onDrop}
      >${this.label}<input type="file" accept="image/*" ?disabled=${this.disabled} @change=${this.onChange}
    /></label>`;
  }

  private emit(file: File | undefined): void {
    if (!file || this.disabled) return;
    this.dispatchEvent(new CustomEvent('visage-photo-selected', { detail: { file }, bubbles: true, composed: true }) satisfies PhotoSelectedEvent);
  }

  private onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.emit(input.files?.[0]);
    input.value = '';
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    (e.currentTarget as HTMLElement).dataset['over'] = '';
  }

  private onDragLeave(e: DragEvent): void {
    delete (e.currentTarget as HTMLElement).dataset['over'];
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    delete (e.currentTarget as HTMLElement).dataset['over'];
    this.emit(e.dataTransfer?.files[0]);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-photo-picker': PhotoPicker;
  }
  interface HTMLElementEventMap {
    'visage-photo-selected': PhotoSelectedEvent;
  }
}
