import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { tableRows, type Table } from '../../server/store/inspect.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
});
afterAll(() => lagom.stop());

const login = (email: string, password: string, origin = lagom.url) =>
  fetch(`${lagom.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });

describe('owner access', () => {
  it('logs in with the right password only, and throttles repeated failures', async () => {
    const wrong = await login(lagom.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Wrong email or password', code: 'wrong_credentials' });
    for (let i = 0; i < 4; i++) expect((await login('victim@example.com', `guess ${i}`)).status).toBe(401);
    expect((await login('victim@example.com', 'guess 5')).status).toBe(401);
    const throttled = await login('victim@example.com', 'guess 6');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ code: 'too_many_attempts' });
    const ok = await login(lagom.email, lagom.password);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/^lagom_session=[^;]+;.*httponly/i);
  });

  it('stores only a hash of passwords and API keys', async () => {
    const dump = async (table: Table) => JSON.stringify(await tableRows(lagom.server.store, table));
    expect(await dump('users')).not.toContain(lagom.password);
    expect(await dump('users')).toContain('scrypt$');
    expect(await dump('api_keys')).not.toContain(lagom.apiKey);
  });

  it('refuses cross-origin writes with a session cookie (CSRF) and unauthenticated key creation', async () => {
    const ok = await login(lagom.email, lagom.password);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    const create = (headers: Record<string, string>) =>
      fetch(`${lagom.url}/api/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'k' }),
      });
    expect((await create({ cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await create({ origin: lagom.url })).status).toBe(401);
    const made = await create({ cookie, origin: lagom.url });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    const sites = await fetch(`${lagom.url}/api/v1/sites`, { headers: { authorization: `Bearer ${key}` } });
    expect(sites.status).toBe(200);
    // A forged cookie is no session.
    const forged = await fetch(`${lagom.url}/api/auth/me`, { headers: { cookie: `${cookie.slice(0, -3)}abc` } });
    expect(forged.status).toBe(401);
  });

  it('checks the Sites API input', async () => {
    const post = (body: object) =>
      fetch(`${lagom.url}/api/v1/sites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ domain: 'not a domain' })).status).toBe(400);
    const tz = await post({ domain: 'ok.test', timezone: 'Mars/Olympus' });
    expect(tz.status).toBe(400);
    expect(await tz.json()).toEqual({ error: expect.stringContaining('"timezone"'), code: 'invalid_timezone' });
    expect((await post({ domain: 'WWW.Ok.Test', timezone: 'Europe/Stockholm' })).status).toBe(200);
    const got = await fetch(`${lagom.url}/api/v1/sites/ok.test`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(await got.json()).toMatchObject({ domain: 'ok.test', display_domain: 'ok.test', timezone: 'Europe/Stockholm', script_url: expect.stringContaining('/js/ok.test.js') });
  });
});

describe('serving', () => {
  it('serves the tracker with caching headers and answers health checks', async () => {
    const res = await fetch(`${lagom.url}/lagom.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await fetch(`${lagom.url}/lagom.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${lagom.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${lagom.url}/readyz`)).json()).toEqual({ status: 'ready', spool_batches: 0 });
    const page = await fetch(`${lagom.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // The tracker is loaded by other sites' pages: no page policies on it, but no sniffing either.
    const tracker = await fetch(`${lagom.url}/lagom.js`);
    expect(tracker.headers.get('content-security-policy')).toBeNull();
    expect(tracker.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${lagom.url}/../package.json`)).status).toBe(404);
    // No route: the same JSON error as every other refusal.
    const unknown = await fetch(`${lagom.url}/no/such/page`);
    expect([unknown.status, unknown.headers.get('content-type'), await unknown.json()]).toEqual([
      404, 'application/json; charset=utf-8', { error: 'Not found: GET /no/such/page', code: 'not_found' },
    ]);
  });
});
