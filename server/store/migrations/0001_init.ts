import type { Migration } from './types.js';

// Counters hold aggregates keyed by coarse categories only: there is no column that could hold
// an IP, a user agent, a visitor ID or a hash of one. Metric columns are summed by the engine
// when rows with equal keys merge; bounces and exits are signed deltas (DESIGN.md).
// Released: frozen text. The live schema is server/store/schema.ts (migrations/index.ts).
export const migration: Migration = {
  id: '0001_init',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.counters_hourly (
      site LowCardinality(String),
      hour DateTime('UTC'),
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
    PARTITION BY toYYYYMM(hour)
    ORDER BY (site, hour, name, path, hostname, entry_path, source, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, country, region, city, browser, browser_version, os, os_version, device, prop_key, prop_value)`,
    // Five-minute activity for "current visitors"; worthless after an hour, so the engine drops it.
    `CREATE TABLE IF NOT EXISTS ${db}.counters_recent (
      site LowCardinality(String),
      minute DateTime('UTC'),
      slot_visitors UInt64
    ) ENGINE = SummingMergeTree
    ORDER BY (site, minute)
    TTL minute + INTERVAL 1 HOUR`,
    `CREATE TABLE IF NOT EXISTS ${db}.sites (
      domain String,
      timezone String,
      created_at DateTime('UTC'),
      deleted UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY domain`,
    `CREATE TABLE IF NOT EXISTS ${db}.users (
      email String,
      password_hash String,
      session_epoch UInt32,
      created_at DateTime('UTC'),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY email`,
    `CREATE TABLE IF NOT EXISTS ${db}.api_keys (
      key_hash String,
      prefix String,
      name String,
      owner String,
      created_at DateTime('UTC'),
      revoked UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY key_hash`,
    `CREATE TABLE IF NOT EXISTS ${db}.settings (
      key String,
      value String,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY key`,
  ],
};
