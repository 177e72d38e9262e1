// What the dashboard loads, in real Chromium: no failed request and no console error from the
// sign-in page to the report and a shared link; the sign-in page without the signed-in shell's
// chunks; the chunks served compressed and cached for good; and panels that keep their place as
// their numbers arrive (cumulative layout shift under 0.1).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import type { TestLagom } from '../helpers/lagom.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { SIGN_IN_BUDGET_BYTES } from '../../scripts/build-dashboard.mjs';
import { openPage, seedTraffic, settled, signIn, type Opened } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const SITE = 'load.test';
const PUBLIC = new URL('../../dist/public/', import.meta.url);
const built = readdirSync(fileURLToPath(PUBLIC));
const shellChunk = built.find((f) => /^shell-[A-Z0-9]{8}\.js$/.test(f))!;

/** Every console error, failed request and answer of 400 or more that the page sees from now on. */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') failures.push(`console: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => failures.push(`failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => {
    if (res.status() >= 400) failures.push(`${res.status()}: ${res.url()}`);
  });
  return failures;
}

/**
 * A page in a fresh profile that watches from before the dashboard's first request: opened on
 * /healthz (no dashboard there), then sent to `path`.
 */
async function openWatched(browser: Browser, lagom: TestLagom, path: string): Promise<Opened & { failures: string[] }> {
  const opened = await openPage(browser, lagom, '/healthz');
  const failures = watchFailures(opened.page);
  await opened.page.goto(`${lagom.url}${path}`);
  return { ...opened, failures };
}

/**
 * Cumulative layout shift from the start of navigation until now, as Chromium's layout-shift
 * entries report it (buffered), shifts right after a click or a key left out as CLS does. The
 * sum of every shift: never less than CLS's largest session window.
 */
const layoutShift = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) sum += e.value;
        });
        observer.observe({ type: 'layout-shift', buffered: true });
        // Buffered entries are delivered in a task of their own.
        setTimeout(() => {
          observer.disconnect();
          resolve(sum);
        }, 100);
      }),
  );

describe.skipIf(!hasChromium)('what the dashboard loads', () => {
  const { lagom, browser } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [[SITE, 'Europe/Stockholm']],
    prepare: (lagom) => seedTraffic(lagom, SITE),
  });
  let sharePath = '';

  async function shareLink(): Promise<string> {
    if (sharePath) return sharePath;
    const res = await fetch(`${lagom.url}/api/v1/sites/${SITE}/shared-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'load' }),
    });
    expect(res.ok).toBe(true);
    sharePath = ((await res.json()) as { url: string }).url;
    return sharePath;
  }

  test('sign-in, the report and a shared link: no console error, no failed request', async () => {
    const { page, problems, context, failures } = await openWatched(browser, lagom, `/?site=${SITE}&period=day`);
    await page.waitForSelector('input[name=password]');
    await signIn(page, lagom);
    await settled(page);
    await page.reload();
    await settled(page);
    // Browsers and tools ask for /favicon.ico on their own; the page names the SVG.
    const icon = await fetch(`${lagom.url}/favicon.ico`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.svg');

    const shared = await page.context().newPage();
    const sharedFailures = watchFailures(shared);
    await shared.goto(`${lagom.url}${await shareLink()}?period=day`);
    await settled(shared);
    expect([...failures, ...sharedFailures]).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the sign-in page fetches neither the shell nor uPlot, and stays within its budget on the wire', async () => {
    const { page, context } = await openPage(browser, lagom, '/healthz');
    const scripts: { url: string; bytes: Promise<number> }[] = [];
    page.on('requestfinished', (req) => {
      if (/\.(js|css)$/.test(new URL(req.url()).pathname)) scripts.push({ url: req.url(), bytes: req.sizes().then((s) => s.responseBodySize) });
    });
    await page.goto(`${lagom.url}/`);
    await page.waitForSelector('input[name=password]');
    await page.waitForLoadState('networkidle');
    const names = scripts.map((s) => new URL(s.url).pathname);
    expect(names).toContain('/app.js');
    expect(names).not.toContain(`/${shellChunk}`);
    const wire = (await Promise.all(scripts.map((s) => s.bytes))).reduce((a, b) => a + b, 0);
    expect(wire).toBeGreaterThan(5 * 1024);
    expect(wire).toBeLessThanOrEqual(SIGN_IN_BUDGET_BYTES);
    // uPlot's class names, in whatever chunk its code ended up: not in this page's scripts.
    const js = scripts.filter((s) => s.url.endsWith('.js'));
    const code = await Promise.all(js.map((s) => page.evaluate((u) => fetch(u).then((r) => r.text()), s.url)));
    expect(code.join('\n')).not.toContain('u-over');

    await signIn(page, lagom);
    await settled(page);
    expect(scripts.map((s) => new URL(s.url).pathname)).toContain(`/${shellChunk}`);
    await context.close();
  });

  test('a chunk goes out precompressed, typed, and cached for good; app.js is revalidated', async () => {
    const chunk = await fetch(`${lagom.url}/${shellChunk}`, { headers: { 'accept-encoding': 'br' } });
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('content-encoding')).toBe('br');
    expect(chunk.headers.get('content-security-policy')).toContain("script-src 'self'");
    const app = await fetch(`${lagom.url}/app.js`);
    expect(app.headers.get('cache-control')).toBe('no-cache');
    // The page names app.js's own chunks up front, and not the shell's.
    const html = await (await fetch(`${lagom.url}/`)).text();
    expect(html).toMatch(/<link rel="modulepreload" href="\/chunk-[A-Z0-9]{8}\.js">/);
    expect(html).not.toContain(shellChunk);
  });

  test('nobody signed in: the session check answers 200, /api/auth/me still 401', async () => {
    const session = await fetch(`${lagom.url}/api/auth/session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ signed_in: false });
    expect((await fetch(`${lagom.url}/api/auth/me`)).status).toBe(401);
    // A key is no sign-in: the question is about the browser's session.
    const key = await fetch(`${lagom.url}/api/auth/session`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(await key.json()).toEqual({ signed_in: false });
  });

  for (const width of [1280, 360]) {
    test(`the report and the shared view keep their layout as they fill in (${width} px)`, async () => {
      const viewport = { width, height: width === 360 ? 780 : 900 };
      const { page, context, problems } = await openPage(browser, lagom, '/', { viewport });
      await signIn(page, lagom);
      await settled(page);
      expect(await page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))).toEqual({ signed_in: true, email: lagom.email, role: 'owner', sites: null, location: 'country' });
      // Measured from a navigation of its own: a sign-in click would excuse the shifts after it.
      await page.goto(`${lagom.url}/?site=${SITE}&period=day`);
      await settled(page);
      const report = await layoutShift(page);
      await screenshot(page, 'load-report');

      await page.goto(`${lagom.url}${await shareLink()}?period=day`);
      await settled(page);
      const shared = await layoutShift(page);
      await screenshot(page, 'load-shared');
      console.log(`layout shift at ${width} px: report ${report.toFixed(3)}, shared view ${shared.toFixed(3)}`);
      expect(report).toBeLessThan(0.1);
      expect(shared).toBeLessThan(0.1);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  test('the shared view with its reserved chart passes axe-core, light and dark, at 360 px', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, problems } = await openPage(browser, lagom, `${await shareLink()}?period=day`, { colorScheme, viewport: { width: 360, height: 780 } });
      await settled(page);
      await expectAccessible(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
