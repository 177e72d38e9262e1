// A site's settings in real Chromium against a real Lagom: tracker features switched on in Edit
// change what the API answers and what the site's own script holds; only what changed is sent;
// the consent mode shows its one option; the server's message lands beside the field it names;
// the install dialog shows the API's line and the pinned copy; a new site can pick features at
// once. Also by keyboard, in Swedish, and dark on a phone.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { SiteDetailAnswer } from '../../protocol/sites.js';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, signIn, type Opened } from './dashboard-harness.js';

const SITE = 'settings.test';

describe.skipIf(!hasChromium)('dashboard: site settings', () => {
  const { lagom, browser } = browserSuite({ sites: [SITE, 'consent.test'] });
  let owner: Opened;

  const detail = async (domain: string): Promise<SiteDetailAnswer> => {
    const res = await fetch(`${lagom.url}/api/v1/sites/${domain}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as SiteDetailAnswer;
  };
  /** The site's own script as a visitor's browser gets it (no cache: the test asks each time). */
  const script = async (domain: string): Promise<string> => {
    const res = await fetch(`${lagom.url}/js/${domain}.js`, { headers: { 'cache-control': 'no-cache' } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const row = (page: Page, domain: string) => page.locator(`#sites tr[data-site="${domain}"]`);
  const openEdit = async (page: Page, domain: string) => {
    await row(page, domain).locator('button:has-text("Edit")').click();
    await page.waitForSelector('dialog[open] form.site-settings, dialog[open] .notice');
    // A failed load says why here, rather than as a wait for a form that will not come.
    expect(await page.locator('dialog[open] .notice').allTextContents()).toEqual([]);
  };
  const save = async (page: Page) => {
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
  };
  /** The bodies of the PUTs the page sends while `act` runs. */
  async function puts(page: Page, act: () => Promise<void>): Promise<string[]> {
    const sent: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'PUT') sent.push(`${new URL(r.url()).pathname} ${r.postData()}`);
    };
    page.on('request', onRequest);
    try {
      await act();
    } finally {
      page.off('request', onRequest);
    }
    return sent;
  }

  test('features switched on in Edit are saved, sent alone, and change the site’s script', async () => {
    owner = await openPage(browser, lagom, '/?view=settings');
    const { page, problems } = owner;
    await signIn(page, lagom);
    await page.waitForSelector('#sites .settings-table');
    const before = await detail(SITE);
    expect(Object.values(before.tracker_script_configuration).every((on) => on === false)).toBe(true);
    expect(await script(SITE)).not.toContain('Outbound Link: Click');

    await openEdit(page, SITE);
    // Real labels, a fieldset with a legend, a switch per feature, all off.
    const features = page.getByRole('group', { name: 'Tracker features' });
    expect(await features.getByRole('switch').count()).toBe(9);
    expect(await features.getByRole('switch', { checked: true }).count()).toBe(0);
    const outbound = page.getByRole('switch', { name: 'Outbound links' });
    expect(await outbound.getAttribute('aria-describedby')).toBeTruthy();
    expect(await page.textContent(`#${(await outbound.getAttribute('aria-describedby'))!}`)).toContain('Outbound Link: Click');

    await mkdir('test-output', { recursive: true });
    await page.locator('dialog[open]').screenshot({ path: 'test-output/site-settings-edit.png' });

    const sent = await puts(page, async () => {
      await outbound.check();
      await page.getByLabel('Form submissions').check();
      await save(page);
    });
    expect(sent).toEqual([`/api/v1/sites/${SITE} {"tracker_script_configuration":{"outbound_links":true,"form_submissions":true}}`]);

    const after = await detail(SITE);
    expect(after.tracker_script_configuration).toEqual({ ...before.tracker_script_configuration, outbound_links: true, form_submissions: true });
    // The line to paste stays; the pinned copy is a new one.
    expect(after.snippet).toBe(before.snippet);
    expect(after.pinned_script_url).not.toBe(before.pinned_script_url);
    const js = await script(SITE);
    expect(js).toContain('Outbound Link: Click');
    expect(js).toContain('Form: Submission');
    expect(js).not.toContain('File Download');

    // Opened again, the form starts from what was saved; switching one off takes it out again.
    await openEdit(page, SITE);
    expect(await page.getByRole('switch', { name: 'Outbound links' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Form submissions' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'File downloads' }).isChecked()).toBe(false);
    const off = await puts(page, async () => {
      await page.getByRole('switch', { name: 'Outbound links' }).uncheck();
      await save(page);
    });
    expect(off).toEqual([`/api/v1/sites/${SITE} {"tracker_script_configuration":{"outbound_links":false}}`]);
    expect((await detail(SITE)).tracker_script_configuration.outbound_links).toBe(false);
    expect(await script(SITE)).not.toContain('Outbound Link: Click');

    // Saving with nothing changed sends nothing.
    await openEdit(page, SITE);
    expect(await puts(page, () => save(page))).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the keyboard alone reaches the switches and turns one on', async () => {
    const { page, problems } = owner;
    await openEdit(page, SITE);
    // The dialog opens on the time zone; the next stop is the first feature.
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).name)).toBe('timezone');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('engagement');
    await page.keyboard.press('Space');
    expect(await page.getByRole('switch', { name: 'Time on page and scroll depth' }).isChecked()).toBe(true);
    await save(page);
    await expect.poll(async () => (await detail(SITE)).tracker_script_configuration.engagement).toBe(true);
    expect(problems).toEqual([]);
  });

  test('the consent mode shows only its own option, and a change is saved into the script', async () => {
    const { page, problems } = owner;
    await openEdit(page, 'consent.test');
    const mode = page.locator('dialog[open] select[name=consent-mode]');
    const visible = () =>
      page.locator('dialog[open] .settings-fieldset .field:not([hidden]) input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
    expect(await mode.inputValue()).toBe('banner');
    expect(await mode.locator('option').allTextContents()).toEqual([
      'Built-in banner',
      "Your own consent tool calling lagom('consent')",
      'IAB TCF v2.2',
      'Google Consent Mode v2',
      'CookieConsent',
      'Klaro',
    ]);
    expect(await visible()).toEqual(['refusal-days']);
    expect(await page.inputValue('dialog[open] input[name=refusal-days]')).toBe('182');
    await mode.selectOption('tcf');
    expect(await visible()).toEqual(['tcf-purposes']);
    expect(await page.getByLabel('TCF purposes').inputValue()).toBe('1, 8, 9, 10');
    await mode.selectOption('cookieconsent');
    expect(await visible()).toEqual(['cookieconsent-category']);
    expect(await page.getByLabel('CookieConsent category').inputValue()).toBe('analytics');
    await mode.selectOption('klaro');
    expect(await visible()).toEqual(['klaro-service']);
    expect(await page.getByLabel('Klaro service').inputValue()).toBe('lagom');
    await mode.selectOption('google');
    expect(await visible()).toEqual([]);
    await mode.selectOption('manual');
    expect(await visible()).toEqual([]);

    // A bad purpose list: the server's message beside the field, nothing saved, the dialog open.
    await mode.selectOption('tcf');
    await page.getByLabel('TCF purposes').fill('1, 12');
    await page.click('dialog[open] button[type=submit]');
    const tcfError = page.locator('dialog[open] .field:has(input[name=tcf-purposes]) .field-error');
    await expect.poll(() => tcfError.textContent()).toBe('"consent.tcf_purposes" must be a list of TCF purpose numbers from 1 to 11, e.g. [1, 8, 9, 10]');
    expect(await page.getByLabel('TCF purposes').getAttribute('aria-invalid')).toBe('true');
    expect(await page.isHidden('dialog[open] .form-error')).toBe(true);
    expect((await detail('consent.test')).consent.mode).toBe('banner');

    const sent = await puts(page, async () => {
      await page.getByLabel('TCF purposes').fill('9, 1');
      await save(page);
    });
    expect(sent).toEqual(['/api/v1/sites/consent.test {"consent":{"mode":"tcf","tcf_purposes":[9,1]}}']);
    const saved = await detail('consent.test');
    expect(saved.consent).toMatchObject({ mode: 'tcf', tcf_purposes: [1, 9], refusal_days: 182 });
    const js = await script('consent.test');
    expect(js).toContain('"consent":"tcf"');
    expect(js).toContain('"tcfPurposes":"1,9"');
    expect(problems).toEqual([]);
  });

  test("a bad privacy page address shows the server's message beside the field", async () => {
    const { page, problems } = owner;
    await openEdit(page, 'consent.test');
    const url = page.getByLabel('Privacy policy page');
    // The browser takes it as a URL; the server takes only http and https.
    await url.fill('ftp://example.com/privacy');
    await page.click('dialog[open] button[type=submit]');
    const error = page.locator('dialog[open] .field:has(input[name=privacy-policy-url]) .field-error');
    await expect.poll(() => error.textContent()).toBe(
      '"privacy_policy_url" must be a full http:// or https:// address (at most 2,000 characters), or null',
    );
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('privacy-policy-url');
    expect((await detail('consent.test')).privacy_policy_url).toBeNull();

    await url.fill('https://consent.test/privacy');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect((await detail('consent.test')).privacy_policy_url).toBe('https://consent.test/privacy');
    expect(await script('consent.test')).toContain('"policyUrl":"https://consent.test/privacy"');
    expect(problems).toEqual([]);
  });

  test("the cookie domain: empty is off, a domain the site is not under shows the server's message beside the field, a parent domain switches cookies on", async () => {
    const { page, problems } = owner;
    await openEdit(page, 'consent.test');
    const field = page.getByLabel('Cookie domain');
    expect(await field.inputValue()).toBe('');
    await field.fill('example.com');
    await page.click('dialog[open] button[type=submit]');
    const error = page.locator('dialog[open] .field:has(input[name=cookie-domain]) .field-error');
    await expect.poll(() => error.textContent()).toMatch(/^"cookie_domain" must be the site's domain or a parent of it/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await detail('consent.test')).cookie_domain).toBeNull();

    await field.fill('consent.test');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect((await detail('consent.test')).cookie_domain).toBe('consent.test');
    const js = await script('consent.test');
    expect(js).toContain('"cookieDomain":"consent.test"');
    expect(js).toContain('credentials:"omit"');

    // Emptied, it is off again.
    await openEdit(page, 'consent.test');
    expect(await page.getByLabel('Cookie domain').inputValue()).toBe('consent.test');
    await page.getByLabel('Cookie domain').fill('');
    await save(page);
    expect((await detail('consent.test')).cookie_domain).toBeNull();
    expect(await script('consent.test')).not.toContain('cookieDomain');
    expect(problems).toEqual([]);
  });

  test('Install shows the API’s line, the consent stub for a manual site, and the pinned copy', async () => {
    const { page, problems } = owner;
    await openEdit(page, 'consent.test');
    await page.selectOption('dialog[open] select[name=consent-mode]', 'manual');
    await save(page);
    const site = await detail('consent.test');
    expect(site.consent.mode).toBe('manual');

    await row(page, 'consent.test').locator('button:has-text("Install")').click();
    await page.waitForSelector('dialog[open] .install');
    expect(await page.textContent('dialog[open] .snippet')).toBe(site.snippet);
    expect(site.snippet).toBe(`<script defer src="${lagom.url}/js/consent.test.js"></script>`);
    expect(await page.textContent('dialog[open] .install')).toContain('The line never changes');
    const stub = (await page.textContent('dialog[open] .snippet-consent'))!;
    expect(stub).toContain('window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };');
    expect(stub).toContain("lagom('consent', true)");
    expect(stub).toContain("lagom('consent', false)");

    // The pinned copy, folded away; its bytes are the ones the integrity value names.
    const pinned = page.locator('dialog[open] details.pinned');
    expect(await pinned.locator('.snippet-pinned').isVisible()).toBe(false);
    await pinned.locator('summary').click();
    expect(await pinned.locator('.snippet-pinned').textContent()).toBe(
      `<script defer src="${site.pinned_script_url}" integrity="${site.integrity}" crossorigin="anonymous"></script>`,
    );
    await page.locator('dialog[open]').screenshot({ path: 'test-output/site-settings-install-manual.png' });
    const body = Buffer.from(await (await fetch(site.pinned_script_url)).arrayBuffer());
    expect(`sha384-${createHash('sha384').update(body).digest('base64')}`).toBe(site.integrity);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });

    // A banner site has no stub: the script asks the visitor itself.
    await row(page, SITE).locator('button:has-text("Install")').click();
    await page.waitForSelector('dialog[open] .install');
    expect(await page.textContent('dialog[open] .snippet')).toBe((await detail(SITE)).snippet);
    expect(await page.locator('dialog[open] .snippet-consent').count()).toBe(0);
    expect(await page.textContent('dialog[open] .consent-note')).toContain('Lagom’s small banner');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect(problems).toEqual([]);
  });

  test('a new site takes its features right away, and its snippet is the API’s', async () => {
    const { page, problems } = owner;
    await page.click('button:has-text("Add a site")');
    const offered = page.getByRole('group', { name: 'What to count besides pageviews' });
    expect(await offered.getByRole('switch').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).name))).toEqual([
      'engagement',
      'outbound_links',
      'file_downloads',
      'form_submissions',
    ]);
    await page.fill('#sites input[name=domain]', 'new.test');
    await offered.getByRole('switch', { name: 'Outbound links' }).check();
    await offered.getByRole('switch', { name: 'File downloads' }).check();
    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/sites');
    await page.click('#sites button[type=submit]');
    expect((await posted).postDataJSON()).toEqual({
      domain: 'new.test',
      timezone: expect.any(String),
      tracker_script_configuration: { outbound_links: true, file_downloads: true },
    });
    await page.waitForSelector('#sites .install');
    const site = await detail('new.test');
    expect(site.tracker_script_configuration).toMatchObject({ outbound_links: true, file_downloads: true, engagement: false, form_submissions: false });
    expect(site.consent.mode).toBe('banner');
    expect(await page.textContent('#sites .install .snippet')).toBe(site.snippet);
    const js = await script('new.test');
    expect(js).toContain('Outbound Link: Click');
    expect(js).toContain('File Download');
    expect(js).not.toContain('Form: Submission');
    expect(problems).toEqual([]);
  });

  test('in Swedish, dark, on a 360 px phone', async () => {
    const sv = await openPage(browser, lagom, '/?view=settings', { locale: 'sv-SE', colorScheme: 'dark', viewport: { width: 360, height: 780 } });
    const { page } = sv;
    await signIn(page, lagom);
    await page.waitForSelector('#sites .settings-table');
    await row(page, SITE).locator('button:has-text("Redigera")').click();
    await page.waitForSelector('dialog[open] form.site-settings');
    expect(await page.locator('dialog[open] legend').allTextContents()).toEqual(['Skriptets funktioner', 'Samtycke']);
    expect(await page.getByRole('switch', { name: 'Utgående länkar' }).isChecked()).toBe(false);
    expect(await page.locator('dialog[open] select[name=consent-mode] option:checked').textContent()).toBe('Inbyggd samtyckesruta');
    expect(await page.getByLabel('Fråga igen efter ett nej (dagar)').inputValue()).toBe('182');
    // The switches take the dark theme's colours, and the dialog fits the screen.
    const on = page.getByRole('switch', { name: 'Filnedladdningar' });
    await on.check();
    // (polled: the switch eases into its colour)
    await expect.poll(() => on.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(140, 136, 255)');
    const box = (await page.locator('dialog[open]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(await page.locator('dialog[open]').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: 'test-output/site-settings-sv-dark.png', fullPage: true });
    expect(sv.problems).toEqual([]);
    await sv.context.close();
  });
});
