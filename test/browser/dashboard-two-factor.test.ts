// Two-factor login in real Chromium: enrolling through Settings → Account by reading the secret
// the page shows and computing live codes with otpauth (as an authenticator app would), then
// signing out and in again with a code, and with a recovery code; the owner's "required for
// everyone" switch. The QR code is the server's SVG, an image of the same origin, shown under the
// harness's strict CSP (img-src 'self', no data:).
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { fetchStatus, openPage, settled, signIn } from './dashboard-harness.js';

/** Signed in: the shell shows the account (the view the URL names, Settings here, not the report). */
const signedIn = async (page: Page) => expect(await page.locator('.account-email').textContent()).toBe('owner@example.com');

const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });

describe.skipIf(!hasChromium)('dashboard two-factor login', () => {
  const { lagom, browser } = browserSuite({ sites: ['twofactor.test'] });

  test('enrol in Settings → Account, then sign in with a code and with a recovery code', async () => {
    const { page, problems, context } = await openPage(browser, lagom);
    await signIn(page, lagom);
    await settled(page);
    await page.click('nav >> text=Settings');
    await page.click('#two-factor button:has-text("Set up two-factor login")');

    // The QR code loads as an image (no markup inserted), and the secret is shown to copy.
    const qr = page.locator('#two-factor img.qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^\/api\/auth\/two-factor\/qr\.svg/);
    // decode() rejects for an image that did not load (a CSP refusal, a broken SVG).
    expect(await qr.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(200);
    const secret = (await page.textContent('[data-two-factor-secret] code'))!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong code says so in the page's language; the app's live code switches it on.
    const wrong = codeOf(secret) === '000000' ? '111111' : '000000';
    await page.fill('input[name=two-factor-code]', wrong);
    await page.click('#two-factor button:has-text("Switch on")');
    await expect.poll(() => page.locator('#two-factor .form-error').textContent()).toBe('That code is wrong or was used already. Wait for the next one.');
    await page.fill('input[name=two-factor-code]', codeOf(secret));
    await page.click('#two-factor button:has-text("Switch on")');
    const shown = page.locator('[data-recovery-codes]');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('Keep these codes somewhere safe');
    const codes = (await shown.locator('code').textContent())!.trim().split('\n');
    expect(codes).toHaveLength(10);
    await page.click('[data-recovery-codes] button:has-text("Done")');
    await expect.poll(() => page.locator('[data-two-factor-status]').textContent()).toBe('On');
    expect(await page.textContent('#two-factor')).toContain('10 unused recovery codes left.');

    /** Signs out, then in with the password, and sends `code` where the page asks for it. */
    const again = async (code: string, check?: () => Promise<void>) => {
      await page.click('button:has-text("Sign out")');
      await signIn(page, lagom);
      await page.waitForSelector('input[name=code]');
      await check?.();
      await page.fill('input[name=code]', code);
      await page.click('button[type=submit]');
    };

    // Sign out; the password alone is not enough: the page asks for the code.
    await again(codeOf(secret, 1), async () => {
      expect(await fetchStatus(page, '/api/auth/me')).toBe(401);
      expect(await page.textContent('main')).toContain('Enter the six-digit code from your authenticator app, or one of your recovery codes.');
    });
    await signedIn(page);

    // Again, with a recovery code in place of the app's.
    await again(codes[0]!);
    await signedIn(page);
    // Spent: the same recovery code does not sign in twice.
    await again(codes[0]!);
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('That code is wrong or was used already.');
    await page.fill('input[name=code]', codes[1]!);
    await page.click('button[type=submit]');
    await signedIn(page);

    // The owner's switch: require two-factor login of everyone, and back off. The current
    // setting arrives late here: a click before it must not be undone by its answer.
    const late = '**/api/settings/security';
    await page.route(late, async (route) => {
      if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/settings/security'));
    await page.reload(); // the URL names Settings: it opens afresh, its setting asked for again
    const box = page.locator('#require-two-factor');
    await box.waitFor();
    await box.check();
    await answered;
    await page.unroute(late);
    expect(await box.isChecked()).toBe(true);
    await page.click('#security button:has-text("Save")');
    await expect.poll(() => page.locator('#security .success').isVisible()).toBe(true);
    expect(await page.evaluate(async () => (await (await fetch('/api/settings/security')).json()).require_two_factor)).toBe(true);
    await box.uncheck();
    await page.click('#security button:has-text("Save")');
    await expect.poll(() => page.evaluate(async () => (await (await fetch('/api/settings/security')).json()).require_two_factor)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
