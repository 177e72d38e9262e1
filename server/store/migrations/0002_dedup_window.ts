import type { Migration } from './types.js';

// Spooled batches are replayed with the token of their first attempt; a deduplication window
// on the counter tables makes a replay of a batch that did arrive a no-op.
export const migration: Migration = {
  id: '0002_dedup_window',
  statements: (db) => [
    `ALTER TABLE ${db}.counters_hourly MODIFY SETTING non_replicated_deduplication_window = 10000`,
    `ALTER TABLE ${db}.counters_recent MODIFY SETTING non_replicated_deduplication_window = 10000`,
  ],
};
