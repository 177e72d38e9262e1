import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';

// A store slower than the traffic: rows waiting in memory stay bounded and spill to the spool.
let lagom: TestLagom;
let slow = true;
beforeAll(async () => {
  lagom = await startLagom(
    { LAGOM_MAX_BUFFER_ROWS: '100', LAGOM_BATCH_SIZE: '50', LAGOM_FLUSH_INTERVAL_MS: '20', LAGOM_RATE_LIMIT: '0' },
    {
      wrapInsert: (insert) => async (batch) => {
        if (slow) await new Promise((r) => setTimeout(r, 400));
        return insert(batch);
      },
    },
  );
  await lagom.addSite('slow.test');
});
afterAll(() => lagom.stop());

describe('a slow store', () => {
  it('spills to the spool instead of growing memory, and counts everything once', async () => {
    let most = 0;
    let accepted = 0;
    for (let i = 0; i < 1500; i += 50) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, j) => postEvent(lagom.url, { n: 'pageview', u: `https://slow.test/${(i + j) % 400}`, d: 'slow.test' })),
      );
      accepted += answers.filter((a) => a.status === 202).length;
      most = Math.max(most, lagom.server.writer.pending);
    }
    expect(accepted).toBe(1500);
    expect(most).toBeLessThanOrEqual(250);
    expect(lagom.server.writer.stats.spooledBatches).toBeGreaterThan(0);
    slow = false;
    await lagom.flush();
    const body = await lagom.stats('aggregate', { site_id: 'slow.test', period: 'day', metrics: 'pageviews' });
    expect(body.results.pageviews.value).toBe(1500);
  });
});
