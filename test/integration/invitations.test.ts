import { callApi } from '../helpers/people.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { hashSecret, randomToken } from '../../server/auth/secrets.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Accepting an invitation: the link is checked first, works once, for 48 hours, and makes the
// account with the role and sites given, signed in at once. A used, expired, revoked or unknown
// link answers why. Mailed invitations: mail.test.ts.
let lagom: TestLagom;
let owner: Record<string, string>;
const A = 'a.test';
const PASSWORD = 'the invitee chose this';
const store = () => records(lagom.server.store);

const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) => callApi(lagom, headers, method, path, body);

async function invite(email: string, role = 'viewer', sites?: string[]): Promise<{ id: string; token: string }> {
  const made = await call(owner, 'POST', '/api/invitations', { email, role, ...(sites && { sites }) });
  expect(made.status).toBe(201);
  return { id: made.body.id, token: new URL(made.body.url).searchParams.get('token')! };
}

const accept = (token: string, password = PASSWORD) => call({}, 'POST', '/api/auth/invite', { token, password });

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(A);
  await lagom.addSite('b.test');
  owner = { cookie: await signIn(lagom.url, { email: lagom.email, password: lagom.password }) };
});
afterAll(() => lagom.stop());

describe('an invitation link', () => {
  it('is checked, then accepted with a password: signed in with the role and sites given', async () => {
    const { token } = await invite('ann@example.com', 'viewer', [A]);
    expect(await call({}, 'GET', `/api/auth/invite/${token}`)).toMatchObject({ status: 200, body: { email: 'ann@example.com', role: 'viewer' } });
    const accepted = await accept(token);
    expect(accepted).toMatchObject({ status: 200, body: { email: 'ann@example.com', role: 'viewer', sites: [A] } });
    expect(await call({ cookie: accepted.cookie! }, 'GET', '/api/auth/me')).toMatchObject({ status: 200, body: { email: 'ann@example.com', role: 'viewer', sites: [A] } });
    // The password chosen signs in later too; the invitation is no longer pending.
    expect(await signIn(lagom.url, { email: 'ann@example.com', password: PASSWORD })).toMatch(/^lagom_session=/);
    expect((await call(owner, 'GET', '/api/invitations')).body.invitations).toEqual([]);
  });

  it('works once: a reused link says it was used', async () => {
    const { token } = await invite('bob@example.com', 'admin');
    expect((await accept(token)).status).toBe(200);
    const again = await accept(token, 'another password here');
    expect(again).toMatchObject({ status: 410, body: { code: 'invitation_used', error: 'This invitation link was used already; sign in instead' } });
    expect(await call({}, 'GET', `/api/auth/invite/${token}`)).toMatchObject({ status: 410, body: { code: 'invitation_used' } });
    // The first password stands.
    expect(await signIn(lagom.url, { email: 'bob@example.com', password: PASSWORD })).toMatch(/^lagom_session=/);
  });

  it('expires after 48 hours and says so', async () => {
    const token = randomToken();
    const created = Math.floor(Date.now() / 1000) - 49 * 3600;
    await store().putInvitation({
      id: 'expired1', token_hash: hashSecret(token), email: 'late@example.com', role: 'viewer', sites: [],
      invited_by: lagom.email, created_at: created, expires_at: created + 48 * 3600, state: 0,
    });
    expect(await call({}, 'GET', `/api/auth/invite/${token}`)).toMatchObject({ status: 410, body: { code: 'invitation_expired', error: 'This invitation link is older than 48 hours; ask for a new one' } });
    expect(await accept(token)).toMatchObject({ status: 410, body: { code: 'invitation_expired' } });
    expect(await store().getUser('late@example.com')).toBeUndefined();
    // Nor is it listed as pending.
    expect((await call(owner, 'GET', '/api/invitations')).body.invitations.map((i: { id: string }) => i.id)).not.toContain('expired1');
  });

  it('revoked, unknown or from an inviter since removed: not found', async () => {
    const revoked = await invite('carl@example.com');
    expect((await call(owner, 'DELETE', `/api/invitations/${revoked.id}`)).status).toBe(200);
    expect(await accept(revoked.token)).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
    expect(await accept('no-such-token')).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
    expect(await call({}, 'GET', '/api/auth/invite/no-such-token')).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });

    // bob (an admin, above) invites a viewer, then is removed: his invitation dies with him.
    const bob = { cookie: await signIn(lagom.url, { email: 'bob@example.com', password: PASSWORD }) };
    const made = await call(bob, 'POST', '/api/invitations', { email: 'dora@example.com', role: 'viewer' });
    expect(made.status).toBe(201);
    expect((await call(owner, 'DELETE', '/api/people/bob@example.com')).status).toBe(200);
    expect(await accept(new URL(made.body.url).searchParams.get('token')!)).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
    expect(await store().getUser('dora@example.com')).toBeUndefined();
  });

  it('wants a good password, and no account of that email made meanwhile', async () => {
    const { token } = await invite('eve@example.com');
    expect(await accept(token, 'short')).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    // The link survives a refused password.
    expect((await call({}, 'GET', `/api/auth/invite/${token}`)).status).toBe(200);
    const other = await invite('fay@example.com');
    await store().putUser({ email: 'fay@example.com', password_hash: 'x', session_epoch: 0, role: 'viewer', sites: [] });
    expect(await accept(other.token)).toMatchObject({ status: 409, body: { code: 'person_exists' } });
    expect((await store().getUser('fay@example.com'))?.password_hash).toBe('x');
  });

  it('refuses a cross-origin accept', async () => {
    const { token } = await invite('gus@example.com');
    expect(await call({ origin: 'https://evil.example' }, 'POST', '/api/auth/invite', { token, password: PASSWORD })).toMatchObject({ status: 403, body: { code: 'cross_origin' } });
  });
});
