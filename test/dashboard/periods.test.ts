// The comparison spans the dashboard asks for: the previous period, a year earlier (29 February
// included), the previous period moved to the same weekdays, a custom span, and off.
import { describe, expect, it } from 'vitest';
import { compareSpan, weekdaySpan, yearBefore, type CompareKey } from '../../dashboard/lib/periods.js';
import { dayCount, type DateSpan } from '../../protocol/periods.js';

const span = (from: string, to: string): DateSpan => ({ from, to });
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

describe('compareSpan', () => {
  const cases: [string, CompareKey, DateSpan, DateSpan | null, DateSpan?][] = [
    ['previous: the same number of days just before', 'previous', span('2026-03-10', '2026-03-19'), span('2026-02-28', '2026-03-09')],
    ['previous: across a leap day', 'previous', span('2024-03-01', '2024-03-31'), span('2024-01-30', '2024-02-29')],
    ['previous: one day', 'previous', span('2026-01-01', '2026-01-01'), span('2025-12-31', '2025-12-31')],
    ['year: the same dates a year before', 'year', span('2026-03-10', '2026-03-19'), span('2025-03-10', '2025-03-19')],
    ['year: 29 February becomes the 28th', 'year', span('2024-02-01', '2024-02-29'), span('2023-02-01', '2023-02-28')],
    ['year: a year that ends on a month end', 'year', span('2025-01-01', '2025-12-31'), span('2024-01-01', '2024-12-31')],
    ['year: into a leap year keeps the 28th', 'year', span('2025-02-28', '2025-03-01'), span('2024-02-28', '2024-03-01')],
    ['weekday: one week is the week before', 'weekday', span('2026-11-23', '2026-11-29'), span('2026-11-16', '2026-11-22')],
    ['weekday: one day is the same weekday a week before', 'weekday', span('2026-12-02', '2026-12-02'), span('2026-11-25', '2026-11-25')],
    ['weekday: 10 days go back two weeks', 'weekday', span('2026-03-10', '2026-03-19'), span('2026-02-24', '2026-03-05')],
    ['weekday: 30 days go back five weeks, not overlapping', 'weekday', span('2026-11-02', '2026-12-01'), span('2026-09-28', '2026-10-27')],
    ['weekday: four weeks go back four weeks', 'weekday', span('2026-02-02', '2026-03-01'), span('2026-01-05', '2026-02-01')],
    ['custom: the span asked for', 'custom', span('2026-03-10', '2026-03-19'), span('2025-01-01', '2025-01-10'), span('2025-01-01', '2025-01-10')],
    ['custom: a reversed span is none', 'custom', span('2026-03-10', '2026-03-19'), null, span('2025-01-10', '2025-01-01')],
    ['custom: an unreal day is none', 'custom', span('2026-03-10', '2026-03-19'), null, span('2025-02-29', '2025-03-10')],
    ['custom: without a span, none', 'custom', span('2026-03-10', '2026-03-19'), null],
    ['off: none', 'off', span('2026-03-10', '2026-03-19'), null],
  ];
  it.each(cases)('%s', (_name, mode, current, expected, custom) => {
    expect(compareSpan(mode, current, custom)).toEqual(expected);
  });
});

describe('weekdaySpan', () => {
  // Every length from 1 day to a year, from every weekday: same weekdays, same length, no overlap.
  const starts = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
  it('starts on the same weekday, as many days long, before the range, by less than a week more than the previous period', () => {
    for (const from of starts) {
      for (let days = 1; days <= 366; days++) {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
        const s = weekdaySpan({ from, to });
        expect(weekday(s.from)).toBe(weekday(from));
        expect(dayCount(s)).toBe(days);
        expect(s.to < from).toBe(true);
        expect(dayCount({ from: s.from, to: from }) - 1 - days).toBeLessThan(7);
      }
    }
  });
});

describe('yearBefore', () => {
  it.each([
    ['2026-12-31', '2025-12-31'],
    ['2024-02-29', '2023-02-28'],
    ['2028-02-29', '2027-02-28'],
    ['2025-03-01', '2024-03-01'],
    ['2000-02-29', '1999-02-28'],
  ])('%s → %s', (day, expected) => expect(yearBefore(day)).toBe(expected));
});
