// The consent-manager glue (tracker/consent/{tcf,google,cookieconsent,klaro}.ts) in real
// Chromium, against a real Lagom and the real consent tools from npm, answered in their own UI:
// nothing sent or stored before the visitor consents, counting after, and after a withdrawal
// in the tool nothing more sent and the tracker's keys gone, without a reload.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { startConsentFixture, type CmpPage, type ConsentFixture } from './consent-fixture.js';
import {
  cookieconsentChoose,
  cookieconsentPage,
  embed,
  GTAG_STUB,
  klaroChoose,
  klaroPage,
  TOOLS,
} from './consent-tools.js';
import { ALLOW, call, count, expectQuiet, expectSent, names, navigate, openTab, storedKeys, type Tab, until } from './tracker-fixture.js';

/** The site of the per-site script test: its settings say `{"consent": {"mode": "tcf"}}`. */
const SITE_SCRIPT = 'tcf-site.example.com';
/** Tests that do not read the Stats API share this site. */
const OTHER = 'other.example.com';

describe.skipIf(!hasChromium).concurrent('consent managers in Chromium', () => {
  let fixture: ConsentFixture;
  const { lagom, browser } = browserSuite({
    sites: [...TOOLS.map((t) => `${t.mode}.example.com`), OTHER, SITE_SCRIPT],
    async prepare(lagom) {
      fixture = await startConsentFixture(lagom.url);
      const res = await fetch(`${lagom.url}/api/v1/sites/${SITE_SCRIPT}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ consent: { mode: 'tcf' } }),
      });
      if (res.status !== 200) throw new Error(`site settings: ${res.status} ${await res.text()}`);
    },
  });
  afterAll(() => fixture?.close());

  const open = (page: CmpPage) => openTab(browser, fixture.page(page));
  /** The tracker's keys in localStorage: `lagom` (the consent marker) and `lagom_s` (visit state). */
  const trackerKeys = async (page: Page) => (await storedKeys(page)).filter((k) => k === 'lagom' || k === 'lagom_s');
  /** Proves the page is stopped: a navigation and an event later, still `n` events and no keys. */
  const expectStopped = async (tab: Tab, n: number) => {
    // Relative: the fixture serves the page under its own path.
    await navigate(tab.page, `after-${n}`);
    await call(tab.page, 'event', 'Late');
    await expectQuiet(tab, n);
    expect(await storedKeys(tab.page)).toEqual([]);
  };

  for (const tool of TOOLS) {
    describe.sequential(`${tool.mode}: accept, a later page, withdraw in the tool`, () => {
      const site = `${tool.mode}.example.com`;
      let tab: Tab;

      it('sends nothing and stores nothing before the visitor answers', async () => {
        tab = await open(tool.page(site));
        await call(tab.page, 'event', 'Early');
        await expectQuiet(tab, 0);
        expect(await storedKeys(tab.page)).toEqual([]);
        expect(await tab.page.evaluate(() => sessionStorage.length)).toBe(0);
      });

      it('counts once the visitor accepts: the waiting pageview and event, then each new page', async () => {
        await tool.accept(tab.page);
        await expectSent(tab, 2);
        expect(names(tab.sent)).toEqual(['pageview', 'Early']);
        expect(tab.sent[0]).toMatchObject({ d: site, fv: 1, fs: 1 });
        expect(await trackerKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
        const first = new URL(tab.page.url()).pathname;
        await navigate(tab.page, 'next');
        await expectSent(tab, 3);
        expect(tab.sent[2]).toMatchObject({ n: 'pageview', xp: first });
      });

      it("a later page load counts from the tool's stored answer alone", async () => {
        // Without the tracker's own marker (as when it has run out), the glue must find the yes.
        await tab.page.evaluate(() => localStorage.clear());
        await tab.page.reload();
        await expectSent(tab, 4);
        expect(tab.sent[3]).toMatchObject({ n: 'pageview', d: site });
        expect(await trackerKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
      });

      it("withdrawing in the tool's settings stops at once and removes the keys, without a reload", async () => {
        await tool.withdraw(tab.page);
        await until(async () => (await trackerKeys(tab.page)).length === 0, 'the keys to go');
        await expectStopped(tab, 4);
      });

      it("a later page load sends nothing: the tool's stored refusal", async () => {
        await tab.page.reload();
        await expectStopped(tab, 4);
        await tab.context.close();
      });

      it('the Stats API reports exactly what was sent', async () => {
        await lagom.flush();
        const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'visitors,pageviews,events' });
        expect(tab.sent.every((e) => e.d === site)).toBe(true);
        expect([results.pageviews.value, results.events.value, results.visitors.value]).toEqual([
          count(tab.sent, 'pageview'),
          tab.sent.length,
          tab.sent.filter((e) => e.fv).length,
        ]);
      });
    });

    it(`${tool.mode}: refusing in the tool sends nothing and stores nothing, then or later`, async () => {
      const tab = await open(tool.page(OTHER));
      await call(tab.page, 'event', 'Early');
      await tool.refuse(tab.page);
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await expectStopped(tab, 0);
      await tab.context.close();
    });
  }

  describe('tcf', () => {
    it('consent to only some of the purposes is no consent', async () => {
      const tab = await open({ head: '<script src="/vendor/tcf-cmp.js"></script>', attrs: embed(OTHER, 'tcf') });
      await tab.page.check('#test-cmp input[value="1"]');
      await tab.page.check('#test-cmp input[value="8"]');
      await tab.page.click('#cmp-save');
      await expectStopped(tab, 0);
      await tab.context.close();
    });

    it('data-tcf-purposes names the purposes that must all be consented to', async () => {
      const tab = await open({ head: '<script src="/vendor/tcf-cmp.js"></script>', attrs: embed(OTHER, 'tcf', 'data-tcf-purposes="1,8"') });
      await tab.page.check('#test-cmp input[value="1"]');
      await tab.page.check('#test-cmp input[value="8"]');
      await tab.page.click('#cmp-save');
      await expectSent(tab, 1);
      await tab.context.close();
    });

    it('the CMP asking again is no answer: the earlier consent holds until the visitor answers', async () => {
      const tab = await open({ head: '<script src="/vendor/tcf-cmp.js"></script>', attrs: embed(OTHER, 'tcf') });
      await tab.page.click('#cmp-accept');
      await expectSent(tab, 1);
      // 'cmpuishown', with the stored TC string.
      await tab.page.click('#cmp-settings');
      await navigate(tab.page, 'asking');
      await expectSent(tab, 2);
      await tab.page.click('#cmp-reject');
      await until(async () => (await trackerKeys(tab.page)).length === 0, 'the keys to go');
      await expectStopped(tab, 2);
      await tab.context.close();
    });

    it('counts without asking where the CMP says the GDPR does not apply', async () => {
      const tab = await open({
        head: '<script>window.testCmp = { gdprApplies: false };</script><script src="/vendor/tcf-cmp.js"></script>',
        attrs: embed(OTHER, 'tcf'),
      });
      await expectSent(tab, 1);
      expect(await tab.page.isHidden('#test-cmp')).toBe(true);
      await tab.context.close();
    });

    it('finds a CMP that loads after the tracker', async () => {
      const tab = await open({
        attrs: embed(OTHER, 'tcf'),
        body: "<script>setTimeout(() => { const s = document.createElement('script'); s.src = '/vendor/tcf-cmp.js'; document.head.append(s); }, 1500);</script>",
      });
      await call(tab.page, 'event', 'Early');
      await expectQuiet(tab, 0);
      await tab.page.click('#cmp-accept');
      await expectSent(tab, 2);
      expect(names(tab.sent)).toEqual(['pageview', 'Early']);
      await tab.context.close();
    });

    it("the site's own script follows its settings: mode tcf without any data-* but ALLOW", async () => {
      const tab = await open({ head: '<script src="/vendor/tcf-cmp.js"></script>', src: `/js/${SITE_SCRIPT}.js`, attrs: ALLOW });
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await tab.page.click('#cmp-accept');
      await expectSent(tab, 1);
      expect(tab.sent[0]).toMatchObject({ n: 'pageview', d: SITE_SCRIPT });
      await tab.page.click('#cmp-settings');
      await tab.page.click('#cmp-reject');
      await until(async () => (await trackerKeys(tab.page)).length === 0, 'the keys to go');
      await expectStopped(tab, 1);
      await tab.context.close();
    });
  });

  describe('google', () => {
    const page = (head: string, body = ''): CmpPage => ({ head: `<script>${head}</script>`, attrs: embed(OTHER, 'google'), body });
    const gtag = (tab: Tab, ...args: unknown[]) =>
      tab.page.evaluate((a) => (window as unknown as { gtag: (...x: unknown[]) => void }).gtag(...a), args);

    it('an update about other storage is no answer about analytics_storage', async () => {
      const tab = await open(page(`${GTAG_STUB} gtag('consent', 'default', {analytics_storage: 'denied'});`));
      await gtag(tab, 'consent', 'update', { ad_storage: 'granted' });
      await expectQuiet(tab, 0);
      await gtag(tab, 'consent', 'update', { analytics_storage: 'granted' });
      await expectSent(tab, 1);
      await gtag(tab, 'consent', 'update', { ad_storage: 'denied' });
      await navigate(tab.page, 'next');
      await expectSent(tab, 2);
      await tab.context.close();
    });

    it('a default after an update does not undo it', async () => {
      const tab = await open(page(`${GTAG_STUB} gtag('consent', 'default', {analytics_storage: 'denied'});`));
      await gtag(tab, 'consent', 'update', { analytics_storage: 'granted' });
      await expectSent(tab, 1);
      await gtag(tab, 'consent', 'default', { analytics_storage: 'denied' });
      await navigate(tab.page, 'next');
      await expectSent(tab, 2);
      expect(await trackerKeys(tab.page)).toEqual(['lagom', 'lagom_s']);
      await tab.context.close();
    });

    it('a default that grants counts at once', async () => {
      const tab = await open(page(`${GTAG_STUB} gtag('consent', 'default', {analytics_storage: 'granted'});`));
      await expectSent(tab, 1);
      await tab.context.close();
    });

    it('a default for some regions grants nothing (only Google knows the region) until an update', async () => {
      const tab = await open(
        page(
          `${GTAG_STUB} gtag('consent', 'default', {analytics_storage: 'granted'});` +
            "gtag('consent', 'default', {analytics_storage: 'denied', region: ['SE', 'DE']});",
        ),
      );
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await gtag(tab, 'consent', 'update', { analytics_storage: 'granted' });
      await expectSent(tab, 1);
      await tab.context.close();
    });

    it("an array pushed in place of gtag's arguments is ignored, as Google ignores it; the push still works", async () => {
      const tab = await open(page(`${GTAG_STUB} gtag('consent', 'default', {analytics_storage: 'denied'});`));
      const length = await tab.page.evaluate(() => {
        const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
        return layer.push(['consent', 'update', { analytics_storage: 'granted' }]);
      });
      expect(length).toBe(2);
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await tab.context.close();
    });

    it('follows a gtag stub set up after the tracker', async () => {
      const tab = await open(
        page('', `<script>setTimeout(() => { ${GTAG_STUB} gtag('consent', 'update', {analytics_storage: 'granted'}); }, 1500);</script>`),
      );
      await call(tab.page, 'event', 'Early');
      await until(() => tab.sent.length > 0, 'the late update to grant', 5000);
      await expectSent(tab, 2);
      expect(names(tab.sent)).toEqual(['pageview', 'Early']);
      await tab.context.close();
    });
  });

  describe('cookieconsent', () => {
    // Not `data-category`: vanilla-cookieconsent runs every <script data-category> again once
    // that category is accepted (its manageScriptTags), which would start a second tracker.
    it('data-cc-category names the category; only its consent counts, and the tracker runs once', async () => {
      const categories = ['statistics', 'marketing'];
      const tab = await open(cookieconsentPage(OTHER, 'data-cc-category="statistics"', categories));
      await tab.page.getByRole('button', { name: 'Manage preferences' }).click();
      await cookieconsentChoose(tab.page, ['marketing'], categories);
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await tab.page.getByRole('button', { name: 'Cookie settings' }).click();
      await cookieconsentChoose(tab.page, ['statistics'], categories);
      // The refusal dropped this page's waiting pageview (the core's rule); the next page counts.
      await until(async () => (await trackerKeys(tab.page)).length > 0, 'the consent marker');
      await navigate(tab.page, 'next');
      await expectSent(tab, 1);
      expect(tab.sent[0]).toMatchObject({ n: 'pageview', u: fixture.url + new URL(tab.page.url()).pathname });
      await tab.context.close();
    });

    it('without data-cc-category, "analytics" is the category: accepting a site without it counts nothing', async () => {
      const tab = await open(cookieconsentPage(OTHER, '', ['statistics']));
      await tab.page.locator('.cm').getByRole('button', { name: 'Accept all' }).click();
      await expectStopped(tab, 0);
      await tab.context.close();
    });
  });

  describe('klaro', () => {
    const both: [string, string][] = [
      ['lagom', 'Visitor statistics'],
      ['video', 'Video player'],
    ];

    it("another service's consent is not Lagom's; switching Lagom's on without saving is no answer", async () => {
      const tab = await open(klaroPage(OTHER, '', both));
      await tab.page.locator('#klaro-cookie-notice').getByRole('link', { name: 'Let me choose' }).click();
      await klaroChoose(tab.page, ['Video player'], ['Visitor statistics', 'Video player']);
      await expectQuiet(tab, 0);
      expect(await storedKeys(tab.page)).toEqual([]);
      await tab.page.click('#privacy-settings');
      await tab.page.locator('.cm-modal label', { has: tab.page.getByText('Visitor statistics', { exact: true }) }).click();
      await expectQuiet(tab, 0);
      await tab.page.locator('.cm-modal .cm-btn-accept').click();
      // The refusal dropped this page's waiting pageview (the core's rule); the next page counts.
      await until(async () => (await trackerKeys(tab.page)).length > 0, 'the consent marker');
      await navigate(tab.page, 'next');
      await expectSent(tab, 1);
      await tab.context.close();
    });

    it('data-service names the service', async () => {
      const tab = await open(klaroPage(OTHER, 'data-service="stats"', [['stats', 'Statistics']]));
      await tab.page.locator('#klaro-cookie-notice').getByRole('button', { name: "That's ok" }).click();
      await expectSent(tab, 1);
      await tab.context.close();
    });

    it('finds Klaro when it loads after the tracker', async () => {
      const tab = await open(klaroPage(OTHER, '', undefined, 1500));
      await call(tab.page, 'event', 'Early');
      await expectQuiet(tab, 0);
      await tab.page.locator('#klaro-cookie-notice').getByRole('button', { name: "That's ok" }).click();
      await expectSent(tab, 2);
      expect(names(tab.sent)).toEqual(['pageview', 'Early']);
      await tab.context.close();
    });
  });
});
