// The public Stats API (Plausible v1 shapes), the same one scripts call with an API key. A
// shared-link viewer has no session: its client sends the link's token in a header instead.
import { request, withQuery } from './http.js';
import type { Metric } from './metrics.js';

export type Interval = 'hour' | 'date' | 'week' | 'month';

/** site_id, period, date and filters: what every stats call is about (see query.ts). */
export type StatsParams = Record<string, string>;

export interface MetricValue {
  value: number;
  /** percent against the previous period (percentage points for bounce rate) */
  change?: number;
}

export type Row = Record<string, string | number>;
export type TimePoint = { date: string } & Record<string, number>;

export interface StatsClient {
  aggregate(params: StatsParams, metrics: readonly Metric[], compare: boolean, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricValue>>>;
  timeseries(params: StatsParams, metrics: readonly Metric[], interval: Interval, signal?: AbortSignal): Promise<TimePoint[]>;
  breakdown(params: StatsParams, property: string, metrics: readonly Metric[], page: { limit: number; page?: number }, signal?: AbortSignal): Promise<Row[]>;
  realtime(site: string, signal?: AbortSignal): Promise<number>;
}

export const SHARE_HEADER = 'X-Lagom-Share';

export function statsClient(shareToken?: string): StatsClient {
  const headers = shareToken ? { [SHARE_HEADER]: shareToken } : undefined;
  const get = <T>(path: string, params: Record<string, string>, signal?: AbortSignal) =>
    request<T>('GET', withQuery(`/api/v1/stats/${path}`, params), { signal, headers });
  return {
    aggregate: (params, metrics, compare, signal) =>
      get<{ results: Partial<Record<Metric, MetricValue>> }>(
        'aggregate',
        { ...params, metrics: metrics.join(','), ...(compare ? { compare: 'previous_period' } : {}) },
        signal,
      ).then((r) => r.results),
    timeseries: (params, metrics, interval, signal) =>
      get<{ results: TimePoint[] }>('timeseries', { ...params, metrics: metrics.join(','), interval }, signal).then((r) => r.results),
    breakdown: (params, property, metrics, page, signal) =>
      get<{ results: Row[] }>(
        'breakdown',
        { ...params, property, metrics: metrics.join(','), limit: String(page.limit), ...(page.page && page.page > 1 ? { page: String(page.page) } : {}) },
        signal,
      ).then((r) => r.results),
    realtime: (site, signal) => get<number>('realtime/visitors', { site_id: site }, signal),
  };
}
