// A breakdown as a table: each value with a bar for its share of the period's visitors, then its
// numbers. A value is a button that adds it as a filter.
import { h } from '../lib/dom.js';
import { isFilter, type Filter } from '../lib/filters.js';
import { formatNumber } from '../lib/format.js';
import { propertyLabel, valueLabel } from '../lib/labels.js';
import { PROP_NONE, propKey, rowKey, type BreakdownRow, type Metric } from '../../protocol/stats.js';
import { formatMetric } from '../lib/metrics.js';
import { text } from '../lib/text.js';

export interface RowsOptions {
  property: string;
  metrics: readonly Metric[];
  /** the period's visitors, for the share bars; null while unknown */
  total: number | null;
  filters: readonly Filter[];
  onPick(filter: Filter): void;
  /** column headers that sort (the details dialog): the column sorted by and its direction */
  sort?: RowsSort;
}

export interface RowsSort {
  /** 'label' or a metric */
  by: string;
  descending: boolean;
  onSort(by: string): void;
}

/** A header; with `sort`, a button in it that sorts by its column, and aria-sort on the sorted one. */
function headCell(key: string, label: string, sort: RowsSort | undefined): HTMLTableCellElement {
  const className = key === 'label' ? '' : 'num';
  if (!sort) return h('th', { scope: 'col', className, textContent: label });
  const th = h('th', { scope: 'col', className }, h('button', { type: 'button', className: 'sort', textContent: label, attrs: { 'data-sort': key }, on: { click: () => sort.onSort(key) } }));
  if (sort.by === key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
  return th;
}

// The bar behind each value is one of 20 width classes in the stylesheet: the CSP forbids
// inline style attributes, and a stepped width is as readable as an exact one.
const BAR_STEPS = 20;

export function share(visitors: number, total: number): number {
  return total > 0 ? Math.min(1, visitors / total) : 0;
}

function labelCell(row: BreakdownRow, options: RowsOptions, max: number): HTMLTableCellElement {
  const value = String(row[rowKey(options.property)] ?? '');
  const visitors = Number(row.visitors ?? 0);
  const fraction = options.total ? share(visitors, options.total) : share(visitors, max);
  const percent = `${formatNumber(Math.round(fraction * 100))}%`;
  const bar = h('span', { className: `bar w${Math.max(1, Math.round(fraction * BAR_STEPS))}`, attrs: { 'aria-hidden': 'true' } });
  const label = valueLabel(options.property, value, options.filters);
  const content = h('span', { className: 'row-text', title: `${label} · ${percent}` }, label);
  // An empty value cannot be a filter (the Stats API needs a value after ==); a custom
  // property's "(none)" row can (the events without the property).
  const target =
    value === ''
      ? h('span', { className: 'row-label' }, bar, content)
      : h(
          'button',
          { type: 'button', className: 'row-label', on: { click: () => options.onPick(isFilter(options.property, value)) }, attrs: { 'aria-label': `${text.filters.add(label)} (${percent})` } },
          bar,
          content,
        );
  return h('td', { className: 'label-cell' }, target);
}

/**
 * The values' buttons are one tab stop (a roving tabindex): Tab moves on to the next panel, and
 * the arrow keys, Home and End move between the values. Without it the report had a tab stop per
 * value, up to 36 of them before the Goals panel.
 */
export function rovingFocus(container: HTMLElement, selector: string): void {
  const items = () => Array.from(container.querySelectorAll<HTMLElement>(selector));
  const all = items();
  for (const [i, item] of all.entries()) item.tabIndex = i === 0 ? 0 : -1;
  container.addEventListener('focusin', (event) => {
    const list = items();
    if (!list.includes(event.target as HTMLElement)) return;
    for (const item of list) item.tabIndex = item === event.target ? 0 : -1;
  });
  container.addEventListener('keydown', (event) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    list[Math.max(0, Math.min(list.length - 1, next))]!.focus();
  });
}

export function rowsTable(rows: readonly BreakdownRow[], options: RowsOptions): HTMLTableElement {
  const max = Math.max(1, ...rows.map((r) => Number(r.visitors ?? 0)));
  const heading = propKey(options.property) ?? propertyLabel(options.property);
  const table = h(
    'table',
    { className: 'rows' },
    h(
      'thead',
      {},
      h('tr', {}, headCell('label', heading, options.sort), ...options.metrics.map((m) => headCell(m, text.columns[m], options.sort))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', {}, labelCell(row, options, max), ...options.metrics.map((m) => h('td', { className: 'num' }, row[m] === null ? '–' : formatMetric(m, Number(row[m] ?? 0), typeof row.currency === 'string' ? row.currency : undefined)))),
      ),
    ),
  );
  rovingFocus(table, 'button.row-label');
  return table;
}
