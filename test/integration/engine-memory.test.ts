import { it, expect } from 'vitest';
import { startLagom } from '../helpers/lagom.js';
import { allocate } from '../../server/store/inspect.js';
it('caps query memory', async () => {
  const l = await startLagom({ LAGOM_ENGINE_MEMORY_MB: '64' });
  await expect(allocate(l.server.store, 50_000_000)).rejects.toThrow(/memory/i);
  const ok = await l.stats('aggregate', { site_id: 'x.test', period: 'day' }).catch((e) => String(e));
  expect(String(ok)).toContain('404');
  await l.stop();
});
