/**
 * The modal "are you sure?" of the list views and panels (shared): a question, Cancel, and the
 * action's button (`data-confirm`). Render it while confirming and call `showDialogs` from the
 * host's `updated()`, which opens it as a modal once it is in the document.
 */
import { html, type TemplateResult } from 'lit';
import { t } from '../i18n';

export interface ConfirmDialog {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** Cancel, and Escape. */
  onCancel: () => void;
}

export function confirmDialog({ question, confirmLabel, onConfirm, onCancel }: ConfirmDialog): TemplateResult {
  return html`<dialog @cancel=${onCancel}>
    <p>${question}</p>
    <button type="button" @click=${onCancel}>${t('common.cancel')}</button>
    <button type="button" data-confirm @click=${onConfirm}>${confirmLabel}</button>
  </dialog>`;
}

/** Opens, as a modal, a dialog of `root` that is not open yet. */
export function showDialogs(root: ParentNode): void {
  const dialog = root.querySelector('dialog');
  if (dialog && !dialog.open) dialog.showModal();
}
