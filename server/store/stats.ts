import type { Store } from './client.js';
import type { Filter } from '../../protocol/filters.js';
import { DIRECT, PROP_KEYS, propKey, rowKey, type BreakdownRow, type Interval, type Metric, type Property, type TimePoint } from '../../protocol/stats.js';
import { rows as select } from './query.js';
import { GROUP_COLUMNS, METRIC_COLUMNS, type Dimension } from './schema.js';

// Builds the Stats API's SQL. Only column names and expressions from the fixed tables below are
// written into the text; every value from a request is a bound {name:Type} parameter.

/** What a Stats API query reads: a site's rows in a range of its days, filtered. */
export interface StatsScope {
  site: string;
  timezone: string;
  /** inclusive dates in the site's time zone, YYYY-MM-DD */
  from: string;
  to: string;
  filters: Filter[];
}

const COLUMNS: Record<string, Dimension> = {
  'event:page': 'path',
  'event:goal': 'name',
  'event:hostname': 'hostname',
  'visit:entry_page': 'entry_path',
  'visit:exit_page': 'path',
  'visit:source': 'source',
  'visit:referrer': 'referrer',
  'visit:utm_medium': 'utm_medium',
  'visit:utm_source': 'utm_source',
  'visit:utm_campaign': 'utm_campaign',
  'visit:utm_content': 'utm_content',
  'visit:utm_term': 'utm_term',
  'visit:device': 'device',
  'visit:browser': 'browser',
  'visit:browser_version': 'browser_version',
  'visit:os': 'os',
  'visit:os_version': 'os_version',
  'visit:country': 'country',
  'visit:region': 'region',
  'visit:city': 'city',
};

function column(property: Property): string {
  if (property === PROP_KEYS) return 'prop_key';
  if (property.startsWith('event:props:')) return 'prop_value';
  const col = COLUMNS[property];
  // server/stats/params.ts admits only properties of the protocol, each listed above.
  if (!col) throw new Error(`store/stats: no column for property "${property}"`);
  return col;
}

const OMIT_EMPTY = new Set<Property>([
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:region', 'visit:city', 'visit:referrer',
]);

/**
 * "Visitors" depends on what is being looked at: of the site (first event today), of a page
 * (first view of that path today) or of a goal (first time today the goal fired).
 */
function visitorsColumn(focus: Property | undefined): string {
  if (focus === 'event:page') return 'page_visitors';
  if (focus === 'event:goal' || focus?.startsWith('event:props')) return 'goal_visitors';
  return 'visitors';
}

function metricExpr(metric: Metric, focus: Property | undefined): string {
  switch (metric) {
    case 'visitors':
      return `toUInt64(sum(${visitorsColumn(focus)}))`;
    case 'visits':
      // a visit ends on exactly one page: its exit count
      return focus === 'visit:exit_page' ? 'toUInt64(greatest(sum(exits), 0))' : 'toUInt64(sum(visits))';
    case 'pageviews':
      return 'toUInt64(sum(pageviews))';
    case 'events':
      return 'toUInt64(sum(events))';
    case 'views_per_visit':
      return 'if(sum(visits) = 0, 0, round(sum(pageviews) / sum(visits), 2))';
    case 'bounce_rate':
      return 'if(sum(visits) = 0, 0, toUInt64(round(100 * greatest(sum(bounces), 0) / sum(visits))))';
    case 'visit_duration':
      return 'if(sum(visits) = 0, 0, toUInt64(round(sum(duration_ms) / 1000 / sum(visits))))';
    case 'scroll_depth':
      return 'if(sum(scroll_n) = 0, 0, toUInt64(round(sum(scroll_sum) / sum(scroll_n))))';
    case 'time_on_page':
      return 'if(sum(pageviews) = 0, 0, toUInt64(round(sum(engaged_ms) / 1000 / sum(pageviews))))';
  }
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()[\]\\|]/g, '\\$&');

/**
 * A filter value (see `Filter.values`) as the text it matches exactly, or, when it holds a
 * wildcard, as a regular expression: `*` matches within one path segment, `**` across segments
 * (Plausible's v1 wildcards); `\*` and `\\` are a literal star and backslash.
 */
export function filterPattern(value: string): { literal: string } | { regex: string } {
  let literal = '';
  let regex = '';
  let wild = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i]!;
      literal += next;
      regex += escapeRegex(next);
    } else if (c === '*') {
      wild = true;
      if (value[i + 1] === '*') {
        i++;
        regex += '.*';
      } else {
        regex += '[^/]*';
      }
    } else {
      literal += c;
      regex += escapeRegex(c);
    }
  }
  return wild ? { regex: `^${regex}$` } : { literal };
}

class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;
  add(value: unknown, type: string): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

// Plausible's name for "no source" (DIRECT) is stored as the empty string.
const stored = (property: Property, value: string) => (property === 'visit:source' && value === DIRECT ? '' : value);
const shown = (property: Property, value: string) => (property === 'visit:source' && value === '' ? DIRECT : value);

function filterExpr(filter: Filter, params: Params): string {
  const col = column(filter.property);
  const patterns = filter.values.map(filterPattern);
  const exact = patterns.flatMap((p) => ('literal' in p ? [stored(filter.property, p.literal)] : []));
  const test =
    exact.length === patterns.length
      ? `${col} IN ${params.add(exact, 'Array(String)')}`
      : `multiMatchAny(${col}, ${params.add(patterns.map((p) => ('regex' in p ? p.regex : `^${escapeRegex(stored(filter.property, p.literal))}$`)), 'Array(String)')})`;
  return filter.negate ? `NOT (${test})` : test;
}

interface Built {
  /** the rows in range: recent hourly rows and rolled-up daily rows, as one relation */
  from: string;
  where: string;
  params: Params;
}

