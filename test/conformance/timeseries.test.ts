// Plausible's Stats API v1 timeseries tests, replayed against Lagom (README.md in this folder).
import { MISMATCH as M } from './categories.js';
import { timeseriesCases } from './cases/timeseries.js';
import { conformanceSuite, type KnownMismatches } from './harness.js';

/** Where Lagom does not give Plausible's answer yet. Fix one, and its test turns red: delete the line. */
const KNOWN_MISMATCHES: KnownMismatches = {
  T8: M.nullVsZero,
  T19: M.pageviewGoals,
  T21: M.pageviewGoals,
  T37: M.eventName,
  T40: M.conversionRate,
  T41: M.conversionRate, // and pageview props
  T42: M.conversionRate,
  T43: M.conversionRate,
};

conformanceSuite('timeseries', timeseriesCases, KNOWN_MISMATCHES);
