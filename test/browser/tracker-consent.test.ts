// The consent promise in real Chromium against a real Lagom: what the tracker sends, what it
// does NOT send, what it stores, and that the Stats API then reports exactly what was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  call,
  expectQuiet,
  expectSent,
  names,
  navigate,
  openTab,
  record,
  sleep,
  QUIET_MS,
  stored,
  storedKeys,
  type PageOptions,
  type Tab,
  until,
} from './tracker-fixture.js';
import type { WireEvent } from '../../protocol/wire.js';

describe.skipIf(!hasChromium).concurrent('tracker consent in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({
    sites: ['consent.example.com', 'remember.example.com', 'refuse.example.com'],
    fixture: true,
  });

  const open = (pathname: string, options: PageOptions, init?: () => void) =>
    openTab(browser, fixture.url + fixture.path(pathname, options), { init });

  describe.sequential('the promise, step by step on one page', () => {
    const site = 'consent.example.com';
    let tab: Tab;
    beforeAll(async () => {
      tab = await open('/', { site });
    });
    afterAll(() => tab?.context.close());

    it('sends nothing and stores nothing before consent', async () => {
      await call(tab.page, 'pageview');
      await call(tab.page, 'event', 'Signup', { plan: 'free', seats: 3 });
      await expectQuiet(tab, 0);
      expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
    });

    it('on consent sends the current pageview once, then the queued event', async () => {
      await call(tab.page, 'consent', true);
      await expectSent(tab, 2);
      expect(names(tab.sent)).toEqual(['pageview', 'Signup']);
      const [view, signup] = tab.sent;
      expect(view).toMatchObject({ v: 1, d: site, fv: 1, fp: 1, fs: 1, b: 1, e: '/', fm: 1 });
      // The query string (here the fixture's options) never leaves the browser.
      expect(view!.u).toBe(`${fixture.url}/`);
      expect(view!.xp).toBeFalsy();
      expect(signup).toMatchObject({ fg: 1, e: '/', p: { plan: 'free', seats: 3 } });
      expect(signup!.fv).toBeUndefined();
      // The consent marker and the visit state.
      expect(await storedKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
    });

    it('counts SPA navigations to new paths as pageviews', async () => {
      await navigate(tab.page, '/a');
      await navigate(tab.page, '/b');
      // Same path, new query: the same page, not a pageview.
      await navigate(tab.page, '/b?tab=2');
      await expectSent(tab, 4);
      const [a, b] = tab.sent.slice(2);
      expect(a).toMatchObject({ n: 'pageview', fp: 1, b: -1, xp: '/', e: '/' });
      expect(b).toMatchObject({ n: 'pageview', fp: 1, xp: '/a', e: '/' });
      expect(b!.b).toBeUndefined();
      expect(a!.fs ?? b!.fs ?? a!.fv ?? b!.fv).toBeUndefined();
    });

    it('after revoking sends nothing more and keeps nothing: no localStorage, sessionStorage or cookie', async () => {
      await call(tab.page, 'consent', false);
      await navigate(tab.page, '/c');
      await call(tab.page, 'event', 'Late');
      await expectQuiet(tab, 4);
      expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
      // A later page load of the site: still nothing sent, nothing stored.
      await tab.page.goto(fixture.url + fixture.path('/later', { site }));
      await call(tab.page, 'event', 'Later');
      await expectQuiet(tab, 4);
      expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
    });

    it('the Stats API reports exactly what was sent', async () => {
      await lagom.flush();
      const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'visitors,visits,pageviews' });
      expect([results.visitors.value, results.visits.value, results.pageviews.value]).toEqual([1, 1, 3]);
      const breakdown = await lagom.stats('breakdown', {
        site_id: site,
        period: 'day',
        property: 'event:page',
        metrics: 'visitors,pageviews',
      });
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
    const tab = await open('/', { site });
    await call(tab.page, 'consent', true);
    await expectSent(tab, 1);
    await tab.page.click('#same');
    await tab.page.waitForURL(/\/linked\?/);
    await expectSent(tab, 2);
    const next = tab.sent[1]!;
    expect(next).toMatchObject({ n: 'pageview', fp: 1, b: -1, xp: '/', e: '/' });
    // Same visit, same day; the referrer was the site itself, so no source.
    expect(next.fv ?? next.fs).toBeUndefined();
    expect(next.r).toBeFalsy();
    await tab.context.close();

    await lagom.flush();
    const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'visitors,visits,pageviews' });
    expect([results.visitors.value, results.visits.value, results.pageviews.value]).toEqual([1, 1, 2]);
  });

  it('revoking in one tab stops the other tabs too', async () => {
    const first = await open('/', { site: 'refuse.example.com' });
    await call(first.page, 'consent', true);
    await expectSent(first, 1);
    const second = await first.context.newPage();
    await second.goto(fixture.url + fixture.path('/other', { site: 'refuse.example.com' }));
    await expectSent(first, 2);
    await call(second, 'consent', false);
    // localStorage reaches other tabs (other renderer processes) asynchronously: wait until
    // this tab sees the revocation, then prove it sends nothing more.
    await until(async () => (await first.page.evaluate(() => localStorage.getItem('lagom'))) === null, 'the revocation');
    await navigate(first.page, '/after-revoke');
    await call(first.page, 'event', 'Late');
    await expectQuiet(first, 2);
    expect(await storedKeys(first.page)).toEqual([]);
    await first.context.close();
  });

  it('a leftover visit state without the consent marker sends nothing and is removed', async () => {
    // What a tab that sent in the moment consent was withdrawn in another tab can leave behind:
    // the state written back after its removal, never the consent marker.
    const leftover = () =>
      localStorage.setItem('lagom_s', JSON.stringify({ y: 1, p: ['pageview/'], m: 1, t: Date.now(), k: 1, x: '/', v: { r: '', e: '/' } }));
    const tab = await open('/', { site: 'refuse.example.com', pre: "lagom('event', 'Early')" }, leftover);
    await call(tab.page, 'event', 'Late');
    await expectQuiet(tab, 0);
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.context.close();
  });

  it('only `true` grants consent', async () => {
    const tab = await open('/', { site: 'refuse.example.com' });
    await call(tab.page, 'consent', 'false');
    await call(tab.page, 'consent', 1);
    await call(tab.page, 'consent', 'yes');
    await expectQuiet(tab, 0);
    expect(await storedKeys(tab.page)).toEqual([]);
    await tab.context.close();
  });

  it('holds at most 20 calls before consent', async () => {
    const tab = await open('/', { site: 'refuse.example.com' });
    for (let i = 0; i < 25; i++) await call(tab.page, 'event', `E${i}`);
    await call(tab.page, 'consent', true);
    await expectSent(tab, 20);
    expect(names(tab.sent)).toEqual(['pageview', ...Array.from({ length: 19 }, (_, i) => `E${i}`)]);
    await call(tab.page, 'consent', false);
    await tab.context.close();
  });

  describe('refusals and exclusions: nothing sent, nothing stored, whatever the page says', () => {
    const consent = "lagom('consent', true); lagom('event', 'Early')";
    const gpc = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    const dnt = () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });
    const cases: { name: string; options: PageOptions; init?: () => void; sends: boolean }[] = [
      { name: 'Global Privacy Control refuses', options: { site: 'refuse.example.com', pre: consent }, init: gpc, sends: false },
      {
        name: 'Global Privacy Control refuses even with data-respect-dnt="false"',
        options: { site: 'refuse.example.com', pre: consent, attrs: `${ALLOW} data-respect-dnt="false"` },
        init: gpc,
        sends: false,
      },
      { name: 'Do Not Track refuses', options: { site: 'refuse.example.com', pre: consent }, init: dnt, sends: false },
      {
        name: 'Do Not Track is ignored with data-respect-dnt="false"',
        options: { site: 'refuse.example.com', pre: consent, attrs: `${ALLOW} data-respect-dnt="false"` },
        init: dnt,
        sends: true,
      },
      {
        name: 'a page on 127.0.0.1 is not counted without data-allow-localhost',
        options: { site: 'refuse.example.com', pre: consent, attrs: 'data-allow-automation' },
        sends: false,
      },
      {
        name: 'an automated browser is not counted without data-allow-automation',
        options: { site: 'refuse.example.com', pre: consent, attrs: 'data-allow-localhost' },
        sends: false,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const tab = await open('/', c.options, c.init);
        if (c.sends) {
          await expectSent(tab, 2);
        } else {
          await navigate(tab.page, '/next');
          await call(tab.page, 'event', 'Late');
          await expectQuiet(tab, 0);
          expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
        }
        await tab.context.close();
      });
    }

    it('a refusal removes what an earlier consent stored', async () => {
      const tab = await open('/', { site: 'refuse.example.com', pre: consent });
      await expectSent(tab, 2);
      expect(await storedKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
      // The same browser turns on GPC: the next page load wipes the state and sends nothing.
      await tab.context.addInitScript(gpc);
      const sent: WireEvent[] = [];
      const page = await tab.context.newPage();
      record(tab.context, sent);
      await page.goto(fixture.url + fixture.path('/', { site: 'refuse.example.com' }));
      await sleep(QUIET_MS);
      expect(sent).toEqual([]);
      expect(await storedKeys(page)).toEqual([]);
      await tab.context.close();
    });
  });
});
