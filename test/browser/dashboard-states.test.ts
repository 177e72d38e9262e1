// The report's first and empty states, in real Chromium: a site that has counted nothing shows
// its install steps and turns into its report by itself at the first pageview; a period without
// visitors says so; a change from nothing reads "new", not "↑ 100%"; a sign-in lands on the site
// this browser viewed last; a site in the address that is not there says so and loads no report;
// Settings → Shared links lists every site's links and follows the site being viewed.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { addDays, todayIn } from '../../protocol/periods.js';
import { insertBatch } from '../../server/store/counters.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { postEvent } from '../helpers/events.js';
import { openPage, settled, shown, signIn, type PageOptions } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const PHONE = { width: 360, height: 780 };
const YESTERDAY = addDays(todayIn('UTC'), -1);

describe.skipIf(!hasChromium)('dashboard: empty and first states, several sites', () => {
  const { lagom, browser } = browserSuite({
    sites: ['fresh.test', 'never.test', 'quiet.test', 'links-a.test', 'links-b.test'],
    async prepare(lagom) {
      // One visit yesterday (UTC), none today: a site with events, but none in "Today".
      const row = { ...ZERO_ROW, site: 'quiet.test', hostname: 'quiet.test', hour: Date.parse(`${YESTERDAY}T12:00:00Z`) / 1000, name: 'pageview', path: '/', entry_path: '/' };
      const counts = { events: 1, pageviews: 1, visitors: 1, page_visitors: 1, visits: 1, bounces: 1, exits: 1 };
      await insertBatch(lagom.server.store, { token: 'states-quiet', counters: [JSON.stringify({ ...row, ...counts })], recent: [] });
    },
  });

  const api = (method: string, path: string) => fetch(`${lagom.url}${path}`, { method, headers: { authorization: `Bearer ${lagom.apiKey}` } });

  async function signedIn(path: string, options?: PageOptions) {
    const opened = await openPage(browser, lagom, path, options);
    await signIn(opened.page, lagom);
    return opened;
  }

  const statsRequests = (page: Page) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/stats/')) seen.push(r.url());
    });
    return seen;
  };

  test('a site without events shows its install steps, then its report by itself at the first pageview', async () => {
    expect((await (await api('GET', '/api/v1/sites/fresh.test')).json()).has_events).toBe(false);
    const { page, problems, context } = await signedIn('/?site=fresh.test');
    await page.waitForSelector('.empty-site');
    expect(await page.textContent('.empty-site h2')).toBe('Nothing counted on fresh.test yet');
    expect(await page.textContent('.empty-site .snippet')).toBe(`<script defer src="${lagom.url}/js/fresh.test.js"></script>`);
    expect(await page.textContent('.empty-site .install-status')).toContain('Waiting for the first pageview…');
    // Focus went to the page's heading after sign-in, and stays there: the heading is not hidden with the report.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('h1').isVisible()).toBe(true);
    // No wall of zeros behind it.
    expect(await page.isVisible('[data-metric=visitors]')).toBe(false);
    expect(await page.isVisible('[data-panel=pages]')).toBe(false);
    await expectAccessible(page, '.report');
    await screenshot(page, 'states-empty-site');

    // A mark on the page: still there afterwards, the report came without a reload.
    await page.evaluate(() => Object.assign(window, { stayed: true }));
    const sent = await postEvent(lagom.url, { n: 'pageview', d: 'fresh.test', u: 'https://fresh.test/', fv: 1, fp: 1, fs: 1, b: 1, fm: 1, e: '/' });
    expect(sent.status).toBe(202);
    await lagom.flush();
    await page.waitForSelector('[data-metric=visitors]', { state: 'visible', timeout: 15_000 });
    await settled(page);
    expect(await page.isVisible('.empty-site')).toBe(false);
    // The first event is today's: the report shows Today.
    expect(new URL(page.url()).searchParams.get('period')).toBe('day');
    expect(await shown(page, 'visitors')).toBe('1');
    expect(await page.evaluate(() => 'stayed' in window)).toBe(true);
    expect((await (await api('GET', '/api/v1/sites/fresh.test')).json()).has_events).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the install steps on a 360 px phone, light and dark, reached by keyboard', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems, context } = await signedIn('/?site=never.test', { viewport: PHONE, colorScheme });
      await page.waitForSelector('.empty-site');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await expectAccessible(page, '.report');
      await screenshot(page, `states-empty-site-${colorScheme}`);
      // The copy button is reached with Tab alone.
      let reached = false;
      for (let i = 0; i < 25 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => !!document.activeElement?.closest('.empty-site button'));
      }
      expect(reached).toBe(true);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('a period without visitors says so, without changes; a change from nothing reads "new"', async () => {
    const today = (await lagom.stats('aggregate', { site_id: 'quiet.test', period: 'day', metrics: 'visitors', compare: 'previous_period' })).results;
    expect(today.visitors).toEqual({ value: 0, change: -100, comparison_value: 1 });
    const before = (await lagom.stats('aggregate', { site_id: 'quiet.test', period: 'day', date: YESTERDAY, metrics: 'visitors', compare: 'previous_period' })).results;
    // The Stats API answers as Plausible does: 100 from nothing. The dashboard does not say so.
    expect(before.visitors).toEqual({ value: 1, change: 100, comparison_value: 0 });

    for (const options of [{}, { viewport: PHONE, colorScheme: 'dark' as const }]) {
      const { page, problems, context } = await signedIn('/?site=quiet.test&period=day', options);
      await settled(page);
      expect(await page.textContent('.empty-period')).toBe('No visitors in this period (1 in the period compared with).');
      expect(await page.locator('.totals .change').count()).toBe(0);
      expect(await shown(page, 'visitors')).toBe('0');
      expect(await shown(page, 'views_per_visit')).toBe('–');
      expect(await shown(page, 'bounce_rate')).toBe('–');
      await expectAccessible(page, '.report');
      await screenshot(page, 'states-empty-period');

      await page.selectOption('select[name=period]', 'yesterday');
      await settled(page);
      expect(await page.isVisible('.empty-period')).toBe(false);
      expect(await shown(page, 'visitors')).toBe('1');
      const badge = page.locator('[data-metric=visitors] .change');
      expect(await badge.locator('[aria-hidden=true]').textContent()).toBe('new');
      expect(await badge.locator('.sr-only').textContent()).toBe('new: nothing in the period compared with');
      expect(await page.textContent('.totals')).not.toContain('↑');
      await expectAccessible(page, '.report');
      await screenshot(page, 'states-new-change');
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('a sign-in lands on the site this browser viewed last, while it is there', async () => {
    await lagom.addSite('gone.test');
    const { page, problems, context } = await signedIn('/');
    await settled(page);
    const first = await page.locator('select[name=site] option').first().getAttribute('value');
    expect(await page.inputValue('select[name=site]')).toBe(first);
    await page.selectOption('select[name=site]', 'quiet.test');
    await settled(page);
    expect(await page.evaluate(() => localStorage.getItem('lagom:last-site'))).toBe('quiet.test');
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('input[name=password]');
    await page.goto(`${lagom.url}/`);
    await signIn(page, lagom);
    await settled(page);
    expect(await page.inputValue('select[name=site]')).toBe('quiet.test');
    expect(new URL(page.url()).searchParams.get('site')).toBe('quiet.test');

    // A remembered site deleted since: the first site, and no error.
    await page.selectOption('select[name=site]', 'gone.test');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('lagom:last-site'))).toBe('gone.test');
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('input[name=password]');
    expect((await api('DELETE', '/api/v1/sites/gone.test')).status).toBe(200);
    await page.goto(`${lagom.url}/`);
    await signIn(page, lagom);
    await settled(page);
    expect(await page.inputValue('select[name=site]')).toBe(first);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a site in the address that is not there, unknown or deleted, is said so and no report loads', async () => {
    await lagom.addSite('doomed.test');
    expect((await api('DELETE', '/api/v1/sites/doomed.test')).status).toBe(200);
    const listed = ((await (await api('GET', '/api/v1/sites')).json()).sites as { domain: string }[]).map((s) => s.domain);
    for (const missing of ['nope.test', 'doomed.test']) {
      const opened = await openPage(browser, lagom, `/?site=${missing}`);
      const { page, problems, context } = opened;
      const stats = statsRequests(page);
      await signIn(page, lagom);
      await page.waitForSelector('.missing-site');
      expect(await page.textContent('.missing-site h1')).toBe(`No site named ${missing}`);
      expect(await page.textContent('.missing-site')).toContain('It may have been deleted, or it is not yours to see.');
      expect(await page.locator('.missing-site a').allTextContents()).toEqual(listed);
      expect(await page.locator('.report').count()).toBe(0);
      expect(stats).toEqual([]);
      await expectAccessible(page);
      await screenshot(page, 'states-missing-site');
      // A link opens that site's report.
      await page.click('.missing-site a:has-text("quiet.test")');
      await settled(page);
      expect(await page.inputValue('select[name=site]')).toBe('quiet.test');
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test("Settings → Shared links lists every site's links under its name and follows the site viewed", async () => {
    const { page, problems, context } = await signedIn('/?site=links-a.test');
    await settled(page);
    for (const name of ['Board', 'Investors']) {
      const status = await page.evaluate(
        (n) => fetch('/api/v1/sites/links-b.test/shared-links', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: n }) }).then((r) => r.status),
        name,
      );
      expect(status).toBe(201);
    }
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#links .link-item');
    // The form follows the site viewed; the list holds the other site's links, named.
    expect(await page.inputValue('select[name=link-site]')).toBe('links-a.test');
    expect(await page.textContent('#links')).not.toContain('No shared links');
    expect(await page.locator('#links .links-site').allTextContents()).toEqual(['links-b.test']);
    // Both, in the server's order (by creation second, then id: two made in one second come either way).
    expect((await page.locator('#links .link-item[data-site="links-b.test"] .strong').allTextContents()).sort()).toEqual(['Board', 'Investors']);
    await expectAccessible(page, '#links');

    // Back to the report, another site chosen there: Settings follows it.
    await page.click('nav >> text=Dashboard');
    await page.waitForSelector('select[name=site]');
    await page.selectOption('select[name=site]', 'links-b.test');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('site')).toBe('links-b.test');
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#links .link-item');
    expect(await page.inputValue('select[name=link-site]')).toBe('links-b.test');
    await screenshot(page, 'states-shared-links');
    expect(problems).toEqual([]);
    await context.close();
  });
});