const DIMS = GROUP_COLUMNS.join(', ');
const SUMS = METRIC_COLUMNS.join(', ');

function buildWhere(store: Store, scope: StatsScope, focus: Property | undefined): Built {
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
  const source = `(
    SELECT ${DIMS}, hour AS t, ${SUMS} FROM ${store.db}.counters_hourly
    WHERE site = ${site} AND hour >= toDateTime(${from}, ${tz}) AND hour < toDateTime(${to} + 1, ${tz})
      AND toDate(hour, ${tz}) NOT IN (SELECT day FROM ${log} AND state = 'inserted')
    UNION ALL
    SELECT ${DIMS}, toDateTime(day, ${tz}) AS t, ${SUMS} FROM ${store.db}.counters_daily
    WHERE site = ${site} AND day >= ${from} AND day <= ${to}
      AND (day, generation) IN (SELECT day, arrayJoin(range(1, generation + 1)) FROM ${log})
  )`;
  const parts: string[] = [];
  const keys = new Set<string>();
  for (const p of [focus, ...scope.filters.map((f) => f.property)]) {
    const k = p && propKey(p);
    if (k !== undefined) keys.add(k);
  }
  // server/stats/params.ts (checkCustomProperties) refuses the other combinations with a 400.
  if (keys.size > 1 || (focus === PROP_KEYS && keys.size > 0)) {
    throw new Error(`store/stats: a query reads one custom property's rows, got ${[...keys].join(', ')}${focus === PROP_KEYS ? ' with the key list' : ''}`);
  }
  const [key] = [...keys];
  // Each custom property has its own copy of the event's row; without one, the plain rows;
  // listing the keys themselves, every copy.
  if (focus === PROP_KEYS) parts.push(`prop_key != ''`);
  else parts.push(`prop_key = ${params.add(key ?? '', 'String')}`);
  for (const f of scope.filters) parts.push(filterExpr(f, params));
  return { from: source, where: parts.join(' AND '), params };
}

function focusOf(scope: StatsScope, breakdown?: Property): Property | undefined {
  if (breakdown) return breakdown;
  const props = scope.filters.filter((f) => !f.negate).map((f) => f.property);
  return props.find((p) => p === 'event:goal' || p.startsWith('event:props:')) ?? props.find((p) => p === 'event:page');
}

function numbers(row: Record<string, unknown>, metrics: Metric[]): Partial<Record<Metric, number>> {
  const out: Partial<Record<Metric, number>> = {};
  for (const m of metrics) out[m] = Number(row[`m_${m}`] ?? 0);
  return out;
}

const selectMetrics = (metrics: Metric[], focus: Property | undefined) =>
  // Aliased with a prefix: an alias named like a column (visits) would shadow it in other metrics.
  metrics.map((m) => `${metricExpr(m, focus)} AS m_${m}`).join(', ');

export async function aggregate(store: Store, scope: StatsScope, metrics: Metric[]): Promise<Partial<Record<Metric, number>>> {
  const focus = focusOf(scope);
  const { from, where, params } = buildWhere(store, scope, focus);
  const [row] = await select<Record<string, unknown>>(
    store,
    `SELECT ${selectMetrics(metrics, focus)} FROM ${from} WHERE ${where}`,
    params.values,
  );
  return numbers(row ?? {}, metrics);
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
  const focus = focusOf(scope);
  const { from: source, where, params } = buildWhere(store, scope, focus);
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
  const rows = await select<Record<string, unknown>>(
    store,
    `SELECT formatDateTime(bucket, '${bucket.format}', ${tz}) AS date, * EXCEPT bucket FROM (
       SELECT ${bucket.expr(tz)} AS bucket, ${selectMetrics(metrics, focus)}
       FROM ${source} WHERE ${where}
       GROUP BY bucket
       ORDER BY bucket WITH FILL ${bounds} STEP ${bucket.step}
     )`,
    params.values,
  );
  return rows.map((r) => ({ date: String(r.date), ...numbers(r, metrics) }));
}

export async function breakdown(
  store: Store,
  scope: StatsScope,
  property: Property,
  metrics: Metric[],
  limit: number,
  page: number,
): Promise<BreakdownRow[]> {
  const { from, where, params } = buildWhere(store, scope, property);
  const col = column(property);
  const extra: string[] = [];
  // Goals are custom events; exit pages are the pages with exits left after the deltas.
  if (property === 'event:goal') extra.push(`name NOT IN ('pageview', 'engagement')`);
  if (property === 'visit:entry_page') extra.push(`entry_path != ''`);
  // Like Plausible, these list only visits that have the value (a campaign, a known place).
  if (OMIT_EMPTY.has(property)) extra.push(`${col} != ''`);
  const needed: Metric[] = metrics.includes('visitors') ? metrics : [...metrics, 'visitors'];
  const order = metrics[0] ?? 'visitors';
  const having = property === 'visit:exit_page' ? 'HAVING sum(exits) > 0' : `HAVING m_${order} > 0`;
  const rows = await select<Record<string, unknown>>(
    store,
    `SELECT ${col} AS value, ${selectMetrics(needed, property)}
     FROM ${from} WHERE ${[where, ...extra].join(' AND ')}
     GROUP BY value ${having}
     ORDER BY ${property === 'visit:exit_page' ? 'sum(exits)' : `m_${order}`} DESC, value ASC
     LIMIT ${params.add(limit, 'UInt32')} OFFSET ${params.add((page - 1) * limit, 'UInt32')}`,
    params.values,
  );
  const name = rowKey(property);
  return rows.map((r) => ({ [name]: shown(property, String(r.value)), ...numbers(r, metrics) }));
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
