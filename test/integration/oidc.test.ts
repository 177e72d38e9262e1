// Single sign-on against a real OpenID provider (oidc-provider, started here): the flow through
// its forms, the role its groups give on every sign-in, each refusal with its code, and the
// bounds of what the provider can do (docs/security.md, "A compromised identity provider").
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/core/config.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { Jar, freePort, reachCallback, signInAt, startProvider, type TestProvider } from '../helpers/oidc-provider.js';

const GROUPS = { LAGOM_OIDC_OWNER_GROUPS: 'lagom-owners', LAGOM_OIDC_ADMIN_GROUPS: 'lagom-admins', LAGOM_OIDC_VIEWER_GROUPS: 'staff,interns' };

/** A provider, and the settings of a Lagom that will listen on `url` and use it. */
async function setUp(): Promise<{ provider: TestProvider; url: string; env: Record<string, string> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const provider = await startProvider(`${url}/api/auth/oidc/callback`);
  const env = {
    PORT: String(port),
    LAGOM_PUBLIC_URL: url,
    LAGOM_OIDC_ISSUER: provider.issuer,
    LAGOM_OIDC_CLIENT_ID: provider.clientId,
    LAGOM_OIDC_CLIENT_SECRET: provider.clientSecret,
    LAGOM_OIDC_NAME: 'Example ID',
    LAGOM_OIDC_SCOPES: 'openid email groups',
    ...GROUPS,
  };
  return { provider, url, env };
}

const refusal = (res: Response) => {
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!, 'http://x').searchParams.get('sign_in_error');
};

async function me(url: string, jar: Jar): Promise<{ status: number; body: any }> {
  const res = await jar.get(`${url}/api/auth/me`);
  return { status: res.status, body: await res.json() };
}

/** A copy of a browser's cookies: the same session kept in a second place. */
const copy = (jar: Jar) => Object.assign(new Jar(), { cookies: new Map(jar.cookies) });

