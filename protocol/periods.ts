// The Stats API's dates, defined once: days are YYYY-MM-DD in the site's time zone, and a
// `period` (with its `date`) covers an inclusive range of them. The server resolves a request's
// range with resolvePeriod, and the dashboard's date picker turns each of its choices into a
// period and resolves it with the same function, so the range it shows is the range counted.
// A leaf of protocol/: no imports from server/, dashboard/ or tracker/, and it runs in the browser.
import type { Checked } from './errors.js';

export interface DateSpan {
  /** inclusive, YYYY-MM-DD */
  from: string;
  to: string;
}

const PERIODS = ['day', '7d', '30d', 'month', '6mo', '12mo', 'year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

const isPeriod = (value: string): value is Period => (PERIODS as readonly string[]).includes(value);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Days are computed at UTC midnight: no daylight-saving hour can move a day across a boundary.
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** A real calendar day written YYYY-MM-DD (not 2026-02-30, not 2026-13-01). */
export function isDate(value: string | null | undefined): value is string {
  if (!value || !DATE.test(value)) return false;
  const d = toDate(value);
  return !Number.isNaN(d.getTime()) && fmt(d) === value;
}

/** The day it is now in `timezone`. */
export function todayIn(timezone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

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

export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
export const monthEnd = (day: string): string => addDays(addMonths(day, 1), -1);

export const dayCount = (span: DateSpan): number => Math.round((toDate(span.to).getTime() - toDate(span.from).getTime()) / 86_400_000) + 1;

/** The same number of days just before: what compare=previous_period compares with. */
export function previousSpan(span: DateSpan): DateSpan {
  const days = dayCount(span);
  return { from: addDays(span.from, -days), to: addDays(span.from, -1) };
}

export interface PeriodRange extends DateSpan {
  period: Period;
}

type PeriodCode = 'invalid_period' | 'invalid_date';
const refuse = (code: PeriodCode, message: string): Checked<PeriodRange, PeriodCode> => ({ ok: false, code, message });
const badDate = (value: string) => refuse('invalid_date', `"date" must be a date in the form YYYY-MM-DD, got "${value}"`);

/**
 * Plausible's periods → inclusive dates. `date` is the day the period is about ("YYYY-MM-DD",
 * `today` when absent), or "YYYY-MM-DD,YYYY-MM-DD" with period=custom (spaces around the comma
 * allowed, as Plausible allows them); `today` is the site's. The last 7 and 30 days are the full
 * days before `date`, without it: a day still under way would read as a drop at the end of the
 * chart. Plausible has counted them so since March 2025.
 */
export function resolvePeriod(period: string, date: string | undefined, today: string): Checked<PeriodRange, PeriodCode> {
  if (!isPeriod(period)) return refuse('invalid_period', `"period" must be one of ${PERIODS.join(', ')}, got "${period}"`);
  const ok = (from: string, to: string): Checked<PeriodRange, PeriodCode> => ({ ok: true, value: { from, to, period } });
  if (period === 'custom') {
    const [from, to, extra] = (date ?? '').split(',').map((day) => day.trim());
    if (!from || !to || extra !== undefined) return refuse('invalid_date', '"date" must be "YYYY-MM-DD,YYYY-MM-DD" with period=custom');
    if (!isDate(from)) return badDate(from);
    if (!isDate(to)) return badDate(to);
    if (from > to) return refuse('invalid_date', '"date" must start before it ends');
    return ok(from, to);
  }
  if (date && !isDate(date)) return badDate(date);
  const d = date || today;
  switch (period) {
    case 'day':
      return ok(d, d);
    case '7d':
      return ok(addDays(d, -7), addDays(d, -1));
    case '30d':
      return ok(addDays(d, -30), addDays(d, -1));
    case 'month':
      return ok(monthStart(d), monthEnd(d));
    case '6mo':
      return ok(addMonths(d, -5), monthEnd(d));
    case '12mo':
      return ok(addMonths(d, -11), monthEnd(d));
    case 'year':
      return ok(`${d.slice(0, 4)}-01-01`, `${d.slice(0, 4)}-12-31`);
  }
}
