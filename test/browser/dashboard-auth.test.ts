// Signing in and out, and the account, in real Chromium: a wrong password, throttling after
// repeated failures, setup and reset links that are no longer valid, a password reset, changing the password, and signing out everywhere.
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { issueToken } from '../../server/auth/tokens.js';
import { records } from '../../server/store/records.js';
import { fetchStatus, openPage, settled, signIn } from './dashboard-harness.js';

describe.skipIf(!hasChromium)('dashboard sign-in and account', () => {
  const { lagom, browser } = browserSuite({ sites: ['auth.test'] });

  test('an unknown or used setup link says so at once, without a form, and links to sign-in', async () => {
    const { page, problems, context } = await openPage(browser, lagom, '/setup?token=not-a-real-token');
    await page.waitForSelector('h1:has-text("Create the owner account")');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/^This setup link is no longer valid: it was used already/);
    expect(await page.locator('input[name=password]').count()).toBe(0);
    await page.click('a:has-text("Go to sign-in")');
    await page.waitForSelector('h1:has-text("Sign in to Lagom")');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('an unknown reset link says so; a live one sets the password and signs in', async () => {
    const { page, problems, context } = await openPage(browser, lagom, '/reset?token=not-a-real-token');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/^This reset link is no longer valid/);
    expect(await page.locator('input[name=password]').count()).toBe(0);
    // The link `lagom reset-password` prints (the CLI itself is tested in reset-password.test.ts).
    const token = await issueToken(records(lagom.server.store), lagom.email, 'reset', 1);
    await page.goto(`${lagom.url}/reset?token=${token}`);
    await page.waitForSelector('h1:has-text("Choose a new password")');
    // The form appears once the server has said the link is live, with the account it is for.
    await page.waitForSelector('input[name=password]');
    expect(await page.textContent('main')).toContain(lagom.email);
    const next = 'a brand new passphrase';
    await page.fill('input[name=password]', next);
    await page.click('button[type=submit]');
    await settled(page);
    expect(await page.textContent('.account-email')).toBe(lagom.email);
    expect(new URL(page.url()).pathname).toBe('/');
    // Put the password back for the rest of this file, through the account form's API.
    const back = await page.evaluate(
      async ([current, again]) =>
        (await fetch('/api/auth/password', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ current_password: current, new_password: again }),
        })).status,
      [next, lagom.password],
    );
    expect(back).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a wrong password shows an error and stays on the sign-in form; the right one signs in', async () => {
    const { page, problems, context } = await openPage(browser, lagom);
    await page.waitForSelector('input[name=password]');
    await signIn(page, lagom, 'not the password');
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('Wrong email or password');
    expect(await page.locator('.report').count()).toBe(0);
    await page.fill('input[name=password]', lagom.password);
    await page.click('button[type=submit]');
    await settled(page);
    expect(await page.textContent('.account-email')).toBe(lagom.email);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('after five failures for an account the form says how long to wait', async () => {
    const { page, problems, context } = await openPage(browser, lagom);
    await page.waitForSelector('input[name=password]');
    // Another account: throttling the owner would lock the rest of this file out for 15 minutes.
    const email = 'someone-else@example.com';
    for (let i = 0; i < 5; i++) {
      await signIn(page, lagom, `guess ${i}`, email);
      // Each answer waits for a scrypt check, over a second on a loaded machine: the polls' time-out
      // in vitest.config.ts allows for it.
      await expect.poll(() => page.locator('.form-error').textContent()).toBe('Wrong email or password');
      // Emptied, so the next round waits for its own answer rather than reading this one.
      await page.evaluate(() => {
        const error = document.querySelector('.form-error')!;
        error.textContent = '';
        error.setAttribute('hidden', '');
      });
    }
    await signIn(page, lagom, 'guess 6', email);
    await expect.poll(() => page.locator('.form-error').textContent()).toMatch(/^Too many failed attempts\. Try again in 1[45] minutes\.$/);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('signing out returns to the sign-in form and ends the session', async () => {
    const { page, problems, context } = await openPage(browser, lagom);
    await signIn(page, lagom);
    await settled(page);
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('input[name=password]');
    expect(await fetchStatus(page, '/api/auth/me')).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('changing the password checks the current one, and the new one is the one that works', async () => {
    const { page, problems, context } = await openPage(browser, lagom, '/?view=settings');
    await signIn(page, lagom);
    await page.waitForSelector('#account');
    const next = 'a brand new passphrase';
    const submit = () => page.click('#account form:has(input[name=current-password]) button[type=submit]');
    await page.fill('input[name=current-password]', 'not the password');
    await page.fill('input[name=new-password]', next);
    await page.fill('input[name=repeat-password]', next);
    await submit();
    await expect.poll(() => page.locator('#account .form-error').first().textContent()).toBe('The current password is wrong.');
    await page.fill('input[name=current-password]', lagom.password);
    await page.fill('input[name=repeat-password]', `${next}!`);
    await submit();
    await expect.poll(() => page.locator('#account .form-error').first().textContent()).toBe('The new passwords differ.');
    await page.fill('input[name=repeat-password]', next);
    await submit();
    await expect.poll(() => page.locator('#account .success').isVisible()).toBe(true);
    // This session lives on; the old password no longer signs in.
    expect(await fetchStatus(page, '/api/auth/me')).toBe(200);
    const old = await fetch(`${lagom.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: lagom.url }, body: JSON.stringify({ email: lagom.email, password: lagom.password }) });
    expect(old.status).toBe(401);
    lagom.password = next;
    expect(problems).toEqual([]);
    await context.close();
  });

  test('signing out everywhere ends this session and every other one', async () => {
    const other = await openPage(browser, lagom);
    await signIn(other.page, lagom);
    await settled(other.page);
    const { page, problems, context } = await openPage(browser, lagom, '/?view=settings');
    await signIn(page, lagom);
    await page.waitForSelector('#account');
    await page.click('button:has-text("Sign out everywhere")');
    await page.waitForSelector('input[name=password]');
    expect(await fetchStatus(page, '/api/auth/me')).toBe(401);
    expect(await fetchStatus(other.page, '/api/auth/me')).toBe(401);
    // The other tab's next request finds the session gone and shows the sign-in form.
    await other.page.selectOption('select[name=period]', '7d');
    await other.page.waitForSelector('input[name=password]');
    expect(await other.page.textContent('.auth-card .muted')).toBe('Your session has ended. Sign in again.');
    expect([...problems, ...other.problems]).toEqual([]);
    await context.close();
    await other.context.close();
  });
});
