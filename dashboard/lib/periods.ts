// The date ranges the picker offers and the intervals each allows. Each range is a Stats API
// period (and date), resolved by the protocol's resolvePeriod, the function the server answers
// with: the dates the picker shows are the dates counted. Dates are YYYY-MM-DD in the site's time
// zone; "today" is the site's today, not the viewer's.
import { addDays, dayCount, isDate, monthStart, previousSpan, resolvePeriod, todayIn, type DateSpan, type Period } from '../../protocol/periods.js';
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

// What the totals' changes and the chart's faint line compare with. Off shows neither; the
// others are a span of days the dashboard works out itself and asks for as a custom period, so
// every mode is one kind of request.
export const COMPARES = ['previous', 'year', 'weekday', 'custom', 'off'] as const;
export type CompareKey = (typeof COMPARES)[number];
export const DEFAULT_COMPARE: CompareKey = 'previous';

export const isCompare = (value: string | null): value is CompareKey => COMPARES.includes(value as CompareKey);

/** The same day a year earlier; 29 February becomes the 28th, as a year without it has no 29th. */
export function yearBefore(day: string): string {
  const year = String(Number(day.slice(0, 4)) - 1).padStart(4, '0');
  const shifted = `${year}${day.slice(4)}`;
  return isDate(shifted) ? shifted : `${year}-02-28`;
}

/**
 * The previous period moved back to the same weekday: the smallest whole number of weeks that
 * does not overlap the range (7·n days for a range of n weeks, 35 for 30 days), so Mondays
 * line up with Mondays and no day is counted on both sides.
 */
export function weekdaySpan(span: DateSpan): DateSpan {
  const back = Math.ceil(dayCount(span) / 7) * 7;
  return { from: addDays(span.from, -back), to: addDays(span.to, -back) };
}

/** The span `mode` compares `span` with; null for off (and for custom without a valid span). */
export function compareSpan(mode: CompareKey, span: DateSpan, custom?: DateSpan): DateSpan | null {
  switch (mode) {
    case 'previous':
      return previousSpan(span);
    case 'year':
      return { from: yearBefore(span.from), to: yearBefore(span.to) };
    case 'weekday':
      return weekdaySpan(span);
    case 'custom':
      return custom && isSpan(custom) ? custom : null;
    case 'off':
      return null;
  }
}

/** Two real days, the first not after the second. */
export const isSpan = (span: Partial<DateSpan>): span is DateSpan => isDate(span.from) && isDate(span.to) && span.from <= span.to;
