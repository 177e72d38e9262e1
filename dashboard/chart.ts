// The visitors and pageviews chart: a thin wrapper around uPlot that owns sizing, colours and
// the wall-clock time axis, so views only hand it rows from the Stats API.

import uPlot from 'uplot';
import type { Interval, TimePoint } from './api.js';
import { formatNumber, wallClockSeconds } from './format.js';
import { text } from './text.js';

export interface Chart {
  update(points: TimePoint[], interval: Interval): void;
  destroy(): void;
}

// Whole numbers only: a count of visitors has no half steps on its axis.
const COUNT_STEPS = [1, 2, 5].flatMap((n) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => n * p)).sort((a, b) => a - b);

const labels = {
  hour: { axis: uPlot.fmtDate('{HH}:{mm}'), legend: uPlot.fmtDate('{MMM} {D}, {HH}:{mm}') },
  date: { axis: uPlot.fmtDate('{MMM} {D}'), legend: uPlot.fmtDate('{WWW}, {MMM} {D}') },
};
const asDate = (seconds: number): Date => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');

/** Colours come from CSS custom properties so a dark theme only touches the stylesheet. */
function cssColor(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function heightFor(width: number): number {
  return Math.round(Math.min(320, Math.max(200, width * 0.32)));
}

export function createChart(container: HTMLElement): Chart {
  let interval: Interval = 'date';
  const visitorsColor = cssColor(container, '--chart-visitors', '#4f46e5');
  const pageviewsColor = cssColor(container, '--chart-pageviews', '#0d9488');
  const axis: uPlot.Axis = {
    stroke: cssColor(container, '--muted', '#5b6475'),
    grid: { stroke: cssColor(container, '--grid', '#eef0f4'), width: 1 },
    ticks: { show: false },
    font: '12px system-ui, sans-serif',
  };
  const width = Math.max(container.clientWidth, 280);

  const plot = new uPlot(
    {
      width,
      height: heightFor(width),
      // The x values are wall-clock seconds of the site's time zone (see wallClockSeconds).
      tzDate: asDate,
      cursor: { y: false, points: { size: 8 }, drag: { x: false, y: false } },
      legend: { live: true },
      // Values show only under the cursor; "idle" hides the empty value cells meanwhile.
      hooks: { setLegend: [(u) => u.root.classList.toggle('idle', u.cursor.idx == null)] },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      axes: [
        { ...axis, size: 36, values: (_u, ticks) => ticks.map((ts) => labels[interval].axis(asDate(ts))) },
        { ...axis, incrs: COUNT_STEPS, size: 48, values: (_u, ticks) => ticks.map(formatNumber) },
      ],
      series: [
        { label: text.series.time, value: (_u, ts) => (ts == null ? '' : labels[interval].legend(asDate(ts))) },
        {
          label: text.series.visitors,
          stroke: visitorsColor,
          width: 2,
          fill: cssColor(container, '--chart-visitors-fill', 'rgba(79, 70, 229, 0.12)'),
          value: (_u, v) => (v == null ? '–' : formatNumber(v)),
        },
        {
          label: text.series.pageviews,
          stroke: pageviewsColor,
          width: 2,
          dash: [6, 4],
          value: (_u, v) => (v == null ? '–' : formatNumber(v)),
        },
      ],
    },
    [[], [], []],
    container,
  );

  const resize = new ResizeObserver(() => {
    const w = container.clientWidth;
    if (w > 0 && w !== plot.width) plot.setSize({ width: w, height: heightFor(w) });
  });
  resize.observe(container);

  return {
    update(points, nextInterval) {
      interval = nextInterval;
      plot.setData([points.map((p) => wallClockSeconds(p.date)), points.map((p) => p.visitors), points.map((p) => p.pageviews)]);
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
