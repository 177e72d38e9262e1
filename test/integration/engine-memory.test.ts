import { it, expect } from 'vitest';
import { startLagom } from '../helpers/lagom.js';
it('caps query memory', async () => {
  const l = await startLagom({ LAGOM_ENGINE_MEMORY_MB: '64' });
  await expect(l.server.store.client.query({ query: 'SELECT groupArray(number) FROM numbers(50000000)', format: 'JSONEachRow' }).then((r) => r.text())).rejects.toThrow(/memory/i);
  const ok = await l.stats('aggregate', { site_id: 'x.test', period: 'day' }).catch((e) => String(e));
  expect(String(ok)).toContain('404');
  await l.stop();
});
