import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';
import { postEvent } from '../helpers/events.js';
import { IDENTIFIER_LIKE } from '../helpers/scan.js';
import { storedStrings } from '../../server/store/inspect.js';

// Known addresses and user agents go in; none of them may come out anywhere Lagom writes.
const clients = [
  { ip: '193.10.64.1', country: 'SE' },
  { ip: '81.2.69.160', country: 'GB' },
  { ip: '2a00:1450:4001:81c::200e', country: 'IE' },
  { ip: '2001:4860:4860::8888', country: 'US' },
];
const marker = 'Zqxjvbrowser/7.3.1';
const agents = [
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 ${marker}`,
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 ${marker}`,
];

let lagom: TestLagom;
const logLines: string[] = [];
let failInserts = true;
let spoolText = '';

beforeAll(async () => {
  const logger = pino(
    { level: 'trace' },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  lagom = await startLagom(
    { LAGOM_TRUST_PROXY: '1', LAGOM_BATCH_SIZE: '4' },
    {
      logger,
      // The store refuses the first batches, so rows also pass through the spool.
      wrapInsert: (insert) => async (batch) => {
        if (failInserts) throw new Error('store unavailable (test)');
        return insert(batch);
      },
    },
  );
  await lagom.addSite('audit.test');
  let i = 0;
  for (const c of clients) {
    for (const ua of agents) {
      const res = await postEvent(
        lagom.url,
        { n: 'pageview', u: `https://audit.test/p/${i++}?token=Tok3nQv${i}&utm_source=news`, d: 'audit.test', fv: 1, fp: 1, fs: 1, b: 1, r: `https://${c.ip}/intranet` },
        { 'user-agent': ua, 'x-forwarded-for': c.ip },
      );
      expect(res.status).toBe(202);
    }
  }
  await lagom.server.writer.flush();
  const dir = lagom.server.spool.dir;
  for (const f of await readdir(dir)) spoolText += await readFile(join(dir, f), 'utf8');
  failInserts = false;
  await lagom.flush();
});
afterAll(() => lagom.stop());

describe('privacy audit', () => {
  it('spooled the batches it could not insert, then replayed them all', async () => {
    expect(spoolText.length).toBeGreaterThan(0);
    const body = await lagom.stats('aggregate', { site_id: 'audit.test', period: 'day', metrics: 'pageviews,visitors' });
    expect(body.results).toEqual({ pageviews: { value: 8 }, visitors: { value: 8 } });
    const sources = await lagom.stats('breakdown', { site_id: 'audit.test', period: 'day', property: 'visit:utm_source' });
    expect(sources.results).toEqual([{ utm_source: 'news', visitors: 8 }]);
  });

  it('looked the countries up from the addresses', async () => {
    const body = await lagom.stats('breakdown', { site_id: 'audit.test', period: 'day', property: 'visit:country', metrics: 'visitors' });
    expect(body.results).toEqual(
      ['GB', 'IE', 'SE', 'US'].map((country) => ({ country, visitors: 2 })),
    );
  });

  it('stores no address, user agent, query secret or identifier-like value in any table', async () => {
    const strings = await storedStrings(lagom.server.store);
    expect(strings.length).toBeGreaterThan(20);
    const leaks = strings.filter(
      (v) => clients.some((c) => v.includes(c.ip)) || v.includes(marker) || v.includes('Tok3nQv') || IDENTIFIER_LIKE.test(v),
    );
    // The signing secret and key hashes live in the settings and api_keys tables by design;
    // everything else must be clean.
    const allowed = new Set(strings.filter((v) => /^[A-Za-z0-9_-]{43}$/.test(v) || /^[0-9a-f]{64}$/.test(v)));
    expect(leaks.filter((v) => !allowed.has(v))).toEqual([]);
  });

  it('writes none of them to the spool or the logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [spoolText, logLines.join('')]) {
      for (const c of clients) expect(text).not.toContain(c.ip);
      expect(text).not.toContain(marker);
      expect(text).not.toContain('Tok3nQv');
      expect(text).not.toMatch(IDENTIFIER_LIKE);
    }
  });
});
