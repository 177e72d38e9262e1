// Single sign-on in real Chromium against a real OpenID provider (oidc-provider, started here):
// the button, the provider's forms, the dashboard signed in with the mapped role; a refused
// person, a cancelled sign-in and a forged callback each told in words on the sign-in page; a
// group removed at the provider ending the session; and password sign-in turned off.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/core/config.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { freePort, startProvider, type TestProvider } from '../helpers/oidc-provider.js';

const PASSWORD_OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };

/** A provider, a Lagom on a port known beforehand (its callback is registered there), and Chromium. */
function suite(env: Record<string, string>) {
  const ready: { provider?: TestProvider; server?: RunningServer; browser?: Browser; url?: string; dir?: string } = {};
  beforeAll(async () => {
    const port = await freePort();
    ready.url = `http://127.0.0.1:${port}`;
    ready.provider = await startProvider(`${ready.url}/api/auth/oidc/callback`);
    ready.dir = await mkdtemp(join(tmpdir(), 'lagom-oidc-browser-'));
    ready.server = await startServer(
      loadConfig({
        PORT: String(port), HOST: '127.0.0.1', LAGOM_DATA_DIR: ready.dir, LAGOM_LOG_LEVEL: 'silent',
        LAGOM_ADMIN_EMAIL: PASSWORD_OWNER.email, LAGOM_ADMIN_PASSWORD: PASSWORD_OWNER.password,
        LAGOM_PUBLIC_URL: ready.url,
        LAGOM_OIDC_ISSUER: ready.provider.issuer,
        LAGOM_OIDC_CLIENT_ID: ready.provider.clientId,
        LAGOM_OIDC_CLIENT_SECRET: ready.provider.clientSecret,
        LAGOM_OIDC_NAME: 'Example ID',
        LAGOM_OIDC_SCOPES: 'openid email groups',
        LAGOM_OIDC_ADMIN_GROUPS: 'lagom-admins',
        LAGOM_OIDC_VIEWER_GROUPS: 'staff',
        ...env,
      }),
    );
    // The provider's pages load a web font; nothing but this machine is reachable.
    ready.browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']);
  });
  afterAll(async () => {
    await ready.browser?.close();
    await ready.server?.close();
    await ready.provider?.close();
    if (ready.dir) await rm(ready.dir, { recursive: true, force: true });
  });
  return ready as Required<typeof ready>;
}

/** A fresh browser profile on Lagom's sign-in page, collecting the page's errors. */
async function open(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()) && page.url().startsWith(url)) problems.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('h1:has-text("Sign in to Lagom")');
  return { context, page, problems };
}

/** The button, then the provider's login form (unless it remembers the person) and its consent. */
async function signInWithProvider(page: Page, login: string, o: { cancel?: boolean } = {}): Promise<void> {
  await page.click('a:has-text("Sign in with Example ID")');
  await page.waitForSelector('input[name=login], button:has-text("Continue")');
  if (o.cancel) return void (await page.click('a:has-text("Cancel")'));
  if (await page.locator('input[name=login]').count()) {
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything: the test provider takes any');
    await page.click('button:has-text("Sign-in")');
    await page.waitForSelector('button:has-text("Continue")');
  }
  await page.click('button:has-text("Continue")');
}

const me = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/auth/me');
    return { status: res.status, body: res.ok ? await res.json() : null };
  });

const alert = (page: Page) => page.locator('.auth p.notice[role=alert]').textContent();

describe.skipIf(!hasChromium)('single sign-on in the dashboard', () => {
  const ready = suite({});

  test('the button signs in at the provider and lands on the dashboard with the mapped role', async () => {
    ready.provider.people.set('alice', { email: 'alice@example.com', email_verified: true, groups: ['lagom-admins'] });
    const { context, page, problems } = await open(ready.browser, ready.url);
    expect(await page.locator('input[name=password]').count()).toBe(1);
    await signInWithProvider(page, 'alice');
    await page.waitForSelector('.account-email');
    expect(await page.textContent('.account-email')).toBe('alice@example.com');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await me(page)).toEqual({ status: 200, body: { email: 'alice@example.com', role: 'admin', sites: null, location: 'country' } });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a person in no mapped group is refused with a page that says so, and has no session', async () => {
    ready.provider.people.set('bob', { email: 'bob@example.com', email_verified: true, groups: ['sales'] });
    const { context, page, problems } = await open(ready.browser, ready.url);
    await signInWithProvider(page, 'bob');
    await expect.poll(() => alert(page)).toMatch(/^Your account at the identity provider is not in any group that gives access to Lagom/);
    // The code is taken off the address: a reload does not repeat it.
    expect(page.url()).toBe(`${ready.url}/`);
    expect((await me(page)).status).toBe(401);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('lagom_session');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a group removed at the provider: refused at the next sign-in, and the session held elsewhere ends', async () => {
    ready.provider.people.set('carol', { email: 'carol@example.com', email_verified: true, groups: ['staff'] });
    const laptop = await open(ready.browser, ready.url);
    await signInWithProvider(laptop.page, 'carol');
    await laptop.page.waitForSelector('.account-email');
    expect((await me(laptop.page)).body.role).toBe('viewer');

    ready.provider.people.get('carol')!.groups = [];
    const phone = await open(ready.browser, ready.url);
    await signInWithProvider(phone.page, 'carol');
    await expect.poll(() => alert(phone.page)).toMatch(/not in any group that gives access to Lagom/);
    expect((await me(phone.page)).status).toBe(401);

    await laptop.page.reload();
    await laptop.page.waitForSelector('h1:has-text("Sign in to Lagom")');
    expect((await me(laptop.page)).status).toBe(401);
    expect([...laptop.problems, ...phone.problems]).toEqual([]);
    await laptop.context.close();
    await phone.context.close();
  });

  test('cancelling at the provider, and a forged callback, are each told in words', async () => {
    ready.provider.people.set('dan', { email: 'dan@example.com', email_verified: true, groups: ['staff'] });
    const { context, page, problems } = await open(ready.browser, ready.url);
    await signInWithProvider(page, 'dan', { cancel: true });
    await expect.poll(() => alert(page)).toMatch(/^The identity provider did not let you sign in, or you cancelled there/);
    // A callback this browser never started (a link planted by someone else): refused, nothing signed in.
    await page.goto(`${ready.url}/api/auth/oidc/callback?code=stolen-code&state=chosen-by-an-attacker`);
    await expect.poll(() => alert(page)).toMatch(/^This sign-in could not be checked: it did not start in this browser/);
    expect((await me(page)).status).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe.skipIf(!hasChromium)('single sign-on only: password sign-in off', () => {
  const ready = suite({ LAGOM_PASSWORD_LOGIN: 'false' });

  test('the sign-in page shows only the provider, and the API refuses a password', async () => {
    ready.provider.people.set('erin', { email: 'erin@example.com', email_verified: true, groups: ['lagom-admins'] });
    const { context, page, problems } = await open(ready.browser, ready.url);
    await page.waitForSelector('a:has-text("Sign in with Example ID")');
    expect(await page.locator('input[name=password], input[name=email]').count()).toBe(0);
    const refused = await page.evaluate(async (owner) => {
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
      return { status: res.status, code: (await res.json()).code };
    }, PASSWORD_OWNER);
    expect(refused).toEqual({ status: 403, code: 'password_login_off' });
    await signInWithProvider(page, 'erin');
    await page.waitForSelector('.account-email');
    expect((await me(page)).body).toMatchObject({ email: 'erin@example.com', role: 'admin' });
    expect(problems).toEqual([]);
    await context.close();
  });
});
