import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';

let lagom: TestLagom;
let port: number;
beforeAll(async () => {
  lagom = await startLagom({ LAGOM_HEADERS_TIMEOUT_MS: '1500', LAGOM_REQUEST_TIMEOUT_MS: '3000', LAGOM_RATE_LIMIT: '0' });
  port = lagom.server.port;
  await lagom.addSite('h.test');
});
afterAll(() => lagom.stop());

/** A client that sends `text` one byte every `everyMs`; resolves with what the server answered and when it hung up. */
function trickle(text: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < text.length && !socket.destroyed) socket.write(text[i++]!);
    }, everyMs);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

describe('hostile clients', () => {
  it('cuts off clients that trickle headers or bodies, without starving others', async () => {
    const headers = trickle('POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nX-Slow: ' + 'a'.repeat(200), 50);
    const body = JSON.stringify({ v: 1, n: 'pageview', u: 'https://h.test/', d: 'h.test' });
    const slowBody = trickle(`POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`.slice(0, 120) + 'x'.repeat(500), 40);
    // Meanwhile, ordinary requests are answered at once.
    const started = Date.now();
    for (let i = 0; i < 20; i++) expect((await postEvent(lagom.url, { n: 'pageview', u: `https://h.test/${i}`, d: 'h.test' })).status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2000);
    const [h, b] = await Promise.all([headers, slowBody]);
    expect(h.closedAfterMs).toBeLessThan(4500);
    expect(h.answer === '' || h.answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(b.closedAfterMs).toBeLessThan(6000);
  });

  it('refuses huge headers with 431', async () => {
    const res = await fetch(`${lagom.url}/api/event`, { method: 'POST', headers: { 'x-big': 'a'.repeat(20_000), 'content-type': 'text/plain' }, body: '{}' }).catch(() => undefined);
    expect(res?.status ?? 431).toBe(431);
  });

  it('never serves a file outside the build, whatever the path', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/dist/public/lagom.js', '/server/main.ts', '/.env']) {
      const res = await fetch(`${lagom.url}${path}`);
      const text = await res.text();
      expect([path, res.status]).toEqual([path, 404]);
      expect(text).not.toContain('"dependencies"');
      expect(text).not.toContain('root:');
    }
  });

  it('keeps memory bounded under 10,000 distinct fake sites', async () => {
    await lagom.flush();
    const fakeSites = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 50) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, j) => postEvent(lagom.url, { n: 'pageview', u: `https://fake${i + j}.test/`, d: `fake${i + j}.test` })),
        );
        for (const a of answers) expect(a.headers.get('x-lagom-dropped')).toBe('unknown_site');
      }
    };
    // A first round pages in the code and fills the caches that every request uses; what the
    // next 10,000 sites add must stay bounded.
    await fakeSites(0, 1000);
    const before = process.memoryUsage().rss;
    await fakeSites(1000, 10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(lagom.server.writer.pending).toBe(0);
    expect((await fetch(`${lagom.url}/healthz`)).status).toBe(200);
  });
});
