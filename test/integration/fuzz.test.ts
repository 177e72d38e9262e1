import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { CHROME_UA } from '../helpers/events.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom({ LAGOM_RATE_LIMIT: '0' });
  await lagom.addSite('fuzz.test');
});
afterAll(() => lagom.stop());

// A small seeded generator: a failure can be replayed with the same seed.
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const str = (max: number) =>
    Array.from({ length: Math.floor(r() * max) }, () => String.fromCharCode(Math.floor(r() * 0x2fff))).join('');
  const value = (depth = 0): unknown =>
    pick<() => unknown>([
      () => null,
      () => r() > 0.5,
      () => r() * 1e12 - 5e11,
      () => str(40),
      () => (depth > 3 ? 1 : Array.from({ length: 3 }, () => value(depth + 1))),
      () => (depth > 3 ? 'x' : { a: value(depth + 1), p: value(depth + 1) }),
      () => -0,
      () => 1e308 * 10,
    ])();
  const valid = { v: 1, n: 'pageview', u: 'https://fuzz.test/a', d: 'fuzz.test', fv: 1, b: 1, p: { k: 'v' } };
  const fields = ['v', 'n', 'u', 'd', 'w', 'p', 'fv', 'fp', 'fg', 'fs', 'fm', 'b', 'xp', 'dd', 'r', 'e', 'q', 't', 's', '__proto__', 'constructor'];
  const body = (): string =>
    pick<() => string>([
      () => str(200),
      () => JSON.stringify(value()),
      () => JSON.stringify({ ...valid, [pick(fields)]: value() }),
      () => JSON.stringify({ ...valid, [pick(fields)]: value(), [pick(fields)]: value() }),
      () => JSON.stringify({ ...valid, u: `https://fuzz.test/${str(3000)}` }),
      () => JSON.stringify({ ...valid, p: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, str(5)])) }),
      () => JSON.stringify(valid).slice(0, Math.floor(r() * 60)),
      () => '{"v":1,"n":"pageview","u":"https://fuzz.test/","d":"fuzz.test","__proto__":{"polluted":1}}',
      () => 'x'.repeat(Math.floor(r() * 20_000)),
      () => JSON.stringify(valid),
    ])();
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {
      'content-type': pick(['text/plain', 'application/json', 'text/plain; charset=utf-8', 'image/png', 'multipart/form-data', '']),
      'user-agent': pick([CHROME_UA, '', str(30).replace(/[^\x20-\x7e]/g, 'a'), 'curl/8.0', 'x'.repeat(4000)]),
    };
    if (r() > 0.7) h['x-forwarded-for'] = pick(['1.2.3.4', 'not-an-ip', '::1, 999.1.1.1', ',,,,']);
    if (r() > 0.7) h['sec-ch-ua'] = pick(['"Chromium";v="131"', str(20).replace(/[^\x20-\x7e]/g, 'b'), '"";v=""']);
    if (r() > 0.9) h['sec-gpc'] = '1';
    return h;
  };
  return { body, headers, method: () => pick(['POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH']) };
}

describe('fuzzing POST /api/event', () => {
  it('answers every random and malformed request without a 5xx, and stays up with bounded memory', async () => {
    const g = generator(20261125);
    const statuses = new Map<number, number>();
    const run = async (count: number) => {
      for (let i = 0; i < count; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const method = g.method();
            const res = await fetch(`${lagom.url}/api/event`, {
              method,
              headers: g.headers(),
              body: method === 'GET' ? undefined : g.body(),
            });
            await res.arrayBuffer();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }),
        );
      }
    };
    await run(1000);
    const before = process.memoryUsage().rss;
    await run(3000);
    const grown = process.memoryUsage().rss - before;
    const fivexx = [...statuses].filter(([s]) => s >= 500);
    expect(fivexx).toEqual([]);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(202)).toBeGreaterThan(10);
    expect(grown).toBeLessThan(80 * 1024 * 1024);
    expect((await fetch(`${lagom.url}/healthz`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await lagom.flush();
  });
});
