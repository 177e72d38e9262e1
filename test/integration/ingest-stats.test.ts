import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/store/migrate.js';
import { migrationCounts, tableRows } from '../../server/store/inspect.js';
import { addDays, todayIn } from '../../server/stats/params.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { CHROME_UA, IPHONE_UA, postEvent } from '../helpers/events.js';

let lagom: TestLagom;
const site = 'shop.test';

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(site, 'Europe/Stockholm');
});
afterAll(() => lagom.stop());

describe('migrations', () => {
  it('apply nothing twice on a second start', async () => {
    expect(await migrate(lagom.server.store)).toEqual([]);
    expect(await migrationCounts(lagom.server.store)).toEqual([
      ['0001_init', 1],
      ['0002_dedup_window', 1],
      ['0003_daily_rollup', 1],
      ['0004_shared_links', 1],
      ['0005_small_merges', 1],
      ['0006_auth_tokens', 1],
      ['0007_canonical_timezones', 1],
      ['0008_goals', 1],
      ['0009_visit_keys', 1],
      ['0010_revenue', 1],
      ['0011_page_gaps', 1],
      ['0012_site_settings', 1],
      ['0013_page_goal_fix', 1],
      ['0014_people', 1],
      ['0015_invitations', 1],
      ['0016_two_factor', 1],
      ['0017_sessions_audit', 1],
    ]);
  });
});

