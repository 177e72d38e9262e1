import type { Store } from './client.js';
import { COUNTER_COLUMNS, COUNTER_TABLES, type CounterRow, type RecentRow } from './schema.js';

export type { CounterRow, RecentRow } from './schema.js';

export interface CounterBatch {
  counters: CounterRow[];
  recent: RecentRow[];
}

/** A batch of counter rows, each already serialised to one JSON line, with its insert token. */
export interface SerializedBatch {
  /** the insert deduplication token: a replay of the same batch is not counted twice */
  token: string;
  counters: string[];
  recent: string[];
}

const RECENT_COLUMNS = COUNTER_TABLES.counters_recent.columns.map(([name]) => name);

/**
 * Writes one batch of rows already serialised as JSON lines (the client passes strings through
 * unchanged, see client.ts). The token makes the insert idempotent: the counter tables keep a
 * deduplication window, so replaying a batch that did reach the store adds nothing.
 * Every insert into these tables must carry a token: on the embedded engine the setting is
 * applied to the session and would otherwise stick to the next insert.
 */
export async function insertBatch(store: Store, batch: SerializedBatch): Promise<void> {
  const settings = { insert_deduplication_token: batch.token };
  if (batch.counters.length > 0) {
    await store.client.insert({
      table: `${store.db}.counters_hourly`,
      values: batch.counters,
      columns: [...COUNTER_COLUMNS] as [string, ...string[]],
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
  }
  if (batch.recent.length > 0) {
    await store.client.insert({
      table: `${store.db}.counters_recent`,
      values: batch.recent,
      columns: [...RECENT_COLUMNS] as [string, ...string[]],
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
  }
}
