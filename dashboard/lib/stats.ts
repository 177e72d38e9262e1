// The public Stats API (Plausible v1 shapes), the same one scripts call with an API key. A
// shared-link viewer has no session: its client sends the link's token in a header instead.
// The answers' types and the header are the protocol's (protocol/stats.ts), as the server's are.
import {
  PROP_KEYS,
  SHARE_HEADER,
  rowKey,
  type AggregateResult,
  type BreakdownResult,
  type BreakdownRow,
  type Interval,
  type Metric,
  type RealtimeResult,
  type TimePoint,
  type TimeseriesResult,
} from '../../protocol/stats.js';
import { request, withQuery } from './http.js';

/** site_id, period, date and filters: what every stats call is about (see query.ts). */
export type StatsParams = Record<string, string>;

export interface StatsClient {
  aggregate(params: StatsParams, metrics: readonly Metric[], compare: boolean, signal?: AbortSignal): Promise<AggregateResult['results']>;
  timeseries(params: StatsParams, metrics: readonly Metric[], interval: Interval, signal?: AbortSignal): Promise<TimePoint[]>;
  breakdown(params: StatsParams, property: string, metrics: readonly Metric[], page: { limit: number; page?: number }, signal?: AbortSignal): Promise<BreakdownRow[]>;
  realtime(site: string, signal?: AbortSignal): Promise<RealtimeResult>;
}

export function statsClient(shareToken?: string): StatsClient {
  const headers = shareToken ? { [SHARE_HEADER]: shareToken } : undefined;
  const get = <T>(path: string, params: Record<string, string>, signal?: AbortSignal) =>
    request<T>('GET', withQuery(`/api/v1/stats/${path}`, params), { signal, headers });
  return {
    aggregate: (params, metrics, compare, signal) =>
      get<AggregateResult>(
        'aggregate',
        { ...params, metrics: metrics.join(','), ...(compare ? { compare: 'previous_period' } : {}) },
        signal,
      ).then((r) => r.results),
    timeseries: (params, metrics, interval, signal) =>
      get<TimeseriesResult>('timeseries', { ...params, metrics: metrics.join(','), interval }, signal).then((r) => r.results),
    breakdown: (params, property, metrics, page, signal) =>
      get<BreakdownResult>(
        'breakdown',
        { ...params, property, metrics: metrics.join(','), limit: String(page.limit), ...(page.page && page.page > 1 ? { page: String(page.page) } : {}) },
        signal,
      ).then((r) => r.results),
    realtime: (site, signal) => get<RealtimeResult>('realtime/visitors', { site_id: site }, signal),
  };
}

/** The custom property keys sent in the period, most visitors first (the `event:props` breakdown). */
export async function listPropKeys(stats: StatsClient, params: StatsParams, limit: number, signal?: AbortSignal): Promise<string[]> {
  const rows = await stats.breakdown(params, PROP_KEYS, ['visitors'], { limit }, signal);
  return rows.map((r) => String(r[rowKey(PROP_KEYS)] ?? '')).filter(Boolean);
}
