// How the report looks and reads, in real Chromium: desktop, a 360 px phone, dark mode, Swedish,
// and the keyboard alone. Screenshots of the main view go to test-output/ for a person to look at.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, panelRows, seedTraffic, settled, shown, signIn } from './dashboard-harness.js';

const SITE = 'look.test';

describe.skipIf(!hasChromium)('dashboard look, language and keyboard', () => {
  const { lagom, browser } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [[SITE, 'Europe/Stockholm']],
    async prepare(lagom) {
      await seedTraffic(lagom, SITE);
      await mkdir('test-output', { recursive: true });
    },
  });

  /** Screenshots without a hover effect or a blinking caret in them. */
  async function snap(page: Page, name: string): Promise<void> {
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: `test-output/${name}.png`, fullPage: true });
  }

  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test('desktop, light: the main view', async () => {
    const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&period=day`);
    await signIn(page, lagom);
    await settled(page);
    expect(await background(page)).toBe('rgb(246, 247, 249)');
    // Side by side: two panels per row.
    const pages = (await page.locator('[data-panel=pages]').boundingBox())!;
    const sources = (await page.locator('[data-panel=sources]').boundingBox())!;
    expect(sources.y).toBe(pages.y);
    await snap(page, 'dashboard');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a 360 px phone: one column, nothing wider than the screen', async () => {
    const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&period=day`, { viewport: { width: 360, height: 780 } });
    await signIn(page, lagom);
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const pages = (await page.locator('[data-panel=pages]').boundingBox())!;
    const sources = (await page.locator('[data-panel=sources]').boundingBox())!;
    expect(sources.y).toBeGreaterThan(pages.y + pages.height - 1);
    expect(pages.width).toBeLessThanOrEqual(360);
    for (const selector of ['select[name=site]', 'select[name=period]', 'button:has-text("Export CSV")', '[data-metric=visitors]', '[data-metric=current]', '.chart canvas']) {
      const box = (await page.locator(selector).first().boundingBox())!;
      expect(box.x, selector).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(360);
    }
    // The settings fit too.
    await snap(page, 'dashboard-mobile');
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#keys');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await snap(page, 'dashboard-mobile-settings');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('dark: follows the system, and the toggle overrides it and is remembered', async () => {
    const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&period=day`, { colorScheme: 'dark' });
    await signIn(page, lagom);
    await settled(page);
    expect(await background(page)).toBe('rgb(15, 18, 24)');
    const toggle = page.locator('.tools .icon-button');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await snap(page, 'dashboard-dark');

    await toggle.click();
    expect(await background(page)).toBe('rgb(246, 247, 249)');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    // The chart is redrawn in the new colours, still one plot.
    expect(await page.locator('.chart .uplot').count()).toBe(1);
    await page.reload();
    await settled(page);
    expect(await background(page)).toBe('rgb(246, 247, 249)');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('Swedish: follows the browser’s language, and the switch changes it', async () => {
    const sv = await openPage(browser, lagom, `/?site=${SITE}&period=day`, { locale: 'sv-SE' });
    await sv.page.waitForSelector('button:has-text("Logga in")');
    expect(await sv.page.textContent('h1')).toBe('Logga in i Lagom');
    await signIn(sv.page, lagom, 'fel lösenord');
    await expect.poll(() => sv.page.locator('.form-error').textContent()).toBe('Fel e-postadress eller lösenord');
    await signIn(sv.page, lagom);
    await settled(sv.page);
    expect(await sv.page.getAttribute('html', 'lang')).toBe('sv');
    expect(await sv.page.textContent('[data-metric=visitors] .total-label')).toBe('Unika besökare');
    expect(await sv.page.textContent('[data-panel=pages] h2')).toBe('Sidor');
    expect(await sv.page.inputValue('select[name=period]')).toBe('day');
    expect(await sv.page.locator('select[name=period] option:checked').textContent()).toBe('Idag');
    expect((await panelRows(sv.page, 'locations'))[0]).toEqual(['Sverige', '3']);
    // A decimal comma, as Swedes write it.
    const views = (await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'views_per_visit' })).results.views_per_visit.value as number;
    expect(await shown(sv.page, 'views_per_visit')).toBe(String(views).replace('.', ','));
    await snap(sv.page, 'dashboard-sv');

    // An English-speaking browser switches to Swedish and back; the choice sticks across reloads.
    const en = await openPage(browser, lagom, `/?site=${SITE}&period=day`);
    await signIn(en.page, lagom);
    await settled(en.page);
    await en.page.click('button:has-text("Svenska")');
    await en.page.waitForSelector('button:has-text("English")');
    await settled(en.page);
    expect(await en.page.textContent('[data-metric=visitors] .total-label')).toBe('Unika besökare');
    await en.page.reload();
    await settled(en.page);
    expect(await en.page.textContent('[data-metric=visitors] .total-label')).toBe('Unika besökare');
    await en.page.click('button:has-text("English")');
    await en.page.waitForSelector('button:has-text("Svenska")');
    expect([...sv.problems, ...en.problems]).toEqual([]);
    await sv.context.close();
    await en.context.close();
  });

  test('the keyboard alone: tabs with arrow keys, a row with Enter, a chip removed with Enter', async () => {
    const { page, problems, context } = await openPage(browser, lagom, `/?site=${SITE}&period=day`);
    await signIn(page, lagom);
    await settled(page);
    await page.focus('[data-panel=pages] [data-tab=top]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-panel=pages] [data-tab=entry]', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).toBe('entry');
    await page.waitForSelector('[data-panel=pages] th:has-text("Entry page")');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('row-label');
    const label = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await page.locator('.chip-text').allTextContents()).toEqual([`Entry page is ${label}`]);
    await page.focus('.chip-remove');
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await page.locator('.chip').count()).toBe(0);
    // A metric tile is a button too.
    await page.focus('[data-metric=visits]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('.chart-title')).toBe('Total visits');
    expect(problems).toEqual([]);
    await context.close();
  });
});
