import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth/secrets.js';
import { ACTIVE_EVERY_S } from '../../server/auth/service.js';
import { signSession, SESSION_DAYS } from '../../server/auth/session.js';
import { storedStrings, tableRows, tableShape } from '../../server/store/inspect.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Server-side sessions: the signed-in browsers of an account, each shown by a coarse device and
// its times, each signed out on its own; a new password ends the others. The store keeps the
// hash of a cookie's secret only, and nothing of where a browser was.
let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
});
afterAll(() => lagom.stop());

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
// An address sent as a proxy would: it must not be written anywhere either.
const FORWARDED = '203.0.113.77';

interface Browser {
  cookie: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

async function browser(userAgent: string, password = lagom.password): Promise<Browser> {
  const res = await fetch(`${lagom.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: lagom.url, 'user-agent': userAgent, 'x-forwarded-for': FORWARDED },
    body: JSON.stringify({ email: lagom.email, password }),
  });
  expect(res.status).toBe(200);
  const b: Browser = {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    async call(method, path, body) {
      const answer = await fetch(`${lagom.url}${path}`, {
        method,
        headers: { cookie: b.cookie, origin: lagom.url, 'user-agent': userAgent, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // A new password gives this browser a fresh cookie.
      const set = answer.headers.get('set-cookie');
      if (set?.startsWith('lagom_session=') && !set.startsWith('lagom_session=;')) b.cookie = set.split(';')[0]!;
      const text = await answer.text();
      return { status: answer.status, body: text.startsWith('{') ? JSON.parse(text) : text };
    },
  };
  return b;
}

const secretOf = (cookie: string) => decodeURIComponent(cookie.slice('lagom_session='.length));

describe('the sessions list', () => {
  it('shows each signed-in browser by its coarse device and times, this one marked', async () => {
    const started = Date.now();
    const firefox = await browser(FIREFOX_LINUX);
    const chrome = await browser(CHROME_WINDOWS);
    const { status, body } = await firefox.call('GET', '/api/auth/sessions');
    expect(status).toBe(200);
    const mine = body.sessions.filter((s: { device: string }) => s.device !== 'Unknown browser');
    expect(mine.map((s: { device: string; current: boolean }) => [s.device, s.current]).sort()).toEqual([
      ['Chrome on Windows', false],
      ['Firefox on Linux', true],
    ]);
    for (const s of mine) {
      expect(Object.keys(s).sort()).toEqual(['browser', 'created_at', 'current', 'device', 'id', 'last_active_at', 'os']);
      expect(Date.parse(s.created_at)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
      expect(Date.parse(s.last_active_at)).toBeGreaterThanOrEqual(Date.parse(s.created_at));
      expect(s.id).toMatch(/^[0-9a-f]{16}$/);
    }
    // The list's id is public, not the cookie's secret nor its hash.
    for (const s of mine) expect([secretOf(firefox.cookie), secretOf(chrome.cookie), hashSecret(secretOf(firefox.cookie))]).not.toContain(s.id);
  });

  it('stores no address and no user agent: the table has no column for them and no value holds them', async () => {
    const shape = await tableShape(lagom.server.store, 'sessions');
    expect(shape.columns.map(([name]) => name)).toEqual([
      'token_hash', 'id', 'email', 'browser', 'os', 'epoch', 'created_at', 'last_active_at', 'expires_at', 'revoked', 'version',
    ]);
    const values = (await tableRows(lagom.server.store, 'sessions')).flatMap((r) => Object.values(r).map(String));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(v).not.toContain(FORWARDED);
      expect(v).not.toContain('127.0.0.1');
      expect(v).not.toMatch(/Mozilla|Gecko|AppleWebKit|128\.0|126\.0/);
    }
  });

  it('keeps the hash of the cookie only: the cookie itself is nowhere in the store', async () => {
    const b = await browser(FIREFOX_LINUX);
    const strings = await storedStrings(lagom.server.store);
    expect(strings).not.toContain(secretOf(b.cookie));
    expect(strings.some((v) => v.includes(secretOf(b.cookie)))).toBe(false);
    const hashes = (await tableRows(lagom.server.store, 'sessions')).map((r) => r.token_hash);
    expect(hashes).toContain(hashSecret(secretOf(b.cookie)));
  });

  it('does not write "last active" on every request', async () => {
    const b = await browser(CHROME_WINDOWS);
    const before = (await tableRows(lagom.server.store, 'sessions')).length;
    for (let i = 0; i < 5; i++) expect((await b.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await tableRows(lagom.server.store, 'sessions')).length).toBe(before);
  });

  it('writes "last active" again once a few minutes have passed', async () => {
    const secret = 'a-session-secret-written-by-the-test';
    const now = Math.floor(Date.now() / 1000);
    const idle = { token_hash: hashSecret(secret), id: '00000000000000aa', email: lagom.email, browser: 'Safari', os: 'iOS', created_at: now - 900, expires_at: now + 86400, revoked: 0 };
    const user = (await records(lagom.server.store).getUser(lagom.email))!;
    await records(lagom.server.store).putSession({ ...idle, epoch: user.session_epoch, last_active_at: now - ACTIVE_EVERY_S - 1 });
    const ask = () => fetch(`${lagom.url}/api/auth/me`, { headers: { cookie: `lagom_session=${secret}` } });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const rows = (await tableRows(lagom.server.store, 'sessions')).filter((r) => r.id === idle.id);
    // The test's row and one more, not one per request.
    expect(rows).toHaveLength(2);
    const session = (await records(lagom.server.store).getSession(idle.token_hash))!;
    expect(session.last_active_at).toBeGreaterThanOrEqual(now);
    expect(session.created_at).toBe(now - 900);
  });

  it('is not for API keys: a key has no sessions and ends none', async () => {
    const key = { authorization: `Bearer ${lagom.apiKey}` };
    expect((await fetch(`${lagom.url}/api/auth/sessions`, { headers: key })).status).toBe(403);
    expect((await fetch(`${lagom.url}/api/auth/sessions/0123456789abcdef`, { method: 'DELETE', headers: key })).status).toBe(403);
  });
});

describe('signing a browser out', () => {
  it('ends that session at once, on this node, and leaves the others', async () => {
    const firefox = await browser(FIREFOX_LINUX);
    const chrome = await browser(CHROME_WINDOWS);
    // Chrome's session is in this node's cache now.
    expect((await chrome.call('GET', '/api/auth/me')).status).toBe(200);
    const list = (await chrome.call('GET', '/api/auth/sessions')).body.sessions;
    const chromeId = list.find((s: { current: boolean }) => s.current).id;
    expect(await firefox.call('DELETE', `/api/auth/sessions/${chromeId}`)).toEqual({ status: 200, body: { revoked: true } });
    expect((await chrome.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await firefox.call('GET', '/api/auth/me')).status).toBe(200);
    const after = (await firefox.call('GET', '/api/auth/sessions')).body.sessions.map((s: { id: string }) => s.id);
    expect(after).not.toContain(chromeId);
    // Gone is gone: a second time, and an id that never was, are 404.
    expect(await firefox.call('DELETE', `/api/auth/sessions/${chromeId}`)).toMatchObject({ status: 404, body: { code: 'session_not_found' } });
    expect(await firefox.call('DELETE', '/api/auth/sessions/ffffffffffffffff')).toMatchObject({ status: 404, body: { code: 'session_not_found' } });
  });

  it("cannot end another account's session", async () => {
    const other = 'other@example.com';
    const { hashPassword } = await import('../../server/auth/password.js');
    await records(lagom.server.store).putUser({ email: other, password_hash: await hashPassword('another long passphrase'), session_epoch: 0, role: 'admin', sites: [] });
    const res = await fetch(`${lagom.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: lagom.url },
      body: JSON.stringify({ email: other, password: 'another long passphrase' }),
    });
    const otherCookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const otherAsks = (method: string, path: string) => fetch(`${lagom.url}${path}`, { method, headers: { cookie: otherCookie, origin: lagom.url } });
    const otherId = ((await (await otherAsks('GET', '/api/auth/sessions')).json()) as any).sessions[0].id;
    const owner = await browser(FIREFOX_LINUX);
    expect(await owner.call('DELETE', `/api/auth/sessions/${otherId}`)).toMatchObject({ status: 404, body: { code: 'session_not_found' } });
    expect((await otherAsks('GET', '/api/auth/me')).status).toBe(200);
  });

  it('with "log out": a copy of the cookie stops working too', async () => {
    const b = await browser(FIREFOX_LINUX);
    const copy = b.cookie;
    expect((await b.call('POST', '/api/auth/logout')).status).toBe(200);
    expect((await fetch(`${lagom.url}/api/auth/me`, { headers: { cookie: copy } })).status).toBe(401);
  });
});

