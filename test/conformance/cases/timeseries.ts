// Plausible's test/plausible_web/controllers/api/external_stats_controller/timeseries_test.exs
// (commit 2425cdf8), as data: GET /api/v1/stats/timeseries. Numbers (T8, …) are the catalogue's.
// Plausible asserts the whole body, or (the filter tests) only the first bucket or two: `pick`.
import { ON_PURPOSE } from '../categories.js';
import { anon, anons, ev, pv, user, type ConformanceCase, type Params } from '../types.js';
import { T0, T25, U } from './common.js';

const MONTH: Params = { period: 'month', date: '2021-01-01' };

type Bucket = Record<string, unknown>;
const first = (answer: { results?: Bucket[] }) => answer?.results?.[0];
const firstTwo = (answer: { results?: Bucket[] }) => answer?.results?.slice(0, 2);
const dates = (days: string[], row: (day: string) => Bucket) => days.map((date) => ({ date, ...row(date) }));
const WEEK = ['2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07'];
const HOURS = Array.from({ length: 24 }, (_, h) => `2021-01-01 ${String(h).padStart(2, '0')}:00:00`);

/** Plausible's filter tests: one visitor with the attribute, one without, on 2021-01-01. */
const oneOfTwo = (withIt: Parameters<typeof pv>[1], filters: string, agent = {}): Pick<ConformanceCase, 'users' | 'request' | 'pick' | 'expected'> => ({
  users: [anon(pv(T0, withIt), agent), anon(pv(T0))],
  request: { ...MONTH, filters },
  pick: first,
  expected: { date: '2021-01-01', visitors: 1 },
});

