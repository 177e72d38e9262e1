import type { Store } from './client.js';
import { literalPattern, type Filter } from '../../protocol/filters.js';
import { DIRECT, PROP_KEYS, PROP_NONE, propKey, rowKey, type BreakdownRow, type Interval, type Metric, type Property, type TimePoint } from '../../protocol/stats.js';
import { rows as select } from './query.js';
import { GROUP_COLUMNS, METRIC_COLUMNS } from './schema.js';
import { column, filterExpr, goalCurrency, goalExpr, isEventFilter, lens, metricExpr, noneWeight, Params, picksNone, shown, withValues, type Lens, type StatsGoal } from './stats-sql.js';

export { filterPattern, type StatsGoal } from './stats-sql.js';

// The Stats API's queries (the SQL's pieces and how filters read: stats-sql.ts).

/** What a Stats API query reads: a site's rows in a range of its days, filtered. */
export interface StatsScope {
  site: string;
  timezone: string;
  /** inclusive dates in the site's time zone, YYYY-MM-DD */
  from: string;
  to: string;
  filters: Filter[];
  /** the site's configured goals; none: every custom event is a goal (docs/stats-api.md) */
  goals?: readonly StatsGoal[];
}

const OMIT_EMPTY = new Set<Property>([
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:region', 'visit:city', 'visit:referrer',
]);

interface Built {
  /** the rows in range: recent hourly rows and rolled-up daily rows, as one relation */
  from: string;
  where: string;
  params: Params;
  lens: Lens;
  /** the one currency of the goal filter's revenue goals (outside a goal breakdown) */
  currency: string | undefined;
}

const DIMS = GROUP_COLUMNS.join(', ');
const SUMS = METRIC_COLUMNS.join(', ');

function buildWhere(store: Store, scope: StatsScope, breakdown: Property | undefined): Built {
  const params = new Params();
  const tz = params.add(scope.timezone, 'String');
  const site = params.add(scope.site, 'String');
  const from = params.add(scope.from, 'Date');
  const to = params.add(scope.to, 'Date');
  // Daily rows stand at midnight of their day in the site's time zone, so every bucket and
  // range below reads both tables alike; a range across the rollup boundary keeps its totals.
  // rollup_log decides which copy of a day counts while a rollup is under way (rollup.ts):
  // daily rows of committed generations, and hourly rows unless their day is committed but
  // not yet deleted.
  const log = `${store.db}.rollup_log FINAL WHERE site = ${site}`;
  let source = `(
    SELECT ${DIMS}, hour AS t, ${SUMS} FROM ${store.db}.counters_hourly
    WHERE site = ${site} AND hour >= toDateTime(${from}, ${tz}) AND hour < toDateTime(${to} + 1, ${tz})
      AND toDate(hour, ${tz}) NOT IN (SELECT day FROM ${log} AND state = 'inserted')
    UNION ALL
    SELECT ${DIMS}, toDateTime(day, ${tz}) AS t, ${SUMS} FROM ${store.db}.counters_daily
    WHERE site = ${site} AND day >= ${from} AND day <= ${to}
      AND (day, generation) IN (SELECT day, arrayJoin(range(1, generation + 1)) FROM ${log})
  )`;
  const parts: string[] = [];
  // Filters on a custom property that pick the events without it as well ("(none)", `!=`):
  // read through a weight per row on the plain rows and the property's copies (noneWeight).
  // A breakdown by the same property reads its values' copies, and its "(none)" row, instead.
  const onProps = scope.filters.filter((f) => propKey(f.property) !== undefined && f.property !== breakdown);
  const weighted = onProps.length > 0 && onProps.every(picksNone);
  let filters = scope.filters;
  if (weighted) {
    const w = noneWeight(onProps, params);
    source = `(SELECT ${DIMS}, t, ${METRIC_COLUMNS.map((c) => `toInt64(${c}) * ${w} AS ${c}`).join(', ')} FROM ${source})`;
    // The weights pick their events; the lens is told, rather than given a condition.
    filters = filters.filter((f) => !onProps.includes(f));
  }
  const keys = new Set<string>();
  for (const p of [breakdown, ...scope.filters.map((f) => f.property)]) {
    const k = p && propKey(p);
    if (k !== undefined) keys.add(k);
  }
  // server/stats/params.ts (checkCustomProperties) refuses the other combinations with a 400.
  if (keys.size > 1 || (breakdown === PROP_KEYS && keys.size > 0)) {
    throw new Error(`store/stats: a query reads one custom property's rows, got ${[...keys].join(', ')}${breakdown === PROP_KEYS ? ' with the key list' : ''}`);
  }
  const [key] = [...keys];
  // Each custom property has its own copy of the event's row; without one, the plain rows;
  // listing the keys themselves, every copy.
  if (breakdown === PROP_KEYS) parts.push(`prop_key != ''`);
  else if (weighted) parts.push(`prop_key IN ('', ${params.add(key, 'String')})`);
  else parts.push(`prop_key = ${params.add(key ?? '', 'String')}`);
  // Filters on the visit select rows; filters on events are the lens's conditions.
  for (const f of filters) if (!isEventFilter(f)) parts.push(filterExpr(f, params, scope.goals));
  const l = lens({ filters, goals: scope.goals, breakdown, params, weighted });
  // Revenue is read in the currency of the revenue goals asked about: per goal in a goal
  // breakdown (its row's value, see valueOf), else the one currency of the goal filter's goals.
  const currency = breakdown === 'event:goal' ? undefined : goalCurrency(scope.filters, scope.goals);
  if (currency) l.currency = params.add(currency, 'String');
  else if (breakdown === 'event:goal' && scope.goals?.some((g) => g.currency)) {
    l.currency = `${params.add(scope.goals.map((g) => g.currency ?? ''), 'Array(String)')}[indexOf(${params.add(scope.goals.map((g) => g.display_name), 'Array(String)')}, value)]`;
  }
  if (l.events !== '1') parts.push(`((${l.events}) OR (${l.bounce.where}))`);
  return { from: source, where: parts.join(' AND '), params, lens: l, currency };
}

