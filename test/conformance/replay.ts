// Replays cases: per case a fresh site, each person a browser of their own, every event at its
// own time on two clocks that agree — the browser's (Playwright's clock: the tracker's visit and
// day arithmetic) and the server's (vitest's fake Date in this process: Lagom stamps an event
// with Date.now() when it arrives, and answers "today" from it).
//
// All cases of a file are replayed together, moment by moment: at each moment that any case
// has an event, the server's clock is set to it and every event due then is played, in
// parallel across people (each person's own events in their order). That is safe because the
// cases' sites are separate and Lagom's server keeps no state about a visitor (the browser
// does); only the server's one clock orders the replay. Replaying case after case took about
// three seconds a case, most of it waiting on the browser.
import { isDeepStrictEqual } from 'node:util';
import type { Browser } from 'playwright-core';
import { vi } from 'vitest';
import type { TestLagom } from '../helpers/lagom.js';
import type { ReplaySite } from './site.js';
import { DEFAULT_NOW, epoch, type ConformanceCase, type Goal, type Params, type ReplayEvent } from './types.js';
import { Tabs, Visitor } from './visitor.js';

export interface ReplayEnv {
  lagom: TestLagom;
  browser: Browser;
  site: ReplaySite;
}

/**
 * A case's answer (or answers) with the HTTP status of each, in the order asked; or why the
 * replay could not produce it.
 */
export type Outcome = { answer: unknown; statuses: number[] } | { error: string };

/** People replayed at once; more only queue up in Chromium on a two-core machine. */
const PARALLEL = Number(process.env.LAGOM_CONFORMANCE_PARALLEL ?? 6);

/** Each case has a site of its own, so no case sees another's counters. */
export const siteOf = (c: ConformanceCase): string => `${c.id.toLowerCase()}.conformance.test`;

/**
 * A Stats API answer: the body, whatever the status (an error answer is compared like any
 * other), and the status, which tells a refusal (4xx) from a server error (5xx).
 */
