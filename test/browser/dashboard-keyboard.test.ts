// The report with the keyboard alone, in real Chromium: where focus lands after each step (the
// skip link, sign-in, picking a value, removing a chip, the details dialog), how many Tab presses
// the panels cost, and the chart's numbers as a table for those who cannot see the plot.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { digits, openPage, seedTraffic, settled, signIn } from './dashboard-harness.js';

const SITE = 'keys.test';
const REPORT = `/?site=${SITE}&period=day`;

/** What has focus: tag, class and text, enough to tell the elements apart. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase(), className: el?.className ?? '', text: (el?.textContent ?? '').trim(), panel: el?.closest('[data-panel]')?.getAttribute('data-panel') ?? null };
  });

async function fresh(page: Page, path = REPORT): Promise<void> {
  await page.goto(`${page.url().replace(/\/[^/]*$/, '')}${path}`);
  await settled(page);
}

describe.skipIf(!hasChromium)('dashboard keyboard', () => {
  const { lagom, browser, opened } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [SITE],
    prepare: (lagom) => seedTraffic(lagom, SITE),
    signedIn: REPORT,
  });

  test('after signing in, focus is on the page’s one h1, the site’s name', async () => {
    const { page, problems, context } = await openPage(browser, lagom, REPORT);
    await signIn(page, lagom);
    await settled(page);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: SITE });
    // A page load keeps focus at the top, for the skip link.
    await page.reload();
    await settled(page);
    expect((await focused(page)).tag).toBe('body');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the skip link is the first tab stop, shows when focused and moves focus to the report', async () => {
    const { page } = opened;
    await fresh(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', className: 'skip-link', text: 'Skip to the report' });
    expect((await page.locator('.skip-link').boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: SITE });
    // The next stop is the first control of the report, not the top bar again.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  });

  test('the panels cost one tab stop each for their values; the arrow keys move among them', async () => {
    const { page } = opened;
    await fresh(page);
    let presses = 0;
    while ((await focused(page)).panel !== 'goals' && presses < 100) {
      await page.keyboard.press('Tab');
      presses++;
    }
    console.log(`tab stops from the top of the report to the Goals panel: ${presses}`);
    expect(presses).toBeLessThanOrEqual(35);

    await page.focus('[data-panel=pages] [data-tab=top]');
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first).toMatchObject({ className: 'row-label', panel: 'pages' });
    await page.keyboard.press('ArrowDown');
    const second = await focused(page);
    expect(second.className).toBe('row-label');
    expect(second.text).not.toBe(first.text);
    await page.keyboard.press('End');
    const labels = await page.locator('[data-panel=pages] button.row-label').allTextContents();
    expect((await focused(page)).text).toBe(labels.at(-1)!.trim());
    await page.keyboard.press('Home');
    expect((await focused(page)).text).toBe(first.text);
    // Tab leaves the values for the panel's Details button.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Details', panel: 'pages' });
  });

  test('Enter on a value applies the filter and keeps focus on that panel’s values, not <body>', async () => {
    const { page } = opened;
    await fresh(page);
    await page.focus('[data-panel=sources] button.row-label');
    const label = (await focused(page)).text;
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    expect(await focused(page)).toMatchObject({ className: 'row-label', panel: 'sources' });
    expect(label).not.toBe('');
  });

  test('removing a chip moves focus to the next chip, then the previous, then the Filter button; never <body>', async () => {
    const { page } = opened;
    await fresh(page, `${REPORT}&f=${encodeURIComponent('visit:browser==Chrome')}&f=${encodeURIComponent('visit:country==SE')}&f=${encodeURIComponent('visit:source==Google')}`);
    await expect.poll(() => page.locator('.chip').count()).toBe(3);
    const chipOf = (property: string) => `.chip[data-property="visit:${property}"] .chip-remove`;
    const focusedChip = () => page.evaluate(() => document.activeElement?.closest('.chip')?.getAttribute('data-property') ?? null);
    // The middle one: the next chip takes its place.
    await page.focus(chipOf('country'));
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(() => page.locator('.chip').count()).toBe(2);
    expect(await focusedChip()).toBe('visit:source');
    // The last one: the one before it.
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    expect(await focusedChip()).toBe('visit:browser');
    // None left: the Filter button beside the chips, which is always there.
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(() => page.locator('.chip').count()).toBe(0);
    expect(await focused(page)).toMatchObject({ tag: 'button', className: expect.stringContaining('filter-open') });
  });

  test('the details dialog takes focus, keeps it inside, closes on Escape and gives it back; a pick in it lands on the panel', async () => {
    const { page } = opened;
    await fresh(page);
    await page.focus('[data-panel=pages] .details');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open] tbody tr');
    const inDialog = () => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null);
    expect(await inDialog()).toBe(true);
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      // Chromium lets focus leave a modal dialog only for the browser's own UI (the address bar).
      const where = await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement?.closest('dialog[open]') ? 'dialog' : 'page'));
      expect(where).not.toBe('page');
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await focused(page)).toMatchObject({ text: 'Details', panel: 'pages' });

    // A value picked in the dialog with Enter: the dialog closes, the filter applies, and focus is
    // on the panel's values (its Details button is hidden while the panel redraws).
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open] tbody tr');
    await page.focus('dialog[open] button.row-label');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    await settled(page);
    await expect.poll(() => focused(page)).toMatchObject({ className: 'row-label', panel: 'pages' });
  });

  test('“Show as table” under the chart lists the same numbers as the Stats API’s timeseries', async () => {
    const { page } = opened;
    await fresh(page);
    const toggle = page.locator('.chart-table-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#chart-table').isHidden()).toBe(true);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toBe('Hide the table');
    expect(await page.locator('#chart-table th[scope=col]').allTextContents()).toEqual(['Time', 'Unique visitors', 'Previous period']);
    const shownRows = await page.locator('#chart-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const series = (await lagom.stats('timeseries', { site_id: SITE, period: 'day', metrics: 'visitors', interval: 'hour' })).results as { date: string; visitors: number }[];
    // The chart leaves out the hours still to come, and so does the table.
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const past = series.filter((p) => p.date <= now);
    expect(shownRows.map(([visitors]) => digits(visitors!))).toEqual(past.map((p) => p.visitors));
    expect(past.reduce((sum, p) => sum + p.visitors, 0)).toBeGreaterThan(0);
    // Another metric: the table follows the chart.
    await page.click('[data-metric=pageviews]');
    await expect.poll(() => page.locator('#chart-table th[scope=col]').nth(1).textContent()).toBe('Total pageviews');
    const views = (await lagom.stats('timeseries', { site_id: SITE, period: 'day', metrics: 'pageviews', interval: 'hour' })).results as { date: string; pageviews: number }[];
    const shownViews = await page.locator('#chart-table tbody tr td:nth-of-type(1)').allTextContents();
    expect(shownViews.map(digits)).toEqual(views.filter((p) => p.date <= now).map((p) => p.pageviews));
    // The comparison column is named by the comparison chosen.
    await fresh(page, `${REPORT}&compare=year`);
    await page.click('.chart-table-toggle');
    await expect.poll(() => page.locator('#chart-table th[scope=col]').allTextContents()).toEqual(['Time', 'Unique visitors', 'A year earlier']);
  });
});
