// The server's parameter checks: the protocol's parsers (test/protocol/ holds their tables)
// turned into 400s that name the parameter, and the rules the store relies on.
import { describe, expect, it } from 'vitest';
import { literalPattern } from '../../../protocol/filters.js';
import { checkCustomProperties, dateRange, parseFilters, parseMetrics } from '../../../server/stats/params.js';
import { filterPattern } from '../../../server/store/stats.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { status?: number; code?: string; message: string };
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error('not refused');
};

describe('dateRange', () => {
  // Every period, resolved by the protocol's resolvePeriod (test/protocol/periods.test.ts holds
  // its table) for today in the site's time zone: 23:30 UTC is already tomorrow east of UTC.
  const now = new Date('2026-03-10T23:30:00Z');
  it.each([
    ['day', undefined, 'UTC', '2026-03-10', '2026-03-10'],
    ['day', undefined, 'Europe/Stockholm', '2026-03-11', '2026-03-11'],
    ['month', undefined, 'America/New_York', '2026-03-01', '2026-03-31'],
    ['7d', undefined, 'Pacific/Auckland', '2026-03-04', '2026-03-10'],
    ['7d', '2026-03-10', 'UTC', '2026-03-03', '2026-03-09'],
    ['30d', '2026-03-10', 'UTC', '2026-02-08', '2026-03-09'],
    ['month', '2026-02-14', 'UTC', '2026-02-01', '2026-02-28'],
    ['6mo', '2026-03-10', 'UTC', '2025-10-01', '2026-03-31'],
    ['12mo', '2026-03-10', 'UTC', '2025-04-01', '2026-03-31'],
    ['year', '2026-03-10', 'UTC', '2026-01-01', '2026-12-31'],
    ['custom', '2026-01-05,2026-01-09', 'UTC', '2026-01-05', '2026-01-09'],
  ])('%s %s in %s is %s to %s', (period, date, tz, from, to) => {
    expect(dateRange(period, date, tz, now)).toEqual({ from, to, period });
  });
  it('names the bad parameter', () => {
    expect(() => dateRange('week', undefined, 'UTC')).toThrow(/"period"/);
    expect(() => dateRange('day', '2026-02-30', 'UTC')).toThrow(/"date"/);
    expect(() => dateRange('custom', '2026-01-09', 'UTC')).toThrow(/"date"/);
    expect(refusal(() => dateRange('week', undefined, 'UTC'))).toMatchObject({ status: 400, code: 'invalid_period' });
    expect(refusal(() => dateRange('day', '2026-02-30', 'UTC'))).toMatchObject({ status: 400, code: 'invalid_date' });
  });
});

describe('filters and metrics', () => {
  it('parses Plausible v1 filters, and refuses with a 400 what the protocol refuses', () => {
    expect(parseFilters(undefined)).toEqual([]);
    expect(parseFilters('event:props:plan==pro')).toEqual([{ property: 'event:props:plan', negate: false, values: ['pro'] }]);
    expect(() => parseFilters('visit:shoe_size==42')).toThrow(/Unknown property/);
    expect(() => parseFilters('event:page')).toThrow(/"filters"/);
    expect(refusal(() => parseFilters('event:page=='))).toEqual({ status: 400, code: 'invalid_filter', message: '"filters" needs a value after == for "event:page"' });
  });
  it('reads an escaped backslash as one literal backslash', () => {
    // The backslash stays escaped for the wildcard reader, which makes it one literal backslash.
    expect(filterPattern('e\\\\f')).toEqual({ literal: 'e\\f' });
  });
  it('reads * and ** as wildcards and \\* as a literal star', () => {
    // what parseFilters makes of /a\*b|/c/*|/d/**|/e\\* (test/protocol/filters.test.ts)
    const values = ['/a\\*b', '/c/*', '/d/**', '/e\\\\*'];
    expect(values.map(filterPattern)).toEqual([
      { literal: '/a*b' },
      { regex: '^/c/[^/]*$' },
      { regex: '^/d/.*$' },
      // an escaped backslash, then a wildcard
      { regex: '^/e\\\\[^/]*$' },
    ]);
    expect(filterPattern('/v1.0/(x)')).toEqual({ literal: '/v1.0/(x)' });
    expect(filterPattern('/v1.0/*')).toEqual({ regex: '^/v1\\.0/[^/]*$' });
  });
  it('matches a literal value exactly, whatever it holds', () => {
    for (const value of ['a;b|c', 'a*b', '/docs/**', 'back\\slash', 'trailing\\', '\\*', 'Direct / None']) {
      expect(filterPattern(literalPattern(value))).toEqual({ literal: value });
    }
  });
  it('refuses unknown metrics', () => {
    expect(parseMetrics('visitors,pageviews')).toEqual(['visitors', 'pageviews']);
    expect(() => parseMetrics('visitors,ip_addresses')).toThrow(/ip_addresses/);
  });
});

describe('custom properties in one query', () => {
  const prop = (key: string, negate = false) => ({ property: `event:props:${key}` as const, negate, values: ['x'] });
  it('takes one key, in filters and breakdown alike', () => {
    expect(() => checkCustomProperties([prop('plan'), prop('plan', true)], 'event:props:plan')).not.toThrow();
    expect(() => checkCustomProperties([{ property: 'event:page', negate: false, values: ['/'] }], 'event:props')).not.toThrow();
    expect(() => checkCustomProperties([])).not.toThrow();
  });
  it('refuses two keys, or a key with the key list, as the Stats API did from the store', () => {
    const two = { status: 400, code: 'invalid_filter', message: 'Only one custom property can be used in a query at a time' };
    expect(refusal(() => checkCustomProperties([prop('plan'), prop('tier')]))).toEqual(two);
    expect(refusal(() => checkCustomProperties([prop('plan', true)], 'event:props:tier'))).toEqual(two);
    expect(refusal(() => checkCustomProperties([prop('plan'), prop('tier')], 'event:props'))).toEqual(two);
    expect(refusal(() => checkCustomProperties([prop('plan')], 'event:props'))).toEqual({
      status: 400,
      code: 'invalid_filter',
      message: 'Listing prop keys cannot be combined with a prop filter',
    });
  });
});
