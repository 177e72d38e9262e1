// The Stats API's metrics as the dashboard shows them: which ones make the top row, and how each
// value reads (a count, a percentage, a duration). The metrics themselves are the protocol's.
import type { Metric } from '../../protocol/stats.js';
import { formatDecimal, formatMoney, formatNumber } from './format.js';

export const TOP_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'] as const satisfies readonly Metric[];
export type TopMetric = (typeof TOP_METRICS)[number];

export const isTopMetric = (value: string | null): value is TopMetric => TOP_METRICS.includes(value as TopMetric);

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatMetric(metric: Metric, value: number, currency?: string): string {
  switch (metric) {
    case 'total_revenue':
    case 'average_revenue':
      return currency ? formatMoney(value, currency) : formatDecimal(value);
    case 'bounce_rate':
    case 'scroll_depth':
      return `${formatNumber(value)}%`;
    case 'visit_duration':
    case 'time_on_page':
      return formatDuration(value);
    case 'views_per_visit':
      return formatDecimal(value);
    case 'conversion_rate':
      return `${formatDecimal(value)}%`;
    default:
      return formatNumber(value);
  }
}

/** For bounce rate, down is good. */
export const lowerIsBetter = (metric: Metric): boolean => metric === 'bounce_rate';
