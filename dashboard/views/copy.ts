// A read-only value (a snippet, a key, a link) with a button that copies it.
import { h } from '../lib/dom.js';
import { text } from '../lib/text.js';

/** `label`: what the button copies, when a value has more than one form ("Copy HTML"). */
export function copyButton(value: () => string, label = text.copy): HTMLButtonElement {
  const button = h('button', { type: 'button', className: 'button small', textContent: label });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value());
    } catch {
      // No clipboard (an insecure origin or a refused permission): select the text instead,
      // so the owner can copy it by hand.
      const code = button.parentElement?.querySelector('code');
      if (code) getSelection()?.selectAllChildren(code);
      return;
    }
    button.textContent = text.copied;
    setTimeout(() => (button.textContent = label), 2000);
  });
  return button;
}

/** A block of code to read and copy. A long line scrolls sideways: the block is a tab stop, so the arrow keys can scroll it too. */
export function codeBlock(className: string, code: HTMLElement): HTMLPreElement {
  return h('pre', { className, tabIndex: 0, attrs: { 'aria-label': text.code } }, code);
}

/** A block of code with a copy button beside it. */
export function copyable(value: string, className = 'snippet'): HTMLElement {
  return h('div', { className: 'copyable' }, codeBlock(className, h('code', {}, value)), copyButton(() => value));
}
