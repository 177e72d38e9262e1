// A <select> that takes effect on a choice, not on every option the arrow keys pass: on a closed
// select the arrows change its value (and fire "change") one option at a time, and a report that
// loaded on each would fetch once per option passed. A pick with the pointer, or from the open
// list, applies at once; arrowing (or typing) on the closed select only browses, and Enter or
// leaving the control applies what it shows; Escape puts back what the report shows.
import { h } from '../lib/dom.js';

/** Keys that open the list: the list's own Enter then makes the change, which applies. */
const OPENERS = new Set([' ', 'F4']);

export interface ChoiceSelect {
  el: HTMLSelectElement;
  /** the keyboard hint the select is described by: put it in the document next to it */
  hint: HTMLElement;
  /** what the report shows (after a load): the select is set to it and nothing is pending */
  set(value: string): void;
}

export function choiceSelect(
  options: { name: string; label: string; hint: string; choices: readonly { value: string; label: string }[] },
  apply: (value: string) => void,
): ChoiceSelect {
  const hint = h('span', { className: 'sr-only', id: `${options.name}-hint` }, options.hint);
  const el = h(
    'select',
    { className: `input ${options.name}-select`, name: options.name, attrs: { 'aria-label': options.label, 'aria-describedby': hint.id } },
    ...options.choices.map((c) => h('option', { value: c.value, textContent: c.label })),
  );
  let shown = el.value;
  let browsing = false;
  const commit = () => {
    browsing = false;
    if (el.value === shown) return;
    shown = el.value;
    apply(el.value);
  };
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      browsing = false;
      el.value = shown;
    } else if (OPENERS.has(event.key) || (event.altKey && event.key.startsWith('Arrow'))) browsing = false;
    else if (event.key !== 'Tab' && event.key !== 'Shift') browsing = true;
  });
  el.addEventListener('pointerdown', () => (browsing = false));
  el.addEventListener('change', () => {
    if (!browsing) commit();
  });
  el.addEventListener('blur', commit);
  return {
    el,
    hint,
    set(value) {
      el.value = value;
      shown = value;
      browsing = false;
    },
  };
}
