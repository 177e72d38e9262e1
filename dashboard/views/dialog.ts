// Modal dialogs on the native <dialog>: it traps focus, closes on Escape and returns focus to
// where it was, so keyboard users get all of that without code here.
import { h, icon, type Child } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { alertLine } from './form.js';

export interface Dialog {
  el: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
}

export function openDialog(title: string, options: { wide?: boolean; onClose?: () => void } = {}, ...children: Child[]): Dialog {
  const body = h('div', { className: 'dialog-body' }, ...children);
  const closeButton = h('button', { type: 'button', className: 'icon-button', attrs: { 'aria-label': text.close } }, icon('close'));
  const el = h(
    'dialog',
    { className: `dialog${options.wide ? ' wide' : ''}`, attrs: { 'aria-label': title } },
    h('header', { className: 'dialog-head' }, h('h2', {}, title), closeButton),
    body,
  );
  const close = () => el.close();
  closeButton.addEventListener('click', close);
  // A click on the backdrop lands on the dialog element itself.
  el.addEventListener('click', (event) => {
    if (event.target === el) close();
  });
  el.addEventListener('close', () => {
    el.remove();
    options.onClose?.();
  });
  document.body.append(el);
  el.showModal();
  return { el, body, close };
}

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  /** the owner must type this to enable the button (for deleting a site and its data) */
  typeToConfirm?: { label: string; value: string };
}

/** Asks, then runs `action`; the dialog stays open with the error if the action fails. */
export function confirmDialog(options: ConfirmOptions, action: () => Promise<void>, errorText: (err: unknown) => string): void {
  const error = alertLine(null);
  const confirm = h('button', { type: 'submit', className: 'button danger', textContent: options.confirmLabel });
  const cancel = h('button', { type: 'button', className: 'button', textContent: text.cancel });
  const typed = options.typeToConfirm && h('input', { className: 'input', name: 'confirm', autocomplete: 'off', spellcheck: false });
  if (typed) {
    confirm.disabled = true;
    typed.addEventListener('input', () => (confirm.disabled = typed.value.trim() !== options.typeToConfirm!.value));
  }
  const formEl = h(
    'form',
    { className: 'form' },
    h('p', {}, options.message),
    typed && h('label', { className: 'field' }, h('span', { className: 'field-label' }, options.typeToConfirm!.label), typed),
    error,
    h('div', { className: 'form-actions' }, cancel, confirm),
  );
  const dialog = openDialog(options.title, {}, formEl);
  cancel.addEventListener('click', dialog.close);
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (confirm.disabled) return;
    confirm.disabled = true;
    try {
      await action();
      dialog.close();
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
      confirm.disabled = false;
    }
  });
  (typed ?? cancel).focus();
}
