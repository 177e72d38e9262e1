import type { Store } from './client.js';
import { migrations as all, type Migration } from './migrations/index.js';
import { forCluster } from './ddl.js';
import { rows } from './query.js';

/**
 * Applies the migrations not yet recorded in the database, in order, and records each one.
 * Statements are idempotent too, so a crash between a statement and its record is harmless.
 */
export async function migrate(store: Store, migrations: Migration[] = all): Promise<string[]> {
  const { client, db } = store;
  const run = async (sql: string) => {
    for (const query of store.cluster ? forCluster(sql, store.cluster) : [sql]) await client.command({ query });
  };
  await run(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await run(`CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (
      id String, applied_at DateTime('UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY id`);
  const done = new Set((await rows<{ id: string }>(store, `SELECT DISTINCT id FROM ${db}.schema_migrations`)).map((r) => r.id));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    for (const sql of m.statements(db)) await run(sql);
    await client.insert({
      table: `${db}.schema_migrations`,
      values: [{ id: m.id, applied_at: Math.floor(Date.now() / 1000) }],
      format: 'JSONEachRow',
    });
    applied.push(m.id);
  }
  return applied;
}