type Plain = Exclude<Metric, 'conversion_rate'>;
const plain = (metrics: readonly Metric[]): Plain[] => metrics.filter((m): m is Plain => m !== 'conversion_rate');

type Values = Partial<Record<Metric, number | null>>;

function numbers(row: Record<string, unknown>, metrics: Metric[]): Values {
  const out: Values = {};
  for (const m of metrics) {
    const v = row[`m_${m}`];
    out[m] = v === null ? null : Number(v ?? 0);
  }
  return out;
}

const selectMetrics = (metrics: readonly Plain[], l: Lens, exitPage = false, nullable?: ReadonlySet<Metric>) =>
  // Aliased with a prefix: an alias named like a column (visits) would shadow it in other metrics.
  metrics.map((m) => `${metricExpr(m, l, exitPage, nullable)} AS m_${m}`).join(', ');

/** Where Plausible answers null for an average over nothing: time on page; in a timeseries, visit duration too. */
const NULL_AVERAGES: ReadonlySet<Metric> = new Set(['time_on_page']);
const NULL_IN_TIMESERIES: ReadonlySet<Metric> = new Set([...NULL_AVERAGES, 'visit_duration']);

/** Plausible's conversion rate: percent of `of`, two decimals (one in a breakdown). */
const rate = (visitors: number, of: number, decimals = 2) => {
  const scale = 10 ** decimals;
  return of > 0 ? Math.round((100 * scale * visitors) / of) / scale : 0;
};

/**
 * The scope whose visitors a conversion rate is a share of: the same filters without those on
 * goals, event names and custom properties (Plausible keeps the page and the visit filters).
 */
const conversionBase = (scope: StatsScope): StatsScope => ({
  ...scope,
  filters: scope.filters.filter((f) => !(isEventFilter(f) && f.property !== 'event:page') && f.property !== 'event:goal' && propKey(f.property) === undefined),
});

/** Metrics to ask for: conversion_rate needs visitors. */
const withVisitors = (metrics: Metric[]): Plain[] => {
  const out = plain(metrics);
  return metrics.includes('conversion_rate') && !out.includes('visitors') ? [...out, 'visitors'] : out;
};

export async function aggregate(store: Store, scope: StatsScope, metrics: Metric[]): Promise<Values> {
  const { from, where, params, lens: l } = buildWhere(store, scope, undefined);
  const asked = withVisitors(metrics);
  // The conversion rate's base is a second question, asked at the same time.
  const [[row], base] = await Promise.all([
    select<Record<string, unknown>>(store, `SELECT ${selectMetrics(asked, l, false, NULL_AVERAGES)} FROM ${from} WHERE ${where}`, params.values),
    metrics.includes('conversion_rate') ? aggregate(store, conversionBase(scope), ['visitors']) : undefined,
  ]);
  const out = numbers(row ?? {}, asked);
  if (base) out.conversion_rate = rate(out.visitors ?? 0, base.visitors ?? 0);
  return pickMetrics(out, metrics);
}

