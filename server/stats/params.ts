// The Stats API's query parameters, checked: each parser answers a typed value or throws the 400
// that names the parameter. The vocabulary, the periods and the filter syntax are the protocol's
// (protocol/stats.ts, periods.ts, filters.ts), shared with the dashboard; this file adds the HTTP
// errors and the rules the store relies on.
import { badRequest } from '../core/errors.js';
import { parseFilters as parseFilterText, type Filter } from '../../protocol/filters.js';
import { resolvePeriod, todayIn, type Period, type PeriodRange } from '../../protocol/periods.js';
import { METRICS, PROP_KEYS, isInterval, isMetric, isProperty, propKey, type Interval, type Metric, type Property } from '../../protocol/stats.js';

// Re-exported for the server's callers (main.ts, tests) that only need the day arithmetic.
export { addDays, todayIn } from '../../protocol/periods.js';

/** Plausible's periods → inclusive [from, to] dates in the site's time zone. */
export function dateRange(period: string, date: string | undefined, timezone: string, now = new Date()): PeriodRange {
  const range = resolvePeriod(period, date, todayIn(timezone, now));
  if (!range.ok) throw badRequest(range.code, range.message);
  return range.value;
}

export function parseMetrics(value: string | undefined, fallback: Metric[] = ['visitors']): Metric[] {
  if (!value) return fallback;
  const list = value.split(',').map((m) => m.trim());
  for (const m of list) {
    if (!isMetric(m)) {
      throw badRequest('invalid_metric', `Unknown metric "${m}" in "metrics"; known metrics: ${METRICS.join(', ')}`);
    }
  }
  return [...new Set(list)] as Metric[];
}

export function parseProperty(value: string | undefined): Property {
  if (!value) throw badRequest('missing_property', '"property" is required for a breakdown');
  if (value === PROP_KEYS) return value;
  if (!isProperty(value)) throw badRequest('invalid_property', `Unknown property "${value}" in "property"`);
  return value;
}

/** Plausible v1 filters (see protocol/filters.ts). */
export function parseFilters(value: string | undefined): Filter[] {
  if (!value) return [];
  const filters = parseFilterText(value);
  if (!filters.ok) throw badRequest(filters.code, filters.message);
  return filters.value;
}

/**
 * Each custom property has its own copy of an event's row, so a query reads one key's copies:
 * its filters and its breakdown may name one custom property at most, and listing the keys
 * (PROP_KEYS) takes none. The store counts on this having been checked.
 */
export function checkCustomProperties(filters: readonly Filter[], breakdown?: Property): void {
  const keys = new Set<string>();
  for (const p of [breakdown, ...filters.map((f) => f.property)]) {
    const key = p && propKey(p);
    if (key !== undefined) keys.add(key);
  }
  if (keys.size > 1) throw badRequest('invalid_filter', 'Only one custom property can be used in a query at a time');
  if (breakdown === PROP_KEYS && keys.size > 0) throw badRequest('invalid_filter', 'Listing prop keys cannot be combined with a prop filter');
}

export function parseInterval(value: string | undefined, period: Period): Interval {
  const v = value ?? (period === 'day' ? 'hour' : period === '6mo' || period === '12mo' || period === 'year' ? 'month' : 'date');
  if (!isInterval(v)) {
    throw badRequest('invalid_interval', `"interval" must be hour, date, week or month, got "${v}"`);
  }
  return v;
}

export function parsePositive(value: string | undefined, param: 'limit' | 'page', fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`invalid_${param}`, `"${param}" must be a whole number from 1 to ${max}`);
  return n;
}
