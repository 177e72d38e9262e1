import { addPerson, callApi, type Headers } from '../helpers/people.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../protocol/people.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Roles on the server: every route checks what the caller's role may do and which sites it
// reaches; an API key is its creator's role narrowed by its scopes and sites, as the creator is
// now. People are written straight into the store here (invitations have their own tests).
let lagom: TestLagom;
const A = 'a.test';
const B = 'b.test';
const PASSWORD = 'a long enough passphrase';
const store = () => records(lagom.server.store);

const person = (email: string, role: Role, sites: string[] = []) => addPerson(lagom, email, role, PASSWORD, sites);

const call = (headers: Headers, method: string, path: string, body?: unknown) => callApi(lagom, headers, method, path, body);

const stats = (site: string) => `/api/v1/stats/aggregate?site_id=${site}&period=day&metrics=visitors`;
let viewer: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(A);
  await lagom.addSite(B);
  viewer = await person('viewer@example.com', 'viewer', [A]);
  admin = await person('admin@example.com', 'admin');
});
afterAll(() => lagom.stop());

describe('a viewer limited to one site', () => {
  it('says who it is', async () => {
    expect(await call(viewer, 'GET', '/api/auth/me')).toEqual({ status: 200, body: { email: 'viewer@example.com', role: 'viewer', sites: [A], location: 'country' } });
  });

  it('reads its site and nothing of the other, which answers as unknown', async () => {
    expect((await call(viewer, 'GET', stats(A))).status).toBe(200);
    expect(await call(viewer, 'GET', stats(B))).toMatchObject({ status: 404, body: { code: 'site_not_found' } });
    expect((await call(viewer, 'GET', '/api/v1/sites')).body.sites.map((s: { domain: string }) => s.domain)).toEqual([A]);
    expect((await call(viewer, 'GET', `/api/v1/sites/${A}`)).status).toBe(200);
    expect(await call(viewer, 'GET', `/api/v1/sites/${B}`)).toMatchObject({ status: 404, body: { code: 'site_not_found' } });
    expect((await call(viewer, 'GET', `/api/v1/sites/goals?site_id=${A}`)).status).toBe(200);
    expect((await call(viewer, 'GET', `/api/v1/sites/goals?site_id=${B}`)).status).toBe(404);
    expect((await call(viewer, 'GET', `/api/v1/sites/${A}/privacy-text?lang=en`)).status).toBe(200);
    expect((await call(viewer, 'GET', `/api/v1/sites/${B}/privacy-text?lang=en`)).status).toBe(404);
  });

  it('changes nothing: 403 forbidden, naming the role needed', async () => {
    const refusals: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/sites', { domain: 'c.test' }],
      ['PUT', `/api/v1/sites/${A}`, { timezone: 'Europe/Stockholm' }],
      ['DELETE', `/api/v1/sites/${A}`],
      ['GET', `/api/v1/sites/${A}/export`],
      ['PUT', '/api/v1/sites/goals', { site_id: A, goal_type: 'event', event_name: 'Signup' }],
      ['DELETE', `/api/v1/sites/goals/1?site_id=${A}`],
      ['POST', `/api/v1/sites/${A}/shared-links`, { name: 'x' }],
      ['GET', `/api/v1/sites/${A}/shared-links`],
    ];
    for (const [method, path, body] of refusals) {
      const answer = await call(viewer, method, path, body);
      expect(answer, `${method} ${path}`).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(answer.body.error).toMatch(/^Your role \(viewer\) cannot do this; it needs (admin|owner)$/);
    }
    // Nothing changed.
    expect((await call(admin, 'GET', `/api/v1/sites/${A}`)).body.timezone).toBe('UTC');
  });

  it('has read-only keys for its own sites', async () => {
    expect(await call(viewer, 'POST', '/api/keys', { name: 'rw', scopes: ['sites:write'] })).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    expect(await call(viewer, 'POST', '/api/keys', { name: 'b', sites: [B] })).toMatchObject({ status: 404, body: { code: 'site_not_found' } });
    const made = await call(viewer, 'POST', '/api/keys', { name: 'read' });
    expect(made).toMatchObject({ status: 201, body: { scopes: ['stats:read'], sites: [] } });
    const key = { authorization: `Bearer ${made.body.key}` };
    expect((await call(key, 'GET', stats(A))).status).toBe(200);
    expect((await call(key, 'GET', stats(B))).status).toBe(404);
    expect((await call(key, 'PUT', `/api/v1/sites/${A}`, { timezone: 'Europe/Stockholm' })).status).toBe(403);
  });
});

