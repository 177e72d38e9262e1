// The report in real Chromium against the real server: every number it shows is the Stats
// API's, the chart follows the chosen metric and interval, and dates come from the picker.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { postEvent } from '../helpers/events.js';
import { insertBatch } from '../../server/store/counters.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { digits, openPage, panelRows, seedTraffic, settled, shown, signIn, XSS_PATH } from './dashboard-harness.js';

const SITE = 'report.test';
const TZ = 'Europe/Stockholm';
const todayIn = (tz: string, offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));

describe.skipIf(!hasChromium)('dashboard report', () => {
  const { lagom, browser, opened } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [[SITE, TZ]],
    prepare: (lagom) => seedTraffic(lagom, SITE),
    signedIn: `/?site=${SITE}&period=day`,
  });

  const params = (extra: Record<string, string> = {}) => ({ site_id: SITE, period: 'day', ...extra });
  const search = (page: Page) => new URLSearchParams(new URL(page.url()).search);

  test('the top row equals the Stats API, with the change against the previous period', async () => {
    const { page, problems } = opened;
    const { results } = await lagom.stats('aggregate', params({ metrics: 'visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration', compare: 'previous_period' }));
    expect(results.pageviews.value).toBe(8);
    expect(await shown(page, 'visitors')).toBe(String(results.visitors.value));
    expect(await shown(page, 'visits')).toBe(String(results.visits.value));
    expect(await shown(page, 'pageviews')).toBe(String(results.pageviews.value));
    expect(await shown(page, 'views_per_visit')).toBe(String(results.views_per_visit.value));
    expect(await shown(page, 'bounce_rate')).toBe(`${results.bounce_rate.value}%`);
    expect(results.visit_duration.value).toBeLessThan(60);
    expect(await shown(page, 'visit_duration')).toBe(`${results.visit_duration.value}s`);
    // Nothing happened yesterday: the Stats API says every count is up 100 %, as Plausible does;
    // the dashboard says "new" instead, a percentage of nothing being none. There was no bounce
    // rate to compare with, so it has no change (null, as in Plausible) and no badge.
    expect(results.visitors).toMatchObject({ change: 100, comparison_value: 0 });
    expect(await page.textContent('[data-metric=visitors] .change [aria-hidden]')).toBe('new');
    expect(await page.textContent('[data-metric=visitors] .change .sr-only')).toBe('new: nothing in the period compared with');
    expect(results.bounce_rate).toMatchObject({ change: null, comparison_value: 0 });
    expect(await page.locator('[data-metric=bounce_rate] .change').count()).toBe(0);

    const current = await lagom.stats('realtime/visitors', { site_id: SITE });
    expect(current).toBeGreaterThanOrEqual(3);
    expect(await shown(page, 'current')).toBe(String(current));
    expect(problems).toEqual([]);
  });

  test('the chart draws the chosen metric, with hover values and the previous period', async () => {
    const { page, problems } = opened;
    const canvas = page.locator('.chart canvas');
    const box = (await canvas.first().boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.height).toBeGreaterThan(150);
    expect(await page.textContent('.chart-title')).toBe('Unique visitors');
    const legend = await page.locator('.chart .u-legend .u-label').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['Unique visitors', 'Previous period']));
    // Today by the hour: hours is the only interval, so there is no switch.
    expect(await page.locator('[data-interval]').count()).toBe(1);
    expect(await page.isHidden('.chart-panel .segmented')).toBe(true);

    // Hovering the last hour with visitors shows that hour's number from the Stats API.
    const series = (await lagom.stats('timeseries', params({ metrics: 'visitors', interval: 'hour' }))).results as { date: string; visitors: number }[];
    expect(series).toHaveLength(24);
    const index = series.findLastIndex((p) => p.visitors > 0);
    const over = (await page.locator('.chart .u-over').boundingBox())!;
    // Inside the plot even for the day's last hour (its point is on the right edge, where the
    // cursor would leave the plot): the cursor snaps to the nearest hour.
    await page.mouse.move(over.x + Math.min((over.width * index) / 23, over.width - 2), over.y + over.height / 2);
    const value = page.locator('.chart .u-legend .u-series').nth(1).locator('.u-value');
    await expect.poll(() => value.textContent()).toBe(String(series[index]!.visitors));
    expect(await page.locator('.chart .u-legend .u-series').nth(0).locator('.u-value').textContent()).toMatch(/\d\d:00/);

    // Another metric: the URL, the pressed tile and the chart follow.
    await page.click('[data-metric=pageviews]');
    await expect.poll(() => page.textContent('.chart-title')).toBe('Total pageviews');
    expect(search(page).get('metric')).toBe('pageviews');
    expect(await page.getAttribute('[data-metric=pageviews]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-metric=visitors]', 'aria-pressed')).toBe('false');
    await page.click('[data-metric=visitors]');
    await expect.poll(() => search(page).get('metric')).toBeNull();
    expect(problems).toEqual([]);
  });

  test('the panels list what the Stats API lists, and a path that is markup stays text', async () => {
    const { page, problems } = opened;
    const pages = (await lagom.stats('breakdown', params({ property: 'event:page', metrics: 'visitors', limit: '9' }))).results;
    expect(await panelRows(page, 'pages')).toEqual(pages.map((r: { page: string; visitors: number }) => [r.page, String(r.visitors)]));
    expect(pages.map((r: { page: string }) => r.page)).toContain(XSS_PATH);
    expect(await page.locator('[data-panel=pages]').textContent()).toContain(XSS_PATH);
    expect(await page.locator('img').count()).toBe(0);

    const sources = (await lagom.stats('breakdown', params({ property: 'visit:source', metrics: 'visitors' }))).results;
    expect((await panelRows(page, 'sources')).map((r) => r[0])).toEqual(sources.map((r: { source: string }) => r.source));
    expect(sources.map((r: { source: string }) => r.source)).toEqual(expect.arrayContaining(['Direct / None', 'Google', 'DuckDuckGo']));

    // Countries by name, in the API's order.
    const countries = (await lagom.stats('breakdown', params({ property: 'visit:country', metrics: 'visitors' }))).results;
    expect(countries.map((r: { country: string }) => r.country)).toEqual(['SE', 'GB', 'US']);
    expect(await panelRows(page, 'locations')).toEqual([['Sweden', '3'], ['United Kingdom', '1'], ['United States', '1']]);

    const browsers = (await lagom.stats('breakdown', params({ property: 'visit:browser', metrics: 'visitors' }))).results;
    expect((await panelRows(page, 'devices')).map((r) => r[0])).toEqual(browsers.map((r: { browser: string }) => r.browser));

    // Unique conversions, total conversions, and the conversion rate (of the day's visitors).
    const goals = (await lagom.stats('breakdown', params({ property: 'event:goal', metrics: 'visitors,events,conversion_rate' }))).results;
    const { visitors } = (await lagom.stats('aggregate', params({ metrics: 'visitors' }))).results;
    expect(goals).toEqual([{ goal: 'Signup', visitors: 2, events: 2, conversion_rate: Math.round((1000 * 2) / visitors.value) / 10 }]);
    // Signup is not a revenue goal: no revenue ('–').
    expect(await panelRows(page, 'goals')).toEqual([['Signup', '2', '2', `${goals[0].conversion_rate}%`, '–']]);

    // Other tabs: entry and exit pages, the campaign parameters.
    await page.click('[data-panel=pages] [data-tab=entry]');
    const entry = (await lagom.stats('breakdown', params({ property: 'visit:entry_page', metrics: 'visitors', limit: '9' }))).results;
    await expect.poll(() => panelRows(page, 'pages')).toEqual(entry.map((r: { entry_page: string; visitors: number }) => [r.entry_page, String(r.visitors)]));
    await page.click('[data-panel=pages] [data-tab=exit]');
    const exit = (await lagom.stats('breakdown', params({ property: 'visit:exit_page', metrics: 'visitors', limit: '9' }))).results;
    await expect.poll(() => panelRows(page, 'pages')).toEqual(exit.map((r: { exit_page: string; visitors: number }) => [r.exit_page, String(r.visitors)]));
    await page.click('[data-panel=sources] [data-tab=campaigns]');
    await expect.poll(() => panelRows(page, 'sources')).toEqual([['email', '1']]);
    await page.selectOption('select[name=sources-variant]', 'utm_campaign');
    await expect.poll(() => panelRows(page, 'sources')).toEqual([['launch', '1']]);
    expect(await page.textContent('[data-panel=sources] th')).toBe('UTM campaign');
    // Channels: derived from the same visits' sources and UTM tags (Google, DuckDuckGo, the newsletter).
    await page.click('[data-panel=sources] [data-tab=channels]');
    const channels = (await lagom.stats('breakdown', params({ property: 'visit:channel', metrics: 'visitors' }))).results;
    expect(channels).toEqual([{ channel: 'Direct', visitors: 2 }, { channel: 'Organic Search', visitors: 2 }, { channel: 'Email', visitors: 1 }]);
    await expect.poll(() => panelRows(page, 'sources')).toEqual(channels.map((r: { channel: string; visitors: number }) => [r.channel, String(r.visitors)]));
    expect(await page.textContent('[data-panel=sources] th')).toBe('Channel');
    await page.click('[data-panel=pages] [data-tab=top]');
    await page.click('[data-panel=sources] [data-tab=sources]');
    expect(problems).toEqual([]);
  });

  test('the date picker: presets and a custom range change the URL and the numbers', async () => {
    const { page, problems } = opened;
    const visitors = async (extra: Record<string, string>) =>
      (await lagom.stats('aggregate', { site_id: SITE, metrics: 'visitors', ...extra })).results.visitors.value as number;

    await page.selectOption('select[name=period]', 'yesterday');
    await settled(page);
    expect(search(page).get('period')).toBe('yesterday');
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors({ period: 'day', date: todayIn(TZ, -1) }));
    expect(await shown(page, 'visitors')).toBe('0');

    await page.selectOption('select[name=period]', '7d');
    await settled(page);
    expect(search(page).get('period')).toBe('7d');
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors({ period: '7d' }));
    // A week can be drawn by the hour or by the day.
    expect(await page.locator('[data-interval]').evaluateAll((b) => b.map((x) => x.getAttribute('data-interval')))).toEqual(['hour', 'date']);
    await page.click('[data-interval=hour]');
    await expect.poll(() => search(page).get('interval')).toBe('hour');
    expect(await page.getAttribute('[data-interval=hour]', 'aria-pressed')).toBe('true');

    await page.selectOption('select[name=period]', '12mo');
    await settled(page);
    // Hours make no sense for a year: the interval falls back to the range's default, months.
    expect(await page.locator('[data-interval]').evaluateAll((b) => b.map((x) => x.getAttribute('data-interval')))).toEqual(['date', 'week', 'month']);
    expect(await page.getAttribute('[data-interval=month]', 'aria-pressed')).toBe('true');
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors({ period: '12mo' }));

    await page.selectOption('select[name=period]', 'lastmonth');
    await settled(page);
    expect(search(page).get('period')).toBe('lastmonth');
    const lastMonthEnd = new Date(Date.UTC(Number(todayIn(TZ).slice(0, 4)), Number(todayIn(TZ).slice(5, 7)) - 1, 0)).toISOString().slice(0, 10);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors({ period: 'month', date: lastMonthEnd }));
    expect(await page.textContent('.range-caption')).toMatch(/^1 [A-Z][a-z]{2} – \d\d [A-Z][a-z]{2} \d{4}$/);

    const from = todayIn(TZ, -2);
    const to = todayIn(TZ);
    await page.selectOption('select[name=period]', 'custom');
    await page.fill('input[name=from]', from);
    await page.fill('input[name=to]', to);
    await page.click('.custom-range button[type=submit]');
    await settled(page);
    expect(search(page).get('period')).toBe('custom');
    expect(search(page).get('from')).toBe(from);
    expect(search(page).get('to')).toBe(to);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors({ period: 'custom', date: `${from},${to}` }));

    // The URL alone brings the same view back.
    await page.reload();
    await settled(page);
    expect(await page.inputValue('select[name=period]')).toBe('custom');
    expect(await page.inputValue('input[name=from]')).toBe(from);
    expect(problems).toEqual([]);
  });

  test('current visitors are asked for again every 30 seconds, and only then', async () => {
    const { page, context, problems } = await openPage(browser, lagom, `/?site=${SITE}&period=day`, { fakeClock: true });
    await signIn(page, lagom);
    await settled(page);
    const before = await lagom.stats('realtime/visitors', { site_id: SITE });
    expect(await shown(page, 'current')).toBe(String(before));
    // More new visitors in the current five minutes than were counted before: the number goes up
    // whether or not a new five-minute slot has begun since.
    for (let i = 0; i <= before; i++) {
      const res = await postEvent(lagom.url, { n: 'pageview', d: SITE, u: `https://${SITE}/now`, fv: 1, fp: 1, fs: 1, b: 1, fm: 1 }, { 'x-forwarded-for': `192.0.2.${i + 1}` });
      expect(res.status).toBe(202);
    }
    await lagom.flush();
    const after = await lagom.stats('realtime/visitors', { site_id: SITE });
    expect(after).toBeGreaterThan(before);
    await page.clock.runFor(29_000);
    await page.waitForTimeout(300);
    expect(await shown(page, 'current')).toBe(String(before));
    await page.clock.runFor(1_000);
    await expect.poll(() => shown(page, 'current')).toBe(String(after));
    expect(problems).toEqual([]);
    await context.close();
  });

  // Last: it gives yesterday a visit, which the tests above compare with nothing.
  test('a bounce rate up against a previous period with visits shows its change in points, as bad news', async () => {
    const { page } = opened;
    // Twenty visits yesterday, one a bounce (5 %), written as the ingest writes counters.
    const hour = Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3600;
    const row = { ...ZERO_ROW, site: SITE, hour, name: 'pageview', path: '/', entry_path: '/', events: 40, pageviews: 40, visitors: 20, page_visitors: 20, visits: 20, bounces: 1, exits: 20 };
    await insertBatch(lagom.server.store, { token: 'report-yesterday', counters: [JSON.stringify(row)], recent: [] });
    const { results } = await lagom.stats('aggregate', params({ metrics: 'bounce_rate', compare: 'previous_period' }));
    expect(results.bounce_rate.comparison_value).toBe(5);
    expect(results.bounce_rate.change).toBeGreaterThan(0);
    // Today again (the tests above moved the period).
    await page.goto(new URL(`/?site=${SITE}&period=day`, page.url()).href);
    await settled(page);
    expect(await page.textContent('[data-metric=bounce_rate] .change [aria-hidden]')).toBe(`↑ ${results.bounce_rate.change} pp`);
    expect(await page.getAttribute('[data-metric=bounce_rate] .change', 'class')).toContain('bad');
  });
});
