import type { Migration } from './types.js';

// Old hourly rows are rolled up into daily rows (days in the site's time zone): the same
// categories and sums, keyed by day and by the rollup generation that wrote them.
// `rollup_log` says which generations of a day are committed, so that queries count every
// row exactly once at every moment of a rollup, and a stopped rollup can resume.
export const migration: Migration = {
  id: '0003_daily_rollup',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.counters_daily (
      site LowCardinality(String),
      day Date,
      generation UInt32,
      name LowCardinality(String),
      path String,
      hostname LowCardinality(String),
      entry_path String,
      source LowCardinality(String),
      referrer String,
      utm_source String,
      utm_medium String,
      utm_campaign String,
      utm_content String,
      utm_term String,
      country LowCardinality(String),
      region LowCardinality(String),
      city String,
      browser LowCardinality(String),
      browser_version LowCardinality(String),
      os LowCardinality(String),
      os_version LowCardinality(String),
      device LowCardinality(String),
      prop_key String,
      prop_value String,
      events UInt64,
      pageviews UInt64,
      visitors UInt64,
      page_visitors UInt64,
      goal_visitors UInt64,
      visits UInt64,
      bounces Int64,
      exits Int64,
      duration_ms UInt64,
      engaged_ms UInt64,
      scroll_sum UInt64,
      scroll_n UInt64
    ) ENGINE = SummingMergeTree
    PARTITION BY toYYYYMM(day)
    ORDER BY (site, day, generation, name, path, hostname, entry_path, source, referrer,
      utm_source, utm_medium, utm_campaign, utm_content, utm_term,
      country, region, city, browser, browser_version, os, os_version, device, prop_key, prop_value)
    SETTINGS non_replicated_deduplication_window = 10000`,
    `CREATE TABLE IF NOT EXISTS ${db}.rollup_log (
      site String,
      day Date,
      generation UInt32,
      state LowCardinality(String),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY (site, day)`,
  ],
};
