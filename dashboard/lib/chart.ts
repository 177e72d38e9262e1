// The chart of one metric over the period, with the previous period as a faint line: a thin
// wrapper around uPlot that owns sizing, colours, axes and the hover legend, so the report only
// hands it rows from the Stats API.
import uPlot from 'uplot';
import { formatWallClock, wallClockSeconds, type DateStyle } from './format.js';
import type { Interval, Metric, TimePoint } from '../../protocol/stats.js';
import { formatMetric } from './metrics.js';
import { onThemeChange } from './theme.js';
import { text } from './text.js';

export interface ChartData {
  metric: Metric;
  metricLabel: string;
  interval: Interval;
  current: TimePoint[];
  /** the previous period's points, matched to the current ones by position */
  previous: TimePoint[] | null;
  /** the comparison line's name in the legend; the previous period's when absent */
  previousLabel?: string;
  /** the site's wall clock now (see wallClockSeconds): later buckets are not drawn */
  now: number;
}

export interface Chart {
  update(data: ChartData): void;
  destroy(): void;
}

// Whole numbers only for counts: a count of visitors has no half steps on its axis.
const COUNT_STEPS = [1, 2, 5].flatMap((n) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => n * p)).sort((a, b) => a - b);

const AXIS_STYLE: Record<Interval, DateStyle> = { hour: 'hour', date: 'day', week: 'day', month: 'month' };
const LEGEND_STYLE: Record<Interval, DateStyle> = { hour: 'dayLong', date: 'dayLong', week: 'dayLong', month: 'monthYear' };

/** A bucket's date as the hover legend (and the table beside the chart) writes it. */
export function legendDate(seconds: number, interval: Interval): string {
  const day = formatWallClock(seconds, LEGEND_STYLE[interval]);
  return interval === 'hour' ? `${day}, ${formatWallClock(seconds, 'hour')}` : day;
}

function cssColor(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

const heightFor = (width: number): number => Math.round(Math.min(300, Math.max(190, width * 0.3)));

function options(container: HTMLElement, data: ChartData, width: number): uPlot.Options {
  const color = (name: string, fallback: string) => cssColor(container, name, fallback);
  const axis: uPlot.Axis = {
    stroke: color('--muted', '#5d6677'),
    grid: { stroke: color('--grid', '#eef0f4'), width: 1 },
    ticks: { show: false },
    font: '12px system-ui, sans-serif',
  };
  const { metric, interval } = data;
  const multiDay = data.current.length > 24;
  const previousDates = (data.previous ?? []).map((p) => wallClockSeconds(p.date));
  const value = (v: number | null) => (v == null ? '–' : formatMetric(metric, v));
  return {
    width,
    height: heightFor(width),
    // The x values are wall-clock seconds of the site's time zone (see wallClockSeconds).
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { y: false, points: { size: 8 }, drag: { x: false, y: false } },
    legend: { live: true },
    // Values show only under the cursor; "idle" hides the empty value cells meanwhile.
    hooks: { setLegend: [(u) => u.root.classList.toggle('idle', u.cursor.idx == null)] },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(metric === 'views_per_visit' ? 2 : 4, Math.ceil((max || 0) * 1.15))] } },
    axes: [
      {
        ...axis,
        size: 32,
        values: (_u, ticks) =>
          ticks.map((ts) => formatWallClock(ts, interval === 'hour' && multiDay && ts % 86_400 === 0 ? 'day' : AXIS_STYLE[interval])),
      },
      {
        ...axis,
        size: 56,
        incrs: metric === 'views_per_visit' ? undefined : COUNT_STEPS,
        values: (_u, ticks) => ticks.map((v) => formatMetric(metric, v)),
      },
    ],
    series: [
      { label: '', value: (_u, ts) => (ts == null ? '' : legendDate(ts, interval)) },
      {
        label: data.metricLabel,
        stroke: color('--chart-line', '#4f46e5'),
        width: 2,
        fill: color('--chart-fill', 'rgba(79, 70, 229, 0.1)'),
        // Markers only under the cursor, unless there are too few points to draw a line.
        points: { show: data.current.length <= 2 },
        value: (_u, v) => value(v),
      },
      {
        label: data.previousLabel ?? text.chart.previous,
        stroke: color('--chart-previous', '#b8bfcc'),
        width: 1.5,
        dash: [5, 4],
        points: { show: false },
        value: (_u, v, _s, idx) => (v == null || idx == null ? '–' : `${value(v)} (${legendDate(previousDates[idx] ?? 0, interval)})`),
        show: data.previous !== null,
      },
    ],
  };
}

function columns(data: ChartData): uPlot.AlignedData {
  const xs = data.current.map((p) => wallClockSeconds(p.date));
  const read = (p: TimePoint | undefined) => (p ? Number(p[data.metric] ?? 0) : null);
  // Buckets after now have no data yet: leave them undrawn rather than showing a drop to zero.
  const current = data.current.map((p, i) => (xs[i]! > data.now ? null : read(p)));
  const previous = data.current.map((_p, i) => read(data.previous?.[i]));
  return [xs, current, previous];
}

export function createChart(container: HTMLElement): Chart {
  let plot: uPlot | null = null;
  let last: ChartData | null = null;

  const build = () => {
    plot?.destroy();
    plot = null;
    if (!last) return;
    const width = Math.max(container.clientWidth, 260);
    plot = new uPlot(options(container, last, width), columns(last), container);
  };

  const resize = new ResizeObserver(() => {
    const w = container.clientWidth;
    if (plot && w > 0 && w !== plot.width) plot.setSize({ width: w, height: heightFor(w) });
  });
  resize.observe(container);
  // uPlot paints colours into a canvas: a new theme needs a new plot.
  const unsubscribe = onThemeChange(build);

  return {
    update(data) {
      // Rebuilt rather than fed new data: axes, formats and labels depend on metric and interval,
      // and building a plot takes about a millisecond.
      last = data;
      build();
    },
    destroy() {
      unsubscribe();
      resize.disconnect();
      plot?.destroy();
    },
  };
}
