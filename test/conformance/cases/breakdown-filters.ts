// breakdown_test.exs, the "filtering" and "pagination" blocks (B60–B83); see breakdown.ts.
import { ON_PURPOSE } from '../categories.js';
import { anon, anons, ev, pv, user, type ConformanceCase } from '../types.js';
import { DAY, T0, T25, U } from './common.js';

const PAGES_ABC = [anon(pv(T0, { pathname: '/a' })), anon(pv(T25, { pathname: '/b' })), anon(pv(T0, { pathname: '/c' }))];
const IN_PAGES = ['/ignore', '/plausible.io', '/plausible.io', '/important-page'].map((p) => anon(pv(T0, { pathname: p })));

export const breakdownFilterCases: ConformanceCase[] = [
  {
    id: 'B60',
    name: 'event:page filter for breakdown by session props',
    users: [
      anon(pv(T0, { pathname: '/ignore' }), { browser: 'Chrome' }),
      anon(pv(T0, { pathname: '/plausible.io' }), { browser: 'Chrome' }),
      anon(pv(T25, { pathname: '/plausible.io' }), { browser: 'Chrome' }),
      anon(pv(T0, { pathname: '/plausible.io' }), { browser: 'Safari' }),
    ],
    request: { ...DAY, property: 'visit:browser', filters: 'event:page==/plausible.io' },
    expected: { results: [{ browser: 'Chrome', visitors: 2 }, { browser: 'Safari', visitors: 1 }] },
  },
  {
    id: 'B61',
    name: 'event:page filter shows sources of sessions that have visited that page',
    users: [
      user(
        U,
        {},
        pv(undefined, { pathname: '/', source: 'Twitter', utm: { medium: 'Twitter', source: 'Twitter', campaign: 'Twitter' } }),
        pv(undefined, { pathname: '/plausible.io' }),
      ),
      ...anons(2, pv(undefined, { pathname: '/plausible.io', source: 'Google', utm: { medium: 'Google', source: 'Google', campaign: 'Google' } })),
    ],
    request: ['source', 'utm_medium', 'utm_source', 'utm_campaign'].map((p) => ({ period: 'day', property: `visit:${p}`, filters: 'event:page==/plausible.io' })),
    pick: (answers: unknown[]) => answers,
    expected: ['source', 'utm_medium', 'utm_source', 'utm_campaign'].map((p) => ({
      results: [
        { [p]: 'Google', visitors: 2 },
        { [p]: 'Twitter', visitors: 1 },
      ],
    })),
  },
  {
    id: 'B62',
    name: 'top sources for a custom goal and filtered by hostname',
    users: [
      user(
        U,
        {},
        pv(undefined, { hostname: 'blog.example.com', source: 'Facebook' }),
        pv(undefined, { hostname: 'app.example.com', pathname: '/register' }),
        ev('Signup', undefined, { hostname: 'app.example.com', pathname: '/register' }),
      ),
    ],
    request: { period: 'day', property: 'visit:source', filters: 'event:hostname==app.example.com' },
    expected: { results: [] },
    differsOnPurpose: ON_PURPOSE.crossOrigin,
  },
  {
    id: 'B63',
    name: 'top sources for a custom goal and filtered by hostname (2)',
    users: [
      user(
        U,
        {},
        pv(undefined, { hostname: 'app.example.com', pathname: '/register', source: 'Facebook' }),
        ev('Signup', undefined, { hostname: 'app.example.com', pathname: '/register' }),
      ),
    ],
    request: { period: 'day', property: 'visit:source', filters: 'event:hostname==app.example.com' },
    expected: { results: [{ source: 'Facebook', visitors: 1 }] },
  },
  {
    id: 'B64',
    name: 'event:page filter is interpreted as entry_page filter only for bounce_rate',
    users: [
      user(U, { browser: 'Chrome' }, pv(T0, { pathname: '/ignore' }), pv('2021-01-01 00:01:00', { pathname: '/plausible.io' })),
      user(456, { browser: 'Chrome' }, pv(T0, { pathname: '/important-page' }), pv('2021-01-01 00:01:00', { pathname: '/' })),
      anon(pv('2021-01-01 00:01:00', { pathname: '/plausible.io' }), { browser: 'Chrome' }),
    ],
    request: { ...DAY, metrics: 'visitors,bounce_rate', property: 'visit:browser', filters: 'event:page == /plausible.io|/important-page' },
    expected: { results: [{ browser: 'Chrome', bounce_rate: 50, visitors: 3 }] },
  },
  {
    id: 'B65',
    name: 'event:goal pageview filter for breakdown by visit source',
    goals: [{ page: '/plausible.io' }],
    users: [anon(pv(T0, { source: 'Bing' })), user(U, {}, pv(T0, { source: 'Google' }), pv(T0, { pathname: '/plausible.io' }))],
    request: { ...DAY, property: 'visit:source', filters: 'event:goal == Visit /plausible.io' },
    expected: { results: [{ source: 'Google', visitors: 1 }] },
  },
  {
    id: 'B66',
    name: 'event:goal custom event filter for breakdown by visit source',
    goals: [{ event: 'Register' }],
    users: [anon(pv(T0, { source: 'Bing' })), user(U, {}, pv(T0, { source: 'Google' }), ev('Register', T0))],
    request: { ...DAY, property: 'visit:source', filters: 'event:goal == Register' },
    expected: { results: [{ source: 'Google', visitors: 1 }] },
  },
  {
    id: 'B67',
    name: 'wildcard pageview goal filter for breakdown by event:page',
    goals: [{ page: '/**register' }],
    users: [
      anon(pv(undefined, { pathname: '/en/register' })),
      user(U, {}, pv(undefined, { pathname: '/en/register' }), pv(undefined, { pathname: '/en/register' })),
      anon(pv(undefined, { pathname: '/123/it/register' })),
      anon(pv(undefined, { pathname: '/should-not-appear' })),
    ],
    request: { period: 'day', metrics: 'visitors,pageviews', property: 'event:page', filters: 'event:goal==Visit /**register' },
    expected: { results: [{ page: '/en/register', visitors: 2, pageviews: 3 }, { page: '/123/it/register', visitors: 1, pageviews: 1 }] },
  },
  {
    id: 'B69',
    name: 'event:goal custom event filter for breakdown by event page',
    goals: [{ event: 'Register' }],
    users: [...anons(2, ev('Register', undefined, { pathname: '/en/register' })), anon(ev('Register', undefined, { pathname: '/it/register' }))],
    request: { period: 'day', property: 'event:page', filters: 'event:goal == Register' },
    expected: { results: [{ page: '/en/register', visitors: 2 }, { page: '/it/register', visitors: 1 }] },
  },
  {
    id: 'B70',
    name: 'IN filter for event:page',
    users: IN_PAGES,
    request: { ...DAY, property: 'event:page', filters: 'event:page == /plausible.io|/important-page' },
    expected: { results: [{ page: '/plausible.io', visitors: 2 }, { page: '/important-page', visitors: 1 }] },
  },
  {
    id: 'B71',
    name: 'IN filter for visit:browser',
    users: [
      anon(pv(T0, { pathname: '/ignore' }), { browser: 'Firefox' }),
      anon(pv(T0, { pathname: '/plausible.io' }), { browser: 'Chrome' }),
      anon(pv(T0, { pathname: '/plausible.io' }), { browser: 'Safari' }),
      anon(pv(T0, { pathname: '/important-page' }), { browser: 'Safari' }),
    ],
    request: { ...DAY, property: 'event:page', filters: 'visit:browser == Chrome|Safari' },
    expected: { results: [{ page: '/plausible.io', visitors: 2 }, { page: '/important-page', visitors: 1 }] },
  },
  {
    id: 'B72',
    name: 'IN filter for visit:entry_page',
    users: IN_PAGES,
    request: { ...DAY, property: 'event:page', filters: 'event:page == /plausible.io|/important-page', metrics: 'bounce_rate' },
    expected: { results: [{ page: '/important-page', bounce_rate: 100 }, { page: '/plausible.io', bounce_rate: 100 }] },
  },
  {
    id: 'B73',
    name: 'IN filter for event:name',
    users: [...anons(2, ev('Signup', T0)), anon(ev('Login', T0)), anon(ev('Irrelevant', T0))],
    request: { ...DAY, property: 'event:name', filters: 'event:name == Signup|Login' },
    expected: { results: [{ name: 'Signup', visitors: 2 }, { name: 'Login', visitors: 1 }] },
  },
  {
    id: 'B74',
    name: 'IN filter for event:props:*',
    users: [
      ...anons(2, pv(T0, { props: { browser: 'Chrome' } }), { browser: 'Chrome' }),
      anon(pv(T0, { props: { browser: 'Safari' } }), { browser: 'Safari' }),
      anon(pv(T0, { props: { browser: 'Firefox' } }), { browser: 'Firefox' }),
    ],
    request: { ...DAY, property: 'visit:browser', filters: 'event:props:browser == Chrome|Safari' },
    expected: { results: [{ browser: 'Chrome', visitors: 2 }, { browser: 'Safari', visitors: 1 }] },
  },
  {
    id: 'B75',
    name: 'Multiple event:props:* filters',
    users: [
      anon(pv(T0, { props: { browser: 'Chrome' } }), { browser: 'Chrome' }),
      anon(pv(T0, { props: { browser: 'Chrome', prop: 'xyz' } }), { browser: 'Chrome' }),
      anon(pv(T0, { props: { browser: 'Safari', prop: 'target_value' } }), { browser: 'Safari' }),
      anon(pv(T0, { props: { browser: 'Firefox', prop: 'target_value' } }), { browser: 'Firefox' }),
    ],
    request: { ...DAY, property: 'visit:browser', filters: 'event:props:browser == Chrome|Safari;event:props:prop == target_value' },
    expected: { results: [{ browser: 'Safari', visitors: 1 }] },
  },
  {
    id: 'B76',
    name: 'IN filter for event:props:* including (none) value',
    users: [
      ...anons(2, pv(T0, { props: { browser: 'Chrome' } }), { browser: 'Chrome' }),
      anon(pv(T0), { browser: 'Safari' }),
      anon(pv(T0, { props: { browser: 'Firefox' } }), { browser: 'Firefox' }),
    ],
    request: { ...DAY, property: 'visit:browser', filters: 'event:props:browser == Chrome|(none)' },
    expected: { results: [{ browser: 'Chrome', visitors: 2 }, { browser: 'Safari', visitors: 1 }] },
  },
  {
    id: 'B77',
    name: 'can use a is_not filter',
    users: [anon(pv(), { browser: 'Chrome' }), ...anons(2, pv(), { browser: 'Safari' }), anon(pv(), { browser: 'Edge' })],
    request: { filters: 'visit:browser != Chrome', property: 'visit:browser' },
    expected: { results: [{ browser: 'Safari', visitors: 2 }, { browser: 'Edge', visitors: 1 }] },
    differsOnPurpose: ON_PURPOSE.edgeName,
  },
  {
    id: 'B78',
    name: 'pagination: can limit results',
    users: PAGES_ABC,
    request: { ...DAY, property: 'event:page', limit: '2' },
    pick: (answer: { results?: unknown[] }) => answer?.results?.length,
    expected: 2,
  },
  {
    id: 'B79',
    name: 'pagination: does not repeat results',
    users: ['apple', 'kiwi', 'pineapple', 'grapes'].map((item) => anon(pv(undefined, { props: { item } }))),
    request: ['1', '2'].map((page) => ({ metrics: 'visitors', property: 'event:props:item', limit: '3', page })),
    // Plausible asserts that the pages do not overlap; that they hold the four items is its data's.
    pick: (answers: { results?: { item: string }[] }[]) => {
      const [first, second] = answers.map((a) => new Set((a?.results ?? []).map((r) => r.item)));
      return { overlap: [...first!].filter((i) => second!.has(i)).length, items: first!.size + second!.size };
    },
    expected: { overlap: 0, items: 4 },
  },
  {
    id: 'B83',
    name: 'pagination: can paginate results',
    users: PAGES_ABC,
    request: { ...DAY, property: 'event:page', limit: '2', page: '2' },
    pick: (answer: { results?: unknown[] }) => answer?.results?.length,
    expected: 1,
  },
];
