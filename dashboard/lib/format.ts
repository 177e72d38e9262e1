// Numbers and dates in the viewer's language. Dates from the Stats API are wall-clock labels of
// the site's time zone; they are formatted as UTC so nothing shifts them by the viewer's zone.
import { locale } from './text.js';

const numbers = new Intl.NumberFormat(locale);
const decimals = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

export const formatNumber = (n: number): string => numbers.format(n);
export const formatDecimal = (n: number): string => decimals.format(n);
/** An amount in its ISO 4217 currency, as the viewer's language writes it (249 kr, €10.29). */
export const formatMoney = (n: number, currency: string): string => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);

/**
 * Turns a wall-clock label ("2026-11-25" or "2026-11-25 13:00:00", already in the site's time
 * zone) into seconds as if it were UTC. The chart then draws in UTC, so its labels show the
 * site's own clock whatever the viewer's time zone is.
 */
export function wallClockSeconds(label: string): number {
  const [date = '', time = '00:00:00'] = label.split(' ');
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm) / 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options })));
  return f;
}

export type DateStyle = 'hour' | 'day' | 'dayLong' | 'month' | 'monthYear' | 'full';
const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  hour: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { month: 'short', day: 'numeric' },
  dayLong: { weekday: 'short', month: 'short', day: 'numeric' },
  month: { month: 'short' },
  monthYear: { month: 'long', year: 'numeric' },
  full: { year: 'numeric', month: 'short', day: 'numeric' },
};

/** Formats wall-clock seconds (see wallClockSeconds). */
export const formatWallClock = (seconds: number, style: DateStyle): string => dateFormat(STYLES[style]).format(new Date(seconds * 1000));

/** A moment (ISO 8601) in the viewer's own time zone, to the minute: for sessions and the audit log. */
const moments = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
export const formatMoment = (iso: string): string => moments.format(new Date(iso));

/** Formats a YYYY-MM-DD date. */
export const formatDay = (day: string, style: DateStyle = 'full'): string => formatWallClock(wallClockSeconds(day), style);