function pickMetrics(values: Values, metrics: Metric[]): Values {
  const out: Values = {};
  for (const m of metrics) out[m] = values[m] === undefined ? 0 : values[m];
  return out;
}

const BUCKETS: Record<Interval, { expr: (tz: string) => string; step: string; format: string }> = {
  hour: { expr: (tz) => `toStartOfHour(toTimeZone(t, ${tz}))`, step: 'toIntervalHour(1)', format: '%Y-%m-%d %H:%i:%S' },
  date: { expr: (tz) => `toDate(t, ${tz})`, step: 'toIntervalDay(1)', format: '%Y-%m-%d' },
  week: { expr: (tz) => `toMonday(toDate(t, ${tz}))`, step: 'toIntervalWeek(1)', format: '%Y-%m-%d' },
  month: { expr: (tz) => `toStartOfMonth(toDate(t, ${tz}))`, step: 'toIntervalMonth(1)', format: '%Y-%m-%d' },
};

export async function timeseries(
  store: Store,
  scope: StatsScope,
  metrics: Metric[],
  interval: Interval,
): Promise<TimePoint[]> {
  const { from: source, where, params, lens: l } = buildWhere(store, scope, undefined);
  const asked = withVisitors(metrics);
  const tz = params.add(scope.timezone, 'String');
  const bucket = BUCKETS[interval];
  const from = params.add(scope.from, 'Date');
  const to = params.add(scope.to, 'Date');
  const bounds =
    interval === 'hour'
      ? `FROM toStartOfHour(toDateTime(${from}, ${tz})) TO toDateTime(${to} + 1, ${tz})`
      : interval === 'date'
        ? `FROM ${from} TO ${to} + 1`
        : interval === 'week'
          ? `FROM toMonday(${from}) TO ${to} + 1`
          : `FROM toStartOfMonth(${from}) TO ${to} + 1`;
  const sql = `SELECT formatDateTime(bucket, '${bucket.format}', ${tz}) AS date, * EXCEPT bucket FROM (
       SELECT ${bucket.expr(tz)} AS bucket, ${selectMetrics(asked, l, false, NULL_IN_TIMESERIES)}
       FROM ${source} WHERE ${where}
       GROUP BY bucket
       ORDER BY bucket WITH FILL ${bounds} STEP ${bucket.step}
     )`;
  const [rows, base] = await Promise.all([
    select<Record<string, unknown>>(store, sql, params.values),
    metrics.includes('conversion_rate') ? timeseries(store, conversionBase(scope), ['visitors'], interval) : undefined,
  ]);
  const points = rows.map((r) => ({ date: String(r.date), ...numbers(r, asked) }));
  if (base) {
    const of = new Map(base.map((p) => [p.date, p.visitors ?? 0]));
    for (const p of points) p.conversion_rate = rate(p.visitors ?? 0, of.get(p.date) ?? 0);
  }
  return points.map((p) => ({ date: p.date, ...pickMetrics(p, metrics) }));
}

/** The breakdown's value per row, and the rows that have one. */
function valueOf(property: Property, scope: StatsScope, params: Params): { value: string; where: string[] } {
  const col = column(property);
  if (property === 'event:goal') {
    if (!scope.goals?.length) return { value: col, where: [`name NOT IN ('pageview', 'engagement')`] };
    // A row can convert several goals (overlapping page patterns): one copy per goal.
    const names = params.add(scope.goals.map((g) => g.display_name), 'Array(String)');
    const hits = scope.goals.map((g, i) => `if(${goalExpr(g, params)}, ${i + 1}, 0)`).join(', ');
    return { value: `${names}[arrayJoin(arrayFilter(x -> x > 0, [${hits}]))]`, where: [] };
  }
  const where: string[] = [];
  // A version is one of its browser's or OS's (Chrome 110 is not Edge 110), as in Plausible.
  const family = VERSION_OF[property];
  if (family) return { value: `concat(${family}, char(9), ${col})`, where };
  if (property === 'visit:entry_page') where.push(`entry_path != ''`);
  // Like Plausible, these list only visits that have the value (a campaign, a known place).
  if (OMIT_EMPTY.has(property)) where.push(`${col} != ''`);
  return { value: col, where };
}

