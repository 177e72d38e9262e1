// Plausible's test/plausible_web/controllers/api/external_stats_controller/breakdown_test.exs
// (commit bffddc05), as data: GET /api/v1/stats/breakdown. Numbers (B16, …) are the catalogue's.
// Plausible asserts the whole body ({"results": [...]}) unless a case's `pick` says otherwise.
// This file: the top level, "custom events" and "breakdown by event:goal"; the "filtering",
// "pagination" and "metrics" blocks are in breakdown-filters.ts and breakdown-metrics.ts.
import { ON_PURPOSE } from '../categories.js';
import { anon, anons, ev, pv, user, type ConformanceCase, type UtmKey } from '../types.js';
import { breakdownFilterCases } from './breakdown-filters.js';
import { breakdownMetricCases } from './breakdown-metrics.js';
import { DAY, results, T0, T25, U } from './common.js';

/** Three people: two with the value (at 00:00 and 00:25), one without. */
const twoAndOne = (withIt: Parameters<typeof pv>[1], without: Parameters<typeof pv>[1] = {}) => [
  anon(pv(T0, withIt)),
  anon(pv(T25, withIt)),
  anon(pv(T0, without)),
];

const UTM_BY_HOSTNAME: [string, UtmKey, string][] = [
  ['B21', 'campaign', 'visit:utm_campaign'],
  ['B22', 'source', 'visit:utm_source'],
  ['B23', 'term', 'visit:utm_term'],
  ['B24', 'content', 'visit:utm_content'],
];

const PURCHASE_COSTS = (costs: [string | undefined, string][]) =>
  costs.map(([cost, at]) => anon(ev('Purchase', at, cost === undefined ? {} : { props: { cost } })));

