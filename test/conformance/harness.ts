// The conformance suite of one Stats API endpoint: one Lagom and one Chromium for the file,
// then per case a fresh site, the replay, the question, and Plausible's answer compared with
// Lagom's exactly. How it works and the tally: README.md in this folder.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startLagom } from '../helpers/lagom.js';
import { replayAll, type Outcome, type ReplayEnv } from './replay.js';
import { startReplaySite } from './site.js';
import { pv, user, type ConformanceCase } from './types.js';

export type Endpoint = 'aggregate' | 'breakdown' | 'timeseries';

/**
 * Where Lagom does not (yet) give Plausible's answer: case id → one-line category. Each test
 * asserts that Lagom answers without a server error and that the answer is not Plausible's: it
 * turns red the day the case matches, so that the list only shrinks, and the day the case
 * starts failing in another way (a 5xx, a harness error) too.
 */
export type KnownMismatches = Record<string, string>;

/** The whole file's replay runs in beforeAll. */
const REPLAY_TIMEOUT_MS = 480_000;

/** Set LAGOM_CONFORMANCE_LOG to a file to get every case's expected and actual answer as JSON lines. */
const LOG = process.env.LAGOM_CONFORMANCE_LOG;

// Plausible's aggregate tests assert the answer's "results"; its breakdown and timeseries tests
// the whole body (or say otherwise in the case's `pick`).
const DEFAULT_PICK: Record<Endpoint, (answer: any) => unknown> = {
  aggregate: (answer) => answer?.results,
  breakdown: (answer) => answer,
  timeseries: (answer) => answer,
};

/** The harness's own case: two pageviews of one person in the 10 o'clock hour of 2021-01-01. */
const clockCase = (endpoint: Endpoint): ConformanceCase => ({
  id: `clock-${endpoint}`,
  name: 'the server stamps each event with the replayed time',
  endpoint: 'timeseries',
  users: [user('clock', { browser: 'Firefox', os: 'Mac' }, pv('2021-01-01 10:30:00'), pv('2021-01-01 10:59:00', { pathname: '/b' }))],
  request: { period: 'day', date: '2021-01-01', metrics: 'pageviews,visit_duration' },
  expected: [{ date: '2021-01-01 10:00:00', pageviews: 2, visit_duration: 29 * 60 }],
});

function checkLists(endpoint: Endpoint, cases: ConformanceCase[], known: KnownMismatches): void {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`${endpoint}: two cases are ${c.id}`);
    ids.add(c.id);
    if (c.differsOnPurpose && known[c.id]) throw new Error(`${endpoint}: ${c.id} differs on purpose and is a known mismatch`);
    if (Array.isArray(c.request) && !c.pick) throw new Error(`${endpoint}: ${c.id} asks several questions and needs a pick`);
  }
  for (const id of Object.keys(known)) if (!ids.has(id)) throw new Error(`${endpoint}: known mismatch ${id} is no case`);
}

export function conformanceSuite(endpoint: Endpoint, cases: ConformanceCase[], known: KnownMismatches): void {
  checkLists(endpoint, cases, known);
  const clock = clockCase(endpoint);
  const replayed = [clock, ...cases.filter((c) => !c.differsOnPurpose)];
  let outcomes = new Map<string, Outcome>();
  // Undone in reverse order in afterAll, which vitest runs even when beforeAll throws: whatever
  // set-up got as far as starting is stopped again.
  const teardown: Array<() => unknown> = [];

  beforeAll(async () => {
    // No rate limit: every event comes from 127.0.0.1, and the clock is held still. Hourly
    // rows kept for a century: the replayed days (2020, 2021) must not be rolled up into daily
    // rows under a case that asks for hours.
    const lagom = await startLagom({ LAGOM_RATE_LIMIT: '0', LAGOM_HOURLY_DAYS: '36500' });
    teardown.push(() => lagom.stop());
    const browser = await launchChromium(['--host-resolver-rules=MAP * 127.0.0.1']);
    teardown.push(() => browser.close());
    const site = await startReplaySite(lagom.url);
    teardown.push(() => site.close());
    const env: ReplayEnv = { lagom, browser, site };
    // Only Date: timers keep running (Lagom's writer, Playwright, vitest's own timeouts).
    vi.useFakeTimers({ toFake: ['Date'] });
    teardown.push(() => vi.useRealTimers());
    outcomes = await replayAll(env, endpoint, replayed);
  }, REPLAY_TIMEOUT_MS);

  afterAll(async () => {
    // Every step runs even if one before it throws; the first failure is reported.
    const failures: unknown[] = [];
    for (const undo of teardown.splice(0).reverse()) {
      try {
        await undo();
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  });

  /**
   * The case's answer as Plausible's test reads it, and the status of every question asked; a
   * replay failure is a harness error (the last test lists them all).
   */
  const actual = (c: ConformanceCase): { value: unknown; statuses: number[] } => {
    const outcome = outcomes.get(c.id);
    if (!outcome || 'error' in outcome) throw new Error(`${c.id} was not replayed: ${outcome ? outcome.error : 'not replayed'}`);
    const value = (c.pick ?? DEFAULT_PICK[endpoint])(outcome.answer);
    if (LOG) appendFileSync(LOG, `${JSON.stringify({ id: c.id, category: known[c.id] ?? null, expected: c.expected, actual: value ?? null, statuses: outcome.statuses, answer: outcome.answer })}\n`);
    return { value, statuses: outcome.statuses };
  };
  /** Plausible's cases all expect an answer; a refusal (4xx) can be a known mismatch, a 5xx never. */
  const noServerError = (c: ConformanceCase, statuses: number[]) => {
    expect(statuses.filter((s) => s >= 500), `${c.id}: server errors`).toEqual([]);
  };

  test(clock.name, () => {
    const { value, statuses } = actual({ ...clock, pick: (a: { results?: { pageviews: number }[] }) => a.results?.filter((r) => r.pageviews > 0) });
    expect(statuses).toEqual([200]);
    expect(value).toEqual(clock.expected);
  });

  for (const c of cases) {
    const title = `${c.id} ${c.name}`;
    if (c.differsOnPurpose) {
      test.skip(`${title} (differs on purpose: ${c.differsOnPurpose})`, () => {});
      continue;
    }
    const category = known[c.id];
    if (category) {
      test(`${title} [known mismatch: ${category}]`, () => {
        const { value, statuses } = actual(c);
        noServerError(c, statuses);
        // Fixed? Then delete the case's line from the file's KNOWN_MISMATCHES.
        expect(value, `${c.id} now gives Plausible's answer`).not.toEqual(c.expected);
      });
    } else {
      test(title, () => {
        const { value, statuses } = actual(c);
        noServerError(c, statuses);
        expect(value).toEqual(c.expected);
      });
    }
  }

  // Read from the outcomes, not from the tests above: it holds whichever tests ran before it.
  test('every case was replayed without a harness error', () => {
    const errors = replayed.flatMap((c) => {
      const outcome = outcomes.get(c.id);
      if (!outcome) return [`${c.id}: not replayed`];
      return 'error' in outcome ? [`${c.id}: ${outcome.error}`] : [];
    });
    expect(errors).toEqual([]);
  });
}
