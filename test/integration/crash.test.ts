import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../helpers/events.js';
import { loginCookie, startCli, waitFor } from '../helpers/process.js';

// kill -9 in the middle of a burst: only events accepted within the documented window (the
// flush interval, plus one insert in flight) may be lost; everything older must be counted.
let dataDir: string;
let url = '';
const FLUSH_MS = 200;
const env = () => ({
  PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dataDir, LAGOM_RATE_LIMIT: '0',
  LAGOM_ADMIN_EMAIL: 'me@example.com', LAGOM_ADMIN_PASSWORD: 'a long password', LAGOM_FLUSH_INTERVAL_MS: String(FLUSH_MS),
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-crash-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const start = async () => {
  const p = await startCli(env());
  url = p.url;
  return p;
};

describe('kill -9 mid-burst', () => {
  it('loses at most the events of the last flush window', async () => {
    let server = await start();
    const cookie = await loginCookie(url, 'me@example.com', 'a long password');
    await fetch(`${url}/api/v1/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({ domain: 'k.test', timezone: 'UTC' }),
    });

    const acceptedAt: number[] = [];
    let killedAt = 0;
    const sender = async (w: number) => {
      for (let i = 0; killedAt === 0; i++) {
        try {
          const res = await postEvent(url, { n: 'pageview', u: `https://k.test/w${w}/${i % 5}`, d: 'k.test' });
          if (res.status === 202) acceptedAt.push(Date.now());
        } catch {
          return;
        }
      }
    };
    const senders = Promise.all([0, 1, 2, 3].map(sender));
    await waitFor(() => acceptedAt.length >= 1500, '1500 accepted events', 30_000);
    server.child.kill('SIGKILL');
    killedAt = Date.now();
    await server.exited;
    await senders;

    server = await start();
    try {
      const session = await loginCookie(url, 'me@example.com', 'a long password');
      const res = await fetch(`${url}/api/v1/stats/aggregate?site_id=k.test&period=day&metrics=pageviews`, { headers: { cookie: session } });
      const counted = (await res.json()).results.pageviews.value as number;
      // The window: one flush interval, plus an insert that may have been under way.
      const safe = acceptedAt.filter((t) => t < killedAt - 3 * FLUSH_MS - 500).length;
      expect(counted).toBeLessThanOrEqual(acceptedAt.length);
      expect(counted).toBeGreaterThanOrEqual(safe);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
