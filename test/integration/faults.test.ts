import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';

// The store is made to fail in the two ways that matter: refusing inserts (down), and taking an
// insert but failing to say so (a lost acknowledgement, the case that double counts without
// deduplication tokens).
let lagom: TestLagom;
let mode: 'up' | 'down' | 'lost_ack' = 'up';

beforeAll(async () => {
  lagom = await startLagom(
    { LAGOM_BATCH_SIZE: '25', LAGOM_FLUSH_INTERVAL_MS: '50' },
    {
      wrapInsert: (insert) => async (batch) => {
        if (mode === 'down') throw new Error('connect ECONNREFUSED (test)');
        await insert(batch);
        if (mode === 'lost_ack') throw new Error('socket hang up (test)');
      },
    },
  );
  await lagom.addSite('down.test');
  await lagom.addSite('ack.test');
});
afterAll(() => lagom.stop());

async function burst(site: string, count: number): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < count; i += 25) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, j) =>
        postEvent(lagom.url, { n: 'pageview', u: `https://${site}/p${(i + j) % 7}`, d: site }),
      ),
    );
    accepted += answers.filter((r) => r.status === 202).length;
  }
  return accepted;
}

const pageviews = async (site: string) =>
  (await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'pageviews' })).results.pageviews.value;

describe('store failures', () => {
  it('keeps every event accepted while the store is down, and counts each once when it is back', async () => {
    mode = 'down';
    const accepted = await burst('down.test', 400);
    expect(accepted).toBe(400);
    await lagom.server.writer.flush();
    expect(lagom.server.spool.pending).toBeGreaterThan(0);
    expect(lagom.server.writer.stats.insertFailures).toBeGreaterThan(0);
    mode = 'up';
    await lagom.flush();
    expect(lagom.server.spool.pending).toBe(0);
    expect(await pageviews('down.test')).toBe(400);
  });

  it('does not double count a batch whose insert arrived but was not acknowledged', async () => {
    mode = 'lost_ack';
    const accepted = await burst('ack.test', 200);
    await lagom.server.writer.flush();
    expect(lagom.server.spool.pending).toBeGreaterThan(0);
    mode = 'up';
    await lagom.flush();
    expect(await pageviews('ack.test')).toBe(accepted);
    expect(accepted).toBe(200);
  });
});
