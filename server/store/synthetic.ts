// Synthetic traffic for the benchmarks: counter rows as a busy documentation site would produce
// them (Zipf-distributed paths, sources, countries and browsers, a daily cycle over 90 days),
// generated inside the engine, since millions of rows through JSON would measure the client.
import type { Store } from './client.js';

const SOURCES = ['', 'Google', 'Hacker News', 'Twitter', 'DuckDuckGo', 'Reddit', 'Bing', 'LinkedIn', 'Newsletter', 'GitHub'];
const COUNTRIES = ['SE', 'US', 'DE', 'GB', 'NO', 'FI', 'DK', 'FR', 'NL', 'IN', 'BR', 'CA', 'JP', 'ES', 'IT', 'PL'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet', 'Opera'];
const OSES = ['Windows', 'macOS', 'iOS', 'Android', 'Linux'];
const DEVICES = ['Desktop', 'Mobile', 'Tablet'];

// Pareto draw ≥ 0 with a heavy head: index 0 is the most common, then 1, 2, … (exponents are
// constants of this file, not values).
const zipf = (s: number) => `toUInt32(floor(pow(randCanonical(), -1 / ${s}))) - 1`;
const pick = (list: string, s: number) => `{${list}:Array(String)}[1 + (${zipf(s)}) % length({${list}:Array(String)})]`;

/** Adds `count` synthetic events (numbered from `from`, so chunks differ) to a site's counters. */
export async function addSyntheticTraffic(store: Store, site: string, from: number, count: number): Promise<void> {
  await store.client.command({
    query: `INSERT INTO ${store.db}.counters_hourly
      SELECT
        {site:String} AS site,
        -- 90 days back from now, busiest in the afternoon (Europe)
        toStartOfHour(now()) - (number % 90) * 86400 - ((toUInt32(24 + 10 + 4 * randNormal(0, 1)) % 24) * 3600) AS hour,
        if(rand() % 10 = 0, 'Signup', 'pageview') AS name,
        concat('/docs/', toString(${zipf(1.1)} % 2000)) AS path,
        {site:String} AS hostname,
        concat('/docs/', toString(${zipf(1.3)} % 2000)) AS entry_path,
        ${pick('sources', 1.2)} AS source,
        '' AS referrer, '' AS utm_source, '' AS utm_medium, '' AS utm_campaign, '' AS utm_content, '' AS utm_term,
        ${pick('countries', 1.0)} AS country, '' AS region, '' AS city,
        ${pick('browsers', 1.5)} AS browser, toString(120 + rand() % 12) AS browser_version,
        ${pick('oses', 1.4)} AS os, '' AS os_version,
        ${pick('devices', 2)} AS device,
        '' AS prop_key, '' AS prop_value,
        1 AS events, name = 'pageview' AS pageviews, rand() % 3 = 0 AS visitors, rand() % 2 = 0 AS page_visitors,
        name != 'pageview' AS goal_visitors, rand() % 3 = 0 AS visits, toInt64(rand() % 5 = 0) AS bounces,
        toInt64(rand() % 3 = 0) AS exits, rand() % 120000 AS duration_ms, rand() % 60000 AS engaged_ms,
        rand() % 100 AS scroll_sum, 1 AS scroll_n
      FROM numbers({from:UInt64}, {count:UInt64})`,
    query_params: { site, from, count, sources: SOURCES, countries: COUNTRIES, browsers: BROWSERS, oses: OSES, devices: DEVICES },
  });
}