export async function breakdown(
  store: Store,
  scope: StatsScope,
  property: Property,
  metrics: Metric[],
  limit: number,
  page: number,
): Promise<BreakdownRow[]> {
  // Filters on the property itself: its values' rows here, the events without it in "(none)".
  const own = scope.filters.filter((f) => f.property === property && propKey(property) !== undefined);
  const showNone = own.every(picksNone);
  if (own.length) scope = { ...scope, filters: scope.filters.map((f) => (own.includes(f) ? withValues(f) : f)) };
  const { from, where, params, lens: l, currency: filtered } = buildWhere(store, scope, property);
  const { value, where: extra } = valueOf(property, scope, params);
  const exitPage = property === 'visit:exit_page';
  // Rows in the order of the first metric, as Plausible; time on page, an average that may be
  // null, sorts nothing: its rows follow their visitors (Plausible's too).
  const first = plain(metrics)[0];
  const order: Plain = first === undefined || first === 'time_on_page' ? 'visitors' : first;
  const asked = [...new Set([...withVisitors(metrics), order])];
  const events = l.events === '1' ? 'sum(events)' : `sumIf(events, ${l.events})`;
  // A row for every value that had a matching event, whatever its first metric (Plausible's);
  // exit pages are the pages with exits left after the deltas.
  const having = exitPage ? 'HAVING sum(exits) > 0' : `HAVING ${events} > 0`;
  const rows = await select<Record<string, unknown>>(
    store,
    `SELECT ${value} AS value, ${selectMetrics(asked, l, exitPage, NULL_AVERAGES)}
     FROM ${from} WHERE ${[where, ...extra].join(' AND ')}
     GROUP BY value ${having}
     ORDER BY ${exitPage ? 'sum(exits)' : `m_${order}`} DESC, value ASC
     LIMIT ${params.add(limit, 'UInt32')} OFFSET ${params.add((page - 1) * limit, 'UInt32')}`,
    params.values,
  );
  const found = rows.map((r) => ({ value: String(r.value), ...numbers(r, asked) }));
  if (property === 'event:page') await entryMetrics(store, scope, metrics, found);
  if (metrics.includes('conversion_rate')) await conversionRates(store, scope, property, found);
  if (propKey(property) !== undefined && showNone && found.length < limit) await noneRow(store, scope, property, metrics, found, order);
  // Time on page answers null for a page with nothing to average (its last pageviews); revenue
  // where no revenue goal applies, and a revenue goal's row names its currency.
  const revenue = metrics.some((m) => REVENUE.has(m));
  const currencyOf = (r: Found) => (property === 'event:goal' ? scope.goals?.find((g) => g.display_name === r.value)?.currency || undefined : filtered);
  return found.map((r) => {
    const currency = revenue ? currencyOf(r) : undefined;
    const values = Object.fromEntries(
      metrics.map((m) => [m, REVENUE.has(m) ? (currency ? (r[m] ?? null) : null) : NULL_AVERAGES.has(m) ? (r[m] ?? null) : (r[m] ?? 0)]),
    );
    return { ...rowLabel(property, r.value), ...values, ...(currency ? { currency } : {}) };
  });
}

const REVENUE: ReadonlySet<Metric> = new Set(['total_revenue', 'average_revenue']);

/** The version breakdowns' family column: their rows carry both (`{browser, browser_version}`). */
const VERSION_OF: Partial<Record<Property, string>> = { 'visit:browser_version': 'browser', 'visit:os_version': 'os' };

/** A row's label keys from its stored value. */
function rowLabel(property: Property, value: string): Record<string, string> {
  const family = VERSION_OF[property];
  if (family) {
    const [name = '', version = ''] = value.split('\t');
    return { [family]: name, [rowKey(property)]: version };
  }
  return { [rowKey(property)]: shown(property, value) };
}

/** rowLabel's inverse, for an answered row. */
function rowValue(property: Property, row: BreakdownRow): string {
  const family = VERSION_OF[property];
  const key = rowKey(property);
  if (family) return `${String(row[family])}\t${String(row[key])}`;
  return property === 'visit:source' && row[key] === DIRECT ? '' : String(row[key]);
}

type Found = { value: string } & Values;

