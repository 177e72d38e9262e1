// Account security in real Chromium: Settings → Account lists the signed-in browsers and signs
// one out; Settings → API keys makes keys with scopes and sites and lists them; Settings →
// Audit log shows the changes to owners and admins, and is not offered to a viewer.
import { describe, expect, test } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { records } from '../../server/store/records.js';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, signIn, type Opened } from './dashboard-harness.js';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.skipIf(!hasChromium)('dashboard account security', () => {
  const { lagom, browser } = browserSuite({ sites: ['a.test', 'b.test'] });
  let owner: Opened;

  /** Signs the owner in elsewhere, as another browser would (or a thief with the password). */
  const elsewhere = async (): Promise<string> => {
    const res = await fetch(`${lagom.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: lagom.url, 'user-agent': FIREFOX_LINUX },
      body: JSON.stringify({ email: lagom.email, password: lagom.password }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  const me = (cookie: string) => fetch(`${lagom.url}/api/auth/me`, { headers: { cookie } }).then((r) => r.status);

  test('Settings → Account lists the signed-in browsers and signs one out', async () => {
    const other = await elsewhere();
    owner = await openPage(browser, lagom);
    const { page, problems } = owner;
    await signIn(page, lagom);
    await page.click('nav >> text=Settings');
    const rows = page.locator('#account .sessions tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const firefox = rows.filter({ hasText: 'Firefox on Linux' });
    const mine = rows.filter({ hasText: 'This browser' });
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('button').count()).toBe(0);
    expect(await firefox.count()).toBe(1);
    // Times, not an address: the row is device, signed in, last active.
    const cells = await firefox.first().locator('td').allTextContents();
    expect(cells[0]).toBe('Firefox on Linux');
    expect(cells[1]).toMatch(/\d/);
    expect(cells.join(' ')).not.toMatch(/127\.0\.0\.1|Mozilla/);
    expect(await me(other)).toBe(200);
    await firefox.first().locator('button:has-text("Sign out")').click();
    await expect.poll(() => firefox.count()).toBe(0);
    expect(await me(other)).toBe(401);
    expect(await mine.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  test('Settings → API keys: a key with scopes and sites, listed with them, that does what they say', async () => {
    const { page, problems } = owner;
    const sitePut = (key: string, domain: string) =>
      fetch(`${lagom.url}/api/v1/sites/${domain}`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"timezone":"Europe/Stockholm"}' }).then((r) => r.status);

    await page.fill('input[name=key-name]', 'deploys');
    await page.check('#key-scope-sites-write');
    await page.check('#key-site-a\\.test');
    await page.click('#keys button[type=submit]');
    const writer = (await page.locator('#keys .one-time code').textContent({ timeout: 10_000 }))!;
    const row = page.locator('#keys tbody tr', { hasText: 'deploys' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.key-scopes').textContent()).toBe('Read stats, Manage sites');
    expect(await row.locator('.key-sites').textContent()).toBe('a.test');
    expect(await sitePut(writer, 'a.test')).toBe(200);
    expect(await sitePut(writer, 'b.test')).toBe(404);

    // The form starts again at "read only, every site".
    expect(await page.isChecked('#key-scope-sites-write')).toBe(false);
    await page.fill('input[name=key-name]', 'reports');
    await page.click('#keys button[type=submit]');
    const reports = page.locator('#keys tbody tr', { hasText: 'reports' });
    await expect.poll(() => reports.count()).toBe(1);
    expect(await reports.locator('.key-scopes').textContent()).toBe('Read stats');
    expect(await reports.locator('.key-sites').textContent()).toBe('All your sites');
    const reader = (await page.locator('#keys .one-time code').textContent())!;
    expect(await sitePut(reader, 'a.test')).toBe(403);
    expect(problems).toEqual([]);
  });

  test('Settings → Audit log shows the changes, newest first, and an owner sets how long they stay', async () => {
    const { page, problems } = owner;
    await page.reload();
    await page.click('nav >> text=Settings');
    const entries = page.locator('#audit tbody tr');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(3);
    const actions = await entries.locator('td:nth-child(3)').allTextContents();
    expect(actions.slice(0, 4)).toEqual(['key.create', 'site.update', 'key.create', 'session.revoke']);
    const first = await entries.first().locator('td').allTextContents();
    expect(first[1]).toBe(lagom.email);
    expect(first[3]).toMatch(/^reports \(lgm_.{4}\)$/);
    expect(first.join(' ')).not.toMatch(/lgm_[A-Za-z0-9_-]{20,}/);
    // The key's own change is signed by the key.
    expect(await entries.nth(1).locator('td').nth(1).textContent()).toMatch(/^API key lgm_/);

    expect(await page.inputValue('input[name=audit-retention]')).toBe('400');
    await page.fill('input[name=audit-retention]', '200');
    await page.click('#audit button[type=submit]');
    await expect.poll(() => entries.first().locator('td:nth-child(3)').textContent()).toBe('instance.audit_retention');
    expect(await entries.first().locator('td:nth-child(5)').textContent()).toBe('days: 200; was: 400');
    expect(problems).toEqual([]);
  });

  test('a viewer is offered neither the audit log nor keys that write', async () => {
    await records(lagom.server.store).putUser({ email: 'viewer@example.com', password_hash: await hashPassword('a viewer passphrase'), session_epoch: 0, role: 'viewer', sites: [] });
    const viewer = await openPage(browser, lagom);
    const { page, problems } = viewer;
    await signIn(page, lagom, 'a viewer passphrase', 'viewer@example.com');
    await page.click('nav >> text=Settings');
    await page.waitForSelector('#keys form');
    await page.waitForSelector('#account .sessions tbody tr');
    expect(await page.locator('#audit').count()).toBe(0);
    expect(await page.isHidden('nav.subnav a[href="#audit"]')).toBe(true);
    expect(await page.locator('#key-scope-sites-write').count()).toBe(0);
    expect(await page.textContent('#keys')).toContain('Your role can only read');
    await viewer.context.close();
    expect(problems).toEqual([]);
  });
});
