// The Stats API's vocabulary and answers (Plausible Stats API v1 shapes), defined once: the server
// answers with these types (server/stats/routes.ts checks them with `satisfies`) and the dashboard
// reads them. Documented for humans in docs/stats-api.md. Like everything in protocol/, this file
// imports nothing from server/, dashboard/ or tracker/ and runs in the browser as in Node.

export const METRICS = [
  'visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration',
  'events', 'scroll_depth', 'time_on_page', 'conversion_rate', 'total_revenue', 'average_revenue',
] as const;
export type Metric = (typeof METRICS)[number];

export const isMetric = (value: string): value is Metric => (METRICS as readonly string[]).includes(value);

export const SIMPLE_PROPERTIES = [
  'event:page', 'event:goal', 'event:name', 'event:hostname',
  'visit:entry_page', 'visit:exit_page', 'visit:source', 'visit:channel', 'visit:referrer',
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:device', 'visit:browser', 'visit:browser_version', 'visit:os', 'visit:os_version',
  'visit:country', 'visit:region', 'visit:city',
] as const;

/** The breakdown that lists the custom property keys sent in the period: rows `{prop: "<key>"}`. */
export const PROP_KEYS = 'event:props';
const PROPS_PREFIX = 'event:props:';

/** a simple property, `event:props:<key>`, or `event:props` (breakdown only: which prop keys exist) */
export type Property = (typeof SIMPLE_PROPERTIES)[number] | `event:props:${string}` | typeof PROP_KEYS;

/** A property a filter may name and a breakdown may group by; PROP_KEYS is a breakdown's alone. */
export function isProperty(value: string): value is Property {
  return (SIMPLE_PROPERTIES as readonly string[]).includes(value) || /^event:props:[^:]{1,300}$/.test(value);
}

/** The custom property key of `event:props:<key>`, else undefined. */
export const propKey = (property: string): string | undefined =>
  property.startsWith(PROPS_PREFIX) ? property.slice(PROPS_PREFIX.length) : undefined;

/** The property of custom property key `key`, `event:props:<key>`: propKey's inverse. */
export const propProperty = (key: string): `event:props:${string}` => `${PROPS_PREFIX}${key}`;

/** Plausible's name for "no source" (`visit:source`), in answers and in filters. */
export const DIRECT = 'Direct / None';
/** A custom-property breakdown's row of the events without the property (Plausible's); not a filter value. */
export const PROP_NONE = '(none)';

export const INTERVALS = ['hour', 'date', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export const isInterval = (value: string | null | undefined): value is Interval => (INTERVALS as readonly (string | null | undefined)[]).includes(value);

/**
 * A shared link's token travels in this header on Stats API calls, in place of a session or an
 * API key. Header names are case-insensitive; this is the spelling docs/dashboard.md uses.
 */
export const SHARE_HEADER = 'X-Lagom-Share';

// Answers of GET /api/v1/stats/…

export interface MetricValue {
  /** null: `time_on_page` without a pageview to average over (Plausible's) */
  value: number | null;
  /**
   * with compare=previous_period: percent against it (percentage points for bounce and
   * conversion rates; null when the previous period had no bounce rate to compare with)
   */
  change?: number | null;
  /** with compare=previous_period: the metric's value in the previous period */
  comparison_value?: number | null;
}

/** `aggregate`: one value per metric asked for. */
export interface AggregateResult {
  results: Partial<Record<Metric, MetricValue>>;
}

/**
 * One bucket of a `timeseries`: its label ("2026-03-10", "2026-03-10 13:00:00") and each metric
 * asked for; `visit_duration` and `time_on_page` are null in a bucket without visits or pageviews
 * (Plausible's), where an average has nothing to average.
 */
export type TimePoint = { date: string } & Partial<Record<Metric, number | null>>;

export interface TimeseriesResult {
  results: TimePoint[];
}

/** One row of a `breakdown`: the value under rowKey(property), and each metric asked for. */
/** Revenue metrics are null where no revenue goal applies; a row with revenue also names its `currency`. */
export type BreakdownRow = Record<string, string | number | null>;

export interface BreakdownResult {
  results: BreakdownRow[];
}

/** `realtime/visitors`: a bare number, as in Plausible. */
export type RealtimeResult = number;

/** The key a breakdown row carries its value under: {page: "/"}, {goal: "Signup"}, {plan: "pro"}, {prop: "plan"}. */
export function rowKey(property: string): string {
  if (property === PROP_KEYS) return 'prop';
  if (property === 'event:goal') return 'goal';
  return propKey(property) ?? property.split(':')[1] ?? property;
}

/**
 * Plausible's "change": percent for counts and durations, percentage points for bounce and
 * conversion rates; null for a bounce rate after a period without visits, which had no rate to
 * compare with. The server answers compare=previous_period with it and the dashboard compares
 * with any other span the same way.
 */
export function change(metric: Metric, value: number, before: number): number | null {
  if (metric === 'bounce_rate') return before > 0 ? Math.round(value - before) : null;
  // percentage points, one decimal (Plausible's)
  if (metric === 'conversion_rate') return Math.round((value - before) * 10) / 10;
  if (before === 0) return value > 0 ? 100 : 0;
  return Math.round(((value - before) / before) * 100);
}

/** A metric's value against another period's (absent counts as 0); an average over nothing (null) has no change. */
export function compared(metric: Metric, value: number | null | undefined, before: number | null | undefined): Required<MetricValue> {
  const v = value === undefined ? 0 : value;
  const b = before === undefined ? 0 : before;
  return { value: v, change: v !== null && b !== null ? change(metric, v, b) : null, comparison_value: b };
}
