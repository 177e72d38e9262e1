// Settings → Goals in real Chromium: an event goal with a currency and a page goal added through
// the form, the server's refusal of a clashing name shown in it, each site's own list, a goal
// made through the API listed too, and deleting one after confirming; the Sites API agrees at
// every step.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, panelRows, settled, signIn, type Opened } from './dashboard-harness.js';
import { CHROME_UA, postEvent } from '../helpers/events.js';

describe.skipIf(!hasChromium)('dashboard: goals', () => {
  const { lagom, browser } = browserSuite({ sites: ['goals.test', 'other.test'] });
  let owner: Opened;

  const apiGoals = async (site: string) => {
    const res = await fetch(`${lagom.url}/api/v1/sites/goals?site_id=${site}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { goals: Array<Record<string, unknown>> }).goals;
  };
  /** Each row of the goals table as its cells' text (the last cell holds the Delete button). */
  const rows = (page: Page) =>
    page.locator('#goals tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
  const toGoals = async (page: Page) => {
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#goals .settings-table, #goals .settings-list p:not(:has-text("Loading"))');
  };

  test('adds an event goal with a currency and a page goal, as the API then lists them', async () => {
    owner = await openPage(browser, lagom);
    const { page, problems } = owner;
    await signIn(page, lagom);
    await settled(page);
    await toGoals(page);
    expect(await page.textContent('#goals .settings-list')).toContain('No goals for this site yet.');
    expect(await page.inputValue('select[name=goal-site]')).toBe('goals.test');

    // An event goal: the page path field is not shown for it
    expect(await page.isHidden('input[name=goal-path]')).toBe(true);
    await page.fill('input[name=goal-event]', 'Signup');
    await page.selectOption('select[name=goal-currency]', 'EUR');
    await page.click('#goals button[type=submit]');
    await expect.poll(() => rows(page)).toEqual([['Signup', 'Custom event', 'Signup', 'EUR', 'Delete']]);
    expect(await page.inputValue('input[name=goal-event]')).toBe('');

    // A page goal: its path instead of an event name, no currency, named "Visit <path>"
    await page.selectOption('select[name=goal-type]', 'page');
    expect(await page.isHidden('input[name=goal-event]')).toBe(true);
    expect(await page.isHidden('select[name=goal-currency]')).toBe(true);
    await page.fill('input[name=goal-path]', '/blog/**');
    await page.click('#goals button[type=submit]');
    await expect.poll(() => rows(page)).toEqual([
      ['Visit /blog/**', 'Pageview', '/blog/**', '', 'Delete'],
      ['Signup', 'Custom event', 'Signup', 'EUR', 'Delete'],
    ]);

    expect(await apiGoals('goals.test')).toEqual([
      { id: 2, goal_type: 'page', display_name: 'Visit /blog/**', event_name: null, page_path: '/blog/**', currency: null },
      { id: 1, goal_type: 'event', display_name: 'Signup', event_name: 'Signup', page_path: null, currency: 'EUR' },
    ]);
    expect(await apiGoals('other.test')).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('shows the server\'s refusal of a name in use, and nothing is added', async () => {
    const { page, problems } = owner;
    await page.fill('input[name=goal-path]', '/signup');
    await page.fill('input[name=goal-display]', 'Signup');
    await page.click('#goals button[type=submit]');
    const error = page.locator('#goals .form-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('"Signup"');
    expect(await rows(page)).toHaveLength(2);
    expect(await apiGoals('goals.test')).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  test('each site has its own list; a goal made through the API is listed too', async () => {
    const { page, problems } = owner;
    const made = await fetch(`${lagom.url}/api/v1/sites/goals`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site_id: 'other.test', goal_type: 'event', event_name: 'Download', display_name: 'Downloaded a file' }),
    });
    expect(made.status).toBe(200);
    await page.selectOption('select[name=goal-site]', 'other.test');
    await expect.poll(() => rows(page)).toEqual([['Downloaded a file', 'Custom event', 'Download', '', 'Delete']]);
    await page.selectOption('select[name=goal-site]', 'goals.test');
    await expect.poll(() => rows(page).then((r) => r.map((cells) => cells[0]))).toEqual(['Visit /blog/**', 'Signup']);
    expect(problems).toEqual([]);
  });

  test('deletes a goal only once confirmed', async () => {
    const { page, problems } = owner;
    const row = page.locator('#goals tr[data-goal="2"]');
    await row.locator('button:has-text("Delete")').click();
    expect(await page.textContent('dialog[open] h2')).toBe('Delete the goal “Visit /blog/**”?');
    await page.click('dialog[open] button:has-text("Cancel")');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(await apiGoals('goals.test')).toHaveLength(2);

    await row.locator('button:has-text("Delete")').click();
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    await expect.poll(() => rows(page)).toEqual([['Signup', 'Custom event', 'Signup', 'EUR', 'Delete']]);
    expect((await apiGoals('goals.test')).map((g) => g.id)).toEqual([1]);
    // still so after a reload (the URL keeps the settings open): the page shows what the server holds
    await page.reload();
    await page.waitForSelector('#goals .settings-table');
    await expect.poll(() => rows(page)).toEqual([['Signup', 'Custom event', 'Signup', 'EUR', 'Delete']]);
    expect(problems).toEqual([]);
  });

  test('the report\'s Goals panel shows a revenue goal\'s revenue in its currency', async () => {
    const { page, problems } = owner;
    // Signup (EUR) is the goal left: two conversions worth 12.50 and 7.50.
    for (const ra of [12.5, 7.5]) {
      const res = await postEvent(lagom.url, { v: 1, n: 'Signup', u: 'https://goals.test/', d: 'goals.test', fv: 1, fg: 1, ra, rc: 'EUR' }, { 'user-agent': CHROME_UA });
      expect(res.status).toBe(202);
    }
    await lagom.flush();
    const { results } = await lagom.stats('breakdown', { site_id: 'goals.test', period: 'day', property: 'event:goal', metrics: 'visitors,events,conversion_rate,total_revenue' });
    expect(results).toEqual([{ goal: 'Signup', visitors: 2, events: 2, conversion_rate: 100, total_revenue: 20, currency: 'EUR' }]);
    await page.goto(new URL('/?site=goals.test&period=day', page.url()).href);
    await settled(page);
    await expect.poll(() => panelRows(page, 'goals')).toEqual([['Signup', '2', '2', '100%', '€20.00']]);
    expect(problems).toEqual([]);
  });

  test('speaks Swedish to a Swedish browser, and fits a 360 px phone', async () => {
    const swedish = await openPage(browser, lagom, '/', { locale: 'sv-SE', viewport: { width: 360, height: 780 } });
    const { page, problems } = swedish;
    await signIn(page, lagom);
    await settled(page);
    await page.click('nav >> text=Inställningar');
    await page.waitForSelector('#goals .settings-table');
    expect(await page.textContent('#goals-title')).toBe('Mål');
    expect(await rows(page)).toEqual([['Signup', 'Egen händelse', 'Signup', 'EUR', 'Ta bort']]);
    expect(await page.locator('select[name=goal-type] option').allTextContents()).toEqual(['Egen händelse', 'Sidvisning']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const remove = (await page.locator('#goals tbody button').last().boundingBox())!;
    expect(remove.x + remove.width).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await swedish.context.close();
  });
});
