// A conformance case is one of Plausible's own Stats API v1 tests, written as data: who did
// what and when (the events Plausible's test inserts), what was asked, and what Plausible
// answered. The harness replays the people as real browsers running Lagom's tracker and asks
// Lagom the same question. Nothing here knows about Lagom; the test files say where Lagom
// differs (their KNOWN_MISMATCHES lists).

/** Plausible's screen-size classes (its fixtures' `screen_size`). */
export type Screen = 'Desktop' | 'Laptop' | 'Tablet' | 'Mobile';

/** What Plausible's fixture says about the browser; the replay picks a user agent that says the same. */
export interface Agent {
  browser?: string;
  browserVersion?: string;
  os?: string;
  osVersion?: string;
  screen?: Screen;
}

export type UtmKey = 'source' | 'medium' | 'campaign' | 'content' | 'term';

export interface ReplayEvent {
  kind: 'pageview' | 'event';
  /** UTC, "YYYY-MM-DD HH:MM:SS" as in Plausible's tests; absent: the case's `now` */
  at?: string;
  /** the custom event's name (kind "event") */
  name?: string;
  /** absent: "/" for a pageview; for a custom event, the page the browser is on */
  pathname?: string;
  /** absent: the case's own domain */
  hostname?: string;
  /** the document's referrer (a full URL) */
  referrer?: string;
  /** Plausible's `referrer_source`: replayed as a referrer URL of that source (agents.ts) */
  source?: string;
  /** campaign parameters, sent in the page URL's query */
  utm?: Partial<Record<UtmKey, string>>;
  props?: Record<string, string>;
}

/** One person: one browser context (its own localStorage), events in order. */
export interface ReplayUser extends Agent {
  /** Plausible's user_id, or "anon" for an event without one (its own visitor) */
  id: string;
  events: ReplayEvent[];
}

/**
 * A goal as Plausible's test configures it: a custom event's (`event`) or a page path pattern's
 * (`page`), with an optional display name and, for a revenue goal, a currency. The replay makes
 * each through the Sites API (`PUT /api/v1/sites/goals`) before the case's events.
 */
export interface Goal {
  event?: string;
  page?: string;
  display?: string;
  currency?: string;
}

export type Params = Record<string, string>;

export interface ConformanceCase {
  /** the catalogue's number with the file's letter: A20, B61, T8 */
  id: string;
  /** Plausible's test name */
  name: string;
  users: ReplayUser[];
  goals?: Goal[];
  /** "now" for events without `at` and for the server's today at query time (default DEFAULT_NOW) */
  now?: string;
  /** the query (site_id is added); several for a test that asks several questions */
  request: Params | Params[];
  /** what Plausible's test asserts, verbatim */
  expected: unknown;
  /** the part of the answer (or answers) that Plausible's test asserts; default per file */
  pick?: (answer: any) => unknown;
  /** asked of another endpoint than the file's (the harness's own clock check) */
  endpoint?: string;
  /** the data holds what Lagom cannot express on purpose; the case is skipped with this reason */
  differsOnPurpose?: string;
}

/** "Now" for Plausible's tests that use the current time: fixed, so every run is the same. */
export const DEFAULT_NOW = '2024-06-15 12:00:00';

/** Milliseconds since the epoch of a "YYYY-MM-DD HH:MM:SS" UTC time. */
export const epoch = (at: string): number => {
  const ms = Date.parse(`${at.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a "YYYY-MM-DD HH:MM:SS" time: "${at}"`);
  return ms;
};

type EventFields = Omit<ReplayEvent, 'kind' | 'at' | 'name'>;

export const pv = (at?: string, fields: EventFields = {}): ReplayEvent => ({ kind: 'pageview', at, ...fields });
export const ev = (name: string, at?: string, fields: EventFields = {}): ReplayEvent => ({ kind: 'event', name, at, ...fields });

/** A person with a Plausible user_id: several events, one browser. */
export const user = (id: string | number, agent: Agent, ...events: ReplayEvent[]): ReplayUser => ({ id: String(id), ...agent, events });

/** An event without a user_id: in Plausible its own visitor, here its own browser. */
export const anon = (event: ReplayEvent, agent: Agent = {}): ReplayUser => ({ id: 'anon', ...agent, events: [event] });

/** `n` people who each do the same one thing. */
export const anons = (n: number, event: ReplayEvent, agent: Agent = {}): ReplayUser[] =>
  Array.from({ length: n }, () => anon(event, agent));
