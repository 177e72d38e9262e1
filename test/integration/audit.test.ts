import { addPerson, callApi, type Headers } from '../helpers/people.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { pruneAudit } from '../../server/auth/audit.js';
import { records } from '../../server/store/records.js';
import type { Role } from '../../protocol/people.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// The audit log: every change to sites, goals, shared links, keys, passwords, sessions and the
// instance's settings writes one entry naming who (an email, or an API key by its prefix), what
// and on what; owners and admins read it, and it is kept as long as the owner says.
let lagom: TestLagom;
const PASSWORD = 'a long enough passphrase';
const store = () => records(lagom.server.store);
let owner: Record<string, string>;

const person = (email: string, role: Role) => addPerson(lagom, email, role, PASSWORD);

const call = (headers: Headers, method: string, path: string, body?: unknown) => callApi(lagom, headers, method, path, body);

const entries = async (query = ''): Promise<any[]> => {
  const answer = await call(owner, 'GET', `/api/audit${query}`);
  expect(answer.status).toBe(200);
  return answer.body.entries;
};

beforeAll(async () => {
  lagom = await startLagom();
  owner = await person('boss@example.com', 'owner');
});
afterAll(() => lagom.stop());

describe('each change writes one entry', () => {
  const key = () => ({ authorization: `Bearer ${lagom.apiKey}` });
  const keyActor = () => `API key ${lagom.apiKey.slice(0, 8)}`;
  const secrets: string[] = [];

  /** Runs the change and expects exactly one new entry, answered. */
  async function change(run: () => Promise<{ status: number; body: any }>, expected: Record<string, unknown>): Promise<any> {
    const before = (await entries('?limit=500')).length;
    const answer = await run();
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    const after = await entries('?limit=500');
    expect(after.length, String(expected.action)).toBe(before + 1);
    expect(after[0]).toMatchObject(expected);
    expect(Date.parse(after[0].at)).toBeGreaterThan(Date.now() - 60_000);
    return answer.body;
  }

  it('sites, by a key and by a person', async () => {
    await change(() => call(key(), 'POST', '/api/v1/sites', { domain: 'audited.test', timezone: 'UTC' }), {
      actor: keyActor(), action: 'site.create', target: 'audited.test', detail: { timezone: 'UTC' },
    });
    await change(() => call(owner, 'PUT', '/api/v1/sites/audited.test', { timezone: 'Europe/Stockholm', privacy_policy_url: 'https://audited.test/privacy' }), {
      actor: 'boss@example.com', action: 'site.update', target: 'audited.test', detail: { timezone: 'Europe/Stockholm', privacy_policy_url: 'https://audited.test/privacy' },
    });
  });

  it('goals: made (not when the same goal is asked for again) and deleted', async () => {
    const goal = { site_id: 'audited.test', goal_type: 'event', event_name: 'Signup' };
    const made = await change(() => call(owner, 'PUT', '/api/v1/sites/goals', goal), {
      actor: 'boss@example.com', action: 'goal.create', target: 'audited.test: Signup', detail: { goal_type: 'event', event_name: 'Signup' },
    });
    const count = (await entries('?limit=500')).length;
    expect((await call(owner, 'PUT', '/api/v1/sites/goals', goal)).status).toBe(200);
    expect((await entries('?limit=500')).length).toBe(count);
    await change(() => call(key(), 'DELETE', `/api/v1/sites/goals/${made.id}?site_id=audited.test`), {
      actor: keyActor(), action: 'goal.delete', target: 'audited.test: Signup',
    });
  });

  it('shared links, without their token or password', async () => {
    const link = await change(() => call(owner, 'POST', '/api/v1/sites/audited.test/shared-links', { name: 'Board', password: 'the link password' }), {
      action: 'link.create', target: 'audited.test: Board', detail: { has_password: true },
    });
    secrets.push(link.url.split('/').pop(), 'the link password');
    await change(() => call(owner, 'DELETE', `/api/shared-links/${link.id}`), { action: 'link.revoke', target: 'audited.test: Board' });
  });

  it('API keys, without the key', async () => {
    const made = await change(() => call(owner, 'POST', '/api/keys', { name: 'ci', scopes: ['stats:read'], sites: ['audited.test'] }), {
      actor: 'boss@example.com', action: 'key.create', detail: { scopes: ['stats:read'], sites: ['audited.test'] },
    });
    secrets.push(made.key, lagom.apiKey);
    const listed = (await call(owner, 'GET', '/api/keys')).body.keys.find((k: { name: string }) => k.name === 'ci');
    expect((await entries())[0].target).toBe(`ci (${listed.prefix})`);
    await change(() => call(owner, 'DELETE', `/api/keys/${listed.id}`), { action: 'key.revoke', target: `ci (${listed.prefix})` });
  });

  it('the retention setting', async () => {
    await change(() => call(owner, 'PUT', '/api/audit/retention', { days: 500 }), {
      actor: 'boss@example.com', action: 'instance.audit_retention', detail: { days: 500, was: 400 },
    });
    expect((await call(owner, 'GET', '/api/audit/retention')).body).toEqual({ days: 500 });
  });

  it('a site deleted', async () => {
    await change(() => call(owner, 'DELETE', '/api/v1/sites/audited.test'), { actor: 'boss@example.com', action: 'site.delete', target: 'audited.test' });
  });

  it('the account: a session signed out, a new password, logging out everywhere', async () => {
    const other = { cookie: await signIn(lagom.url, { email: 'boss@example.com', password: PASSWORD }), origin: lagom.url };
    const sessions = (await call(owner, 'GET', '/api/auth/sessions')).body.sessions;
    const otherId = (await call(other, 'GET', '/api/auth/sessions')).body.sessions.find((s: { current: boolean }) => s.current).id;
    expect(sessions.length).toBeGreaterThan(1);
    await change(() => call(owner, 'DELETE', `/api/auth/sessions/${otherId}`), { actor: 'boss@example.com', action: 'session.revoke', target: 'boss@example.com' });
    const next = 'a second long passphrase';
    secrets.push(PASSWORD, next);
    let fresh = owner;
    await change(async () => {
      const res = await fetch(`${lagom.url}/api/auth/password`, {
        method: 'POST',
        headers: { ...owner, 'content-type': 'application/json' },
        body: JSON.stringify({ current_password: PASSWORD, new_password: next }),
      });
      fresh = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, origin: lagom.url };
      owner = fresh;
      return { status: res.status, body: await res.json() };
    }, { actor: 'boss@example.com', action: 'account.password', target: 'boss@example.com' });
    const before = (await entries('?limit=500')).length;
    expect((await call(fresh, 'POST', '/api/auth/logout-everywhere')).status).toBe(200);
    owner = { cookie: await signIn(lagom.url, { email: 'boss@example.com', password: next }), origin: lagom.url };
    const after = await entries('?limit=500');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ actor: 'boss@example.com', action: 'account.logout_everywhere', target: 'boss@example.com' });
  });

  it('people: invited, the invitation revoked, a role changed, a person removed', async () => {
    const invited = await change(() => call(owner, 'POST', '/api/invitations', { email: 'new@example.com', role: 'viewer' }), {
      actor: 'boss@example.com', action: 'person.invite', target: 'new@example.com', detail: { role: 'viewer', sites: [], mailed: false },
    });
    secrets.push(new URL(invited.url).searchParams.get('token')!);
    await change(() => call(owner, 'DELETE', `/api/invitations/${invited.id}`), { actor: 'boss@example.com', action: 'invitation.revoke', target: invited.id });
    await person('helper@example.com', 'viewer');
    await change(() => call(owner, 'PUT', '/api/people/helper@example.com', { role: 'admin' }), {
      actor: 'boss@example.com', action: 'person.update', target: 'helper@example.com', detail: { role: 'admin' },
    });
    await change(() => call(owner, 'DELETE', '/api/people/helper@example.com'), { actor: 'boss@example.com', action: 'person.remove', target: 'helper@example.com' });
  });

  it('never holds a secret', async () => {
    const text = JSON.stringify(await entries('?limit=500'));
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/scrypt|\$[0-9a-f]{32,}|[0-9a-f]{64}/);
  });
});

