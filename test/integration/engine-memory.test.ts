// The embedded engine's small-machine profile: LAGOM_ENGINE_MEMORY_MB caps the memory of the
// whole engine and of each query, and the engine keeps no system log tables.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { ENGINE_IDLE_THREADS } from '../../server/store/client.js';
import { MAX_PARTS_TO_MERGE_AT_ONCE } from '../../server/store/migrations/0005_small_merges.js';
import { allocate, serverSetting, systemLogTables, tableSetting } from '../../server/store/inspect.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom({ LAGOM_ENGINE_MEMORY_MB: '64' });
});
afterAll(() => lagom?.stop());

it('caps query memory', async () => {
  await expect(allocate(lagom.server.store, 50_000_000)).rejects.toThrow(/memory/i);
  // A query within the cap still runs, and the server still answers.
  await expect(allocate(lagom.server.store, 100_000)).resolves.toBeUndefined();
  const ok = await lagom.stats('aggregate', { site_id: 'x.test', period: 'day' }).catch((e) => String(e));
  expect(String(ok)).toContain('404');
});

it('answers a Stats API query over the cap with 503 store_memory_limit, and goes on serving', async () => {
  await lagom.addSite('memory.test');
  const timeseries = (date: string) =>
    fetch(`${lagom.url}/api/v1/stats/timeseries?site_id=memory.test&period=custom&date=${date}&interval=hour&metrics=visitors`, {
      headers: { authorization: `Bearer ${lagom.apiKey}` },
    });
  // By the hour over 136 years: 1.2 million buckets, about 50 MB of answer, more than 64 MB
  // of engine holds with the rest; the engine's memory error is what the client is told about.
  const over = await timeseries('1970-01-01,2105-12-31');
  expect(over.status).toBe(503);
  expect(over.headers.get('retry-after')).toBe('30');
  expect(await over.json()).toEqual({
    error: 'The query needed more memory than the database allows (LAGOM_ENGINE_MEMORY_MB for the embedded engine); narrow the period or raise the limit',
    code: 'store_memory_limit',
  });
  // The narrower period the message asks for is answered, by the same server.
  const narrower = await timeseries('2026-01-01,2026-01-31');
  expect(narrower.status).toBe(200);
  expect(((await narrower.json()) as { results: unknown[] }).results).toHaveLength(31 * 24);
});

it('caps the whole engine, not only each query', async () => {
  expect(await serverSetting(lagom.server.store, 'max_server_memory_usage')).toBe(String(64 * 1024 * 1024));
});

it('keeps few idle threads', async () => {
  expect(await serverSetting(lagom.server.store, 'max_thread_pool_free_size')).toBe(String(ENGINE_IDLE_THREADS));
});

it('merges few parts at once, so a merge takes little memory', async () => {
  expect(MAX_PARTS_TO_MERGE_AT_ONCE).toBeLessThanOrEqual(5);
  for (const table of ['counters_hourly', 'counters_daily'] as const) {
    expect(await tableSetting(lagom.server.store, table, 'max_parts_to_merge_at_once')).toBe(String(MAX_PARTS_TO_MERGE_AT_ONCE));
  }
});

it('keeps no system log tables (query_log, part_log, …)', async () => {
  expect(await systemLogTables(lagom.server.store)).toEqual([]);
});
