// The report's dates in real Chromium against the real server: every comparison mode changes the
// totals' figures and the chart's second line to its own span, dates that cannot be shown are
// refused or replaced out loud, an interval the range does not offer leaves the address, and
// the arrow keys browse the period list without loading a report per option.
import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import type { TestLagom } from '../helpers/lagom.js';
import { insertBatch } from '../../server/store/counters.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { openPage, settled, shown, signIn } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const SITE = 'dates.test';
// A Monday to a Wednesday, ten days: each mode compares it with other days.
const RANGE = 'period=custom&from=2025-03-10&to=2025-03-19';
const VISITORS: [day: string, visitors: number][] = [
  ['2025-03-12', 20], // the range
  ['2025-03-08', 10], // the previous period, 28 Feb – 9 Mar
  ['2025-02-25', 5], // the same weekdays two weeks back, 24 Feb – 5 Mar
  ['2024-03-15', 40], // a year earlier, 10 – 19 Mar 2024
  ['2025-01-05', 16], // the custom comparison below, 1 – 10 Jan
];

/** Visitors on past days, written as the ingest writes counters (the wire format has no timestamp). */
async function seedDays(lagom: TestLagom): Promise<void> {
  const counters = VISITORS.map(([day, n]) => {
    const hour = Date.parse(`${day}T12:00:00Z`) / 1000;
    return JSON.stringify({ ...ZERO_ROW, site: SITE, hour, name: 'pageview', path: '/', entry_path: '/', events: n, pageviews: n, visitors: n, page_visitors: n, visits: n, exits: n });
  });
  await insertBatch(lagom.server.store, { token: 'dates-days', counters, recent: [] });
}

/** The Stats API requests the page makes from now on, as URLs. */
function recordStats(page: Page): URL[] {
  const seen: URL[] = [];
  const onRequest = (r: Request) => {
    if (r.url().includes('/api/v1/stats/')) seen.push(new URL(r.url()));
  };
  page.on('request', onRequest);
  return seen;
}

const search = (page: Page) => new URLSearchParams(new URL(page.url()).search);
const badge = (page: Page) => page.textContent('[data-metric=visitors] .change [aria-hidden]');

