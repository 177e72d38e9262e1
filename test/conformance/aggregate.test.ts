// Plausible's Stats API v1 aggregate tests, replayed against Lagom (README.md in this folder).
import { MISMATCH as M } from './categories.js';
import { aggregateCases } from './cases/aggregate.js';
import { conformanceSuite, type KnownMismatches } from './harness.js';

/** Where Lagom does not give Plausible's answer yet. Fix one, and its test turns red: delete the line. */
const KNOWN_MISMATCHES: KnownMismatches = {
  A59: M.sumOfVisitors,
};

conformanceSuite('aggregate', aggregateCases, KNOWN_MISMATCHES);
