import type { Migration } from './types.js';

// Time on page for sites without engagement events: the time from a pageview to the visit's next
// pageview, booked on the page it was spent on (with the exit that moves off it), and the number
// of such gaps.
export const migration: Migration = {
  id: '0011_page_gaps',
  statements: (db) =>
    ['counters_hourly', 'counters_daily'].map((table) => `ALTER TABLE ${db}.${table} ADD COLUMN IF NOT EXISTS gap_ms UInt64, ADD COLUMN IF NOT EXISTS gap_n UInt64`),
};
