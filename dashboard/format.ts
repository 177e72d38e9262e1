import type { Interval } from './api.js';
import type { Period } from './state.js';

const numbers = new Intl.NumberFormat('en');

export const formatNumber = (n: number): string => numbers.format(n);

/** Today is shown by the hour; every longer period by the day. */
export const intervalFor = (period: Period): Interval => (period === 'day' ? 'hour' : 'date');

/**
 * Turns the Stats API's wall-clock label ("2026-11-25" or "2026-11-25 13:00:00", already in
 * the site's time zone) into seconds as if it were UTC. The chart then draws in UTC, so its
 * labels show the site's own clock whatever the viewer's time zone is.
 */
export function wallClockSeconds(label: string): number {
  const [date = '', time = '00:00:00'] = label.split(' ');
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm) / 1000;
}
