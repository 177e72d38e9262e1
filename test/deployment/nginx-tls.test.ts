// docs/deployment.md followed to the letter: the built CLI with LAGOM_TRUST_PROXY=1 and an https
// LAGOM_PUBLIC_URL, behind Debian's nginx running the docs' own server block with a self-signed
// certificate. Chromium opens https://stats.example.com: the owner signs in through the page and
// adds the site, a visitor on the site accepts, and the pageview is counted. Beside it, what the
// block must refuse: a client's own X-Forwarded-* headers, and /metrics from outside.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { USER_AGENT } from '../browser/tracker-fixture.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { CHROME_UA } from '../helpers/events.js';
import { docsServerBlock, hasNginx, localise, selfSignedCert, startNginx, viaProxy, type RunningNginx } from '../helpers/nginx.js';
import { runCli, waitFor, type LagomProcess } from '../helpers/process.js';

const HOST = 'stats.example.com';
const PUBLIC_URL = `https://${HOST}`;
const SITE = 'example.com';
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';
/** An address the bundled country database places in Sweden. */
const SWEDEN = '130.237.0.1';

/**
 * A port nobody holds right now. Not PORT=0: with LAGOM_PUBLIC_URL set, `lagom start` prints the
 * public URL, so its own port could not be learnt from its output.
 */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** SIGTERM by PID and wait for the exit; SIGKILL if buffered events take longer than 15 s. */
async function stopProcess(p: LagomProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await p.exited;
  clearTimeout(timer);
}

/** The Stats API through nginx, as the dashboard page reads it: same origin, with its session. */
async function stats(page: Page, path: string, params: Record<string, string>): Promise<unknown> {
  const query = new URLSearchParams({ site_id: SITE, period: 'day', ...params }).toString();
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as { results: unknown }).results : `${res.status} ${await res.text()}`;
  }, `/api/v1/stats/${path}?${query}`);
}

