/**
 * The modal "are you sure?" of the list views and panels (shared): a question, Cancel, and the
 * action's button (`data-confirm`), in a Web Awesome dialog (a native modal <dialog> inside).
 * Render it while confirming; it opens as it is rendered. Cancel, Escape and its close button
 * call `onCancel`.
 */
import { html, type TemplateResult } from 'lit';
import { registerStrings, t } from '../i18n';
import { uiStrings } from './strings';

registerStrings(uiStrings);

export interface ConfirmDialog {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** Cancel, and Escape. */
  onCancel: () => void;
}

export function confirmDialog({ question, confirmLabel, onConfirm, onCancel }: ConfirmDialog): TemplateResult {
  // Closed by itself (Escape, the close button): only the dialog's own event, not one of a control inside.
  const closed = (e: Event) => {
    if (e.target === e.currentTarget) onCancel();
  };
  return html`<wa-dialog open label=${t('ui.confirm.title')} @wa-after-hide=${closed}>
    <p>${question}</p>
    <wa-button slot="footer" appearance="outlined" @click=${onCancel}>${t('common.cancel')}</wa-button>
    <wa-button slot="footer" variant="danger" data-confirm autofocus @click=${onConfirm}>${confirmLabel}</wa-button>
  </wa-dialog>`;
}
