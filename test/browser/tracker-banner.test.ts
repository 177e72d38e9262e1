// The built-in consent banner (data-consent="banner") in real Chromium against a real Lagom:
// what Accept and Decline send and store, its languages, its keyboard use, that its two
// answers look the same, and when it is not loaded at all.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  expectQuiet,
  expectSent,
  openTab,
  stored,
  type PageOptions,
} from './tracker-fixture.js';

const site = 'banner.example.com';
const BANNER = `${ALLOW} data-consent="banner"`;
const POLICY = `${BANNER} data-policy-url="/privacy"`;

/** The text of the element focused inside the banner's shadow root, if any. */
const focused = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-lagom-banner]')?.shadowRoot?.activeElement?.textContent ?? null);
const bannerRequested = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('lagom-banner')));

describe.skipIf(!hasChromium).concurrent('tracker consent banner in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({ sites: [site], fixture: true });

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
    expect(await tab.page.locator('[data-lagom-banner]').count()).toBe(0);
    expect((await stored(tab.page)).local.sort()).toEqual(['lagom', 'lagom_s']);
    // The next page load counts at once, without the banner.
    await tab.page.click('#same');
    await expectSent(tab, 2);
    expect(await bannerRequested(tab.page)).toBe(false);
    await tab.context.close();
  });

  it('Decline sends nothing, stores nothing and closes the banner; the next page asks again', async () => {
    const tab = await open();
    await tab.page.getByRole('button', { name: 'Decline' }).click();
    expect(await tab.page.locator('[data-lagom-banner]').count()).toBe(0);
    await expectQuiet(tab, 0);
    expect(await stored(tab.page)).toEqual({ local: [], session: [], cookies: '' });
    await tab.page.click('#same');
    await tab.page.getByRole('button', { name: 'Decline' }).waitFor();
    await expectQuiet(tab, 0);
    await tab.context.close();
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
    expect(await tab.page.locator('[data-lagom-banner]').count()).toBe(0);
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

  it('is not loaded once consent is remembered, nor under Global Privacy Control, nor without data-consent="banner"', async () => {
    const remembered = await open({ pre: "lagom('consent', true)" });
    await expectSent(remembered, 1);
    await remembered.page.reload();
    await expectSent(remembered, 2);
    expect(await bannerRequested(remembered.page)).toBe(false);
    await remembered.context.close();

    const gpc = await open({}, () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const plain = await open({ attrs: ALLOW });
    await expectQuiet(gpc, 0);
    for (const tab of [gpc, plain]) {
      expect(await bannerRequested(tab.page)).toBe(false);
      expect(await tab.page.locator('[data-lagom-banner]').count()).toBe(0);
      await tab.context.close();
    }
  });

  it('links only an http(s) policy address', async () => {
    const tab = await open({ attrs: `${BANNER} data-policy-url="javascript:alert(1)"` });
    await tab.page.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await tab.page.locator('[data-lagom-banner] a').count()).toBe(0);
    await tab.context.close();
  });
});
