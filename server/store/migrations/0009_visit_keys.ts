import type { Migration } from './types.js';

// The visits that include a key (a page, a custom event), with their bounces and duration:
// visit metrics under a page or goal filter (docs/privacy.md, "Visits under a filter"). Rows
// written before this release have zeros here, so a filtered visit metric over older days
// counts only the visits recorded since.
export const migration: Migration = {
  id: '0009_visit_keys',
  statements: (db) =>
    ['counters_hourly', 'counters_daily'].map(
      (table) =>
        `ALTER TABLE ${db}.${table} ADD COLUMN IF NOT EXISTS key_visits UInt64, ADD COLUMN IF NOT EXISTS key_bounces Int64, ADD COLUMN IF NOT EXISTS key_duration_ms UInt64`,
    ),
};
