// The embedded engine's small-machine profile: each query's memory is capped by
// LAGOM_ENGINE_MEMORY_MB, and the engine keeps no system log tables.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { allocate, systemLogTables } from '../../server/store/inspect.js';

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

it('keeps no system log tables (query_log, part_log, …)', async () => {
  expect(await systemLogTables(lagom.server.store)).toEqual([]);
});
