// Configured goals on the real engine: Plausible's goals endpoints of the Sites API (find or
// create, list in pages, delete), their refusals with stable codes, goals going with their site,
// and migration 0008, which gives a site from before goals an event goal per custom event it counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { insertBatch } from '../../server/store/counters.js';
import { tableRows } from '../../server/store/inspect.js';
import { migration as goalsMigration } from '../../server/store/migrations/0008_goals.js';
import { records } from '../../server/store/records.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
  for (const site of ['goals.test', 'pages.test', 'other.test', 'gone.test']) await lagom.addSite(site);
});
afterAll(() => lagom?.stop());

interface Answer {
  status: number;
  body: any;
}
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${lagom.url}/api/v1/sites/goals${path}`, {
    method,
    headers: { authorization: `Bearer ${lagom.apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const put = (body: Record<string, unknown>) => call('PUT', '', body);
const list = async (site: string, query = '') => (await call('GET', `?site_id=${site}${query}`)).body;
const refused = (a: Answer) => ({ status: a.status, code: a.body.code });
const storedGoals = async () => (await tableRows(lagom.server.store, 'goals')) as Array<Record<string, unknown>>;

describe('PUT /api/v1/sites/goals: find or create', () => {
  it('makes an event goal, named after the event unless told otherwise', async () => {
    expect(await put({ site_id: 'goals.test', goal_type: 'event', event_name: 'Signup' })).toEqual({
      status: 200,
      body: { domain: 'goals.test', id: 1, goal_type: 'event', display_name: 'Signup', event_name: 'Signup', page_path: null, currency: null },
    });
    expect((await put({ site_id: 'goals.test', goal_type: 'event', event_name: 'Outbound Link: Click', display_name: 'Clicked out' })).body).toMatchObject({
      id: 2,
      display_name: 'Clicked out',
      event_name: 'Outbound Link: Click',
    });
  });

  it('makes a page goal, shown as "Visit <path>", wildcards and all', async () => {
    expect(await put({ site_id: 'pages.test', goal_type: 'page', page_path: '/blog/**' })).toEqual({
      status: 200,
      body: { domain: 'pages.test', id: 3, goal_type: 'page', display_name: 'Visit /blog/**', event_name: null, page_path: '/blog/**', currency: null },
    });
    expect((await put({ site_id: 'pages.test', goal_type: 'page', page_path: '/register', display_name: 'Registered' })).body.display_name).toBe('Registered');
  });

  it('answers the goal that exists when asked for the same one again, and stores nothing', async () => {
    const before = (await storedGoals()).length;
    const again = await put({ site_id: 'goals.test', goal_type: 'event', event_name: 'Signup', display_name: 'Another name' });
    expect(again.body).toMatchObject({ id: 1, display_name: 'Signup' });
    expect((await put({ site_id: 'pages.test', goal_type: 'page', page_path: '/blog/**' })).body.id).toBe(3);
    expect((await storedGoals()).length).toBe(before);
  });

  it('keeps display names apart within a site, not across sites', async () => {
    const clash = await put({ site_id: 'goals.test', goal_type: 'page', page_path: '/signup', display_name: 'Signup' });
    expect(refused(clash)).toEqual({ status: 400, code: 'goal_name_taken' });
    expect(clash.body.error).toContain('"Signup"');
    expect((await put({ site_id: 'other.test', goal_type: 'event', event_name: 'Something', display_name: 'Signup' })).status).toBe(200);
  });

  it('takes a currency for a revenue goal, in either case', async () => {
    const made = await put({ site_id: 'goals.test', goal_type: 'event', event_name: 'Purchase', currency: 'sek' });
    expect(made.body).toMatchObject({ goal_type: 'event', event_name: 'Purchase', currency: 'SEK' });
    expect((await list('goals.test')).goals.find((g: { id: number }) => g.id === made.body.id).currency).toBe('SEK');
  });

  it.each([
    ['no site_id', { goal_type: 'event', event_name: 'x' }, 400, 'missing_site_id'],
    ['an unknown site', { site_id: 'nowhere.test', goal_type: 'event', event_name: 'x' }, 404, 'site_not_found'],
    ['no goal_type', { site_id: 'goals.test', event_name: 'x' }, 400, 'invalid_goal_type'],
    ['a goal_type Plausible does not have', { site_id: 'goals.test', goal_type: 'scroll', event_name: 'x' }, 400, 'invalid_goal_type'],
    ['no event_name', { site_id: 'goals.test', goal_type: 'event' }, 400, 'invalid_field'],
    ['a blank event_name', { site_id: 'goals.test', goal_type: 'event', event_name: '  ' }, 400, 'invalid_field'],
    ['an event_name too long', { site_id: 'goals.test', goal_type: 'event', event_name: 'e'.repeat(121) }, 400, 'invalid_field'],
    ['no page_path', { site_id: 'goals.test', goal_type: 'page' }, 400, 'invalid_field'],
    ['a page_path not from the root', { site_id: 'goals.test', goal_type: 'page', page_path: 'blog' }, 400, 'invalid_page_path'],
    ['a page_path too long', { site_id: 'goals.test', goal_type: 'page', page_path: `/${'p'.repeat(2000)}` }, 400, 'invalid_field'],
    ['both kinds at once', { site_id: 'goals.test', goal_type: 'event', event_name: 'x', page_path: '/x' }, 400, 'invalid_field'],
    ['a display_name too long', { site_id: 'goals.test', goal_type: 'event', event_name: 'x', display_name: 'd'.repeat(121) }, 400, 'invalid_field'],
    ['an unknown currency', { site_id: 'goals.test', goal_type: 'event', event_name: 'x', currency: 'XYZ' }, 400, 'invalid_currency'],
    ['a currency on a page goal', { site_id: 'goals.test', goal_type: 'page', page_path: '/x', currency: 'EUR' }, 400, 'invalid_currency'],
  ])('refuses %s', async (_what, body, status, code) => {
    const before = (await storedGoals()).length;
    expect(refused(await put(body))).toEqual({ status, code });
    expect((await storedGoals()).length).toBe(before);
  });

  it('is the owner\'s: no key, no goal; a signed-in write from another origin is refused', async () => {
    const res = await fetch(`${lagom.url}/api/v1/sites/goals?site_id=goals.test`);
    expect(res.status).toBe(401);
    const cookie = await signIn(lagom.url, { email: lagom.email, password: lagom.password });
    const cross = await call('PUT', '', { site_id: 'goals.test', goal_type: 'event', event_name: 'x' }, { authorization: '', cookie, origin: 'https://evil.test' });
    expect(refused(cross)).toEqual({ status: 403, code: 'cross_origin' });
    const own = await call('PUT', '', { site_id: 'goals.test', goal_type: 'event', event_name: 'From the dashboard' }, { authorization: '', cookie, origin: lagom.url });
    expect(own.status).toBe(200);
  });
});

describe('GET /api/v1/sites/goals', () => {
  it('lists a site\'s goals newest first, in Plausible\'s shape', async () => {
    expect(await list('pages.test')).toEqual({
      goals: [
        { id: 4, goal_type: 'page', display_name: 'Registered', event_name: null, page_path: '/register', currency: null },
        { id: 3, goal_type: 'page', display_name: 'Visit /blog/**', event_name: null, page_path: '/blog/**', currency: null },
      ],
      meta: { after: null, before: null, limit: 100 },
    });
    expect(await list('gone.test')).toEqual({ goals: [], meta: { after: null, before: null, limit: 100 } });
  });

  it('is not taken for a site named "goals": without site_id it asks for one', async () => {
    expect(refused(await call('GET', ''))).toEqual({ status: 400, code: 'missing_site_id' });
    expect(refused(await call('GET', '?site_id=nowhere.test'))).toEqual({ status: 404, code: 'site_not_found' });
    const site = await fetch(`${lagom.url}/api/v1/sites/goals.test`, { headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(((await site.json()) as { domain: string }).domain).toBe('goals.test');
  });

  it('pages with limit, after and before, ids in number order past 9', async () => {
    for (let i = 1; i <= 12; i++) await put({ site_id: 'other.test', goal_type: 'page', page_path: `/step/${i}` });
    const all = (await list('other.test')).goals.map((g: { id: number }) => g.id);
    expect(all).toHaveLength(13);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(all[0]).toBeGreaterThan(10);

    const first = await list('other.test', '&limit=5');
    expect(first.goals.map((g: { id: number }) => g.id)).toEqual(all.slice(0, 5));
    expect(first.meta).toEqual({ after: String(all[4]), before: null, limit: 5 });
    const second = await list('other.test', `&limit=5&after=${first.meta.after}`);
    expect(second.goals.map((g: { id: number }) => g.id)).toEqual(all.slice(5, 10));
    expect(second.meta).toEqual({ after: String(all[9]), before: String(all[5]), limit: 5 });
    const third = await list('other.test', `&limit=5&after=${second.meta.after}`);
    expect(third.goals.map((g: { id: number }) => g.id)).toEqual(all.slice(10));
    expect(third.meta.after).toBeNull();
    const back = await list('other.test', `&limit=5&before=${second.meta.before}`);
    expect(back.goals.map((g: { id: number }) => g.id)).toEqual(all.slice(0, 5));
    expect(back.meta.before).toBeNull();

    // records.listGoals, which the Stats API reads, in id order as numbers
    const stored = (await records(lagom.server.store).listGoals('other.test')).map((g) => Number(g.id));
    expect(stored).toEqual([...all].reverse());
  });

  it.each([
    ['&limit=0', 'invalid_limit'],
    ['&limit=1001', 'invalid_limit'],
    ['&after=abc', 'invalid_cursor'],
    ['&after=3&before=9', 'invalid_cursor'],
  ])('refuses %s', async (query, code) => {
    expect(refused(await call('GET', `?site_id=other.test${query}`))).toEqual({ status: 400, code });
  });
});

describe('DELETE /api/v1/sites/goals/:goal_id', () => {
  it('deletes a goal named by id with site_id in the body, as Plausible documents, or in the query', async () => {
    const a = (await put({ site_id: 'goals.test', goal_type: 'page', page_path: '/a' })).body.id;
    const b = (await put({ site_id: 'goals.test', goal_type: 'page', page_path: '/b' })).body.id;
    expect(await call('DELETE', `/${a}`, { site_id: 'goals.test' })).toEqual({ status: 200, body: { deleted: true } });
    expect(await call('DELETE', `/${b}?site_id=goals.test`)).toEqual({ status: 200, body: { deleted: true } });
    const ids = (await list('goals.test')).goals.map((g: { id: number }) => g.id);
    expect(ids).not.toContain(a);
    expect(ids).not.toContain(b);
    // the record is a deletion row, and the id is not handed out again
    const again = (await put({ site_id: 'goals.test', goal_type: 'page', page_path: '/a' })).body.id;
    expect(again).toBeGreaterThan(b);
  });

  it('answers 404 for an id the site does not have, and asks for the site', async () => {
    const theirs = (await put({ site_id: 'pages.test', goal_type: 'page', page_path: '/theirs' })).body.id;
    expect(refused(await call('DELETE', `/${theirs}`, { site_id: 'goals.test' }))).toEqual({ status: 404, code: 'goal_not_found' });
    expect(refused(await call('DELETE', '/0', { site_id: 'goals.test' }))).toEqual({ status: 404, code: 'goal_not_found' });
    expect(refused(await call('DELETE', '/abc', { site_id: 'goals.test' }))).toEqual({ status: 404, code: 'goal_not_found' });
    expect(refused(await call('DELETE', `/${theirs}`))).toEqual({ status: 400, code: 'missing_site_id' });
    expect(refused(await call('DELETE', `/${theirs}`, { site_id: 'nowhere.test' }))).toEqual({ status: 404, code: 'site_not_found' });
    expect((await list('pages.test')).goals.map((g: { id: number }) => g.id)).toContain(theirs);
  });
});

describe('a site and its goals', () => {
  it('deleting a site deletes its goals; the same domain added again starts with none', async () => {
    const id = (await put({ site_id: 'gone.test', goal_type: 'event', event_name: 'Signup' })).body.id;
    const del = await fetch(`${lagom.url}/api/v1/sites/gone.test`, { method: 'DELETE', headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(del.status).toBe(200);
    expect(await records(lagom.server.store).listGoals('gone.test')).toEqual([]);
    await lagom.addSite('gone.test');
    expect((await list('gone.test')).goals).toEqual([]);
    expect((await put({ site_id: 'gone.test', goal_type: 'event', event_name: 'Signup' })).body.id).toBeGreaterThan(id);
  });

  it('a new site starts with no goals, whatever it has counted', async () => {
    await lagom.addSite('fresh.test');
    await insertBatch(lagom.server.store, { token: 'fresh', counters: [JSON.stringify({ ...ZERO_ROW, site: 'fresh.test', hour: 3600, name: 'Signup', events: 1 })], recent: [] });
    expect((await list('fresh.test')).goals).toEqual([]);
  });
});

describe('migration 0008: goals for the custom events a site counted before goals', () => {
  it('makes an event goal per custom event name, hourly and daily, once, for live sites only', async () => {
    const { store } = lagom.server;
    await lagom.addSite('upgraded.test');
    await lagom.addSite('deleted.test');
    const hourly = (site: string, name: string) => JSON.stringify({ ...ZERO_ROW, site, hour: 7200, name, events: 1 });
    await insertBatch(store, {
      token: 'upgraded',
      counters: [
        hourly('upgraded.test', 'pageview'), hourly('upgraded.test', 'engagement'), hourly('upgraded.test', 'Signup'),
        hourly('upgraded.test', 'Download'), hourly('deleted.test', 'Signup'),
        // goals.test has a goal for Signup already, and none for this one
        hourly('goals.test', 'Signup'), hourly('goals.test', 'Newsletter'),
      ],
      recent: [],
    });
    const { hour: _hour, ...daily } = ZERO_ROW;
    await store.client.insert({
      table: `${store.db}.counters_daily`,
      values: [{ ...daily, site: 'upgraded.test', day: '2024-01-31', generation: 1, name: 'Outbound Link: Click', events: 2 }],
      format: 'JSONEachRow',
    });
    const del = await fetch(`${lagom.url}/api/v1/sites/deleted.test`, { method: 'DELETE', headers: { authorization: `Bearer ${lagom.apiKey}` } });
    expect(del.status).toBe(200);
    const before = await records(store).listGoals('goals.test');
    const largest = Math.max(...(await storedGoals()).map((g) => Number(g.id)));

    for (let run = 0; run < 2; run++) {
      for (const query of goalsMigration.statements(store.db)) await store.client.command({ query });
    }

    const made = await records(store).listGoals('upgraded.test');
    expect(made.map(({ id: _id, ...g }) => g)).toEqual(
      ['Download', 'Outbound Link: Click', 'Signup'].map((name) => ({
        site: 'upgraded.test', goal_type: 'event', event_name: name, page_path: '', display_name: name, currency: '',
      })),
    );
    expect(made.every((g) => Number(g.id) > largest)).toBe(true);
    expect(new Set(made.map((g) => g.id)).size).toBe(3);
    expect(await records(store).listGoals('deleted.test')).toEqual([]);
    const now = await records(store).listGoals('goals.test');
    expect(now.slice(0, before.length)).toEqual(before);
    expect(now.slice(before.length).map((g) => g.event_name)).toEqual(['Newsletter']);
    // the second run added nothing
    expect((await storedGoals()).filter((g) => g.site === 'upgraded.test')).toHaveLength(3);
  });
});
