// Settings → Sites in real Chromium: editing a site's time zone (PUT), the server's message when
// a site is added twice, and internationalised names shown in Unicode everywhere while the
// requests and the snippet use the punycode the browser sends.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, settled, signIn, type Opened } from './dashboard-harness.js';

const IDN = 'xn--rksmrgs-5wao1o.se';

describe.skipIf(!hasChromium)('dashboard: editing sites', () => {
  const { lagom, browser } = browserSuite({ sites: ['edit.test', ['räksmörgås.se', 'Europe/Stockholm']] });
  let owner: Opened;

  const timezoneOf = async (domain: string) => {
    const res = await fetch(`${lagom.url}/api/v1/sites/${domain}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    return ((await res.json()) as { timezone: string }).timezone;
  };
  const toSettings = async (page: Page) => {
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#sites .settings-table');
  };
  const row = (page: Page, domain: string) => page.locator(`#sites tr[data-site="${domain}"]`);

  test('the report and the settings show an IDN site in Unicode and address it in punycode', async () => {
    owner = await openPage(browser, lagom);
    const { page, problems } = owner;
    await signIn(page, lagom);
    await settled(page);
    const option = page.locator(`select[name=site] option[value="${IDN}"]`);
    expect(await option.textContent()).toBe('räksmörgås.se');

    await toSettings(page);
    expect(await row(page, IDN).locator('td').first().textContent()).toBe('räksmörgås.se');
    expect(await row(page, IDN).locator('td').first().getAttribute('title')).toBe(IDN);
    expect(await row(page, 'edit.test').locator('td').first().getAttribute('title')).toBeNull();
    expect(await page.locator(`select[name=link-site] option[value="${IDN}"]`).textContent()).toBe('räksmörgås.se');

    await row(page, IDN).locator('button:has-text("Install")').click();
    expect(await page.textContent('dialog[open] h2')).toBe('Install Lagom on räksmörgås.se');
    expect(await page.textContent('dialog[open] .snippet')).toBe(`<script defer src="${lagom.url}/js/${IDN}.js"></script>`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(problems).toEqual([]);
  });

  test('Edit changes the time zone with PUT, starting from the current one', async () => {
    const { page, problems } = owner;
    const puts: string[] = [];
    const onRequest = (r: { method(): string; url(): string; postData(): string | null }) => {
      if (r.method() === 'PUT') puts.push(`${new URL(r.url()).pathname} ${r.postData()}`);
    };
    page.on('request', onRequest);
    await row(page, 'edit.test').locator('button:has-text("Edit")').click();
    expect(await page.textContent('dialog[open] h2')).toBe('Edit edit.test');
    expect(await page.inputValue('dialog[open] select[name=timezone]')).toBe('UTC');
    await page.selectOption('dialog[open] select[name=timezone]', 'Pacific/Auckland');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    await expect.poll(() => row(page, 'edit.test').locator('td').nth(1).textContent()).toBe('Pacific/Auckland');
    expect(await timezoneOf('edit.test')).toBe('Pacific/Auckland');
    expect(puts).toEqual(['/api/v1/sites/edit.test {"timezone":"Pacific/Auckland"}']);

    // An IDN site is edited under its stored name.
    await row(page, IDN).locator('button:has-text("Edit")').click();
    expect(await page.textContent('dialog[open] h2')).toBe('Edit räksmörgås.se');
    expect(await page.inputValue('dialog[open] select[name=timezone]')).toBe('Europe/Stockholm');
    await page.selectOption('dialog[open] select[name=timezone]', 'UTC');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(await timezoneOf(IDN)).toBe('UTC');
    expect(puts[1]).toBe(`/api/v1/sites/${IDN} {"timezone":"UTC"}`);
    page.off('request', onRequest);
    expect(problems).toEqual([]);
  });

  test("a site's current zone is offered even when the browser's own list lacks it", async () => {
    const { page, problems } = owner;
    // Etc/UTC (the API's default) is not in Intl.supportedValuesOf.
    await fetch(`${lagom.url}/api/v1/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'default.test' }),
    });
    await page.reload();
    await page.waitForSelector('#sites tr[data-site="default.test"]');
    await row(page, 'default.test').locator('button:has-text("Edit")').click();
    expect(await page.inputValue('dialog[open] select[name=timezone]')).toBe('Etc/UTC');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(problems).toEqual([]);
  });

  test("the edit form shows the server's message and stays open when the save fails", async () => {
    const { page, problems } = owner;
    await row(page, 'default.test').locator('button:has-text("Edit")').click();
    await page.waitForSelector('dialog[open] select[name=timezone]');
    // Deleted meanwhile, e.g. from another tab.
    await fetch(`${lagom.url}/api/v1/sites/default.test`, { method: 'DELETE', headers: { authorization: `Bearer ${lagom.apiKey}` } });
    await page.selectOption('dialog[open] select[name=timezone]', 'Europe/Stockholm');
    await page.click('dialog[open] button[type=submit]');
    await expect.poll(() => page.textContent('dialog[open] .form-error')).toBe('Site "default.test" not found');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(problems).toEqual([]);
  });

  test("adding a site that exists shows the server's message and changes nothing", async () => {
    const { page, problems } = owner;
    await page.click('button:has-text("Add a site")');
    await page.fill('#sites input[name=domain]', 'https://Edit.test/');
    await page.selectOption('#sites select[name=timezone]', 'America/New_York');
    await page.click('#sites button[type=submit]');
    await expect.poll(() => page.textContent('#sites .form-error')).toMatch(/^The site "edit\.test" already exists/);
    expect(await timezoneOf('edit.test')).toBe('Pacific/Auckland');

    // A new IDN site, typed in Unicode, is announced in Unicode with a punycode snippet.
    await page.fill('#sites input[name=domain]', 'münchen.de');
    await page.click('#sites button[type=submit]');
    await page.waitForSelector('#sites .install');
    expect(await page.textContent('#sites .add-site h2')).toBe('Site added: münchen.de');
    expect(await page.textContent('#sites .install .snippet')).toBe(`<script defer src="${lagom.url}/js/xn--mnchen-3ya.de.js"></script>`);
    await expect.poll(() => row(page, 'xn--mnchen-3ya.de').locator('td').first().textContent()).toBe('münchen.de');
    expect(problems).toEqual([]);
  });

  test('in Swedish, on a 360 px phone', async () => {
    const sv = await openPage(browser, lagom, '/?view=settings', { locale: 'sv-SE', viewport: { width: 360, height: 780 } });
    await signIn(sv.page, lagom);
    await sv.page.waitForSelector('#sites .settings-table');
    // Three buttons a row (Installera, Redigera, Radera) and nothing wider than the screen.
    expect(await sv.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const last = (await row(sv.page, 'edit.test').locator('button').last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(360);
    await row(sv.page, 'edit.test').locator('button:has-text("Redigera")').click();
    expect(await sv.page.textContent('dialog[open] h2')).toBe('Redigera edit.test');
    expect(await sv.page.textContent('dialog[open] button[type=submit]')).toBe('Spara');
    expect(await sv.page.textContent('dialog[open] .field-label')).toBe('Tidszon');
    expect(sv.problems).toEqual([]);
    await sv.context.close();
  });
});