export async function ask(lagom: TestLagom, endpoint: string, params: Params): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${lagom.url}/api/v1/stats/${endpoint}?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${lagom.apiKey}` },
  });
  return { status: res.status, body: await res.json() };
}

/** The case's goals, as Plausible's test configures them, made through the Sites API before the replay. */
async function addGoals(lagom: TestLagom, site: string, goals: readonly Goal[]): Promise<void> {
  for (const g of goals) {
    const goal = g.page !== undefined ? { goal_type: 'page', page_path: g.page } : { goal_type: 'event', event_name: g.event };
    const res = await fetch(`${lagom.url}/api/v1/sites/goals`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site_id: site, ...goal, display_name: g.display, currency: g.currency }),
    });
    if (res.status !== 200) throw new Error(`the goal ${JSON.stringify(g)} was refused: ${res.status} ${await res.text()}`);
  }
}

/** Runs `run` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Step {
  c: number;
  user: number;
  event: ReplayEvent;
  time: number;
}

function schedule(cases: readonly ConformanceCase[]): Step[] {
  return cases.flatMap((k, c) =>
    k.users.flatMap((u, user) => {
      const steps = u.events.map((event) => ({ c, user, event, time: epoch(event.at ?? k.now ?? DEFAULT_NOW) }));
      steps.forEach((s, i) => {
        if (i > 0 && s.time < steps[i - 1]!.time) throw new Error(`${k.id}: the events of ${u.id} are not in time order`);
      });
      return steps;
    }),
  );
}

/** Replays the cases, then asks each its question(s) with the server's today at the case's `now`. */
export async function replayAll(env: ReplayEnv, endpoint: string, cases: readonly ConformanceCase[]): Promise<Map<string, Outcome>> {
  const failed = new Map<number, string>();
  const fail = (c: number, err: unknown) => {
    if (!failed.has(c)) failed.set(c, err instanceof Error ? err.message : String(err));
  };
  await pool(cases.map((_, c) => c), PARALLEL, async (c) => {
    const k = cases[c]!;
    // The site's own script with the features Plausible's cases use: pageview props and revenue.
    const features = { tracker_script_configuration: { pageview_props: true, revenue_tracking: true }, consent: { mode: 'manual' } };
    await env.lagom
      .addSite(siteOf(k), 'UTC')
      .then(() => env.lagom.configureSite(siteOf(k), features))
      .then(() => addGoals(env.lagom, siteOf(k), k.goals ?? []))
      .catch((err: unknown) => fail(c, err));
  });
  const steps = schedule(cases);
  await play(env, cases, steps, failed, fail);
  await env.lagom.flush();
  return askAll(env, endpoint, cases, steps, failed);
}

/** Plays every step at its moment, the server's clock set to it (see the top of this file). */
async function play(
  env: ReplayEnv,
  cases: readonly ConformanceCase[],
  steps: Step[],
  failed: Map<number, string>,
  fail: (c: number, err: unknown) => void,
): Promise<void> {
  const key = (s: Step) => `${s.c}/${s.user}`;
  const last = new Map<string, number>();
  for (const s of steps) last.set(key(s), Math.max(last.get(key(s)) ?? 0, s.time));
  const visitors = new Map<string, Visitor>();
  const tabs = new Tabs(env.browser);
  try {
    for (const time of [...new Set(steps.map((s) => s.time))].sort((a, b) => a - b)) {
      vi.setSystemTime(time);
      const due = new Map<string, Step[]>();
      for (const s of steps) if (s.time === time && !failed.has(s.c)) due.set(key(s), [...(due.get(key(s)) ?? []), s]);
      await pool([...due], PARALLEL, async ([k, mine]) => {
        const { c, user } = mine[0]!;
        try {
          let visitor = visitors.get(k);
          if (!visitor) {
            visitor = await Visitor.open(tabs, cases[c]!.users[user]!, { site: siteOf(cases[c]!), port: env.site.port });
            visitors.set(k, visitor);
          }
          for (const s of mine) await visitor.play(s.event, time);
        } catch (err) {
          fail(c, err);
        }
        // A person's browser is handed on as soon as they have no more events to play.
        if (last.get(k) === time || failed.has(c)) {
          const done = visitors.get(k);
          visitors.delete(k);
          await done?.close(tabs).catch((err: unknown) => fail(c, err));
        }
      });
    }
  } finally {
    await tabs.close();
  }
}

/** Checks each case's replay and asks its question(s), grouped by the case's `now`. */
async function askAll(
  env: ReplayEnv,
  endpoint: string,
  cases: readonly ConformanceCase[],
  steps: Step[],
  failed: Map<number, string>,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const byNow = new Map<string, number[]>();
  cases.forEach((k, c) => byNow.set(k.now ?? DEFAULT_NOW, [...(byNow.get(k.now ?? DEFAULT_NOW) ?? []), c]));
  for (const [now, group] of byNow) {
    vi.setSystemTime(epoch(now));
    await pool(group, PARALLEL, async (c) => {
      const k = cases[c]!;
      try {
        if (failed.has(c)) throw new Error(failed.get(c));
        await checkCounted(env, siteOf(k), steps.filter((s) => s.c === c));
        const requests = Array.isArray(k.request) ? k.request : [k.request];
        const answers: unknown[] = [];
        const statuses: number[] = [];
        for (const r of requests) {
          const { status, body } = await ask(env.lagom, k.endpoint ?? endpoint, { site_id: siteOf(k), ...r });
          answers.push(body);
          statuses.push(status);
        }
        outcomes.set(k.id, { answer: Array.isArray(k.request) ? answers : answers[0], statuses });
      } catch (err) {
        outcomes.set(k.id, { error: err instanceof Error ? err.message : String(err) });
      }
    });
  }
  return outcomes;
}

/**
 * The replay's own check, before any comparison: Lagom took every event, and counted each on
 * the day it was played (which proves the server's clock was the replay's).
 */
async function checkCounted(env: ReplayEnv, site: string, steps: Step[]): Promise<void> {
  const problems = env.site.problems(site);
  if (problems.length) throw new Error(`Lagom did not count every event:\n${problems.join('\n')}`);
  if (!steps.length) return;
  const sent: Record<string, { events: number; pageviews: number }> = {};
  for (const s of steps) {
    const day = new Date(s.time).toISOString().slice(0, 10);
    const n = (sent[day] ??= { events: 0, pageviews: 0 });
    n.events += 1;
    if (s.event.kind === 'pageview') n.pageviews += 1;
  }
  const days = Object.keys(sent).sort();
  const { status, body } = await ask(env.lagom, 'timeseries', {
    site_id: site,
    period: 'custom',
    date: `${days[0]},${days[days.length - 1]}`,
    interval: 'date',
    metrics: 'events,pageviews',
  });
  if (status !== 200) throw new Error(`the replay's own timeseries answered ${status}: ${JSON.stringify(body)}`);
  const answer = body as { results?: { date: string; events: number; pageviews: number }[] };
  const counted: typeof sent = {};
  for (const r of answer.results ?? []) if (r.events || r.pageviews) counted[r.date] = { events: r.events, pageviews: r.pageviews };
  if (!isDeepStrictEqual(counted, sent)) {
    throw new Error(`by day, the replay sent ${JSON.stringify(sent)} and Lagom counted ${JSON.stringify(counted)}`);
  }
}
