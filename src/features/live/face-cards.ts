import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { LocaleController, t } from '../../app/i18n';
import type { JudgedFace } from './judged';

/** Thumbnail size in CSS pixels (the canvas is drawn at twice that for sharp screens). */
const THUMB = 56;

/**
 * The "now" list as cards: each judged face with its thumbnail (an enrolled person's own one;
 * otherwise a crop of the current camera frame), its name or "Unknown" / "Checking…", and for a
 * named face the similarity in percent. A card's text reads as the overlay's label ("Sam 62%").
 * A face being checked or refused by the liveness check reads "Checking…", never a name.
 */
@customElement('visage-face-cards')
export class FaceCards extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); }
    li { display: flex; align-items: center; gap: 0.75rem; padding: 0.5rem; border: 1px solid var(--v-border); border-left-width: 4px; border-radius: 8px; background: var(--v-bg); min-height: 44px; }
    li.named { border-left-color: var(--v-known); }
    li.unknown { border-left-color: var(--v-unknown); }
    li.checking, li.refused { border-left-color: var(--v-checking); }
    img, canvas { width: ${THUMB}px; height: ${THUMB}px; border-radius: 6px; object-fit: cover; flex: none; background: var(--v-placeholder); }
    .text { display: flex; flex-direction: column; min-width: 0; }
    .name { font-weight: 600; overflow-wrap: anywhere; }
    .named .name { color: var(--v-known); }
    .unknown .name { color: var(--v-unknown); }
    .checking .name, .refused .name { color: var(--v-checking); }
    .sim { color: var(--v-muted); font-size: 0.9em; font-variant-numeric: tabular-nums; }
  `;

  @property({ attribute: false }) faces: readonly JudgedFace[] = [];
  /** Enrolled people's thumbnails by person id. */
  @property({ attribute: false }) thumbs: ReadonlyMap<string, string> = new Map();
  /** The list's accessible name (an element id in this root would not reach the host's heading). */
  @property() label = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  /**
   * Draws the thumbnails from a camera frame's picture, at the faces' last known boxes: called for
   * every frame with the picture the recognizer takes next. Cropping that picture costs little;
   * cropping the <video> costs a conversion of the whole camera picture each time (measured with
   * 8 faces: main-thread tasks of up to 370 ms; README, Benchmark, "Fourth session of 3 December").
   */
  drawCrops(picture: ImageBitmap): void {
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-track]').forEach((canvas) => {
      const face = this.faces.find((f) => String(f.trackId) === canvas.dataset['track']);
      if (face) drawCrop(canvas, picture, face);
    });
  }

  private renderFace(f: JudgedFace) {
    const thumb = f.state === 'named' && f.personId ? this.thumbs.get(f.personId) : undefined;
    const name = f.state === 'named' ? (f.name ?? t('common.unknown')) : f.state === 'unknown' ? t('common.unknown') : t('live.checking');
    const sim = f.state === 'named' ? `${Math.round((f.similarity ?? 0) * 100)}%` : null;
    // No white space around the words: the card's text is exactly "Sam 62%", "Unknown" or "Checking…".
    const picture = thumb ? html`<img src=${thumb} alt="" />` : html`<canvas data-track=${f.trackId} width=${THUMB * 2} height=${THUMB * 2} aria-hidden="true"></canvas>`;
    return html`<li class=${f.state} data-state=${f.state}>${picture}<span class="text"><span class="name">${name}</span>${sim ? html` <span class="sim">${sim}</span>` : null}</span></li>`;
  }

  override render() {
    return html`<ul data-testid="recognized" aria-live="polite" aria-label=${this.label}>
      ${repeat(this.faces, (f) => f.trackId, (f) => this.renderFace(f))}
    </ul>`;
  }
}

/** Draws the face's box, widened to a square with a margin, from the picture into the canvas. */
function drawCrop(canvas: HTMLCanvasElement, picture: ImageBitmap, f: JudgedFace): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const side = Math.max(f.box.width, f.box.height) * 1.3;
  const cx = f.box.x + f.box.width / 2;
  const cy = f.box.y + f.box.height / 2;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  try {
    ctx.drawImage(picture, cx - side / 2, cy - side / 2, side, side, 0, 0, canvas.width, canvas.height);
  } catch {
    // A picture not drawable (closed): the placeholder stays, and the next frame tries again.
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-face-cards': FaceCards;
  }
}
