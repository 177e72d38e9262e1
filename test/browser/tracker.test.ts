// The tracker in real Chromium against a real Lagom: what it sends, what it does NOT send,
// what it stores, and that the Stats API then reports exactly what was sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../tracker/wire.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

/** Long enough that "nothing was sent" means something. */
const QUIET_MS = 1500;
// Headless Chromium says "HeadlessChrome" in its user agent, which ingest drops as a bot.
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
const ALLOW = 'data-allow-localhost data-allow-automation';
const STUB = 'window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };';

interface FixtureOptions {
  /** attributes of the embed besides src and data-site */
  attrs?: string;
  /** script run in the page before the tracker loads (after the queue stub) */
  pre?: string;
}

/**
 * Any path serves an HTML page embedding the tracker, on its own 127.0.0.1 port (so the
 * collector is cross-origin, as on a real site). Options travel in the query string.
 */
async function startFixture(collector: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    const attrs = q.get('attrs') ?? ALLOW;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>fixture</title>` +
        `<script>${STUB}${q.get('pre') ?? ''}</script>` +
        `<script defer src="${collector}/lagom.js" data-site="${q.get('site')}" ${attrs}></script>` +
        `</head><body><a id="same" href="/linked${url.search}">same-site link</a></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Tab {
  context: BrowserContext;
  page: Page;
  /** every body sent to /api/event, in order */
  sent: WireEvent[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (sent: WireEvent[], name: string) => sent.filter((e) => e.n === name).length;
const storedKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).sort());
const call = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { lagom: (...x: unknown[]) => void }).lagom(...a), args);
const navigate = (page: Page, path: string) => page.evaluate((p) => history.pushState({}, '', p), path);

/** Waits until `n` events were sent, then a little longer to see that no more follow. */
async function expectSent(tab: Tab, n: number): Promise<void> {
  await expect.poll(() => tab.sent.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n);
  await sleep(300);
  expect(tab.sent).toHaveLength(n);
}

