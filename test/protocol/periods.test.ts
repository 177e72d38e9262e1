// The Stats API's date ranges (protocol/periods.ts), resolved once for the server's `period` and
// `date` and for the dashboard's picker: every period, month ends, leap years, and "today" in
// time zones on either side of midnight.
import { describe, expect, it } from 'vitest';
import { RANGES, resolve, type RangeKey } from '../../dashboard/lib/periods.js';
import { addDays, addMonths, dayCount, isDate, monthEnd, previousSpan, resolvePeriod, todayIn } from '../../protocol/periods.js';
import { dateRange } from '../../server/stats/params.js';

describe('resolvePeriod', () => {
  it.each([
    // period, date, today, from, to
    ['day', undefined, '2026-03-10', '2026-03-10', '2026-03-10'],
    ['day', '2024-02-29', '2026-03-10', '2024-02-29', '2024-02-29'],
    ['day', '', '2026-03-10', '2026-03-10', '2026-03-10'],
    // the 7 and 30 days before `date`, without it (Plausible's last_n_days)
    ['7d', '2026-03-10', '2026-03-10', '2026-03-03', '2026-03-09'],
    ['7d', '2021-01-08', '2026-03-10', '2021-01-01', '2021-01-07'],
    ['7d', '2026-03-03', '2026-03-10', '2026-02-24', '2026-03-02'],
    ['7d', '2024-03-03', '2026-03-10', '2024-02-25', '2024-03-02'],
    ['7d', '2026-01-02', '2026-03-10', '2025-12-26', '2026-01-01'],
    ['7d', undefined, '2026-03-10', '2026-03-03', '2026-03-09'],
    ['30d', '2026-03-10', '2026-03-10', '2026-02-08', '2026-03-09'],
    ['30d', '2024-03-10', '2026-03-10', '2024-02-09', '2024-03-09'],
    ['30d', '2026-01-15', '2026-03-10', '2025-12-16', '2026-01-14'],
    ['30d', undefined, '2026-03-31', '2026-03-01', '2026-03-30'],
    ['month', '2026-02-14', '2026-03-10', '2026-02-01', '2026-02-28'],
    ['month', '2024-02-14', '2026-03-10', '2024-02-01', '2024-02-29'],
    ['month', '2000-02-01', '2026-03-10', '2000-02-01', '2000-02-29'],
    ['month', '2100-02-01', '2026-03-10', '2100-02-01', '2100-02-28'],
    ['month', '2026-01-31', '2026-03-10', '2026-01-01', '2026-01-31'],
    ['month', '2026-04-30', '2026-03-10', '2026-04-01', '2026-04-30'],
    ['month', '2026-12-31', '2026-03-10', '2026-12-01', '2026-12-31'],
    ['month', undefined, '2024-02-10', '2024-02-01', '2024-02-29'],
    ['6mo', '2026-03-10', '2026-03-10', '2025-10-01', '2026-03-31'],
    ['6mo', '2026-08-31', '2026-03-10', '2026-03-01', '2026-08-31'],
    ['6mo', '2024-02-29', '2026-03-10', '2023-09-01', '2024-02-29'],
    ['12mo', '2026-03-10', '2026-03-10', '2025-04-01', '2026-03-31'],
    ['12mo', '2024-02-29', '2026-03-10', '2023-03-01', '2024-02-29'],
    ['12mo', '2026-12-31', '2026-03-10', '2026-01-01', '2026-12-31'],
    ['12mo', '2026-01-01', '2026-03-10', '2025-02-01', '2026-01-31'],
    ['year', '2026-03-10', '2026-03-10', '2026-01-01', '2026-12-31'],
    ['year', '2024-12-31', '2026-03-10', '2024-01-01', '2024-12-31'],
    ['year', undefined, '2026-01-01', '2026-01-01', '2026-12-31'],
    ['custom', '2026-01-05,2026-01-09', '2026-03-10', '2026-01-05', '2026-01-09'],
    ['custom', '2026-03-10,2026-03-10', '2026-03-10', '2026-03-10', '2026-03-10'],
    ['custom', '2024-02-28,2024-03-01', '2026-03-10', '2024-02-28', '2024-03-01'],
    ['custom', '2025-12-31,2026-01-01', '2026-03-10', '2025-12-31', '2026-01-01'],
    ['custom', '2027-01-01,2027-01-31', '2026-03-10', '2027-01-01', '2027-01-31'],
    // spaces around the comma, as Plausible takes them
    ['custom', '2020-12-01, 2021-01-02', '2026-03-10', '2020-12-01', '2021-01-02'],
    ['custom', ' 2026-01-05 , 2026-01-09 ', '2026-03-10', '2026-01-05', '2026-01-09'],
  ])('%s %s (today %s) is %s to %s', (period, date, today, from, to) => {
    expect(resolvePeriod(period, date, today)).toEqual({ ok: true, value: { from, to, period } });
  });

  it.each([
    ['week', undefined, 'invalid_period', '"period" must be one of day, 7d, 30d, month, 6mo, 12mo, year, custom, got "week"'],
    ['yesterday', undefined, 'invalid_period', '"period" must be one of day, 7d, 30d, month, 6mo, 12mo, year, custom, got "yesterday"'],
    ['day', '2026-02-30', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "2026-02-30"'],
    ['day', '2025-02-29', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "2025-02-29"'],
    ['month', '2026-13-01', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "2026-13-01"'],
    ['7d', '2026-3-1', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "2026-3-1"'],
    ['30d', 'today', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "today"'],
    ['custom', undefined, 'invalid_date', '"date" must be "YYYY-MM-DD,YYYY-MM-DD" with period=custom'],
    ['custom', '2026-01-09', 'invalid_date', '"date" must be "YYYY-MM-DD,YYYY-MM-DD" with period=custom'],
    ['custom', '2026-01-01,2026-01-02,2026-01-03', 'invalid_date', '"date" must be "YYYY-MM-DD,YYYY-MM-DD" with period=custom'],
    ['custom', '2026-01-05,2026-02-30', 'invalid_date', '"date" must be a date in the form YYYY-MM-DD, got "2026-02-30"'],
    ['custom', '2026-01-09,2026-01-05', 'invalid_date', '"date" must start before it ends'],
  ])('refuses %s %s: %s', (period, date, code, message) => {
    expect(resolvePeriod(period, date, '2026-03-10')).toEqual({ ok: false, code, message });
  });
});

describe('todayIn', () => {
  it.each([
    // just before and just after midnight somewhere
    ['2026-03-10T23:30:00Z', 'UTC', '2026-03-10'],
    ['2026-03-10T23:30:00Z', 'Europe/Stockholm', '2026-03-11'],
    ['2026-03-10T23:30:00Z', 'Pacific/Auckland', '2026-03-11'],
    ['2026-03-10T23:30:00Z', 'Pacific/Kiritimati', '2026-03-11'],
    ['2026-03-10T23:30:00Z', 'America/New_York', '2026-03-10'],
    ['2026-03-10T00:30:00Z', 'Pacific/Pago_Pago', '2026-03-09'],
    ['2026-03-11T06:59:59Z', 'America/Los_Angeles', '2026-03-10'],
    ['2026-03-11T07:00:00Z', 'America/Los_Angeles', '2026-03-11'],
    ['2026-03-11T05:29:59Z', 'Asia/Kolkata', '2026-03-11'],
    ['2026-03-10T18:29:59Z', 'Asia/Kolkata', '2026-03-10'],
    ['2026-03-10T18:30:00Z', 'Asia/Kolkata', '2026-03-11'],
    // a new year arrives in Stockholm an hour before it does in UTC
    ['2025-12-31T23:00:00Z', 'Europe/Stockholm', '2026-01-01'],
    ['2025-12-31T22:59:59Z', 'Europe/Stockholm', '2025-12-31'],
    // the night the clocks go forward (02:00 → 03:00 in Stockholm)
    ['2026-03-28T23:30:00Z', 'Europe/Stockholm', '2026-03-29'],
    ['2026-03-29T21:59:59Z', 'Europe/Stockholm', '2026-03-29'],
    ['2026-03-29T22:00:00Z', 'Europe/Stockholm', '2026-03-30'],
    // a leap day
    ['2024-02-29T12:00:00Z', 'Pacific/Auckland', '2024-03-01'],
    ['2024-02-29T12:00:00Z', 'America/Los_Angeles', '2024-02-29'],
  ])('%s in %s is %s', (instant, tz, day) => {
    expect(todayIn(tz, new Date(instant))).toBe(day);
  });
});

describe('day arithmetic', () => {
  it('knows real days', () => {
    for (const day of ['2026-03-10', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isDate(day)).toBe(true);
    for (const day of ['2026-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-3-10', '2026-03-10T00:00', '', null, undefined]) {
      expect(isDate(day)).toBe(false);
    }
  });
  it('adds days and months across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect(addMonths('2026-03-31', -13)).toBe('2025-02-01');
    expect(monthEnd('2024-02-01')).toBe('2024-02-29');
    expect(monthEnd('2026-02-15')).toBe('2026-02-28');
    expect(dayCount({ from: '2026-03-01', to: '2026-03-31' })).toBe(31);
    expect(dayCount({ from: '2024-01-01', to: '2024-12-31' })).toBe(366);
  });
  it('puts the previous period right before, as many days long', () => {
    expect(previousSpan({ from: '2026-03-10', to: '2026-03-10' })).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(previousSpan({ from: '2026-03-04', to: '2026-03-10' })).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(previousSpan({ from: '2026-02-01', to: '2026-02-28' })).toEqual({ from: '2026-01-04', to: '2026-01-31' });
    expect(previousSpan({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2024-01-03', to: '2024-01-31' });
    expect(previousSpan({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});

describe("the dashboard's ranges", () => {
  it.each([
    // range, today, from, to, period, date
    ['day', '2026-03-10', '2026-03-10', '2026-03-10', 'day', undefined],
    ['yesterday', '2026-03-01', '2026-02-28', '2026-02-28', 'day', '2026-02-28'],
    ['yesterday', '2024-03-01', '2024-02-29', '2024-02-29', 'day', '2024-02-29'],
    ['yesterday', '2026-01-01', '2025-12-31', '2025-12-31', 'day', '2025-12-31'],
    ['7d', '2026-03-03', '2026-02-24', '2026-03-02', '7d', undefined],
    ['30d', '2026-03-10', '2026-02-08', '2026-03-09', '30d', undefined],
    ['month', '2024-02-10', '2024-02-01', '2024-02-29', 'month', undefined],
    ['lastmonth', '2026-03-31', '2026-02-01', '2026-02-28', 'month', '2026-02-28'],
    ['lastmonth', '2024-03-01', '2024-02-01', '2024-02-29', 'month', '2024-02-29'],
    ['lastmonth', '2026-01-15', '2025-12-01', '2025-12-31', 'month', '2025-12-31'],
    ['12mo', '2026-03-10', '2025-04-01', '2026-03-31', '12mo', undefined],
    ['year', '2026-03-10', '2026-01-01', '2026-12-31', 'year', undefined],
  ] as const)('%s (today %s) is %s to %s', (range, today, from, to, period, date) => {
    expect(resolve(range, today)).toEqual({ from, to, params: date ? { period, date } : { period } });
  });

  it('sends a custom span as it is, and shows today for one that is not a span', () => {
    expect(resolve('custom', '2026-03-10', { from: '2026-01-05', to: '2026-01-09' })).toEqual({
      from: '2026-01-05',
      to: '2026-01-09',
      params: { period: 'custom', date: '2026-01-05,2026-01-09' },
    });
    const today = { from: '2026-03-10', to: '2026-03-10', params: { period: 'custom', date: '2026-03-10,2026-03-10' } };
    expect(resolve('custom', '2026-03-10', { from: '2026-01-09', to: '2026-01-05' })).toEqual(today);
    expect(resolve('custom', '2026-03-10', { from: '2026-02-30', to: '2026-03-01' })).toEqual(today);
    expect(resolve('custom', '2026-03-10')).toEqual(today);
  });

  it('shows the dates the server counts for the parameters it sends', () => {
    const custom = { from: '2024-02-27', to: '2024-03-02' };
    for (const today of ['2026-03-10', '2024-02-29', '2024-03-01', '2026-01-01', '2026-12-31']) {
      for (const range of RANGES as readonly RangeKey[]) {
        const shown = resolve(range, today, custom);
        const counted = dateRange(shown.params.period, shown.params.date, 'UTC', new Date(`${today}T12:00:00Z`));
        expect({ range, today, from: shown.from, to: shown.to }).toEqual({ range, today, from: counted.from, to: counted.to });
      }
    }
  });
});
