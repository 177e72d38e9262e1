import type { Store } from '../../server/store/client.js';

/** Every value of every String-typed column of every Lagom table, as one list. */
export async function allStoredStrings(store: Store): Promise<string[]> {
  const rs = await store.client.query({
    query: `SELECT table, name FROM system.columns WHERE database = {db:String} AND type LIKE '%String%'`,
    query_params: { db: store.db },
    format: 'JSONEachRow',
  });
  const columns = await rs.json<{ table: string; name: string }>();
  const out: string[] = [];
  for (const { table, name } of columns) {
    const values = await store.client.query({
      query: `SELECT DISTINCT toString(${name}) AS v FROM ${store.db}.${table}`,
      format: 'JSONEachRow',
    });
    for (const r of await values.json<{ v: string }>()) out.push(r.v);
  }
  return out;
}

/** Values that look like identifiers: 32+ hex digits, or a UUID. */
export const IDENTIFIER_LIKE = /[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
