import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Store } from '../store/client.js';
import { aggregate, breakdown, realtimeVisitors, timeseries } from '../store/stats.js';
import { badRequest, notFound } from '../errors.js';
import type { SiteRegistry } from '../sites.js';
import type { StatsScope } from './model.js';
import { dateRange, parseFilters, parseInterval, parseMetrics, parsePositive, parseProperty } from './params.js';

function query(ctx: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(ctx.query)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

function site(ctx: Context, sites: SiteRegistry) {
  const q = query(ctx);
  if (!q.site_id) throw badRequest('missing_site_id', '"site_id" is required (the site\'s domain)');
  const found = sites.get(q.site_id);
  if (!found) throw notFound(`Site "${q.site_id}" not found`);
  return { q, site: found };
}

function scope(ctx: Context, sites: SiteRegistry): { q: Record<string, string | undefined>; scope: StatsScope; period: ReturnType<typeof dateRange>['period'] } {
  const { q, site: s } = site(ctx, sites);
  const range = dateRange(q.period ?? '30d', q.date, s.timezone);
  return {
    q,
    period: range.period,
    scope: { site: s.domain, timezone: s.timezone, from: range.from, to: range.to, filters: parseFilters(q.filters) },
  };
}

/** Plausible Stats API v1 on the counters; answers in Plausible's shapes. */
export function statsRoutes(router: Router, deps: { store: Store; sites: SiteRegistry }): void {
  const { store, sites } = deps;

  router.get('/api/v1/stats/realtime/visitors', async (ctx) => {
    const { site: s } = site(ctx, sites);
    ctx.body = await realtimeVisitors(store, s.domain);
  });

  router.get('/api/v1/stats/aggregate', async (ctx) => {
    const { q, scope: sc } = scope(ctx, sites);
    const metrics = parseMetrics(q.metrics);
    const values = await aggregate(store, sc, metrics);
    const results: Record<string, { value: number }> = {};
    for (const m of metrics) results[m] = { value: values[m] ?? 0 };
    ctx.body = { results };
  });

  router.get('/api/v1/stats/timeseries', async (ctx) => {
    const { q, scope: sc, period } = scope(ctx, sites);
    const metrics = parseMetrics(q.metrics);
    ctx.body = { results: await timeseries(store, sc, metrics, parseInterval(q.interval, period)) };
  });

  router.get('/api/v1/stats/breakdown', async (ctx) => {
    const { q, scope: sc } = scope(ctx, sites);
    const property = parseProperty(q.property);
    const metrics = parseMetrics(q.metrics);
    const limit = parsePositive(q.limit, 'limit', 100, 1000);
    const page = parsePositive(q.page, 'page', 1, 100_000);
    ctx.body = { results: await breakdown(store, sc, property, metrics, limit, page) };
  });
}
