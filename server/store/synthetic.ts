// Synthetic traffic for the benchmarks: counter rows as a busy documentation site would produce
// them (Zipf-distributed paths, sources, countries and browsers, a daily cycle over 90 days),
// generated inside the engine, since millions of rows through JSON would measure the client.
import type { Store } from './client.js';
import { COUNTER_COLUMNS, type CounterRow } from './schema.js';

const SOURCES = ['', 'Google', 'Hacker News', 'Twitter', 'DuckDuckGo', 'Reddit', 'Bing', 'LinkedIn', 'Newsletter', 'GitHub'];
const COUNTRIES = ['SE', 'US', 'DE', 'GB', 'NO', 'FI', 'DK', 'FR', 'NL', 'IN', 'BR', 'CA', 'JP', 'ES', 'IT', 'PL'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Microsoft Edge', 'Samsung Browser', 'Opera'];
const OSES = ['Windows', 'Mac', 'iOS', 'Android', 'GNU/Linux'];
const DEVICES = ['Desktop', 'Mobile', 'Tablet'];

// Pareto draw ≥ 0 with a heavy head: index 0 is the most common, then 1, 2, … (exponents are
// constants of this file, not values).
const zipf = (s: number) => `toUInt32(floor(pow(randCanonical(), -1 / ${s}))) - 1`;
const pick = (list: string, s: number) => `{${list}:Array(String)}[1 + (${zipf(s)}) % length({${list}:Array(String)})]`;

// What each column of a counter row is made of; typed against the schema, so a new column
// needs an expression here. Later expressions may name earlier ones (`name`).
const COLUMNS: { [C in keyof CounterRow]: string } = {
  site: '{site:String}',
  // 90 days back from now, busiest in the afternoon (Europe)
  hour: 'toStartOfHour(now()) - (number % 90) * 86400 - ((toUInt32(24 + 10 + 4 * randNormal(0, 1)) % 24) * 3600)',
  name: "if(rand() % 10 = 0, 'Signup', 'pageview')",
  path: `concat('/docs/', toString(${zipf(1.1)} % 2000))`,
  hostname: '{site:String}',
  entry_path: `concat('/docs/', toString(${zipf(1.3)} % 2000))`,
  source: pick('sources', 1.2),
  referrer: "''", utm_source: "''", utm_medium: "''", utm_campaign: "''", utm_content: "''", utm_term: "''",
  country: pick('countries', 1.0), region: "''", city: "''",
  browser: pick('browsers', 1.5), browser_version: 'toString(120 + rand() % 12)',
  os: pick('oses', 1.4), os_version: "''",
  device: pick('devices', 2),
  prop_key: "''", prop_value: "''", currency: "''", goal: "''",
  events: '1', pageviews: "name = 'pageview'", visitors: 'rand() % 3 = 0', page_visitors: 'rand() % 2 = 0',
  goal_visitors: "name != 'pageview'", visits: 'rand() % 3 = 0', bounces: 'toInt64(rand() % 5 = 0)',
  exits: 'toInt64(rand() % 3 = 0)', duration_ms: 'rand() % 120000', engaged_ms: 'rand() % 60000',
  scroll_sum: 'rand() % 100', scroll_n: '1',
  key_visits: 'rand() % 2 = 0', key_bounces: 'toInt64(rand() % 4 = 0)', key_duration_ms: 'rand() % 180000',
  revenue_milli: '0', revenue_n: '0', gap_ms: 'rand() % 90000', gap_n: 'rand() % 2', goal_fix: '0',
};

/** Adds `count` synthetic events (numbered from `from`, so chunks differ) to a site's counters. */
export async function addSyntheticTraffic(store: Store, site: string, from: number, count: number): Promise<void> {
  await store.client.command({
    query: `INSERT INTO ${store.db}.counters_hourly (${COUNTER_COLUMNS.join(', ')})
      SELECT ${COUNTER_COLUMNS.map((c) => `${COLUMNS[c]} AS ${c}`).join(',\n        ')}
      FROM numbers({from:UInt64}, {count:UInt64})`,
    query_params: { site, from, count, sources: SOURCES, countries: COUNTRIES, browsers: BROWSERS, oses: OSES, devices: DEVICES },
  });
}
