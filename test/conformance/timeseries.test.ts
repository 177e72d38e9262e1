// Plausible's Stats API v1 timeseries tests, replayed against Lagom (README.md in this folder).
import { MISMATCH as M } from './categories.js';
import { timeseriesCases } from './cases/timeseries.js';
import { conformanceSuite, type KnownMismatches } from './harness.js';

/** Where Lagom does not give Plausible's answer yet. Fix one, and its test turns red: delete the line. */
const KNOWN_MISMATCHES: KnownMismatches = {
  T21: M.sumOfVisitors,
  T37: M.onePropKey,
};

conformanceSuite('timeseries', timeseriesCases, KNOWN_MISMATCHES);