describe('a new password', () => {
  it('ends every other session; this browser stays signed in', async () => {
    const here = await browser(FIREFOX_LINUX);
    const there = await browser(CHROME_WINDOWS);
    const stolen = there.cookie;
    const next = 'a brand new passphrase';
    expect((await here.call('POST', '/api/auth/password', { current_password: lagom.password, new_password: next })).status).toBe(200);
    expect((await there.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await fetch(`${lagom.url}/api/auth/me`, { headers: { cookie: stolen } })).status).toBe(401);
    expect((await here.call('GET', '/api/auth/me')).status).toBe(200);
    const left = (await here.call('GET', '/api/auth/sessions')).body.sessions;
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ device: 'Firefox on Linux', current: true });
    // Back to the password the other tests sign in with.
    expect((await here.call('POST', '/api/auth/password', { current_password: next, new_password: lagom.password })).status).toBe(200);
  });

  it('"log out everywhere" ends this one too', async () => {
    const a = await browser(FIREFOX_LINUX);
    const b = await browser(CHROME_WINDOWS);
    expect((await a.call('POST', '/api/auth/logout-everywhere')).status).toBe(200);
    expect((await a.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await b.call('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe("a signed cookie from 0.1.0", () => {
  it('is honoured: it becomes a session of the list, which can be signed out', async () => {
    const secret = (await records(lagom.server.store).getSetting('session_secret'))!;
    const user = (await records(lagom.server.store).getUser(lagom.email))!;
    const old = `lagom_session=${signSession({ e: lagom.email, x: Math.floor(Date.now() / 1000) + SESSION_DAYS * 86400, g: user.session_epoch }, secret)}`;
    const ask = (path: string, method = 'GET') => fetch(`${lagom.url}${path}`, { method, headers: { cookie: old, origin: lagom.url, 'user-agent': FIREFOX_LINUX } });
    expect((await ask('/api/auth/me')).status).toBe(200);
    expect((await ask('/api/auth/me')).status).toBe(200);
    const listed = ((await (await ask('/api/auth/sessions')).json()) as any).sessions.filter((s: { current: boolean }) => s.current);
    expect(listed).toHaveLength(1);
    expect(await storedStrings(lagom.server.store)).not.toContain(secretOf(old));
    const now = await browser(CHROME_WINDOWS);
    expect((await now.call('DELETE', `/api/auth/sessions/${listed[0].id}`)).status).toBe(200);
    expect((await ask('/api/auth/me')).status).toBe(401);
  });

  it('of an older epoch, or forged, is no session', async () => {
    const secret = (await records(lagom.server.store).getSetting('session_secret'))!;
    const user = (await records(lagom.server.store).getUser(lagom.email))!;
    const x = Math.floor(Date.now() / 1000) + 3600;
    for (const cookie of [signSession({ e: lagom.email, x, g: user.session_epoch - 1 }, secret), signSession({ e: lagom.email, x, g: user.session_epoch }, 'not the secret')]) {
      expect((await fetch(`${lagom.url}/api/auth/me`, { headers: { cookie: `lagom_session=${cookie}` } })).status).toBe(401);
    }
  });
});

describe('API keys list', () => {
  it('answers each key with its scopes and sites', async () => {
    await lagom.addSite('keys.test');
    const b = await browser(FIREFOX_LINUX);
    expect((await b.call('POST', '/api/keys', { name: 'reader', scopes: ['stats:read'], sites: ['keys.test'] })).status).toBe(201);
    const keys = (await b.call('GET', '/api/keys')).body.keys;
    expect(keys.find((k: { name: string }) => k.name === 'reader')).toMatchObject({ scopes: ['stats:read'], sites: ['keys.test'] });
    expect(keys.find((k: { name: string }) => k.name === 'tests')).toMatchObject({ scopes: ['stats:read', 'sites:write'], sites: [] });
  });
});
