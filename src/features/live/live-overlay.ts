import { LitElement, css, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t, LocaleController } from '../../app/i18n';
import type { LiveFace } from './recognizer';

/**
 * Boxes and labels over a video, in video pixels: an SVG whose viewBox is the frame size, laid
 * out like the video's `object-fit: contain`. Known faces green with name and similarity,
 * unknown red, merely detected (detect-only mode, or not judged yet) amber without a label, and
 * while the liveness check is on, a face that has not passed it grey, "Checking…" (the vision
 * service sends it with no name or similarity).
 */
@customElement('visage-live-overlay')
export class LiveOverlay extends LitElement {
  static override styles = css`
    :host {
      position: absolute;
      inset: 0;
      pointer-events: none;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
    rect {
      fill: none;
      stroke-width: 3;
      vector-effect: non-scaling-stroke;
      stroke: #f9a825;
    }
    .known rect {
      stroke: #2e7d32;
    }
    .unknown rect {
      stroke: #c62828;
    }
    .checking rect {
      stroke: #90a4ae;
    }
    text {
      fill: white;
      paint-order: stroke;
      stroke-width: 4px;
      stroke-linejoin: round;
      font-weight: 600;
      font-family: system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', sans-serif;
    }
    .known text {
      stroke: #1b5e20;
    }
    .unknown text {
      stroke: #b71c1c;
    }
    .checking text {
      stroke: #37474f;
    }
  `;

  @property({ type: Number }) width = 0;
  @property({ type: Number }) height = 0;
  @property({ attribute: false }) faces: LiveFace[] = [];
  /** The video under it is shown mirrored: the boxes follow (the labels still read left to right). */
  @property({ type: Boolean }) mirrored = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    if (!this.width || !this.height) return svg``;
    const fontSize = Math.max(14, Math.round(this.height / 28));
    return svg`<svg viewBox="0 0 ${this.width} ${this.height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      ${this.faces.map((f) => {
        const label = liveLabel(f);
        const above = f.box.y - fontSize * 0.4;
        const y = above > fontSize ? above : f.box.y + f.box.height + fontSize;
        const x = this.mirrored ? this.width - f.box.x - f.box.width : f.box.x;
        return svg`<g class=${f.state} data-face=${f.state}>
          <rect x=${x} y=${f.box.y} width=${f.box.width} height=${f.box.height}></rect>
          ${label ? svg`<text x=${x} y=${y} font-size=${fontSize}>${label}</text>` : null}
        </g>`;
      })}
    </svg>`;
  }
}

/** "name 62%", "Unknown", "Checking…" (liveness not passed yet), or '' for a face only detected. */
export function liveLabel(f: LiveFace): string {
  if (f.state === 'checking') return t('live.checking');
  if (f.state === 'known') return `${f.name ?? t('common.unknown')} ${Math.round((f.similarity ?? 0) * 100)}%`;
  if (f.state === 'unknown') return t('common.unknown');
  return '';
}

declare global {
  interface HTMLElementTagNameMap {
    'visage-live-overlay': LiveOverlay;
  }
}
