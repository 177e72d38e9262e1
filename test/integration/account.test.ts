import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';
import { counterTotals } from '../../server/store/inspect.js';
import { addDays, todayIn } from '../../server/stats/params.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite('one.test');
  await lagom.addSite('two.test');
});
afterAll(() => lagom.stop());

const jar = () => {
  let cookies: Record<string, string> = {};
  return {
    async fetch(path: string, init: RequestInit = {}) {
      const res = await fetch(`${lagom.url}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          origin: lagom.url,
          cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; '),
          ...(init.headers as Record<string, string>),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, v] = pair!.split('=');
        cookies = { ...cookies, [k!]: v ?? '' };
      }
      return res;
    },
  };
};

async function loggedIn(password = lagom.password) {
  const j = jar();
  const res = await j.fetch('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: lagom.email, password }) });
  expect(res.status).toBe(200);
  return j;
}

describe('compare=previous_period', () => {
  it('answers value and change as Plausible does', async () => {
    for (let i = 0; i < 3; i++) await postEvent(lagom.url, { n: 'pageview', u: 'https://one.test/', d: 'one.test', fv: 1, fs: 1, b: 1 });
    await lagom.flush();
    // The 7 days before tomorrow (period=7d leaves out the day it is about), then the 7 before those.
    const date = addDays(todayIn('UTC'), 1);
    const body = await lagom.stats('aggregate', { site_id: 'one.test', period: '7d', date, metrics: 'visitors,pageviews,bounce_rate', compare: 'previous_period' });
    // The week before had no visits, so no bounce rate to compare with: its change is null.
    expect(body.results).toEqual({
      visitors: { value: 3, change: 100, comparison_value: 0 },
      pageviews: { value: 3, change: 100, comparison_value: 0 },
      bounce_rate: { value: 100, change: null, comparison_value: 0 },
    });
    await expect(lagom.stats('aggregate', { site_id: 'one.test', compare: 'last_year' })).rejects.toThrow(/must be previous_period/);
  });
});

describe('API keys', () => {
  it('lists and revokes; a revoked key stops working', async () => {
    const j = await loggedIn();
    const made = await (await j.fetch('/api/keys', { method: 'POST', body: JSON.stringify({ name: 'ci' }) })).json();
    const { keys } = await (await j.fetch('/api/keys')).json();
    const listed = keys.find((k: { name: string }) => k.name === 'ci');
    expect(listed).toMatchObject({ name: 'ci', prefix: made.key.slice(0, 8) });
    expect(JSON.stringify(keys)).not.toContain(made.key);
    const use = () => fetch(`${lagom.url}/api/v1/sites`, { headers: { authorization: `Bearer ${made.key}` } });
    expect((await use()).status).toBe(200);
    expect((await j.fetch(`/api/keys/${listed.id}`, { method: 'DELETE', body: '{}' })).status).toBe(200);
    expect((await use()).status).toBe(401);
  });
});

describe('shared links', () => {
  it('give read-only access to one site, behind an optional password, until revoked', async () => {
    const j = await loggedIn();
    const res = await j.fetch('/api/v1/sites/one.test/shared-links', { method: 'POST', body: JSON.stringify({ name: 'team', password: 'open sesame' }) });
    expect(res.status).toBe(201);
    const link = await res.json();
    const token = link.url.split('/').pop();
    expect(link).toMatchObject({ name: 'team', has_password: true });

    const visitor = jar();
    const stats = (site: string) => visitor.fetch(`/api/v1/stats/aggregate?site_id=${site}&metrics=pageviews&period=day`, { headers: { 'x-lagom-share': token } });
    expect(await (await visitor.fetch(`/api/share/${token}`)).json()).toEqual({ domain: 'one.test', display_domain: 'one.test', timezone: 'UTC', has_password: true, unlocked: false });
    const locked = await stats('one.test');
    expect([locked.status, ((await locked.json()) as { code: string }).code]).toEqual([401, 'share_locked']);
    const wrong = await visitor.fetch(`/api/share/${token}/unlock`, { method: 'POST', body: JSON.stringify({ password: 'wrong one' }) });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'Wrong password', code: 'wrong_share_password' }]);
    expect((await visitor.fetch(`/api/share/${token}/unlock`, { method: 'POST', body: JSON.stringify({ password: 'open sesame' }) })).status).toBe(200);
    const ok = await stats('one.test');
    expect(ok.status).toBe(200);
    expect((await ok.json()).results.pageviews.value).toBe(3);
    expect((await stats('two.test')).status).toBe(403);
    expect((await visitor.fetch('/api/v1/sites', { headers: { 'x-lagom-share': token } })).status).toBe(401);
    expect((await (await j.fetch('/api/v1/sites/one.test/shared-links')).json()).links).toHaveLength(1);
    expect((await j.fetch(`/api/shared-links/${link.id}`, { method: 'DELETE', body: '{}' })).status).toBe(200);
    const revoked = await stats('one.test');
    expect([revoked.status, ((await revoked.json()) as { code: string }).code]).toEqual([401, 'share_revoked']);
    const gone = await visitor.fetch(`/api/share/${token}`);
    expect([gone.status, await gone.json()]).toEqual([404, { error: 'This shared link does not exist or was revoked', code: 'share_not_found' }]);
    expect((await fetch(`${lagom.url}/share/${token}`)).status).toBe(200);
  });
});

describe('data export', () => {
  it('gives everything stored for a site as CSV', async () => {
    const res = await fetch(`${lagom.url}/api/v1/sites/one.test/export`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = (await res.text()).trim().split('\n');
    expect(header).toContain('"granularity","period_start","name","path"');
    expect(header).toContain('"pageviews"');
    expect(rows.length).toBeGreaterThan(0);
    const cols = header!.split(',');
    const pv = cols.indexOf('"pageviews"');
    expect(rows.reduce((sum, r) => sum + Number(r.split(',')[pv]), 0)).toBe(3);
    expect(rows.join('\n')).not.toContain('two.test');
  });
});

describe('sites', () => {
  it('deletes a site with all its data', async () => {
    await postEvent(lagom.url, { n: 'pageview', u: 'https://two.test/', d: 'two.test', fv: 1 });
    await lagom.flush();
    const j = await loggedIn();
    expect((await j.fetch('/api/v1/sites/two.test', { method: 'DELETE', body: '{}' })).status).toBe(200);
    expect((await j.fetch('/api/v1/sites/two.test')).status).toBe(404);
    expect((await counterTotals(lagom.server.store, 'counters_hourly', { site: 'two.test' })).rows).toBe(0);
    expect((await postEvent(lagom.url, { n: 'pageview', u: 'https://two.test/', d: 'two.test' })).headers.get('x-lagom-dropped')).toBe('unknown_site');
  });
});

describe('account', () => {
  it('changes the password, ending other sessions', async () => {
    const a = await loggedIn();
    const b = await loggedIn();
    expect((await a.fetch('/api/auth/password', { method: 'POST', body: JSON.stringify({ current_password: 'nope nope', new_password: 'another long one' }) })).status).toBe(403);
    expect((await a.fetch('/api/auth/password', { method: 'POST', body: JSON.stringify({ current_password: lagom.password, new_password: 'another long one' }) })).status).toBe(200);
    expect((await a.fetch('/api/auth/me')).status).toBe(200);
    expect((await b.fetch('/api/auth/me')).status).toBe(401);
    const c = await loggedIn('another long one');
    expect((await c.fetch('/api/auth/logout-everywhere', { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await a.fetch('/api/auth/me')).status).toBe(401);
    expect((await c.fetch('/api/auth/me')).status).toBe(401);
  });
});
