import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';

let lagom: TestLagom;
let down = false;

beforeAll(async () => {
  lagom = await startLagom(
    { LAGOM_RATE_LIMIT: '40', LAGOM_SPOOL_MAX_MB: '1', LAGOM_BATCH_SIZE: '50', LAGOM_TRUST_PROXY: '1' },
    {
      wrapInsert: (insert) => async (batch) => {
        if (down) throw new Error('store down (test)');
        return insert(batch);
      },
    },
  );
  await lagom.addSite('limits.test');
});
afterAll(() => lagom.stop());

const event = (ip: string, path = '/') =>
  postEvent(lagom.url, { n: 'pageview', u: `https://limits.test${path}`, d: 'limits.test' }, { 'x-forwarded-for': ip });

describe('per-IP rate limit', () => {
  it('answers 429 with Retry-After past the limit, for that address only', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await event('198.51.100.7')).status);
    expect(statuses.slice(0, 40).every((s) => s === 202)).toBe(true);
    const limited = await event('198.51.100.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()) as object).toEqual({ error: expect.stringContaining('Too many events'), code: 'rate_limited' });
    expect((await event('198.51.100.8')).status).toBe(202);
  });
});

describe('spool disk limit', () => {
  it('answers 503 with Retry-After when the store is down and the spool is full, and recovers', async () => {
    down = true;
    const bigPath = `/${'x'.repeat(1500)}`;
    let firstRefusal: Response | undefined;
    let accepted = 0;
    // Distinct addresses so the rate limit does not interfere; each row is ~2 KB on disk.
    for (let i = 0; i < 2000 && !firstRefusal; i++) {
      const res = await event(`10.1.${Math.floor(i / 200)}.${i % 200}`, `${bigPath}${i}`);
      if (res.status === 503) firstRefusal = res;
      else if (res.status === 202) accepted += 1;
      if (i % 50 === 49) await lagom.server.writer.flush();
    }
    expect(firstRefusal).toBeDefined();
    expect(firstRefusal!.headers.get('retry-after')).toBeTruthy();
    expect((await firstRefusal!.json()) as object).toEqual({ error: expect.stringContaining('cannot store events'), code: 'unavailable' });
    expect(lagom.server.spool.bytes).toBeGreaterThan(900_000);

    down = false;
    await lagom.flush();
    expect(lagom.server.spool.pending).toBe(0);
    expect((await event('10.9.9.9', '/after')).status).toBe(202);
    await lagom.flush();
    const body = await lagom.stats('aggregate', { site_id: 'limits.test', period: 'day', metrics: 'pageviews' });
    // 40 + 1 from the rate-limit test, every accepted event of the burst, and the one after.
    expect(body.results.pageviews.value).toBe(41 + accepted + 1);
  });
});