describe('ingest → flush → Stats API', () => {
  // Two browsers. A: three pageviews in one visit from Google. B: one pageview (a bounce) and a
  // custom event, on a phone.
  const events = [
    { n: 'pageview', u: `https://${site}/?utm_campaign=x&email=a@b.c`, d: site, fv: 1, fp: 1, fs: 1, fm: 1, b: 1, r: 'https://www.google.com/', e: '/', w: 1440 },
    { n: 'pageview', u: `https://${site}/shoes`, d: site, fp: 1, b: -1, xp: '/', dd: 20_000, r: 'https://www.google.com/', e: '/', w: 1440 },
    { n: 'pageview', u: `https://${site}/shoes/red`, d: site, fp: 1, xp: '/shoes', dd: 10_000, r: 'https://www.google.com/', e: '/', w: 1440 },
  ];
  const phone = [
    { n: 'pageview', u: `https://${site}/shoes`, d: site, fv: 1, fp: 1, fs: 1, fm: 1, b: 1, e: '/shoes', w: 390 },
    { n: 'Signup', u: `https://${site}/shoes`, d: site, fg: 1, dd: 5_000, e: '/shoes', p: { plan: 'pro' }, w: 390 },
  ];

  beforeAll(async () => {
    for (const e of events) expect((await postEvent(lagom.url, e)).status).toBe(202);
    for (const e of phone) expect((await postEvent(lagom.url, e, { 'user-agent': IPHONE_UA })).status).toBe(202);
    await lagom.flush();
  });

  it('aggregates exactly', async () => {
    const body = await lagom.stats('aggregate', {
      site_id: site,
      period: 'day',
      metrics: 'visitors,visits,pageviews,events,bounce_rate,visit_duration,views_per_visit',
    });
    expect(body).toEqual({
      results: {
        visitors: { value: 2 },
        visits: { value: 2 },
        pageviews: { value: 4 },
        events: { value: 5 },
        bounce_rate: { value: 50 },
        visit_duration: { value: 18 },
        views_per_visit: { value: 2 },
      },
    });
  });

  it('breaks down pages, entry and exit pages, sources, devices, goals and props', async () => {
    const get = (property: string, metrics = 'visitors') =>
      lagom.stats('breakdown', { site_id: site, period: 'day', property, metrics }).then((b) => b.results);
    expect(await get('event:page', 'visitors,pageviews')).toEqual([
      { page: '/shoes', visitors: 2, pageviews: 2 },
      { page: '/', visitors: 1, pageviews: 1 },
      { page: '/shoes/red', visitors: 1, pageviews: 1 },
    ]);
    expect(await get('visit:entry_page', 'visits')).toEqual([
      { entry_page: '/', visits: 1 },
      { entry_page: '/shoes', visits: 1 },
    ]);
    expect(await get('visit:exit_page', 'visits')).toEqual([
      { exit_page: '/shoes', visits: 1 },
      { exit_page: '/shoes/red', visits: 1 },
    ]);
    expect(await get('visit:source')).toEqual([
      { source: 'Direct / None', visitors: 1 },
      { source: 'Google', visitors: 1 },
    ]);
    expect(await get('visit:device')).toEqual([
      { device: 'Desktop', visitors: 1 },
      { device: 'Mobile', visitors: 1 },
    ]);
    expect(await get('event:goal', 'visitors,events')).toEqual([{ goal: 'Signup', visitors: 1, events: 1 }]);
    // Plausible's "(none)": the events without the property (the four pageviews), and the
    // visitors counted on them (both browsers).
    expect(await get('event:props:plan', 'visitors,events')).toEqual([
      { plan: '(none)', visitors: 2, events: 4 },
      { plan: 'pro', visitors: 1, events: 1 },
    ]);
    expect(await get('event:props', 'visitors,events')).toEqual([{ prop: 'plan', visitors: 1, events: 1 }]);
    // Visits without a campaign are not a row of the campaign breakdowns.
    expect(await get('visit:utm_campaign')).toEqual([{ utm_campaign: 'x', visitors: 1 }]);
  });

  it('filters with Plausible v1 syntax and wildcards', async () => {
    const agg = (filters: string) =>
      lagom
        .stats('aggregate', { site_id: site, period: 'day', metrics: 'pageviews', filters })
        .then((b) => b.results.pageviews.value);
    expect(await agg('event:page==/shoes/**')).toBe(1);
    expect(await agg('event:page==/shoes*')).toBe(2);
    expect(await agg('event:page==/shoes|/')).toBe(3);
    expect(await agg('event:page!=/shoes')).toBe(2);
    expect(await agg('visit:source==Google;visit:device==Desktop')).toBe(3);
    expect(await agg('visit:browser==Safari')).toBe(1);
    expect(await agg('visit:source==Direct / None')).toBe(1);
  });

  it("filters with Plausible's JSON form", async () => {
    const agg = (...filters: unknown[]) =>
      lagom
        .stats('aggregate', { site_id: site, period: 'day', metrics: 'pageviews', filters: JSON.stringify(filters) })
        .then((b) => b.results.pageviews.value);
    expect(await agg(['is', 'event:page', ['/shoes']])).toBe(2);
    expect(await agg(['is', 'event:page', ['/shoes*']])).toBe(0);
    expect(await agg(['is_not', 'event:page', ['/shoes', '/']])).toBe(1);
    expect(await agg(['contains', 'event:page', ['hoe']])).toBe(3);
    expect(await agg(['contains_not', 'event:page', ['red']])).toBe(3);
    expect(await agg(['matches_wildcard', 'event:page', ['/shoes/*']])).toBe(1);
    expect(await agg(['matches_wildcard_not', 'event:page', ['/shoes**']])).toBe(1);
    expect(await agg(['is', 'visit:source', ['Google']], ['contains', 'event:page', ['shoes']])).toBe(2);
  });

  it('filters on contains and does not contain, ignoring case: ~ and !~, and JSON with case_sensitive false', async () => {
    const agg = (filters: string) =>
      lagom
        .stats('aggregate', { site_id: site, period: 'day', metrics: 'pageviews,visitors', filters })
        .then((b) => [b.results.pageviews.value, b.results.visitors.value]);
    // /shoes twice and /shoes/red: "HOE" in any case, each page's visitors added up (stats-api.md);
    // a star is a star, not a wildcard
    expect(await agg('event:page~HOE')).toEqual([3, 3]);
    expect(await agg('event:page!~Red')).toEqual([3, 2]);
    expect(await agg('event:page~RED|absent')).toEqual([1, 1]);
    expect(await agg('event:page~/s*')).toEqual([0, 0]);
    expect(await agg('visit:source~oog;visit:device~desk')).toEqual([3, 1]);
    expect(await agg('visit:source!~GOOGLE')).toEqual([1, 1]);
    expect(await agg('event:goal~signup')).toEqual([0, 1]);
    expect(await agg('event:hostname~SHOP')).toEqual([4, 2]);
    expect(await agg(JSON.stringify([['contains', 'event:page', ['SHOES/'], { case_sensitive: false }]]))).toEqual([1, 1]);
    expect(await agg(JSON.stringify([['is', 'visit:browser', ['safari'], { case_sensitive: false }]]))).toEqual([1, 1]);
    // case-sensitive as before without the modifier
    expect(await agg(JSON.stringify([['contains', 'event:page', ['SHOES']]]))).toEqual([0, 0]);
  });

  it('keeps no query string, IP or user agent in the counters', async () => {
    const text = JSON.stringify(await tableRows(lagom.server.store, 'counters_hourly'));
    expect(text).not.toContain('email');
    expect(text).not.toContain('a@b.c');
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('Mozilla');
    expect(text).not.toContain('AppleWebKit');
  });

  it('answers a timeseries in the site time zone, gaps filled', async () => {
    const today = todayIn('Europe/Stockholm');
    // The last 7 days before tomorrow end today: period=7d leaves out the day it is about.
    const body = await lagom.stats('timeseries', { site_id: site, period: '7d', date: addDays(today, 1), metrics: 'visitors,pageviews' });
    expect(body.results).toHaveLength(7);
    expect(body.results[6]).toEqual({ date: today, visitors: 2, pageviews: 4 });
    expect(body.results.slice(0, 6).every((r: { pageviews: number }) => r.pageviews === 0)).toBe(true);
    const hours = await lagom.stats('timeseries', { site_id: site, period: 'day', metrics: 'pageviews', interval: 'hour' });
    expect(hours.results).toHaveLength(24);
    expect(hours.results[0].date).toBe(`${today} 00:00:00`);
    expect(hours.results.reduce((s: number, r: { pageviews: number }) => s + r.pageviews, 0)).toBe(4);
  });

  it('counts current visitors from the last five minutes', async () => {
    expect(await lagom.stats('realtime/visitors', { site_id: site })).toBe(2);
  });
});

