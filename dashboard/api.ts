// The dashboard's only door to the server: the auth endpoints, the Sites API and the public
// Stats API (Plausible Stats API v1 shapes). The session cookie is HttpOnly and same-origin, so
// fetch sends it without any help from this code.

import type { Period } from './state.js';

/** A failed call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', signal, headers: { accept: 'application/json' } };
  if (method !== 'GET') {
    // Always JSON for writes: the server refuses other content types on POST and DELETE.
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network');
  }
  const data = parseJson(await res.text());
  if (!res.ok) {
    const message = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return data as T;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

const get = <T>(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<T> =>
  request<T>('GET', `${path}?${new URLSearchParams(params)}`, undefined, signal);

export interface Me {
  email: string;
}

export const auth = {
  me: () => request<Me>('GET', '/api/auth/me'),
  login: (email: string, password: string) => request<Me>('POST', '/api/auth/login', { email, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  setup: (token: string, email: string, password: string) => request<unknown>('POST', '/api/auth/setup', { token, email, password }),
};

export interface Site {
  domain: string;
  timezone: string;
}

export const sites = {
  list: () => request<{ sites: Site[] }>('GET', '/api/v1/sites').then((r) => r.sites),
  add: (site: Site) => request<unknown>('POST', '/api/v1/sites', site),
};

/** What every stats request is about: one site over one period. */
export interface StatsQuery {
  site: string;
  period: Period;
}

export type Interval = 'hour' | 'date';

export interface Aggregate {
  visitors: number;
  visits: number;
  pageviews: number;
}

export interface TimePoint {
  /** "2026-11-25" or "2026-11-25 13:00:00", wall-clock time in the site's time zone */
  date: string;
  visitors: number;
  pageviews: number;
}

export interface PageRow {
  page: string;
  visitors: number;
  pageviews: number;
}

const base = (q: StatsQuery): Record<string, string> => ({ site_id: q.site, period: q.period });

export const stats = {
  async aggregate(q: StatsQuery, signal?: AbortSignal): Promise<Aggregate> {
    type Body = { results: Record<keyof Aggregate, { value: number }> };
    const { results } = await get<Body>('/api/v1/stats/aggregate', { ...base(q), metrics: 'visitors,visits,pageviews' }, signal);
    return { visitors: results.visitors.value, visits: results.visits.value, pageviews: results.pageviews.value };
  },
  timeseries: (q: StatsQuery, interval: Interval, signal?: AbortSignal) =>
    get<{ results: TimePoint[] }>('/api/v1/stats/timeseries', { ...base(q), metrics: 'visitors,pageviews', interval }, signal).then((r) => r.results),
  topPages: (q: StatsQuery, limit: number, signal?: AbortSignal) =>
    get<{ results: PageRow[] }>(
      '/api/v1/stats/breakdown',
      { ...base(q), property: 'event:page', metrics: 'visitors,pageviews', limit: String(limit) },
      signal,
    ).then((r) => r.results),
  realtime: (site: string, signal?: AbortSignal) => get<number>('/api/v1/stats/realtime/visitors', { site_id: site }, signal),
};
