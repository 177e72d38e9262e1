import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBatch, type CounterRow } from '../../server/store/counters.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Every example in docs/stats-api.md is a ```http request (a method and path, then headers and
// a JSON body if it has them) followed by a ```json answer. This test runs each request, in the
// order of the page, against a server seeded with known counters and compares the answer; an
// example indented in a list is an illustration and is not run.
// UPDATE_DOCS=1 rewrites the answers from what the server says (then read the diff).
const DOC = new URL('../../docs/stats-api.md', import.meta.url);
const EXAMPLE = /^```http\n((?:GET|POST|PUT|DELETE) [^\n]+)\n((?:[A-Za-z-]+: [^\n]+\n)*)(?:\n([\s\S]*?)\n)?```\n+```json\n([\s\S]*?)\n```/gm;
const site = 'example.com';

function seedRows(): CounterRow[] {
  const base = { ...ZERO_ROW, site, hostname: site, browser_version: '131' };
  const out: CounterRow[] = [];
  const days = ['2026-11-18', '2026-11-19', '2026-11-20'];
  days.forEach((day, d) => {
    const hour = Date.parse(`${day}T09:00:00Z`) / 1000;
    const pages = [['/', 40], ['/pricing', 15], ['/blog/lagom', 10]] as const;
    pages.forEach(([path, n], i) => {
      out.push({
        ...base, hour: hour + i * 3600, name: 'pageview', path, entry_path: path, source: i === 1 ? 'Google' : i === 2 ? 'Hacker News' : '',
        country: i === 2 ? 'DE' : 'SE', browser: i ? 'Firefox' : 'Chrome', os: 'Linux', device: i === 2 ? 'Mobile' : 'Desktop',
        events: n + d, pageviews: n + d, visitors: n - 5, page_visitors: n - 5, visits: n - 5, bounces: Math.floor(n / 3), exits: n - 5,
        duration_ms: (n - 5) * 45_000, engaged_ms: (n + d) * 30_000, scroll_sum: (n + d) * 60, scroll_n: n + d,
      });
    });
    out.push({ ...base, hour, name: 'Signup', path: '/pricing', entry_path: '/', source: 'Google', country: 'SE', browser: 'Firefox', os: 'Linux', device: 'Desktop', events: 3, goal_visitors: 3 });
    out.push({ ...base, hour, name: 'Signup', path: '/pricing', entry_path: '/', source: 'Google', country: 'SE', browser: 'Firefox', os: 'Linux', device: 'Desktop', events: 3, goal_visitors: 3, prop_key: 'plan', prop_value: 'pro' });
  });
  return out;
}

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(site, 'Europe/Stockholm');
  await insertBatch(lagom.server.store, { token: 'docs', counters: seedRows().map((r) => JSON.stringify(r)), recent: [] });
  const minute = Math.floor(Date.now() / 60_000) * 60;
  await insertBatch(lagom.server.store, { token: 'docs-rt', counters: [], recent: [JSON.stringify({ site, minute, slot_visitors: 3 })] });
});
afterAll(() => lagom.stop());

/**
 * An answer as the page shows it: the server's address as a real set-up's
 * (https://stats.example.com), and a site's pinned script, which changes with every change to
 * the tracker's code, as "…" (the test checks its form instead of its bytes).
 */
function pinnedShown(raw: unknown): unknown {
  const answer: unknown = JSON.parse(JSON.stringify(raw).replaceAll(lagom.url, 'https://stats.example.com'));
  if (typeof answer !== 'object' || answer === null || !('integrity' in answer)) return answer;
  const a = answer as Record<string, unknown>;
  expect(a.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  expect(a.pinned_script_url).toMatch(/^https:\/\/stats\.example\.com\/js\/p\/[A-Za-z0-9_-]+\.js$/);
  return { ...a, integrity: 'sha384-…', pinned_script_url: 'https://stats.example.com/js/p/….js' };
}

describe('docs/stats-api.md', () => {
  it('every example answers exactly as documented', async () => {
    let doc = await readFile(DOC, 'utf8');
    const examples = [...doc.matchAll(EXAMPLE)];
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const endpoints = new Set(examples.map((m) => /^GET \/api\/v1\/stats\/([a-z/]+)/.exec(m[1]!)?.[1]).filter(Boolean));
    expect([...endpoints].sort()).toEqual(['aggregate', 'breakdown', 'realtime/visitors', 'timeseries']);
    const goals = new Set(examples.map((m) => /^(\w+) \/api\/v1\/sites\/goals/.exec(m[1]!)?.[1]).filter(Boolean));
    expect([...goals].sort()).toEqual(['DELETE', 'GET', 'PUT']);
    for (const m of examples) {
      const [, request = '', headerLines = '', body, documented = ''] = m;
      const [method, path] = request.split(' ') as [string, string];
      const headers = Object.fromEntries(headerLines.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      const res = await fetch(`${lagom.url}${path}`, { method, headers: { ...headers, authorization: `Bearer ${lagom.apiKey}` }, body });
      const answer = pinnedShown(await res.json());
      if (process.env.UPDATE_DOCS === '1') {
        doc = doc.replace(m[0], m[0].replace(`\`\`\`json\n${documented}\n`, `\`\`\`json\n${JSON.stringify(answer)}\n`));
        continue;
      }
      expect({ request, answer }).toEqual({ request, answer: JSON.parse(documented) });
    }
    if (process.env.UPDATE_DOCS === '1') await writeFile(DOC, doc);
  });
});
