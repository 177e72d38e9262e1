// The Sites API's `has_events` (server/store/site-activity.ts): false for a site that has
// counted nothing, true once it has, whether its rows are recent hours or rolled-up days, and
// never true for another site's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBatch } from '../../server/store/counters.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { hasEvents } from '../../server/store/site-activity.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
  for (const site of ['empty.test', 'hours.test', 'days.test']) await lagom.addSite(site);
});
afterAll(() => lagom.stop());

const detail = async (site: string) =>
  (await (await fetch(`${lagom.url}/api/v1/sites/${site}`, { headers: { authorization: `Bearer ${lagom.apiKey}` } })).json()) as { has_events: boolean };

describe('has_events', () => {
  it('is false for a new site, and true after its first counted hour', async () => {
    expect((await detail('hours.test')).has_events).toBe(false);
    const row = { ...ZERO_ROW, site: 'hours.test', hour: Math.floor(Date.now() / 3_600_000) * 3600, name: 'pageview', path: '/', events: 1, pageviews: 1 };
    await insertBatch(lagom.server.store, { token: 'activity-hours', counters: [JSON.stringify(row)], recent: [] });
    expect((await detail('hours.test')).has_events).toBe(true);
    expect((await detail('empty.test')).has_events).toBe(false);
  });

  it('sees rows the rollup moved into days', async () => {
    const { store } = lagom.server;
    expect(await hasEvents(store, 'days.test')).toBe(false);
    const { hour: _hour, ...rest } = ZERO_ROW;
    await store.client.insert({
      table: `${store.db}.counters_daily`,
      values: [{ ...rest, site: 'days.test', day: '2026-01-05', generation: 1, name: 'pageview', path: '/', events: 3, pageviews: 3 }],
      format: 'JSONEachRow',
      clickhouse_settings: { insert_deduplication_token: 'activity-days' },
    });
    expect(await hasEvents(store, 'days.test')).toBe(true);
    expect(await hasEvents(store, 'empty.test')).toBe(false);
  });

  it('is answered by POST and PUT too', async () => {
    const auth = { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' };
    const made = await fetch(`${lagom.url}/api/v1/sites`, { method: 'POST', headers: auth, body: JSON.stringify({ domain: 'made.test' }) });
    expect((await made.json()).has_events).toBe(false);
    const changed = await fetch(`${lagom.url}/api/v1/sites/hours.test`, { method: 'PUT', headers: auth, body: JSON.stringify({ timezone: 'Europe/Stockholm' }) });
    expect((await changed.json()).has_events).toBe(true);
  });
});