describe('single sign-on, with password sign-in on', () => {
  let provider: TestProvider;
  let lagom: TestLagom;
  let url: string;

  beforeAll(async () => {
    const set = await setUp();
    provider = set.provider;
    url = set.url;
    lagom = await startLagom(set.env);
    provider.people.set('alice', { email: 'Alice@example.com', email_verified: true, groups: ['lagom-admins'] });
    provider.people.set('bob', { email: 'bob@example.com', email_verified: true, groups: ['sales'] });
    provider.people.set('vera', { email: 'vera@example.com', email_verified: false, groups: ['lagom-owners'] });
    provider.people.set('nomail', { groups: ['lagom-owners'] });
    provider.people.set('ivan', { email: 'ivan@example.com', email_verified: true, groups: ['interns'] });
    // What a compromised provider would assert: the password owner's email, in the owner group.
    provider.people.set('mallory', { email: lagom.email, email_verified: true, groups: ['lagom-owners'] });
  });
  afterAll(async () => {
    await lagom?.stop();
    await provider?.close();
  });

  it('tells the sign-in page both ways in', async () => {
    const res = await fetch(`${url}/api/auth/options`);
    expect(await res.json()).toEqual({ password_login: true, oidc: { name: 'Example ID' }, forgot_password: false });
  });

  it('starts with PKCE, state and nonce, and keeps them in a short-lived HttpOnly cookie', async () => {
    const res = await fetch(`${url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'lagom',
      response_type: 'code',
      redirect_uri: `${url}/api/auth/oidc/callback`,
      scope: 'openid email groups',
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^[\w-]{22,}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lagom_oidc=[^;]+; path=\/api\/auth\/oidc; expires=[^;]+; samesite=lax; httponly$/);
  });

  it('signs a person in with the role their group maps to, creating the account', async () => {
    const jar = new Jar();
    const back = await signInAt(jar, url, 'alice');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    expect(jar.cookies.has('lagom_session')).toBe(true);
    expect(jar.cookies.has('lagom_oidc')).toBe(false);
    expect(await me(url, jar)).toEqual({ status: 200, body: { email: 'alice@example.com', role: 'admin', sites: null, location: 'country' } });
  });

  it('follows the provider at every sign-in: a group changed demotes, a group removed refuses and ends the sessions', async () => {
    const first = new Jar();
    await signInAt(first, url, 'alice');
    const kept = copy(first);
    provider.people.get('alice')!.groups = ['staff'];
    // The same browser again: the provider remembers the person, Lagom reads the groups anew.
    expect((await signInAt(first, url, 'alice')).headers.get('location')).toBe('/');
    expect((await me(url, first)).body.role).toBe('viewer');
    // A session begun before reads the role as it is now.
    expect((await me(url, kept)).body.role).toBe('viewer');
    const viewerWrite = await fetch(`${url}/api/v1/sites`, {
      method: 'POST',
      headers: { cookie: kept.header(), origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'alice.example', timezone: 'UTC' }),
    });
    expect(viewerWrite.status).toBe(403);

    provider.people.get('alice')!.groups = ['sales'];
    const again = new Jar();
    expect(refusal(await signInAt(again, url, 'alice'))).toBe('oidc_no_role');
    expect(again.cookies.has('lagom_session')).toBe(false);
    expect((await me(url, kept)).status).toBe(401);
    expect((await me(url, first)).status).toBe(401);

    // Back in a group, back in: the account was kept, only its sessions ended.
    provider.people.get('alice')!.groups = ['lagom-admins'];
    const back = new Jar();
    await signInAt(back, url, 'alice');
    expect((await me(url, back)).body).toMatchObject({ email: 'alice@example.com', role: 'admin' });
  });

  it('takes a single group sent as a string', async () => {
    provider.people.set('ivan', { email: 'ivan@example.com', email_verified: true, groups: 'interns' as unknown as string[] });
    const jar = new Jar();
    await signInAt(jar, url, 'ivan');
    expect((await me(url, jar)).body.role).toBe('viewer');
  });

  it('refuses a person in no mapped group, with no session and no account', async () => {
    const jar = new Jar();
    expect(refusal(await signInAt(jar, url, 'bob'))).toBe('oidc_no_role');
    expect(jar.cookies.has('lagom_session')).toBe(false);
    expect(await records(lagom.server.store).getUser('bob@example.com')).toBeUndefined();
  });

  it('refuses an email the provider marks unverified, or none', async () => {
    expect(refusal(await signInAt(new Jar(), url, 'vera'))).toBe('oidc_email_unverified');
    expect(refusal(await signInAt(new Jar(), url, 'nomail'))).toBe('oidc_email_unverified');
  });

  it('says so when the person cancels at the provider (access_denied)', async () => {
    const jar = new Jar();
    expect(refusal(await signInAt(jar, url, 'alice', { cancel: true }))).toBe('oidc_refused');
    expect(jar.cookies.has('lagom_session')).toBe(false);
  });

  it('refuses a tampered state, a callback in another browser, and a replayed one', async () => {
    // Stop at the redirect back to Lagom, then answer it three ways.
    const jar = new Jar();
    const callback = new URL(await reachCallback(jar, url, 'ivan'));
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'chosen-by-an-attacker');
    const flowCookie = jar.cookies.get('lagom_oidc')!;
    expect(refusal(await jar.get(tampered.href))).toBe('oidc_state_mismatch');
    // The tampered try spent the flow; put the cookie back to show each check on its own.
    expect(refusal(await new Jar().get(callback.href))).toBe('oidc_state_mismatch');
    jar.cookies.set('lagom_oidc', flowCookie);
    const good = await jar.get(callback.href);
    expect(good.headers.get('location')).toBe('/');
    expect(jar.cookies.has('lagom_session')).toBe(true);
    // The same answer again: its flow is spent.
    expect(refusal(await copy(jar).get(callback.href))).toBe('oidc_state_mismatch');
  });

  it('bounds a compromised provider: a password account is never signed in, changed or signed out by it', async () => {
    const owner = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: lagom.email, password: lagom.password }),
    });
    const ownerJar = new Jar();
    ownerJar.take(owner);
    const jar = new Jar();
    expect(refusal(await signInAt(jar, url, 'mallory'))).toBe('oidc_password_account');
    expect(jar.cookies.has('lagom_session')).toBe(false);
    // Nor by a removed group: the owner's session and role stay.
    provider.people.get('mallory')!.groups = [];
    expect(refusal(await signInAt(new Jar(), url, 'mallory'))).toBe('oidc_password_account');
    expect(await me(url, ownerJar)).toMatchObject({ status: 200, body: { email: lagom.email, role: 'owner' } });
  });

  it('still signs in with a password when that is on', async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: lagom.email, password: lagom.password }),
    });
    expect(res.status).toBe(200);
  });
});

describe('single sign-on only: password sign-in off, no accounts created', () => {
  let provider: TestProvider;
  let server: RunningServer;
  let url: string;
  let dir: string;
  const OWNER = { email: 'breakglass@example.com', password: 'correct horse battery staple' };

  beforeAll(async () => {
    const set = await setUp();
    provider = set.provider;
    url = set.url;
    dir = await mkdtemp(join(tmpdir(), 'lagom-oidc-'));
    server = await startServer(
      loadConfig({
        HOST: '127.0.0.1', LAGOM_DATA_DIR: dir, LAGOM_LOG_LEVEL: 'silent',
        LAGOM_ADMIN_EMAIL: OWNER.email, LAGOM_ADMIN_PASSWORD: OWNER.password,
        LAGOM_PASSWORD_LOGIN: 'false', LAGOM_OIDC_CREATE_USERS: 'false', ...set.env,
      }),
    );
    provider.people.set('newcomer', { email: 'new@example.com', email_verified: true, groups: ['lagom-owners'] });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('tells the sign-in page that only single sign-on is offered', async () => {
    expect(await (await fetch(`${url}/api/auth/options`)).json()).toEqual({ password_login: false, oidc: { name: 'Example ID' }, forgot_password: false });
  });

  it('refuses a password, even the right one, with a code that says why', async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify(OWNER),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'Signing in with a password is turned off; sign in through single sign-on', code: 'password_login_off' });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('does not create an account on a first sign-in', async () => {
    const jar = new Jar();
    expect(refusal(await signInAt(jar, url, 'newcomer'))).toBe('oidc_no_account');
    expect(jar.cookies.has('lagom_session')).toBe(false);
    expect(await records(server.store).getUser('new@example.com')).toBeUndefined();
  });
});

describe('without single sign-on', () => {
  let lagom: TestLagom;
  beforeAll(async () => {
    lagom = await startLagom();
  });
  afterAll(async () => {
    await lagom?.stop();
  });

  it('offers the password only, and its routes answer that it is not set up', async () => {
    expect(await (await fetch(`${lagom.url}/api/auth/options`)).json()).toEqual({ password_login: true, oidc: null, forgot_password: false });
    for (const route of ['start', 'callback?code=x&state=y']) {
      const res = await fetch(`${lagom.url}/api/auth/oidc/${route}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('oidc_off');
    }
  });
});
