// Read-only looks at what the store holds, for the privacy audit, the tests and the benchmarks:
// the SQL they need lives here with the rest. Table names come from a fixed list.
import type { Store } from './client.js';
import { rows } from './query.js';

export const TABLES = [
  'counters_hourly', 'counters_daily', 'counters_recent', 'sites', 'users', 'api_keys', 'settings',
  'rollup_log', 'shared_links', 'schema_migrations', 'auth_tokens', 'goals', 'invitations', 'two_factor', 'sessions', 'audit_log',
] as const;
export type Table = (typeof TABLES)[number];
export type CounterTable = 'counters_hourly' | 'counters_daily';

function checked(table: Table): Table {
  if (!TABLES.includes(table)) throw new Error(`unknown table ${String(table)}`);
  return table;
}

/** Every distinct value of every String-typed column of every table of the database. */
export async function storedStrings(store: Store): Promise<string[]> {
  const columns = await rows<{ table: string; name: string }>(
    store,
    `SELECT table, name FROM system.columns WHERE database = {db:String} AND type LIKE '%String%'`,
    { db: store.db },
  );
  const out: string[] = [];
  for (const { table, name } of columns) {
    // Names read from system.columns, quoted as identifiers.
    const values = await rows<{ v: string }>(store, `SELECT DISTINCT toString(\`${name}\`) AS v FROM ${store.db}.\`${table}\``);
    for (const r of values) out.push(r.v);
  }
  return out;
}

/** A table as the engine sees it: its columns (name and type, in table order) and its sort key. */
export async function tableShape(store: Store, table: Table): Promise<{ columns: Array<[string, string]>; orderBy: string[] }> {
  const params = { db: store.db, table: checked(table) };
  const columns = await rows<{ name: string; type: string }>(
    store,
    'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {table:String} ORDER BY position',
    params,
  );
  const [t] = await rows<{ sorting_key: string }>(
    store,
    'SELECT sorting_key FROM system.tables WHERE database = {db:String} AND name = {table:String}',
    params,
  );
  return { columns: columns.map((c) => [c.name, c.type]), orderBy: t?.sorting_key ? t.sorting_key.split(', ') : [] };
}

/** Every row of one table. */
export function tableRows(store: Store, table: Table): Promise<Record<string, unknown>[]> {
  return rows(store, `SELECT * FROM ${store.db}.${checked(table)}`);
}

/**
 * Counter rows and the events they add up to, of one site or all, optionally only those of
 * hours before midnight of `before` (a date) in the time zone `tz`.
 */
export async function counterTotals(
  store: Store,
  table: CounterTable,
  options: { site?: string; before?: { date: string; tz: string } } = {},
): Promise<{ rows: number; events: number }> {
  const time = table === 'counters_daily' ? 'day' : 'hour';
  const where = [
    options.site === undefined ? '' : 'site = {site:String}',
    options.before === undefined ? '' : `${time} < toDateTime({before:Date}, {tz:String})`,
  ].filter(Boolean);
  const [r] = await rows<{ n: string; e: string }>(
    store,
    `SELECT count() AS n, sum(events) AS e FROM ${store.db}.${checked(table)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    {
      ...(options.site === undefined ? {} : { site: options.site }),
      ...(options.before === undefined ? {} : { before: options.before.date, tz: options.before.tz }),
    },
  );
  return { rows: Number(r?.n ?? 0), events: Number(r?.e ?? 0) };
}

/** Migration ids and how often each is recorded. */
export async function migrationCounts(store: Store): Promise<Array<[string, number]>> {
  const r = await rows<{ id: string; n: string }>(store, `SELECT id, count() AS n FROM ${store.db}.schema_migrations GROUP BY id ORDER BY id`);
  return r.map((x) => [x.id, Number(x.n)]);
}

/** The engine's own formatting of a statement: it throws when the statement does not parse. */
export async function formatStatement(store: Store, sql: string): Promise<string> {
  const [r] = await rows<{ f: string }>(store, 'SELECT formatQuery({q:String}) AS f', { q: sql });
  return r?.f ?? '';
}

/** A query that needs about 8 bytes per number of memory: shows the per-query memory cap. */
export async function allocate(store: Store, numbers: number): Promise<void> {
  await rows(store, 'SELECT length(groupArray(number)) AS n FROM numbers({count:UInt64})', { count: numbers });
}

/** Active rows and bytes on disk of one table. */
export async function tableStorage(store: Store, table: Table): Promise<{ rows: number; bytes: number }> {
  const [r] = await rows<{ b: string; r: string }>(
    store,
    `SELECT sum(bytes_on_disk) AS b, sum(rows) AS r FROM system.parts WHERE database = {db:String} AND table = {table:String} AND active`,
    { db: store.db, table: checked(table) },
  );
  return { rows: Number(r?.r ?? 0), bytes: Number(r?.b ?? 0) };
}

/** Merges a table's parts into one (benchmarks: measure queries on settled data). */
export async function mergeTable(store: Store, table: Table): Promise<void> {
  await store.client.command({ query: `OPTIMIZE TABLE ${store.db}.${checked(table)} FINAL` });
}

/** count() of a site's hourly counter rows since a date: the benchmarks' baseline query. */
export async function countSince(store: Store, site: string, from: string, tz: string): Promise<number> {
  const [r] = await rows<{ n: string }>(
    store,
    `SELECT count() AS n FROM ${store.db}.counters_hourly WHERE site = {site:String} AND hour >= toDateTime({from:Date}, {tz:String})`,
    { site, from, tz },
  );
  return Number(r?.n ?? 0);
}

/** The engine's system log tables (query_log, part_log, …): none on the embedded engine. */
export async function systemLogTables(store: Store): Promise<string[]> {
  const r = await rows<{ name: string }>(store, `SELECT name FROM system.tables WHERE database = 'system' AND name LIKE '%\\_log'`);
  return r.map((x) => x.name);
}

/** A server setting of the engine (system.server_settings), as text. */
export async function serverSetting(store: Store, name: string): Promise<string | undefined> {
  const r = await rows<{ value: string }>(store, 'SELECT value FROM system.server_settings WHERE name = {name:String}', { name });
  return r[0]?.value;
}

/** A MergeTree setting of a table of the database, as text (system.merge_tree_settings overridden by the table's). */
export async function tableSetting(store: Store, table: Table, name: string): Promise<string | undefined> {
  const r = await rows<{ engine_full: string }>(
    store,
    'SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {table:String}',
    { db: store.db, table: checked(table) },
  );
  return new RegExp(`\\b${name} = (\\w+)`).exec(r[0]?.engine_full ?? '')?.[1];
}
