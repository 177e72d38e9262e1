// Settings → Privacy text in real Chromium: the site's text as the API writes it, in the chosen
// language, following a change of the site's settings; both copy buttons copy what the API
// answers; a Swedish dashboard names the section in Swedish and starts in Swedish, and the
// section fits a 360 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, settled, signIn } from './dashboard-harness.js';

const site = 'privacy.test';

describe.skipIf(!hasChromium)('dashboard: privacy text', () => {
  const { lagom, browser } = browserSuite({ sites: [site, 'other.test'] });

  const api = async (lang: string) => {
    const res = await fetch(`${lagom.url}/api/v1/sites/${site}/privacy-text?lang=${lang}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { text: string; html: string };
  };
  const shownText = (page: Page) => page.textContent('#privacy pre code');
  const toPrivacy = async (page: Page, settings: string) => {
    await page.click(`nav >> text=${settings}`);
    await page.waitForSelector('#privacy pre code');
  };

  test('shows the text in the chosen language, follows the settings, and copies text and HTML', async () => {
    const { page, context, problems } = await openPage(browser, lagom);
    await signIn(page, lagom);
    await settled(page);
    await toPrivacy(page, 'Settings');
    expect(await page.textContent('#privacy h2')).toBe('Privacy text');
    await page.selectOption('select[name=privacy-site]', site);
    const en = await api('en');
    await expect.poll(() => shownText(page)).toBe(en.text);
    expect(await page.isVisible('#privacy >> text=Cookie settings')).toBe(true);

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lagom.url });
    await page.click('#privacy button:has-text("Copy HTML")');
    await expect.poll(() => page.textContent('#privacy .copy-buttons button:nth-child(2)')).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(en.html);
    await page.click('#privacy button:has-text("Copy text")');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(en.text);

    await page.selectOption('select[name=privacy-lang]', 'sv');
    const sv = await api('sv');
    await expect.poll(() => shownText(page)).toBe(sv.text);
    expect(sv.text).toContain(`Besöksstatistik på ${site}`);

    // A feature switched on: the text names it once the section asks again.
    const put = await fetch(`${lagom.url}/api/v1/sites/${site}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tracker_script_configuration: { file_downloads: true } }),
    });
    expect(put.status).toBe(200);
    await page.selectOption('select[name=privacy-site]', 'other.test');
    await expect.poll(() => shownText(page)).toContain('Besöksstatistik på other.test');
    await page.selectOption('select[name=privacy-site]', site);
    await expect.poll(() => shownText(page)).toContain('nedladdade filer, med filens adress utan frågedel');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a Swedish dashboard names it Integritetstext and starts in Swedish, on a 360 px phone too', async () => {
    const { page, context, problems } = await openPage(browser, lagom, '/', { locale: 'sv-SE', viewport: { width: 360, height: 780 } });
    await signIn(page, lagom);
    await settled(page);
    await toPrivacy(page, 'Inställningar');
    expect(await page.textContent('#privacy h2')).toBe('Integritetstext');
    expect(await page.inputValue('select[name=privacy-lang]')).toBe('sv');
    await page.selectOption('select[name=privacy-site]', site);
    await expect.poll(() => shownText(page)).toContain(`Besöksstatistik på ${site}`);
    expect(await page.isVisible('#privacy button:has-text("Kopiera HTML")')).toBe(true);
    // The long text wraps, its addresses too: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});
