import { addPerson, callApi, type Headers } from '../helpers/people.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import type { Role } from '../../protocol/people.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// The People API: who may invite, change and remove whom. An admin manages viewers only, an
// owner everyone, nobody themselves, and the last owner stays. Removing a person ends their
// sessions and stops their keys. Accepting invitations: invitations.test.ts.
let lagom: TestLagom;
const A = 'a.test';
const B = 'b.test';
const PASSWORD = 'a long enough passphrase';
const store = () => records(lagom.server.store);


const person = (email: string, role: Role, sites: string[] = []) => addPerson(lagom, email, role, PASSWORD, sites);

const call = (headers: Headers, method: string, path: string, body?: unknown) => callApi(lagom, headers, method, path, body);

let owner: Headers;
let admin: Headers;
let viewer: Headers;

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(A);
  await lagom.addSite(B);
  owner = { cookie: await signIn(lagom.url, { email: lagom.email, password: lagom.password }), origin: lagom.url };
  admin = await person('admin@example.com', 'admin');
  viewer = await person('viewer@example.com', 'viewer', [A]);
});
afterAll(() => lagom.stop());

describe('inviting', () => {
  it('answers a one-time link, lists the invitation and revokes it', async () => {
    const made = await call(admin, 'POST', '/api/invitations', { email: 'New@Example.com', role: 'viewer', sites: [B] });
    expect(made).toMatchObject({ status: 201, body: { email: 'new@example.com', role: 'viewer', sites: [B], invited_by: 'admin@example.com', mailed: false } });
    expect(made.body.url).toMatch(new RegExp(`^${lagom.url}/invite\\?token=[A-Za-z0-9_-]{32}$`));
    expect(Date.parse(made.body.expires_at) - Date.parse(made.body.created_at)).toBe(48 * 3600_000);
    const listed = await call(owner, 'GET', '/api/invitations');
    expect(listed.body.invitations.map((i: { id: string }) => i.id)).toContain(made.body.id);
    // The link's token is never stored or listed.
    expect(JSON.stringify(listed.body)).not.toContain(made.body.url.split('token=')[1]);
    expect(await call(admin, 'DELETE', `/api/invitations/${made.body.id}`)).toEqual({ status: 200, body: { revoked: true } });
    expect((await call(owner, 'GET', '/api/invitations')).body.invitations.map((i: { id: string }) => i.id)).not.toContain(made.body.id);
    expect(await call(admin, 'DELETE', `/api/invitations/${made.body.id}`)).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
  });

  it('a second invitation of the same email replaces the first', async () => {
    const first = await call(owner, 'POST', '/api/invitations', { email: 'twice@example.com', role: 'admin' });
    const second = await call(owner, 'POST', '/api/invitations', { email: 'twice@example.com', role: 'viewer' });
    const pending = (await call(owner, 'GET', '/api/invitations')).body.invitations.filter((i: { email: string }) => i.email === 'twice@example.com');
    expect(pending.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
    expect(first.body.id).not.toBe(second.body.id);
  });

  it('refuses what the inviter may not give, and bad input, with clear codes', async () => {
    const cases: Array<[Headers, unknown, number, string]> = [
      [admin, { email: 'x@example.com', role: 'admin' }, 403, 'role_not_allowed'],
      [admin, { email: 'x@example.com', role: 'owner' }, 403, 'role_not_allowed'],
      [viewer, { email: 'x@example.com', role: 'viewer' }, 403, 'forbidden'],
      [owner, { email: 'viewer@example.com', role: 'viewer' }, 409, 'person_exists'],
      [owner, { email: 'not an email', role: 'viewer' }, 400, 'invalid_field'],
      [owner, { email: 'x@example.com', role: 'superuser' }, 400, 'invalid_field'],
      [owner, { email: 'x@example.com' }, 400, 'invalid_field'],
      [owner, { email: 'x@example.com', role: 'viewer', sites: ['nowhere.test'] }, 404, 'site_not_found'],
      [owner, { email: 'x@example.com', role: 'viewer', sites: 'a.test' }, 400, 'invalid_field'],
      [owner, { email: 'x@example.com', role: 'admin', sites: [A] }, 400, 'invalid_field'],
    ];
    for (const [who, body, status, code] of cases) {
      const answer = await call(who, 'POST', '/api/invitations', body);
      expect(answer, JSON.stringify(body)).toMatchObject({ status, body: { code } });
      expect(answer.body.error.length).toBeGreaterThan(10);
    }
    expect((await call(owner, 'POST', '/api/invitations', { email: 'viewer@example.com', role: 'viewer' })).body.error).toBe(
      'viewer@example.com has an account already; change its role in Settings → People instead',
    );
    // No invitation was made by any of them.
    expect((await call(owner, 'GET', '/api/invitations')).body.invitations.map((i: { email: string }) => i.email)).not.toContain('x@example.com');
  });

  it('an admin revokes no invitation of an admin', async () => {
    const made = await call(owner, 'POST', '/api/invitations', { email: 'future-admin@example.com', role: 'admin' });
    expect(await call(admin, 'DELETE', `/api/invitations/${made.body.id}`)).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
  });

  it('is no business of an API key, even a full one', async () => {
    const key = { authorization: `Bearer ${lagom.apiKey}` };
    expect(await call(key, 'POST', '/api/invitations', { email: 'k@example.com', role: 'viewer' })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await call(key, 'GET', '/api/people')).status).toBe(403);
  });
});