/** In a page breakdown, bounce rate and visit duration are those of the visits that entered on the page (Plausible's). */
async function entryMetrics(store: Store, scope: StatsScope, metrics: Metric[], found: Found[]): Promise<void> {
  const asked = (['bounce_rate', 'visit_duration'] as const).filter((m) => metrics.includes(m));
  if (!asked.length || !found.length) return;
  const entries = { property: 'visit:entry_page', negate: false, values: found.map((r) => literalPattern(r.value)) } satisfies Filter;
  const rows = await breakdown(store, { ...scope, filters: [...scope.filters.filter((f) => f.property !== 'event:page'), entries] }, 'visit:entry_page', [...asked], found.length, 1);
  const byPage = new Map(rows.map((r) => [rowValue('visit:entry_page', r), r]));
  for (const r of found) for (const m of asked) r[m] = Number(byPage.get(r.value)?.[m] ?? 0);
}

/**
 * Conversion rates in a breakdown: of each group's own visitors where the group is a kind of
 * visit or page (Plausible's group conversion rate), else of all the visitors in scope.
 */
async function conversionRates(store: Store, scope: StatsScope, property: Property, found: Found[]): Promise<void> {
  const base = conversionBase(scope);
  const grouped = property.startsWith('visit:') || property === 'event:page';
  if (!grouped) {
    const total = (await aggregate(store, base, ['visitors'])).visitors ?? 0;
    for (const r of found) r.conversion_rate = rate(r.visitors ?? 0, total, 1);
    return;
  }
  if (!found.length) return;
  const ownValue = (r: Found) => (VERSION_OF[property] ? r.value.split('\t')[1] ?? '' : r.value);
  const only = { property, negate: false, values: [...new Set(found.map(ownValue))].map(literalPattern) } as Filter;
  // Every group of these values (Chrome 110 and Edge 110 share a version): up to the API's limit.
  const rows = await breakdown(store, { ...base, filters: [...base.filters, only] }, property, ['visitors'], 1000, 1);
  const of = new Map(rows.map((r) => [rowValue(property, r), Number(r.visitors)]));
  for (const r of found) r.conversion_rate = rate(r.visitors ?? 0, of.get(r.value) ?? 0, 1);
}

/** The metrics a "(none)" row can answer: sums, whose difference is the events without the property. */
const ADDITIVE: ReadonlySet<Metric> = new Set(['visitors', 'visits', 'pageviews', 'events', 'conversion_rate']);

/**
 * Plausible's "(none)" row of a custom-property breakdown: the matching events without the
 * property, as a filter on "(none)" reads them (noneWeight): exact for events and pageviews;
 * visitors (and visits) are those counted on an event without the property (a pageview's
 * visitor, a custom event's first time today), which can count a visitor in both a value's row
 * and "(none)" (docs/stats-api.md). Answered only on the last page and where every metric asked
 * is such a sum.
 */
async function noneRow(store: Store, scope: StatsScope, property: Property, metrics: Metric[], found: Found[], order: Plain): Promise<void> {
  if (!metrics.every((m) => ADDITIVE.has(m))) return;
  const none = { property, negate: false, values: [PROP_NONE] } satisfies Filter;
  const [values, base] = await Promise.all([
    aggregate(store, { ...scope, filters: [...scope.filters.filter((f) => f.property !== property), none] }, withVisitors(metrics)),
    metrics.includes('conversion_rate') ? aggregate(store, conversionBase(scope), ['visitors']) : undefined,
  ]);
  const row: Found = { value: PROP_NONE, ...values };
  if (!row.visitors && !row.events && !row.pageviews && !row.visits) return;
  // A breakdown's conversion rate has one decimal.
  if (base) row.conversion_rate = rate(row.visitors ?? 0, base.visitors ?? 0, 1);
  // In the order of the breakdown's first metric; after the values it ties with.
  const at = found.findIndex((r) => Number(r[order] ?? 0) < Number(row[order] ?? 0));
  found.splice(at < 0 ? found.length : at, 0, row);
}

/** Browsers active in the current or the previous five-minute slot, whichever had more. */
export async function realtimeVisitors(store: Store, site: string): Promise<number> {
  const params = new Params();
  const [row] = await select<{ n: number | string }>(
    store,
    `SELECT max(v) AS n FROM (
       SELECT toStartOfFiveMinutes(minute) AS slot, sum(slot_visitors) AS v
       FROM ${store.db}.counters_recent
       WHERE site = ${params.add(site, 'String')} AND minute >= toStartOfFiveMinutes(now()) - INTERVAL 5 MINUTE
       GROUP BY slot)`,
    params.values,
  );
  return Number(row?.n ?? 0);
}
