import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';

let lagom: TestLagom;
let down = true;
beforeAll(async () => {
  lagom = await startLagom(
    { LAGOM_READY_SPOOL_BATCHES: '0' },
    { wrapInsert: (insert) => async (b) => (down ? Promise.reject(new Error('down (test)')) : insert(b)) },
  );
  await lagom.addSite('m.test');
});
afterAll(() => lagom.stop());

const metrics = async () => (await fetch(`${lagom.url}/metrics`)).text();
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

describe('/metrics and /readyz', () => {
  it('count events by outcome, inserts, the spool and HTTP latency; readyz follows the spool', async () => {
    await postEvent(lagom.url, { n: 'pageview', u: 'https://m.test/', d: 'm.test' });
    await postEvent(lagom.url, { n: 'pageview', u: 'https://m.test/b', d: 'm.test' });
    await postEvent(lagom.url, { n: 'pageview', u: 'https://m.test/', d: 'm.test' }, { 'user-agent': 'curl/8.5.0' });
    await postEvent(lagom.url, { n: 'pageview', d: 'm.test' });
    await lagom.server.writer.flush();

    const ready = await fetch(`${lagom.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'spool backlog' });

    const text = await metrics();
    expect(value(text, 'lagom_events_accepted_total')).toBe(2);
    expect(value(text, 'lagom_events_dropped_total{reason="bot"}')).toBe(1);
    expect(value(text, 'lagom_events_rejected_total{status="400"}')).toBe(1);
    expect(value(text, 'lagom_insert_failures_total')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'lagom_spool_batches')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'lagom_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/lagom_http_request_duration_seconds_count\{route="\/api\/event",status="202"\} 3/);
    // Labels are route patterns and fixed sets, never a path, a site or an address.
    expect(text).not.toContain('m.test');
    expect(text).not.toContain('127.0.0.1');

    down = false;
    await lagom.flush();
    expect((await fetch(`${lagom.url}/readyz`)).status).toBe(200);
    const after = await metrics();
    expect(value(after, 'lagom_spool_batches')).toBe(0);
    expect(value(after, 'lagom_insert_batch_rows_count')).toBeGreaterThanOrEqual(1);
  });
});