describe('ingest answers', () => {
  it('drops events for unknown sites, bots and GPC, and says why', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{}, 'nope.test', 'unknown_site'],
      [{ 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }, site, 'bot'],
      [{ 'user-agent': 'Mozilla/5.0 HeadlessChrome/120.0.0.0' }, site, 'bot'],
      [{ 'sec-gpc': '1' }, site, 'gpc'],
    ];
    for (const [headers, d, reason] of cases) {
      const res = await postEvent(lagom.url, { n: 'pageview', u: `https://${d}/`, d }, headers);
      expect(res.status).toBe(202);
      expect(res.headers.get('x-lagom-dropped')).toBe(reason);
    }
  });

  it('refuses malformed events with a message naming the field', async () => {
    const bad = async (body: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${lagom.url}/api/event`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body });
      return { status: res.status, ...((await res.json()) as { error: string; code: string }) };
    };
    expect(await bad('{nope')).toEqual({ status: 400, code: 'invalid_json', error: expect.stringContaining('not valid JSON') });
    expect(await bad(JSON.stringify({ v: 1, n: 'pageview', d: site }))).toEqual({ status: 400, code: 'invalid_event', error: expect.stringContaining('"u"') });
    expect(await bad(JSON.stringify({ v: 1, n: 'pageview', u: `https://${site}/${'x'.repeat(2100)}`, d: site }))).toMatchObject({ status: 400 });
    // 413: body_too_large has one status, here and on the Koa routes.
    expect(await bad('x'.repeat(9000))).toEqual({ status: 413, code: 'body_too_large', error: expect.stringContaining('larger than') });
    expect(await bad('{}', { 'content-type': 'image/png' })).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const get = await fetch(`${lagom.url}/api/event`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await get.json()).toEqual({ error: 'Send events with POST', code: 'method_not_allowed' });
  });

  it('answers any origin: CORS headers on accepted, dropped and refused events and on a preflight', async () => {
    const origin = { origin: 'https://elsewhere.example' };
    const accepted = await postEvent(lagom.url, { n: 'pageview', u: `https://${site}/cors`, d: site }, origin);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('access-control-allow-origin')).toBe('*');
    const dropped = await postEvent(lagom.url, { n: 'pageview', u: 'https://unknown.example/', d: 'unknown.example' }, origin);
    expect([dropped.status, dropped.headers.get('access-control-allow-origin')]).toEqual([202, '*']);
    const refused = await fetch(`${lagom.url}/api/event`, { method: 'POST', headers: { 'content-type': 'text/plain', ...origin }, body: '{' });
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([400, '*']);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    // A client that sends application/json (not the tracker) needs a preflight: it passes.
    const preflight = await fetch(`${lagom.url}/api/event`, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('content-type');
    // The tracker's own content type, and JSON with a charset, are both taken.
    for (const type of ['text/plain;charset=UTF-8', 'application/json; charset=utf-8']) {
      const res = await fetch(`${lagom.url}/api/event?from=test`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ v: 1, n: 'pageview', u: `https://${site}/types`, d: site }),
      });
      expect(res.status, type).toBe(202);
    }
  });
});

