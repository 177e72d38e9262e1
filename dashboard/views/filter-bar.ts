// The filter menu's button and the active filters as chips. A chip's text reopens the menu to
// edit it; its cross removes it; together they combine with AND.
import { h, icon, type View } from '../lib/dom.js';
import type { Filter } from '../lib/filters.js';
import { filterLabel } from '../lib/labels.js';
import { text } from '../lib/text.js';

export interface FilterBarView extends View {
  set(filters: readonly Filter[]): void;
  /** after the menu applies a filter: focus on its chip */
  focusChip(property: string): void;
}

/** `onMenu(null)` adds a filter, `onMenu(filter)` edits that one. */
export function filterBar(onRemove: (property: string) => void, onClear: () => void, onMenu: (editing: Filter | null) => void): FilterBarView {
  const list = h('ul', { className: 'chips' });
  const open = h('button', { type: 'button', className: 'button small filter-open', textContent: text.filterMenu.open, attrs: { 'aria-haspopup': 'dialog' }, on: { click: () => onMenu(null) } });
  // The chips' bar is hidden without filters; the button is always there.
  const bar = h('div', { className: 'filter-bar', hidden: true, attrs: { role: 'group', 'aria-label': text.filters.label } }, list);
  const el = h('div', { className: 'filters' }, open, bar);
  // The chips are drawn anew after a removal, and the focused button goes with its chip: the next
  // set() puts focus on the chip now in its place, the one before, or — none left — the Filter
  // button, which is always there.
  let removedAt: number | null = null;
  const removing = (index: number, action: () => void) => () => {
    removedAt = index;
    action();
  };

  function restoreFocus(): void {
    if (removedAt === null) return;
    const buttons = list.querySelectorAll<HTMLElement>('.chip-remove');
    (buttons[Math.min(removedAt, buttons.length - 1)] ?? open).focus();
    removedAt = null;
  }

  return {
    el,
    set(filters) {
      const chips = filters.map((f, i) => {
        const label = filterLabel(f, filters);
        return h(
          'li',
          { className: 'chip', attrs: { 'data-property': f.property } },
          h('button', { type: 'button', className: 'chip-text', title: label, textContent: label, attrs: { 'aria-label': text.filters.edit(label), 'aria-haspopup': 'dialog' }, on: { click: () => onMenu(f) } }),
          h('button', { type: 'button', className: 'chip-remove', on: { click: removing(i, () => onRemove(f.property)) }, attrs: { 'aria-label': text.filters.remove(label) } }, icon('close')),
        );
      });
      if (filters.length > 1) chips.push(h('li', {}, h('button', { type: 'button', className: 'link-button', textContent: text.filters.clear, on: { click: removing(0, onClear) } })));
      list.replaceChildren(...chips);
      bar.hidden = filters.length === 0;
      restoreFocus();
    },
    focusChip(property) {
      const chip = [...list.querySelectorAll<HTMLElement>('.chip')].find((c) => c.dataset.property === property);
      (chip?.querySelector<HTMLElement>('.chip-text') ?? open).focus();
    },
  };
}
