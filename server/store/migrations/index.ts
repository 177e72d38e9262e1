import type { Migration } from './types.js';
import { migration as m0001 } from './0001_init.js';

// Append-only: add new files at the end, never edit or reorder a released one.
export const migrations: Migration[] = [m0001];
export type { Migration } from './types.js';
