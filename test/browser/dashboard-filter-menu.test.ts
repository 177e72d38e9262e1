// The filter menu in real Chromium: each operator, several values, a filter on the host name,
// through the menu alone, gives the numbers the Stats API gives for the same filter (and the
// numbers counted by hand from the seeded traffic); a chip reopens the menu to edit it; focus
// lands on the chip after Apply; the menu passes axe-core in light, dark and at 360 px, in
// English and Swedish, and works from the keyboard alone.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { FIREFOX_UA, postEvent } from '../helpers/events.js';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { chipTexts as chips, digits, filtersIn, openPage, seedTraffic, settled, shown, signIn } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const SITE = 'menu.test';
const BLOG = `blog.${SITE}`;

describe.skipIf(!hasChromium)('dashboard filter menu', () => {
  const { lagom, browser, opened } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [SITE],
    async prepare(lagom) {
      await seedTraffic(lagom, SITE);
      // One more visitor, on the site's blog host name: six visitors in all.
      const res = await postEvent(lagom.url, { n: 'pageview', d: SITE, u: `https://${BLOG}/post`, fv: 1, fp: 1, fs: 1, b: 1, e: '/post', w: 1280 }, { 'user-agent': FIREFOX_UA, 'x-forwarded-for': '8.8.8.8' });
      expect(res.status).toBe(202);
      await lagom.flush();
    },
    signedIn: `/?site=${SITE}&period=day`,
  });

  const visitors = async (filters?: string) =>
    (await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'visitors', ...(filters ? { filters } : {}) })).results.visitors.value as number;
  const menu = 'dialog.dialog[open]';
  const focusedChip = (page: Page) => page.evaluate(() => (document.activeElement?.classList.contains('chip-text') ? document.activeElement.closest<HTMLElement>('.chip')?.dataset.property : null));
  /** The values the menu offers, as their labels read. */
  const offered = (page: Page) => page.locator(`${menu} .filter-value span`).allTextContents();

  async function choose(page: Page, property: string, op: string): Promise<void> {
    await page.selectOption(`${menu} select[name=property]`, property);
    await page.selectOption(`${menu} select[name=operator]`, op);
  }
  async function apply(page: Page): Promise<void> {
    await page.click(`${menu} button[type=submit]`);
    await settled(page);
  }
  const shownVisitors = async (page: Page) => digits(await shown(page, 'visitors'));

  /** After Apply: the address, the chips, focus on the chip, and the top row equal to the Stats API and the hand count. */
  async function expectView(page: Page, view: { f: string[]; chips: string[]; api: string; visitors: number; focus: string }): Promise<void> {
    expect(filtersIn(page)).toEqual(view.f);
    expect(await chips(page)).toEqual(view.chips);
    expect(await focusedChip(page)).toBe(view.focus);
    expect(await visitors(view.api)).toBe(view.visitors);
    expect(await shownVisitors(page)).toBe(view.visitors);
  }

  test('contains, then edited to does not contain, through the menu: the API numbers and the hand count', async () => {
    const { page, problems } = opened;
    expect(await shownVisitors(page)).toBe(6);
    await page.click('.filter-open');
    await page.waitForSelector(menu);
    await choose(page, 'visit:source', 'contains');
    // What is typed narrows the offered values, found with a contains query of their own.
    await page.fill(`${menu} input[name=value]`, 'goo');
    await expect.poll(() => offered(page)).toEqual(['Google']);
    await page.press(`${menu} input[name=value]`, 'Enter');
    expect(await page.isChecked(`${menu} .filter-value input[value=goo]`)).toBe(true);
    await apply(page);
    // Chrome from Google only; the API ignores case too.
    await expectView(page, { f: ['visit:source~goo'], chips: ['Source contains goo'], api: 'visit:source~GOO', visitors: 1, focus: 'visit:source' });

    // The chip reopens the menu on itself: the same property, operator and value.
    await page.click('.chip[data-property="visit:source"] .chip-text');
    await page.waitForSelector(menu);
    expect(await page.textContent(`${menu} h2`)).toBe('Edit filter');
    expect(await page.inputValue(`${menu} select[name=property]`)).toBe('visit:source');
    expect(await page.inputValue(`${menu} select[name=operator]`)).toBe('contains');
    expect(await page.isChecked(`${menu} .filter-value input[value=goo]`)).toBe(true);
    await page.selectOption(`${menu} select[name=operator]`, 'contains_not');
    await apply(page);
    await expectView(page, { f: ['visit:source!~goo'], chips: ['Source does not contain goo'], api: 'visit:source!~goo', visitors: 5, focus: 'visit:source' });

    await page.click('.chip[data-property="visit:source"] .chip-remove');
    await settled(page);
    expect(filtersIn(page)).toEqual([]);
    expect(await shownVisitors(page)).toBe(6);
    expect(problems).toEqual([]);
  });

  test('is not, and is with several values picked from the suggestions, combined with AND', async () => {
    const { page, problems } = opened;
    await page.click('.filter-open');
    await choose(page, 'event:page', 'is_not');
    await expect.poll(() => offered(page)).toContain('/a');
    await page.check(`${menu} .filter-value input[value="/a"]`);
    await apply(page);
    // Every visitor but the one whose only page was /a.
    await expectView(page, { f: ['event:page!=/a'], chips: ['Page is not /a'], api: 'event:page!=/a', visitors: 5, focus: 'event:page' });

    await page.click('.filter-open');
    await choose(page, 'visit:country', 'is');
    // A country is its code: nothing to type part of.
    expect(await page.isDisabled(`${menu} select[name=operator] option[value=contains]`)).toBe(true);
    await expect.poll(() => offered(page)).toEqual(expect.arrayContaining(['Sweden', 'United Kingdom', 'United States']));
    await page.check(`${menu} .filter-value input[value=SE]`);
    await page.check(`${menu} .filter-value input[value=GB]`);
    await apply(page);
    // Sweden's two visitors not only on /a, and the United Kingdom's one.
    await expectView(page, {
      f: ['event:page!=/a', 'visit:country==SE', 'visit:country==GB'],
      chips: ['Page is not /a', 'Country is Sweden or United Kingdom'],
      api: 'event:page!=/a;visit:country==SE|GB',
      visitors: 3,
      focus: 'visit:country',
    });

    // A reload reads the same filters back from the address.
    await page.reload();
    await settled(page);
    expect(await chips(page)).toEqual(['Page is not /a', 'Country is Sweden or United Kingdom']);
    expect(await shownVisitors(page)).toBe(3);
    await page.click('text=Clear filters');
    await settled(page);
    expect(problems).toEqual([]);
  });

  test('a host name filter: the blog host alone, then contains in another case', async () => {
    const { page, problems } = opened;
    await page.click('.filter-open');
    await choose(page, 'event:hostname', 'is');
    await expect.poll(() => offered(page)).toEqual(expect.arrayContaining([SITE, BLOG]));
    await page.check(`${menu} .filter-value input[value="${BLOG}"]`);
    await apply(page);
    await expectView(page, { f: [`event:hostname==${BLOG}`], chips: [`Hostname is ${BLOG}`], api: `event:hostname==${BLOG}`, visitors: 1, focus: 'event:hostname' });

    await page.click('.chip .chip-text');
    await page.selectOption(`${menu} select[name=operator]`, 'contains');
    await page.uncheck(`${menu} .filter-value input[value="${BLOG}"]`);
    await page.fill(`${menu} input[name=value]`, 'BLOG.');
    await apply(page);
    await expectView(page, { f: ['event:hostname~BLOG.'], chips: ['Hostname contains BLOG.'], api: 'event:hostname~blog.', visitors: 1, focus: 'event:hostname' });
    await page.click('.chip .chip-remove');
    await settled(page);
    expect(problems).toEqual([]);
  });

  test('Apply with no value says so and keeps the menu open', async () => {
    const { page, problems } = opened;
    await page.click('.filter-open');
    await page.click(`${menu} button[type=submit]`);
    expect(await page.textContent(`${menu} .form-error`)).toBe('Choose or type at least one value.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('value');
    await page.keyboard.press('Escape');
    expect(await page.isVisible(menu)).toBe(false);
    expect(filtersIn(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('keyboard only: open, choose, type, add, apply; focus on the new chip', async () => {
    const { page, problems } = opened;
    await page.focus('.filter-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector(menu);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('property');
    // Typing on a select picks the option that starts so: "Browser".
    await page.keyboard.type('Brow');
    expect(await page.inputValue(`${menu} select[name=property]`)).toBe('visit:browser');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue(`${menu} select[name=operator]`)).toBe('contains');
    await page.keyboard.press('Tab');
    await page.keyboard.type('fire');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await settled(page);
    // Firefox from the USA, on both host names.
    await expectView(page, { f: ['visit:browser~fire'], chips: ['Browser contains fire'], api: 'visit:browser~fire', visitors: 2, focus: 'visit:browser' });
    // The focused chip's text reopens the menu with Enter; Escape closes it again.
    await page.keyboard.press('Enter');
    await page.waitForSelector(menu);
    await page.keyboard.press('Escape');
    await page.click('.chip .chip-remove');
    await settled(page);
    expect(problems).toEqual([]);
  });

  // One test per look, each in a fresh profile: each takes a while on a loaded machine.
  test.each([
    { colorScheme: 'light' as const, width: 1280, locale: 'en-US', name: 'filter-menu' },
    { colorScheme: 'dark' as const, width: 1280, locale: 'en-US', name: 'filter-menu-dark' },
    { colorScheme: 'light' as const, width: 360, locale: 'sv-SE', name: 'filter-menu-sv' },
    { colorScheme: 'dark' as const, width: 360, locale: 'en-US', name: 'filter-menu-dark' },
  ])('axe-core clean: $colorScheme, $width px, $locale, custom property keys too', async (c) => {
    const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&period=day&f=visit:source~goo&f=event:page==/a&f=event:page==/pricing`, {
      colorScheme: c.colorScheme,
      locale: c.locale,
      viewport: { width: c.width, height: 800 },
    });
    await signIn(page, lagom);
    await settled(page);
    const sv = c.locale === 'sv-SE';
    expect(await chips(page)).toEqual(sv ? ['Källa innehåller goo', 'Sida är /a eller /pricing'] : ['Source contains goo', 'Page is /a or /pricing']);
    await expectAccessible(page, '.filters');
    await page.click('.chip[data-property="event:page"] .chip-text');
    await page.waitForSelector(`${menu} .filter-value`);
    expect(await page.textContent(`${menu} h2`)).toBe(sv ? 'Ändra filter' : 'Edit filter');
    expect(await page.locator(`${menu} select[name=operator] option`).allTextContents()).toEqual(
      sv ? ['är', 'är inte', 'innehåller', 'innehåller inte'] : ['is', 'is not', 'contains', 'does not contain'],
    );
    await expectAccessible(page, menu);
    // Custom properties: the key select appears, with the period's keys.
    await page.selectOption(`${menu} select[name=property]`, 'custom');
    await expect.poll(() => page.locator(`${menu} select[name=prop-key] option`).allTextContents()).toEqual(['plan']);
    await expect.poll(() => offered(page)).toContain('pro');
    await expectAccessible(page, menu);
    await screenshot(page, c.name);
    if (c.width === 360) {
      // The menu, the button and the chips fit the phone; in English the whole page does too.
      // (In Swedish the date controls above are wider than 360 px, which is not the menu's.)
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('dialog[open], dialog[open] *, .filter-open, .chip, .filters .link-button')].filter((e) => e.getBoundingClientRect().right > innerWidth).map((e) => e.className),
      );
      expect(wide).toEqual([]);
      if (!sv) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