describe.skipIf(!hasChromium || !hasNginx)('behind nginx with TLS, as docs/deployment.md says', () => {
  let dir: string;
  let ca: string;
  let direct: string;
  let lagom: LagomProcess | undefined;
  let nginx: RunningNginx | undefined;
  let browser: Browser | undefined;
  let fixture: Server | undefined;
  /** the owner's dashboard tab, once signed in: the tests after sign-in go on from there */
  let owner: Page | undefined;
  const signedIn = (): Page => {
    if (!owner) throw new Error('the owner is not signed in (see the sign-in test)');
    return owner;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagom-nginx-'));
    const tls = selfSignedCert(dir, HOST);
    ca = tls.pem;
    const port = await freePort();
    direct = `http://127.0.0.1:${port}`;
    lagom = runCli(['start'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      LAGOM_DATA_DIR: join(dir, 'data'),
      LAGOM_PUBLIC_URL: PUBLIC_URL,
      LAGOM_TRUST_PROXY: '1',
      LAGOM_ADMIN_EMAIL: EMAIL,
      LAGOM_ADMIN_PASSWORD: PASSWORD,
      LAGOM_FLUSH_INTERVAL_MS: '200',
    });
    const started = lagom;
    await waitFor(() => started.output().includes('Lagom is running') || started.child.exitCode !== null, 'lagom start');
    if (started.child.exitCode !== null) throw new Error(`lagom start stopped:\n${started.output()}`);
    const serverBlock = localise(docsServerBlock(), { cert: tls.cert, key: tls.key, upstream: `127.0.0.1:${port}` });
    nginx = await startNginx({ dir, serverBlock, host: HOST, ca });
    // Both names lead to this machine: the collector's to nginx on 443, the site's to the
    // fixture server below (on its own port).
    browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP www.${SITE} 127.0.0.1`]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (fixture ? fixture.close(resolve) : resolve(undefined)));
    await nginx?.stop();
    if (lagom) await stopProcess(lagom);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('/metrics is refused through nginx from outside 10.0.0.0/8 and served on Lagom’s own port', async () => {
    expect((await viaProxy({ ca, host: HOST, path: '/metrics' })).status).toBe(403);
    const own = await fetch(`${direct}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('# TYPE');
  });

  test('a login through nginx with a forged X-Forwarded-Host and Origin is refused; the genuine Origin signs in', async () => {
    const login = async (headers: Record<string, string>) => {
      const answer = await viaProxy({
        ca,
        host: HOST,
        path: '/api/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      });
      return { status: answer.status, body: JSON.parse(answer.body) as unknown, cookie: String(answer.headers['set-cookie'] ?? '') };
    };
    const forged = await login({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' });
    expect(forged).toEqual({ status: 403, body: { error: 'Cross-origin request refused', code: 'cross_origin' }, cookie: '' });
    const genuine = await login({ origin: PUBLIC_URL });
    expect({ status: genuine.status, body: genuine.body }).toEqual({ status: 200, body: { email: EMAIL } });
    expect(genuine.cookie).toMatch(/^lagom_session=[^;]+;/);
    expect(genuine.cookie).toMatch(/;\s*secure\b/i);
    expect(genuine.cookie).toMatch(/;\s*httponly\b/i);
  });

  test('the owner signs in through the page at https://stats.example.com/ and gets a Secure, HttpOnly session', async () => {
    const context = await browser!.newContext({ ignoreHTTPSErrors: true, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${PUBLIC_URL}/`);
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', PASSWORD);
    const answered = page.waitForResponse((r) => r.url() === `${PUBLIC_URL}/api/auth/login`);
    await page.click('button[type=submit]');
    const login = await answered;
    // Through nginx, not around it.
    expect(await login.serverAddr()).toEqual({ ipAddress: '127.0.0.1', port: 443 });
    expect(`${login.status()} ${await login.text()}`).toBe(`200 ${JSON.stringify({ email: EMAIL })}`);
    await page.waitForSelector('.onboarding');
    const session = (await context.cookies(PUBLIC_URL)).find((c) => c.name === 'lagom_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    owner = page;
  });

  test('the owner adds the site in the dashboard; its snippet loads the tracker from the public URL', async () => {
    const page = signedIn();
    await page.fill('input[name=domain]', SITE);
    await page.click('button[type=submit]');
    await page.waitForSelector('.install');
    // The site's own script (its consent mode the built-in banner, a new site's default).
    expect(await page.textContent('.snippet')).toBe(`<script defer src="${PUBLIC_URL}/js/${SITE}.js"></script>`);
  });

  test('a visitor who accepts on www.example.com is counted: the event passes nginx (202) and the Stats API says 1', async () => {
    const page = signedIn();
    const snippet = (await page.textContent('.snippet'))!;
    fixture = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>site</title>${snippet}</head><body><h1>Welcome</h1></body></html>`);
    });
    await new Promise<void>((resolve) => fixture!.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://www.${SITE}:${(fixture.address() as AddressInfo).port}/`;
    // An ordinary browser: not flagged as automated (the tracker stays off), not saying
    // "HeadlessChrome" (ingest drops that as a bot).
    const visitor = await browser!.newContext({ userAgent: USER_AGENT, ignoreHTTPSErrors: true });
    await visitor.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
    const tab = await visitor.newPage();
    tab.setDefaultTimeout(10_000);
    const answered = tab.waitForResponse((r) => r.url() === `${PUBLIC_URL}/api/event` && r.request().method() === 'POST');
    await tab.goto(siteUrl);
    await tab.click('button:has-text("Accept")');
    const event = await answered;
    expect(event.request().postDataJSON()).toMatchObject({ n: 'pageview', d: SITE, u: siteUrl });
    expect(event.status()).toBe(202);
    expect(await event.headerValue('x-lagom-dropped')).toBeNull();
    await visitor.close();

    const totals = () => stats(page, 'aggregate', { metrics: 'visitors,pageviews' });
    await expect.poll(totals, { timeout: 10_000 }).toEqual({ visitors: { value: 1 }, pageviews: { value: 1 } });
    await expect.poll(() => page.textContent('.install-status'), { timeout: 10_000 }).toContain('Events are arriving');
  });

  test('the country comes from the address nginx saw, never from an X-Forwarded-For the client sent', async () => {
    const page = signedIn();
    const headers = { 'content-type': 'text/plain', 'user-agent': CHROME_UA, 'x-forwarded-for': SWEDEN };
    const body = JSON.stringify({ v: 1, n: 'pageview', d: SITE, u: `https://www.${SITE}/forged`, e: '/forged', w: 1280, fv: 1, fp: 1, fs: 1, b: 1, fm: 1, dd: 0 });
    // Through nginx the forged address is followed by the one nginx saw (127.0.0.1), which
    // Lagom, trusting one proxy, takes: no country.
    const proxied = await viaProxy({ ca, host: HOST, path: '/api/event', method: 'POST', headers, body });
    expect(proxied.status).toBe(202);
    expect(proxied.headers['x-lagom-dropped']).toBeUndefined();
    // The control: sent around nginx, the same header is the last hop Lagom trusts, so it
    // counts as Sweden. This shows the breakdown below would see a forged country.
    const around = await fetch(`${direct}/api/event`, { method: 'POST', headers, body });
    expect(around.status).toBe(202);
    expect(around.headers.get('x-lagom-dropped')).toBeNull();

    await expect.poll(() => stats(page, 'aggregate', { metrics: 'visitors,pageviews' }), { timeout: 10_000 }).toEqual({
      visitors: { value: 3 },
      pageviews: { value: 3 },
    });
    const countries = (await stats(page, 'breakdown', { property: 'visit:country', metrics: 'visitors' })) as { country: string; visitors: number }[];
    expect(countries.filter((row) => row.country === 'SE')).toEqual([{ country: 'SE', visitors: 1 }]);
  });
});
