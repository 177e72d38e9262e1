// Query benchmark: synthetic traffic (Zipf-distributed paths, sources and countries, a daily
// cycle) of BENCH_QUERY_SIZES events (default 10 M and 100 M) written into the counters of an
// embedded engine, then the dashboard's queries timed as medians of several runs, each printed
// against a plain count() over the same rows.
//   npm run bench:query            (BENCH_QUERY_SIZES=10000000,100000000 BENCH_RUNS=5)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.js';
import { openStore, type Store } from '../server/store/client.js';
import { migrate } from '../server/store/migrate.js';
import { aggregate, breakdown, timeseries } from '../server/store/stats.js';
import { previousPeriod } from '../server/stats/routes.js';
import { dateRange } from '../server/stats/params.js';
import type { StatsScope } from '../server/stats/model.js';

const sizes = (process.env.BENCH_QUERY_SIZES ?? '10000000,100000000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const site = 'bench.test';
const tz = 'Europe/Stockholm';
const CHUNK = 10_000_000;

const pick = (list: string[], zipfIndex: string) => `[${list.map((v) => `'${v}'`).join(',')}][1 + (${zipfIndex}) % ${list.length}]`;
// Pareto draw ≥ 0 with a heavy head: index 0 is the most common, then 1, 2, …
const zipf = (s: number) => `toUInt32(floor(pow(randCanonical(), -1 / ${s}))) - 1`;

async function generate(store: Store, from: number, count: number): Promise<void> {
  const sources = ['', 'Google', 'Hacker News', 'Twitter', 'DuckDuckGo', 'Reddit', 'Bing', 'LinkedIn', 'Newsletter', 'GitHub'];
  const countries = ['SE', 'US', 'DE', 'GB', 'NO', 'FI', 'DK', 'FR', 'NL', 'IN', 'BR', 'CA', 'JP', 'ES', 'IT', 'PL'];
  const browsers = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet', 'Opera'];
  const oses = ['Windows', 'macOS', 'iOS', 'Android', 'Linux'];
  const devices = ['Desktop', 'Mobile', 'Tablet'];
  await store.client.command({
    query: `INSERT INTO ${store.db}.counters_hourly
      SELECT
        '${site}' AS site,
        -- 90 days back from now, busiest in the afternoon (Europe)
        toStartOfHour(now()) - (number % 90) * 86400 - ((toUInt32(24 + 10 + 4 * randNormal(0, 1)) % 24) * 3600) AS hour,
        if(rand() % 10 = 0, 'Signup', 'pageview') AS name,
        concat('/docs/', toString(${zipf(1.1)} % 2000)) AS path,
        '${site}' AS hostname,
        concat('/docs/', toString(${zipf(1.3)} % 2000)) AS entry_path,
        ${pick(sources, zipf(1.2))} AS source,
        '' AS referrer, '' AS utm_source, '' AS utm_medium, '' AS utm_campaign, '' AS utm_content, '' AS utm_term,
        ${pick(countries, zipf(1.0))} AS country, '' AS region, '' AS city,
        ${pick(browsers, zipf(1.5))} AS browser, toString(120 + rand() % 12) AS browser_version,
        ${pick(oses, zipf(1.4))} AS os, '' AS os_version,
        ${pick(devices, zipf(2))} AS device,
        '' AS prop_key, '' AS prop_value,
        1 AS events, name = 'pageview' AS pageviews, rand() % 3 = 0 AS visitors, rand() % 2 = 0 AS page_visitors,
        name != 'pageview' AS goal_visitors, rand() % 3 = 0 AS visits, toInt64(rand() % 5 = 0) AS bounces,
        toInt64(rand() % 3 = 0) AS exits, rand() % 120000 AS duration_ms, rand() % 60000 AS engaged_ms,
        rand() % 100 AS scroll_sum, 1 AS scroll_n
      FROM numbers(${from}, ${count})`,
  });
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(); // warm
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lagom-bench-query-'));
  const store = await openStore(loadConfig({ LAGOM_DATA_DIR: dir }));
  try {
    await migrate(store);
    let have = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      for (; have < size; have += Math.min(CHUNK, size - have)) await generate(store, have, Math.min(CHUNK, size - have));
      await store.client.command({ query: `OPTIMIZE TABLE ${store.db}.counters_hourly FINAL` });
      const loadS = ((performance.now() - t0) / 1000).toFixed(0);
      const range = dateRange('30d', undefined, tz);
      const scope: StatsScope = { site, timezone: tz, from: range.from, to: range.to, filters: [] };
      const filtered: StatsScope = { ...scope, filters: [{ property: 'event:page', negate: false, values: ['/docs/1'] }] };
      const baseline = await time(async () => {
        const rs = await store.client.query({
          query: `SELECT count() FROM ${store.db}.counters_hourly WHERE site = {site:String} AND hour >= toDateTime({from:Date}, {tz:String})`,
          query_params: { site, from: range.from, tz },
        });
        await rs.text();
      });
      const queries: Array<[string, () => Promise<unknown>]> = [
        ['aggregate + previous period', () => Promise.all([
          aggregate(store, scope, ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']),
          aggregate(store, previousPeriod(scope), ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']),
        ])],
        ['timeseries 30d by day', () => timeseries(store, scope, ['visitors', 'pageviews'], 'date')],
        ['top pages', () => breakdown(store, scope, 'event:page', ['visitors', 'pageviews'], 10, 1)],
        ['top sources, page filter', () => breakdown(store, filtered, 'visit:source', ['visitors'], 10, 1)],
      ];
      const parts = await store.client.query({
        query: `SELECT sum(bytes_on_disk) AS b, sum(rows) AS r FROM system.parts WHERE database = {db:String} AND table = 'counters_hourly' AND active`,
        query_params: { db: store.db },
        format: 'JSONEachRow',
      });
      const [{ b, r }] = (await parts.json<{ b: string; r: string }>()) as [{ b: string; r: string }];
      console.log(`\n${size.toLocaleString('en')} events (loaded and merged in ${loadS} s): ${Number(r).toLocaleString('en')} counter rows, ` +
        `${(Number(b) / size).toFixed(2)} bytes per event on disk (target < 20)`);
      console.log(`${'baseline: count() over the same rows'.padEnd(38)} ${baseline.toFixed(1).padStart(8)} ms`);
      for (const [name, fn] of queries) {
        const ms = await time(fn);
        console.log(`${name.padEnd(38)} ${ms.toFixed(1).padStart(8)} ms   ×${(ms / baseline).toFixed(1)} baseline`);
      }
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
