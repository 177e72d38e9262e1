import type { PageRow } from '../api.js';
import { h, replace, type View } from '../dom.js';
import { formatNumber } from '../format.js';
import { text } from '../text.js';

export interface TopPagesView extends View {
  set(rows: PageRow[]): void;
}

// The bar behind each row is one of 20 width classes in the stylesheet: the CSP forbids inline
// style attributes, and a stepped width is as readable as an exact one.
const BAR_STEPS = 20;

export function topPagesView(): TopPagesView {
  const body = h('tbody');
  const table = h(
    'table',
    { className: 'table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', textContent: text.page }), h('th', { scope: 'col', className: 'num', textContent: text.series.visitors }), h('th', { scope: 'col', className: 'num', textContent: text.series.pageviews }))),
    body,
  );
  const empty = h('p', { className: 'empty muted', textContent: text.noPages, hidden: true });
  const el = h('section', { className: 'card panel top-pages' }, h('h2', {}, text.topPages), table, empty);

  return {
    el,
    set(rows) {
      const max = Math.max(1, ...rows.map((r) => r.visitors));
      replace(
        body,
        ...rows.map((row) => {
          const bar = h('span', { className: `bar w${Math.max(1, Math.round((row.visitors / max) * BAR_STEPS))}`, attrs: { 'aria-hidden': 'true' } });
          const path = h('span', { className: 'path', textContent: row.page, title: row.page });
          return h('tr', {}, h('td', {}, h('div', { className: 'page-cell' }, bar, path)), h('td', { className: 'num' }, formatNumber(row.visitors)), h('td', { className: 'num' }, formatNumber(row.pageviews)));
        }),
      );
      table.hidden = rows.length === 0;
      empty.hidden = rows.length > 0;
    },
  };
}