export const timeseriesCases: ConformanceCase[] = [
  {
    id: 'T6',
    name: 'legacy `date` interval is overridden to `day`',
    users: [],
    request: { date: '2021-06-30', period: '6mo', interval: 'date' },
    pick: (answer: { results?: Bucket[] }) => answer?.results?.slice(0, 2).map((r) => r.date),
    expected: ['2021-01-01', '2021-01-02'],
  },
  {
    id: 'T8',
    name: 'shows hourly data for a certain date',
    users: [user(U, {}, pv(T0), pv('2021-01-01 00:10:00')), anon(pv('2021-01-01 23:59:00'))],
    request: { period: 'day', date: '2021-01-01', metrics: 'visitors,pageviews,visits,visit_duration,bounce_rate' },
    expected: {
      results: HOURS.map((date, h) =>
        h === 0
          ? { date, visitors: 1, visits: 1, pageviews: 2, visit_duration: 600, bounce_rate: 0 }
          : h === 23
            ? { date, visitors: 1, visits: 1, pageviews: 1, visit_duration: 0, bounce_rate: 100 }
            : { date, visitors: 0, visits: 0, pageviews: 0, visit_duration: null, bounce_rate: 0 },
      ),
    },
  },
  {
    id: 'T9',
    name: 'shows last 7 days of visitors',
    users: [anon(pv(T0)), anon(pv('2021-01-07 23:59:00'))],
    request: { period: '7d', date: '2021-01-08' },
    expected: { results: dates(WEEK, (d) => ({ visitors: d === '2021-01-01' || d === '2021-01-07' ? 1 : 0 })) },
  },
  {
    id: 'T10',
    name: 'shows last 6 months of visitors',
    users: [anon(pv('2020-12-31 00:00:00')), ...anons(2, pv(T0))],
    request: { period: '6mo', date: '2021-01-01' },
    expected: {
      results: [
        { date: '2020-08-01', visitors: 0 },
        { date: '2020-09-01', visitors: 0 },
        { date: '2020-10-01', visitors: 0 },
        { date: '2020-11-01', visitors: 0 },
        { date: '2020-12-01', visitors: 1 },
        { date: '2021-01-01', visitors: 2 },
      ],
    },
  },
  {
    id: 'T11',
    name: 'shows last 12 months of visitors',
    users: [anon(pv('2020-02-01 00:00:00')), anon(pv('2020-12-31 00:00:00')), ...anons(2, pv(T0))],
    request: { period: '12mo', date: '2021-01-01' },
    expected: {
      results: [
        { date: '2020-02-01', visitors: 1 },
        ...['03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => ({ date: `2020-${m}-01`, visitors: 0 })),
        { date: '2020-12-01', visitors: 1 },
        { date: '2021-01-01', visitors: 2 },
      ],
    },
  },
  {
    id: 'T12',
    name: 'shows last 12 months of visitors with interval daily',
    users: [anon(pv('2020-02-01 00:00:00')), anon(pv('2020-12-31 00:00:00')), ...anons(2, pv(T0))],
    request: { period: '12mo', interval: 'date' },
    // Plausible asserts `Enum.count(res["results"]) in [365, 366]`.
    pick: (answer: { results?: Bucket[] }) => [365, 366].includes(answer?.results?.length ?? 0),
    expected: true,
  },
  {
    id: 'T13',
    name: 'shows a custom range with daily interval',
    users: [...anons(2, pv(T0)), anon(pv('2021-01-02 00:00:00'))],
    request: { period: 'custom', date: '2021-01-01,2021-01-02' },
    expected: { results: [{ date: '2021-01-01', visitors: 2 }, { date: '2021-01-02', visitors: 1 }] },
  },
  {
    id: 'T14',
    name: 'shows a custom range with monthly interval',
    users: [user(U, {}, pv('2020-12-01 00:00:00'), pv('2020-12-01 00:05:00')), anon(pv(T0)), anon(pv('2021-01-02 00:00:00'))],
    request: { period: 'custom', date: '2020-12-01, 2021-01-02', interval: 'month', metrics: 'pageviews,visitors,bounce_rate,visit_duration' },
    expected: {
      results: [
        { date: '2020-12-01', visitors: 1, pageviews: 2, bounce_rate: 0, visit_duration: 300 },
        { date: '2021-01-01', visitors: 2, pageviews: 2, bounce_rate: 100, visit_duration: 0 },
      ],
    },
  },
  {
    id: 'T17',
    name: 'can filter by a custom event goal',
    goals: [{ event: 'Signup' }],
    users: [anon(ev('Signup', T0)), user(U, {}, ev('Signup', T25), ev('Signup', T25)), anon(ev('NotConfigured', T25))],
    request: { ...MONTH, metrics: 'visitors,events', filters: 'event:goal==Signup' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, events: 3 },
  },
  {
    id: 'T18',
    name: 'can filter by a simple pageview goal',
    goals: [{ page: '/register' }],
    users: [
      anon(pv(T0, { pathname: '/register' })),
      user(U, {}, pv(T25, { pathname: '/register' }), pv(T25, { pathname: '/register' })),
      anon(pv(T25, { pathname: '/' })),
    ],
    request: { ...MONTH, metrics: 'visitors,pageviews', filters: 'event:goal==Visit /register' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, pageviews: 3 },
  },
  {
    id: 'T19',
    name: 'can filter by a wildcard pageview goal',
    goals: [{ page: '/blog**' }],
    users: [
      anon(pv(T25, { pathname: '/blog/post-1' })),
      user(U, {}, pv(T25, { pathname: '/blog/post-2' }), pv(T25, { pathname: '/blog' })),
      anon(pv(T25, { pathname: '/' })),
    ],
    request: { ...MONTH, metrics: 'visitors,pageviews', filters: 'event:goal==Visit /blog**' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, pageviews: 3 },
  },
  {
    id: 'T20',
    name: 'can filter by multiple custom event goals',
    goals: [{ event: 'Signup' }, { event: 'Purchase' }],
    users: [anon(ev('Signup', T25)), user(U, {}, ev('Purchase', T25), ev('Purchase', T25)), anon(pv(T25))],
    request: { ...MONTH, metrics: 'visitors,events', filters: 'event:goal==Signup|Purchase' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, events: 3 },
  },
  {
    id: 'T21',
    name: 'can filter by multiple mixed goals',
    goals: [{ event: 'Signup' }, { page: '/**register' }],
    users: [anon(pv(T25, { pathname: '/account/register' })), user(U, {}, pv(T25, { pathname: '/register' }), ev('Signup', T25)), anon(pv(T25))],
    request: { ...MONTH, metrics: 'visitors,events,pageviews', filters: 'event:goal==Signup|Visit /**register' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, events: 3, pageviews: 2 },
  },
  { id: 'T22', name: 'can filter by source', ...oneOfTwo({ source: 'Google' }, 'visit:source==Google') },
  { id: 'T23', name: 'can filter by channel', ...oneOfTwo({ source: 'Bing' }, 'visit:channel==Organic Search') },
  {
    id: 'T24',
    name: 'can filter by no source/referrer',
    users: [anon(pv(T0)), anon(pv(T0, { source: 'Google' }))],
    request: { ...MONTH, filters: 'visit:source==Direct / None' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 1 },
  },
  {
    id: 'T25',
    name: 'can filter by referrer',
    ...oneOfTwo({ referrer: 'https://facebook.com' }, 'visit:referrer==https://facebook.com'),
    differsOnPurpose: ON_PURPOSE.referrerScheme,
  },
  { id: 'T26', name: 'can filter by utm_medium', ...oneOfTwo({ utm: { medium: 'social' } }, 'visit:utm_medium==social') },
  { id: 'T27', name: 'can filter by utm_source', ...oneOfTwo({ utm: { source: 'Twitter' } }, 'visit:utm_source==Twitter') },
  { id: 'T28', name: 'can filter by utm_campaign', ...oneOfTwo({ utm: { campaign: 'profile' } }, 'visit:utm_campaign==profile') },
  {
    id: 'T29',
    name: 'can filter by device type',
    ...oneOfTwo({}, 'visit:device==Desktop', { screen: 'Desktop' }),
    differsOnPurpose: ON_PURPOSE.deviceByWidth,
  },
  {
    id: 'T30',
    name: 'can filter by browser',
    users: [anon(pv(T0), { browser: 'Chrome', browserVersion: '56.1' }), anon(pv(T0), { browser: 'Chrome', browserVersion: '55' }), anon(pv(T0))],
    request: { ...MONTH, filters: 'visit:browser==Chrome;visit:browser_version==56.1' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 1 },
    differsOnPurpose: ON_PURPOSE.minorVersion,
  },
  {
    id: 'T31',
    name: 'can filter by operating system',
    users: [
      anon(pv(T0), { os: 'Mac', osVersion: '10.5' }),
      // Plausible's "Something else" 10.5: another real OS with that version
      anon(pv(T0), { os: 'iOS', osVersion: '10.5' }),
      anon(pv(T0), { os: 'Mac', osVersion: '10.4' }),
      anon(pv(T0)),
    ],
    request: { ...MONTH, filters: 'visit:os == Mac;visit:os_version==10.5' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 1 },
  },
  {
    id: 'T33',
    name: 'can filter by page',
    users: [user(U, {}, pv(T0), pv('2021-01-01 00:05:00', { pathname: '/hello' })), anon(pv('2021-01-01 05:00:00', { pathname: '/hello' })), anon(pv(T0, { pathname: '/goodbye' }))],
    request: { ...MONTH, filters: 'event:page==/hello', metrics: 'visitors,visits,pageviews,bounce_rate,visit_duration' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 2, visits: 2, pageviews: 2, bounce_rate: 100, visit_duration: 150 },
  },
  {
    id: 'T34',
    name: 'can filter by hostname',
    users: [
      user(
        U,
        {},
        pv('2021-01-01 00:00:01', { hostname: 'landing.example.com' }),
        pv('2021-01-01 00:00:02', { hostname: 'example.com' }),
        pv('2021-01-01 00:00:06', { hostname: 'example.com' }),
      ),
    ],
    request: { period: 'day', date: '2021-01-01', filters: 'event:hostname==example.com', metrics: 'visitors,visits,pageviews,bounce_rate,visit_duration' },
    pick: first,
    expected: { bounce_rate: 0, date: '2021-01-01 00:00:00', pageviews: 2, visit_duration: 5, visitors: 1, visits: 1 },
    differsOnPurpose: ON_PURPOSE.crossOrigin,
  },
  {
    id: 'T35',
    name: 'can filter by event:name',
    users: [anon(ev('Signup', T0)), anon(pv(T0))],
    request: { ...MONTH, filters: 'event:name==Signup' },
    pick: first,
    expected: { date: '2021-01-01', visitors: 1 },
  },
  {
    id: 'T36',
    name: 'filter by custom event property',
    users: [
      ...anons(2, ev('Purchase', T0, { props: { package: 'business' } })),
      anon(ev('Purchase', T25, { props: { package: 'personal' } })),
      anon(ev('Purchase', '2021-01-02 00:25:00', { props: { package: 'business' } })),
    ],
    request: { ...MONTH, filters: 'event:name==Purchase;event:props:package==business' },
    pick: firstTwo,
    expected: [{ date: '2021-01-01', visitors: 2 }, { date: '2021-01-02', visitors: 1 }],
  },
  {
    id: 'T37',
    name: 'filter by multiple custom event properties',
    users: [
      anon(ev('Purchase', T0, { props: { package: 'business', browser: 'Chrome' } })),
      anon(ev('Purchase', T0, { props: { package: 'business', browser: 'Firefox' } })),
      anon(ev('Purchase', T25, { props: { package: 'personal', browser: 'Firefox' } })),
      anon(ev('Purchase', '2021-01-02 00:25:00', { props: { package: 'business' } })),
    ],
    request: { ...MONTH, filters: 'event:name==Purchase;event:props:package==business;event:props:browser==Firefox' },
    pick: firstTwo,
    expected: [{ date: '2021-01-01', visitors: 1 }, { date: '2021-01-02', visitors: 0 }],
  },
  {
    id: 'T38',
    name: 'filter by multiple custom event properties matching',
    users: [
      anon(ev('Purchase', T0, { props: { package: 'business', browser: 'Chrome' } })),
      anon(ev('Purchase', T0, { props: { package: 'business', browser: 'Firefox' } })),
      anon(ev('Purchase', '2021-01-02 00:25:00', { props: { package: 'personal', browser: 'Safari' } })),
      anon(ev('Purchase', '2021-01-02 00:25:00', { props: { package: 'business' } })),
    ],
    request: { ...MONTH, filters: 'event:name==Purchase;event:props:browser==F*|S*' },
    pick: firstTwo,
    expected: [{ date: '2021-01-01', visitors: 1 }, { date: '2021-01-02', visitors: 1 }],
  },
  {
    id: 'T40',
    name: 'returns conversion rate when goal filter is applied',
    goals: [{ event: 'Signup' }],
    users: [...anons(2, ev('Signup', '2021-01-04 00:00:00')), anon(pv('2021-01-04 00:00:00')), anon(ev('Signup', '2021-01-05 00:00:00'))],
    request: { metrics: 'conversion_rate', filters: 'event:goal==Signup', period: '7d', date: '2021-01-11' },
    pick: firstTwo,
    expected: [{ date: '2021-01-04', conversion_rate: 66.67 }, { date: '2021-01-05', conversion_rate: 100.0 }],
  },
  {
    id: 'T41',
    name: 'returns conversion rate with a goal + custom prop filter',
    goals: [{ event: 'Signup' }],
    users: [
      anon(ev('Signup', '2021-01-04 00:12:00', { props: { author: 'Teet' } })),
      anon(ev('Signup', '2021-01-04 00:12:00', { props: { author: 'Tiit' } })),
      anon(ev('Signup', '2021-01-04 00:12:00')),
      anon(pv('2021-01-04 00:12:00', { props: { author: 'Teet' } })),
    ],
    request: { metrics: 'conversion_rate', filters: 'event:goal==Signup;event:props:author==Teet', period: '7d', date: '2021-01-11' },
    pick: first,
    expected: { date: '2021-01-04', conversion_rate: 25.0 },
  },
  {
    id: 'T42',
    name: 'returns conversion rate with a goal + page filter',
    goals: [{ event: 'Signup' }],
    users: [
      anon(ev('Signup', '2021-01-04 00:12:00', { pathname: '/yes' })),
      anon(ev('Signup', '2021-01-04 00:12:00', { pathname: '/no' })),
      anon(ev('Signup', '2021-01-04 00:12:00')),
      ...anons(2, pv('2021-01-04 00:12:00', { pathname: '/yes' })),
    ],
    request: { metrics: 'conversion_rate', filters: 'event:goal==Signup;event:page==/yes', period: '7d', date: '2021-01-11' },
    pick: first,
    expected: { date: '2021-01-04', conversion_rate: 33.33 },
  },
  {
    id: 'T43',
    name: 'returns conversion rate with a goal + session filter',
    goals: [{ event: 'Signup' }],
    users: [
      anon(ev('Signup', '2021-01-04 00:12:00'), { screen: 'Mobile' }),
      anon(ev('Signup', '2021-01-04 00:12:00'), { screen: 'Laptop' }),
      anon(ev('Signup', '2021-01-04 00:12:00')),
      ...anons(2, pv('2021-01-04 00:12:00'), { screen: 'Mobile' }),
    ],
    request: { metrics: 'conversion_rate', filters: 'event:goal==Signup;visit:device==Mobile', period: '7d', date: '2021-01-11' },
    pick: first,
    expected: { date: '2021-01-04', conversion_rate: 33.33 },
  },
  {
    id: 'T45',
    name: 'shows pageviews,visits,views_per_visit for last 7d',
    users: [user(U, {}, pv(T0), pv('2021-01-01 00:05:00')), anon(pv(T0)), anon(pv('2021-01-07 23:59:00'))],
    request: { period: '7d', metrics: 'pageviews,visits,views_per_visit', date: '2021-01-08' },
    expected: {
      results: dates(WEEK, (d) =>
        d === '2021-01-01'
          ? { pageviews: 3, visits: 2, views_per_visit: 1.5 }
          : d === '2021-01-07'
            ? { pageviews: 1, visits: 1, views_per_visit: 1.0 }
            : { pageviews: 0, visits: 0, views_per_visit: 0.0 },
      ),
    },
  },
  {
    id: 'T46',
    name: 'shows events for last 7d',
    users: [...anons(2, ev('Signup', T0)), anon(ev('Signup', '2021-01-07 23:59:00'))],
    request: { period: '7d', metrics: 'events', date: '2021-01-08' },
    expected: { results: dates(WEEK, (d) => ({ events: d === '2021-01-01' ? 2 : d === '2021-01-07' ? 1 : 0 })) },
  },
  {
    id: 'T47',
    name: 'rounds views_per_visit to two decimal places',
    users: [
      user(U, {}, pv(T0), pv('2021-01-01 00:05:00'), pv('2021-01-03 00:00:00'), pv('2021-01-03 00:01:00')),
      ...anons(2, pv('2021-01-03 00:00:00')),
      anon(pv('2021-01-07 23:59:00')),
    ],
    request: { period: '7d', metrics: 'views_per_visit', date: '2021-01-08' },
    expected: {
      results: [
        { date: '2021-01-01', views_per_visit: 2.0 },
        { date: '2021-01-02', views_per_visit: 0.0 },
        { date: '2021-01-03', views_per_visit: 1.33 },
        { date: '2021-01-04', views_per_visit: 0.0 },
        { date: '2021-01-05', views_per_visit: 0.0 },
        { date: '2021-01-06', views_per_visit: 0.0 },
        { date: '2021-01-07', views_per_visit: 1.0 },
      ],
    },
  },
];
