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
  return {
    el,
    set(filters) {
      const chips = filters.map((f) => {
        const label = filterLabel(f, filters);
        return h(
          'li',
          { className: 'chip', attrs: { 'data-property': f.property } },
          h('span', { className: 'chip-text', title: label }, label),
          h('button', { type: 'button', className: 'chip-remove', on: { click: () => onRemove(f.property) }, attrs: { 'aria-label': text.filters.remove(label) } }, icon('close')),
        );
      });
      if (filters.length > 1) chips.push(h('li', {}, h('button', { type: 'button', className: 'link-button', textContent: text.filters.clear, on: { click: onClear } })));
      list.replaceChildren(...chips);
      el.hidden = filters.length === 0;
    },
  };
}
