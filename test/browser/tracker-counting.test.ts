// Counting without identifiers, in real Chromium against a real Lagom: the flags and visit
// fields the tracker sends, and the visitors, visits, bounce rate and exit pages that the
// Stats API makes of them.
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  call,
  expectSent,
  names,
  navigate,
  openTab,
  USER_AGENT,
  record,
  type PageOptions,
  type Tab,
} from './tracker-fixture.js';
import type { WireEvent } from '../../protocol/wire.js';

const CONSENT = "lagom('consent', true)";
const MINUTE = 60_000;

describe.skipIf(!hasChromium).concurrent('tracker counting in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({
    sites: ['flags.example.com', 'tabs.example.com', 'bounce.example.com', 'keys.example.com'],
    fixture: true,
  });

  const open = (pathname: string, options: PageOptions, referer?: string) =>
    openTab(browser, fixture.url + fixture.path(pathname, options), { referer });
  const aggregate = async (site: string, metrics: string) => {
    await lagom.flush();
    return (await lagom.stats('aggregate', { site_id: site, period: 'day', metrics })).results;
  };

  it('replays calls queued before load: consent, then the pageview before the queued events', async () => {
    const tab = await open('/', { site: 'flags.example.com', pre: `${CONSENT}; lagom('event', 'Early'); lagom('pageview')` });
    // The page's own pageview of the page already counted is not a second view.
    await expectSent(tab, 2);
    expect(names(tab.sent)).toEqual(['pageview', 'Early']);
    await tab.context.close();
  });

  it('sends custom events with their props, and a goal visitor only the first time today', async () => {
    const tab = await open('/', { site: 'flags.example.com', pre: CONSENT });
    await call(tab.page, 'event', 'Signup', { plan: 'pro', seats: 5, trial: false });
    await call(tab.page, 'event', 'Signup', { plan: 'team' });
    await expectSent(tab, 3);
    const [, first, second] = tab.sent;
    expect(first).toMatchObject({ n: 'Signup', fg: 1, p: { plan: 'pro', seats: 5, trial: false }, e: '/' });
    expect(second).toMatchObject({ n: 'Signup', p: { plan: 'team' } });
    expect(second!.fg).toBeUndefined();
    await tab.context.close();
  });

  // Pageview props and revenue are features of a site's own script: tracker-site-script.test.ts.

  it('keeps only an external referrer and only the campaign parameters, for the whole visit', async () => {
    const tab = await open(
      '/landing',
      { site: 'flags.example.com', pre: CONSENT, utm_source: 'news', token: 'secret', ref: 'hn' } as PageOptions,
      'https://news.example.org/item?id=1',
    );
    await expectSent(tab, 1);
    await navigate(tab.page, '/second?token=other');
    await expectSent(tab, 2);
    // No query in the URL; of the entry URL's query, the campaign parameters travel in `q`.
    expect(tab.sent.map((e) => e.u)).toEqual([`${fixture.url}/landing`, `${fixture.url}/second`]);
    for (const e of tab.sent) {
      expect(e).toMatchObject({ r: 'https://news.example.org/item?id=1', e: '/landing', q: 'utm_source=news&ref=hn' });
    }
    expect(JSON.stringify(tab.sent)).not.toContain('secret');
    expect(await tab.page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('secret');
    await tab.context.close();

    const internal = await open('/', { site: 'flags.example.com', pre: CONSENT }, `${fixture.url}/elsewhere?x=1`);
    await expectSent(internal, 1);
    expect(internal.sent[0]!.r).toBeFalsy();
    expect(internal.sent[0]!.q).toBeFalsy();
    await internal.context.close();
  });

  it('two tabs share one visit: the second tab continues it and un-bounces it', async () => {
    const site = 'tabs.example.com';
    const tab = await open('/', { site, pre: CONSENT });
    await expectSent(tab, 1);
    const second = await tab.context.newPage();
    await second.goto(fixture.url + fixture.path('/two', { site }));
    await expectSent(tab, 2);
    expect(tab.sent[0]).toMatchObject({ fv: 1, fs: 1, b: 1, e: '/' });
    expect(tab.sent[1]).toMatchObject({ fp: 1, b: -1, xp: '/', e: '/' });
    expect(tab.sent[1]!.fv ?? tab.sent[1]!.fs).toBeUndefined();
    await tab.context.close();

    const results = await aggregate(site, 'visitors,visits,pageviews,bounce_rate');
    expect([results.visitors.value, results.visits.value, results.pageviews.value, results.bounce_rate.value]).toEqual([1, 1, 2, 0]);
  });

  it('starts a new visit after 30 minutes without events, and a new day resets the daily flags (fake clock)', async () => {
    const context = await browser.newContext({ userAgent: USER_AGENT });
    // Ten in the morning (UTC), so 31 minutes and a day later are still whole days apart.
    await context.clock.install({ time: new Date('2030-01-01T10:00:00Z') });
    const page = await context.newPage();
    const tab: Tab = { context, page, sent: [] };
    record(context, tab.sent);
    await page.goto(fixture.url + fixture.path('/', { site: 'flags.example.com', pre: CONSENT }));
    await expectSent(tab, 1);
    expect(tab.sent[0]).toMatchObject({ fv: 1, fs: 1, b: 1, fm: 1 });

    await page.clock.fastForward(29 * MINUTE);
    await navigate(page, '/still-same-visit');
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ b: -1, xp: '/', e: '/', fm: 1 });
    expect(tab.sent[1]!.dd).toBeGreaterThanOrEqual(29 * MINUTE);
    expect(tab.sent[1]!.fs ?? tab.sent[1]!.fv).toBeUndefined();

    await page.clock.fastForward(31 * MINUTE);
    await call(page, 'event', 'Late');
    await expectSent(tab, 3);
    // A custom event does not start a visit, and one outside any visit carries no visit fields.
    expect(tab.sent[2]).toMatchObject({ n: 'Late', fg: 1, fm: 1 });
    expect(tab.sent[2]!.e ?? tab.sent[2]!.dd ?? tab.sent[2]!.fs).toBeUndefined();
    await navigate(page, '/new-visit');
    await expectSent(tab, 4);
    expect(tab.sent[3]).toMatchObject({ fs: 1, b: 1, e: '/new-visit', fp: 1 });
    expect(tab.sent[3]!.xp).toBeFalsy();
    expect(tab.sent[3]!.fv).toBeUndefined();

    await page.clock.fastForward(24 * 60 * MINUTE);
    await navigate(page, '/');
    await expectSent(tab, 5);
    // A new day: a new visitor, and "/" is a new page visitor again; a new visit too (24 h idle).
    expect(tab.sent[4]).toMatchObject({ fv: 1, fp: 1, fs: 1, b: 1, e: '/' });
    await context.close();
  });

  it('bounce and exit deltas add up to the bounce rate and exit pages in the Stats API', async () => {
    const site = 'bounce.example.com';
    const sent: WireEvent[] = [];
    // Three visitors, three visits: "/" then "/a"; "/a" alone; "/" alone.
    for (const paths of [['/', '/a'], ['/a'], ['/']]) {
      const tab = await open(paths[0]!, { site, pre: CONSENT });
      for (const path of paths.slice(1)) await navigate(tab.page, path);
      await expectSent(tab, paths.length);
      sent.push(...tab.sent);
      await tab.context.close();
    }
    expect(sent.map((e) => e.b ?? 0)).toEqual([1, -1, 1, 1]);

    const results = await aggregate(site, 'visitors,visits,pageviews,bounce_rate,views_per_visit');
    expect(results.visitors.value).toBe(3);
    expect(results.visits.value).toBe(3);
    expect(results.pageviews.value).toBe(4);
    expect(results.bounce_rate.value).toBe(67);
    const breakdown = (property: string) =>
      lagom.stats('breakdown', { site_id: site, period: 'day', property, metrics: 'visits' });
    const rows = (r: { results: Record<string, string | number>[] }, key: string) =>
      Object.fromEntries(r.results.map((row) => [row[key], row.visits]));
    expect(rows(await breakdown('visit:exit_page'), 'exit_page')).toEqual({ '/a': 2, '/': 1 });
    expect(rows(await breakdown('visit:entry_page'), 'entry_page')).toEqual({ '/': 2, '/a': 1 });
  });

  it('visit keys: each page and goal counts the visit once, and later events book on the keys before them', async () => {
    const site = 'keys.example.com';
    // One visit: "/" then "/a", a Signup, "/" again. Another: "/a" alone (a bounce).
    const tab = await open('/', { site, pre: CONSENT });
    await navigate(tab.page, '/a');
    await call(tab.page, 'event', 'Signup');
    await navigate(tab.page, '/');
    await expectSent(tab, 4);
    const [home, a, signup, back] = tab.sent;
    expect(home).toMatchObject({ fi: 1, ds: 0, kb: 1 });
    expect(home!.ks).toBeUndefined();
    expect(a).toMatchObject({ fi: 1, ks: ['/'], b: -1 });
    expect(a!.kb).toBeUndefined();
    expect(signup).toMatchObject({ n: 'Signup', fi: 1, ks: ['/', '/a'] });
    expect(signup!.kb).toBeUndefined();
    // "/" again: not new to the visit, so no fi; the other keys take its duration.
    expect(back!.fi).toBeUndefined();
    expect(back).toMatchObject({ ks: ['/a', '!Signup'] });
    await tab.context.close();
    const bounce = await open('/a', { site, pre: CONSENT });
    await expectSent(bounce, 1);
    expect(bounce.sent[0]).toMatchObject({ fi: 1, kb: 1 });
    await bounce.context.close();

    const under = async (filters: string) => aggregateWith(site, 'visitors,visits,pageviews,bounce_rate', filters);
    // "/a": both visits include it; the bounce rate is that of the visits that entered on it.
    expect(await under('event:page==/a')).toEqual({ visitors: 2, visits: 2, pageviews: 2, bounce_rate: 100 });
    // "/": one visit, two views, entered there and went on.
    expect(await under('event:page==/')).toEqual({ visitors: 1, visits: 1, pageviews: 2, bounce_rate: 0 });
    // The goal: one visit, which did not bounce.
    expect(await under('event:goal==Signup')).toMatchObject({ visitors: 1, visits: 1, bounce_rate: 0 });
    // A visit filter still reads whole visits.
    expect(await under('visit:entry_page==/a')).toEqual({ visitors: 1, visits: 1, pageviews: 1, bounce_rate: 100 });
  });

  const aggregateWith = async (site: string, metrics: string, filters: string) => {
    await lagom.flush();
    const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics, filters });
    return Object.fromEntries(Object.entries(results as Record<string, { value: number }>).map(([k, v]) => [k, v.value]));
  };
});
