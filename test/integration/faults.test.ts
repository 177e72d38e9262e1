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
    { LAGOM_BATCH_SIZE: '25', LAGOM_FLUSH_INTERVAL_MS: '50', LAGOM_RATE_LIMIT: '0' },
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
  await lagom.addSite('outage.test');
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

  it('rides out a 30-second outage under steady load and counts every accepted event once', async () => {
    const outageMs = Number(process.env.LAGOM_TEST_OUTAGE_S ?? 30) * 1000;
    let accepted = 0;
    let other = 0;
    // A keep-alive socket the server closed as idle just as the client reused it: the request
    // never reached the server, and the client (like a browser) sends it again.
    let raced = 0;
    let sending = true;
    const load = (async () => {
      for (let i = 0; sending; i++) {
        const res = await postEvent(lagom.url, { n: 'pageview', u: `https://outage.test/p${i % 11}`, d: 'outage.test' }).catch(() => {
          raced++;
          return undefined;
        });
        if (res?.status === 202) accepted++;
        else if (res) other++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    mode = 'down';
    await new Promise((r) => setTimeout(r, outageMs));
    expect(lagom.server.spool.pending).toBeGreaterThan(0);
    mode = 'up';
    await new Promise((r) => setTimeout(r, 2000));
    sending = false;
    await load;
    // The outage leaves one spool file per 50 ms flush (600+), replayed one insert each: 24-35 s
    // on a quiet machine here, over a minute on a loaded one. (At the default 1 s interval the
    // same outage leaves 30 files.) The wait is a budget, not what the test checks.
    await lagom.flush(150_000);
    expect(other).toBe(0);
    expect(raced).toBeLessThan(5);
    expect(accepted).toBeGreaterThan(outageMs / 100);
    expect(await pageviews('outage.test')).toBe(accepted);
  }, 240_000);
});
