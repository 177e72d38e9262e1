import { badRequest } from '../errors.js';
import { METRICS, PROP_KEYS, isProperty, type Filter, type Interval, type Metric, type Property } from './model.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function todayIn(timezone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function toDate(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}
const fmt = (d: Date) => d.toISOString().slice(0, 10);
export function addDays(s: string, days: number): string {
  const d = toDate(s);
  d.setUTCDate(d.getUTCDate() + days);
  return fmt(d);
}
function addMonths(s: string, months: number): string {
  const d = toDate(s);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return fmt(d);
}
const monthStart = (s: string) => `${s.slice(0, 7)}-01`;
const monthEnd = (s: string) => addDays(addMonths(s, 1), -1);

function checkDate(value: string, param: string): string {
  if (!DATE.test(value) || Number.isNaN(toDate(value).getTime()) || fmt(toDate(value)) !== value) {
    throw badRequest('invalid_date', `"${param}" must be a date in the form YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

export const PERIODS = ['day', '7d', '30d', 'month', '6mo', '12mo', 'year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

/** Plausible's periods → inclusive [from, to] dates in the site's time zone. */
export function dateRange(period: string, date: string | undefined, timezone: string, now = new Date()): { from: string; to: string; period: Period } {
  if (!(PERIODS as readonly string[]).includes(period)) {
    throw badRequest('invalid_period', `"period" must be one of ${PERIODS.join(', ')}, got "${period}"`);
  }
  const p = period as Period;
  if (p === 'custom') {
    const [from, to, extra] = (date ?? '').split(',');
    if (!from || !to || extra !== undefined) {
      throw badRequest('invalid_date', '"date" must be "YYYY-MM-DD,YYYY-MM-DD" with period=custom');
    }
    checkDate(from, 'date');
    checkDate(to, 'date');
    if (from > to) throw badRequest('invalid_date', '"date" must start before it ends');
    return { from, to, period: p };
  }
  const d = date ? checkDate(date, 'date') : todayIn(timezone, now);
  switch (p) {
    case 'day':
      return { from: d, to: d, period: p };
    case '7d':
      return { from: addDays(d, -6), to: d, period: p };
    case '30d':
      return { from: addDays(d, -29), to: d, period: p };
    case 'month':
      return { from: monthStart(d), to: monthEnd(d), period: p };
    case '6mo':
      return { from: addMonths(d, -5), to: monthEnd(d), period: p };
    case '12mo':
      return { from: addMonths(d, -11), to: monthEnd(d), period: p };
    case 'year':
      return { from: `${d.slice(0, 4)}-01-01`, to: `${d.slice(0, 4)}-12-31`, period: p };
  }
}

export function parseMetrics(value: string | undefined, fallback: Metric[] = ['visitors']): Metric[] {
  if (!value) return fallback;
  const list = value.split(',').map((m) => m.trim());
  for (const m of list) {
    if (!(METRICS as readonly string[]).includes(m)) {
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

/** Splits on `sep` where it is not escaped with a backslash. */
function splitUnescaped(value: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === sep) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out;
}

/**
 * Resolves the escapes of the separators, and keeps the two that wildcard matching reads later:
 * `\*` (a literal star) and `\\` (a literal backslash). See `Filter.values`.
 */
const unescape = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === '*' || c === '\\' ? `\\${c}` : c));

/**
 * Plausible v1 filters: `a==x|y;b!=z`, with `*` and `**` wildcards. A value holding `;`, `|`,
 * `*` or a backslash escapes it with a backslash (`\;`, `\|`, `\*`, `\\`).
 */
export function parseFilters(value: string | undefined): Filter[] {
  if (!value) return [];
  return splitUnescaped(value, ';').map((part) => {
    const m = /^\s*([^=!]+?)\s*(==|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest('invalid_filter', `"filters" has an invalid part "${part}"; use property==value or property!=value`);
    const property = m[1]!;
    if (!isProperty(property)) throw badRequest('invalid_filter', `Unknown property "${property}" in "filters"`);
    const values = splitUnescaped(m[3]!, '|').map((v) => unescape(v.trim()));
    if (values.some((v) => v === '') || values.length > 100) {
      throw badRequest('invalid_filter', `"filters" needs a value after ${m[2]} for "${property}"`);
    }
    return { property, negate: m[2] === '!=', values };
  });
}

export function parseInterval(value: string | undefined, period: Period): Interval {
  const v = value ?? (period === 'day' ? 'hour' : period === '6mo' || period === '12mo' || period === 'year' ? 'month' : 'date');
  if (v !== 'hour' && v !== 'date' && v !== 'week' && v !== 'month') {
    throw badRequest('invalid_interval', `"interval" must be hour, date, week or month, got "${v}"`);
  }
  return v;
}

export function parsePositive(value: string | undefined, param: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`invalid_${param}`, `"${param}" must be a whole number from 1 to ${max}`);
  return n;
}
