import { describe, expect, it } from 'vitest';
import { dateRange, parseFilters, parseMetrics, todayIn } from '../../server/stats/params.js';
import { filterPattern } from '../../server/store/stats.js';

describe('dateRange', () => {
  const now = new Date('2026-03-10T23:30:00Z');
  it.each([
    ['day', undefined, 'UTC', '2026-03-10', '2026-03-10'],
    ['day', undefined, 'Europe/Stockholm', '2026-03-11', '2026-03-11'],
    ['7d', '2026-03-10', 'UTC', '2026-03-04', '2026-03-10'],
    ['30d', '2026-03-10', 'UTC', '2026-02-09', '2026-03-10'],
    ['month', '2026-02-14', 'UTC', '2026-02-01', '2026-02-28'],
    ['6mo', '2026-03-10', 'UTC', '2025-10-01', '2026-03-31'],
    ['12mo', '2026-03-10', 'UTC', '2025-04-01', '2026-03-31'],
    ['year', '2026-03-10', 'UTC', '2026-01-01', '2026-12-31'],
    ['custom', '2026-01-05,2026-01-09', 'UTC', '2026-01-05', '2026-01-09'],
  ])('%s %s in %s', (period, date, tz, from, to) => {
    expect(dateRange(period, date, tz, now)).toMatchObject({ from, to });
  });
  it('names the bad parameter', () => {
    expect(() => dateRange('week', undefined, 'UTC')).toThrow(/"period"/);
    expect(() => dateRange('day', '2026-02-30', 'UTC')).toThrow(/"date"/);
    expect(() => dateRange('custom', '2026-01-09', 'UTC')).toThrow(/"date"/);
  });
  it('knows today in a time zone', () => {
    expect(todayIn('Pacific/Auckland', now)).toBe('2026-03-11');
  });
});

describe('filters and metrics', () => {
  it('parses Plausible v1 filters', () => {
    expect(parseFilters('event:page==/a|/b/**;visit:source!=Google')).toEqual([
      { property: 'event:page', negate: false, values: ['/a', '/b/**'] },
      { property: 'visit:source', negate: true, values: ['Google'] },
    ]);
    expect(parseFilters('event:props:plan==pro')).toEqual([{ property: 'event:props:plan', negate: false, values: ['pro'] }]);
    expect(() => parseFilters('visit:shoe_size==42')).toThrow(/Unknown property/);
    expect(() => parseFilters('event:page')).toThrow(/"filters"/);
  });
  it('lets a value hold ; | and \\ when escaped', () => {
    expect(parseFilters('event:props:q==a\\;b|c\\|d|e\\\\f;event:page==/x')).toEqual([
      { property: 'event:props:q', negate: false, values: ['a;b', 'c|d', 'e\\\\f'] },
      { property: 'event:page', negate: false, values: ['/x'] },
    ]);
    // The backslash stays escaped for the wildcard reader, which makes it one literal backslash.
    expect(filterPattern('e\\\\f')).toEqual({ literal: 'e\\f' });
  });
  it('reads * and ** as wildcards and \\* as a literal star', () => {
    const [page] = parseFilters('event:page==/a\\*b|/c/*|/d/**|/e\\\\*');
    expect(page!.values).toEqual(['/a\\*b', '/c/*', '/d/**', '/e\\\\*']);
    expect(page!.values.map(filterPattern)).toEqual([
      { literal: '/a*b' },
      { regex: '^/c/[^/]*$' },
      { regex: '^/d/.*$' },
      // an escaped backslash, then a wildcard
      { regex: '^/e\\\\[^/]*$' },
    ]);
    expect(filterPattern('/v1.0/(x)')).toEqual({ literal: '/v1.0/(x)' });
    expect(filterPattern('/v1.0/*')).toEqual({ regex: '^/v1\\.0/[^/]*$' });
  });
  it('refuses unknown metrics', () => {
    expect(parseMetrics('visitors,pageviews')).toEqual(['visitors', 'pageviews']);
    expect(() => parseMetrics('visitors,ip_addresses')).toThrow(/ip_addresses/);
  });
});
