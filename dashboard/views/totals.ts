// The top row: the six headline metrics with their change against the previous period, and the
// current visitors. A metric is a button: it chooses what the chart draws.
import { h, type View } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import type { Metric, MetricValue } from '../../protocol/stats.js';
import { formatMetric, lowerIsBetter, TOP_METRICS, type TopMetric } from '../lib/metrics.js';
import { text } from '../lib/text.js';

export interface TotalsView extends View {
  /** "No visitors in this period", shown above the tiles when it is so */
  note: HTMLElement;
  /** `vs`: what the changes are against (the comparison mode's words) */
  set(values: Partial<Record<Metric, MetricValue>> | null, vs?: string): void;
  setCurrent(visitors: number | null): void;
  select(metric: TopMetric): void;
}

/** Averages and rates of no visits: nothing to average, so no value (not a zero). */
const OF_VISITS = new Set<Metric>(['views_per_visit', 'bounce_rate', 'visit_duration']);

function changeBadge(metric: Metric, v: MetricValue | undefined, vs: string): HTMLElement | null {
  const change = v?.change;
  if (change == null || !Number.isFinite(change)) return null;
  // Plausible answers 100% from nothing; from nothing there is no percentage to speak of.
  if (v!.comparison_value === 0 && v!.value !== 0) {
    return h(
      'span',
      { className: 'change new', title: text.states.isNewLabel },
      h('span', { attrs: { 'aria-hidden': 'true' } }, text.states.isNew),
      h('span', { className: 'sr-only' }, text.states.isNewLabel),
    );
  }
  const unit = metric === 'bounce_rate' ? ` ${text.change.points}` : '%';
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const good = change === 0 ? 'flat' : (change > 0) !== lowerIsBetter(metric) ? 'good' : 'bad';
  const arrow = direction === 'up' ? '↑' : direction === 'down' ? '↓' : '';
  const amount = `${formatNumber(Math.abs(change))}${unit}`;
  return h(
    'span',
    { className: `change ${good}`, title: vs },
    h('span', { attrs: { 'aria-hidden': 'true' } }, `${arrow} ${amount}`.trim()),
    h('span', { className: 'sr-only' }, `${direction === 'flat' ? '' : text.change[direction]} ${amount} ${vs}`.trim()),
  );
}

export function totalsView(selected: TopMetric, onSelect: (metric: TopMetric) => void): TotalsView {
  const cells = new Map<TopMetric, { value: HTMLElement; change: HTMLElement; button: HTMLButtonElement }>();
  const tile = (metric: TopMetric) => {
    const value = h('strong', { className: 'total-value', textContent: '–' });
    const change = h('span', { className: 'total-change' });
    const button = h(
      'button',
      { type: 'button', className: 'total', on: { click: () => onSelect(metric) }, attrs: { 'data-metric': metric, 'aria-pressed': String(metric === selected) } },
      h('span', { className: 'total-label' }, text.metrics[metric]),
      value,
      change,
    );
    cells.set(metric, { value, change, button });
    return h('li', {}, button);
  };
  const currentValue = h('strong', { className: 'total-value', textContent: '–' });
  const current = h(
    'li',
    { className: 'current' },
    h(
      'div',
      { className: 'total', attrs: { 'data-metric': 'current', role: 'status', 'aria-live': 'off' } },
      h('span', { className: 'total-label' }, h('span', { className: 'live-dot', attrs: { 'aria-hidden': 'true' } }), text.metrics.current),
      currentValue,
    ),
  );
  const el = h('ul', { className: 'totals' }, ...TOP_METRICS.map(tile), current);
  const note = h('p', { className: 'empty-period', hidden: true, attrs: { role: 'status' } });

  return {
    el,
    note,
    set(values, vs = text.change.vsPrevious) {
      // An empty period reads as one sentence, not as six zeros with their changes.
      const visitors = values?.visitors;
      const empty = visitors?.value === 0;
      const before = visitors?.comparison_value ?? 0;
      note.hidden = !empty;
      note.textContent = !empty ? '' : before > 0 ? text.states.noVisitorsBefore(formatNumber(before)) : text.states.noVisitors;
      for (const metric of TOP_METRICS) {
        const cell = cells.get(metric)!;
        const v = values?.[metric];
        cell.value.textContent = v && v.value !== null && !(empty && OF_VISITS.has(metric)) ? formatMetric(metric, v.value) : '–';
        cell.change.replaceChildren(...[empty ? null : changeBadge(metric, v, vs)].filter((x): x is HTMLElement => x !== null));
      }
    },
    setCurrent(n) {
      currentValue.textContent = n == null ? '–' : formatNumber(n);
    },
    select(metric) {
      for (const [m, cell] of cells) cell.button.setAttribute('aria-pressed', String(m === metric));
    },
  };
}
