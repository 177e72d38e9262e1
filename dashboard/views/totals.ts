import type { Aggregate } from '../api.js';
import { h, type View } from '../dom.js';
import { formatNumber } from '../format.js';
import { text } from '../text.js';

type Metric = keyof Aggregate | 'current';
const METRICS: Metric[] = ['visitors', 'visits', 'pageviews', 'current'];

export interface TotalsView extends View {
  set(totals: Aggregate | null): void;
  setCurrent(visitors: number | null): void;
}

export function totalsView(): TotalsView {
  const values = new Map<Metric, HTMLElement>();
  const el = h(
    'ul',
    { className: 'totals' },
    ...METRICS.map((metric) => {
      const value = h('strong', { className: 'total-value', textContent: '–' });
      values.set(metric, value);
      const label = h('span', { className: 'total-label' }, metric === 'current' && h('span', { className: 'live-dot', attrs: { 'aria-hidden': 'true' } }), text.metrics[metric]);
      return h('li', { className: 'card total', attrs: { 'data-metric': metric } }, label, value);
    }),
  );
  const show = (metric: Metric, n: number | null) => {
    values.get(metric)!.textContent = n == null ? '–' : formatNumber(n);
  };
  return {
    el,
    set(totals) {
      show('visitors', totals?.visitors ?? null);
      show('visits', totals?.visits ?? null);
      show('pageviews', totals?.pageviews ?? null);
    },
    setCurrent: (n) => show('current', n),
  };
}
