// The chart card: the chosen metric's name, the interval switch, the chart itself and, behind a
// toggle, its numbers as a table (a canvas says nothing to a screen reader).
import { createChart, type Chart, type ChartData } from '../lib/chart.js';
import { h, type View } from '../lib/dom.js';
import type { Interval } from '../../protocol/stats.js';
import { text } from '../lib/text.js';
import { chartTable } from './chart-table.js';

export interface ChartPanelView extends View {
  set(data: ChartData): void;
  setIntervals(allowed: readonly Interval[], current: Interval): void;
}

export function chartPanel(onInterval: (interval: Interval) => void): ChartPanelView {
  const title = h('h2', { className: 'chart-title' });
  const intervals = h('div', { className: 'segmented small', attrs: { role: 'group', 'aria-label': text.chart.interval } });
  const plot = h('div', { className: 'chart', attrs: { role: 'img' } });
  const table = h('div', { className: 'chart-table', id: 'chart-table', hidden: true });
  const toggle = h('button', { type: 'button', className: 'link-button chart-table-toggle', textContent: text.chart.showTable, attrs: { 'aria-expanded': 'false', 'aria-controls': table.id } });
  toggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    toggle.setAttribute('aria-expanded', String(!table.hidden));
    toggle.textContent = table.hidden ? text.chart.showTable : text.chart.hideTable;
  });
  const el = h('section', { className: 'chart-panel' }, h('div', { className: 'panel-head' }, title, intervals), plot, toggle, table);
  let chart: Chart | null = null;

  return {
    el,
    // The chart needs its container laid out to know its width.
    mounted: () => void (chart ??= createChart(plot)),
    set(data) {
      title.textContent = data.metricLabel;
      plot.setAttribute('aria-label', text.chart.label(data.metricLabel));
      (chart ??= createChart(plot)).update(data);
      table.replaceChildren(chartTable(data));
    },
    setIntervals(allowed, current) {
      intervals.replaceChildren(
        ...allowed.map((i) =>
          h('button', {
            type: 'button',
            className: 'segment',
            textContent: text.chart.intervals[i],
            on: { click: () => onInterval(i) },
            attrs: { 'aria-pressed': String(i === current), 'data-interval': i },
          }),
        ),
      );
      intervals.hidden = allowed.length < 2;
    },
    destroy: () => chart?.destroy(),
  };
}
