// The owner's dashboard end to end: the real server, the real engine and Debian's Chromium.
// Every page is served under a strict Content-Security-Policy (added here, whatever the server
// sends), so an inline script or style in the dashboard would fail these tests.
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const XSS_PATH = '/<img src=x onerror=alert(1)>';

describe.skipIf(!hasChromium)('dashboard', () => {
  let lagom: TestLagom;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    lagom = await startLagom();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await lagom?.stop();
  });

  /** A fresh browser profile (no session cookie) that records errors and CSP violations. */
  async function openPage(path = '/', viewport = { width: 1280, height: 900 }): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport });
    problems = [];
    const page = await context.newPage();
    await page.route(`${lagom.url}/**`, async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${lagom.url}${path}`);
    return page;
  }

  async function signIn(page: Page, password = lagom.password): Promise<void> {
    await page.fill('input[name=email]', lagom.email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
  }

  async function settled(page: Page): Promise<void> {
    await page.waitForSelector('.report:not(.loading)');
  }

  async function sendEvent(event: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${lagom.url}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
      body: JSON.stringify({ v: 1, n: 'pageview', d: 'site.test', w: 1280, ...event }),
    });
    // Accepted and counted, not dropped.
    expect(res.status).toBe(202);
    expect(res.headers.get('x-lagom-dropped')).toBeNull();
  }

  test('shows the owner setup form at /setup?token=… and the server’s answer to a bad token', async () => {
    const page = await openPage('/setup?token=not-a-real-token');
    await page.waitForSelector('h1:has-text("Create the owner account")');
    await page.fill('input[name=email]', 'someone@example.com');
    await page.fill('input[name=password]', 'a long enough password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.form-error').isVisible()).toBe(true);
    expect((await page.textContent('.form-error'))!.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('a wrong password shows an error and stays on the sign-in form', async () => {
    const page = await openPage();
    await page.waitForSelector('input[name=password]');
    await signIn(page, 'not the password');
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('Wrong email or password');
    expect(await page.locator('.dashboard').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test('with no site the owner can add one and gets the snippet', async () => {
    const page = await openPage();
    await signIn(page);
    await page.waitForSelector('.onboarding');
    await page.fill('input[name=domain]', 'https://first.test/');
    await page.selectOption('select[name=timezone]', 'Europe/Stockholm');
    await page.click('button[type=submit]');
    const snippet = await page.locator('.snippet').textContent({ timeout: 10_000 });
    expect(snippet).toBe(`<script defer src="${lagom.url}/lagom.js" data-site="first.test"></script>`);
    await page.click('button:has-text("Open the dashboard")');
    await settled(page);
    expect(await page.inputValue('select[name=site]')).toBe('first.test');
    expect(await page.textContent('[data-metric=pageviews] .total-value')).toBe('0');
    expect(problems).toEqual([]);
  });

  test('signed in, it shows the Stats API’s totals, a chart and the top pages as text', async () => {
    await lagom.addSite('site.test');
    // Three browsers: one reads /a then /b, one reads /a, one reads a path that is markup.
    await sendEvent({ u: 'https://site.test/a', fv: 1, fm: 1, fp: 1, fs: 1, b: 1, r: 'https://duckduckgo.com/' });
    await sendEvent({ u: 'https://site.test/b', fp: 1, b: -1, xp: '/a', dd: 20_000 });
    await sendEvent({ u: 'https://site.test/a', fv: 1, fm: 1, fp: 1, fs: 1, b: 1 });
    await sendEvent({ u: `https://site.test${XSS_PATH}`, fv: 1, fm: 1, fp: 1, fs: 1, b: 1 });
    await sendEvent({ u: 'https://site.test/a', fp: 1, b: -1, xp: XSS_PATH });
    await lagom.flush();

    const page = await openPage();
    await signIn(page);
    await settled(page);
    await page.selectOption('select[name=site]', 'site.test');
    await settled(page);
    await page.click('.segment:has-text("Today")');
    await settled(page);
    expect(new URL(page.url()).search).toBe('?site=site.test&period=day');

    const params = { site_id: 'site.test', period: 'day' };
    const aggregate = await lagom.stats('aggregate', { ...params, metrics: 'visitors,visits,pageviews' });
    const shown = async (metric: string) => Number((await page.textContent(`[data-metric=${metric}] .total-value`))!.replace(/\D/g, ''));
    expect(aggregate.results.pageviews.value).toBe(5);
    expect(await shown('visitors')).toBe(aggregate.results.visitors.value);
    expect(await shown('visits')).toBe(aggregate.results.visits.value);
    expect(await shown('pageviews')).toBe(aggregate.results.pageviews.value);
    const current = await lagom.stats('realtime/visitors', { site_id: 'site.test' });
    // Three browsers, unless the sends straddled a five-minute slot boundary.
    expect(current).toBeGreaterThanOrEqual(2);
    expect(await shown('current')).toBe(current);

    const canvas = page.locator('.chart canvas');
    expect(await canvas.count()).toBeGreaterThan(0);
    const box = (await canvas.first().boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(150);

    const breakdown = await lagom.stats('breakdown', { ...params, property: 'event:page', metrics: 'visitors,pageviews', limit: '10' });
    const pages: string[] = breakdown.results.map((r: { page: string }) => r.page);
    expect(pages).toEqual(expect.arrayContaining(['/a', '/b']));
    expect(pages).toHaveLength(3);
    const rows = await page.locator('.top-pages tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
    expect(rows).toEqual(breakdown.results.map((r: { page: string; visitors: number; pageviews: number }) => [r.page, String(r.visitors), String(r.pageviews)]));
    // The markup in the path is text: no element was made from it and no script ran.
    expect(pages.some((p) => p.includes('<img'))).toBe(true);
    expect(await page.locator('.top-pages').textContent()).toContain(XSS_PATH);
    expect(await page.locator('img').count()).toBe(0);
    expect(problems).toEqual([]);

    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/dashboard.png', fullPage: true });

    const phone = await openPage('/?site=site.test&period=day', { width: 390, height: 844 });
    await signIn(phone);
    await settled(phone);
    expect(await phone.inputValue('select[name=site]')).toBe('site.test');
    // Nothing wider than the phone's screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: 'test-output/dashboard-mobile.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  test('signing out returns to the sign-in form and ends the session', async () => {
    const page = await openPage();
    await signIn(page);
    await settled(page);
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('input[name=password]');
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    expect(me).toBe(401);
    expect(problems).toEqual([]);
  });
});
