// "Details": the whole breakdown of one tab, with more metrics, a page at a time.
import type { Metric } from '../../protocol/stats.js';
import { h } from '../lib/dom.js';
import type { Filter } from '../lib/filters.js';
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

export function openDetails(o: DetailsOptions): void {
  const content = h('div', { className: 'details-content' }, h('p', { className: 'muted' }, text.loading));
  const previous = h('button', { type: 'button', className: 'button small', textContent: text.panels.previousPage });
  const next = h('button', { type: 'button', className: 'button small', textContent: text.panels.nextPage });
  const where = h('span', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  const aborter = new AbortController();
  const dialog = openDialog(o.title, { wide: true, onClose: () => aborter.abort() }, content, h('div', { className: 'pager' }, previous, where, next));
  let page = 1;

  const pick = (filter: Filter) => {
    dialog.close();
    o.onPick(filter);
  };

  async function show(n: number): Promise<void> {
    previous.disabled = next.disabled = true;
    content.classList.add('loading');
    try {
      // With limit=1, page k is the row at offset k-1: the first row of the next page, if any.
      const [list, after] = await Promise.all([
        o.stats.breakdown(o.params, o.property, o.metrics, { limit: DETAILS_PAGE, page: n }, aborter.signal),
        o.stats.breakdown(o.params, o.property, ['visitors'], { limit: 1, page: n * DETAILS_PAGE + 1 }, aborter.signal),
      ]);
      page = n;
      const more = list.length === DETAILS_PAGE && after.length > 0;
      content.replaceChildren(list.length ? rowsTable(list, { property: o.property, metrics: o.metrics, total: o.total, filters: o.filters, onPick: pick }) : h('p', { className: 'muted' }, text.empty));
      previous.disabled = page === 1;
      next.disabled = !more;
      where.textContent = text.panels.pageN(page);
    } catch (err) {
      if (aborter.signal.aborted) return;
      content.replaceChildren(alertLine(errorMessage(err)));
    } finally {
      content.classList.remove('loading');
    }
  }

  previous.addEventListener('click', () => void show(page - 1));
  next.addEventListener('click', () => void show(page + 1));
  void show(1);
}
