import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/client.js';
import { deleteTarget, forCluster } from '../../server/store/ddl.js';
import { formatStatement } from '../../server/store/inspect.js';
import { migrations } from '../../server/store/migrations/index.js';

// No ClickHouse cluster runs here, so the generated DDL is checked two ways: its shape, and
// that ClickHouse's own parser (formatQuery in the embedded engine) accepts every statement.
const cluster = 'lagom_cluster';
const all = migrations.flatMap((m) => m.statements('lagom')).flatMap((s) => forCluster(s, cluster));
const client = createClient({ connection: createChdbConnection({ path: ':memory:' }) as never });
afterAll(() => client.close());
const store: Store = { client, db: 'default', embedded: true, close: () => client.close() };

describe('cluster DDL', () => {
  it('runs every DDL statement ON CLUSTER', () => {
    expect(all.length).toBeGreaterThan(8);
    for (const sql of all.filter((s) => !s.startsWith('INSERT'))) expect(sql).toContain(`ON CLUSTER ${cluster}`);
  });

  it('runs a data fix once, as it is: INSERT has no ON CLUSTER and the sites table replicates it', () => {
    const heal = migrations.find((m) => m.id === '0007_canonical_timezones')!.statements('lagom')[0]!;
    expect(forCluster(heal, cluster)).toEqual([heal.trim()]);
  });

  it('shards the counters over Replicated tables behind Distributed tables of the same name', () => {
    for (const t of ['counters_hourly', 'counters_recent', 'counters_daily']) {
      const local = all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS lagom.${t}_local `));
      expect(local).toContain(`ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/lagom/${t}_local', '{replica}')`);
      expect(local).not.toContain('non_replicated_deduplication_window');
      const front = all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS lagom.${t} `));
      expect(front).toBe(
        `CREATE TABLE IF NOT EXISTS lagom.${t} ON CLUSTER ${cluster} AS lagom.${t}_local ENGINE = Distributed(${cluster}, lagom, ${t}_local, cityHash64(site))`,
      );
    }
    expect(all.find((s) => s.includes('counters_recent_local ON'))).toContain('TTL minute + INTERVAL 1 HOUR');
  });

  it('adds a new counter column below and in front: to the local tables and to the Distributed tables', () => {
    const add = migrations.find((m) => m.id === '0009_visit_keys')!.statements('lagom')[0]!;
    const change = add.replace(/^ALTER TABLE lagom\.counters_hourly /, '');
    expect(forCluster(add, cluster)).toEqual([
      `ALTER TABLE lagom.counters_hourly_local ON CLUSTER ${cluster} ${change}`,
      `ALTER TABLE lagom.counters_hourly ON CLUSTER ${cluster} ${change}`,
    ]);
  });

  it('extends the sort key below only: the Distributed table gets the column without it', () => {
    const [key] = migrations.find((m) => m.id === '0010_revenue')!.statements('lagom');
    const [below, front] = forCluster(key!, cluster);
    expect(below).toMatch(/^ALTER TABLE lagom\.counters_hourly_local ON CLUSTER lagom_cluster ADD COLUMN IF NOT EXISTS currency .*, MODIFY ORDER BY \(site, hour, .*, currency\)$/);
    expect(front).toBe(`ALTER TABLE lagom.counters_hourly ON CLUSTER ${cluster} ADD COLUMN IF NOT EXISTS currency LowCardinality(String) AFTER prop_value`);
  });

  it('replicates the small tables whole to every node, keeping their version column', () => {
    const sites = all.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS lagom.sites '));
    expect(sites).toContain(`ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/lagom/sites', '{replica}', version)`);
    expect(all.some((s) => s.includes('Distributed') && s.includes('sites'))).toBe(false);
  });

  it('produces statements ClickHouse parses', async () => {
    for (const sql of all) {
      expect(await formatStatement(store, sql)).toMatch(/^(CREATE|ALTER|INSERT)/);
    }
  });

  it('sends deletes to the local tables on every node', () => {
    expect(deleteTarget('lagom', 'counters_hourly', cluster)).toBe(`lagom.counters_hourly_local ON CLUSTER ${cluster}`);
    expect(deleteTarget('lagom', 'rollup_log', cluster)).toBe(`lagom.rollup_log ON CLUSTER ${cluster}`);
    expect(deleteTarget('lagom', 'counters_hourly', undefined)).toBe('lagom.counters_hourly');
  });
});
