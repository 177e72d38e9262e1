// The active filters as chips. Each removes itself; together they combine with AND.
import { h, icon, type View } from '../lib/dom.js';
import type { Filter } from '../lib/filters.js';
import { filterLabel } from '../lib/labels.js';
import { text } from '../lib/text.js';

export interface FilterBarView extends View {
  set(filters: readonly Filter[]): void;
}

export function filterBar(onRemove: (property: string) => void, onClear: () => void): FilterBarView {
  const list = h('ul', { className: 'chips' });
  const el = h('div', { className: 'filter-bar', hidden: true, attrs: { role: 'group', 'aria-label': text.filters.label } }, list);
  // The chips are drawn anew after a removal, and the focused button goes with its chip: the next
  // set() puts focus on the chip now in its place, the one before, or — none left — the bar's
  // first control, else the page's heading.
  let removedAt: number | null = null;
  const removing = (index: number, action: () => void) => () => {
    removedAt = index;
    action();
  };

  function restoreFocus(): void {
    if (removedAt === null) return;
    const buttons = list.querySelectorAll<HTMLElement>('.chip-remove');
    const target = buttons[Math.min(removedAt, buttons.length - 1)] ?? (el.hidden ? null : el.querySelector<HTMLElement>('button, select, input')) ?? el.closest('main')?.querySelector<HTMLElement>('h1');
    target?.focus();
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
          h('span', { className: 'chip-text', title: label }, label),
          h('button', { type: 'button', className: 'chip-remove', on: { click: removing(i, () => onRemove(f.property)) }, attrs: { 'aria-label': text.filters.remove(label) } }, icon('close')),
        );
      });
      if (filters.length > 1) chips.push(h('li', {}, h('button', { type: 'button', className: 'link-button', textContent: text.filters.clear, on: { click: removing(0, onClear) } })));
      list.replaceChildren(...chips);
      el.hidden = filters.length === 0;
      restoreFocus();
    },
  };
}
