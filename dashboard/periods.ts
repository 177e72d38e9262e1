// The date ranges the picker offers, as the Stats API's periods, and the intervals each allows.
// Dates are YYYY-MM-DD in the site's time zone; "today" is the site's today, not the viewer's.
import type { Interval } from './stats.js';

export const RANGES = ['day', 'yesterday', '7d', '30d', 'month', 'lastmonth', '12mo', 'year', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeKey = '30d';

export const isRange = (value: string | null): value is RangeKey => RANGES.includes(value as RangeKey);

export interface DateSpan {
  from: string;
  to: string;
}

export interface Resolved extends DateSpan {
  /** Stats API parameters: period and, when needed, date */
  params: { period: string; date?: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (value: string | null | undefined): value is string =>
  !!value && DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export function todayIn(timezone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The site's wall clock now, as a Stats API label: "2026-11-25 13:05:00". */
export function nowIn(timezone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  return `${todayIn(timezone, now)} ${parts}:00`;
}

const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const d = toDate(day);
  d.setUTCDate(d.getUTCDate() + days);
  return fmt(d);
}

/** The first day of the month `months` away from `day`'s month. */
export function addMonths(day: string, months: number): string {
  const d = toDate(day);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return fmt(d);
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => addDays(addMonths(day, 1), -1);

export const dayCount = (span: DateSpan): number => Math.round((toDate(span.to).getTime() - toDate(span.from).getTime()) / 86_400_000) + 1;

/** The same ranges as the server's dateRange() for the same period and date. */
export function resolve(range: RangeKey, today: string, custom?: DateSpan): Resolved {
  switch (range) {
    case 'day':
      return { from: today, to: today, params: { period: 'day' } };
    case 'yesterday': {
      const d = addDays(today, -1);
      return { from: d, to: d, params: { period: 'day', date: d } };
    }
    case '7d':
      return { from: addDays(today, -6), to: today, params: { period: '7d' } };
    case '30d':
      return { from: addDays(today, -29), to: today, params: { period: '30d' } };
    case 'month':
      return { from: monthStart(today), to: monthEnd(today), params: { period: 'month' } };
    case 'lastmonth': {
      const d = addDays(monthStart(today), -1);
      return { from: monthStart(d), to: d, params: { period: 'month', date: d } };
    }
    case '12mo':
      return { from: addMonths(today, -11), to: monthEnd(today), params: { period: '12mo' } };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31`, params: { period: 'year' } };
    case 'custom': {
      const span = custom && custom.from <= custom.to ? custom : { from: today, to: today };
      return { ...span, params: { period: 'custom', date: `${span.from},${span.to}` } };
    }
  }
}

/** The same number of days just before: what compare=previous_period compares with. */
export function previousSpan(span: DateSpan): DateSpan {
  const days = dayCount(span);
  return { from: addDays(span.from, -days), to: addDays(span.from, -1) };
}

/** Hours only make sense for a few days, months only for long ranges. */
export function intervalsFor(span: DateSpan): Interval[] {
  const days = dayCount(span);
  if (days <= 1) return ['hour'];
  if (days <= 7) return ['hour', 'date'];
  if (days <= 45) return ['date', 'week'];
  return ['date', 'week', 'month'];
}

export function defaultInterval(range: RangeKey, span: DateSpan): Interval {
  const days = dayCount(span);
  if (days <= 1) return 'hour';
  return days > 93 || range === '12mo' || range === 'year' ? 'month' : 'date';
}

export function pickInterval(wanted: Interval | null, range: RangeKey, span: DateSpan): Interval {
  return wanted && intervalsFor(span).includes(wanted) ? wanted : defaultInterval(range, span);
}
