import type { Filter } from '../../protocol/filters.js';
import { DIRECT, PROP_KEYS, PROP_NONE, propKey, type Metric, type Property } from '../../protocol/stats.js';
import { CHANNEL_EXPR } from './channels.js';
import type { Dimension } from './schema.js';

// The pieces of the Stats API's SQL: columns, filter conditions and metric expressions. Only
// column names and expressions from the fixed tables below are written into the text; every
// value from a request is a bound {name:Type} parameter (Params).
//
// How a number is read under filters (docs/privacy.md, "Visits under a filter"): filters on
// the visit (source, country, entry page…) select rows, as every row of a visit carries the
// visit's fields. Filters on the event (page, goal, event name, custom property) select the
// events that match, and the visit metrics read the key columns of those events: the visits
// that include a matching event, their bounces and their duration (rows.ts books them).

/** A configured goal, as the Stats API reads it (records.ts keeps them). */
export interface StatsGoal {
  /** the goal's id (records.ts): a pageview goal's corrections are booked under it */
  id: string;
  display_name: string;
  goal_type: 'event' | 'page';
  event_name: string;
  page_path: string;
  /** a revenue goal's ISO 4217 code, else '' */
  currency?: string;
}

const COLUMNS: Record<string, Dimension> = {
  'event:page': 'path',
  'event:goal': 'name',
  'event:name': 'name',
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

export function column(property: Property): string {
  if (property === PROP_KEYS) return 'prop_key';
  // Derived from the source and UTM columns (channels.ts): every row has a channel, Direct too.
  if (property === 'visit:channel') return CHANNEL_EXPR;
  if (property.startsWith('event:props:')) return 'prop_value';
  const col = COLUMNS[property];
  // server/stats/params.ts admits only properties of the protocol, each listed above.
  if (!col) throw new Error(`store/stats: no column for property "${property}"`);
  return col;
}

/** `text` as a regular expression that matches exactly it. */
export const escapeRegex = (c: string) => c.replace(/[.*+?^${}()[\]\\|]/g, '\\$&');

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

/** Does `text` match the pattern `value` (filterPattern's rules)? For goal names, in memory. */
export function matchesPattern(value: string, text: string, ignoreCase = false): boolean {
  const p = filterPattern(value);
  if (ignoreCase) return new RegExp('regex' in p ? p.regex : `^${escapeRegex(p.literal)}$`, 'si').test(text);
  return 'literal' in p ? p.literal === text : new RegExp(p.regex, 's').test(text);
}

export class Params {
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
export const shown = (property: Property, value: string) => (property === 'visit:source' && value === '' ? DIRECT : value);

/** `col` matches any of the patterns; with `ignoreCase`, letters in either case (`(?i)`, Unicode-aware). */
export function matchExpr(col: string, property: Property, values: readonly string[], params: Params, ignoreCase = false): string {
  const patterns = values.map(filterPattern);
  const exact = patterns.flatMap((p) => ('literal' in p ? [stored(property, p.literal)] : []));
  const flags = ignoreCase ? '(?i)' : '';
  return exact.length === patterns.length && !ignoreCase
    ? `${col} IN ${params.add(exact, 'Array(String)')}`
    : `multiMatchAny(${col}, ${params.add(patterns.map((p) => flags + ('regex' in p ? p.regex : `^${escapeRegex(stored(property, p.literal))}$`)), 'Array(String)')})`;
}

/** The custom events that count as goals when a site has configured none. */
const NOT_GOALS = `name NOT IN ('pageview', 'engagement')`;

/** The configured goals whose display name matches one of the filter's values. */
const goalsNamed = (values: readonly string[], goals: readonly StatsGoal[], ignoreCase = false) =>
  goals.filter((g) => values.some((v) => matchesPattern(v, g.display_name, ignoreCase)));

/** The rows of one goal's conversions. */
export function goalExpr(goal: StatsGoal, params: Params): string {
  if (goal.goal_type === 'event') return `name = ${params.add(goal.event_name, 'String')}`;
  // The pageviews of its pages, and the rows that correct its visitors (`goal` = its id) but no
  // other goal's.
  return `name = 'pageview' AND ${matchExpr('path', 'event:page', [goal.page_path], params)} AND goal IN ('', ${params.add(goal.id, 'String')})`;
}

/**
 * The condition of an `event:goal` filter: the configured goals whose display name matches, or,
 * for a site that has configured none, the custom events of that name (docs/stats-api.md).
 */
function goalFilterExpr({ values, ignoreCase }: Filter, goals: readonly StatsGoal[] | undefined, params: Params): string {
  if (!goals?.length) return `(${matchExpr('name', 'event:goal', values, params, ignoreCase)} AND ${NOT_GOALS})`;
  const chosen = goalsNamed(values, goals, ignoreCase);
  if (chosen.length === 0) return '0';
  return `(${chosen.map((g) => `(${goalExpr(g, params)})`).join(' OR ')})`;
}

export function filterExpr(filter: Filter, params: Params, goals?: readonly StatsGoal[], col = column(filter.property)): string {
  const test = filter.property === 'event:goal' ? goalFilterExpr(filter, goals, params) : matchExpr(col, filter.property, filter.values, params, filter.ignoreCase);
  return filter.negate ? `NOT (${test})` : test;
}

/**
 * Does a custom-property filter pick the events without the property too? Plausible's reading:
 * `(none)` among the values of `==`, or missing from those of an exact `!=` (an event without
 * the property does not have the value). A wildcard `!=` (`matches_wildcard_not`,
 * `contains_not`) reads only the events that have the property, as in Plausible.
 */
export const picksNone = (f: Filter): boolean =>
  propKey(f.property) !== undefined &&
  f.values.includes(PROP_NONE) !== f.negate &&
  !(f.negate && f.values.some((v) => 'regex' in filterPattern(v)));

/** A custom-property filter on the events that have the property: its values without "(none)". */
export const withValues = (f: Filter): Filter => ({ ...f, values: f.values.filter((v) => v !== PROP_NONE) });

/**
 * Custom-property filters that pick the events without the property as well, read as a weight
 * per row: an event has its plain row (`prop_key` ''), and a copy per property it has, so the
 * plain rows (+1) less the copies whose value is not picked (-1) are the picked events, each
 * once. Every sum of the query is multiplied by it (stats.ts): exact for events and pageviews,
 * visitors as a "(none)" row's (docs/stats-api.md). All of `filters` name one property.
 */
export function noneWeight(filters: readonly Filter[], params: Params): string {
  const picked = filters.map((f) => {
    const { values } = withValues(f);
    const match = values.length ? matchExpr('prop_value', f.property, values, params, f.ignoreCase) : '0';
    return f.negate ? `NOT (${match})` : match;
  });
  return `if(prop_key = '', 1, if(${picked.join(' AND ')}, 0, -1))`;
}

const EVENT_PROPERTIES = new Set<string>(['event:page', 'event:goal', 'event:name']);
/** A filter on what happened (a page, a goal, a custom property), not on the visit. */
export const isEventFilter = (f: Filter) => !f.negate && (EVENT_PROPERTIES.has(f.property) || f.property.startsWith('event:props:'));

/**
 * How a query reads its numbers: the condition that picks the matching events, and which
 * columns the visit metrics read.
 */
export interface Lens {
  /** the events that match the event filters and the breakdown's kind ('1': every row) */
  events: string;
  /** the rows the visit metrics (visitors, visits, duration) add up */
  visits: string;
  /** the rows the bounce rate reads, and its two columns */
  bounce: { where: string; bounces: string; visits: string };
  visitors: string;
  /** the rows `visitors` adds up */
  visitorsWhere: string;
  visitsCol: string;
  durationCol: string;
  /** the currency revenue is read in (SQL: a bound code, or per row in a goal breakdown); none: no revenue goal applies */
  currency?: string;
}

export interface LensInput {
  filters: readonly Filter[];
  goals: readonly StatsGoal[] | undefined;
  breakdown: Property | undefined;
  params: Params;
  /**
   * custom-property filters read through a weight per row (noneWeight) rather than a condition:
   * filters on what happened still, whose events the weights pick
   */
  weighted?: boolean;
}

/**
 * Plausible's reading: under an `event:page` filter (and in a page breakdown) the bounce rate is
 * that of the visits that entered on the page; every other visit metric is that of the visits
 * that include a matching event.
 */
export function lens({ filters, goals, breakdown, params, weighted = false }: LensInput): Lens {
  const eventFilters = filters.filter(isEventFilter);
  const conds = eventFilters.map((f) => filterExpr(f, params, goals));
  const events = conds.length ? conds.join(' AND ') : '1';
  const onPages = eventFilters.some((f) => f.property === 'event:page') || breakdown === 'event:page';
  const onGoals = weighted || eventFilters.some((f) => f.property !== 'event:page') || breakdown === 'event:goal' || breakdown === 'event:name' || breakdown?.startsWith('event:props') === true;
  const pageGoals = goals?.some((g) => g.goal_type === 'page') === true && (breakdown === 'event:goal' || eventFilters.some((f) => f.property === 'event:goal'));
  if (!onPages && !onGoals) {
    return { events, visits: '1', bounce: { where: '1', bounces: 'bounces', visits: 'visits' }, visitors: 'visitors', visitorsWhere: '1', visitsCol: 'visits', durationCol: 'duration_ms' };
  }
  const pages = onPages || pageGoals;
  // Goals, event names and props: a pageview row stands for the site's own visitor and visit
  // unless a page is involved; a custom event's row for its key's.
  const pick = (pageview: string, other: string) => `if(name = 'pageview', ${pageview}, ${other})`;
  if (!pages) {
    return {
      events,
      visits: events,
      bounce: { where: events, bounces: pick('bounces', 'key_bounces'), visits: pick('visits', 'key_visits') },
      visitors: pick('visitors', 'goal_visitors'),
      visitorsWhere: events,
      visitsCol: pick('visits', 'key_visits'),
      durationCol: pick('duration_ms', 'key_duration_ms'),
    };
  }
  // A page filter alone counts the page's pageviews for the visit metrics, not the custom
  // events that happened on it.
  const visits = onGoals ? events : `${events} AND name = 'pageview'`;
  const pageOnly = !onGoals && breakdown !== 'event:page';
  const entry = eventFilters.filter((f) => f.property === 'event:page').map((f) => filterExpr(f, params, goals, 'entry_path'));
  return {
    events,
    visits,
    bounce:
      pageOnly && entry.length
        ? { where: `${entry.join(' AND ')} AND name = 'pageview'`, bounces: 'bounces', visits: 'visits' }
        : { where: visits, bounces: 'key_bounces', visits: 'key_visits' },
    // A page's visitors had any event on it (a custom event too); a goal's, that goal. A pageview
    // goal's are its pages' with the corrections a site's own script sent (goal_fix): every row
    // read here passed the goal's condition, which admits only that goal's corrections.
    visitors: pageGoals
      ? `if(name = 'pageview', toInt64(page_visitors) + goal_fix, toInt64(goal_visitors))`
      : onGoals
        ? pick('page_visitors', 'goal_visitors')
        : 'page_visitors',
    visitorsWhere: events,
    visitsCol: 'key_visits',
    durationCol: 'key_duration_ms',
  };
}

const NONE: ReadonlySet<Metric> = new Set();

/** A metric's SQL under a lens; conversion_rate is computed from two queries (stats.ts). */
export function metricExpr(metric: Exclude<Metric, 'conversion_rate'>, l: Lens, exitPage: boolean, nullable: ReadonlySet<Metric> = NONE): string {
  // An average over nothing: 0, or NULL where Plausible answers null.
  const none = nullable.has(metric) ? 'NULL' : '0';
  const sumIf = (col: string, cond: string) => (cond === '1' ? `sum(${col})` : `sumIf(${col}, ${cond})`);
  const visits = sumIf(l.visitsCol, l.visits);
  switch (metric) {
    case 'visitors':
      return `toUInt64(${sumIf(l.visitors, l.visitorsWhere)})`;
    case 'visits':
      // a visit ends on exactly one page: its exit count
      return exitPage ? 'toUInt64(greatest(sum(exits), 0))' : `toUInt64(${visits})`;
    case 'pageviews':
      return `toUInt64(${sumIf('pageviews', l.events)})`;
    case 'events':
      return `toUInt64(${sumIf('events', l.events)})`;
    case 'views_per_visit':
      return `if(${visits} = 0, 0, round(${sumIf('pageviews', l.events)} / ${visits}, 2))`;
    case 'bounce_rate': {
      const b = l.bounce;
      const n = sumIf(b.visits, b.where);
      return `if(${n} = 0, 0, toUInt64(round(100 * greatest(${sumIf(b.bounces, b.where)}, 0) / ${n})))`;
    }
    case 'visit_duration':
      return `if(${visits} = 0, ${none}, toUInt64(round(${sumIf(l.durationCol, l.visits)} / 1000 / ${visits})))`;
    case 'scroll_depth':
      return `if(${sumIf('scroll_n', l.events)} = 0, 0, toUInt64(round(${sumIf('scroll_sum', l.events)} / ${sumIf('scroll_n', l.events)})))`;
    case 'total_revenue':
    case 'average_revenue': {
      if (!l.currency) return 'NULL';
      const where = `${l.events} AND currency = ${l.currency}`;
      const total = `sumIf(revenue_milli, ${where}) / 1000`;
      return metric === 'total_revenue' ? `round(${total}, 2)` : `if(sumIf(revenue_n, ${where}) = 0, NULL, round(${total} / sumIf(revenue_n, ${where}), 2))`;
    }
    case 'time_on_page': {
      // Engaged time per pageview where the pages sent engagement events (data-extras); else
      // Plausible's legacy time on page: the average gap to the visit's next pageview.
      const engaged = sumIf('engaged_ms', l.events);
      const pageviews = sumIf('pageviews', l.events);
      const gaps = sumIf('gap_n', l.events);
      return `if(${engaged} > 0, if(${pageviews} = 0, ${none}, toUInt64(round(${engaged} / 1000 / ${pageviews}))), if(${gaps} = 0, ${none}, toUInt64(round(${sumIf('gap_ms', l.events)} / 1000 / ${gaps}))))`;
    }
  }
}

/** The one currency of the revenue goals a goal filter picks, or undefined (none, or several). */
export function goalCurrency(filters: readonly Filter[], goals: readonly StatsGoal[] | undefined): string | undefined {
  const picked = filters.filter((f) => f.property === 'event:goal' && !f.negate).flatMap((f) => goalsNamed(f.values, goals ?? [], f.ignoreCase));
  const currencies = new Set(picked.flatMap((g) => (g.currency ? [g.currency] : [])));
  return currencies.size === 1 ? [...currencies][0] : undefined;
}
