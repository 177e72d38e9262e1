// Plausible's Stats API v1 breakdown tests, replayed against Lagom (README.md in this folder).
import { MISMATCH as M } from './categories.js';
import { breakdownCases } from './cases/breakdown.js';
import { conformanceSuite, type KnownMismatches } from './harness.js';

/** Where Lagom does not give Plausible's answer yet. Fix one, and its test turns red: delete the line. */
const KNOWN_MISMATCHES: KnownMismatches = {
  B56: M.defaultPeriodNow,
  B75: M.onePropKey, // and pageview props
  B79: M.defaultPeriodNow,
  B94: M.sumOfVisitors,
};

conformanceSuite('breakdown', breakdownCases, KNOWN_MISMATCHES);
