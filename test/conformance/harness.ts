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
 * Where Lagom does not (yet) give Plausible's answer: case id → one-line category. Each is a
 * `test.fails`, which turns red the day the case matches, so that the list only shrinks.
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
  let env: ReplayEnv | undefined;
  let outcomes = new Map<string, Outcome>();
  const harnessErrors: string[] = [];

  beforeAll(async () => {
    // No rate limit: every event comes from 127.0.0.1, and the clock is held still. Hourly
    // rows kept for a century: the replayed days (2020, 2021) must not be rolled up into daily
    // rows under a case that asks for hours.
    const lagom = await startLagom({ LAGOM_RATE_LIMIT: '0', LAGOM_HOURLY_DAYS: '36500' });
    const browser = await launchChromium(['--host-resolver-rules=MAP * 127.0.0.1']);
    const site = await startReplaySite(lagom.url);
    env = { lagom, browser, site };
    // Only Date: timers keep running (Lagom's writer, Playwright, vitest's own timeouts).
    vi.useFakeTimers({ toFake: ['Date'] });
    const replayed = cases.filter((c) => !c.differsOnPurpose);
    outcomes = await replayAll(env, endpoint, [clock, ...replayed]);
  }, REPLAY_TIMEOUT_MS);

  afterAll(async () => {
    vi.useRealTimers();
    await env?.browser.close();
    await env?.site.close();
    await env?.lagom.stop();
  });

  /** The case's answer as Plausible's test reads it; a replay failure is a harness error. */
  const actual = (c: ConformanceCase): unknown => {
    const outcome = outcomes.get(c.id);
    if (!outcome || 'error' in outcome) {
      const why = outcome ? outcome.error : 'not replayed';
      // A harness failure must not pass as a known mismatch: the last test lists them.
      harnessErrors.push(`${c.id}: ${why}`);
      throw new Error(`${c.id} was not replayed: ${why}`);
    }
    const value = (c.pick ?? DEFAULT_PICK[endpoint])(outcome.answer);
    if (LOG) appendFileSync(LOG, `${JSON.stringify({ id: c.id, category: known[c.id] ?? null, expected: c.expected, actual: value ?? null, answer: outcome.answer })}\n`);
    return value;
  };

  test(clock.name, () => {
    const answer = actual({ ...clock, pick: (a: { results?: { pageviews: number }[] }) => a.results?.filter((r) => r.pageviews > 0) });
    expect(answer).toEqual(clock.expected);
  });

  for (const c of cases) {
    const title = `${c.id} ${c.name}`;
    if (c.differsOnPurpose) {
      test.skip(`${title} (differs on purpose: ${c.differsOnPurpose})`, () => {});
      continue;
    }
    const category = known[c.id];
    const run = () => {
      expect(actual(c)).toEqual(c.expected);
    };
    if (category) test.fails(`${title} [known mismatch: ${category}]`, run);
    else test(title, run);
  }

  test('every case was replayed without a harness error', () => {
    expect(harnessErrors).toEqual([]);
  });
}