describe.skipIf(!hasChromium)('tracker in Chromium', () => {
  let lagom: TestLagom;
  let browser: Browser;
  let fixture: Awaited<ReturnType<typeof startFixture>>;

  beforeAll(async () => {
    lagom = await startLagom();
    for (const site of ['consent.example.com', 'remember.example.com', 'gpc.example.com', 'flags.example.com']) {
      await lagom.addSite(site);
    }
    browser = await launchChromium();
    fixture = await startFixture(lagom.url);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await lagom?.stop();
  });

  async function open(path: string, options: { init?: () => void; referer?: string } = {}): Promise<Tab> {
    const context = await browser.newContext({ userAgent: USER_AGENT });
    if (options.init) await context.addInitScript(options.init);
    const page = await context.newPage();
    const tab: Tab = { context, page, sent: [] };
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/event') tab.sent.push(JSON.parse(req.postData() ?? 'null'));
    });
    await page.goto(fixture.url + path, { referer: options.referer });
    return tab;
  }

  const aggregate = (site: string) =>
    lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'visitors,visits,pageviews' });
  const pages = (site: string) =>
    lagom.stats('breakdown', { site_id: site, period: 'day', property: 'event:page', metrics: 'visitors,pageviews' });

  describe('the consent promise, step by step on one page', () => {
    const site = 'consent.example.com';
    let tab: Tab;
    beforeAll(async () => {
      tab = await open(`/?site=${site}`);
    });
    afterAll(() => tab?.context.close());

    it('sends nothing and stores nothing before consent', async () => {
      await call(tab.page, 'pageview');
      await call(tab.page, 'event', 'Signup', { plan: 'free', seats: 3 });
      await sleep(QUIET_MS);
      expect(tab.sent).toEqual([]);
      expect(await storedKeys(tab.page)).toEqual([]);
    });

    it('on consent sends the current pageview once, then the queued event', async () => {
      await call(tab.page, 'consent', true);
      await expectSent(tab, 2);
      expect(tab.sent.map((e) => e.n)).toEqual(['pageview', 'Signup']);
      const [view, signup] = tab.sent;
      expect(view).toMatchObject({ v: 1, d: site, fv: 1, fp: 1, fs: 1, b: 1, e: '/', fm: 1 });
      expect(view!.u).toBe(`${fixture.url}/?site=${site}`);
      expect(view!.xp).toBeUndefined();
      expect(signup).toMatchObject({ fg: 1, e: '/', p: { plan: 'free', seats: '3' } });
      expect(signup!.fv).toBeUndefined();
      expect(await storedKeys(tab.page)).toEqual(['lagom', 'lagom_consent']);
    });

    it('counts two SPA navigations as two pageviews', async () => {
      await navigate(tab.page, '/a');
      await navigate(tab.page, '/b');
      // Same path, new query: the same page, not a pageview.
      await navigate(tab.page, '/b?tab=2');
      await expectSent(tab, 4);
      expect(count(tab.sent, 'pageview')).toBe(3);
      const [a, b] = tab.sent.slice(2);
      expect(a).toMatchObject({ fp: 1, b: -1, xp: '/', e: '/' });
      expect(b).toMatchObject({ fp: 1, xp: '/a', e: '/' });
      expect(b!.b).toBeUndefined();
      expect(a!.fs ?? b!.fs ?? a!.fv ?? b!.fv).toBeUndefined();
    });

    it('after revoking sends nothing more and keeps nothing stored', async () => {
      await call(tab.page, 'consent', false);
      await navigate(tab.page, '/c');
      await call(tab.page, 'event', 'Late');
      await sleep(QUIET_MS);
      expect(tab.sent).toHaveLength(4);
      expect(await storedKeys(tab.page)).toEqual([]);
    });

    it('the Stats API reports exactly what was sent', async () => {
      await lagom.flush();
      const { results } = await aggregate(site);
      expect(results.visitors.value).toBe(1);
      expect(results.visits.value).toBe(1);
      expect(results.pageviews.value).toBe(3);
      const breakdown = await pages(site);
      const rows = (breakdown.results as { page: string; visitors: number; pageviews: number }[])
        .map(({ page, visitors, pageviews }) => ({ page, visitors, pageviews }))
        .sort((x, y) => x.page.localeCompare(y.page));
      expect(rows).toEqual([
        { page: '/', visitors: 1, pageviews: 1 },
        { page: '/a', visitors: 1, pageviews: 1 },
        { page: '/b', visitors: 1, pageviews: 1 },
      ]);
    });
  });

  it('a remembered consent counts the next page load without asking again', async () => {
    const site = 'remember.example.com';
    const tab = await open(`/?site=${site}`);
    await call(tab.page, 'consent', true);
    await expectSent(tab, 1);
    await tab.page.click('#same');
    await tab.page.waitForURL(/\/linked\?/);
    await expectSent(tab, 2);
    const next = tab.sent[1]!;
    expect(next).toMatchObject({ n: 'pageview', fp: 1, b: -1, xp: '/', e: '/' });
    expect(next.fv ?? next.fs ?? next.r).toBeUndefined();
    await tab.context.close();

    await lagom.flush();
    const { results } = await aggregate(site);
    expect([results.visitors.value, results.visits.value, results.pageviews.value]).toEqual([1, 1, 2]);
  });

  it('Global Privacy Control refuses, whatever the page says', async () => {
    const tab = await open('/?site=gpc.example.com', {
      init: () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    });
    await call(tab.page, 'consent', true);
    await call(tab.page, 'event', 'Signup');
    await navigate(tab.page, '/next');
    await sleep(QUIET_MS);
    expect(tab.sent).toEqual([]);
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.context.close();
  });

  it('revoking in one tab stops the other tabs too', async () => {
    const first = await open('/?site=flags.example.com');
    await call(first.page, 'consent', true);
    await expectSent(first, 1);
    const second = await first.context.newPage();
    const secondSent: WireEvent[] = [];
    second.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/event') secondSent.push(JSON.parse(req.postData() ?? 'null'));
    });
    await second.goto(`${fixture.url}/other?site=flags.example.com`);
    await expect.poll(() => secondSent.length).toBe(1);
    await call(second, 'consent', false);
    // localStorage reaches other tabs (other renderer processes) asynchronously: wait until
    // this tab sees the revocation, then prove it sends nothing more.
    await expect.poll(() => first.page.evaluate(() => localStorage.getItem('lagom_consent'))).toBeNull();
    await navigate(first.page, '/after-revoke');
    await call(first.page, 'event', 'Late');
    await sleep(QUIET_MS);
    expect(first.sent).toHaveLength(1);
    expect(await storedKeys(first.page)).toEqual([]);
    await first.context.close();
  });

  it('only `true` grants consent', async () => {
    const tab = await open('/?site=flags.example.com');
    await call(tab.page, 'consent', 'false');
    await call(tab.page, 'consent', 1);
    await sleep(QUIET_MS);
    expect(tab.sent).toEqual([]);
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.context.close();
  });

  describe('refusals and exclusions', () => {
    const pre = encodeURIComponent("lagom('consent', true)");
    const cases: { name: string; path: string; init?: () => void; sends: boolean }[] = [
      {
        name: 'Do Not Track refuses',
        path: `/?site=flags.example.com&pre=${pre}`,
        init: () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
        sends: false,
      },
      {
        name: 'Do Not Track is ignored with data-respect-dnt="false"',
        path: `/?site=flags.example.com&pre=${pre}&attrs=${encodeURIComponent(`${ALLOW} data-respect-dnt="false"`)}`,
        init: () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
        sends: true,
      },
      {
        name: 'a page on 127.0.0.1 is not counted without data-allow-localhost',
        path: `/?site=flags.example.com&pre=${pre}&attrs=data-allow-automation`,
        sends: false,
      },
      {
        name: 'an automated browser is not counted without data-allow-automation',
        path: `/?site=flags.example.com&pre=${pre}&attrs=data-allow-localhost`,
        sends: false,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const tab = await open(c.path, { init: c.init });
        if (c.sends) await expectSent(tab, 1);
        else {
          await sleep(QUIET_MS);
          expect(tab.sent).toEqual([]);
          expect(await storedKeys(tab.page)).toEqual([]);
        }
        await tab.context.close();
      });
    }
  });

  describe('counting flags and visit fields', () => {
    const site = 'flags.example.com';
    const consent = encodeURIComponent("lagom('consent', true); lagom('event', 'Early')");

    it('replays calls queued before load: consent, then the pageview before the queued event', async () => {
      const tab = await open(`/?site=${site}&pre=${consent}`);
      await expectSent(tab, 2);
      expect(tab.sent.map((e) => e.n)).toEqual(['pageview', 'Early']);
      await tab.context.close();
    });

    it('keeps only an external referrer and only the campaign parameters, for the whole visit', async () => {
      const tab = await open(`/landing?site=${site}&utm_source=news&token=secret&ref=hn&pre=${consent}`, {
        referer: 'https://news.example.org/item?id=1',
      });
      await expectSent(tab, 2);
      await navigate(tab.page, '/second');
      await expectSent(tab, 3);
      for (const e of tab.sent) {
        expect(e).toMatchObject({ r: 'https://news.example.org/item?id=1', e: '/landing', q: 'utm_source=news&ref=hn' });
      }
      const stored = await tab.page.evaluate(() => localStorage.getItem('lagom') ?? '');
      expect(stored).not.toContain('secret');
      await tab.context.close();

      const internal = await open(`/?site=${site}&pre=${consent}`, { referer: `${fixture.url}/elsewhere` });
      await expectSent(internal, 2);
      expect(internal.sent[0]!.r).toBeUndefined();
      expect(internal.sent[0]!.q).toBeUndefined();
      await internal.context.close();
    });

    it('starts a new visit after 30 minutes without events, and a new day resets the daily flags', async () => {
      const tab = await open(`/?site=${site}&pre=${consent}`);
      await expectSent(tab, 2);
      const age = (fields: { t?: number; y?: number; m?: number }) =>
        tab.page.evaluate((f) => {
          const s = JSON.parse(localStorage.getItem('lagom')!);
          if (f.t) s.t -= f.t;
          if (f.y) s.y -= f.y;
          if (f.m) s.m -= f.m;
          localStorage.setItem('lagom', JSON.stringify(s));
        }, fields);

      await age({ t: 29 * 60_000 });
      await navigate(tab.page, '/still-same-visit');
      await expectSent(tab, 3);
      expect(tab.sent[2]).toMatchObject({ b: -1, xp: '/' });
      expect(tab.sent[2]!.dd).toBeGreaterThanOrEqual(29 * 60_000);
      expect(tab.sent[2]!.fs).toBeUndefined();

      await age({ t: 31 * 60_000, m: 7 });
      await call(tab.page, 'event', 'Early');
      await expectSent(tab, 4);
      // A custom event does not start a visit, and one outside any visit carries no visit fields.
      expect(tab.sent[3]).toMatchObject({ n: 'Early', fm: 1 });
      expect(tab.sent[3]!.fg ?? tab.sent[3]!.e ?? tab.sent[3]!.dd).toBeUndefined();
      await navigate(tab.page, '/new-visit');
      await expectSent(tab, 5);
      expect(tab.sent[4]).toMatchObject({ fs: 1, b: 1, e: '/new-visit', fp: 1 });
      expect(tab.sent[4]!.xp ?? tab.sent[4]!.fv).toBeUndefined();

      await age({ y: 1 });
      await navigate(tab.page, '/');
      await expectSent(tab, 6);
      expect(tab.sent[5]).toMatchObject({ fv: 1, fp: 1, b: -1, xp: '/new-visit', e: '/new-visit' });
      await tab.context.close();
    });
  });
});