const topLevelCases: ConformanceCase[] = [
  {
    id: 'B16',
    name: 'breakdown by visit:source',
    users: twoAndOne({ source: 'Google' }, { source: '' }),
    request: { ...DAY, property: 'visit:source' },
    expected: { results: [{ source: 'Google', visitors: 2 }, { source: 'Direct / None', visitors: 1 }] },
  },
  {
    id: 'B17',
    name: 'breakdown by visit:channel',
    users: twoAndOne({ source: 'Bing' }),
    request: { ...DAY, property: 'visit:channel' },
    expected: { results: [{ channel: 'Organic Search', visitors: 2 }, { channel: 'Direct', visitors: 1 }] },
  },
  {
    id: 'B19',
    name: 'breakdown by visit:referrer',
    users: twoAndOne({ referrer: 'https://ref.com' }, { referrer: '' }),
    request: { ...DAY, property: 'visit:referrer' },
    expected: { results: [{ referrer: 'https://ref.com', visitors: 2 }, { referrer: 'Direct / None', visitors: 1 }] },
    // Lagom also lists no "Direct / None" row in a referrer breakdown (README.md).
    differsOnPurpose: ON_PURPOSE.referrerScheme,
  },
  ...UTM_BY_HOSTNAME.map(([id, key, property]): ConformanceCase => ({
    id,
    name: `breakdown by ${property} when filtered by hostname`,
    users: [user(U, {}, pv(T0, { hostname: 'two.example.com', utm: { [key]: 'ad' } }), pv('2021-01-01 00:15:00', { hostname: 'one.example.com' }))],
    request: { ...DAY, filters: 'event:hostname==one.example.com', property },
    expected: { results: [] },
  })),
  {
    id: 'B25',
    name: 'breakdown by visit:utm_medium',
    users: twoAndOne({ utm: { medium: 'Search' } }),
    request: { ...DAY, property: 'visit:utm_medium' },
    expected: { results: [{ utm_medium: 'Search', visitors: 2 }] },
  },
  {
    id: 'B26',
    name: 'breakdown by visit:utm_source',
    users: twoAndOne({ utm: { source: 'Google' } }),
    request: { ...DAY, property: 'visit:utm_source' },
    expected: { results: [{ utm_source: 'Google', visitors: 2 }] },
  },
  {
    id: 'B28',
    name: 'breakdown by visit:utm_campaign',
    users: twoAndOne({ utm: { campaign: 'ads' } }),
    request: { ...DAY, property: 'visit:utm_campaign' },
    expected: { results: [{ utm_campaign: 'ads', visitors: 2 }] },
  },
  {
    id: 'B29',
    name: 'breakdown by visit:utm_content',
    users: twoAndOne({ utm: { content: 'Content1' } }),
    request: { ...DAY, property: 'visit:utm_content' },
    expected: { results: [{ utm_content: 'Content1', visitors: 2 }] },
  },
  {
    id: 'B30',
    name: 'breakdown by visit:utm_term',
    users: twoAndOne({ utm: { term: 'Term1' } }),
    request: { ...DAY, property: 'visit:utm_term' },
    expected: { results: [{ utm_term: 'Term1', visitors: 2 }] },
  },
  {
    id: 'B31',
    name: 'breakdown by visit:device',
    users: [anon(pv(T0), { screen: 'Desktop' }), anon(pv(T25), { screen: 'Desktop' }), anon(pv(T0), { screen: 'Mobile' })],
    request: { ...DAY, property: 'visit:device' },
    expected: { results: [{ device: 'Desktop', visitors: 2 }, { device: 'Mobile', visitors: 1 }] },
  },
  {
    id: 'B32',
    name: 'breakdown by visit:os',
    users: [anon(pv(T0), { os: 'Mac' }), anon(pv(T25), { os: 'Mac' }), anon(pv(T0), { os: 'Windows' })],
    request: { ...DAY, property: 'visit:os' },
    expected: { results: [{ os: 'Mac', visitors: 2 }, { os: 'Windows', visitors: 1 }] },
  },
  {
    id: 'B34',
    name: 'breakdown by visit:browser',
    users: [anon(pv(T0), { browser: 'Firefox' }), anon(pv(T25), { browser: 'Firefox' }), anon(pv(T0), { browser: 'Safari' })],
    request: { ...DAY, property: 'visit:browser' },
    expected: { results: [{ browser: 'Firefox', visitors: 2 }, { browser: 'Safari', visitors: 1 }] },
  },
  {
    id: 'B37',
    name: 'breakdown by event:page',
    users: [anon(pv(T0, { pathname: '/' })), anon(pv(T25, { pathname: '/' })), anon(pv(T0, { pathname: '/plausible.io' }))],
    request: { ...DAY, property: 'event:page' },
    expected: { results: [{ page: '/', visitors: 2 }, { page: '/plausible.io', visitors: 1 }] },
  },
  {
    id: 'B38',
    name: 'breakdown by event:page when there are no events in the second page',
    users: [anon(pv(T0, { pathname: '/' })), anon(pv(T25, { pathname: '/' })), anon(pv(T0, { pathname: '/plausible.io' }))],
    request: { ...DAY, property: 'event:page', metrics: 'visitors,bounce_rate', page: '2', limit: '2' },
    expected: { results: [] },
  },
  {
    id: 'B42',
    name: 'can breakdown by event:name',
    users: [...anons(2, ev('Signup', T0)), anon(pv(T25))],
    request: { ...DAY, property: 'event:name' },
    expected: { results: [{ name: 'Signup', visitors: 2 }, { name: 'pageview', visitors: 1 }] },
  },
  {
    id: 'B43',
    name: 'can breakdown by event:name with visitors and events metrics',
    users: [
      user(
        U,
        {},
        pv(T0, { pathname: '/non-existing' }),
        ev('404', T0, { pathname: '/non-existing' }),
        pv('2021-01-01 00:00:02', { pathname: '/non-existing' }),
        ev('404', '2021-01-01 00:00:02', { pathname: '/non-existing' }),
        pv('2021-01-01 00:00:03', { pathname: '/non-existing' }),
      ),
      anon(pv('2021-01-01 00:00:01', { pathname: '/non-existing' })),
    ],
    request: { ...DAY, property: 'event:name', metrics: 'visitors,events' },
    expected: { results: [{ name: 'pageview', visitors: 2, events: 4 }, { name: '404', visitors: 1, events: 2 }] },
  },
  {
    id: 'B44',
    name: 'can breakdown by event:name while filtering for something',
    users: [
      ...anons(2, ev('Signup', T0, { pathname: '/pageA' }), { browser: 'Chrome' }),
      anon(ev('Signup', T0, { pathname: '/pageA' }), { browser: 'Safari' }),
      anon(ev('Signup', T0, { pathname: '/pageB' }), { browser: 'Chrome' }),
      anon(pv(T25, { pathname: '/pageA' }), { browser: 'Chrome' }),
    ],
    request: { ...DAY, property: 'event:name', filters: 'event:page==/pageA;visit:browser==Chrome' },
    expected: { results: [{ name: 'Signup', visitors: 2 }, { name: 'pageview', visitors: 1 }] },
  },
  {
    id: 'B45',
    name: 'can breakdown by a visit:property when filtering by event:name',
    users: [user(U, {}, pv(T0, { source: 'Google' }), ev('Signup', T0)), anon(pv(T25, { source: 'Twitter' }))],
    request: { ...DAY, property: 'visit:source', filters: 'event:name==Signup' },
    expected: { results: [{ source: 'Google', visitors: 1 }] },
  },
  {
    id: 'B46',
    name: 'can breakdown by event:name when filtering by event:page',
    users: [
      ...anons(2, pv(T0, { pathname: '/pageA' })),
      anon(ev('Signup', T0, { pathname: '/pageA' })),
      anon(pv(T25, { pathname: '/pageB', source: 'Twitter' })),
    ],
    request: { ...DAY, property: 'event:name', filters: 'event:page==/pageA' },
    expected: { results: [{ name: 'pageview', visitors: 2 }, { name: 'Signup', visitors: 1 }] },
  },
  {
    id: 'B47',
    name: 'can breakdown by event:page when filtering by event:name',
    users: [
      ...anons(2, ev('Signup', T0, { pathname: '/pageA' })),
      anon(ev('Signup', T0, { pathname: '/pageB' })),
      anon(pv(T25, { pathname: '/pageB', source: 'Twitter' })),
    ],
    request: { ...DAY, property: 'event:page', filters: 'event:name==Signup' },
    expected: { results: [{ page: '/pageA', visitors: 2 }, { page: '/pageB', visitors: 1 }] },
  },
  {
    id: 'B48',
    name: 'can filter event:page with a wildcard',
    users: ['/en/page1', '/en/page2', '/en/page2', '/pl/page1'].map((p) => anon(pv(undefined, { pathname: p }))),
    request: { period: 'day', property: 'event:page', filters: 'event:page==/en/**' },
    expected: { results: [{ page: '/en/page2', visitors: 2 }, { page: '/en/page1', visitors: 1 }] },
  },
  {
    id: 'B49',
    name: 'can filter event:hostname with a wildcard',
    users: [
      anon(pv(undefined, { hostname: 'alice.example.com', pathname: '/a' })),
      anon(pv(undefined, { hostname: 'anna.example.com', pathname: '/a' })),
      anon(pv(undefined, { hostname: 'adam.example.com', pathname: '/a' })),
      anon(pv(undefined, { hostname: 'bob.example.com', pathname: '/b' })),
    ],
    request: { period: 'day', property: 'event:page', filters: 'event:hostname==a*.example.com' },
    expected: { results: [{ page: '/a', visitors: 3 }] },
  },
  {
    id: 'B50',
    name: 'breakdown by custom event property',
    users: [
      anon(ev('Purchase', T0, { props: { package: 'business' } })),
      anon(ev('Purchase', T0, { props: { package: 'personal' } })),
      anon(ev('Purchase', T25, { props: { package: 'business' } })),
      anon(ev('Some other event', T25, { props: { package: 'business' } })),
    ],
    request: { ...DAY, property: 'event:props:package', filters: 'event:name==Purchase' },
    expected: { results: [{ package: 'business', visitors: 2 }, { package: 'personal', visitors: 1 }] },
  },
  {
    id: 'B51',
    name: 'breakdown by custom event property, with pageviews metric',
    users: [
      anon(pv(T0, { props: { package: 'business' } })),
      anon(pv(T0, { props: { package: 'personal' } })),
      anon(pv(T25, { props: { package: 'business' } })),
    ],
    request: { ...DAY, property: 'event:props:package', metrics: 'pageviews' },
    expected: { results: [{ package: 'business', pageviews: 2 }, { package: 'personal', pageviews: 1 }] },
  },
  {
    id: 'B52',
    name: 'breakdown by custom event property, with (none)',
    users: PURCHASE_COSTS([
      ['16', T0],
      ['16', T0],
      ['16', T0],
      [undefined, T25],
      ['14', T25],
      ['14', '2021-01-01 00:26:00'],
    ]),
    request: { ...DAY, property: 'event:props:cost', filters: 'event:name==Purchase' },
    expected: { results: [{ cost: '16', visitors: 3 }, { cost: '14', visitors: 2 }, { cost: '(none)', visitors: 1 }] },
  },
  {
    id: 'B53',
    name: 'breakdown by custom event property, limited',
    users: PURCHASE_COSTS([
      ['16', T0],
      ['18', T25],
      ['14', T25],
      ['14', '2021-01-01 00:26:00'],
    ]),
    request: { ...DAY, property: 'event:props:cost', filters: 'event:name==Purchase', limit: '2' },
    expected: { results: [{ cost: '14', visitors: 2 }, { cost: '16', visitors: 1 }] },
  },
  {
    id: 'B54',
    name: 'breakdown by custom event property, paginated',
    users: PURCHASE_COSTS([
      ['16', T0],
      ['16', T0],
      ['18', T25],
      ['14', T25],
      ['14', '2021-01-01 00:26:00'],
    ]),
    request: { ...DAY, property: 'event:props:cost', filters: 'event:name==Purchase', limit: '2', page: '2' },
    expected: { results: [{ cost: '18', visitors: 1 }] },
  },
  {
    id: 'B55',
    name: 'returns custom event goals and pageview goals',
    goals: [{ event: 'Purchase' }, { page: '/test' }],
    users: [anon(pv('2021-01-01 00:00:01', { pathname: '/test' })), ...anons(2, ev('Purchase', '2021-01-01 00:00:03'))],
    request: { ...DAY, property: 'event:goal' },
    pick: results,
    expected: [{ goal: 'Purchase', visitors: 2 }, { goal: 'Visit /test', visitors: 1 }],
  },
  {
    id: 'B56',
    name: 'returns pageview goals containing wildcards',
    goals: [{ page: '/**/post' }, { page: '/blog**' }],
    users: [
      user(U, {}, pv(undefined, { pathname: '/blog' }), pv(undefined, { pathname: '/blog/post-1' }), pv(undefined, { pathname: '/blog/post-2' })),
      anon(pv(undefined, { pathname: '/blog/something/post' })),
      anon(pv(undefined, { pathname: '/different/page/post' })),
    ],
    request: { metrics: 'visitors,pageviews', property: 'event:goal' },
    pick: results,
    expected: [
      { goal: 'Visit /**/post', visitors: 2, pageviews: 2 },
      { goal: 'Visit /blog**', visitors: 2, pageviews: 4 },
    ],
  },
  {
    id: 'B57',
    name: 'does not return goals that are not configured for the site',
    users: [anon(pv(undefined, { pathname: '/register' })), anon(ev('Signup'))],
    request: { metrics: 'visitors,pageviews', property: 'event:goal' },
    pick: results,
    expected: [],
  },
];

export const breakdownCases: ConformanceCase[] = [...topLevelCases, ...breakdownFilterCases, ...breakdownMetricCases];
