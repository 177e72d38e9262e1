import type { Migration } from './types.js';
import { migration as m0001 } from './0001_init.js';
import { migration as m0002 } from './0002_dedup_window.js';
import { migration as m0003 } from './0003_daily_rollup.js';
import { migration as m0004 } from './0004_shared_links.js';
import { migration as m0005 } from './0005_small_merges.js';
import { migration as m0006 } from './0006_auth_tokens.js';
import { migration as m0007 } from './0007_canonical_timezones.js';
import { migration as m0008 } from './0008_goals.js';
import { migration as m0009 } from './0009_visit_keys.js';
import { migration as m0010 } from './0010_revenue.js';
import { migration as m0011 } from './0011_page_gaps.js';
import { migration as m0012 } from './0012_site_settings.js';
import { migration as m0013 } from './0013_page_goal_fix.js';
import { migration as m0014 } from './0014_people.js';
import { migration as m0015 } from './0015_invitations.js';
import { migration as m0016 } from './0016_two_factor.js';
import { migration as m0017 } from './0017_sessions_audit.js';

// Append-only: add new files at the end, never edit or reorder a released one.
// A migration is frozen literal SQL: it imports nothing but its type ('./types.js'), and above
// all not the live schema (../schema.ts). Otherwise a change to the code would silently change
// what a released migration creates, e.g. a new dimension in a table's sort key. A change to a
// table is a new migration here plus the same change in schema.ts; test/server/store/migrations.test.ts
// keeps the imports honest and test/integration/schema.test.ts proves the two agree.
export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017];
export type { Migration } from './types.js';
