import type { Migration } from './types.js';
import { migration as m0001 } from './0001_init.js';
import { migration as m0002 } from './0002_dedup_window.js';
import { migration as m0003 } from './0003_daily_rollup.js';
import { migration as m0004 } from './0004_shared_links.js';
import { migration as m0005 } from './0005_small_merges.js';
import { migration as m0006 } from './0006_auth_tokens.js';
import { migration as m0007 } from './0007_canonical_timezones.js';

// Append-only: add new files at the end, never edit or reorder a released one.
export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007];
export type { Migration } from './types.js';
