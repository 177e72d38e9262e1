// The built-in consent banner (data-consent="banner") in real Chromium against a real Lagom:
// what Accept and Decline send and store, how long each answer holds (the page's clock moved on
// with Playwright's page.clock), reopening it to change the answer, its languages, its keyboard
// use, that its two answers look the same, and when it is not shown or not loaded at all.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  call,
  expectQuiet,
  expectSent,
  navigate,
  openTab,
  stored,
  until,
  type PageOptions,
} from './tracker-fixture.js';

const site = 'banner.example.com';
/** a site whose own script (/js/<domain>.js) brings the banner from its settings */
const ownSite = 'own-banner.example.com';
const BANNER = `${ALLOW} data-consent="banner"`;
const POLICY = `${BANNER} data-policy-url="/privacy"`;
const DAY = 24 * 60 * 60 * 1000;
/** A "Cookie settings" link as the privacy text tells owners to write it, with an inner element. */
const SETTINGS_LINK = '<a id="settings" href="#" data-lagom-banner><span>Cookie settings</span></a>';

/** The text of the element focused inside the banner's shadow root, if any. */
const focused = (page: Page) =>
  page.evaluate(() => document.querySelector('lagom-banner')?.shadowRoot?.activeElement?.textContent ?? null);
const bannerRequested = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('lagom-banner')));
const shown = (page: Page) => page.locator('lagom-banner').count();
/** Waits until the banner's file has run (it sets `lagom.b`): after that, "not shown" means it. */
const bannerReady = (page: Page) =>
  until(() => page.evaluate(() => Boolean((window as unknown as { lagom: { b?: unknown } }).lagom.b)), 'the banner file to run');
/** The time the refusal marker says the refusal ends, or null. */
const refusalEnd = (page: Page) => page.evaluate(() => (localStorage.lagom_r === undefined ? null : Number(localStorage.lagom_r)));
/** Sets the page's clock (Date.now) this many days from now and loads the page again. */
const reloadAfter = async (page: Page, days: number) => {
  await page.clock.setSystemTime(Date.now() + days * DAY);
  await page.reload();
};

