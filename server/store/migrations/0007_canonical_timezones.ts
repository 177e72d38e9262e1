import type { Migration } from './types.js';

// Up to 0.1.0 a time zone was checked with Intl, which accepts any case, and stored as typed;
// ClickHouse looks zones up case-sensitively, so every Stats API request of a site stored with
// "europe/stockholm" failed ("Cannot load time zone"). Each such site is written again with
// the zone's canonical name and a higher version, which the ReplacingMergeTree keeps. Once
// healed, the latest row matches exactly and nothing is selected: running it again is a no-op.
// On a cluster this is one INSERT on one node (ddl.ts): the sites table replicates it.
export const migration: Migration = {
  id: '0007_canonical_timezones',
  statements: (db) => [
    `INSERT INTO ${db}.sites (domain, timezone, created_at, deleted, version)
    SELECT s.domain, z.name, s.created_at, s.deleted, greatest(s.version + 1, toUInt64(toUnixTimestamp64Micro(now64(6))))
    FROM (SELECT domain, timezone, created_at, deleted, version FROM ${db}.sites FINAL WHERE deleted = 0) AS s
    INNER JOIN (SELECT time_zone AS name FROM system.time_zones) AS z ON lower(s.timezone) = lower(z.name)
    WHERE s.timezone != z.name`,
  ],
};