describe('changing and removing people', () => {
  it('lists people with their roles and sites; a viewer may not', async () => {
    const answer = await call(admin, 'GET', '/api/people');
    expect(answer.status).toBe(200);
    expect(answer.body.people).toEqual(
      expect.arrayContaining([
        { email: 'owner@example.com', role: 'owner', sites: [] },
        { email: 'viewer@example.com', role: 'viewer', sites: [A] },
      ]),
    );
    expect(await call(viewer, 'GET', '/api/people')).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await call(viewer, 'PUT', '/api/people/viewer@example.com', { sites: [] })).status).toBe(403);
  });

  it('an admin changes a viewer\'s sites, but makes nobody admin and touches no admin', async () => {
    const v = 'v2@example.com';
    await person(v, 'viewer');
    expect(await call(admin, 'PUT', `/api/people/${v}`, { sites: [B] })).toEqual({ status: 200, body: { email: v, role: 'viewer', sites: [B] } });
    expect(await call(admin, 'PUT', `/api/people/${v}`, { role: 'admin' })).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    await person('admin2@example.com', 'admin');
    expect(await call(admin, 'PUT', '/api/people/admin2@example.com', { role: 'viewer' })).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect(await call(admin, 'DELETE', '/api/people/admin2@example.com')).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect(await call(admin, 'DELETE', '/api/people/owner@example.com')).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect((await store().getUser('admin2@example.com'))?.role).toBe('admin');
  });

  it('an owner promotes and demotes; sites are for viewers only', async () => {
    const p = 'promoted@example.com';
    const session = await person(p, 'viewer', [A]);
    expect(await call(owner, 'PUT', `/api/people/${p}`, { role: 'admin' })).toEqual({ status: 200, body: { email: p, role: 'admin', sites: [] } });
    // The change holds at once: the same session now writes sites.
    expect((await call(session, 'PUT', `/api/v1/sites/${B}`, { timezone: 'UTC' })).status).toBe(200);
    expect(await call(owner, 'PUT', `/api/people/${p}`, { sites: [A] })).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    expect(await call(owner, 'PUT', `/api/people/${p}`, { role: 'viewer', sites: [B] })).toEqual({ status: 200, body: { email: p, role: 'viewer', sites: [B] } });
    expect((await call(session, 'GET', `/api/v1/sites/${A}`)).status).toBe(404);
    expect(await call(owner, 'PUT', `/api/people/${p}`, {})).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    expect(await call(owner, 'PUT', `/api/people/${p}`, { role: 'god' })).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    expect(await call(owner, 'PUT', '/api/people/nobody@example.com', { role: 'viewer' })).toMatchObject({ status: 404, body: { code: 'person_not_found' } });
  });

  it('nobody changes their own role or removes themselves', async () => {
    expect(await call(admin, 'PUT', '/api/people/admin@example.com', { role: 'viewer' })).toMatchObject({ status: 400, body: { code: 'own_account' } });
    expect(await call(admin, 'DELETE', '/api/people/admin@example.com')).toMatchObject({ status: 400, body: { code: 'own_account' } });
  });

  it('the last owner can be neither demoted nor removed', async () => {
    expect(await call(owner, 'PUT', '/api/people/owner@example.com', { role: 'admin' })).toMatchObject({
      status: 409,
      body: { code: 'last_owner', error: 'owner@example.com is the last owner; make another person owner first' },
    });
    expect(await call(owner, 'DELETE', '/api/people/owner@example.com')).toMatchObject({ status: 409, body: { code: 'last_owner' } });
    // With a second owner, that one may demote the first; the first may not demote itself.
    const second = await person('owner2@example.com', 'owner');
    expect(await call(owner, 'PUT', '/api/people/owner@example.com', { role: 'admin' })).toMatchObject({ status: 400, body: { code: 'own_account' } });
    expect((await call(second, 'PUT', '/api/people/owner@example.com', { role: 'admin' })).status).toBe(200);
    expect(await call(second, 'DELETE', '/api/people/owner2@example.com')).toMatchObject({ status: 409, body: { code: 'last_owner' } });
    expect((await call(second, 'PUT', '/api/people/owner@example.com', { role: 'owner' })).status).toBe(200);
    expect((await store().getUser('owner@example.com'))?.role).toBe('owner');
  });

  it('removing a person ends their sessions and stops their keys, also when the email is invited again', async () => {
    const gone = 'gone@example.com';
    const session = await person(gone, 'viewer');
    const key = { authorization: `Bearer ${(await call(session, 'POST', '/api/keys', { name: 'mine' })).body.key}` };
    expect((await call(key, 'GET', '/api/v1/sites')).status).toBe(200);
    expect(await call(admin, 'DELETE', `/api/people/${gone}`)).toEqual({ status: 200, body: { removed: true } });
    expect(await call(session, 'GET', '/api/auth/me')).toMatchObject({ status: 401 });
    expect(await call(key, 'GET', '/api/v1/sites')).toMatchObject({ status: 401 });
    expect(await call(admin, 'DELETE', `/api/people/${gone}`)).toMatchObject({ status: 404, body: { code: 'person_not_found' } });
    // Invited and accepted again: neither the old cookie nor the old key comes back.
    const invite = await call(admin, 'POST', '/api/invitations', { email: gone, role: 'viewer' });
    const token = invite.body.url.split('token=')[1];
    expect((await call({ origin: lagom.url }, 'POST', '/api/auth/invite', { token, password: PASSWORD })).status).toBe(200);
    expect(await call(session, 'GET', '/api/auth/me')).toMatchObject({ status: 401 });
    expect(await call(key, 'GET', '/api/v1/sites')).toMatchObject({ status: 401 });
  });
});

describe('password reset by mail, without mail configured', () => {
  it('says mail is off, to everyone alike', async () => {
    expect(await call({}, 'GET', '/api/auth/options')).toEqual({ status: 200, body: { password_login: true, oidc: null, forgot_password: false } });
    for (const email of ['owner@example.com', 'nobody@example.com']) {
      expect(await call({ origin: lagom.url }, 'POST', '/api/auth/forgot', { email })).toMatchObject({ status: 400, body: { code: 'mail_not_configured' } });
    }
  });
});
