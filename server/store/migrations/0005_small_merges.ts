import type { Migration } from './types.js';

// A merge reads all its parts at once, and a counter row has 36 columns, so the memory of a
// merge grows with the number of parts it takes. Frequent small inserts (one a second) let the
// engine pick merges of ten and more small parts; five at a time keeps up with the inserts and
// took the embedded engine's memory under a burst from about 90 MB to about 35 MB on average
// (docs/operations.md, "Memory").
export const MAX_PARTS_TO_MERGE_AT_ONCE = 5;

export const migration: Migration = {
  id: '0005_small_merges',
  statements: (db) => [
    `ALTER TABLE ${db}.counters_hourly MODIFY SETTING max_parts_to_merge_at_once = ${MAX_PARTS_TO_MERGE_AT_ONCE}`,
    `ALTER TABLE ${db}.counters_daily MODIFY SETTING max_parts_to_merge_at_once = ${MAX_PARTS_TO_MERGE_AT_ONCE}`,
  ],
};