describe('Stats API errors', () => {
  it('answers 400, 401 and 404 in Plausible shape', async () => {
    const res = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=${site}&period=forever`, {
      headers: { authorization: `Bearer ${lagom.apiKey}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringContaining('"period"'), code: 'invalid_period' });
    const anon = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=${site}`);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ code: 'unauthorized' });
    const badKey = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=${site}`, { headers: { authorization: 'Bearer lgm_wrong' } });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toEqual({ error: 'Invalid API key', code: 'unauthorized' });
    const missing = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=other.test`, {
      headers: { authorization: `Bearer ${lagom.apiKey}` },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Site "other.test" not found', code: 'site_not_found' });
  });

  it('refuses filters in JSON that do not parse, with a 400 that says why', async () => {
    const res = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=${site}&filters=${encodeURIComponent('[["is", "event:page"')}`, {
      headers: { authorization: `Bearer ${lagom.apiKey}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringContaining('"filters" is not valid JSON'), code: 'invalid_filter' });
  });

  it('refuses two custom properties in one query with a 400, before the store', async () => {
    const get = (qs: string) => fetch(`${lagom.url}/api/v1/stats/${qs}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    const prop = encodeURIComponent('event:props:plan==pro');
    for (const [qs, error] of [
      [`breakdown?site_id=${site}&property=event:props:tier&filters=${prop}`, 'Only one custom property can be used in a query at a time'],
      [`aggregate?site_id=${site}&filters=${prop};${encodeURIComponent('event:props:tier==x')}`, 'Only one custom property can be used in a query at a time'],
      [`breakdown?site_id=${site}&property=event:props&filters=${prop}`, 'Listing prop keys cannot be combined with a prop filter'],
    ]) {
      const res = await get(qs!);
      expect([res.status, await res.json()]).toMatchObject([400, { error }]);
    }
  });
});

describe('version breakdowns', () => {
  it('keep each browser\'s versions apart and name both: Chrome 131 is not Microsoft Edge 131', async () => {
    const versions = 'versions.test';
    await lagom.addSite(versions);
    const EDGE_UA = `${CHROME_UA} Edg/131.0.0.0`;
    for (const ua of [CHROME_UA, CHROME_UA, EDGE_UA]) {
      const e = { n: 'pageview', u: `https://${versions}/`, d: versions, fv: 1, fp: 1, fs: 1, b: 1 };
      expect((await postEvent(lagom.url, e, { 'user-agent': ua })).status).toBe(202);
    }
    await lagom.flush();
    const { results } = await lagom.stats('breakdown', { site_id: versions, period: 'day', property: 'visit:browser_version', metrics: 'visitors' });
    expect(results).toEqual([
      { browser: 'Chrome', browser_version: '131', visitors: 2 },
      { browser: 'Microsoft Edge', browser_version: '131', visitors: 1 },
    ]);
  });
});

