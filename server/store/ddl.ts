// DDL for a ClickHouse cluster. Migrations are written once, for a single server; with
// CLICKHOUSE_CLUSTER set, each statement is rewritten here:
//   - the counter tables become Replicated*MergeTree tables named <table>_local on every node,
//     sharded, with a Distributed table under the original name in front, so every query and
//     insert in the code stays as it is;
//   - the small tables (sites, goals, owners, keys, settings, logs) are replicated whole to every node;
//   - CREATE DATABASE and ALTER run ON CLUSTER.

/** Tables whose rows are spread over the shards; the others are small and live on every node. */
export const SHARDED_TABLES = new Set(['counters_hourly', 'counters_recent', 'counters_daily']);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkIdentifier(name: string, what: string): string {
  if (!IDENT.test(name)) throw new Error(`${what} must be a plain identifier (letters, digits, _), got "${name}"`);
  return name;
}

const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) \(([\s\S]*)\) ENGINE = (\w+)(\([^)]*\))?([\s\S]*)$/;
const CREATE_DATABASE = /^CREATE DATABASE IF NOT EXISTS (\w+)$/;
const ALTER = /^ALTER TABLE (\w+)\.(\w+) ([\s\S]*)$/;
const INSERT = /^INSERT INTO \w+\.\w+ /;

/** One single-server statement → the statements that do the same on a cluster. */
export function forCluster(statement: string, cluster: string): string[] {
  const sql = statement.trim();
  const on = `ON CLUSTER ${checkIdentifier(cluster, 'CLICKHOUSE_CLUSTER')}`;
  const db = CREATE_DATABASE.exec(sql);
  if (db) return [`CREATE DATABASE IF NOT EXISTS ${db[1]} ${on}`];

  const table = CREATE_TABLE.exec(sql);
  if (table) {
    const [, database, name, columns, engine, args = '', rest] = table;
    const sharded = SHARDED_TABLES.has(name!);
    const local = sharded ? `${name}_local` : name!;
    const zkPath = sharded ? `'/clickhouse/tables/{shard}/${database}/${local}'` : `'/clickhouse/tables/all/${database}/${local}'`;
    const engineArgs = args.replace(/^\(|\)$/g, '');
    const replicated = `Replicated${engine}(${[zkPath, `'{replica}'`, engineArgs].filter(Boolean).join(', ')})`;
    // Replicated tables deduplicate inserts by token on their own (replicated_deduplication_window).
    const settings = rest!.replace(/SETTINGS non_replicated_deduplication_window = \d+/, '').trimEnd();
    const out = [`CREATE TABLE IF NOT EXISTS ${database}.${local} ${on} (${columns}) ENGINE = ${replicated}${settings}`];
    if (sharded) {
      out.push(
        `CREATE TABLE IF NOT EXISTS ${database}.${name} ${on} AS ${database}.${local} ` +
          `ENGINE = Distributed(${cluster}, ${database}, ${local}, cityHash64(site))`,
      );
    }
    return out;
  }

  const alter = ALTER.exec(sql);
  if (alter) {
    const [, database, name, change] = alter;
    if (/non_replicated_deduplication_window/.test(change!)) return [];
    if (!SHARDED_TABLES.has(name!)) return [`ALTER TABLE ${database}.${name} ${on} ${change}`];
    const out = [`ALTER TABLE ${database}.${name}_local ${on} ${change}`];
    // A Distributed table has its own column list: a column added below must be added in
    // front too, or reads and inserts through it do not see it.
    // (Its sort key is its shards': only the columns go in front.)
    if (/^ADD COLUMN/.test(change!)) out.push(`ALTER TABLE ${database}.${name} ${on} ${change!.replace(/,\s*MODIFY ORDER BY \([^)]*\)$/, '')}`);
    return out;
  }
  // A data fix, not DDL, and INSERT has no ON CLUSTER: it runs once, on this node. The small
  // tables replicate it to every node; a counter table's Distributed front spreads it.
  if (INSERT.test(sql)) return [sql];
  throw new Error(`No cluster form for this statement: ${sql.slice(0, 80)}`);
}

/**
 * Where a DELETE goes: the table itself on one server; on a cluster, the local table on every
 * node (lightweight deletes do not run through Distributed tables).
 */
export function deleteTarget(db: string, table: string, cluster: string | undefined): string {
  if (!cluster) return `${db}.${table}`;
  return `${db}.${SHARDED_TABLES.has(table) ? `${table}_local` : table} ON CLUSTER ${cluster}`;
}
