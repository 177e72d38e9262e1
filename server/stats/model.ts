// The vocabulary of the Stats API, shared by the HTTP layer (parsing) and the store (SQL).

export const METRICS = [
  'visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration',
  'events', 'scroll_depth', 'time_on_page',
] as const;
export type Metric = (typeof METRICS)[number];

export const SIMPLE_PROPERTIES = [
  'event:page', 'event:goal', 'event:hostname',
  'visit:entry_page', 'visit:exit_page', 'visit:source', 'visit:referrer',
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:device', 'visit:browser', 'visit:browser_version', 'visit:os', 'visit:os_version',
  'visit:country', 'visit:region', 'visit:city',
] as const;
/** a simple property, `event:props:<key>`, or `event:props` (breakdown only: which prop keys exist) */
export type Property = (typeof SIMPLE_PROPERTIES)[number] | `event:props:${string}` | 'event:props';

export interface Filter {
  property: Property;
  negate: boolean;
  /**
   * Alternatives joined by `|`. A value may hold `*` / `**` wildcards; a literal star is written
   * `\*` and a literal backslash `\\` (the only escapes left in; store/stats.ts reads them).
   */
  values: string[];
}

export interface StatsScope {
  site: string;
  timezone: string;
  /** inclusive dates in the site's time zone, YYYY-MM-DD */
  from: string;
  to: string;
  filters: Filter[];
}

export type Interval = 'hour' | 'date' | 'week' | 'month';

export const PROP_KEYS = 'event:props';

export function isProperty(value: string): value is Property {
  return (SIMPLE_PROPERTIES as readonly string[]).includes(value) || /^event:props:[^:]{1,300}$/.test(value);
}
