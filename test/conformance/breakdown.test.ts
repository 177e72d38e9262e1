// Plausible's Stats API v1 breakdown tests, replayed against Lagom (README.md in this folder).
import { MISMATCH as M } from './categories.js';
import { breakdownCases } from './cases/breakdown.js';
import { conformanceSuite, type KnownMismatches } from './harness.js';

/** Where Lagom does not give Plausible's answer yet. Fix one, and its test turns red: delete the line. */
const KNOWN_MISMATCHES: KnownMismatches = {
  B17: M.channel,
  B42: M.eventName,
  B43: M.eventName,
  B44: M.eventName,
  B45: M.eventName,
  B46: M.eventName,
  B47: M.eventName,
  B50: M.eventName,
  B51: M.pageviewProps,
  B52: M.eventName,
  B53: M.eventName,
  B54: M.eventName,
  B55: M.pageviewGoals,
  B56: M.pageviewGoals,
  B61: M.visitorsFiltered,
  B64: M.visitorsFiltered,
  B65: M.pageviewGoals,
  B66: M.visitorsFiltered,
  B67: M.pageviewGoals,
  B69: M.visitorsFiltered,
  B73: M.eventName,
  B74: M.pageviewProps,
  B75: M.onePropKey, // and pageview props
  B76: M.pageviewProps,
  B79: M.pageviewProps,
  B85: M.timeOnPage,
  B86: M.timeOnPage, // and rows whose first metric is 0 dropped
  B87: M.timeOnPage, // and rows whose first metric is 0 dropped
  B88: M.conversionRate, // and pageview goals
  B89: M.conversionRate,
  B90: M.conversionRate, // and pageview goals, pageview props
  B91: M.conversionRate, // and pageview goals, pageview props
  B92: M.conversionRate,
  B93: M.conversionRate,
  B94: M.conversionRate,
  B95: M.conversionRate,
  B96: M.conversionRate, // and Edge is "Microsoft Edge" (ON_PURPOSE.edgeName)
  B98: M.zeroRowsDropped,
  B99: M.eventName,
  B100: M.pageSessions,
};

conformanceSuite('breakdown', breakdownCases, KNOWN_MISMATCHES);