describe('an admin', () => {
  it('manages sites, goals and shared links, but deletes no site', async () => {
    expect((await call(admin, 'POST', '/api/v1/sites', { domain: 'c.test' })).status).toBe(200);
    expect((await call(admin, 'PUT', '/api/v1/sites/c.test', { timezone: 'Europe/Stockholm' })).status).toBe(200);
    expect((await call(admin, 'PUT', '/api/v1/sites/goals', { site_id: 'c.test', goal_type: 'event', event_name: 'Signup' })).status).toBe(200);
    expect((await call(admin, 'POST', '/api/v1/sites/c.test/shared-links', { name: 'board' })).status).toBe(201);
    expect((await call(admin, 'GET', '/api/v1/sites/c.test/export')).status).toBe(200);
    expect(await call(admin, 'DELETE', '/api/v1/sites/c.test')).toMatchObject({ status: 403, body: { code: 'forbidden', error: 'Your role (admin) cannot do this; it needs owner' } });
    const owner = { authorization: `Bearer ${lagom.apiKey}` };
    expect((await call(owner, 'DELETE', '/api/v1/sites/c.test')).status).toBe(200);
  });
});

describe('API keys', () => {
  it('never reach more than their scopes, their sites and their creator as the creator is now', async () => {
    const email = 'changing@example.com';
    const session = await person(email, 'admin');
    const key = async (body: Record<string, unknown>) => ({ authorization: `Bearer ${(await call(session, 'POST', '/api/keys', { name: 'k', ...body })).body.key}` });
    const readOnly = await key({ scopes: ['stats:read'] });
    const onlyA = await key({ sites: [A] });
    const full = await key({});
    expect(await call(readOnly, 'PUT', `/api/v1/sites/${A}`, { timezone: 'Etc/UTC' })).toMatchObject({
      status: 403,
      body: { code: 'forbidden', error: "This API key's scopes do not allow this (it needs sites:write)" },
    });
    expect((await call(readOnly, 'GET', stats(B))).status).toBe(200);
    expect((await call(onlyA, 'GET', stats(B))).status).toBe(404);
    expect((await call(onlyA, 'GET', '/api/v1/sites')).body.sites.map((s: { domain: string }) => s.domain)).toEqual([A]);
    expect((await call(full, 'PUT', `/api/v1/sites/${A}`, { timezone: 'Etc/UTC' })).status).toBe(200);
    // A key makes no keys and changes no password.
    expect((await call(full, 'POST', '/api/keys', { name: 'more' })).status).toBe(403);
    expect((await call(full, 'POST', '/api/auth/password', { current_password: PASSWORD, new_password: 'another long passphrase' })).status).toBe(403);

    // Demoted to a viewer of B: the same key reads B only and writes nothing.
    const user = (await store().getUser(email))!;
    await store().putUser({ ...user, role: 'viewer', sites: [B] });
    expect((await call(full, 'PUT', `/api/v1/sites/${A}`, { timezone: 'Etc/UTC' })).status).toBe(403);
    expect((await call(full, 'GET', stats(A))).status).toBe(404);
    expect((await call(full, 'GET', stats(B))).status).toBe(200);
    expect((await call(onlyA, 'GET', stats(A))).status).toBe(404);
    // Removed: every key of theirs stops.
    await store().removeUser((await store().getUser(email))!);
    expect(await call(full, 'GET', stats(B))).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });
});