describe('custom-property filters with "(none)" and !=', () => {
  // Three browsers, one pageview each: plan "free" (a computer), plan "pro" (a phone), no plan
  // (a computer). Plausible's reading: "(none)" is the events without the property, and `!=`
  // keeps them unless "(none)" is among its values.
  const props = 'props.test';
  beforeAll(async () => {
    await lagom.addSite(props);
    const pv = (p?: Record<string, string>) => ({ n: 'pageview', u: `https://${props}/`, d: props, fv: 1, fp: 1, fs: 1, b: 1, ...(p ? { p } : {}) });
    expect((await postEvent(lagom.url, pv({ plan: 'free' }))).status).toBe(202);
    expect((await postEvent(lagom.url, pv({ plan: 'pro' }), { 'user-agent': IPHONE_UA })).status).toBe(202);
    expect((await postEvent(lagom.url, pv())).status).toBe(202);
    await lagom.flush();
  });
  const agg = (filters: string) =>
    lagom.stats('aggregate', { site_id: props, period: 'day', metrics: 'visitors,visits,pageviews,bounce_rate', filters }).then((b) => b.results);
  const breakdown = (property: string, filters: string) =>
    lagom.stats('breakdown', { site_id: props, period: 'day', property, metrics: 'visitors,pageviews', filters }).then((b) => b.results);

  it('aggregate: "(none)" among the values, alone, and in !=', async () => {
    const value = (n: number) => ({ visitors: { value: n }, visits: { value: n }, pageviews: { value: n }, bounce_rate: { value: n ? 100 : 0 } });
    expect(await agg('event:props:plan==(none)')).toEqual(value(1));
    expect(await agg('event:props:plan==pro|(none)')).toEqual(value(2));
    expect(await agg('event:props:plan!=pro')).toEqual(value(2));
    expect(await agg('event:props:plan!=pro|(none)')).toEqual(value(1));
    expect(await agg('event:props:plan!=(none)')).toEqual(value(2));
    expect(await agg('event:props:plan==pro')).toEqual(value(1));
    // A wildcard != reads only the events that have the property (Plausible's does_not_match).
    expect(await agg('event:props:plan!=fr*')).toEqual(value(1));
    // with a filter on the visit as well
    expect(await agg('event:props:plan==free|(none);visit:device==Desktop')).toEqual(value(2));
    expect(await agg('event:props:plan==free|(none);visit:device==Mobile')).toEqual(value(0));
  });

  it('breakdown by the visit and timeseries under a "(none)" filter', async () => {
    expect(await breakdown('visit:device', 'event:props:plan==pro|(none)')).toEqual([
      { device: 'Desktop', visitors: 1, pageviews: 1 },
      { device: 'Mobile', visitors: 1, pageviews: 1 },
    ]);
    const { results } = await lagom.stats('timeseries', { site_id: props, period: 'day', metrics: 'pageviews', filters: 'event:props:plan!=free' });
    expect((results as { pageviews: number }[]).reduce((sum, p) => sum + p.pageviews, 0)).toBe(2);
  });

  it('breakdown by the property itself: the filter picks its rows and its "(none)" row', async () => {
    expect(await breakdown('event:props:plan', 'event:props:plan==(none)')).toEqual([{ plan: '(none)', visitors: 1, pageviews: 1 }]);
    // "(none)" follows the values it ties with.
    expect(await breakdown('event:props:plan', 'event:props:plan!=pro')).toEqual([
      { plan: 'free', visitors: 1, pageviews: 1 },
      { plan: '(none)', visitors: 1, pageviews: 1 },
    ]);
    expect(await breakdown('event:props:plan', 'event:props:plan==pro')).toEqual([{ plan: 'pro', visitors: 1, pageviews: 1 }]);
    expect(await breakdown('event:props:plan', 'event:props:plan!=(none)')).toEqual([
      { plan: 'free', visitors: 1, pageviews: 1 },
      { plan: 'pro', visitors: 1, pageviews: 1 },
    ]);
  });
});
