import type { Migration } from './types.js';

// Pageview goals, exact for the visitor: a site's own script knows the site's pageview goals and
// sends, for each pageview, how its goals' visitors differ from the page's ("first view of this
// page today" is not "first time this goal today" when the goal covers several pages). That
// difference (-1 or +1) is booked on a copy of the pageview's row marked with the goal's id,
// last in the sort key so that the copies of different goals never add up.
const KEY = 'name, path, hostname, entry_path, source, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, country, region, city, browser, browser_version, os, os_version, device, prop_key, prop_value, currency';

export const migration: Migration = {
  id: '0013_page_goal_fix',
  statements: (db) => [
    `ALTER TABLE ${db}.counters_hourly ADD COLUMN IF NOT EXISTS goal LowCardinality(String) AFTER currency, MODIFY ORDER BY (site, hour, ${KEY}, goal)`,
    `ALTER TABLE ${db}.counters_hourly ADD COLUMN IF NOT EXISTS goal_fix Int64`,
    `ALTER TABLE ${db}.counters_daily ADD COLUMN IF NOT EXISTS goal LowCardinality(String) AFTER currency, MODIFY ORDER BY (site, day, generation, ${KEY}, goal)`,
    `ALTER TABLE ${db}.counters_daily ADD COLUMN IF NOT EXISTS goal_fix Int64`,
  ],
};
