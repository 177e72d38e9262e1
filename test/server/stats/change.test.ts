// compare=previous_period's "change" (server/stats/routes.ts), as Plausible computes it
// (its Stats.Compare): percent for counts and durations, rounded, 100 from nothing and 0 from
// nothing to nothing; percentage points for bounce rate, and null when the previous period had
// no bounce rate to compare with.
import { describe, expect, it } from 'vitest';
import { change } from '../../../protocol/stats.js';
import type { Metric } from '../../../protocol/stats.js';

describe('change', () => {
  it.each<[Metric, number, number, number | null]>([
    // metric, value, previous value, change
    ['pageviews', 3, 1, 200],
    ['visitors', 2, 1, 100],
    ['visitors', 1, 3, -67],
    ['visitors', 5, 0, 100],
    ['visitors', 0, 0, 0],
    ['visit_duration', 750, 0, 100],
    ['views_per_visit', 1.5, 2, -25],
    ['bounce_rate', 50, 100, -50],
    ['bounce_rate', 42, 42, 0],
    ['bounce_rate', 100, 0, null],
    ['bounce_rate', 0, 0, null],
  ])('%s %d after %d is %j', (metric, value, before, expected) => {
    expect(change(metric, value, before)).toBe(expected);
  });
});
