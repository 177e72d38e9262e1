import type { Store } from './client.js';
import type { SerializedBatch } from '../ingest/spool.js';

/** One counter row: coarse categories and numbers, never anything that identifies a person. */
export interface CounterRow {
  site: string;
  /** start of the UTC hour, seconds since the epoch */
  hour: number;
  name: string;
  path: string;
  hostname: string;
  entry_path: string;
  source: string;
  referrer: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_content: string;
  utm_term: string;
  country: string;
  region: string;
  city: string;
  browser: string;
  browser_version: string;
  os: string;
  os_version: string;
  device: string;
  prop_key: string;
  prop_value: string;
  events: number;
  pageviews: number;
  visitors: number;
  page_visitors: number;
  goal_visitors: number;
  visits: number;
  bounces: number;
  exits: number;
  duration_ms: number;
  engaged_ms: number;
  scroll_sum: number;
  scroll_n: number;
}

export interface RecentRow {
  site: string;
  /** start of the UTC minute, seconds since the epoch */
  minute: number;
  slot_visitors: number;
}

export interface CounterBatch {
  counters: CounterRow[];
  recent: RecentRow[];
}

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
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
  }
  if (batch.recent.length > 0) {
    await store.client.insert({
      table: `${store.db}.counters_recent`,
      values: batch.recent,
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
  }
}
