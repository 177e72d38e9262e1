// "Details": the whole breakdown of one tab, with more metrics, a page at a time. Its top values
// are read once; the search (by the value as shown, or as stored) and the sorting by any column
// work on those in the browser, so the numbers never change under a search and no answer races
// another.
import { rowKey, type BreakdownRow, type Metric } from '../../protocol/stats.js';
import { h } from '../lib/dom.js';
import type { Filter } from '../lib/filters.js';
import { formatNumber } from '../lib/format.js';
import { valueLabel } from '../lib/labels.js';
import type { StatsClient, StatsParams } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { openDialog } from './dialog.js';
import { alertLine, errorMessage } from './form.js';
import { rowsTable } from './rows.js';

export interface DetailsOptions {
  title: string;
  stats: StatsClient;
  params: StatsParams;
  property: string;
  metrics: Metric[];
  filters: readonly Filter[];
  total: number | null;
  onPick(filter: Filter): void;
}

export const DETAILS_PAGE = 50;
/** the most the Stats API gives in one answer: the values past it are the long tail */
export const DETAILS_MAX = 1000;

interface Order {
  by: string;
  descending: boolean;
}

/** Rows in the order asked for; a missing number ('–') last either way, ties as the API had them. */
export function sortRows(rows: readonly BreakdownRow[], order: Order, label: (row: BreakdownRow) => string): BreakdownRow[] {
  const sign = order.descending ? -1 : 1;
  const compare =
    order.by === 'label'
      ? (a: BreakdownRow, b: BreakdownRow) => sign * label(a).localeCompare(label(b))
      : (a: BreakdownRow, b: BreakdownRow) => {
          const x = a[order.by], y = b[order.by];
          if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
          if (y === null || y === undefined) return -1;
          return sign * (Number(x) - Number(y));
        };
  return [...rows].sort(compare);
}

export function openDetails(o: DetailsOptions): void {
  const content = h('div', { className: 'details-content' }, h('p', { className: 'muted' }, text.loading));
  const search = h('input', { type: 'search', className: 'input small details-search', placeholder: text.panels.search, attrs: { 'aria-label': text.panels.search }, disabled: true });
  const note = h('p', { className: 'muted details-note', hidden: true });
  const previous = h('button', { type: 'button', className: 'button small', textContent: text.panels.previousPage, disabled: true });
  const next = h('button', { type: 'button', className: 'button small', textContent: text.panels.nextPage, disabled: true });
  const where = h('span', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  const aborter = new AbortController();
  const dialog = openDialog(o.title, { wide: true, onClose: () => aborter.abort() }, search, note, content, h('div', { className: 'pager' }, previous, where, next));
  let all: BreakdownRow[] = [];
  let order: Order = { by: 'visitors', descending: true };
  let page = 1;

  const key = rowKey(o.property);
  const label = (row: BreakdownRow) => valueLabel(o.property, String(row[key] ?? ''), o.filters);
  const pick = (filter: Filter) => {
    dialog.close();
    o.onPick(filter);
  };

  function show(focusSort?: string): void {
    const words = search.value.trim().toLocaleLowerCase();
    const found = words ? all.filter((row) => `${label(row)}\n${String(row[key] ?? '')}`.toLocaleLowerCase().includes(words)) : all;
    const pages = Math.max(1, Math.ceil(found.length / DETAILS_PAGE));
    page = Math.min(page, pages);
    const rows = sortRows(found, order, label).slice((page - 1) * DETAILS_PAGE, page * DETAILS_PAGE);
    const onSort = (by: string) => {
      // Numbers start with the largest, names with A.
      order = by === order.by ? { by, descending: !order.descending } : { by, descending: by !== 'label' };
      page = 1;
      show(by);
    };
    content.replaceChildren(
      rows.length
        ? rowsTable(rows, { property: o.property, metrics: o.metrics, total: o.total, filters: o.filters, onPick: pick, sort: { ...order, onSort } })
        : h('p', { className: 'muted' }, all.length ? text.panels.noMatches : text.empty),
    );
    // The sorted table is new: the header that was pressed keeps the focus.
    if (focusSort) content.querySelector<HTMLButtonElement>(`button[data-sort="${focusSort}"]`)?.focus();
    previous.disabled = page === 1;
    next.disabled = page >= pages;
    where.textContent = text.panels.pageN(page);
  }

  async function load(): Promise<void> {
    content.classList.add('loading');
    try {
      all = await o.stats.breakdown(o.params, o.property, o.metrics, { limit: DETAILS_MAX }, aborter.signal);
      note.hidden = all.length < DETAILS_MAX;
      note.textContent = text.panels.topOnly(formatNumber(DETAILS_MAX));
      search.disabled = false;
      show();
    } catch (err) {
      if (aborter.signal.aborted) return;
      content.replaceChildren(alertLine(errorMessage(err)));
    } finally {
      content.classList.remove('loading');
    }
  }

  search.addEventListener('input', () => {
    page = 1;
    show();
  });
  previous.addEventListener('click', () => ((page -= 1), show()));
  next.addEventListener('click', () => ((page += 1), show()));
  void load();
}
