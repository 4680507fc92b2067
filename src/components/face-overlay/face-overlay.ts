import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';

export interface OverlayFace {
  box: { x: number; y: number; width: number; height: number };
  label?: string;
  /** 'known', 'unknown' or 'pending' (drawn in different colours). */
  kind?: 'known' | 'unknown' | 'pending';
}

/** Draws an image (or nothing) with a box and optional label per face, in image pixels. */
@customElement('visage-face-overlay')
export class FaceOverlay extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
    }
    img,
    svg {
      display: block;
      width: 100%;
      height: auto;
    }
    svg {
      position: absolute;
      inset: 0;
      height: 100%;
    }
    rect {
      fill: none;
      stroke-width: 3;
      vector-effect: non-scaling-stroke;
      stroke: #2e7d32;
    }
    rect.unknown {
      stroke: #c62828;
    }
    rect.pending {
      stroke: #f9a825;
    }
    text {
      fill: white;
      paint-order: stroke;
      stroke: black;
      stroke-width: 3px;
      font: 600 14px system-ui, sans-serif;
    }
  `;

  /** Image URL (an object URL of the chosen photo). */
  @property() src = '';
  @property({ type: Number }) naturalWidth = 0;
  @property({ type: Number }) naturalHeight = 0;
  @property({ attribute: false }) faces: OverlayFace[] = [];

  override render() {
    if (!this.src) return html``;
    const w = this.naturalWidth || 1;
    const h = this.naturalHeight || 1;
    return html`<img src=${this.src} alt="" />
      <svg viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" role="img" aria-label="${this.faces.length} faces">
        ${this.faces.map(
          (f) => svg`<g data-face>
            <rect class=${f.kind ?? 'pending'} x=${f.box.x} y=${f.box.y} width=${f.box.width} height=${f.box.height}></rect>
            ${f.label ? svg`<text x=${f.box.x} y=${Math.max(14, f.box.y - 6)}>${f.label}</text>` : null}
          </g>`,
        )}
      </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-face-overlay': FaceOverlay;
  }
}
