import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Store } from '../store/client.js';
import { aggregate, breakdown, realtimeVisitors, timeseries, type StatsScope } from '../store/stats.js';
import { badRequest } from '../core/errors.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { Records } from '../store/records.js';
import { previousSpan } from '../../protocol/periods.js';
import { compared, type AggregateResult, type BreakdownResult, type Metric, type MetricValue, type RealtimeResult, type TimeseriesResult } from '../../protocol/stats.js';
import { checkCustomProperties, dateRange, parseFilters, parseInterval, parseMetrics, parsePositive, parseProperty } from './params.js';

function query(ctx: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(ctx.query)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

function site(ctx: Context, sites: SiteRegistry) {
  const q = query(ctx);
  if (!q.site_id) throw badRequest('missing_site_id', '"site_id" is required (the site\'s domain)');
  return { q, site: sites.require(q.site_id) };
}

interface Deps {
  store: Store;
  sites: SiteRegistry;
  records: Pick<Records, 'listGoals'>;
}

async function scope(ctx: Context, deps: Deps): Promise<{ q: Record<string, string | undefined>; scope: StatsScope; period: ReturnType<typeof dateRange>['period'] }> {
  const { q, site: s } = site(ctx, deps.sites);
  const range = dateRange(q.period ?? '30d', q.date, s.timezone);
  const filters = parseFilters(q.filters);
  // The configured goals, read when the question is about goals.
  const goals = q.property === 'event:goal' || filters.some((f) => f.property === 'event:goal') ? await deps.records.listGoals(s.domain) : undefined;
  return {
    q,
    period: range.period,
    scope: { site: s.domain, timezone: s.timezone, from: range.from, to: range.to, filters, goals },
  };
}

/** The same number of days just before the scope's range. */
export const previousPeriod = (sc: StatsScope): StatsScope => ({ ...sc, ...previousSpan(sc) });

/** Plausible Stats API v1 on the counters; answers in Plausible's shapes (protocol/stats.ts). */
export function statsRoutes(router: Router, deps: Deps): void {
  const { store, sites } = deps;

  router.get('/api/v1/stats/realtime/visitors', async (ctx) => {
    const { site: s } = site(ctx, sites);
    ctx.body = (await realtimeVisitors(store, s.domain)) satisfies RealtimeResult;
  });

  router.get('/api/v1/stats/aggregate', async (ctx) => {
    const { q, scope: sc } = await scope(ctx, deps);
    const metrics = parseMetrics(q.metrics);
    if (q.compare !== undefined && q.compare !== 'previous_period') {
      throw badRequest('invalid_compare', `"compare" must be previous_period, got "${q.compare}"`);
    }
    checkCustomProperties(sc.filters);
    const previous = q.compare ? previousPeriod(sc) : undefined;
    const [values, before] = await Promise.all([
      aggregate(store, sc, metrics),
      previous ? aggregate(store, previous, metrics) : undefined,
    ]);
    const results: Partial<Record<Metric, MetricValue>> = {};
    for (const m of metrics) {
      const c = compared(m, values[m], before?.[m]);
      results[m] = before ? c : { value: c.value };
    }
    ctx.body = { results } satisfies AggregateResult;
  });

  router.get('/api/v1/stats/timeseries', async (ctx) => {
    const { q, scope: sc, period } = await scope(ctx, deps);
    const metrics = parseMetrics(q.metrics);
    const interval = parseInterval(q.interval, period);
    checkCustomProperties(sc.filters);
    ctx.body = { results: await timeseries(store, sc, metrics, interval) } satisfies TimeseriesResult;
  });

  router.get('/api/v1/stats/breakdown', async (ctx) => {
    const { q, scope: sc } = await scope(ctx, deps);
    const property = parseProperty(q.property);
    const metrics = parseMetrics(q.metrics);
    const limit = parsePositive(q.limit, 'limit', 100, 1000);
    const page = parsePositive(q.page, 'page', 1, 100_000);
    checkCustomProperties(sc.filters, property);
    ctx.body = { results: await breakdown(store, sc, property, metrics, limit, page) } satisfies BreakdownResult;
  });
}
