// Sites, API keys and shared links in real Chromium: the first site and its snippet, the check
// that turns green on the first event, deleting a site with its data, keys that work until
// revoked, and shared links that open read-only for someone who is not signed in.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { USER_AGENT } from './tracker-fixture.js';
import { digits, openPage, panelRows, seedTraffic, settled, shown, signIn, type Opened } from './dashboard-harness.js';

describe.skipIf(!hasChromium)('dashboard administration', () => {
  const { lagom, browser } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    // The site's own name, first.test, leads to a page server on this machine (below).
    chromiumArgs: ['--host-resolver-rules=MAP first.test 127.0.0.1'],
  });
  let owner: Opened;

  const apiSites = async (key = lagom.apiKey) => {
    const res = await fetch(`${lagom.url}/api/v1/sites`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, domains: res.ok ? ((await res.json()) as { sites: { domain: string }[] }).sites.map((s) => s.domain) : [] };
  };
  const toSettings = async (page: Page) => {
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#sites .settings-table, #sites .settings-list p');
  };

  test('with no site yet, the owner adds one, copies its snippet and sees the first event arrive', async () => {
    owner = await openPage(browser, lagom);
    const { page, problems } = owner;
    await signIn(page, lagom);
    await page.waitForSelector('.onboarding');
    await page.fill('input[name=domain]', 'https://First.test/blog');
    await page.selectOption('select[name=timezone]', 'Europe/Stockholm');
    await page.click('button[type=submit]');
    await page.waitForSelector('.install');
    // The site's own script, with the built-in banner (a new site's consent mode).
    const snippet = `<script defer src="${lagom.url}/js/first.test.js"></script>`;
    expect(await page.textContent('.snippet')).toBe(snippet);
    expect(await page.textContent('.install .consent-note')).toContain('Lagom’s small banner');
    expect(await page.locator('.snippet-consent').count()).toBe(0);
    expect(await page.textContent('.install-status')).toContain('Waiting for the first event');

    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lagom.url });
    await page.click('.install .copyable:has(.snippet) button:has-text("Copy")');
    await expect.poll(() => page.textContent('.install .copyable:has(.snippet) button')).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(snippet);

    // The copied line, pasted into the site's page as it is: a visitor accepts in the banner
    // and the real tracker sends the first pageview. The page is served on this machine under
    // the site's name; the visitor's browser is an ordinary one (not flagged as automated, and
    // not saying "HeadlessChrome", which ingest drops as a bot).
    const pageServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html lang="en"><head>${copied}</head><body><h1>First</h1></body></html>`);
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://first.test:${(pageServer.address() as AddressInfo).port}/`;
    const visitor = await browser.newContext({ userAgent: USER_AGENT });
    await visitor.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
    const site = await visitor.newPage();
    // The answer, not only the request: the server has taken the event before it is flushed.
    const answered = site.waitForResponse((r) => r.url() === `${lagom.url}/api/event` && r.request().method() === 'POST');
    await site.goto(siteUrl);
    await site.click('button:has-text("Accept")');
    const response = await answered;
    expect(response.request().postDataJSON()).toMatchObject({ n: 'pageview', d: 'first.test', u: siteUrl });
    expect(response.status()).toBe(202);
    await visitor.close();
    pageServer.close();
    await lagom.flush();
    await expect.poll(() => page.textContent('.install-status')).toContain('Events are arriving');

    await page.click('button:has-text("Open the dashboard")');
    await settled(page);
    expect(await page.inputValue('select[name=site]')).toBe('first.test');
    // Today: the default "Last 30 days" ends yesterday, before the site's first event.
    expect(await page.inputValue('select[name=period]')).toBe('day');
    expect(await shown(page, 'pageviews')).toBe('1');
    expect(problems).toEqual([]);
  });

  test('settings: add a second site, show its snippet, delete it only after typing its name', async () => {
    const { page, problems } = owner;
    await toSettings(page);
    expect(new URL(page.url()).searchParams.get('view')).toBe('settings');
    await page.click('button:has-text("Add a site")');
    await page.fill('#sites input[name=domain]', 'second.test');
    await page.click('#sites button[type=submit]');
    await page.waitForSelector('#sites .install');
    await expect.poll(() => page.locator('#sites tbody tr').count()).toBe(2);
    expect((await apiSites()).domains.sort()).toEqual(['first.test', 'second.test']);

    await page.click('tr[data-site="first.test"] button:has-text("Install")');
    expect(await page.textContent('dialog[open] .snippet')).toBe(`<script defer src="${lagom.url}/js/first.test.js"></script>`);
    await page.keyboard.press('Escape');

    await page.click('tr[data-site="second.test"] button:has-text("Delete")');
    const confirm = page.locator('dialog[open] button[type=submit]');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('dialog[open] input[name=confirm]', 'second.tes');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('dialog[open] input[name=confirm]', 'second.test');
    await confirm.click();
    await page.waitForSelector('dialog', { state: 'detached' });
    await expect.poll(() => page.locator('#sites tbody tr').count()).toBe(1);
    expect((await apiSites()).domains).toEqual(['first.test']);
    expect(problems).toEqual([]);
  });

  test('API keys: a new key is shown once, works, is listed, and stops working when revoked', async () => {
    const { page, problems } = owner;
    await page.fill('input[name=key-name]', 'weekly report');
    await page.click('#keys button[type=submit]');
    const key = (await page.locator('#keys .one-time code').textContent({ timeout: 10_000 }))!;
    expect(key).toMatch(/^lgm_/);
    expect(await apiSites(key)).toEqual({ status: 200, domains: ['first.test'] });
    const row = page.locator('#keys tbody tr', { hasText: 'weekly report' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('code').textContent()).toBe(`${key.slice(0, 8)}…`);
    // The key of the test harness is listed too; it stays.
    expect(await page.locator('#keys tbody tr').count()).toBe(2);

    await row.locator('button:has-text("Revoke")').click();
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    await expect.poll(() => row.count()).toBe(0);
    expect(await page.isHidden('#keys .one-time')).toBe(true);
    expect((await apiSites(key)).status).toBe(401);
    expect((await apiSites()).status).toBe(200);
    expect(problems).toEqual([]);
  });

  test('shared links: opened signed out they show the report read-only; a password guards one; revoked they stop', async () => {
    await lagom.addSite('shared.test', 'UTC');
    await seedTraffic(lagom, 'shared.test');
    const { page, problems } = owner;
    await page.reload();
    await page.waitForSelector('#links select[name=link-site]');
    await page.selectOption('select[name=link-site]', 'shared.test');
    await page.fill('input[name=link-name]', 'Board');
    await page.click('#links button[type=submit]');
    const open = page.locator('.link-item', { hasText: 'Board' });
    await open.waitFor();
    const url = (await open.locator('.link-url').textContent())!;
    expect(url).toMatch(new RegExp(`^${lagom.url}/share/[\\w-]+$`));

    // Someone without an account opens it.
    const guest = await openPage(browser, lagom, new URL(url).pathname + '?period=day');
    const headers: string[] = [];
    guest.page.on('request', (r) => {
      if (r.url().includes('/api/v1/stats/')) headers.push(r.headers()['x-lagom-share'] ?? 'missing');
    });
    await settled(guest.page);
    expect(await guest.page.textContent('.site-name')).toBe('shared.test');
    expect(await guest.page.textContent('.badge')).toBe('Read-only view');
    // No way to edit anything: no settings, no site switcher, no sign-out.
    for (const selector of ['nav >> text=Settings', 'select[name=site]', 'text=Sign out']) expect(await guest.page.locator(selector).count()).toBe(0);
    const aggregate = (await lagom.stats('aggregate', { site_id: 'shared.test', period: 'day', metrics: 'visitors,pageviews' })).results;
    expect(digits(await shown(guest.page, 'visitors'))).toBe(aggregate.visitors.value);
    expect(digits(await shown(guest.page, 'pageviews'))).toBe(aggregate.pageviews.value);
    // Filters work for the guest too.
    await guest.page.locator('[data-panel=locations] button.row-label', { hasText: 'Sweden' }).click();
    await settled(guest.page);
    expect(await panelRows(guest.page, 'locations')).toEqual([['Sweden', '3']]);
    expect(headers.length).toBeGreaterThan(5);
    expect(new Set(headers)).toEqual(new Set([new URL(url).pathname.split('/')[2]]));
    expect(guest.problems).toEqual([]);
    // The link reads statistics of its own site only, and nothing of the owner's.
    const token = new URL(url).pathname.split('/')[2]!;
    const denied = await guest.page.evaluate(async (t) => {
      const other = await fetch('/api/v1/stats/aggregate?site_id=first.test&period=day', { headers: { 'X-Lagom-Share': t } });
      const sites = await fetch('/api/v1/sites', { headers: { 'X-Lagom-Share': t } });
      return [other.status, sites.status];
    }, token);
    expect(denied.every((s) => s >= 400)).toBe(true);
    await guest.context.close();

    // A password-protected link asks first.
    await page.fill('input[name=link-name]', 'Investors');
    await page.fill('input[name=link-password]', 'a shared secret');
    await page.click('#links button[type=submit]');
    const locked = page.locator('.link-item', { hasText: 'Investors' });
    await locked.waitFor();
    expect(await locked.textContent()).toContain('Password protected');
    const lockedUrl = (await locked.locator('.link-url').textContent())!;
    const visitor = await openPage(browser, lagom, new URL(lockedUrl).pathname);
    await visitor.page.waitForSelector('input[name=password]');
    expect(await visitor.page.textContent('h1')).toBe('This dashboard is password protected');
    await visitor.page.fill('input[name=password]', 'not it at all');
    await visitor.page.click('button[type=submit]');
    await expect.poll(() => visitor.page.textContent('.form-error')).toBe('Wrong password');
    await visitor.page.fill('input[name=password]', 'a shared secret');
    await visitor.page.click('button[type=submit]');
    await settled(visitor.page);
    expect(await visitor.page.textContent('.site-name')).toBe('shared.test');
    // The unlock is remembered by this browser.
    await visitor.page.reload();
    await settled(visitor.page);

    // Revoked: the link is gone for everyone.
    await open.locator('button:has-text("Revoke")').click();
    await page.click('dialog[open] button[type=submit]');
    await expect.poll(() => open.count()).toBe(0);
    const late = await openPage(browser, lagom, new URL(url).pathname);
    await expect.poll(() => late.page.locator('.notice').textContent()).toBe('This link does not exist or was revoked.');
    expect([...problems, ...visitor.problems, ...late.problems]).toEqual([]);
    await visitor.context.close();
    await late.context.close();
  });
});