describe('reading the log', () => {
  it('is for owners and admins; a viewer and a key get 403', async () => {
    const admin = await person('admin@example.com', 'admin');
    const viewer = await person('viewer@example.com', 'viewer');
    expect((await call(admin, 'GET', '/api/audit')).status).toBe(200);
    expect((await call(admin, 'GET', '/api/audit/retention')).status).toBe(200);
    expect(await call(viewer, 'GET', '/api/audit')).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await call(viewer, 'GET', '/api/audit/retention')).status).toBe(403);
    expect((await call({ authorization: `Bearer ${lagom.apiKey}` }, 'GET', '/api/audit')).status).toBe(403);
    // The retention is the owner's to set.
    expect(await call(admin, 'PUT', '/api/audit/retention', { days: 1 })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it('pages newest first with limit and before', async () => {
    const all = await entries('?limit=500');
    expect(all.length).toBeGreaterThan(10);
    const times = all.map((e) => e.cursor);
    expect([...times].sort().reverse()).toEqual(times);
    const first = await call(owner, 'GET', '/api/audit?limit=3');
    expect(first.body.entries.map((e: { cursor: string }) => e.cursor)).toEqual(times.slice(0, 3));
    const second = await call(owner, 'GET', `/api/audit?limit=3&before=${encodeURIComponent(first.body.before)}`);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.entries.map((e: { cursor: string }) => e.cursor)).toEqual(times.slice(3, 6));
    expect((await call(owner, 'GET', '/api/audit?limit=500')).body.before).toBeNull();
  });

  it('refuses a bad limit, cursor or retention with the reason', async () => {
    expect(await call(owner, 'GET', '/api/audit?limit=0')).toMatchObject({ status: 400, body: { code: 'invalid_field', error: expect.stringContaining('"limit"') } });
    expect(await call(owner, 'GET', '/api/audit?before=yesterday')).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(await call(owner, 'PUT', '/api/audit/retention', { days: 0 })).toMatchObject({ status: 400, body: { code: 'invalid_field', error: expect.stringContaining('"days"') } });
    expect((await call(owner, 'PUT', '/api/audit/retention', { days: '30' })).status).toBe(400);
  });
});

describe('retention', () => {
  it("deletes the entries older than the owner's setting, and only those", async () => {
    const count = (await entries('?limit=500')).length;
    expect((await call(owner, 'PUT', '/api/audit/retention', { days: 1000 })).status).toBe(200);
    const day = 86_400_000;
    // 401 days on: within 1000 days, nothing goes.
    expect(await pruneAudit(store(), Date.now() + 401 * day)).toEqual({ days: 1000 });
    expect((await entries('?limit=500')).length).toBe(count + 1);
    // An entry written "now" and one 30 days later; then 1001 days on from now, the first goes.
    await store().putAuditEntry({ actor: 'test', action: 'site.update', target: 'later.test', detail: '{}' }, Date.now() + 30 * day);
    await pruneAudit(store(), Date.now() + 1001 * day);
    expect((await entries('?limit=500')).map((e) => e.target)).toEqual(['later.test']);
  });
});
