import type { Migration } from './types.js';

// A site's settings beyond its time zone (its tracker script's features, consent, privacy page),
// as one JSON text that server/sites/settings.ts reads with a default for every field: a site
// stored before this migration reads as every setting's default.
export const migration: Migration = {
  id: '0012_site_settings',
  statements: (db) => [`ALTER TABLE ${db}.sites ADD COLUMN IF NOT EXISTS settings String DEFAULT '{}'`],
};
