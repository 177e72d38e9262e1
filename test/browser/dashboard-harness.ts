// What the dashboard's browser tests share: a page served under a strict CSP that records every
// error, sign-in, waiting for the report to settle, and a day of varied traffic to look at.
// Every test file starts its own Lagom (the engine is one per process) and its own Chromium.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROME_UA, FIREFOX_UA, IPHONE_UA, postEvent } from '../helpers/events.js';
import type { TestLagom } from '../helpers/lagom.js';

/** Stricter than the server's own policy: any inline script or style, or any foreign request, fails. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";
export const XSS_PATH = '/<img src=x onerror=alert(1)>';

export const OLD_CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

export interface PageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** the page's timers and Date run on Playwright's clock, paused, moved on by the test (page.clock) */
  fakeClock?: boolean;
}

export interface Opened {
  page: Page;
  context: BrowserContext;
  /** page errors, dialogs (alert!) and CSP violations seen so far */
  problems: string[];
}

/** A fresh browser profile (no cookies, no storage) on `path`. */
export async function openPage(browser: Browser, lagom: TestLagom, path = '/', options: PageOptions = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  const problems: string[] = [];
  const page = await context.newPage();
  await page.route(`${lagom.url}/**`, async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    // Once more on a reset: Playwright may reuse a kept-alive connection just as the server
    // closes it (Node's keepAliveTimeout), a race a loaded machine makes likely.
    const response = await route.fetch().catch(() => route.fetch());
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
  if (options.fakeClock) {
    // Paused: the page's timers fire only when the test moves the clock on.
    await page.clock.install({ time: Date.now() });
    await page.clock.pauseAt(Date.now() + 1000);
  }
  await page.goto(`${lagom.url}${path}`);
  return { page, context, problems };
}

export async function signIn(page: Page, lagom: TestLagom, password = lagom.password, email = lagom.email): Promise<void> {
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** Waits until every panel of the report has its answer. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('.report:not(.loading)', { timeout: 15_000 });
}

/** A number as the top row shows it, whatever the language's separators. */
export async function shown(page: Page, metric: string): Promise<string> {
  return (await page.textContent(`[data-metric=${metric}] .total-value`))!.trim();
}

export const digits = (s: string): number => Number(s.replace(/[^\d]/g, ''));

/** The rows of a breakdown panel as [label, ...numbers] text. */
export async function panelRows(page: Page, panel: string): Promise<string[][]> {
  return page.locator(`[data-panel=${panel}] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())),
  );
}

async function send(lagom: TestLagom, ua: string, ip: string, event: Record<string, unknown>): Promise<void> {
  const res = await postEvent(lagom.url, { w: 1280, ...event }, { 'user-agent': ua, 'x-forwarded-for': ip });
  expect(res.status).toBe(202);
  expect(res.headers.get('x-lagom-dropped')).toBeNull();
}

/**
 * Six browsers' visits today, as the tracker would send them: sources, a campaign, three
 * countries, four browsers, a goal with a prop and a page path that is markup. Needs a Lagom
 * started with LAGOM_TRUST_PROXY=1, so X-Forwarded-For picks the country.
 */
export async function seedTraffic(lagom: TestLagom, domain: string): Promise<void> {
  const u = (path: string) => `https://${domain}${path}`;
  const start = { fv: 1, fp: 1, fs: 1, b: 1, fm: 1, dd: 0 };
  const se = '130.237.0.1';
  // Chrome, Sweden, from Google: / → /pricing → Signup (plan=pro)
  const google = { r: 'https://www.google.com/', e: '/' };
  await send(lagom, CHROME_UA, se, { n: 'pageview', d: domain, u: u('/'), ...start, ...google });
  await send(lagom, CHROME_UA, se, { n: 'pageview', d: domain, u: u('/pricing'), fp: 1, b: -1, xp: '/', dd: 40_000, ...google });
  await send(lagom, CHROME_UA, se, { n: 'Signup', d: domain, u: u('/pricing'), fg: 1, p: { plan: 'pro' }, dd: 12_000, ...google });
  // Firefox, USA, direct: one page, a bounce
  await send(lagom, FIREFOX_UA, '8.8.8.8', { n: 'pageview', d: domain, u: u('/blog/hello'), ...start, e: '/blog/hello' });
  // Safari on an iPhone, UK, from a newsletter campaign: / → /a → Signup (plan=free)
  const mail = { e: '/', q: 'utm_source=newsletter&utm_medium=email&utm_campaign=launch' };
  await send(lagom, IPHONE_UA, '81.2.69.160', { n: 'pageview', d: domain, u: u('/'), ...start, ...mail, w: 390 });
  await send(lagom, IPHONE_UA, '81.2.69.160', { n: 'pageview', d: domain, u: u('/a'), fp: 1, b: -1, xp: '/', dd: 20_000, ...mail, w: 390 });
  await send(lagom, IPHONE_UA, '81.2.69.160', { n: 'Signup', d: domain, u: u('/a'), fg: 1, p: { plan: 'free' }, dd: 5_000, ...mail, w: 390 });
  // An older Chrome, Sweden, from DuckDuckGo, on a page whose path is markup
  const ddg = { r: 'https://duckduckgo.com/', e: XSS_PATH };
  await send(lagom, OLD_CHROME_UA, se, { n: 'pageview', d: domain, u: u(XSS_PATH), ...start, ...ddg });
  await send(lagom, OLD_CHROME_UA, se, { n: 'pageview', d: domain, u: u('/a'), fp: 1, b: -1, xp: XSS_PATH, dd: 9_000, ...ddg });
  // Chrome, Sweden, direct, /a only
  await send(lagom, CHROME_UA, se, { n: 'pageview', d: domain, u: u('/a'), ...start, e: '/a' });
  await lagom.flush();
}

/** The page's own JSON fetch, with its cookies: what the dashboard itself could read. */
export async function fetchStatus(page: Page, path: string): Promise<number> {
  return page.evaluate((p) => fetch(p).then((r) => r.status), path);
}

/** The report's filters as the address bar holds them, one `f` per value. */
export const filtersIn = (page: Page): string[] => new URL(page.url()).searchParams.getAll('f');

/** The filter chips' texts. */
export const chipTexts = (page: Page): Promise<string[]> => page.locator('.chip .chip-text').allTextContents();