describe.skipIf(!hasChromium).concurrent('tracker consent banner in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({ sites: [site, ownSite], fixture: true });

  const open = (options: Partial<PageOptions> = {}, init?: () => void) =>
    openTab(browser, fixture.url + fixture.path('/', { site, attrs: BANNER, ...options }), { init });

  it('shows an English banner that sends nothing and stores nothing until answered', async () => {
    const tab = await open({ attrs: POLICY });
    const region = tab.page.getByRole('region', { name: 'Visitor statistics' });
    await region.waitFor();
    expect(await region.textContent()).toContain('May we count your visit?');
    expect(await tab.page.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe(`${fixture.url}/privacy`);
    await expectQuiet(tab, 0);
    expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
    await tab.context.close();
  });

  it('Accept sends the pageview, remembers the consent and closes the banner', async () => {
    const tab = await open();
    await tab.page.getByRole('button', { name: 'Accept' }).click();
    await expectSent(tab, 1);
    expect(tab.sent[0]).toMatchObject({ n: 'pageview', d: site, fs: 1 });
    expect(await shown(tab.page)).toBe(0);
    expect((await stored(tab.page)).local.sort()).toEqual(['lagom', 'lagom_s']);
    // The next page load counts at once; the banner's file loads (so that it can be reopened)
    // but does not show itself.
    await tab.page.click('#same');
    await expectSent(tab, 2);
    await bannerReady(tab.page);
    expect(await shown(tab.page)).toBe(0);
    await tab.context.close();
  });

  it('Decline sends nothing, keeps only when the refusal ends, and the next pages do not ask', async () => {
    const tab = await open();
    await tab.page.getByRole('button', { name: 'Decline' }).waitFor();
    const before = Date.now();
    await tab.page.getByRole('button', { name: 'Decline' }).click();
    const after = Date.now();
    expect(await shown(tab.page)).toBe(0);
    await expectQuiet(tab, 0);
    // One key holding a time and nothing else: 182 days (about six months) on.
    expect(await stored(tab.page)).toEqual({ local: ['lagom_r'], session: [], cookies: '' });
    expect(await tab.page.evaluate(() => localStorage.lagom_r)).toMatch(/^\d+$/);
    const end = (await refusalEnd(tab.page))!;
    expect(end).toBeGreaterThanOrEqual(before + 182 * DAY);
    expect(end).toBeLessThanOrEqual(after + 182 * DAY);
    for (const load of [() => tab.page.click('#same'), () => tab.page.reload()]) {
      await load();
      await bannerReady(tab.page);
      expect(await shown(tab.page)).toBe(0);
    }
    await expectQuiet(tab, 0);
    await tab.context.close();
  });

  describe('how long an answer holds', () => {
    const cases: { name: string; attrs?: string; before: number; after: number }[] = [
      { name: 'a refusal, 182 days by default', before: 181, after: 183 },
      { name: 'a refusal, as many days as data-refusal-days says', attrs: `${BANNER} data-refusal-days="3"`, before: 2, after: 4 },
    ];
    for (const c of cases) {
      it(`${c.name}; then the banner asks again`, async () => {
        const tab = await open({ attrs: c.attrs ?? BANNER });
        await tab.page.getByRole('button', { name: 'Decline' }).click();
        await reloadAfter(tab.page, c.before);
        await bannerReady(tab.page);
        expect(await shown(tab.page)).toBe(0);
        await reloadAfter(tab.page, c.after);
        await tab.page.getByRole('button', { name: 'Accept' }).click();
        await expectSent(tab, 1);
        // Accept replaces the refusal.
        expect((await stored(tab.page)).local.sort()).toEqual(['lagom', 'lagom_s']);
        await tab.context.close();
      });
    }

    it('consent, 13 months; then the banner asks again, and nothing is sent or kept until it is answered', async () => {
      const tab = await open();
      await tab.page.getByRole('button', { name: 'Accept' }).click();
      await expectSent(tab, 1);
      await reloadAfter(tab.page, 394);
      await expectSent(tab, 2);
      await bannerReady(tab.page);
      expect(await shown(tab.page)).toBe(0);
      await reloadAfter(tab.page, 396);
      await tab.page.getByRole('button', { name: 'Accept' }).waitFor();
      await expectQuiet(tab, 2);
      // The core removes what the ended consent kept.
      expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
      await tab.context.close();
    });
  });

  describe('reopened, to change the answer', () => {
    it("by lagom('banner') after consent: Decline withdraws at once, without a reload", async () => {
      const tab = await open();
      await tab.page.getByRole('button', { name: 'Accept' }).click();
      await expectSent(tab, 1);
      await call(tab.page, 'banner');
      await tab.page.getByRole('region', { name: 'Visitor statistics' }).waitFor();
      // The focus moves into the banner; opening it sends nothing.
      expect(await focused(tab.page)).toContain('May we count your visit?');
      await tab.page.getByRole('button', { name: 'Decline' }).click();
      expect(await shown(tab.page)).toBe(0);
      expect(await stored(tab.page)).toEqual({ local: ['lagom_r'], session: [], cookies: '' });
      // Nothing more leaves this page: no event, no SPA pageview.
      await call(tab.page, 'event', 'Signup');
      // (The same query: it holds the fixture page's embed.)
      await navigate(tab.page, `/after-withdrawal${new URL(tab.page.url()).search}`);
      await call(tab.page, 'pageview');
      await expectQuiet(tab, 1);
      await tab.page.reload();
      await bannerReady(tab.page);
      expect(await shown(tab.page)).toBe(0);
      await expectQuiet(tab, 1);
      await tab.context.close();
    });

    it('by a data-lagom-banner link, from the keyboard: the focus goes into the banner, then back to the link', async () => {
      const tab = await open({ body: SETTINGS_LINK });
      await tab.page.getByRole('button', { name: 'Decline' }).click();
      await tab.page.focus('#settings');
      await tab.page.keyboard.press('Enter');
      await tab.page.getByRole('button', { name: 'Accept' }).waitFor();
      expect(await focused(tab.page)).toContain('May we count your visit?');
      // The link's href="#" is not followed.
      expect(new URL(tab.page.url()).hash).toBe('');
      await expectQuiet(tab, 0);
      // Tab goes on inside the banner; Enter on Accept, and the focus is back on the link.
      await tab.page.keyboard.press('Tab');
      expect(await focused(tab.page)).toBe('Accept');
      await tab.page.keyboard.press('Enter');
      expect(await shown(tab.page)).toBe(0);
      expect(await tab.page.evaluate(() => document.activeElement?.id)).toBe('settings');
      // Accept removed the refusal. This page's pageview was dropped with the refusal; the
      // next one counts.
      expect(await stored(tab.page)).toEqual({ local: ['lagom'], session: [], cookies: '' });
      await navigate(tab.page, '/after-consent');
      await expectSent(tab, 1);
      expect(tab.sent[0]).toMatchObject({ n: 'pageview', u: `${fixture.url}/after-consent` });
      await tab.context.close();
    });

    it('by a click inside the link; the same answer again sends nothing more', async () => {
      const tab = await open({ body: SETTINGS_LINK });
      await tab.page.getByRole('button', { name: 'Accept' }).click();
      await expectSent(tab, 1);
      await tab.page.click('#settings span');
      await tab.page.getByRole('button', { name: 'Accept' }).click();
      expect(await shown(tab.page)).toBe(0);
      expect(new URL(tab.page.url()).hash).toBe('');
      await expectQuiet(tab, 1);
      expect((await stored(tab.page)).local.sort()).toEqual(['lagom', 'lagom_s']);
      await tab.context.close();
    });
  });

  it('is reachable by keyboard: Tab reaches the policy link, Accept and Decline, in that order; Enter answers', async () => {
    const tab = await open({ attrs: POLICY });
    await tab.page.getByRole('button', { name: 'Accept' }).waitFor();
    const order: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      await tab.page.keyboard.press('Tab');
      order.push(await focused(tab.page));
    }
    expect(order).toEqual(['Privacy policy', 'Accept', 'Decline']);
    await tab.page.keyboard.press('Enter');
    await expectQuiet(tab, 0);
    expect(await tab.page.locator('lagom-banner').count()).toBe(0);
    await tab.context.close();

    const accept = await open();
    await accept.page.getByRole('button', { name: 'Accept' }).waitFor();
    await accept.page.keyboard.press('Tab');
    expect(await focused(accept.page)).toBe('Accept');
    await accept.page.keyboard.press('Space');
    await expectSent(accept, 1);
    await accept.context.close();
  });

  it('gives Accept and Decline the same size and the same look', async () => {
    const tab = await open();
    const buttons = [tab.page.getByRole('button', { name: 'Accept' }), tab.page.getByRole('button', { name: 'Decline' })];
    await buttons[0]!.waitFor();
    const [a, b] = await Promise.all(buttons.map((button) => button.boundingBox()));
    expect(Math.abs(a!.width - b!.width)).toBeLessThanOrEqual(1);
    expect(a!.height).toBe(b!.height);
    const look = (button: (typeof buttons)[number]) =>
      button.evaluate((el) => {
        const s = getComputedStyle(el);
        return [s.color, s.backgroundColor, s.borderColor, s.borderWidth, s.fontSize, s.fontWeight, s.padding];
      });
    expect(await look(buttons[0]!)).toEqual(await look(buttons[1]!));
    await tab.context.close();
  });

  describe('language', () => {
    const cases: { name: string; options: Partial<PageOptions>; accept: string; region: string }[] = [
      { name: 'Swedish from <html lang="sv">', options: { lang: 'sv' }, accept: 'Godkänn', region: 'Besöksstatistik' },
      { name: 'Swedish from lang="sv-SE"', options: { lang: 'sv-SE' }, accept: 'Godkänn', region: 'Besöksstatistik' },
      { name: 'Swedish from data-lang="sv" on an English page', options: { lang: 'en', attrs: `${BANNER} data-lang="sv"` }, accept: 'Godkänn', region: 'Besöksstatistik' },
      { name: 'English from data-lang="en" on a Swedish page', options: { lang: 'sv', attrs: `${BANNER} data-lang="en"` }, accept: 'Accept', region: 'Visitor statistics' },
      { name: 'English for any other language', options: { lang: 'de' }, accept: 'Accept', region: 'Visitor statistics' },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const tab = await open(c.options);
        await tab.page.getByRole('region', { name: c.region }).waitFor();
        await tab.page.getByRole('button', { name: c.accept }).click();
        await expectSent(tab, 1);
        await tab.context.close();
      });
    }

    it('the Swedish banner says it all in Swedish, with the policy link', async () => {
      const tab = await open({ lang: 'sv', attrs: POLICY });
      const region = tab.page.getByRole('region', { name: 'Besöksstatistik' });
      await region.waitFor();
      expect(await region.textContent()).toContain('Får vi räkna ditt besök?');
      expect(await tab.page.getByRole('link', { name: 'Integritetspolicy' }).isVisible()).toBe(true);
      await tab.page.getByRole('button', { name: 'Avböj' }).click();
      await expectQuiet(tab, 0);
      await tab.context.close();
    });
  });

  it('is not shown once consent is remembered, and not loaded under Global Privacy Control or without data-consent="banner"', async () => {
    const remembered = await open({ pre: "lagom('consent', true)" });
    await expectSent(remembered, 1);
    await remembered.page.reload();
    await expectSent(remembered, 2);
    await bannerReady(remembered.page);
    expect(await shown(remembered.page)).toBe(0);
    await remembered.context.close();

    const gpc = await open({ body: SETTINGS_LINK }, () =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    const plain = await open({ attrs: ALLOW, body: SETTINGS_LINK });
    await expectQuiet(gpc, 0);
    for (const tab of [gpc, plain]) {
      // Neither the "Cookie settings" link nor lagom('banner') brings it.
      await tab.page.click('#settings');
      await call(tab.page, 'banner');
      expect(await bannerRequested(tab.page)).toBe(false);
      expect(await shown(tab.page)).toBe(0);
      await tab.context.close();
    }
  });

  it("in a site's own script, takes the privacy page and the refusal's days from the site's settings", async () => {
    const res = await fetch(`${lagom.url}/api/v1/sites/${ownSite}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ consent: { mode: 'banner', refusal_days: 30 }, privacy_policy_url: 'https://own-banner.example.com/privacy' }),
    });
    expect(res.status).toBe(200);
    const tab = await open({ site: ownSite, src: `js/${ownSite}.js`, attrs: ALLOW });
    expect(await tab.page.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('https://own-banner.example.com/privacy');
    const before = Date.now();
    await tab.page.getByRole('button', { name: 'Decline' }).click();
    const end = (await refusalEnd(tab.page))!;
    expect(end).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(end).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    await expectQuiet(tab, 0);
    await tab.context.close();
  });

  it('links only an http(s) policy address', async () => {
    const tab = await open({ attrs: `${BANNER} data-policy-url="javascript:alert(1)"` });
    await tab.page.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await tab.page.locator('lagom-banner a').count()).toBe(0);
    await tab.context.close();
  });
});
