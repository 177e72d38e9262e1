// The date ranges the picker offers and the intervals each allows. Each range is a Stats API
// period (and date), resolved by the protocol's resolvePeriod, the function the server answers
// with: the dates the picker shows are the dates counted. Dates are YYYY-MM-DD in the site's time
// zone; "today" is the site's today, not the viewer's.
import { addDays, dayCount, monthStart, resolvePeriod, todayIn, type DateSpan, type Period } from '../../protocol/periods.js';
import type { Interval } from '../../protocol/stats.js';

export const RANGES = ['day', 'yesterday', '7d', '30d', 'month', 'lastmonth', '12mo', 'year', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeKey = '30d';

export const isRange = (value: string | null): value is RangeKey => RANGES.includes(value as RangeKey);

export interface Resolved extends DateSpan {
  /** Stats API parameters: period and, when needed, date */
  params: { period: Period; date?: string };
}

/** The site's wall clock now, as a Stats API label: "2026-11-25 13:05:00". */
export function nowIn(timezone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  return `${todayIn(timezone, now)} ${parts}:00`;
}

/** A range as Stats API parameters; without a span, custom is today. */
function periodOf(range: RangeKey, today: string, custom: DateSpan = { from: today, to: today }): Resolved['params'] {
  switch (range) {
    case 'yesterday':
      return { period: 'day', date: addDays(today, -1) };
    case 'lastmonth':
      return { period: 'month', date: addDays(monthStart(today), -1) };
    case 'custom':
      return { period: 'custom', date: `${custom.from},${custom.to}` };
    default:
      return { period: range };
  }
}

export function resolve(range: RangeKey, today: string, custom?: DateSpan): Resolved {
  const params = periodOf(range, today, custom);
  const span = resolvePeriod(params.period, params.date, today);
  if (span.ok) return { from: span.value.from, to: span.value.to, params };
  // A custom span is the viewer's (or the address bar's): one the server would refuse shows
  // today instead. Every other range periodOf writes from real dates, so a refusal is a bug.
  if (range === 'custom' && custom) return resolve(range, today);
  throw new Error(span.message);
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
