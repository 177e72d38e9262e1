// The details dialog in real Chromium: a search over its values, columns that sort by a click or
// the keyboard, long paths that wrap instead of hiding in a tooltip, and on a 360 px phone a
// value column wide enough to read, the numbers scrolling beside it.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { postEvent } from '../helpers/events.js';
import { digits, openPage, seedTraffic, settled, signIn, type PageOptions } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const SITE = 'details.test';
const LONG_PATH = '/docs/guides/installing-the-tracker-behind-a-reverse-proxy/with-a-content-security-policy/and-subresource-integrity';

describe.skipIf(!hasChromium)('dashboard details: search, sorting, long values, phones', () => {
  const { lagom, browser } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [SITE],
    async prepare(lagom) {
      await seedTraffic(lagom, SITE);
      // Four readers of a long path, each a visit of one page.
      for (let i = 0; i < 4; i++) {
        const res = await postEvent(lagom.url, { n: 'pageview', d: SITE, u: `https://${SITE}${LONG_PATH}`, fv: 1, fp: 1, fs: 1, b: 1, e: LONG_PATH }, { 'x-forwarded-for': '8.8.8.8' });
        expect(res.status).toBe(202);
      }
      await lagom.flush();
    },
  });

  async function details(options: PageOptions = {}, panel = 'pages') {
    const opened = await openPage(browser, lagom, `/?site=${SITE}&period=day`, options);
    await signIn(opened.page, lagom);
    await settled(opened.page);
    await opened.page.click(`[data-panel=${panel}] .details`);
    const dialog = opened.page.locator('dialog[open]');
    await expect.poll(() => dialog.locator('tbody tr').count()).toBeGreaterThan(0);
    return { ...opened, dialog };
  }

  const labels = (dialog: Locator) => dialog.locator('tbody tr td:first-child').allTextContents();
  const column = async (dialog: Locator, n: number) => (await dialog.locator(`tbody tr td:nth-child(${n})`).allTextContents()).map(digits);
  const sortOf = (dialog: Locator) =>
    dialog.locator('thead th').evaluateAll((ths) => ths.map((th) => `${th.textContent}:${th.getAttribute('aria-sort') ?? ''}`));

  test('a search narrows the rows by the value; no match says so', async () => {
    const { page, problems, context, dialog } = await details();
    const all = await labels(dialog);
    expect(all).toContain('/pricing');
    const search = dialog.getByRole('searchbox', { name: 'Search' });
    await search.fill('PRIC');
    await expect.poll(() => labels(dialog)).toEqual(['/pricing']);
    await search.fill('/blog');
    await expect.poll(() => labels(dialog)).toEqual(['/blog/hello']);
    await search.fill('nothing-like-this');
    await expect.poll(() => dialog.locator('.details-content').textContent()).toBe('Nothing matches the search.');
    await search.fill('');
    await expect.poll(() => labels(dialog)).toEqual(all);
    await page.keyboard.press('Escape');
    // A country is found by its name as shown, not only by its code.
    await expect.poll(() => page.locator('dialog').count()).toBe(0);
    await page.click('[data-panel=locations] .details');
    const countries = page.locator('dialog[open]');
    await countries.getByRole('searchbox', { name: 'Search' }).fill('swe');
    await expect.poll(() => labels(countries)).toEqual(['Sweden']);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('column headers sort, with aria-sort, by a click and by the keyboard', async () => {
    const { page, problems, context, dialog } = await details();
    // As the API answers: most visitors first.
    expect(await sortOf(dialog)).toEqual(['Page:', 'Visitors:descending', 'Pageviews:', 'Time:', 'Scroll:']);
    const visitors = await column(dialog, 2);
    expect(visitors).toEqual([...visitors].sort((a, b) => b - a));
    expect((await labels(dialog))[0]).toBe(LONG_PATH);

    await dialog.locator('thead button[data-sort=visitors]').click();
    await expect.poll(() => sortOf(dialog)).toEqual(['Page:', 'Visitors:ascending', 'Pageviews:', 'Time:', 'Scroll:']);
    expect(await column(dialog, 2)).toEqual([...visitors].sort((a, b) => a - b));

    // Keyboard alone: Tab to the Page header, Enter sorts A to Z and the focus stays on it.
    await dialog.locator('thead button[data-sort=label]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sortOf(dialog)).toEqual(['Page:ascending', 'Visitors:', 'Pageviews:', 'Time:', 'Scroll:']);
    const names = await labels(dialog);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Page');
    await page.keyboard.press('Space');
    await expect.poll(() => labels(dialog)).toEqual([...names].reverse());
    expect(await sortOf(dialog)).toContain('Page:descending');

    // Pageviews: numbers, largest first on the first press.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pageviews');
    await page.keyboard.press('Enter');
    await expect.poll(() => sortOf(dialog)).toContain('Pageviews:descending');
    const views = await column(dialog, 3);
    expect(views).toEqual([...views].sort((a, b) => b - a));
    expect(views[0]).toBe(4);
    await expectAccessible(page, 'dialog[open]');
    await screenshot(page, 'details');
    expect(problems).toEqual([]);
    await context.close();
  });

  async function labelBox(page: Page, dialog: Locator) {
    const cell = dialog.locator('tbody tr', { hasText: LONG_PATH }).locator('td').first();
    const text = cell.locator('.row-text');
    return {
      cell: (await cell.boundingBox())!,
      text: (await text.boundingBox())!,
      // the whole path is on screen: nothing cut off by an ellipsis
      clipped: await text.evaluate((el) => el.scrollWidth > el.clientWidth + 1),
      lineHeight: await text.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight)),
      page,
    };
  }

  test('a long path wraps; on a 360 px phone the value column keeps a usable width', async () => {
    for (const options of [{}, { viewport: { width: 360, height: 780 } }, { colorScheme: 'dark' as const, viewport: { width: 360, height: 780 } }]) {
      const { page, problems, context, dialog } = await details(options);
      const box = await labelBox(page, dialog);
      expect(box.clipped).toBe(false);
      expect(box.cell.width).toBeGreaterThanOrEqual(120);
      expect(box.text.width).toBeGreaterThanOrEqual(100);
      // Wrapped onto more than one line rather than cut off.
      expect(box.text.height).toBeGreaterThan(box.lineHeight * 1.5);
      expect(await dialog.locator('tbody tr', { hasText: LONG_PATH }).locator('td').first().textContent()).toBe(LONG_PATH);
      // The page itself does not scroll sideways: the table does, inside the dialog.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.viewport?.width ?? 1280);
      await expectAccessible(page, 'dialog[open]');
      if (options.viewport && !('colorScheme' in options)) await screenshot(page, 'details');
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
