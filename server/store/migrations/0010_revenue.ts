import type { Migration } from './types.js';

// Revenue goals: a custom event may carry an amount in a currency. The currency is a category
// (rows of different currencies never add up), last in the sort key; the amount (in thousandths,
// so that 10.29 adds exactly) and the number of events that carried one are sums. A column added
// in the same ALTER may end the sort key (ClickHouse allows no other change of it).
const KEY = 'name, path, hostname, entry_path, source, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, country, region, city, browser, browser_version, os, os_version, device, prop_key, prop_value';

export const migration: Migration = {
  id: '0010_revenue',
  statements: (db) => [
    `ALTER TABLE ${db}.counters_hourly ADD COLUMN IF NOT EXISTS currency LowCardinality(String) AFTER prop_value, MODIFY ORDER BY (site, hour, ${KEY}, currency)`,
    `ALTER TABLE ${db}.counters_hourly ADD COLUMN IF NOT EXISTS revenue_milli Int64, ADD COLUMN IF NOT EXISTS revenue_n UInt64`,
    `ALTER TABLE ${db}.counters_daily ADD COLUMN IF NOT EXISTS currency LowCardinality(String) AFTER prop_value, MODIFY ORDER BY (site, day, generation, ${KEY}, currency)`,
    `ALTER TABLE ${db}.counters_daily ADD COLUMN IF NOT EXISTS revenue_milli Int64, ADD COLUMN IF NOT EXISTS revenue_n UInt64`,
  ],
};
