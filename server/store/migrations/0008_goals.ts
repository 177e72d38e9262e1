import type { Migration } from './types.js';

// Configured goals, as Plausible has them: a custom event's name or a page path pattern, with
// the name the dashboard and the Stats API show. Keyed by (site, id): the id is a small integer
// (Plausible's are), unique over the whole table; records.ts allocates it.
//
// Up to this release every custom event counted as a goal. So that an upgraded owner's Goals
// panel does not go empty, each custom event name a live site has counted (hourly or rolled up)
// becomes an event goal, with ids after the largest there is. A name that has a goal already
// (any version, deleted too) is left alone, so running it again selects nothing.
// On a cluster this is one INSERT on one node (ddl.ts): the goals table replicates it.
export const migration: Migration = {
  id: '0008_goals',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.goals (
      site String,
      id UInt64,
      goal_type LowCardinality(String),
      event_name String,
      page_path String,
      display_name String,
      currency LowCardinality(String),
      deleted UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY (site, id)`,
    `INSERT INTO ${db}.goals (site, id, goal_type, event_name, page_path, display_name, currency, deleted, version)
    SELECT n.site, (SELECT max(id) FROM ${db}.goals) + row_number() OVER (ORDER BY n.site, n.name), 'event', n.name, '', n.name, '', 0,
      toUInt64(toUnixTimestamp64Micro(now64(6)))
    FROM (
      SELECT site, name FROM (
        SELECT site, name FROM ${db}.counters_hourly WHERE name NOT IN ('pageview', 'engagement')
        UNION ALL
        SELECT site, name FROM ${db}.counters_daily WHERE name NOT IN ('pageview', 'engagement')
      )
      WHERE site IN (SELECT domain FROM ${db}.sites FINAL WHERE deleted = 0)
        AND (site, name) NOT IN (SELECT site, event_name FROM ${db}.goals WHERE goal_type = 'event')
      GROUP BY site, name
    ) AS n`,
  ],
};
