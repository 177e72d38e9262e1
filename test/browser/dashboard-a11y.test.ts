// Every main view of the dashboard through axe-core (WCAG 2.2 AA and best practices), in light
// and dark, on a desktop and on a 360 px phone: sign-in, a setup link, "Forgot password?", the
// report with traffic, its details dialog, every settings section and a shared link. Screenshots
// of each go to test-output/screens/ for a person to look at.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, seedTraffic, settled, signIn } from './dashboard-harness.js';
import { axeViolations, screenshot } from './inspect.js';

const SITE = 'a11y.test';
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 360, height: 780 },
] as const;

describe.skipIf(!hasChromium)('dashboard accessibility: axe-core on every view', () => {
  let sharePath = '';
  const { lagom, browser } = browserSuite({
    // SMTP makes the sign-in page offer "Forgot password?" and its page exist.
    env: { LAGOM_TRUST_PROXY: '1', LAGOM_SMTP_URL: 'smtp://127.0.0.1:9', LAGOM_MAIL_FROM: 'lagom@example.com' },
    sites: [SITE],
    async prepare(lagom) {
      await seedTraffic(lagom, SITE);
      const res = await fetch(`${lagom.url}/api/v1/sites/${SITE}/shared-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'for the board' }),
      });
      expect(res.status).toBe(201);
      sharePath = ((await res.json()) as { url: string }).url;
    },
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const viewport of WIDTHS) {
      test(`${theme}, ${viewport.width} px: no violations anywhere`, async () => {
        const { page, problems, context } = await openPage(browser, lagom, '/forgot', { viewport, colorScheme: theme });
        const found: Record<string, string[]> = {};
        // Screenshots in light only: dark is checked by axe, and the look test shows it.
        const check = async (name: string, include?: string) => {
          // Colours are judged as they end, not halfway through a fade.
          await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
          const violations = await axeViolations(page, include);
          if (violations.length > 0) found[name] = violations;
          if (theme === 'light') await screenshot(page, `a11y-${name}`);
        };
        await page.waitForSelector('input[name=email]');
        await check('forgot');
        await page.goto(`${lagom.url}/setup?token=not-a-real-token`);
        await page.waitForSelector('[role=alert]');
        await check('setup');
        await page.goto(`${lagom.url}/?site=${SITE}&period=day`);
        await page.waitForSelector('a[href="/forgot"]');
        await check('sign-in');
        await signIn(page, lagom);
        await settled(page);
        await check('report');
        await page.click('.chart-table-toggle');
        await check('chart-table', '.chart-panel');
        await page.click('[data-panel=pages] .details');
        await page.waitForSelector('dialog[open] tbody tr');
        await check('details', 'dialog[open]');
        await page.keyboard.press('Escape');
        await showSettings(page);
        await check('settings');
        await page.click('#sites tbody tr button:has-text("Install")');
        await page.waitForSelector('dialog[open] pre');
        await check('snippet', 'dialog[open]');
        await page.keyboard.press('Escape');
        await page.goto(`${lagom.url}${sharePath}?period=day`);
        await settled(page);
        await check('shared');
        // axe asks for at least one h1; a page has exactly one (the shared view's is its site's name).
        expect(await page.locator('h1').allTextContents()).toEqual([SITE]);
        expect(found).toEqual({});
        expect(problems).toEqual([]);
        await context.close();
        // Ten axe-core runs and their screenshots: some 10 s on a quiet machine, far more on a busy one.
      }, 120_000);
    }
  }
});

/** The settings with every section loaded, the sites' install snippet open. */
async function showSettings(page: Page): Promise<void> {
  await page.click('nav >> text=Settings');
  for (const id of ['sites', 'goals', 'keys', 'people', 'account', 'audit']) await page.waitForSelector(`#${id}`);
  await page.waitForSelector('#sites tbody tr');
  await page.waitForSelector('#keys tbody tr');
  await page.waitForSelector('#audit tbody tr');
  await page.waitForSelector('.sessions tbody tr');
}
