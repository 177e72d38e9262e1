// breakdown_test.exs, the "metrics" block (B85–B100); see breakdown.ts.
import { ON_PURPOSE } from '../categories.js';
import { anon, anons, ev, pv, user, type ConformanceCase } from '../types.js';
import { DAY, T0, T25 } from './common.js';

const TIME_ON_PAGE = [
  ...anons(2, pv(T0, { pathname: '/A' })),
  anon(pv(T0, { pathname: '/B' })),
  user(4, {}, pv(T0, { pathname: '/A' }), pv('2021-01-01 00:01:00', { pathname: '/B' }), pv('2021-01-01 00:02:30', { pathname: '/C' })),
];

export const breakdownMetricCases: ConformanceCase[] = [
  {
    id: 'B85',
    name: 'returns time_on_page in an event:page breakdown',
    users: TIME_ON_PAGE,
    request: { ...DAY, property: 'event:page', metrics: 'visitors,time_on_page' },
    expected: {
      results: [
        { page: '/A', visitors: 3, time_on_page: 60.0 },
        { page: '/B', visitors: 2, time_on_page: 90.0 },
        { page: '/C', visitors: 1, time_on_page: null },
      ],
    },
  },
  {
    id: 'B86',
    name: 'engagement events are ignored when querying time on page',
    // Plausible's data also has an engagement event of /1 at 12:01:00 without engagement_time,
    // which its answer ignores; the replay has no extras loaded and sends none.
    users: [user(1234, {}, pv('2021-01-01 12:00:00', { pathname: '/1' }), pv('2021-01-01 12:00:05', { pathname: '/2' }))],
    request: { property: 'event:page', metrics: 'time_on_page', ...DAY },
    expected: { results: [{ page: '/1', time_on_page: 5 }, { page: '/2', time_on_page: null }] },
  },
  {
    id: 'B87',
    name: 'returns time_on_page as the only metric in an event:page breakdown',
    users: TIME_ON_PAGE,
    request: { ...DAY, property: 'event:page', metrics: 'time_on_page' },
    expected: {
      results: [
        { page: '/A', time_on_page: 60.0 },
        { page: '/B', time_on_page: 90.0 },
        { page: '/C', time_on_page: null },
      ],
    },
  },
  {
    id: 'B88',
    name: 'returns conversion_rate in an event:goal breakdown',
    goals: [{ event: 'Signup' }, { page: '/blog**' }],
    users: [user(1, {}, ev('Signup'), ev('Signup')), anon(pv(undefined, { pathname: '/blog' })), anon(pv(undefined, { pathname: '/blog/post' })), anon(pv())],
    request: { period: 'day', property: 'event:goal', metrics: 'visitors,events,conversion_rate' },
    expected: {
      results: [
        { goal: 'Visit /blog**', visitors: 2, events: 2, conversion_rate: 50 },
        { goal: 'Signup', visitors: 1, events: 2, conversion_rate: 25 },
      ],
    },
  },
  {
    id: 'B89',
    name: 'returns conversion_rate alone in an event:goal breakdown',
    goals: [{ event: 'Signup' }],
    users: [user(1, {}, ev('Signup')), anon(pv())],
    request: { period: 'day', property: 'event:goal', metrics: 'conversion_rate' },
    expected: { results: [{ goal: 'Signup', conversion_rate: 50 }] },
  },
  {
    id: 'B90',
    name: 'returns conversion_rate in a goal filtered custom prop breakdown',
    goals: [{ page: '/blog**' }],
    users: [
      anon(pv(undefined, { pathname: '/blog/1', props: { author: 'Uku' } })),
      anon(pv(undefined, { pathname: '/blog/2', props: { author: 'Uku' } })),
      anon(pv(undefined, { pathname: '/blog/3', props: { author: 'Uku' } })),
      anon(pv(undefined, { pathname: '/blog/1', props: { author: 'Marko' } })),
      user(1, {}, pv(undefined, { pathname: '/blog/2', props: { author: 'Marko' } }), pv(undefined, { pathname: '/blog/3', props: { author: 'Marko' } })),
      anon(pv(undefined, { pathname: '/blog' })),
      anon(pv(undefined, { props: { author: 'Marko' } })),
      anon(pv()),
    ],
    request: { period: 'day', property: 'event:props:author', filters: 'event:goal==Visit /blog**', metrics: 'visitors,events,conversion_rate' },
    expected: {
      results: [
        { author: 'Uku', visitors: 3, events: 3, conversion_rate: 37.5 },
        { author: 'Marko', visitors: 2, events: 3, conversion_rate: 25 },
        { author: '(none)', visitors: 1, events: 1, conversion_rate: 12.5 },
      ],
    },
  },
  {
    id: 'B91',
    name: 'returns conversion_rate alone in a goal filtered custom prop breakdown',
    goals: [{ page: '/blog**' }],
    users: [anon(pv(undefined, { pathname: '/blog/1', props: { author: 'Uku' } })), anon(pv())],
    request: { period: 'day', property: 'event:props:author', filters: 'event:goal==Visit /blog**', metrics: 'conversion_rate' },
    expected: { results: [{ author: 'Uku', conversion_rate: 50 }] },
  },
  {
    id: 'B92',
    name: 'returns conversion_rate in a goal filtered event:page breakdown',
    goals: [{ event: 'Signup' }],
    users: [
      anon(pv(undefined, { pathname: '/en/register' })),
      ...anons(2, ev('Signup', undefined, { pathname: '/en/register' })),
      user(1, {}, ev('Signup', undefined, { pathname: '/it/register' }), ev('Signup', undefined, { pathname: '/it/register' })),
      anon(pv(undefined, { pathname: '/it/register' })),
    ],
    request: { period: 'day', property: 'event:page', filters: 'event:goal==Signup', metrics: 'visitors,events,conversion_rate' },
    expected: {
      results: [
        { page: '/en/register', visitors: 2, events: 2, conversion_rate: 66.7 },
        { page: '/it/register', visitors: 1, events: 2, conversion_rate: 50 },
      ],
    },
  },
  {
    id: 'B93',
    name: 'returns conversion_rate alone in a goal filtered event:page breakdown',
    goals: [{ event: 'Signup' }],
    users: [anon(pv(undefined, { pathname: '/en/register' })), anon(ev('Signup', undefined, { pathname: '/en/register' }))],
    request: { period: 'day', property: 'event:page', filters: 'event:goal==Signup', metrics: 'conversion_rate' },
    expected: { results: [{ page: '/en/register', conversion_rate: 50 }] },
  },
  {
    id: 'B94',
    name: 'returns conversion_rate in a multi-goal filtered visit:screen_size breakdown',
    goals: [{ event: 'Purchase', currency: 'EUR' }, { event: 'AddToCart' }],
    users: [
      anon(pv(), { screen: 'Mobile' }),
      ...anons(2, ev('AddToCart'), { screen: 'Mobile' }),
      user(1, { screen: 'Desktop' }, ev('AddToCart'), ev('Purchase')),
      anon(pv(), { screen: 'Desktop' }),
    ],
    request: { period: 'day', property: 'visit:device', filters: 'event:goal==AddToCart|Purchase', metrics: 'visitors,events,conversion_rate' },
    expected: {
      results: [
        { device: 'Mobile', visitors: 2, events: 2, conversion_rate: 66.7 },
        { device: 'Desktop', visitors: 1, events: 2, conversion_rate: 50 },
      ],
    },
  },
  {
    id: 'B95',
    name: 'returns conversion_rate alone in a goal filtered visit:screen_size breakdown',
    goals: [{ event: 'AddToCart' }],
    users: [anon(pv(), { screen: 'Mobile' }), anon(ev('AddToCart'), { screen: 'Mobile' })],
    request: { period: 'day', property: 'visit:device', filters: 'event:goal==AddToCart', metrics: 'conversion_rate' },
    expected: { results: [{ device: 'Mobile', conversion_rate: 50 }] },
  },
  {
    id: 'B96',
    name: 'returns conversion_rate for a browser_version breakdown with pagination limit',
    goals: [{ event: 'Signup' }],
    users: [
      ...anons(2, pv(), { browser: 'Firefox', browserVersion: '110' }),
      ...anons(2, pv(), { browser: 'Chrome', browserVersion: '110' }),
      ...anons(2, pv(), { browser: 'Avast Secure Browser', browserVersion: '110' }),
      anon(ev('Signup'), { browser: 'Edge', browserVersion: '110' }),
    ],
    request: { period: 'day', property: 'visit:browser_version', filters: 'event:goal==Signup', metrics: 'visitors,conversion_rate', page: '1', limit: '1' },
    expected: { results: [{ browser: 'Edge', browser_version: '110', visitors: 1, conversion_rate: 100.0 }] },
    differsOnPurpose: ON_PURPOSE.edgeName,
  },
  {
    id: 'B97',
    name: 'all metrics for breakdown by visit prop',
    users: [
      user(1, {}, pv(T0, { source: 'Google' }), ev('signup', '2021-01-01 00:05:00', { source: 'Google' }), pv('2021-01-01 00:10:00', { source: 'Google' })),
      anon(pv(T25, { source: 'Google' })),
      anon(pv(T0, { source: 'Twitter' })),
    ],
    request: { ...DAY, property: 'visit:source', metrics: 'visitors,visits,pageviews,events,bounce_rate,visit_duration' },
    expected: {
      results: [
        { source: 'Google', visitors: 2, visits: 2, bounce_rate: 50, visit_duration: 300, pageviews: 3, events: 4 },
        { source: 'Twitter', visitors: 1, visits: 1, bounce_rate: 100, visit_duration: 0, pageviews: 1, events: 1 },
      ],
    },
  },
  {
    id: 'B98',
    name: 'metrics=bounce_rate does not add visits to the response',
    users: [
      user(1, {}, pv(T0, { pathname: '/entry-page-1' }), pv('2021-01-01 00:10:00', { pathname: '/some-page' })),
      user(2, {}, pv('2021-01-01 00:05:00', { pathname: '/entry-page-2', source: 'Google' })),
    ],
    request: { ...DAY, property: 'visit:entry_page', metrics: 'bounce_rate' },
    expected: { results: [{ entry_page: '/entry-page-2', bounce_rate: 100 }, { entry_page: '/entry-page-1', bounce_rate: 0 }] },
  },
  {
    id: 'B99',
    name: 'filter by custom event property',
    users: [
      anon(ev('Purchase', T0, { props: { package: 'business' } }), { browser: 'Chrome' }),
      anon(ev('Purchase', T0, { props: { package: 'business' } }), { browser: 'Safari' }),
      anon(ev('Purchase', T25, { props: { package: 'business' } }), { browser: 'Safari' }),
      anon(ev('Purchase', T25, { props: { package: 'personal' } }), { browser: 'IE' }),
    ],
    request: { ...DAY, property: 'visit:browser', filters: 'event:name==Purchase;event:props:package==business' },
    expected: { results: [{ browser: 'Safari', visitors: 2 }, { browser: 'Chrome', visitors: 1 }] },
  },
  {
    id: 'B100',
    name: 'all metrics for breakdown by event prop',
    users: [
      user(1, {}, pv(T0, { pathname: '/' }), pv('2021-01-01 00:10:00', { pathname: '/plausible.io' })),
      anon(pv(T25, { pathname: '/' })),
      anon(pv(T0, { pathname: '/plausible.io' })),
    ],
    request: { ...DAY, property: 'event:page', metrics: 'visitors,pageviews,events,bounce_rate,visit_duration' },
    expected: {
      results: [
        { page: '/', visitors: 2, bounce_rate: 50, visit_duration: 300, pageviews: 2, events: 2 },
        { page: '/plausible.io', visitors: 2, bounce_rate: 100, visit_duration: 0, pageviews: 2, events: 2 },
      ],
    },
  },
];