describe.skipIf(!hasChromium)('dashboard dates and comparisons', () => {
  const { lagom, browser, opened } = browserSuite({
    sites: [SITE, 'other.test'],
    prepare: seedDays,
    signedIn: `/?site=${SITE}&${RANGE}`,
  });

  test('each comparison mode compares the totals and the chart with its own span, kept in the address', async () => {
    const { page, problems } = opened;
    expect(await shown(page, 'visitors')).toBe('20');
    const cases: [mode: string, change: string | null, span: string | null, label: string | null, caption: string][] = [
      ['previous', '↑ 100%', '2025-02-28,2025-03-09', 'Previous period', 'vs 28 Feb – 9 Mar 2025'],
      ['year', '↓ 50%', '2024-03-10,2024-03-19', 'A year earlier', 'vs 10 Mar – 19 Mar 2024'],
      ['weekday', '↑ 300%', '2025-02-24,2025-03-05', 'Previous period (same weekdays)', 'vs 24 Feb – 5 Mar 2025'],
      ['off', null, null, null, ''],
      ['custom', '↑ 25%', '2025-01-01,2025-01-10', 'Comparison period', 'vs 1 Jan – 10 Jan 2025'],
    ];
    for (const [mode, change, span, label, caption] of cases) {
      const requests = recordStats(page);
      // Already shown when the page opened: the default.
      if (mode !== 'previous') {
        await page.selectOption('select[name=compare]', mode);
        if (mode === 'custom') {
          expect(requests).toEqual([]);
          await page.fill('input[name=compare_from]', '2025-01-01');
          await page.fill('input[name=compare_to]', '2025-01-10');
          await page.click('.compare-form button[type=submit]');
        }
      } else {
        await page.reload();
      }
      await settled(page);
      expect(await shown(page, 'visitors'), mode).toBe('20');
      if (change) {
        expect(await badge(page), mode).toBe(change);
        expect(await page.getAttribute('[data-metric=visitors] .change', 'title')).toMatch(/^compared with /);
      } else expect(await page.locator('.total .change').count(), mode).toBe(0);
      // The chart's second series asks for exactly the comparison's days, at the same interval.
      const others = requests.filter((u) => u.searchParams.get('date') !== '2025-03-10,2025-03-19');
      const series = others.filter((u) => u.pathname.endsWith('/timeseries'));
      expect(series.map((u) => u.searchParams.get('date')), mode).toEqual(span ? [span] : []);
      expect(series.map((u) => u.searchParams.get('interval'))).toEqual(span ? ['date'] : []);
      const legend = await page.locator('.chart .u-legend .u-series').nth(2);
      if (label) expect(await legend.locator('.u-label').textContent()).toBe(label);
      else expect(await legend.getAttribute('class')).toContain('u-off');
      expect(await page.textContent('.compare-caption')).toBe(caption);
      expect(search(page).get('compare')).toBe(mode === 'previous' ? null : mode);
    }
    expect(search(page).get('compare_from')).toBe('2025-01-01');
    expect(search(page).get('compare_to')).toBe('2025-01-10');

    // Back restores the mode before (off), Forward the custom span again.
    await page.goBack();
    await settled(page);
    expect(await page.inputValue('select[name=compare]')).toBe('off');
    expect(await page.locator('.total .change').count()).toBe(0);
    await page.goForward();
    await settled(page);
    expect(await page.inputValue('select[name=compare]')).toBe('custom');
    expect(await badge(page)).toBe('↑ 25%');
    // A deep link opens on its comparison.
    await page.goto(`${lagom.url}/?site=${SITE}&${RANGE}&compare=year`);
    await settled(page);
    expect(await badge(page)).toBe('↓ 50%');
    expect(problems).toEqual([]);
  });

  test('a custom range that ends before it starts is refused next to its fields, and nothing loads', async () => {
    const { page, problems } = opened;
    await page.goto(`${lagom.url}/?site=${SITE}&period=7d`);
    await settled(page);
    // As a pointer picks it: the select has focus, and the first field takes it.
    await page.focus('select[name=period]');
    await page.selectOption('select[name=period]', 'custom');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('from');
    await page.fill('.range-form input[name=from]', '2025-03-19');
    await page.fill('.range-form input[name=to]', '2025-03-10');
    const requests = recordStats(page);
    await page.click('.range-form button[type=submit]');
    const error = page.locator('.range-form .form-error');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe('The end date is before the start date. Choose an end on or after the start.');
    expect(await page.getAttribute('.range-form input[name=to]', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('to');
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    expect(search(page).get('period')).toBe('7d');
    await expectAccessible(page, '.controls');
    await screenshot(page, 'dates-refused');

    // Mended, it applies as typed.
    await page.fill('.range-form input[name=to]', '2025-03-21');
    expect(await error.isHidden()).toBe(true);
    await page.click('.range-form button[type=submit]');
    await settled(page);
    expect(search(page).get('from')).toBe('2025-03-19');
    expect(search(page).get('to')).toBe('2025-03-21');
    expect(problems).toEqual([]);
  });

  test('dates in the address that cannot be shown give the default with a notice, and the address is mended', async () => {
    const { page, problems } = opened;
    for (const [query, notice] of [
      ['period=custom&from=2025-03-19&to=2025-03-10', /^The dates in the address were not valid .* Showing Last 30 days \(.+\) instead\.$/],
      ['period=custom&from=2025-02-30&to=2025-03-10', /^The dates in the address were not valid/],
      [`${RANGE}&compare=custom&compare_from=2025-01-10&compare_to=2025-01-01`, /^The comparison dates in the address were not valid\. Comparing with the previous period instead\.$/],
    ] as const) {
      await page.goto(`${lagom.url}/?site=${SITE}&${query}`);
      await settled(page);
      const line = page.locator('.dates-notice');
      expect(await line.isVisible(), query).toBe(true);
      expect(await line.textContent(), query).toMatch(notice);
      expect(await line.getAttribute('role')).toBe('alert');
      const params = search(page);
      expect(params.get('compare'), query).toBeNull();
      expect(params.get('compare_from')).toBeNull();
      if (query.startsWith(RANGE)) expect(params.get('from')).toBe('2025-03-10');
      else {
        expect(params.get('period'), query).toBeNull();
        expect(params.get('from')).toBeNull();
        expect(await page.inputValue('select[name=period]')).toBe('30d');
      }
      expect(await page.inputValue('select[name=compare]')).toBe('previous');
    }
    // Said once: the next choice clears it.
    await page.selectOption('select[name=compare]', 'year');
    expect(await page.locator('.dates-notice').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  test('an interval the range does not offer leaves the address and the picker, on load and on a new range', async () => {
    const { page, problems } = opened;
    // Twelve days: hours are not offered.
    const requests = recordStats(page);
    await page.goto(`${lagom.url}/?site=${SITE}&period=custom&from=2025-03-10&to=2025-03-21&interval=hour`);
    await settled(page);
    expect(search(page).get('interval')).toBeNull();
    expect(await page.getAttribute('[data-interval=date]', 'aria-pressed')).toBe('true');
    expect(await page.locator('[data-interval=hour]').count()).toBe(0);
    const intervals = requests.filter((u) => u.pathname.endsWith('/timeseries')).map((u) => u.searchParams.get('interval'));
    expect(new Set(intervals)).toEqual(new Set(['date']));

    // Hours over seven days are fine, until the range grows.
    await page.goto(`${lagom.url}/?site=${SITE}&period=7d`);
    await settled(page);
    await page.click('[data-interval=hour]');
    await settled(page);
    expect(search(page).get('interval')).toBe('hour');
    await page.selectOption('select[name=period]', '30d');
    await settled(page);
    expect(search(page).get('interval')).toBeNull();
    expect(await page.getAttribute('[data-interval=date]', 'aria-pressed')).toBe('true');
    expect(problems).toEqual([]);
  });

  test('the arrow keys browse the period and comparison lists without a request; Enter applies, Escape puts back', async () => {
    const { page, problems } = opened;
    await page.goto(`${lagom.url}/?site=${SITE}&period=day`);
    await settled(page);
    const requests = recordStats(page);
    await page.focus('select[name=period]');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('select[name=period]')).toBe('30d');
    await page.waitForTimeout(500);
    expect(requests).toEqual([]);
    expect(search(page).get('period')).toBe('day');
    await page.keyboard.press('Enter');
    await settled(page);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => u.searchParams.get('period') === '30d' || u.searchParams.get('period') === 'custom' || u.pathname.endsWith('/realtime/visitors'))).toBe(true);
    expect(search(page).get('period')).toBeNull();

    // Escape on the comparison list: back to what is shown, nothing asked.
    requests.length = 0;
    await page.focus('select[name=compare]');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('select[name=compare]')).toBe('year');
    await page.keyboard.press('Escape');
    expect(await page.inputValue('select[name=compare]')).toBe('previous');
    // Leaving the list after browsing applies what it shows: one load, not one per option.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    await page.keyboard.press('Tab');
    await settled(page);
    expect(search(page).get('compare')).toBe('weekday');
    expect(requests.filter((u) => u.pathname.endsWith('/aggregate'))).toHaveLength(2);

    // The site list too: browsing it loads no other site's report.
    requests.length = 0;
    await page.focus('select[name=site]');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('select[name=site]')).toBe('other.test');
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(search(page).get('site')).toBe('other.test');
    expect(requests.filter((u) => u.searchParams.get('site_id') !== 'other.test')).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the controls pass axe-core in light and dark, wide and at 360 px, with both custom forms open', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 360]) {
        const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&${RANGE}&compare=custom&compare_from=2025-01-01&compare_to=2025-01-10`, {
          colorScheme,
          viewport: { width, height: 900 },
        });
        await signIn(page, lagom);
        await settled(page);
        expect(await page.locator('.range-form').isVisible()).toBe(true);
        expect(await page.locator('.compare-form').isVisible()).toBe(true);
        // The report's part of the page (the page's own heading is the shell's).
        await expectAccessible(page, '.report');
        // Nothing wider than the window.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(page, `dates-${colorScheme}`);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  });
});
