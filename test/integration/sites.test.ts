// The Sites API on the real engine: a site is created once and edited after, time zones are
// stored in the spelling ClickHouse can load, bad rows from before are healed by a migration,
// and internationalised domains work in either form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { migration as healTimezones } from '../../server/store/migrations/0007_canonical_timezones.js';
import { records } from '../../server/store/records.js';
import { tableRows } from '../../server/store/inspect.js';
import { addDays, todayIn } from '../../server/stats/params.js';
import { postEvent } from '../helpers/events.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const IDN = 'xn--rksmrgs-5wao1o.se';
const UNICODE = 'räksmörgås.se';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
});
afterAll(() => lagom?.stop());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${lagom.url}/api/v1/sites${path}`, {
    method,
    headers: { authorization: `Bearer ${lagom.apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const site = (domain: string) => api('GET', `/${encodeURIComponent(domain)}`);
/** The site's own fields of an answer, without its settings and script (tested on their own below). */
const own = ({ status, body }: { status: number; body: Record<string, any> }) => ({
  status,
  body: status === 200 ? { domain: body.domain, display_domain: body.display_domain, timezone: body.timezone } : body,
});
const statsStatus = async (siteId: string) =>
  (await fetch(`${lagom.url}/api/v1/stats/aggregate?${new URLSearchParams({ site_id: siteId, period: '7d', metrics: 'visitors,pageviews' })}`, {
    headers: { authorization: `Bearer ${lagom.apiKey}` },
  })).status;

describe('creating a site', () => {
  it('answers the site with its display name', async () => {
    expect(own(await api('POST', '', { domain: 'made.test', timezone: 'Europe/Stockholm' }))).toEqual({
      status: 200,
      body: { domain: 'made.test', display_domain: 'made.test', timezone: 'Europe/Stockholm' },
    });
    expect((await api('POST', '', { domain: 'no-zone.test' })).body.timezone).toBe('Etc/UTC');
  });

  it('refuses a domain that exists, naming it, and changes nothing', async () => {
    await api('POST', '', { domain: 'dup.test', timezone: 'Europe/Stockholm' });
    const again = await api('POST', '', { domain: 'dup.test', timezone: 'America/New_York' });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatch(/"dup\.test" already exists/);
    // without a time zone it used to reset the site to UTC
    expect((await api('POST', '', { domain: 'www.DUP.test' })).status).toBe(400);
    expect((await site('dup.test')).body.timezone).toBe('Europe/Stockholm');
    const stored = (await tableRows(lagom.server.store, 'sites')).filter((r) => r.domain === 'dup.test');
    expect(stored).toHaveLength(1);
  });

  it('may add a domain again once it was deleted', async () => {
    await api('POST', '', { domain: 'again.test' });
    expect((await api('DELETE', '/again.test', {})).status).toBe(200);
    expect((await api('POST', '', { domain: 'again.test', timezone: 'UTC' })).status).toBe(200);
  });
});

describe('editing a site: PUT /api/v1/sites/:domain', () => {
  it('changes the time zone and answers the site', async () => {
    await api('POST', '', { domain: 'edit.test', timezone: 'UTC' });
    expect(own(await api('PUT', '/edit.test', { timezone: 'Pacific/Auckland' }))).toEqual({
      status: 200,
      body: { domain: 'edit.test', display_domain: 'edit.test', timezone: 'Pacific/Auckland' },
    });
    expect((await site('edit.test')).body.timezone).toBe('Pacific/Auckland');
    expect((await api('GET', '')).body.sites).toContainEqual({ domain: 'edit.test', display_domain: 'edit.test', timezone: 'Pacific/Auckland' });
    expect(await statsStatus('edit.test')).toBe(200);
  });

  it('keeps what is not sent, and the domain', async () => {
    expect((await api('PUT', '/edit.test', {})).body.timezone).toBe('Pacific/Auckland');
    expect((await api('PUT', '/edit.test', { domain: 'edit.test', timezone: 'utc' })).body).toMatchObject({ domain: 'edit.test', timezone: 'UTC' });
    const renamed = await api('PUT', '/edit.test', { domain: 'other.test' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error).toMatch(/"domain" cannot be changed/);
    expect((await site('edit.test')).body.timezone).toBe('UTC');
  });

  it('answers 404 for an unknown site and 400 for a bad time zone', async () => {
    expect((await api('PUT', '/nowhere.test', { timezone: 'UTC' })).status).toBe(404);
    const bad = await api('PUT', '/edit.test', { timezone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/IANA time zone name like Europe\/Stockholm/);
    expect((await site('edit.test')).body.timezone).toBe('UTC');
  });

  it("works with the dashboard's session from its own origin, and not from another", async () => {
    const cookie = await signIn(lagom.url, lagom);
    const put = (origin: string) =>
      fetch(`${lagom.url}/api/v1/sites/edit.test`, {
        method: 'PUT',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ timezone: 'Europe/Stockholm' }),
      });
    expect((await put('https://evil.example')).status).toBe(403);
    expect((await site('edit.test')).body.timezone).toBe('UTC');
    expect((await put(lagom.url)).status).toBe(200);
    expect((await site('edit.test')).body.timezone).toBe('Europe/Stockholm');
    const anonymous = await fetch(`${lagom.url}/api/v1/sites/edit.test`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"timezone":"UTC"}' });
    expect(anonymous.status).toBe(401);
  });
});

describe('time zones', () => {
  it('stores a zone in its canonical spelling, so the Stats API can use it', async () => {
    const made = await api('POST', '', { domain: 'lower.test', timezone: 'europe/stockholm' });
    expect(made.body.timezone).toBe('Europe/Stockholm');
    expect((await site('lower.test')).body.timezone).toBe('Europe/Stockholm');
    expect(await statsStatus('lower.test')).toBe(200);
    expect((await api('PUT', '/lower.test', { timezone: 'AMERICA/NEW_YORK' })).body.timezone).toBe('America/New_York');
    expect(await statsStatus('lower.test')).toBe(200);
  });

  it('refuses a zone that is not one, with a hint', async () => {
    const bad = await api('POST', '', { domain: 'badzone.test', timezone: 'Stockholm' });
    expect(bad).toEqual({ status: 400, body: expect.objectContaining({ error: expect.stringMatching(/got "Stockholm"; did you mean Europe\/Stockholm\?/) }) });
    expect((await site('badzone.test')).status).toBe(404);
  });

  it('heals a site stored by the old code with a zone in the wrong case (migration 0007)', async () => {
    const { store } = lagom.server;
    // What 0.1.0 did: Intl accepted the zone and it was stored as typed.
    await records(store).putSite({ domain: 'legacy.test', timezone: 'europe/stockholm', settings: '{}' });
    await api('GET', ''); // the registry reads the store again
    expect(await statsStatus('legacy.test')).toBe(500);

    for (let run = 0; run < 2; run++) {
      for (const query of healTimezones.statements(store.db)) await store.client.command({ query });
    }
    expect((await api('GET', '')).body.sites).toContainEqual({ domain: 'legacy.test', display_domain: 'legacy.test', timezone: 'Europe/Stockholm' });
    expect(await statsStatus('legacy.test')).toBe(200);
    // once healed, a second run selects nothing: one bad row, one healed row
    const rows = (await tableRows(store, 'sites')).filter((r) => r.domain === 'legacy.test');
    expect(rows.map((r) => r.timezone).sort()).toEqual(['Europe/Stockholm', 'europe/stockholm']);
    // sites that were right are left alone
    expect((await tableRows(store, 'sites')).filter((r) => r.domain === 'made.test')).toHaveLength(1);
  });
});

describe('internationalised domains', () => {
  it('takes the Unicode form, stores the punycode the browser sends, shows Unicode', async () => {
    const made = await api('POST', '', { domain: UNICODE, timezone: 'Europe/Stockholm' });
    expect(own(made)).toEqual({ status: 200, body: { domain: IDN, display_domain: UNICODE, timezone: 'Europe/Stockholm' } });
    expect((await api('POST', '', { domain: IDN })).status).toBe(400);
    expect((await api('POST', '', { domain: 'www.RÄKSMÖRGÅS.se' })).body.error).toMatch(/"räksmörgås\.se" already exists/);
  });

  it('takes the punycode form too', async () => {
    const made = await api('POST', '', { domain: 'xn--mnchen-3ya.de' });
    expect(own(made).body).toEqual({ domain: 'xn--mnchen-3ya.de', display_domain: 'münchen.de', timezone: 'Etc/UTC' });
    expect((await api('POST', '', { domain: 'xn--zz.se' })).status).toBe(400);
  });

  it('finds the site by either form in the Sites API', async () => {
    for (const name of [UNICODE, IDN]) {
      expect(own(await site(name)).body).toEqual({ domain: IDN, display_domain: UNICODE, timezone: 'Europe/Stockholm' });
    }
    expect((await api('PUT', `/${encodeURIComponent(UNICODE)}`, { timezone: 'UTC' })).body).toMatchObject({ domain: IDN, timezone: 'UTC' });
    expect((await api('GET', '')).body.sites).toContainEqual({ domain: IDN, display_domain: UNICODE, timezone: 'UTC' });
  });

  it('counts events sent with either form and answers the Stats API for either', async () => {
    const pageview = { n: 'pageview', u: `https://${IDN}/`, fv: 1, fs: 1, b: 1 };
    // the tracker's default (location.hostname) and a data-site written in Unicode
    for (const d of [IDN, UNICODE]) {
      const res = await postEvent(lagom.url, { ...pageview, d });
      expect(res.status).toBe(202);
      expect(res.headers.get('x-lagom-dropped')).toBeNull();
    }
    await lagom.flush();
    for (const site_id of [IDN, UNICODE]) {
      const body = await lagom.stats('aggregate', { site_id, period: '7d', date: addDays(todayIn('UTC'), 1), metrics: 'visitors,pageviews' });
      expect(body.results).toEqual({ visitors: { value: 2 }, pageviews: { value: 2 } });
    }
    const counted = (await tableRows(lagom.server.store, 'counters_hourly')).filter((r) => String(r.site).includes('rksmrgs'));
    expect(new Set(counted.map((r) => r.site))).toEqual(new Set([IDN]));
  });

  it('deletes by the Unicode form', async () => {
    expect((await api('DELETE', `/${encodeURIComponent(UNICODE)}`, {})).status).toBe(200);
    expect((await site(IDN)).status).toBe(404);
  });
});
