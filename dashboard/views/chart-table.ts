// The chart's numbers as a table, for those who cannot see the plot or want the exact values: the
// same buckets the chart draws (none after now), the chosen metric and the previous period.
import { legendDate, type ChartData } from '../lib/chart.js';
import { h } from '../lib/dom.js';
import { wallClockSeconds } from '../lib/format.js';
import { formatMetric } from '../lib/metrics.js';
import { text } from '../lib/text.js';

export function chartTable(data: ChartData): HTMLTableElement {
  const cell = (v: number | null | undefined) => h('td', {}, v == null ? '–' : formatMetric(data.metric, v));
  const rows = data.current.flatMap((point, i) => {
    const at = wallClockSeconds(point.date);
    if (at > data.now) return [];
    const before = data.previous && cell(data.previous[i]?.[data.metric] ?? null);
    return [h('tr', {}, h('th', { scope: 'row', textContent: legendDate(at, data.interval) }), cell(point[data.metric] ?? 0), before)];
  });
  return h(
    'table',
    {},
    h('caption', { className: 'sr-only' }, text.chart.label(data.metricLabel)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, text.chart.time), h('th', { scope: 'col' }, data.metricLabel), data.previous && h('th', { scope: 'col' }, data.previousLabel ?? text.chart.previous))),
    h('tbody', {}, ...rows),
  );
}
