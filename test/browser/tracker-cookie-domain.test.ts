// A site's script with a cookie domain, in real Chromium against a real Lagom: the tracker's
// state lives in first-party cookies on example.test, so a visit from blog.example.test to
// app.example.test is one visit of one visitor (and without the setting two of two); the cookies
// hold nothing random, a withdrawal on one host removes them for all, the collector (here on
// stats.example.test, under the cookie domain) never receives them with an event, and a state
// grown past the cookie's bound keeps the visit.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { call, expectQuiet, expectSent, openTab, sleep, startFixture, storedKeys, until, type Fixture, type Tab } from './tracker-fixture.js';

const CONSENT = "lagom('consent', true)";
// Not localhost: the tracker runs without data-allow-localhost; only the automation switch.
const ATTRS = 'data-allow-automation';

/** 32-bit FNV-1a, as the tracker hashes today's keys in cookie mode. */
const fnv = (k: string) => {
  let h = 2166136261;
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** The page's cookies by name, as document.cookie shows them. */
const cookies = (page: Page) =>
  page.evaluate(() => Object.fromEntries(document.cookie.split('; ').filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)])));
const stateOf = (jar: Record<string, string>) => JSON.parse(decodeURIComponent(jar.lagom_s!));

describe.skipIf(!hasChromium).concurrent('a site\'s script with a cookie domain', () => {
  // No rate limit: the bound's test sends a few hundred events from one address.
  const { lagom, browser } = browserSuite({ env: { LAGOM_RATE_LIMIT: '0' }, chromiumArgs: ['--host-resolver-rules=MAP *.example.test 127.0.0.1'] });
  /** every request that reached the collector, with the headers it arrived with */
  const received: { path: string; headers: IncomingHttpHeaders }[] = [];
  let proxy: Server;
  let fixture: Fixture;
  /** the fixture's pages on a host name of example.test */
  let on: (host: string, path: string, o: { site: string; pre?: string }) => string;
  let sites = 0;

  beforeAll(async () => {
    // The collector as stats.example.test: a pass-through in front of Lagom that notes each
    // request's headers as they arrive, before handing the request over unchanged.
    const target = new URL(lagom.url);
    proxy = createServer((req, res) => {
      received.push({ path: req.url ?? '', headers: req.headers });
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      req.pipe(out);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    fixture = await startFixture(`http://stats.example.test:${(proxy.address() as AddressInfo).port}`);
    const port = new URL(fixture.url).port;
    on = (host, path, o) => `http://${host}.example.test:${port}` + fixture.path(path, { site: o.site, src: `js/${o.site}.js`, pre: o.pre ?? '', attrs: ATTRS });
  });
  afterAll(async () => {
    await fixture?.close();
    await new Promise((resolve) => proxy?.close(resolve));
  });

  /** A site of its own (consent from the page), with a cookie domain or without. */
  async function addSite(cookieDomain: string | null): Promise<string> {
    const site = `site${++sites}.example.test`;
    await lagom.addSite(site);
    await lagom.configureSite(site, { consent: { mode: 'manual' }, cookie_domain: cookieDomain });
    return site;
  }
  const totals = async (site: string) => {
    await lagom.flush();
    const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'visitors,visits,pageviews,bounce_rate,visit_duration' });
    return Object.fromEntries(Object.entries(results as Record<string, { value: number }>).map(([k, v]) => [k, v.value]));
  };
  const breakdown = async (site: string, property: string) =>
    (await lagom.stats('breakdown', { site_id: site, period: 'day', property, metrics: 'visits' })).results as Record<string, unknown>[];

  /** Consent and a pageview on blog, a second later a pageview on app, in one browser. */
  async function blogThenApp(site: string, appPre = ''): Promise<Tab> {
    const tab = await openTab(browser, on('blog', '/post', { site, pre: CONSENT }));
    await expectSent(tab, 1);
    await sleep(1100);
    await tab.page.goto(on('app', '/signup', { site, pre: appPre }));
    await expectSent(tab, 2);
    return tab;
  }

  it('counts blog → app as one visit of one visitor, entering on blog and leaving on app; the consent given on blog holds on app', async () => {
    const site = await addSite('example.test');
    const tab = await blogThenApp(site);
    expect(tab.sent[0]).toMatchObject({ u: expect.stringMatching(/^http:\/\/blog\.example\.test:\d+\/post$/), fv: 1, fs: 1, b: 1 });
    // The second pageview continues the visit: no new visitor, no new visit, the un-bounce.
    expect(tab.sent[1]).toMatchObject({ u: expect.stringMatching(/^http:\/\/app\.example\.test:\d+\/signup$/), b: -1, xp: '/post', e: '/post', ks: ['/post'] });
    expect(tab.sent[1]).not.toHaveProperty('fv');
    expect(tab.sent[1]).not.toHaveProperty('fs');
    await tab.context.close();

    const got = await totals(site);
    expect(got).toMatchObject({ visitors: 1, visits: 1, pageviews: 2, bounce_rate: 0 });
    expect(got.visit_duration).toBeGreaterThanOrEqual(1);
    expect(await breakdown(site, 'visit:entry_page')).toEqual([{ entry_page: '/post', visits: 1 }]);
    expect(await breakdown(site, 'visit:exit_page')).toEqual([{ exit_page: '/signup', visits: 1 }]);
  });

  it('without the setting, the same traffic is two visits of two visitors (state per host name)', async () => {
    const site = await addSite(null);
    // Consent is per host name too: app asks again.
    const tab = await blogThenApp(site, CONSENT);
    expect(tab.sent[1]).toMatchObject({ fv: 1, fs: 1, b: 1 });
    expect(await cookies(tab.page)).toEqual({});
    expect(await storedKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
    await tab.context.close();
    expect(await totals(site)).toMatchObject({ visitors: 2, visits: 2, pageviews: 2, bounce_rate: 100 });
  });

  it('keeps the state in cookies on the domain, seen on both hosts, none in localStorage, and nothing random in it', async () => {
    const site = await addSite('example.test');
    const tab = await blogThenApp(site);
    const onApp = await cookies(tab.page);
    const blog = await tab.context.newPage();
    await blog.goto(on('blog', '/blank', { site }));
    expect(await cookies(blog)).toEqual(onApp);
    expect(Object.keys(onApp).sort()).toEqual(['lagom', 'lagom_s']);
    for (const page of [tab.page, blog]) expect(await storedKeys(page)).toEqual([]);

    // Every value is one the visit's own facts give: the consent's end, today's date, the
    // five-minute slot, the two times, hashes of the two pages, their paths. No identifier.
    // The consent's end is the end of its UTC day, 13 months on: to the millisecond it would
    // tell one browser from another, and the site's servers receive it with every request.
    const consentEnd = Number(onApp.lagom);
    expect(consentEnd % 864e5).toBe(0);
    expect(consentEnd - Date.now()).toBeGreaterThan(394 * 864e5);
    expect(consentEnd - Date.now()).toBeLessThanOrEqual(396 * 864e5);
    const state = stateOf(onApp);
    expect(state).toEqual({
      y: new Date().toISOString().slice(0, 10),
      p: [fnv('pageview/post'), fnv('pageview/signup')],
      m: Math.floor(state.t / 3e5),
      t: expect.any(Number),
      a: expect.any(Number),
      g: ['/post', '/signup'],
      k: 2,
      x: '/signup',
      v: { r: '', e: '/post' },
    });
    expect(state.t - state.a).toBeGreaterThanOrEqual(1000);
    expect(Math.abs(Date.now() - state.t)).toBeLessThan(60_000);

    // The attributes Chromium holds: on the domain, for every path, Lax, at most a day and a
    // half for the state and 13 months for the consent.
    const held = await tab.context.cookies('http://app.example.test/');
    const now = Date.now() / 1000;
    expect(held.map((c) => [c.name, c.domain, c.path, c.sameSite, c.httpOnly]).sort()).toEqual([
      ['lagom', '.example.test', '/', 'Lax', false],
      ['lagom_s', '.example.test', '/', 'Lax', false],
    ]);
    expect(held.find((c) => c.name === 'lagom_s')!.expires - now).toBeLessThanOrEqual(36 * 3600 + 5);
    expect(held.find((c) => c.name === 'lagom')!.expires - now).toBeGreaterThan(394 * 86400);
    await tab.context.close();
  });

  it('a withdrawal on app removes the cookies for blog too, and blog then sends nothing', async () => {
    const site = await addSite('example.test');
    const tab = await blogThenApp(site);
    await call(tab.page, 'consent', false);
    expect(await cookies(tab.page)).toEqual({});
    await tab.page.goto(on('blog', '/post', { site }));
    await until(() => tab.page.evaluate(() => typeof (window as unknown as { lagom?: { d?: unknown } }).lagom?.d === 'object'), 'the tracker on blog');
    await expectQuiet(tab, 2);
    expect(await cookies(tab.page)).toEqual({});
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.context.close();
  });

  it('the banner keeps a refusal in a cookie on the domain too: declined on blog, app does not ask', async () => {
    const site = `site${++sites}.example.test`;
    await lagom.addSite(site);
    await lagom.configureSite(site, { consent: { mode: 'banner' }, cookie_domain: 'example.test' });
    const tab = await openTab(browser, on('blog', '/post', { site }));
    await tab.page.getByRole('button', { name: 'Decline' }).click();
    const jar = await cookies(tab.page);
    expect(Object.keys(jar)).toEqual(['lagom_r']);
    expect(Number(jar.lagom_r) - Date.now()).toBeGreaterThan(181 * 864e5);
    expect(Number(jar.lagom_r) % 864e5).toBe(0);
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.page.goto(on('app', '/signup', { site }));
    await until(() => tab.page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/lagom-banner'))), 'the banner file');
    await sleep(300);
    expect(await tab.page.locator('lagom-banner').count()).toBe(0);
    // Asked again ("Cookie settings") and accepted: consent on the domain, the refusal gone.
    await call(tab.page, 'banner');
    await tab.page.getByRole('button', { name: 'Accept' }).click();
    await expectSent(tab, 1);
    expect(Object.keys(await cookies(tab.page)).sort()).toEqual(['lagom', 'lagom_s']);
    await tab.context.close();
  });

  it('sends no Cookie header with an event, though the browser would send the domain\'s cookies to the collector\'s host', async () => {
    const site = await addSite('example.test');
    const from = received.length;
    const tab = await blogThenApp(site);
    // The proof that the check can fail: a sendBeacon (what the tracker sends with when it keeps
    // localStorage) from the same page does carry the cookies to stats.example.test.
    await tab.page.evaluate(() => navigator.sendBeacon(new URL('/api/event?probe', document.querySelector<HTMLScriptElement>('script[src*="/js/"]')!.src), '{}'));
    await until(() => received.slice(from).some((r) => r.path === '/api/event?probe'), 'the probe beacon');
    await tab.context.close();
    const mine = received.slice(from);
    const probe = mine.find((r) => r.path === '/api/event?probe')!;
    expect(probe.headers.cookie).toMatch(/(^|; )lagom_s=/);
    const events = mine.filter((r) => r.path === '/api/event' && r.headers['content-type']?.startsWith('text/plain'));
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const r of events) expect(r.headers.cookie).toBeUndefined();
  });

  it('a state grown past the cookie\'s bound keeps the visit: no new visitor or visit, and the cookie stays under 4,096 bytes', async () => {
    const site = await addSite('example.test');
    const tab = await openTab(browser, on('blog', '/start', { site, pre: CONSENT }));
    await expectSent(tab, 1);
    // 300 pages, each path 199 characters: 20 visit keys and 300 of today's keys would need far
    // more than a cookie holds.
    const pages = 300;
    await tab.page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) {
        history.pushState({}, '', `/long/${String(i).padStart(4, '0')}/${'x'.repeat(188)}`);
        // Spaced out: keepalive requests share a 64 KiB budget while in flight.
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    }, pages);
    await until(() => tab.sent.length >= pages + 1, `${pages + 1} events`, 30_000);
    const jar = await cookies(tab.page);
    expect(`lagom_s=${jar.lagom_s}`.length).toBeLessThanOrEqual(3808);
    const state = stateOf(jar);
    // The visit's keys stopped short of the 20 MAX_VISIT_KEYS allows; today's oldest went.
    expect(state.g.length).toBeLessThan(20);
    expect(state.g.length).toBeGreaterThan(5);
    expect(state.p.length).toBeLessThan(pages);
    expect(state.p.at(-1)).toBe(fnv(`pageview/long/${String(pages - 1).padStart(4, '0')}/${'x'.repeat(188)}`));
    expect(state.k).toBe(pages + 1);
    // The last pageview, on the other host, continues the same visit of the same visitor.
    await tab.page.goto(on('app', '/after', { site }));
    await until(() => tab.sent.length >= pages + 2, `${pages + 2} events`);
    const last = tab.sent.at(-1)!;
    expect(last).toMatchObject({ n: 'pageview', e: '/start' });
    expect(last).not.toHaveProperty('fv');
    expect(last).not.toHaveProperty('fs');
    expect(tab.sent.filter((e) => e.fv || e.fs)).toHaveLength(1);
    await tab.context.close();
    expect(await totals(site)).toMatchObject({ visitors: 1, visits: 1 });
  });
});
