// Query benchmark: synthetic traffic (Zipf-distributed paths, sources and countries, a daily
// cycle) of BENCH_QUERY_SIZES events (default 10 M and 100 M) written into the counters of an
// embedded engine, then the dashboard's queries timed as medians of several runs, each printed
// against a plain count() over the same rows.
//   npm run bench:query            (BENCH_QUERY_SIZES=10000000,100000000 BENCH_RUNS=5)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/core/config.js';
import { openStore } from '../server/store/client.js';
import { migrate } from '../server/store/migrate.js';
import { aggregate, breakdown, timeseries } from '../server/store/stats.js';
import { countSince, mergeTable, tableStorage } from '../server/store/inspect.js';
import { addSyntheticTraffic } from '../server/store/synthetic.js';
import { previousPeriod } from '../server/stats/routes.js';
import { dateRange } from '../server/stats/params.js';
import type { StatsScope } from '../server/store/stats.js';

const sizes = (process.env.BENCH_QUERY_SIZES ?? '10000000,100000000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const site = 'bench.test';
const tz = 'Europe/Stockholm';
const CHUNK = 10_000_000;

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
      for (; have < size; have += Math.min(CHUNK, size - have)) await addSyntheticTraffic(store, site, have, Math.min(CHUNK, size - have));
      await mergeTable(store, 'counters_hourly');
      const loadS = ((performance.now() - t0) / 1000).toFixed(0);
      const range = dateRange('30d', undefined, tz);
      const scope: StatsScope = { site, timezone: tz, from: range.from, to: range.to, filters: [] };
      const filtered: StatsScope = { ...scope, filters: [{ property: 'event:page', negate: false, values: ['/docs/1'] }] };
      const baseline = await time(() => countSince(store, site, range.from, tz));
      const queries: Array<[string, () => Promise<unknown>]> = [
        ['aggregate + previous period', () => Promise.all([
          aggregate(store, scope, ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']),
          aggregate(store, previousPeriod(scope), ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']),
        ])],
        ['timeseries 30d by day', () => timeseries(store, scope, ['visitors', 'pageviews'], 'date')],
        ['top pages', () => breakdown(store, scope, 'event:page', ['visitors', 'pageviews'], 10, 1)],
        ['top sources, page filter', () => breakdown(store, filtered, 'visit:source', ['visitors'], 10, 1)],
        ['visit metrics, page filter', () => aggregate(store, filtered, ['visitors', 'visits', 'bounce_rate', 'visit_duration'])],
        ['goals with conversion rate', () => breakdown(store, scope, 'event:goal', ['visitors', 'events', 'conversion_rate'], 10, 1)],
      ];
      const { rows: r, bytes: b } = await tableStorage(store, 'counters_hourly');
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
